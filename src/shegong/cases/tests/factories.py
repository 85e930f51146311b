"""factory_boy factories and helpers for case management."""

import datetime

import factory

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.cases import services
from shegong.cases.models import Case, CaseStep, Household, HouseholdCategory
from shegong.procurement.domains import ServiceDomain, ServiceType
from shegong.workforce.tests.factories import make_id_number

LIXIA_VILLAGE = "370102001002"  # 解放桥社区居民委员会
LICHENG_VILLAGE = "370112001001"


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    address = factory.Sequence(lambda n: f"解放路{n}号")
    categories = factory.LazyFunction(lambda: [HouseholdCategory.DIBAO])
    assigned_worker = factory.SubFactory(UserFactory, role=Role.SOCIAL_WORKER)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    household = factory.SubFactory(HouseholdFactory)
    title = factory.Sequence(lambda n: f"事项{n}")
    identification = "社区网格员入户走访发现"
    service_type = ServiceType.POVERTY_RELIEF
    domain = ServiceDomain.SOCIAL_ASSISTANCE
    step = CaseStep.IDENTIFY
    opened_on = datetime.date(2026, 1, 5)


def adult_id(n: int = 0, *, area: str = "370102") -> str:
    return make_id_number(n, area=area, born=datetime.date(1985, 5, 1) + datetime.timedelta(days=n))


def minor_id(n: int = 0, *, area: str = "370102") -> str:
    return make_id_number(n, area=area, born=datetime.date(2016, 3, 1) + datetime.timedelta(days=n))


def add_member(household, *, name="张三", number=None, relation="head", health_notes="", n=0):
    """Add a member through the service (no actor: the fixture stands in for an officer)."""
    return services.member_add(
        actor=None,
        household=household,
        name=name,
        relation=relation,
        id_number=number or adult_id(n),
        health_notes=health_notes,
    )
