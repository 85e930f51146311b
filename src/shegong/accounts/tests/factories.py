"""factory_boy factories for users of every role."""

import factory

from shegong.accounts.models import Role, User

TEST_PASSWORD = "Shegong-Test-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"测试用户{n}")
    role = Role.SOCIAL_WORKER
    is_active = True
    password = factory.django.Password(TEST_PASSWORD)
