"""Authentication backend: demo accounts sign in only when SHEGONG_ENV=dev."""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend


def demo_passwords_allowed() -> bool:
    return bool(getattr(settings, "DEMO_PASSWORDS_ALLOWED", False))


def is_refused_demo_account(username: str) -> bool:
    """Return whether ``username`` is a demo account that may not sign in here."""
    from .models import User

    return (
        bool(username)
        and not demo_passwords_allowed()
        and User.objects.filter(username=username, is_demo=True).exists()
    )


class ShegongModelBackend(ModelBackend):
    def user_can_authenticate(self, user) -> bool:
        if getattr(user, "is_demo", False) and not demo_passwords_allowed():
            return False
        return super().user_can_authenticate(user)
