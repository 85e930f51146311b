"""Policy targets computed from a known data set as of a chosen date (SM-01, JN-01, HZ-01)."""

import datetime

import pytest

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.geo.tests.factories import make_tree
from shegong.reports import selectors
from shegong.stations.tests.factories import ServicePointFactory, StationFactory
from shegong.workforce.models import CertificateLevel, FilingState, FilingTransition
from shegong.workforce.tests.factories import CertificateFactory, PractitionerFactory

SANMING_TREE = {"35": "福建省", "3504": "三明市", "350404": "三元区", "350404001": "列东街道"}
HUIZHOU_TREE = {
    "44": "广东省",
    "4413": "惠州市",
    "441302": "惠城区",
    "441302001": "桥东街道",
    "441302001001": "东新社区居民委员会",
    "441302001002": "新岸社区居民委员会",
    "441302002": "桥西街道",
}

pytestmark = pytest.mark.django_db


def _practitioner(town, filed_since, *certificates):
    practitioner = PractitionerFactory(division=town, filed_since=filed_since)
    for level, issued_on in certificates:
        CertificateFactory(practitioner=practitioner, level=level, issued_on=issued_on)
    return practitioner


@pytest.fixture
def sanming(divisions):
    """Seven practitioners whose register and certificates change around both deadlines."""
    town = make_tree(SANMING_TREE)["350404001"]
    d = datetime.date
    _practitioner(
        town,
        d(2014, 3, 1),
        (CertificateLevel.INTERMEDIATE, d(2014, 6, 1)),
        (CertificateLevel.SENIOR, d(2019, 5, 1)),
    )
    _practitioner(town, d(2015, 12, 31), (CertificateLevel.INTERMEDIATE, d(2016, 1, 1)))
    _practitioner(town, d(2016, 1, 1))  # filed the day after the 2015 deadline
    _practitioner(town, None, (CertificateLevel.INTERMEDIATE, d(2014, 1, 1)))  # applied, never filed
    left = _practitioner(town, d(2014, 1, 1), (CertificateLevel.SENIOR, d(2014, 1, 1)))
    FilingTransition.objects.create(
        practitioner=left,
        from_state=FilingState.FILED,
        to_state=FilingState.DEREGISTERED,
        effective_on=d(2018, 1, 1),
    )
    suspended = _practitioner(town, d(2014, 1, 1))
    FilingTransition.objects.create(
        practitioner=suspended,
        from_state=FilingState.FILED,
        to_state=FilingState.SUSPENDED,
        effective_on=d(2017, 1, 1),
    )
    # Outside Sanming: never counted.
    _practitioner(divisions["370102001"], d(2014, 1, 1), (CertificateLevel.SENIOR, d(2014, 1, 1)))


def _figures(targets):
    return [(t.spec_id, t.label, t.actual, t.goal, t.deadline, t.clause) for t in targets]


def test_sanming_targets_on_the_2015_deadline(sanming, system_admin):
    targets = selectors.sanming_workforce_targets(viewer=system_admin, as_of=datetime.date(2015, 12, 31))

    assert _figures(targets) == [
        ("SM-01", "社会工作专业人才", 4, 1000, datetime.date(2015, 12, 31), "一(1)"),
        ("SM-01", "中级社会工作专业人才", 1, 150, datetime.date(2015, 12, 31), "一(1)"),
        ("SM-01", "社会工作专业人才", 4, 5000, datetime.date(2020, 12, 31), "一(2)"),
        ("SM-01", "中级社会工作专业人才", 1, 500, datetime.date(2020, 12, 31), "一(2)"),
        ("SM-01", "高级社会工作专业人才", 1, 20, datetime.date(2020, 12, 31), "一(2)"),
    ]


def test_sanming_targets_count_the_register_of_the_chosen_day(sanming, system_admin):
    counts = selectors.workforce_counts(viewer=system_admin, within="3504", as_of=datetime.date(2020, 12, 31))

    # Filed 2015-12-31 and 2016-01-01 now counted; the deregistered one no longer; suspended still.
    assert counts == {"professionals": 4, "intermediate": 2, "senior": 1}


def test_sanming_targets_before_the_measures_existed_are_empty(sanming, system_admin):
    assert selectors.sanming_workforce_targets(viewer=system_admin, as_of=datetime.date(2013, 4, 8)) == []


def test_sanming_counts_cost_one_query(sanming, system_admin, django_assert_num_queries):
    with django_assert_num_queries(1):
        selectors.workforce_counts(viewer=system_admin, within="3504", as_of=datetime.date(2020, 12, 31))


def test_sanming_figure_links_to_the_practitioner_list(sanming, system_admin):
    targets = selectors.sanming_workforce_targets(viewer=system_admin, as_of=datetime.date(2020, 12, 31))

    assert targets[-1].url == "/workforce/?within=3504&level=senior&state=filed"


@pytest.fixture
def jinan_stations(divisions):
    StationFactory(division=divisions["370102001"], opened_on=datetime.date(2021, 12, 31))
    StationFactory(division=divisions["370112001"], opened_on=datetime.date(2022, 1, 1))


@pytest.mark.parametrize(("as_of", "with_station"), [("2021-12-31", 1), ("2022-01-01", 2), ("2021-12-30", 0)])
def test_jinan_station_target_counts_stations_opened_by_the_day(
    jinan_stations, jinan_officer, as_of, with_station
):
    targets = selectors.jinan_station_target(viewer=jinan_officer, as_of=datetime.date.fromisoformat(as_of))

    assert _figures(targets) == [
        ("JN-01", "济南市建有社工站的街道（镇）", with_station, 2, datetime.date(2021, 12, 31), "一(三)")
    ]
    assert targets[0].note == "规划数为 161 个，区划数据中为 2 个。"


def test_jinan_target_is_not_shown_to_a_district_officer(jinan_stations, lixia_officer):
    assert selectors.dashboard_targets(viewer=lixia_officer, as_of=datetime.date(2022, 6, 1)) == []


def test_huizhou_targets_count_towns_and_villages(db, system_admin):
    tree = make_tree(HUIZHOU_TREE)
    station = StationFactory(division=tree["441302001"], opened_on=datetime.date(2021, 6, 1))
    ServicePointFactory(station=station, opened_on=datetime.date(2022, 3, 1), villages=[tree["441302001001"]])

    before = selectors.huizhou_station_target(viewer=system_admin, as_of=datetime.date(2022, 2, 28))
    after = selectors.huizhou_station_target(viewer=system_admin, as_of=datetime.date(2022, 3, 1))

    assert _figures(before) == [
        ("HZ-01", "惠州市建有社工站的乡镇（街道）", 1, 2, datetime.date(2021, 12, 31), "三"),
        ("HZ-01", "惠州市由社工点服务的村（居）", 0, 2, datetime.date(2022, 12, 31), "三"),
    ]
    assert [t.actual for t in after] == [1, 1]
    assert before[0].note == "规划数为 72 个，区划数据中为 2 个。"


def test_city_officer_sees_only_the_targets_of_their_city(jinan_stations, sanming):
    officer = UserFactory(role=Role.CITY_OFFICER, division=make_tree(SANMING_TREE)["3504"])

    targets = selectors.dashboard_targets(viewer=officer, as_of=datetime.date(2022, 6, 1))

    assert {t.spec_id for t in targets} == {"SM-01", "SM-02", "SM-04", "SM-05", "SM-13"}
