"""Stations API: scoped, 404 outside scope, Chinese errors naming the field."""

import pytest

from shegong.stations.models import Station
from shegong.stations.tests.factories import ServicePointFactory, StationFactory

pytestmark = pytest.mark.django_db


def test_list_is_scoped(client, divisions, lixia_officer):
    mine = StationFactory(division=divisions["370102001"])
    StationFactory(division=divisions["370112001"])
    client.force_login(lixia_officer)

    body = client.get("/api/v1/stations/").json()

    assert body["count"] == 1
    assert body["results"][0]["id"] == mine.pk
    assert body["results"][0]["division_name"] == "解放路街道"


def test_detail_outside_scope_is_404(client, divisions, lixia_officer):
    other = StationFactory(division=divisions["370112001"])
    client.force_login(lixia_officer)

    assert client.get(f"/api/v1/stations/{other.pk}/").status_code == 404


def test_create_and_refuse_a_second_station_in_chinese(client, divisions, lixia_officer):
    client.force_login(lixia_officer)
    payload = {"name": "解放路街道社会工作服务站", "division": "370102001", "opened_on": "2021-05-01"}

    first = client.post("/api/v1/stations/", payload, content_type="application/json")
    second = client.post(
        "/api/v1/stations/",
        {**payload, "name": "重复"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert first.status_code == 201
    assert first.json()["kind"] == "town_station"
    assert second.status_code == 400
    assert second.json()["errors"]["division"] == [
        "解放路街道已有社工站（解放路街道社会工作服务站），每个街道（镇）只设1个社工站。"
    ]
    assert Station.objects.count() == 1


def test_service_points_list_villages(client, divisions, lixia_officer):
    station = StationFactory(division=divisions["370102001"])
    ServicePointFactory(station=station, name="解放桥社工点", villages=[divisions["370102001002"]])
    client.force_login(lixia_officer)

    body = client.get("/api/v1/service-points/").json()

    assert body["results"][0]["villages"] == [{"code": "370102001002", "name": "解放桥社区居民委员会"}]


def test_social_worker_may_not_create(client, divisions):
    from shegong.accounts.models import Role
    from shegong.accounts.tests.factories import UserFactory

    client.force_login(UserFactory(role=Role.SOCIAL_WORKER, division=divisions["370102001"]))

    response = client.post(
        "/api/v1/stations/",
        {"name": "x", "division": "370102001", "opened_on": "2021-05-01"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert not Station.objects.exists()
