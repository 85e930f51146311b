"""Rules of the station network at their boundaries: JN-04, JN-07, JN-12, HZ-03, HZ-07, HZ-10."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shegong.geo.models import Division, DivisionLevel
from shegong.policy.engine import RuleResult, evaluate_rule, get_rule
from shegong.policy.scanning import rows_for
from shegong.stations.models import Employer, ServicePoint, StaffRole, Station, StationStaff
from shegong.stations.tests.factories import (
    ServiceHoursFactory,
    ServicePointFactory,
    StationFactory,
    StationStaffFactory,
)
from shegong.workforce.models import EducationLevel, TrainingKind
from shegong.workforce.tests.factories import (
    CertificateFactory,
    PractitionerFactory,
    TrainingRecordFactory,
    make_id_number,
)

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2022, 6, 15)  # a Wednesday
JIEFANGLU = "370102001"
QIAODONG = "441302001"
QIAODONG_VILLAGES = [f"441302001{n:03d}" for n in range(1, 6)]
_serial = iter(range(100, 100_000))


def violations(spec_id, as_of=AS_OF):
    return evaluate_rule(get_rule(spec_id), as_of=as_of).violations


def explanation(spec_id, violation, language="zh-hans"):
    [row] = rows_for(RuleResult(rule=get_rule(spec_id), in_force=True, violations=[violation], checked=None))
    return row.explanation_zh if language == "zh-hans" else row.explanation_en


def practitioner(
    division, *, born=None, age=30, education=EducationLevel.BACHELOR, certified=False, major=False
):
    born = born or AS_OF.replace(year=AS_OF.year - age)
    person = PractitionerFactory(
        division=division,
        id_number=make_id_number(next(_serial), area="370102", born=born),
        education_level=education,
        major_is_social_work=major,
    )
    if certified:
        CertificateFactory(practitioner=person, issued_on=datetime.date(2020, 6, 1))
    return person


def staff(station, role=StaffRole.RESIDENT_WORKER, **person):
    return StationStaffFactory(
        station=station, role=role, practitioner=practitioner(station.division, **person)
    )


@pytest.fixture
def jn_station(divisions):
    return StationFactory(division=divisions[JIEFANGLU], opened_on=datetime.date(2021, 3, 1))


# JN-04 ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qualifications", "fires"),
    [
        ([{"certified": True}, {"certified": True}, {}], False),  # 2 of 3: exactly two thirds
        ([{"certified": True}, {"major": True}, {}], False),  # a related degree counts
        ([{"certified": True}, {}, {}], True),  # 1 of 3
        ([{"certified": True}, {"certified": True}, {}, {}], True),  # 2 of 4
        ([{"certified": True}, {"certified": True}, {"major": True}, {}], False),  # 3 of 4
    ],
)
def test_two_thirds_of_station_staff_are_qualified(jn_station, qualifications, fires):
    for person in qualifications:
        staff(jn_station, **person)

    assert bool(violations("JN-04")) is fires


@pytest.mark.parametrize(("count", "fires"), [(3, False), (2, True)])
def test_a_station_has_at_least_three_staff(jn_station, count, fires):
    for _ in range(count):
        staff(jn_station, certified=True)

    assert bool(violations("JN-04")) is fires


@pytest.mark.parametrize(
    ("born", "fires"),
    [
        (datetime.date(1982, 6, 15), False),  # exactly 40 on the as-of date: 40周岁以下 includes 40
        (datetime.date(1981, 6, 16), False),  # turns 41 the day after
        (datetime.date(1981, 6, 15), True),  # turns 41 on the as-of date
    ],
)
def test_station_staff_are_aged_40_or_under(jn_station, born, fires):
    staff(jn_station, certified=True, born=born)
    staff(jn_station, certified=True)
    staff(jn_station, certified=True)

    assert bool(violations("JN-04")) is fires


@pytest.mark.parametrize(
    ("education", "fires"),
    [(EducationLevel.JUNIOR_COLLEGE, False), (EducationLevel.SECONDARY, True), ("", True)],
)
def test_station_staff_have_college_education_or_above(jn_station, education, fires):
    staff(jn_station, certified=True, education=education)
    staff(jn_station, certified=True)
    staff(jn_station, certified=True)

    assert bool(violations("JN-04")) is fires


def test_town_leaders_heading_the_station_and_staff_who_left_do_not_count(jn_station):
    for _ in range(3):
        staff(jn_station, certified=True)
    StationStaffFactory(station=jn_station, role=StaffRole.HEAD, name="街道副主任")  # not in the registry
    leaver = staff(jn_station, age=55)
    leaver.left_on = datetime.date(2022, 6, 14)
    leaver.save()

    assert violations("JN-04") == []


def test_an_unregistered_resident_worker_is_a_finding_explained_in_chinese(jn_station):
    staff(jn_station)
    staff(jn_station, certified=True, age=41)
    StationStaffFactory(station=jn_station, name="赵六")

    [violation] = violations("JN-04")

    assert violation.subject == jn_station
    assert violation.threshold == "staff>=3; age<=40; qualified>=2/3"
    text = explanation("JN-04", violation)
    assert "年龄超过40周岁" in text
    assert "赵六未在社工人员库登记（年龄、学历和资质无法核实）" in text
    assert "3名人员中1名具备社会工作专业资质，低于2/3" in text
    assert text.endswith("不符合《济南市街道(镇)社会工作服务站建设实施方案》三（二）的规定。")


def test_jinan_rules_apply_from_the_day_the_plan_is_known(divisions):
    station = StationFactory(division=divisions[JIEFANGLU], opened_on=datetime.date(2021, 1, 4))

    assert violations("JN-04", as_of=datetime.date(2021, 2, 3)) == []
    assert [v.subject for v in violations("JN-04", as_of=datetime.date(2021, 2, 4))] == [station]


def test_a_station_not_yet_open_is_not_checked(divisions):
    StationFactory(division=divisions[JIEFANGLU], opened_on=datetime.date(2022, 6, 16))

    assert violations("JN-04") == []


# JN-12 ----------------------------------------------------------------------------------------------


def contracted_station(divisions, *, on_post=datetime.date(2021, 4, 15), trained=datetime.date(2021, 4, 1)):
    from shegong.organizations.tests.factories import OrganizationFactory

    station = StationFactory(
        division=divisions[JIEFANGLU],
        provider=OrganizationFactory(division=divisions["370102"]),
        service_contract_signed_on=datetime.date(2021, 3, 15),
    )
    for day, trained_on in [
        (on_post, trained),
        (datetime.date(2021, 4, 1),) * 2,
        (datetime.date(2021, 4, 1),) * 2,
    ]:
        member = staff(station, certified=True)
        member.on_post_from = day
        member.save()
        TrainingRecordFactory(practitioner=member.practitioner, kind=TrainingKind.PRE_JOB, held_on=trained_on)
    return station


@pytest.mark.parametrize(
    ("on_post", "trained", "fires"),
    [
        (
            datetime.date(2021, 4, 15),
            datetime.date(2021, 4, 1),
            False,
        ),  # on post on the last day of the month
        (datetime.date(2021, 4, 16), datetime.date(2021, 4, 1), True),  # one day late
        (datetime.date(2021, 4, 1), datetime.date(2021, 4, 15), False),  # trained by the deadline
        (datetime.date(2021, 4, 1), datetime.date(2021, 4, 16), True),  # trained after it
    ],
)
def test_trained_staff_are_on_post_within_a_month_of_the_contract(divisions, on_post, trained, fires):
    contracted_station(divisions, on_post=on_post, trained=trained)

    assert bool(violations("JN-12", as_of=datetime.date(2021, 5, 1))) is fires


def test_staff_on_post_is_checked_only_after_the_month_has_passed(divisions):
    contracted_station(divisions, on_post=datetime.date(2021, 4, 20))

    assert violations("JN-12", as_of=datetime.date(2021, 4, 15)) == []
    [violation] = violations("JN-12", as_of=datetime.date(2021, 4, 16))
    assert (violation.measured, violation.threshold) == (2, 3)
    assert explanation("JN-12", violation) == (
        "服务合同于2021-03-15签订，至2021-04-15仅有2名经培训合格的社工到岗，应为3名，"
        "不符合《济南市街道(镇)社会工作服务站建设实施方案》四（四）的规定。"
    )


# JN-07 ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("hours", "fires"), [(Decimal("24"), False), (Decimal("23.5"), True), (None, True)])
def test_station_staff_serve_24_hours_a_week_in_communities(jn_station, hours, fires):
    member = staff(jn_station)
    if hours is not None:
        ServiceHoursFactory(staff=member, week_start=datetime.date(2022, 6, 6), hours=hours)

    found = violations("JN-07")  # 2022-06-15 checks the week of Monday 2022-06-06

    assert bool(found) is fires
    if fires:
        assert found[0].measured == (hours or Decimal("0"))


@pytest.mark.parametrize(
    ("on_post_from", "left_on", "checked"),
    [
        (datetime.date(2022, 6, 6), None, True),
        (datetime.date(2022, 6, 7), None, False),  # started during the week
        (datetime.date(2021, 3, 1), datetime.date(2022, 6, 12), True),  # left on the Sunday
        (datetime.date(2021, 3, 1), datetime.date(2022, 6, 11), False),  # left during the week
    ],
)
def test_only_staff_on_post_the_whole_week_are_checked(jn_station, on_post_from, left_on, checked):
    StationStaffFactory(station=jn_station, on_post_from=on_post_from, left_on=left_on)

    assert bool(violations("JN-07")) is checked


def test_weekly_hours_explained_in_chinese(jn_station):
    member = StationStaffFactory(station=jn_station, name="韩雪")
    ServiceHoursFactory(staff=member, week_start=datetime.date(2022, 6, 6), hours=Decimal("20.5"))

    [violation] = violations("JN-07")

    assert explanation("JN-07", violation) == (
        "韩雪在2022-06-06当周在社区（村）服务20.5小时，少于《济南市街道(镇)社会工作服务站建设实施方案》"
        "三（五）规定的每周24小时。"
    )


# HZ-07 ----------------------------------------------------------------------------------------------


@pytest.fixture
def hz_station(huizhou):
    return StationFactory(division=huizhou[QIAODONG], opened_on=datetime.date(2021, 7, 1))


def staffed(
    station,
    huizhou,
    *,
    affairs=(StaffRole.DEPUTY_HEAD, StaffRole.AFFAIRS_WORKER, StaffRole.DISABILITY_COMMISSIONER),
    workers=(3, 2),
):
    for role in affairs:
        StationStaffFactory(station=station, role=role, name=role.label)
    villages = iter(QIAODONG_VILLAGES)
    for index, count in enumerate(workers):
        point = ServicePointFactory(
            station=station,
            name=f"社工点{index}",
            villages=[huizhou[next(villages)] for _ in range(min(count, 3))],
        )
        for n in range(count):
            StationStaffFactory(
                station=station, role=StaffRole.POINT_WORKER, service_point=point, name=f"社工{index}{n}"
            )


@pytest.mark.parametrize(
    ("affairs", "workers", "fires"),
    [
        ((StaffRole.DEPUTY_HEAD, StaffRole.AFFAIRS_WORKER, StaffRole.DISABILITY_COMMISSIONER), (3, 2), False),
        ((StaffRole.DEPUTY_HEAD, StaffRole.AFFAIRS_WORKER), (3, 2), True),  # 2 affairs posts
        (
            (StaffRole.DEPUTY_HEAD, StaffRole.AFFAIRS_WORKER, StaffRole.AFFAIRS_WORKER),
            (3, 2),
            True,
        ),  # no commissioner
        (
            (StaffRole.DEPUTY_HEAD, StaffRole.AFFAIRS_WORKER, StaffRole.DISABILITY_COMMISSIONER),
            (3, 1),
            True,
        ),  # 4 < 5
        (
            (StaffRole.DEPUTY_HEAD, StaffRole.AFFAIRS_WORKER, StaffRole.DISABILITY_COMMISSIONER),
            (5, 0),
            True,
        ),  # empty
    ],
)
def test_affairs_posts_and_service_posts_per_village(hz_station, huizhou, affairs, workers, fires):
    staffed(hz_station, huizhou, affairs=affairs, workers=workers)

    assert bool(violations("HZ-07")) is fires


def test_service_posts_are_counted_against_the_villages_of_the_division_data(hz_station, huizhou):
    staffed(hz_station, huizhou, workers=(3, 1))

    [violation] = violations("HZ-07")

    assert violation.inputs["villages"] == 5
    assert "4名服务性岗位社工服务桥东街道的5个村（居）" in explanation("HZ-07", violation)


def test_huizhou_rules_apply_from_the_day_the_plan_was_issued(huizhou):
    StationFactory(division=huizhou[QIAODONG], opened_on=datetime.date(2021, 1, 4))

    assert violations("HZ-07", as_of=datetime.date(2021, 5, 5)) == []
    assert len(violations("HZ-07", as_of=datetime.date(2021, 5, 6))) == 1


# HZ-03 ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("employer_kind", "signed_on", "years", "fires"),
    [
        (Employer.TOWN, datetime.date(2021, 7, 1), 3, False),
        (Employer.TOWN, datetime.date(2021, 7, 1), 2, True),
        (Employer.TOWN, None, None, True),
        (Employer.ORGANIZATION, datetime.date(2021, 7, 1), 3, True),
    ],
)
def test_workers_have_three_year_labour_contracts_with_the_town(
    hz_station, employer_kind, signed_on, years, fires
):
    from shegong.organizations.tests.factories import OrganizationFactory

    employer = (
        OrganizationFactory(division=hz_station.division) if employer_kind == Employer.ORGANIZATION else None
    )
    StationStaffFactory(
        station=hz_station,
        role=StaffRole.AFFAIRS_WORKER,
        employer_kind=employer_kind,
        employer=employer,
        contract_signed_on=signed_on,
        contract_years=years,
    )

    assert bool(violations("HZ-03")) is fires


@pytest.mark.parametrize(
    ("as_of", "fires"),
    [
        (datetime.date(2021, 6, 30), False),  # towns employ directly from July 2021
        (datetime.date(2021, 7, 1), True),
    ],
)
def test_direct_employment_starts_in_july_2021(hz_station, as_of, fires):
    StationStaffFactory(station=hz_station, role=StaffRole.AFFAIRS_WORKER)

    assert bool(violations("HZ-03", as_of=as_of)) is fires


@pytest.mark.parametrize(
    ("as_of", "fires"), [(datetime.date(2022, 12, 31), False), (datetime.date(2023, 1, 1), True)]
)
def test_an_earlier_contract_runs_out_its_term(hz_station, as_of, fires):
    from shegong.organizations.tests.factories import OrganizationFactory

    StationStaffFactory(
        station=hz_station,
        role=StaffRole.AFFAIRS_WORKER,
        employer_kind=Employer.ORGANIZATION,
        employer=OrganizationFactory(division=hz_station.division),
        contract_signed_on=datetime.date(2020, 1, 1),
        contract_years=3,
    )

    assert bool(violations("HZ-03", as_of=as_of)) is fires


def test_the_town_leader_heading_the_station_needs_no_labour_contract(hz_station):
    StationStaffFactory(station=hz_station, role=StaffRole.HEAD, name="镇党委委员")

    assert violations("HZ-03") == []


# HZ-10 ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("villages", "equipment", "fires"),
    [
        (3, ["computer", "printer"], False),
        (4, ["computer", "printer", "telephone"], False),  # about 3: one more is tolerated
        (5, ["computer", "printer"], True),
        (1, ["computer", "printer"], False),
        (0, ["computer", "printer"], True),
        (3, ["computer"], True),
    ],
)
def test_a_point_serves_about_three_villages_with_basic_equipment(
    hz_station, huizhou, villages, equipment, fires
):
    ServicePointFactory(
        station=hz_station,
        villages=[huizhou[code] for code in QIAODONG_VILLAGES[:villages]],
        equipment=equipment,
    )

    assert bool(violations("HZ-10")) is fires


def test_a_point_without_a_printer_is_explained_in_chinese(hz_station, huizhou):
    ServicePointFactory(
        station=hz_station,
        name="东湖社工点",
        villages=[huizhou[QIAODONG_VILLAGES[0]]],
        equipment=["computer"],
    )

    [violation] = violations("HZ-10")

    assert explanation("HZ-10", violation) == (
        "缺少打印机，不符合《“惠州市兜底民生服务社会工作双百工程”实施方案》五（二）二的规定。"
    )


# Jurisdiction and query counts ------------------------------------------------------------------------


def test_rules_ignore_stations_outside_their_city(jn_station, hz_station, huizhou):
    ServicePointFactory(station=jn_station, villages=[], equipment=[])
    StationStaffFactory(station=jn_station, role=StaffRole.AFFAIRS_WORKER, employer_kind=Employer.TOWN)
    StationStaffFactory(station=hz_station, role=StaffRole.RESIDENT_WORKER, name="无登记")
    ServicePointFactory(station=hz_station, villages=[huizhou[QIAODONG_VILLAGES[0]]])

    assert {v.subject for v in violations("JN-04")} == {jn_station}  # not the Huizhou station
    assert {v.subject.station for v in violations("JN-07")} == {jn_station}
    assert {v.subject for v in violations("HZ-07")} == {hz_station}
    assert {v.subject.station for v in violations("HZ-03")} == {hz_station}  # the Jinan worker ignored
    assert violations("HZ-10") == []  # the Jinan point ignored


def _many_stations(count, start):
    """``count`` Jinan and Huizhou towns, each with a station, a point and a staff member."""
    towns = []
    for n in range(start, start + count):
        city, district = ("3701", "370190") if n % 2 else ("4413", "441390")
        towns.append(
            Division(
                code=f"{district}{n:03d}",
                name=f"镇{n}",
                level=DivisionLevel.TOWN,
                parent_id=district,
                dataset="test",
            )
        )
    Division.objects.bulk_create(towns)
    stations = Station.objects.bulk_create(
        [Station(name=f"站{t.code}", division=t, opened_on=datetime.date(2021, 7, 1)) for t in towns]
    )
    ServicePoint.objects.bulk_create(
        [ServicePoint(station=s, name="点", opened_on=datetime.date(2021, 7, 1)) for s in stations]
    )
    StationStaff.objects.bulk_create(
        [
            StationStaff(
                station=s, name="某", role=StaffRole.AFFAIRS_WORKER, on_post_from=datetime.date(2021, 7, 1)
            )
            for s in stations
        ]
    )


RULES = ["JN-04", "JN-07", "JN-12", "HZ-03", "HZ-07", "HZ-10"]


def test_query_count_does_not_depend_on_the_number_of_stations(divisions, huizhou):
    from shegong.geo.tests.factories import make_division

    make_division("370190", "测试区甲")
    make_division("441390", "测试区乙")

    def run():
        with CaptureQueriesContext(connection) as queries:
            found = {spec_id: len(violations(spec_id)) for spec_id in RULES}
        return len(queries), found

    _many_stations(10, 0)
    few_queries, few = run()
    _many_stations(990, 10)
    many_queries, many = run()

    assert few_queries == many_queries
    assert few["JN-04"] == 5 and many["JN-04"] == 500
    assert few["HZ-03"] == 5 and many["HZ-03"] == 500
