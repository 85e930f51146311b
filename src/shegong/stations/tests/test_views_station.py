"""Station pages and coverage: scoped, Chinese errors beside the field, bounded queries."""

import datetime

import pytest
from django.urls import reverse

from shegong.common.tests.html import parse
from shegong.geo.models import Division, DivisionLevel
from shegong.geo.tests.factories import make_division
from shegong.stations.models import Station
from shegong.stations.tests.factories import ServicePointFactory, StationFactory, StationStaffFactory

pytestmark = pytest.mark.django_db

JIEFANGLU = "370102001"
QIANFOSHAN = "370102002"


def test_list_shows_only_the_officers_district(client, divisions, lixia_officer):
    StationFactory(name="解放路社工站", division=divisions[JIEFANGLU])
    StationFactory(name="山大路社工站", division=divisions["370112001"])
    client.force_login(lixia_officer)

    response = client.get(reverse("stations:station-list"))

    assert response.status_code == 200
    assert "解放路社工站" in response.text
    assert "山大路社工站" not in response.text


@pytest.mark.parametrize("rows", [3, 30])
def test_list_query_count_does_not_grow_with_rows(
    client, divisions, jinan_officer, rows, django_assert_max_num_queries
):
    for n in range(rows):
        station = StationFactory(division=make_division(f"370102{100 + n:03d}", f"街道{n}"))
        StationStaffFactory(station=station)
    client.force_login(jinan_officer)

    with django_assert_max_num_queries(9):
        response = client.get(reverse("stations:station-list"))

    assert response.status_code == 200


def test_detail_shows_staff_points_and_villages(client, divisions, lixia_officer):
    station = StationFactory(division=divisions[JIEFANGLU])
    StationStaffFactory(station=station, name="韩雪")
    ServicePointFactory(station=station, name="解放桥社工点", villages=[divisions["370102001002"]])
    client.force_login(lixia_officer)

    response = client.get(
        reverse("stations:station-detail", args=[station.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    assert response.status_code == 200
    assert "韩雪" in response.text
    assert "解放桥社工点" in response.text
    assert "历山路社区居民委员会" in response.text  # a village no point serves yet
    assert "未由社工点服务" in response.text
    assert (
        "未结问题" in response.text or "待处理" in response.text or "open-findings-heading" in response.text
    )


def test_detail_outside_jurisdiction_is_404(client, divisions, lixia_officer):
    other = StationFactory(division=divisions["370112001"])
    client.force_login(lixia_officer)

    assert client.get(reverse("stations:station-detail", args=[other.pk])).status_code == 404


def test_second_station_in_a_town_shows_the_chinese_error_beside_the_field(client, divisions, lixia_officer):
    StationFactory(name="解放路街道社会工作服务站", division=divisions[JIEFANGLU])
    client.force_login(lixia_officer)

    response = client.post(
        reverse("stations:station-create"),
        {"name": "另一个社工站", "kind": "town_station", "division": JIEFANGLU, "opened_on": "2022-01-01"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.status_code == 400
    error = parse(response.content).find(id="id_division_error")
    assert "解放路街道已有社工站（解放路街道社会工作服务站）" in error.text
    assert Station.objects.count() == 1


def test_register_from_the_town_page_prefills_the_town(client, lixia_towns, lixia_officer):
    client.force_login(lixia_officer)

    form = client.get(
        reverse("stations:station-create") + f"?division={QIANFOSHAN}", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    response = client.post(
        reverse("stations:station-create"),
        {
            "name": "千佛山街道社会工作服务站",
            "kind": "town_station",
            "division": QIANFOSHAN,
            "opened_on": "2022-01-01",
        },
    )

    assert 'value="千佛山街道社会工作服务站"' in form.text
    station = Station.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("stations:station-detail", args=[station.pk])
    assert station.division_id == QIANFOSHAN


def test_social_worker_may_not_register(client, divisions):
    from shegong.accounts.models import Role
    from shegong.accounts.tests.factories import UserFactory

    worker = UserFactory(role=Role.SOCIAL_WORKER, division=divisions[JIEFANGLU])
    client.force_login(worker)

    assert client.get(reverse("stations:station-create")).status_code == 403


def test_add_a_point_and_a_staff_member_from_the_station_page(client, divisions, lixia_officer):
    station = StationFactory(division=divisions[JIEFANGLU])
    client.force_login(lixia_officer)

    point = client.post(
        reverse("stations:point-create", args=[station.pk]),
        {
            "name": "解放桥社工点",
            "villages": ["370102001002"],
            "equipment": ["computer", "printer"],
            "opened_on": "2022-01-01",
        },
    )
    staff = client.post(
        reverse("stations:staff-create", args=[station.pk]),
        {"name": "李四", "role": "resident_worker", "employer_kind": "town", "on_post_from": "2022-01-01"},
    )

    assert point.status_code == 302 and staff.status_code == 302
    assert list(station.points.get().villages.values_list("code", flat=True)) == ["370102001002"]
    assert station.staff.get().name == "李四"


# Coverage ------------------------------------------------------------------------------------------


@pytest.fixture
def lixia_towns(divisions):
    make_division(QIANFOSHAN, "千佛山街道")
    make_division("370102002002", "佛山苑社区居民委员会")
    return divisions


def test_coverage_of_a_district_lists_its_towns_with_and_without_a_station(
    client, lixia_towns, lixia_officer
):
    station = StationFactory(division=lixia_towns[JIEFANGLU])
    ServicePointFactory(station=station, villages=[lixia_towns["370102001002"]])
    client.force_login(lixia_officer)

    response = client.get(reverse("stations:coverage"), follow=True, HTTP_ACCEPT_LANGUAGE="zh-hans")

    document = parse(response.content)
    assert response.redirect_chain[-1][0] == reverse("stations:coverage-division", args=["370102"])
    assert station.name in document.find(data_testid=f"coverage-row-{JIEFANGLU}").text
    assert "无社工站" in document.find(data_testid=f"coverage-row-{QIANFOSHAN}").text
    total = document.find(data_testid="coverage-table").text
    assert "2个街道（镇）中有1个" in total


def test_coverage_of_a_city_counts_towns_and_villages_per_district(client, lixia_towns, jinan_officer):
    station = StationFactory(division=lixia_towns[JIEFANGLU])
    ServicePointFactory(station=station, villages=[lixia_towns["370102001002"], lixia_towns["370102001003"]])
    client.force_login(jinan_officer)

    response = client.get(
        reverse("stations:coverage-division", args=["3701"]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    coverage = response.context["coverage"]
    lixia = next(row for row in coverage.rows if row.division.code == "370102")
    licheng = next(row for row in coverage.rows if row.division.code == "370112")
    assert (lixia.towns, lixia.towns_with_station, lixia.villages, lixia.villages_served) == (2, 1, 3, 2)
    assert (licheng.towns, licheng.towns_with_station, licheng.villages, licheng.villages_served) == (
        1,
        0,
        2,
        0,
    )
    [target] = response.context["targets"]
    assert (target.spec_id, target.plan_figure, target.data_count, target.achieved) == ("JN-01", 161, 3, 1)
    assert target.deadline == datetime.date(2021, 12, 31)


def test_huizhou_targets_count_towns_and_villages_of_the_data(client, divisions, huizhou):
    from shegong.accounts.models import Role
    from shegong.accounts.tests.factories import UserFactory

    station = StationFactory(division=huizhou["441302001"])
    ServicePointFactory(station=station, villages=[huizhou["441302001001"]])
    client.force_login(UserFactory(role=Role.CITY_OFFICER, division=huizhou["4413"]))

    response = client.get(reverse("stations:coverage-division", args=["4413"]))

    towns, villages = response.context["targets"]
    assert (towns.plan_figure, towns.data_count, towns.achieved, towns.deadline) == (
        72,
        2,
        1,
        datetime.date(2021, 12, 31),
    )
    assert (villages.plan_figure, villages.data_count, villages.achieved, villages.deadline) == (
        None,
        5,
        1,
        datetime.date(2022, 12, 31),
    )


def test_a_district_officer_sees_no_city_target_and_no_other_district(client, lixia_towns, lixia_officer):
    client.force_login(lixia_officer)

    assert client.get(reverse("stations:coverage-division", args=["370102"])).context["targets"] == []
    assert client.get(reverse("stations:coverage-division", args=["3701"])).status_code == 404
    assert client.get(reverse("stations:coverage-division", args=["370112"])).status_code == 404


def test_town_without_a_station_offers_to_register_one(client, lixia_towns, lixia_officer):
    client.force_login(lixia_officer)

    response = client.get(
        reverse("stations:coverage-division", args=[QIANFOSHAN]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    document = parse(response.content)
    link = document.find(data_testid="register-station-here")
    assert link.attrs["href"] == reverse("stations:station-create") + f"?division={QIANFOSHAN}"
    assert "佛山苑社区居民委员会" in response.text


@pytest.mark.parametrize("towns", [5, 200])
def test_coverage_query_count_is_bounded(
    client, divisions, jinan_officer, towns, django_assert_max_num_queries
):
    Division.objects.bulk_create(
        [
            Division(
                code=f"370102{100 + n:03d}",
                name=f"街道{n}",
                level=DivisionLevel.TOWN,
                parent_id="370102",
                dataset="test",
            )
            for n in range(towns)
        ]
    )
    Station.objects.bulk_create(
        [
            Station(name=f"站{n}", division_id=f"370102{100 + n:03d}", opened_on=datetime.date(2021, 7, 1))
            for n in range(0, towns, 2)
        ]
    )
    client.force_login(jinan_officer)

    with django_assert_max_num_queries(18):
        city = client.get(reverse("stations:coverage-division", args=["3701"]))
    with django_assert_max_num_queries(18):
        district = client.get(reverse("stations:coverage-division", args=["370102"]))

    assert city.status_code == district.status_code == 200
    lixia = next(row for row in city.context["coverage"].rows if row.division.code == "370102")
    assert lixia.towns_with_station == (towns + 1) // 2
