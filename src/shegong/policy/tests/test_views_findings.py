"""Findings pages: scoped list with filters and Excel export, detail with clause text, waiver, scan."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.policy.models import Finding, FindingState
from shegong.policy.scanning import scan
from shegong.procurement.tests.factories import ProjectBudgetFactory, ProjectFactory, budget_with

pytestmark = pytest.mark.django_db

IN_FORCE = datetime.date(2022, 6, 30)


@pytest.fixture
def futian_officer(divisions):
    return UserFactory(username="futian", role=Role.DISTRICT_OFFICER, division=divisions["440304"])


@pytest.fixture
def findings(divisions):
    from shegong.geo.tests.factories import make_division

    luohu = make_division("440303", "罗湖区")
    for division, name in [(divisions["440304"], "=SUM(1)福田项目"), (luohu, "罗湖项目")]:
        project = ProjectFactory(name=name, purchaser_division=division)
        ProjectBudgetFactory(project=project, **budget_with(Decimal("1700000"), Decimal("0.80")))
    scan(as_of=IN_FORCE, rule_ids=["SZ-13c"], record=True)
    return Finding.objects.all()


def test_list_is_scoped_to_the_officers_district(client, futian_officer, findings):
    client.force_login(futian_officer)

    response = client.get(reverse("policy:finding-list"))

    assert response.status_code == 200
    assert "=SUM(1)福田项目" in response.text
    assert "罗湖项目" not in response.text


@pytest.mark.parametrize("rows", [2, 20])
def test_list_query_count_does_not_grow(
    client, divisions, futian_officer, rows, django_assert_max_num_queries
):
    project = ProjectFactory(purchaser_division=divisions["440304"])
    for year in range(rows):
        ProjectBudgetFactory(
            project=project, year=2000 + year, **budget_with(Decimal("1700000"), Decimal("0.8"))
        )
    scan(as_of=IN_FORCE, rule_ids=["SZ-13c"], record=True)
    client.force_login(futian_officer)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("policy:finding-list"))

    assert response.status_code == 200


def test_filter_by_state(client, futian_officer, findings):
    client.force_login(futian_officer)

    assert client.get(reverse("policy:finding-list"), {"state": "waived"}).context["page"].count == 0
    assert client.get(reverse("policy:finding-list"), {"state": "open"}).context["page"].count == 1


def test_bad_filter_is_a_chinese_error_not_a_crash(client, futian_officer, findings):
    client.force_login(futian_officer)

    response = client.get(reverse("policy:finding-list"), {"within": "12345"}, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 400
    assert "区划代码" in response.text


def test_excel_export_has_filters_headers_and_neutralised_formulas(client, futian_officer, findings):
    client.force_login(futian_officer)

    response = client.get(
        reverse("policy:finding-list"), {"state": "open", "export": "xlsx"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "问题台账"
    assert any(row[0] == "状态：待整改" for row in values)
    header = values.index(next(row for row in values if row[0] == "规则"))
    assert sheet.freeze_panes == f"A{header + 2}"
    subjects = [row[4] for row in values[header + 1 :]]
    assert subjects == ["'=SUM(1)福田项目 2022"]


def test_detail_shows_the_clause_text_and_waiving_works(client, futian_officer, findings):
    finding = findings.get(division_id="440304")
    client.force_login(futian_officer)

    page = client.get(reverse("policy:finding-detail", args=[finding.pk]))
    response = client.post(reverse("policy:finding-detail", args=[finding.pk]), {"reason": "已约谈整改"})

    assert "人力成本" in page.text and "85%" in page.text
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.state == FindingState.WAIVED


def test_waiver_without_reason_shows_chinese_error_and_changes_nothing(client, futian_officer, findings):
    finding = findings.get(division_id="440304")
    client.force_login(futian_officer)

    response = client.post(
        reverse("policy:finding-detail", args=[finding.pk]), {"reason": ""}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    assert response.status_code == 400
    assert "该字段是必填项" in response.text
    finding.refresh_from_db()
    assert finding.state == FindingState.OPEN


def test_finding_outside_scope_is_404(client, futian_officer, findings):
    other = findings.get(division_id="440303")
    client.force_login(futian_officer)

    assert client.get(reverse("policy:finding-detail", args=[other.pk])).status_code == 404


def test_social_worker_cannot_scan_or_waive(client, divisions, findings):
    worker = UserFactory(role=Role.SOCIAL_WORKER, division=divisions["440304"])
    finding = findings.get(division_id="440304")
    client.force_login(worker)

    assert client.post(reverse("policy:scan")).status_code == 403
    assert (
        client.post(reverse("policy:finding-detail", args=[finding.pk]), {"reason": "x"}).status_code == 403
    )
    finding.refresh_from_db()
    assert finding.state == FindingState.OPEN


def test_officer_scan_from_the_ui_stays_in_the_jurisdiction(client, futian_officer, findings):
    client.force_login(futian_officer)

    response = client.post(reverse("policy:scan"), {"rule": "SZ-13c"})

    # As of today the Shenzhen measures have lapsed: the Futian finding resolves, Luohu's is untouched.
    assert response.status_code == 302
    assert findings.get(division_id="440304").state == FindingState.RESOLVED
    assert findings.get(division_id="440303").state == FindingState.OPEN


def test_findings_api_is_scoped(client, futian_officer, findings):
    client.force_login(futian_officer)

    body = client.get("/api/v1/findings/").json()

    assert body["count"] == 1
    assert body["results"][0]["division"] == "440304"
    other = findings.get(division_id="440303")
    assert client.get(f"/api/v1/findings/{other.pk}/").status_code == 404
