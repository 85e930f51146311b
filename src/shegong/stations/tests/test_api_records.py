"""API of submissions, supervision, training bases and pilot sites: scoped, Chinese errors, one service."""

import datetime

import pytest

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.stations import services
from shegong.stations.models import (
    PilotSite,
    Submission,
    SupervisionAssignment,
    SupervisionVisit,
    TrainingBase,
)
from shegong.stations.tests.factories import StationFactory
from shegong.workforce.models import CertificateLevel
from shegong.workforce.tests.factories import CertificateFactory, PractitionerFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def post(client, url, payload):
    return client.post(url, payload, content_type="application/json", HTTP_ACCEPT_LANGUAGE="zh-hans")


def test_a_district_files_its_plan_and_a_late_one_says_so(client, divisions, lixia_officer):
    client.force_login(lixia_officer)

    response = post(
        client,
        "/api/v1/station-submissions/",
        {
            "kind": "annual_plan",
            "division": "370102",
            "period": "2022",
            "submitted_on": "2022-04-01",
            "text": "2022年度计划",
            "contents": ["goals", "budget", "schedule", "standards", "evaluation"],
        },
    )

    assert response.status_code == 201
    assert response.json()["due_on"] == "2022-03-31"
    assert response.json()["is_late"] is True


def test_a_submission_for_another_district_is_refused_and_nothing_is_written(
    client, divisions, lixia_officer
):
    client.force_login(lixia_officer)

    response = post(
        client,
        "/api/v1/station-submissions/",
        {
            "kind": "annual_plan",
            "division": "370112",
            "period": "2022",
            "submitted_on": "2022-03-01",
            "text": "x",
        },
    )

    assert response.status_code == 400
    assert response.json()["errors"]["division"] == ["所选区划不在您的管辖范围内。"]
    assert not Submission.objects.exists()


def test_a_station_outside_the_scope_does_not_exist_for_the_api(client, divisions, lixia_officer):
    other = StationFactory(division=divisions["370112001"])
    client.force_login(lixia_officer)

    response = post(
        client,
        "/api/v1/station-submissions/",
        {
            "kind": "monthly_brief",
            "station": other.pk,
            "period": "2022-01",
            "submitted_on": "2022-02-01",
            "text": "x",
        },
    )

    assert response.status_code == 400
    assert "station" in response.json()["errors"]
    assert not Submission.objects.exists()


@pytest.fixture
def hz_officer(huizhou):
    return UserFactory(username="hz_api", role=Role.DISTRICT_OFFICER, division=huizhou["441302"])


@pytest.fixture
def supervisor(huizhou, hz_officer):
    person = PractitionerFactory(division=huizhou["441302"])
    CertificateFactory(practitioner=person, level=CertificateLevel.ASSISTANT, issued_on=D(2020, 6, 1))
    return services.supervisor_appoint(
        actor=hz_officer, practitioner=person, division=huizhou["441302"], appointed_on=D(2021, 6, 1)
    )


def test_assign_and_log_a_visit_through_the_api(client, huizhou, hz_officer, supervisor):
    station = StationFactory(division=huizhou["441302001"], opened_on=D(2021, 6, 1))
    client.force_login(hz_officer)

    assigned = post(
        client,
        "/api/v1/supervision-assignments/",
        {"supervisor": supervisor.pk, "station": station.pk, "assigned_on": "2022-01-01"},
    )
    visited = post(
        client,
        "/api/v1/supervision-visits/",
        {
            "supervisor": supervisor.pk,
            "station": station.pk,
            "visited_on": "2022-02-10",
            "hours": "16",
            "content": "个案督导",
        },
    )
    unassigned = post(
        client,
        "/api/v1/supervision-visits/",
        {
            "supervisor": supervisor.pk,
            "station": station.pk,
            "visited_on": "2021-12-31",
            "hours": "16",
            "content": "个案督导",
        },
    )

    assert assigned.status_code == 201
    assert assigned.json()["station_name"] == station.name
    assert visited.status_code == 201
    assert visited.json()["hours"] == "16.0"
    assert unassigned.status_code == 400
    assert unassigned.json()["errors"]["station"] == [
        f"{supervisor.practitioner.name}在2021-12-31未被指派督导{station.name}。"
    ]
    assert SupervisionAssignment.objects.count() == 1
    assert SupervisionVisit.objects.count() == 1


def test_training_bases_and_pilot_sites_through_the_api(client, sanming):
    officer = UserFactory(username="sm_api", role=Role.CITY_OFFICER, division=sanming["3504"])
    client.force_login(officer)

    base = post(
        client,
        "/api/v1/training-bases/",
        {"division": "350404", "name": "三元区社会工作者教育培训基地", "designated_on": "2014-03-01"},
    )
    street = post(
        client,
        "/api/v1/training-bases/",
        {"division": "350404001", "name": "列西培训点", "designated_on": "2014-03-01"},
    )
    site = post(
        client,
        "/api/v1/pilot-sites/",
        {
            "level": "provincial",
            "division": "350404",
            "name": "三元区综合试点",
            "designated_on": "2014-06-01",
        },
    )

    assert base.status_code == 201
    assert base.json()["division_name"] == "三元区"
    assert street.status_code == 400
    assert street.json()["errors"]["division"] == ["培训基地须设在县（市、区）。"]
    assert site.status_code == 201
    assert site.json()["level_label"] == "省级试点"
    assert TrainingBase.objects.count() == 1
    assert PilotSite.objects.count() == 1
    assert client.get("/api/v1/training-bases/").json()["count"] == 1


def test_a_social_worker_may_read_but_not_designate(client, sanming):
    worker = UserFactory(username="sm_sw", role=Role.SOCIAL_WORKER)
    client.force_login(worker)

    response = post(
        client,
        "/api/v1/training-bases/",
        {"division": "350404", "name": "某基地", "designated_on": "2014-03-01"},
    )

    assert response.status_code == 403
    assert not TrainingBase.objects.exists()
