"""factory_boy factories for organisations."""

import factory
from stdnum.cn import uscc

from shegong.organizations.models import Organization, OrganizationKind


def valid_uscc(n: int) -> str:
    """Return a valid unified social credit code (check digit computed by python-stdnum)."""
    body = f"5137010{n:010d}"[:17]
    return body + uscc.calc_check_digit(body)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"测试社会工作服务中心{n}")
    uscc = factory.Sequence(valid_uscc)
    kind = OrganizationKind.SOCIAL_WORK_AGENCY
