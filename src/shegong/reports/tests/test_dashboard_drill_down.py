"""Dashboard drill-down (issue 10): a city or district officer opens the dashboard of a district or town
of their jurisdiction; other jurisdictions answer 404, a malformed code 400 with a Chinese message."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.cases.models import CaseStep
from shegong.cases.tests.factories import CaseFactory, HouseholdFactory
from shegong.common.tests.html import parse
from shegong.geo.tests.factories import make_division
from shegong.organizations.tests.factories import OrganizationFactory
from shegong.policy.models import Finding
from shegong.reports import selectors
from shegong.stations.models import Station
from shegong.stations.tests.factories import ServiceHoursFactory, StationFactory, StationStaffFactory
from shegong.workforce.models import FilingState
from shegong.workforce.tests.factories import PractitionerFactory

pytestmark = pytest.mark.django_db

URL = reverse("reports:dashboard")
AS_OF = "2024-06-20"
d = datetime.date


def _finding(division, rule, n=0):
    day = d(2024, 6, 30)
    return Finding.objects.create(
        rule_id=rule,
        rule_version=1,
        document="jinan-2021-station-plan",
        clause="三(二)",
        severity="high",
        subject_type="stations.station",
        subject_id=f"{division.code}-{rule}-{n}",
        subject_repr=division.name,
        division=division,
        as_of=day,
        measured="2",
        threshold="3",
        explanation_zh=rule,
        explanation_en=rule,
        first_seen=day,
        last_seen=day,
    )


def _town(code, name, village):
    town = make_division(code, name)
    make_division(village)
    return town


def _station_with_hours(town, name, hours):
    station = StationFactory(division=town, name=name)
    staff = StationStaffFactory(station=station, name=f"{name}员工")
    ServiceHoursFactory(staff=staff, week_start=d(2024, 6, 10), hours=hours)
    return station


@pytest.fixture
def towns(divisions):
    """Town A (解放路街道) and town B (趵突泉街道) of Lixia, with stations, households, cases, findings;
    and Licheng's 山大路街道 with the same, which no Lixia figure may count."""
    town_a = divisions["370102001"]
    town_b = _town("370102002", "趵突泉街道", "370102002001")
    _station_with_hours(town_a, "解放路街道社工站", 20)
    _station_with_hours(town_b, "趵突泉街道社工站", 7)
    _station_with_hours(divisions["370112001"], "山大路街道社工站", 11)
    for village, overdue in (("370102001002", True), ("370102001003", False)):
        household = HouseholdFactory(division=divisions[village])
        CaseFactory(
            household=household,
            step=CaseStep.IDENTIFY,
            next_visit_due=d(2000, 1, 1) if overdue else d(2999, 1, 1),
        )
    for village in ("370102002001", "370112001001"):
        household = HouseholdFactory(division=make_division(village))
        CaseFactory(household=household, step=CaseStep.IDENTIFY, next_visit_due=d(2000, 1, 1))
    _finding(town_a, "JN-07", 1)
    _finding(town_a, "JN-07", 2)
    _finding(town_b, "JN-04")
    _finding(divisions["370112001"], "JN-05")
    PractitionerFactory(division=divisions["370102"], filing_state=FilingState.FILED)
    PractitionerFactory(division=divisions["370112"], filing_state=FilingState.FILED)
    return {"a": town_a, "b": town_b}


def _crumbs(page):
    items = page.find("ol", cls="breadcrumb").find_all("li")[1:]  # after Home
    return [
        (li.text.strip(), li.find_all("a")[0].attrs["href"] if li.find_all("a") else None) for li in items
    ]


def _rows_text(page, testid):
    rows = page.find(data_testid=testid).find_all("tr")
    return {row.find("th").text: row.find("td").text for row in rows}


def _findings(page):
    body = page.find(data_testid="findings-table").find("tbody")
    return [(row.find("td").text, row.find("a").text) for row in body.find_all("tr")]


def test_a_city_officer_drills_from_the_city_to_a_district_and_on_to_a_town(client, jinan_officer, towns):
    client.force_login(jinan_officer)

    city = parse(client.get(URL, {"as_of": AS_OF}).content)
    drill = city.find(data_testid="drill-370102")
    assert drill.attrs["href"] == f"{URL}?division=370102&as_of={AS_OF}"
    assert drill.attrs["aria-label"] == "数据看板：历下区"
    # The list behind the row is still there beside it.
    assert city.find(data_testid="coverage-370102").find("a").attrs["href"] == "/stations/coverage/370102/"

    response = client.get(drill.attrs["href"])
    district = parse(response.content)
    assert response.status_code == 200
    assert response.context["page_title"] == "数据看板：历下区"
    assert _crumbs(district) == [("济南市", f"{URL}?as_of={AS_OF}"), ("历下区", None)]
    assert _findings(district) == [("JN-04", "1"), ("JN-07", "2")]  # not Licheng's JN-05
    assert district.find(data_testid="findings-table").find("tfoot").find("a").attrs["href"] == (
        "/policy/findings/?state=open&within=370102"
    )
    assert sum(int(a.text) for a in district.find(data_testid="training_hours-table").find_all("a")) == 1
    assert _rows_text(district, "caseload-table")["探访逾期"] == "2"
    assert [
        el.attrs["href"]
        for el in district.find(data_testid="coverage-table").iter()
        if el.attrs.get("data-testid", "").startswith("drill-")
    ] == [f"{URL}?division=370102001&as_of={AS_OF}", f"{URL}?division=370102002&as_of={AS_OF}"]
    assert district.find_all(data_testid="targets-table") == []  # no target covers a district

    response = client.get(district.find(data_testid="drill-370102001").attrs["href"])
    town = parse(response.content)
    assert response.status_code == 200
    assert response.context["page_title"] == "数据看板：解放路街道"
    assert response.context["dashboard"].level == selectors.Level.TOWN
    assert _crumbs(town) == [
        ("济南市", f"{URL}?as_of={AS_OF}"),
        ("历下区", f"{URL}?division=370102&as_of={AS_OF}"),
        ("解放路街道", None),
    ]
    stations = town.find(data_testid="stations-table").find("tbody").find_all("tr")
    assert [row.find("a").text for row in stations] == ["解放路街道社工站"]
    assert _rows_text(town, "service_hours-table")["2024-06-10 当周"] == "20"
    caseload = _rows_text(town, "caseload-table")
    assert (caseload["一户一档"], caseload["探访逾期"]) == ("2", "1")
    assert _findings(town) == [("JN-07", "2")]
    assert town.find(data_testid="findings-table").find("tbody").find("a").attrs["href"] == (
        "/policy/findings/?rule=JN-07&state=open&within=370102001"
    )
    # The as-of form keeps the town when the day changes.
    assert town.find(data_testid="as-of-form").find("input", name="division").attrs["value"] == ("370102001")


def test_town_b_counts_only_its_own_station_hours_and_households(client, jinan_officer, towns):
    client.force_login(jinan_officer)

    page = parse(client.get(URL, {"division": "370102002", "as_of": AS_OF}).content)

    stations = page.find(data_testid="stations-table").find("tbody").find_all("tr")
    assert [row.find("a").text for row in stations] == ["趵突泉街道社工站"]
    assert _rows_text(page, "service_hours-table")["2024-06-10 当周"] == "7"
    caseload = _rows_text(page, "caseload-table")
    assert (caseload["一户一档"], caseload["探访逾期"]) == ("1", "1")
    assert _findings(page) == [("JN-04", "1")]


def test_a_district_officer_drills_into_a_town_of_their_district(client, lixia_officer, towns):
    client.force_login(lixia_officer)

    page = parse(client.get(URL, {"division": "370102001"}).content)

    assert _crumbs(page) == [("历下区", URL), ("解放路街道", None)]
    assert _findings(page) == [("JN-07", "2")]


@pytest.mark.parametrize("code", ["370102001", "370102", "370102002"])
def test_a_district_officer_gets_404_for_a_division_of_another_district(client, licheng_officer, towns, code):
    client.force_login(licheng_officer)

    assert client.get(URL, {"division": code}).status_code == 404


def test_a_town_officer_gets_404_for_a_sibling_town_and_may_open_their_own(client, divisions, towns):
    officer = UserFactory(role=Role.TOWN_OFFICER, division=towns["a"])
    client.force_login(officer)

    assert client.get(URL, {"division": "370102002"}).status_code == 404
    assert client.get(URL, {"division": "370102"}).status_code == 404  # their district is above them
    response = client.get(URL, {"division": "370102001"})
    assert response.status_code == 200
    assert _crumbs(parse(response.content)) == [("解放路街道", None)]


@pytest.mark.parametrize("code", ["370102999", "440304", "440304001"])
def test_an_unknown_code_or_one_outside_the_jurisdiction_answers_404(client, jinan_officer, towns, code):
    client.force_login(jinan_officer)

    assert client.get(URL, {"division": code}).status_code == 404


@pytest.mark.parametrize("code", ["abc", "3701", "37010200", "370102001002", "370102001x", "３７０１０２"])
def test_a_malformed_code_answers_400_with_a_chinese_message(client, jinan_officer, towns, code):
    client.force_login(jinan_officer)

    response = client.get(URL, {"division": code})

    assert response.status_code == 400
    alert = parse(response.content).find(data_testid="division-error")
    assert alert.text == (
        f"“{code}”不是区县（6位数字）或乡镇（街道）（9位数字）的区划代码，请在社工站覆盖情况表中选择。"
    )
    assert response.context["dashboard"].division.code == "3701"  # the officer's own dashboard instead


def test_users_of_an_organisation_may_not_drill_down(client, divisions, towns):
    provider = OrganizationFactory(division=divisions["370102"])
    client.force_login(UserFactory(role=Role.ORG_ADMIN, organization=provider))

    assert client.get(URL, {"division": "370102001"}).status_code == 404


def test_a_system_administrator_drills_into_any_town(client, system_admin, towns):
    client.force_login(system_admin)

    page = parse(client.get(URL, {"division": "370112001"}).content)

    assert _crumbs(page) == [("数据看板", URL), ("历城区", f"{URL}?division=370112"), ("山大路街道", None)]
    assert _findings(page) == [("JN-05", "1")]


def test_the_drilled_town_dashboard_costs_the_same_queries_with_more_data(
    client, jinan_officer, towns, divisions, django_assert_max_num_queries
):
    client.force_login(jinan_officer)
    params = {"division": "370102001", "as_of": AS_OF}
    with django_assert_max_num_queries(30) as small:
        assert client.get(URL, params).status_code == 200
    station = Station.objects.get(division=towns["a"])
    for n in range(5):
        staff = StationStaffFactory(station=station, name=f"员工{n}")
        ServiceHoursFactory(staff=staff, week_start=d(2024, 6, 10), hours=3)
        CaseFactory(household=HouseholdFactory(division=divisions["370102001003"]))
        _finding(towns["a"], f"JN-1{n}")
        PractitionerFactory(division=towns["a"], filing_state=FilingState.FILED)

    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(URL, params).status_code == 200


def test_the_drilled_district_dashboard_costs_a_bounded_number_of_queries(
    client, jinan_officer, towns, django_assert_max_num_queries
):
    client.force_login(jinan_officer)
    params = {"division": "370102", "as_of": AS_OF}
    with django_assert_max_num_queries(40) as small:
        assert client.get(URL, params).status_code == 200
    for n in range(5):
        town = _town(f"37010201{n}", f"第{n}街道", f"37010201{n}001")
        _station_with_hours(town, f"第{n}站", 3)
        _finding(towns["b"], f"JN-2{n}")

    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(URL, params).status_code == 200


def test_the_public_dashboard_says_why_the_practitioner_count_has_no_link(client, divisions):
    page = parse(client.get(reverse("reports:public-dashboard")).content)

    count = page.find(data_testid="public-practitioners")
    assert count.find_all("a") == []
    assert count.attrs["title"] == "仅公布人数：从业人员名单含个人信息，不予公开。"
    assert "仅公布人数" in count.parent.find(cls="visually-hidden").text


def test_a_drill_down_link_without_a_day_shows_today_without_a_form_error(client, jinan_officer, towns):
    client.force_login(jinan_officer)

    response = client.get(URL, {"division": "370102"})

    assert response.status_code == 200
    assert response.context["form"].errors == {}
    assert response.context["dashboard"].as_of == timezone.localdate()
    assert parse(response.content).find(data_testid="drill-370102001").attrs["href"] == (
        f"{URL}?division=370102001"
    )


def test_a_drilled_town_without_findings_names_the_town_not_your_jurisdiction(client, jinan_officer, towns):
    _town("370102003", "大明湖街道", "370102003001")
    client.force_login(jinan_officer)

    text = client.get(URL, {"division": "370102003"}, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert "大明湖街道没有待整改问题。" in text
    assert "您的管辖区域" not in text
