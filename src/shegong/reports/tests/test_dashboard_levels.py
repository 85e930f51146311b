"""Dashboards per level (issue 10): a town's, an organisation's and the public's, every number a link."""

import datetime

import pytest
from django.urls import reverse

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.cases.models import CaseStep
from shegong.cases.tests.factories import CaseFactory, HouseholdFactory
from shegong.common.tests.html import parse
from shegong.geo.tests.factories import make_division
from shegong.organizations.tests.factories import OrganizationFactory
from shegong.policy.models import Finding
from shegong.procurement.tests.factories import EvaluationFactory, ProjectBudgetFactory, ProjectFactory
from shegong.reports import selectors
from shegong.stations.tests.factories import (
    ServiceHoursFactory,
    ServicePointFactory,
    StationFactory,
    StationStaffFactory,
)
from shegong.workforce.models import FilingState
from shegong.workforce.tests.factories import PractitionerFactory

pytestmark = pytest.mark.django_db

URL = reverse("reports:dashboard")
PUBLIC_URL = reverse("reports:public-dashboard")
d = datetime.date


def _finding(division, rule, *, organization=None, n=0):
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
        organization=organization,
        as_of=day,
        measured="2",
        threshold="3",
        explanation_zh=rule,
        explanation_en=rule,
        first_seen=day,
        last_seen=day,
    )


@pytest.fixture
def town_officer(divisions):
    return UserFactory(username="jiefang_officer", role=Role.TOWN_OFFICER, division=divisions["370102001"])


@pytest.fixture
def provider(divisions):
    return OrganizationFactory(name="历下区阳光社工服务中心", division=divisions["370102"])


@pytest.fixture
def town_data(divisions, provider):
    """A station in 解放路街道 (Lixia) run by the provider, and the same in 山大路街道 (Licheng)."""
    station = StationFactory(division=divisions["370102001"], provider=provider, name="解放路街道社工站")
    StationFactory(division=divisions["370112001"], name="山大路街道社工站")
    staff = StationStaffFactory(station=station, name="张某")
    for week, hours in ((d(2024, 6, 3), 20), (d(2024, 6, 10), 31)):
        ServiceHoursFactory(staff=staff, week_start=week, hours=hours)
    household = HouseholdFactory(division=divisions["370102001002"])
    CaseFactory(household=household, step=CaseStep.IDENTIFY, next_visit_due=d(2000, 1, 1))
    HouseholdFactory(division=divisions["370112001001"])
    _finding(divisions["370102001"], "JN-07", n=1)
    _finding(divisions["370102001"], "JN-07", n=2)
    _finding(divisions["370112001"], "JN-04")
    return station


# Town ----------------------------------------------------------------------------------------------


def test_a_town_officer_sees_the_town_station_hours_households_and_findings(client, town_officer, town_data):
    client.force_login(town_officer)

    response = client.get(URL, {"as_of": "2024-06-20"})
    page = parse(response.content)

    assert response.context["page_title"] == "数据看板：解放路街道"
    stations = page.find(data_testid="stations-table").find("tbody").find_all("tr")
    assert [row.find("a").text for row in stations] == ["解放路街道社工站"]
    assert stations[0].find("a").attrs["href"] == f"/stations/{town_data.pk}/"
    hours = [(th.text, td.text) for th, td in _rows(page, "service_hours-table")]
    # The last four full weeks before the day shown.
    assert hours == [
        ("2024-05-20 当周", "0"),
        ("2024-05-27 当周", "0"),
        ("2024-06-03 当周", "20"),
        ("2024-06-10 当周", "31"),
    ]
    caseload = dict(_rows_text(page, "caseload-table"))
    assert caseload["一户一档"] == "1"
    assert caseload["探访逾期"] == "1"
    findings = page.find(data_testid="findings-table")
    assert [(a.text, a.attrs["href"]) for a in findings.find("tbody").find_all("a")] == [
        ("2", "/policy/findings/?rule=JN-07&state=open")
    ]
    assert page.find_all(data_testid="targets-table") == []
    assert page.find_all(data_testid="coverage-table") == []


def test_the_town_dashboard_counts_filings_due_by_status(client, town_officer, divisions, provider):
    from shegong.stations.tests.factories import SubmissionFactory

    station = StationFactory(
        division=divisions["370102001"],
        provider=provider,
        service_contract_signed_on=d(2024, 1, 1),
        opened_on=d(2024, 1, 1),
    )
    SubmissionFactory(
        station=station,
        division=divisions["370102001"],
        kind="monthly_brief",
        period="2024-01",
        due_on=d(2024, 2, 10),
        submitted_on=d(2024, 2, 1),
    )
    client.force_login(town_officer)

    page = parse(client.get(URL, {"as_of": "2024-06-20"}).content)

    filings = dict(_rows_text(page, "filings-table"))
    assert filings["按时提交"] == "1"
    assert int(filings["逾期未交"]) >= 4  # the briefs of February to May were not filed
    links = {a.attrs["href"] for a in page.find(data_testid="filings-table").find_all("a")}
    assert links == {"/stations/deadlines/?year=2024"}


def test_station_staff_see_the_town_view_of_their_organisations_stations(
    client, divisions, provider, town_data
):
    worker = UserFactory(role=Role.SOCIAL_WORKER, division=divisions["370102"], organization=provider)
    client.force_login(worker)

    response = client.get(URL, {"as_of": "2024-06-20"})
    page = parse(response.content)

    assert response.context["dashboard"].level == selectors.Level.TOWN
    assert response.context["page_title"] == "数据看板：历下区阳光社工服务中心"
    assert [
        row.find("a").text for row in page.find(data_testid="stations-table").find("tbody").find_all("tr")
    ] == ["解放路街道社工站"]
    # Households are the worker's own (none assigned to this worker), never the town's.
    assert dict(_rows_text(page, "caseload-table"))["一户一档"] == "0"


def test_a_user_without_a_jurisdiction_or_organisation_may_not_open_a_dashboard(client, divisions):
    client.force_login(UserFactory(role=Role.SOCIAL_WORKER, division=divisions["370102"]))

    assert client.get(URL).status_code == 403


def test_the_town_dashboard_costs_the_same_queries_with_more_data(
    client, town_officer, town_data, divisions, django_assert_max_num_queries
):
    client.force_login(town_officer)
    with django_assert_max_num_queries(30) as small:
        assert client.get(URL, {"as_of": "2024-06-20"}).status_code == 200
    for n in range(5):
        town = make_division(f"37010200{n + 5}", f"第{n}街道")
        station = StationFactory(division=town, name=f"第{n}站")
        staff = StationStaffFactory(station=station, name=f"员工{n}")
        ServiceHoursFactory(staff=staff, week_start=d(2024, 6, 10), hours=5)
        household = HouseholdFactory(division=divisions["370102001003"])
        CaseFactory(household=household)
        _finding(divisions["370102001"], f"JN-1{n}")

    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(URL, {"as_of": "2024-06-20"}).status_code == 200


# Organisation --------------------------------------------------------------------------------------


@pytest.fixture
def organization_data(divisions, provider):
    other = OrganizationFactory(name="历城区社会工作服务中心", division=divisions["370112"])
    running = ProjectFactory(
        purchaser_division=divisions["370102"],
        provider=provider,
        starts_on=d(2024, 1, 1),
        ends_on=d(2024, 12, 31),
    )
    ProjectBudgetFactory(project=running, year=2024)
    ProjectFactory(
        purchaser_division=divisions["370102"],
        provider=other,
        starts_on=d(2024, 1, 1),
        ends_on=d(2024, 12, 31),
    )
    PractitionerFactory(division=divisions["370102"], employer=provider, filing_state=FilingState.FILED)
    PractitionerFactory(division=divisions["370112"], employer=other, filing_state=FilingState.FILED)
    _finding(divisions["370102"], "SZ-06a", organization=provider)
    _finding(divisions["370112"], "SZ-06b", organization=other)
    return running


def test_an_organisation_administrator_sees_its_projects_budgets_staff_and_findings(
    client, divisions, provider, organization_data
):
    admin = UserFactory(role=Role.ORG_ADMIN, organization=provider)
    client.force_login(admin)

    response = client.get(URL, {"as_of": "2024-06-20"})
    page = parse(response.content)

    assert response.context["dashboard"].level == selectors.Level.ORGANIZATION
    assert response.context["page_title"] == "数据看板：历下区阳光社工服务中心"
    projects = page.find(data_testid="projects-table")
    assert [(a.text, a.attrs["href"]) for a in projects.find_all("a")] == [
        ("1", "/projects/?domain=community_building")
    ]
    assert [a.text for a in page.find(data_testid="budgets-table").find_all("a")] == ["1", "0"]
    assert sum(int(a.text) for a in page.find(data_testid="training_hours-table").find_all("a")) == 1
    findings = page.find(data_testid="findings-table").find("tbody")
    assert [(a.text, a.attrs["href"]) for a in findings.find_all("a")] == [
        ("1", "/policy/findings/?rule=SZ-06a&state=open")
    ]
    assert page.find_all(data_testid="targets-table") == []


def test_the_organisation_dashboard_costs_a_bounded_number_of_queries(
    client, provider, organization_data, divisions, django_assert_max_num_queries
):
    client.force_login(UserFactory(role=Role.ORG_ADMIN, organization=provider))
    for _n in range(5):
        ProjectFactory(purchaser_division=divisions["370102"], provider=provider, domain="mental_health")
        PractitionerFactory(division=divisions["370102"], employer=provider)

    with django_assert_max_num_queries(24):
        assert client.get(URL, {"as_of": "2024-06-20"}).status_code == 200


# Public --------------------------------------------------------------------------------------------


@pytest.fixture
def public_data(divisions, provider):
    station = StationFactory(division=divisions["370102001"], provider=provider)
    StationFactory(division=divisions["370102"], kind="district_hub", name="历下区社会工作服务总站")
    ServicePointFactory(station=station, villages=[divisions["370102001002"]])
    PractitionerFactory(division=divisions["370102"], name="公开不应出现", filing_state=FilingState.FILED)
    project = ProjectFactory(purchaser_division=divisions["370102"], provider=provider)
    EvaluationFactory(project=project, published_on=d(2024, 1, 10))
    EvaluationFactory(project=project, period=2, published_on=d(2024, 3, 10))
    EvaluationFactory(project=ProjectFactory(purchaser_division=divisions["370102"]))  # not published


def test_the_public_dashboard_shows_counts_and_coverage_by_district_with_links(client, public_data):
    response = client.get(PUBLIC_URL)
    page = parse(response.content)

    assert response.status_code == 200
    figures = [(th.text, a.text, a.attrs["href"]) for th, a in _rows_links(page, "public-figures")]
    assert figures == [
        ("街道（镇）社工站", "1", "/portal/stations/"),
        ("区县社会工作服务总站", "1", "/portal/stations/"),
        ("社工点", "1", "/portal/stations/"),
        ("已公开结果的项目", "1", "/projects/public/evaluations/"),
    ]
    assert page.find(data_testid="public-practitioners").text == "1"
    coverage = [
        [cell.text for cell in row.find_all("th") + row.find_all("td")]
        for row in page.find(data_testid="public-coverage").find("tbody").find_all("tr")
    ]
    assert coverage == [["历下区", "1", "1", "2", "1"], ["历城区", "1", "0", "2", "0"]]
    links = [a.attrs["href"] for a in page.find(data_testid="public-coverage").find_all("a")]
    assert links[0] == "/portal/stations/?division=370102"
    assert links[-1] == "/portal/stations/?division=3701"  # Licheng holds no station: its city
    assert "公开不应出现" not in response.content.decode()
    alt = {el.attrs["data-chart"]: el.attrs["aria-label"] for el in page.iter() if "data-chart" in el.attrs}
    assert (
        alt["coverage"]
        == "各区县已建与未建社工站的乡镇（街道）堆叠条形图：历下区 1 个中 1 个、历城区 1 个中 0 个。"
    )
    assert response.context["charts"]["coverage"]["urls"] == links[::5]


def test_the_public_dashboard_is_cacheable_and_does_not_vary_on_the_cookie(client, public_data):
    response = client.get(PUBLIC_URL)

    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=300"}
    assert "Cookie" not in response.get("Vary", "")
    assert "csrftoken" not in response.cookies


def test_the_public_dashboard_keeps_the_language_in_its_links(client, public_data):
    page = parse(client.get(PUBLIC_URL, {"lang": "en"}).content)

    figures = [(th.text, a.attrs["href"]) for th, a in _rows_links(page, "public-figures")]
    assert figures[0] == ("Town stations", "/portal/stations/?lang=en")
    assert [a.attrs["href"] for a in page.find(data_testid="public-coverage").find_all("a")][0] == (
        "/portal/stations/?division=370102&lang=en"
    )


def test_the_public_dashboard_costs_a_bounded_number_of_queries(
    client, public_data, divisions, django_assert_max_num_queries
):
    for code in ("370112001", "440304001"):
        station = StationFactory(division=divisions[code])
        ServicePointFactory(station=station, villages=[])
    with django_assert_max_num_queries(11):
        assert client.get(PUBLIC_URL).status_code == 200


def test_the_portal_home_links_to_the_public_dashboard(client):
    page = parse(client.get(reverse("portal:home")).content)

    assert page.find(data_testid="portal-dashboard").attrs["href"] == PUBLIC_URL


# Helpers -------------------------------------------------------------------------------------------


def _rows(page, testid):
    return [
        (row.find_all("th")[0], row.find_all("td")[0]) for row in page.find(data_testid=testid).find_all("tr")
    ]


def _rows_text(page, testid):
    return [(th.text, td.text) for th, td in _rows(page, testid)]


def _rows_links(page, testid):
    return [(th, td.find_all("a")[0]) for th, td in _rows(page, testid) if td.find_all("a")]
