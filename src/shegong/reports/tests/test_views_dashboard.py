"""The dashboard: targets, findings by rule and coverage for the viewer's level, every number a link."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.common.tests.html import parse
from shegong.policy.models import Finding
from shegong.stations.tests.factories import StationFactory

pytestmark = pytest.mark.django_db

URL = reverse("reports:dashboard")


def _finding(division, rule, state="open", n=0):
    day = datetime.date(2022, 6, 30)
    return Finding.objects.create(
        rule_id=rule,
        rule_version=1,
        document="jinan-2021-station-plan",
        clause="三(二)",
        severity="high",
        subject_type="stations.station",
        subject_id=f"{division.code}-{n}",
        subject_repr=division.name,
        division=division,
        as_of=day,
        measured="2",
        threshold="3",
        explanation_zh=rule,
        explanation_en=rule,
        first_seen=day,
        last_seen=day,
        state=state,
    )


@pytest.fixture
def jinan_data(divisions):
    StationFactory(division=divisions["370102001"], opened_on=datetime.date(2021, 3, 1))
    for n in range(3):
        _finding(divisions["370102001"], "JN-04", n=n)
    _finding(divisions["370112001"], "JN-07")
    _finding(divisions["370112001"], "JN-07", state="resolved", n=1)


def test_city_officer_sees_the_jinan_target_with_its_figure_and_deadline(client, jinan_officer, jinan_data):
    client.force_login(jinan_officer)

    document = parse(client.get(URL, {"as_of": "2022-06-01"}).content)

    row = document.find(data_testid="target-JN-01")
    assert [cell.text for cell in row.find_all("td")][:5] == [
        "JN-01",
        "济南市建有社工站的街道（镇） 规划数为 161 个，区划数据中为 2 个。",
        "1",
        "2",
        "2021-12-31",
    ]
    assert row.find("a").attrs["href"] == "/stations/coverage/3701/"


def test_findings_by_rule_link_to_the_filtered_findings_list(client, jinan_officer, jinan_data):
    client.force_login(jinan_officer)

    table = parse(client.get(URL).content).find(data_testid="findings-table")

    links = [(a.text, a.attrs["href"]) for a in table.find_all("a")]
    assert links == [
        ("3", "/policy/findings/?rule=JN-04&state=open"),
        ("1", "/policy/findings/?rule=JN-07&state=open"),
        ("4", "/policy/findings/?state=open"),
    ]


def test_a_district_officer_sees_the_district_only(client, lixia_officer, jinan_data):
    client.force_login(lixia_officer)

    response = client.get(URL)
    document = parse(response.content)

    assert document.find_all(data_testid="target-JN-01") == []
    assert [a.text for a in document.find(data_testid="findings-table").find_all("a")] == ["3", "3"]
    coverage = document.find(data_testid="coverage-table")
    assert [td.text for td in coverage.find("tbody").find("tr").find_all("td")] == [
        "解放路街道 数据看板",  # the town's list, then its dashboard (drill-down)
        "1",
        "1",
        "2",
        "0",
    ]


def test_charts_have_alt_text_and_their_data_block(client, jinan_officer, jinan_data):
    client.force_login(jinan_officer)

    response = client.get(URL, {"as_of": "2022-06-01"})
    document = parse(response.content)

    charts = {
        el.attrs["data-chart"]: el.attrs["aria-label"] for el in document.iter() if "data-chart" in el.attrs
    }
    assert charts["findings"] == "按规则统计的待整改问题条形图，共 4 条：JN-04 3、JN-07 1。"
    assert set(charts) == {"targets", "findings", "coverage", "training_hours", "caseload"}
    data = response.context["charts"]
    assert data["findings"]["urls"] == [
        "/policy/findings/?rule=JN-04&state=open",
        "/policy/findings/?rule=JN-07&state=open",
    ]
    assert '<script id="reports-chart-data" type="application/json">' in response.content.decode()


def test_a_social_worker_may_not_open_the_dashboard(client, divisions):
    worker = UserFactory(role=Role.SOCIAL_WORKER, division=divisions["370102"])
    client.force_login(worker)

    assert client.get(URL).status_code == 403


def _queries(client):
    with CaptureQueriesContext(connection) as context:
        assert client.get(URL).status_code == 200
    return len(context.captured_queries)


def test_dashboard_query_count_does_not_grow_with_the_data(client, jinan_officer, divisions):
    client.force_login(jinan_officer)
    StationFactory(division=divisions["370102001"], opened_on=datetime.date(2021, 3, 1))
    _finding(divisions["370102001"], "JN-00")
    small = _queries(client)

    StationFactory(division=divisions["370112001"], opened_on=datetime.date(2021, 3, 1))
    for n in range(1, 30):
        _finding(divisions["370112001"], f"JN-{n:02d}")

    assert _queries(client) == small <= 26
