"""The district overview, the station page's records and hours, and the community centre staffing page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from shegong.common.tests.html import parse
from shegong.geo.tests.factories import make_division
from shegong.stations import services
from shegong.stations.models import CommunityCentre, RegulationKind, StationRegulation
from shegong.stations.rules import week_before
from shegong.stations.tests.factories import (
    ServiceHoursFactory,
    ServicePointFactory,
    StationFactory,
    StationStaffFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def test_the_district_overview_shows_each_station_with_its_villages_served(client, divisions, lixia_officer):
    station = StationFactory(division=divisions["370102001"], name="解放路社工站")
    StationStaffFactory(station=station)
    ServicePointFactory(station=station, villages=[divisions["370102001002"]])
    StationFactory(division=divisions["370112001"], name="山大路社工站")
    client.force_login(lixia_officer)

    response = client.get(
        reverse("stations:district-overview", args=["370102"]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    assert response.status_code == 200
    [row] = parse(response.content).find(data_testid="district-stations").find("tbody").find_all("tr")
    cells = [td.text.strip() for td in row.find_all("td")]
    assert cells[0] == "解放路社工站"
    assert cells[2:5] == ["1", "1", "1 / 2"]
    assert "山大路社工站" not in response.text


def test_another_districts_overview_is_404_and_a_town_code_too(client, divisions, lixia_officer):
    client.force_login(lixia_officer)

    assert client.get(reverse("stations:district-overview", args=["370112"])).status_code == 404
    assert client.get(reverse("stations:district-overview", args=["370102001"])).status_code == 404


@pytest.mark.parametrize("stations", [2, 20])
def test_the_district_overview_costs_the_same_queries(
    client, divisions, jinan_officer, stations, django_assert_max_num_queries
):
    for n in range(stations):
        station = StationFactory(division=make_division(f"370102{100 + n:03d}", f"街道{n}"))
        StationStaffFactory(station=station)
        ServicePointFactory(station=station)
    client.force_login(jinan_officer)

    with django_assert_max_num_queries(21):
        response = client.get(reverse("stations:district-overview", args=["370102"]))

    assert response.status_code == 200


def test_an_officer_files_a_district_wide_rule(client, divisions, lixia_officer):
    client.force_login(lixia_officer)

    response = client.post(
        reverse("stations:district-regulation-create", args=["370102"]),
        {"kind": "finance", "title": "历下区社工站财务管理制度", "adopted_on": "2021-03-01", "text": "正文"},
    )

    assert response.status_code == 302
    regulation = StationRegulation.objects.get()
    assert (regulation.division_id, regulation.station_id, regulation.kind) == ("370102", None, "finance")


def test_the_station_page_shows_rules_signs_content_and_weekly_hours(client, divisions, lixia_officer):
    station = StationFactory(division=divisions["370102001"])
    services.station_regulation_file(
        actor=lixia_officer,
        kind=RegulationKind.ARCHIVES,
        title="文书档案管理制度",
        text="正文",
        adopted_on=D(2021, 4, 1),
        division=divisions["370102"],
    )
    services.station_sign_record(
        actor=lixia_officer,
        station=station,
        placement="outdoor",
        wording="历下区解放路街道社会工作服务站",
        has_logo=True,
        put_up_on=D(2021, 4, 1),
    )
    member = StationStaffFactory(station=station, name="韩雪")
    ServiceHoursFactory(staff=member, week_start=week_before(timezone.localdate()), hours=26)
    client.force_login(lixia_officer)

    response = client.get(
        reverse("stations:station-detail", args=[station.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    html = parse(response.content)
    assert "文书档案管理：文书档案管理制度" in html.find(data_testid="station-regulations").text
    assert "区县统一" in html.find(data_testid="station-regulations").text
    assert "户外标牌：历下区解放路街道社会工作服务站" in html.find(data_testid="station-signs").text
    [row] = html.find(data_testid="station-hours").find("tbody").find_all("tr")
    assert [td.text for td in row.find_all("td")] == ["韩雪", "—", "—", "—", "26.0"]


def test_the_sign_form_proposes_the_prescribed_wording(client, divisions, lixia_officer):
    station = StationFactory(division=divisions["370102001"])
    client.force_login(lixia_officer)

    response = client.get(reverse("stations:sign-create", args=[station.pk]))

    assert (
        parse(response.content).find("input", name="wording").attrs["value"]
        == "历下区解放路街道社会工作服务站"
    )


def test_the_community_centre_page_marks_the_sample_table_and_an_understaffed_centre(
    client, divisions, system_admin
):
    CommunityCentre.objects.create(
        division=make_division("440304001001", "南园社区居委会"),
        name="南园社区党群服务中心",
        population=12_000,
        social_workers=2,
        reported_on=D(2023, 1, 1),
    )
    client.force_login(system_admin)

    response = client.get(reverse("stations:community-centres"), HTTP_ACCEPT_LANGUAGE="zh-hans")

    html = parse(response.content)
    assert html.find(data_testid="sample-table") is not None
    [row] = html.find(data_testid="community-centres").find("tbody").find_all("tr")
    assert "3" in row.find_all("td")[4].text
    assert "配备不足" in row.text


def test_a_centre_reported_for_a_street_is_refused_in_chinese(client, divisions, system_admin):
    client.force_login(system_admin)

    response = client.post(
        reverse("stations:community-centre-report"),
        {
            "division": "440304001",
            "name": "南园中心",
            "population": 100,
            "social_workers": 1,
            "reported_on": "2023-01-01",
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.status_code == 400
    assert "社区党群服务中心须属于社区（村级区划）。" in response.text
    assert not CommunityCentre.objects.exists()


@pytest.mark.parametrize("rows", [1, 15])
def test_the_station_page_costs_the_same_queries_however_many_records(
    client, divisions, lixia_officer, rows, django_assert_max_num_queries
):
    station = StationFactory(division=divisions["370102001"])
    monday = week_before(timezone.localdate())
    for n in range(rows):
        member = StationStaffFactory(station=station, name=f"社工{n}")
        ServiceHoursFactory(staff=member, week_start=monday, hours=24)
        services.service_content_add(
            actor=lixia_officer,
            station=station,
            area="professional_service",
            title=f"服务{n}",
            started_on=D(2021, 4, 1),
        )
        services.station_regulation_file(
            actor=lixia_officer,
            station=station,
            kind="venue",
            title=f"制度{n}",
            text="正文",
            adopted_on=D(2021, 4, 1),
        )
    client.force_login(lixia_officer)

    with django_assert_max_num_queries(23):
        response = client.get(reverse("stations:station-detail", args=[station.pk]))

    assert response.status_code == 200


def test_a_service_content_item_that_ends_before_it_starts_is_refused_in_chinese(
    client, divisions, lixia_officer
):
    station = StationFactory(division=divisions["370102001"])
    client.force_login(lixia_officer)

    response = client.post(
        reverse("stations:content-create", args=[station.pk]),
        {
            "area": "professional_service",
            "title": "困境儿童关爱",
            "started_on": "2022-05-01",
            "ended_on": "2022-04-30",
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.status_code == 400
    assert "事项的结束日期不能早于开始日期。" in response.text
    assert not station.service_content.exists()


def test_a_sign_put_up_tomorrow_is_refused_in_chinese(client, divisions, lixia_officer):
    station = StationFactory(division=divisions["370102001"])
    client.force_login(lixia_officer)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = client.post(
        reverse("stations:sign-create", args=[station.pk]),
        {
            "placement": "indoor",
            "wording": "历下区解放路街道社会工作服务站",
            "has_logo": "on",
            "put_up_on": tomorrow.isoformat(),
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.status_code == 400
    assert "日期不能晚于今天。" in response.text
    assert not station.signs.exists()


def test_a_late_station_evaluation_is_late_in_the_huizhou_calendar(client, huizhou, system_admin):
    from shegong.stations.models import SubmissionKind
    from shegong.stations.tests.factories import SubmissionFactory

    station = StationFactory(division=huizhou["441302001"], opened_on=D(2021, 7, 1))
    SubmissionFactory(
        kind=SubmissionKind.STATION_EVALUATION,
        division=station.division,
        station=station,
        period="2021",
        due_on=D(2021, 12, 31),
        submitted_on=D(2022, 1, 1),
    )
    client.force_login(system_admin)

    page = client.get(reverse("stations:deadline-calendar"), {"year": 2021}, HTTP_ACCEPT_LANGUAGE="zh-hans")

    rows = [
        r for r in parse(page.content).find(data_testid="deadlines").find_all("tr") if "第三方评估" in r.text
    ]
    assert len(rows) == 1
    assert rows[0].attrs["data-status"] == "late"
    assert "HZ-04" in rows[0].text
