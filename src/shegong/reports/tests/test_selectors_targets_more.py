"""More policy targets from a known data set as of a chosen date (SM-02, SM-04, SM-05, SM-13, SZ-15d)."""

import datetime

import pytest
from django.utils import translation

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.geo.tests.factories import make_tree
from shegong.organizations.models import OrganizationKind
from shegong.organizations.tests.factories import OrganizationFactory
from shegong.reports import selectors
from shegong.stations.models import PilotLevel, PilotSite, TrainingBase
from shegong.stations.tests.factories import ServicePointFactory, StationFactory, StationStaffFactory
from shegong.workforce.models import CertificateLevel
from shegong.workforce.tests.factories import CertificateFactory, PractitionerFactory

pytestmark = pytest.mark.django_db
d = datetime.date

SANMING_TREE = {
    "35": "福建省",
    "3504": "三明市",
    "350404": "三元区",
    "350404001": "列东街道",
    "350404001001": "列东社区居民委员会",
    "350404001002": "江滨社区居民委员会",
    "350404001003": "富华社区居民委员会",
    "350404001201": "岩前村民委员会",
    "350405": "沙县区",
    "350421": "明溪县",
}


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def sanming():
    return make_tree(SANMING_TREE)


@pytest.fixture
def officer(sanming):
    return UserFactory(role=Role.CITY_OFFICER, division=sanming["3504"])


def _figures(function, officer, on):
    return [(f.label, f.actual, f.goal, f.met) for f in function(viewer=officer, as_of=on)]


def test_sm02_counts_counties_with_a_base_designated_and_not_closed(sanming, officer):
    TrainingBase.objects.create(division=sanming["350404"], name="三元区基地", designated_on=d(2014, 5, 1))
    TrainingBase.objects.create(
        division=sanming["350405"], name="沙县基地", designated_on=d(2014, 5, 1), closed_on=d(2016, 1, 1)
    )
    for n in range(3):
        TrainingBase.objects.create(
            division=sanming["350421"], name=f"明溪基地{n}", designated_on=d(2015, 1, 1)
        )

    before = selectors.sanming_training_base_target(viewer=officer, as_of=d(2014, 4, 30))
    assert [(f.actual, f.goal, f.deadline) for f in before] == [(0, 3, None)]
    assert _figures(selectors.sanming_training_base_target, officer, d(2015, 12, 31)) == [
        ("三明市有培训基地的县（市、区）", 3, 3, True)
    ]
    after = selectors.sanming_training_base_target(viewer=officer, as_of=d(2016, 1, 1))
    assert [(f.actual, f.note) for f in after] == [(2, "1 个县（市、区）的基地多于 2 个。")]


def _certified(town, issued_on):
    practitioner = PractitionerFactory(division=town)
    CertificateFactory(practitioner=practitioner, level=CertificateLevel.ASSISTANT, issued_on=issued_on)
    return practitioner


def test_sm04_counts_urban_communities_served_by_a_certified_worker(sanming, officer):
    town = sanming["350404001"]
    station = StationFactory(division=town, opened_on=d(2014, 1, 1))
    point = ServicePointFactory(station=station, opened_on=d(2014, 1, 1))
    point.villages.set([sanming["350404001001"], sanming["350404001201"]])
    # Certified on 2015-06-01, on the point serving 列东社区 (and a village, which is not urban).
    StationStaffFactory(
        station=station,
        service_point=point,
        practitioner=_certified(town, d(2015, 6, 1)),
        on_post_from=d(2014, 1, 1),
    )
    # Uncertified worker at the town station: counts for no community.
    StationStaffFactory(
        station=station, practitioner=PractitionerFactory(division=town), on_post_from=d(2014, 1, 1)
    )
    # Certified worker of the town station without a point, on post until 2015-12-31: every community of the town.
    StationStaffFactory(
        station=station,
        practitioner=_certified(town, d(2013, 1, 1)),
        on_post_from=d(2015, 7, 1),
        left_on=d(2015, 12, 31),
    )

    label = "三明市有持证社会工作者的城市社区"
    assert _figures(selectors.sanming_urban_community_target, officer, d(2015, 5, 31)) == [
        (label, 0, 3, False)
    ]
    assert _figures(selectors.sanming_urban_community_target, officer, d(2015, 6, 1)) == [
        (label, 1, 3, False)
    ]
    assert _figures(selectors.sanming_urban_community_target, officer, d(2015, 12, 31)) == [
        (label, 3, 3, True)
    ]
    assert _figures(selectors.sanming_urban_community_target, officer, d(2016, 1, 1)) == [
        (label, 1, 3, False)
    ]


def test_sm05_counts_public_interest_organisations_registered_and_not_revoked(sanming, officer):
    district = sanming["350404"]
    for _n in range(11):
        OrganizationFactory(division=district, registered_on=d(2014, 1, 1))
    OrganizationFactory(
        division=district,
        registered_on=d(2015, 12, 31),
        kind=OrganizationKind.FOUNDATION,
        public_interest=True,
    )
    OrganizationFactory(division=district, registered_on=d(2014, 1, 1), kind=OrganizationKind.ENTERPRISE)
    OrganizationFactory(division=district, registered_on=d(2014, 1, 1), revoked_on=d(2015, 6, 1))

    label = "三明市公益类社会组织和民办社会工作服务机构"
    assert _figures(selectors.sanming_organization_target, officer, d(2015, 5, 31)) == [(label, 12, 12, True)]
    assert _figures(selectors.sanming_organization_target, officer, d(2015, 12, 30)) == [
        (label, 11, 12, False)
    ]
    assert _figures(selectors.sanming_organization_target, officer, d(2015, 12, 31)) == [
        (label, 12, 12, True)
    ]


def test_sm13_counts_pilot_sites_by_level_designated_by_the_day(sanming, officer):
    PilotSite.objects.create(
        division=sanming["3504"], level=PilotLevel.PROVINCIAL, name="省级试点", designated_on=d(2014, 3, 1)
    )
    for n, day in enumerate((d(2014, 1, 1), d(2015, 6, 1), d(2016, 1, 1))):
        PilotSite.objects.create(
            division=sanming["350404"], level=PilotLevel.MUNICIPAL, name=f"市级试点{n}", designated_on=day
        )

    assert _figures(selectors.sanming_pilot_target, officer, d(2015, 12, 31)) == [
        ("三明市省级试点", 1, 1, True),
        ("三明市市级试点", 2, 3, False),
    ]
    assert [f.actual for f in selectors.sanming_pilot_target(viewer=officer, as_of=d(2016, 1, 1))] == [1, 3]


def test_sm_targets_show_on_the_sanming_dashboard_only(sanming, officer, jinan_officer):
    on = d(2015, 12, 31)

    ids = {f.spec_id for f in selectors.dashboard_targets(viewer=officer, as_of=on)}
    assert {"SM-01", "SM-02", "SM-04", "SM-05", "SM-13"} <= ids
    assert not {f.spec_id for f in selectors.dashboard_targets(viewer=jinan_officer, as_of=on)} & ids


def test_sz15d_counts_weeding_out_candidates_with_no_one_left_as_the_goal(divisions):
    from shegong.organizations.selectors import weeding_out_candidates

    officer = UserFactory(role=Role.CITY_OFFICER, division=divisions["4403"])
    OrganizationFactory(division=divisions["440304"], registered_on=d(2019, 1, 1))
    on = d(2022, 6, 30)

    figures = selectors.shenzhen_weeding_target(viewer=officer, as_of=on)

    assert len(figures) == 1
    figure = figures[0]
    assert figure.actual == len(weeding_out_candidates(viewer=officer, as_of=on)) == 1
    assert (figure.goal, figure.met, figure.at_most, figure.deadline) == (0, False, True, d(2025, 11, 11))
    assert figure.url == "/organizations/weeding-out/?as_of=2022-06-30"
