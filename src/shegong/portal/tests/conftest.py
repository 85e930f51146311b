"""Demo-like data for the portal tests: public records next to private ones that must never show."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache

from shegong.organizations.models import PayDisclosure
from shegong.organizations.tests.factories import OrganizationFactory
from shegong.stations.models import StationKind
from shegong.stations.tests.factories import ServicePointFactory, StationFactory, StationStaffFactory
from shegong.workforce.models import Disclosure
from shegong.workforce.tests.factories import (
    ComplaintFactory,
    DisciplinaryDecisionFactory,
    PractitionerFactory,
    make_id_number,
)

D = datetime.date
PRIVATE_SUMMARY = "服务对象李某某低保户家住历山路"
UNPUBLISHED_TEXT = "尚未公开的处分说明"
PHONES = ["13812345678", "13987654321"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters and used challenges live in the cache: start every test without them."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def public_data(divisions):
    """Two stations with staff, a published and an unpublished sanction, pay disclosures, a private complaint."""
    provider = OrganizationFactory(name="历下区阳光社工中心", division=divisions["370102"])
    lixia = StationFactory(
        name="解放路街道社会工作服务站",
        division=divisions["370102001"],
        provider=provider,
        address="解放路88号便民服务中心二楼",
        opening_hours="周一至周五 9:00-17:00",
        services="老年人关爱\n困境儿童帮扶",
    )
    licheng = StationFactory(name="山大路街道社会工作服务站", division=divisions["370112001"])
    hub = StationFactory(
        name="历下区社会工作服务总站", kind=StationKind.DISTRICT_HUB, division=divisions["370102"]
    )
    ServicePointFactory(station=lixia, villages=[divisions["370102001002"]])
    zhang = PractitionerFactory(
        name="张晓明",
        division=divisions["370102"],
        employer=provider,
        phone=PHONES[0],
        id_number=make_id_number(1, area="370102"),
    )
    wang = PractitionerFactory(
        name="王丽",
        division=divisions["370112"],
        phone=PHONES[1],
        id_number=make_id_number(2, area="370112"),
    )
    StationStaffFactory(station=lixia, practitioner=zhang)
    StationStaffFactory(station=licheng, practitioner=wang)
    StationStaffFactory(station=licheng, name="离岗社工", left_on=D(2022, 1, 1))
    ComplaintFactory(practitioner=zhang, summary=PRIVATE_SUMMARY)
    published = DisciplinaryDecisionFactory(practitioner=zhang, decided_on=D(2023, 4, 1))
    Disclosure.objects.create(
        decision=published, published_on=D(2023, 4, 10), public_text="张晓明违反职业伦理，予以警告。"
    )
    hidden = DisciplinaryDecisionFactory(practitioner=wang, decided_on=D(2023, 5, 1))
    Disclosure.objects.create(decision=hidden, published_on=D(2999, 1, 1), public_text=UNPUBLISHED_TEXT)
    totals = {
        "paid_directors_total": Decimal("0"),
        "executives_total": Decimal("486000"),
        "managers_total": Decimal("1230000.50"),
    }
    PayDisclosure.objects.create(
        organization=provider,
        year=2022,
        pay_policy="按岗位等级确定薪酬。",
        published_on=D(2023, 3, 1),
        **totals,
    )
    draft = OrganizationFactory(name="未公开机构", division=divisions["370112"])
    PayDisclosure.objects.create(organization=draft, year=2022, pay_policy="草稿", **totals)
    return {
        "lixia": lixia,
        "licheng": licheng,
        "hub": hub,
        "zhang": zhang,
        "wang": wang,
        "provider": provider,
    }
