"""Supervision (HZ-05): supervisors with a certificate, at most 6 assignments, monthly visits of at least
16 hours, and reproducible inspection samples."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.policy.engine import RuleResult, evaluate_rule, get_rule
from shegong.policy.scanning import rows_for
from shegong.stations import services
from shegong.stations.models import InspectionSample, SupervisionAssignment, SupervisionVisit
from shegong.stations.tests.factories import ServicePointFactory, StationFactory, StationStaffFactory
from shegong.workforce.models import CertificateLevel
from shegong.workforce.tests.factories import CertificateFactory, PractitionerFactory

pytestmark = pytest.mark.django_db

D = datetime.date
HUICHENG = "441302"


@pytest.fixture
def hz_officer(huizhou):
    return UserFactory(username="hz_officer", role=Role.DISTRICT_OFFICER, division=huizhou[HUICHENG])


@pytest.fixture
def supervisor(huizhou, hz_officer):
    person = PractitionerFactory(division=huizhou[HUICHENG])
    CertificateFactory(practitioner=person, level=CertificateLevel.ASSISTANT, issued_on=D(2020, 6, 1))
    return services.supervisor_appoint(
        actor=hz_officer, practitioner=person, division=huizhou[HUICHENG], appointed_on=D(2021, 6, 1)
    )


@pytest.fixture
def station(huizhou):
    return StationFactory(division=huizhou["441302001"], opened_on=D(2021, 6, 1))


def test_a_practitioner_without_a_certificate_cannot_supervise(huizhou, hz_officer):
    person = PractitionerFactory(division=huizhou[HUICHENG])
    CertificateFactory(practitioner=person, issued_on=D(2021, 7, 1))  # issued after the appointment
    with pytest.raises(ValidationError) as caught:
        services.supervisor_appoint(
            actor=hz_officer, practitioner=person, division=huizhou[HUICHENG], appointed_on=D(2021, 6, 1)
        )
    assert caught.value.message_dict["practitioner"] == [
        "督导员须持有助理社会工作师及以上职业水平证书（《“惠州市兜底民生服务社会工作双百工程”实施方案》四（二）四）。"
    ]
    assert not person.supervisor_posts.exists()


def seven_subjects(huizhou):
    first = StationFactory(division=huizhou["441302001"])
    second = StationFactory(division=huizhou["441302002"])
    points = [ServicePointFactory(station=first, name=f"第{n}点") for n in range(5)]
    return [(first, None), (second, None), *[(first, p) for p in points]]


def test_the_seventh_assignment_is_refused_with_the_clause(huizhou, hz_officer, supervisor):
    subjects = seven_subjects(huizhou)
    for station, point in subjects[:6]:
        services.supervision_assign(
            actor=hz_officer,
            supervisor=supervisor,
            station=station,
            service_point=point,
            assigned_on=D(2022, 1, 1),
        )
    station, point = subjects[6]
    with pytest.raises(ValidationError) as caught:
        services.supervision_assign(
            actor=hz_officer,
            supervisor=supervisor,
            station=station,
            service_point=point,
            assigned_on=D(2022, 1, 1),
        )
    [message] = caught.value.message_dict["station"]
    assert "已负责6个社工站（点）" in message
    assert "每名督导员原则上负责不超过6个" in message
    assert "四（二）四" in message
    assert SupervisionAssignment.objects.count() == 6


def test_an_ended_assignment_frees_a_place(huizhou, hz_officer, supervisor):
    subjects = seven_subjects(huizhou)
    for station, point in subjects[:6]:
        services.supervision_assign(
            actor=hz_officer,
            supervisor=supervisor,
            station=station,
            service_point=point,
            assigned_on=D(2022, 1, 1),
        )
    SupervisionAssignment.objects.filter(pk=SupervisionAssignment.objects.first().pk).update(
        ended_on=D(2022, 1, 31)
    )
    station, point = subjects[6]
    services.supervision_assign(
        actor=hz_officer,
        supervisor=supervisor,
        station=station,
        service_point=point,
        assigned_on=D(2022, 2, 1),
    )
    assert SupervisionAssignment.objects.count() == 7


def test_the_rule_flags_an_existing_over_assignment(huizhou, supervisor):
    for station, point in seven_subjects(huizhou):
        SupervisionAssignment.objects.create(
            supervisor=supervisor, station=station, service_point=point, assigned_on=D(2022, 1, 1)
        )
    result = evaluate_rule(get_rule("HZ-05"), as_of=D(2022, 6, 1))
    assert {v.subject.division_id for v in result.violations} == {"441302001", "441302002"}
    [row] = [
        r
        for r in rows_for(
            RuleResult(rule=result.rule, in_force=True, violations=result.violations[:1], checked=None)
        )
    ]
    assert "督导员" in row.explanation_zh and "7个社工站（点），超过6个" in row.explanation_zh


def visit(supervisor, station, day, hours):
    return SupervisionVisit.objects.create(
        supervisor=supervisor, station=station, visited_on=day, hours=Decimal(hours), content="督导"
    )


@pytest.mark.parametrize(
    ("visits", "as_of", "fires"),
    [
        ([(D(2022, 5, 20), "16")], D(2022, 6, 1), False),
        ([(D(2022, 5, 20), "15")], D(2022, 6, 1), True),  # a 15-hour visit does not count
        ([(D(2022, 5, 20), "15.9"), (D(2022, 5, 27), "15.9")], D(2022, 6, 1), True),
        ([(D(2022, 5, 31), "16")], D(2022, 6, 30), False),  # the last day of the month counts
        ([(D(2022, 6, 1), "16")], D(2022, 6, 30), True),  # June does not count for May
        ([(D(2022, 5, 1), "16")], D(2022, 7, 1), True),  # checks June as of July
        ([], D(2022, 6, 1), True),
    ],
)
def test_each_station_is_visited_once_a_month_for_16_hours(supervisor, station, visits, as_of, fires):
    for day, hours in visits:
        visit(supervisor, station, day, hours)
    found = evaluate_rule(get_rule("HZ-05"), as_of=as_of).violations
    assert [v.subject for v in found] == ([station] if fires else [])


def test_the_explanation_names_the_month_and_the_clause(supervisor, station):
    visit(supervisor, station, D(2022, 5, 20), "15")
    result = evaluate_rule(get_rule("HZ-05"), as_of=D(2022, 6, 1))
    [row] = rows_for(RuleResult(rule=result.rule, in_force=True, violations=result.violations, checked=None))
    assert row.explanation_zh == (
        "2022-05社工站开展至少16小时的督导0次，少于1次，"
        "不符合《“惠州市兜底民生服务社会工作双百工程”实施方案》四（二）四的规定。"
    )


def test_a_station_opened_during_the_month_is_checked_from_the_next(huizhou, supervisor):
    StationFactory(division=huizhou["441302001"], opened_on=D(2022, 5, 2))
    assert evaluate_rule(get_rule("HZ-05"), as_of=D(2022, 6, 1)).violations == []


def test_jinan_stations_are_not_checked(divisions):
    StationFactory(division=divisions["370102001"])
    assert evaluate_rule(get_rule("HZ-05"), as_of=D(2022, 6, 1)).violations == []


def test_a_visit_needs_an_assignment(hz_officer, supervisor, station):
    with pytest.raises(ValidationError):
        services.supervision_visit_log(
            actor=hz_officer,
            supervisor=supervisor,
            station=station,
            visited_on=D(2022, 5, 20),
            hours=16,
            content="督导",
        )
    services.supervision_assign(
        actor=hz_officer, supervisor=supervisor, station=station, assigned_on=D(2022, 5, 1)
    )
    logged = services.supervision_visit_log(
        actor=hz_officer,
        supervisor=supervisor,
        station=station,
        visited_on=D(2022, 5, 20),
        hours=16,
        content="督导",
    )
    assert SupervisionVisit.objects.get() == logged


def test_the_same_seed_draws_the_same_sample(huizhou, hz_officer, station):
    staff = [StationStaffFactory(station=station, name=f"社工{n}") for n in range(20)]
    first = services.inspection_sample_draw(
        actor=hz_officer, division=huizhou[HUICHENG], size=5, drawn_on=D(2022, 6, 1), seed=20220601
    )
    again = services.inspection_sample_draw(
        actor=hz_officer, division=huizhou[HUICHENG], size=5, drawn_on=D(2022, 6, 1), seed=20220601
    )
    other = services.inspection_sample_draw(
        actor=hz_officer, division=huizhou[HUICHENG], size=5, drawn_on=D(2022, 6, 1), seed=7
    )
    assert first.staff == again.staff
    assert first.staff != other.staff
    assert len(first.staff) == 5 and first.population == 20
    assert {s["id"] for s in first.staff} <= {s.pk for s in staff}


def test_a_drawn_sample_records_its_seed(huizhou, hz_officer, station):
    StationStaffFactory(station=station)
    sample = services.inspection_sample_draw(
        actor=hz_officer, division=huizhou[HUICHENG], size=3, drawn_on=D(2022, 6, 1)
    )
    assert InspectionSample.objects.get().seed == sample.seed
    replay = services.inspection_sample_draw(
        actor=hz_officer, division=huizhou[HUICHENG], size=3, drawn_on=D(2022, 6, 1), seed=sample.seed
    )
    assert replay.staff == sample.staff and len(sample.staff) == 1


def test_an_officer_draws_a_sample_and_sees_its_seed(client, huizhou, hz_officer, station):
    from django.urls import reverse

    from shegong.common.tests.html import parse

    StationStaffFactory(station=station, name="陈社工")
    client.force_login(hz_officer)
    response = client.post(
        reverse("stations:sample-create"), {"division": HUICHENG, "size": 3, "seed": 42}, follow=True
    )
    document = parse(response.content)
    assert document.find(data_testid="sample-seed").text.strip() == "42"
    assert "陈社工" in document.find(data_testid="sample-staff").text
    overview = client.get(reverse("stations:supervision"))
    assert overview.status_code == 200 and "42" in overview.content.decode()


def test_the_assignment_form_shows_the_refusal_of_the_seventh(client, huizhou, hz_officer, supervisor):
    from django.urls import reverse

    subjects = seven_subjects(huizhou)
    for station, point in subjects[:6]:
        SupervisionAssignment.objects.create(
            supervisor=supervisor, station=station, service_point=point, assigned_on=D(2022, 1, 1)
        )
    station, point = subjects[6]
    client.force_login(hz_officer)
    response = client.post(
        reverse("stations:assignment-create"),
        {
            "supervisor": supervisor.pk,
            "station": station.pk,
            "service_point": point.pk,
            "assigned_on": "2022-02-01",
        },
    )
    assert response.status_code == 400
    assert "每名督导员原则上负责不超过6个" in response.content.decode()
    assert SupervisionAssignment.objects.count() == 6
