"""The findings ledger: idempotent scans, resolution, waivers, past-date scans, bounded queries."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from shegong.common.models import AuditEntry
from shegong.policy.models import Finding, FindingState, ScanRun
from shegong.policy.scanning import scan
from shegong.policy.services import finding_waive
from shegong.procurement.tests.factories import ProjectBudgetFactory, ProjectFactory, budget_with

pytestmark = pytest.mark.django_db

IN_FORCE = datetime.date(2022, 6, 30)
BUDGET_RULES = ["SZ-13b", "SZ-13c", "SZ-13d", "SZ-06b"]


@pytest.fixture
def bad_budget(divisions):
    """A Futian budget whose labour share is 84.9 % (SZ-13c) and otherwise compliant."""
    project = ProjectFactory(name="福田区长者服务项目", purchaser_division=divisions["440304"])
    return ProjectBudgetFactory(project=project, **budget_with(Decimal("1700000"), Decimal("0.849")))


def test_scan_opens_a_finding_with_everything_needed_to_explain_it(bad_budget):
    report = scan(as_of=IN_FORCE, rule_ids=["SZ-13c"], record=True)

    finding = Finding.objects.get()
    assert report.opened == 1
    assert finding.rule_id == "SZ-13c"
    assert finding.rule_version == 1
    assert finding.clause == "(十三)"
    assert finding.subject_id == str(bad_budget.pk)
    assert finding.division_id == "440304"
    assert finding.measured == "0.8490"
    assert finding.threshold == "0.85"
    assert finding.parameters == {"labour_cost_share_min": "0.85"}
    assert finding.inputs["labour_cost"] == "1443300.00"
    assert finding.explanation_zh.startswith(
        "人力成本占比 84.9%，低于《深圳市关于提升社会工作服务水平的若干措施》第（十三）条"
    )
    assert finding.state == FindingState.OPEN
    assert finding.first_seen == finding.last_seen == IN_FORCE


def test_rescanning_is_idempotent(bad_budget):
    scan(as_of=IN_FORCE, record=True)
    before = list(Finding.objects.values_list("id", "rule_id", "state", "first_seen", "last_seen"))

    report = scan(as_of=IN_FORCE, record=True)

    assert report.opened == 0 and report.resolved == 0
    assert list(Finding.objects.values_list("id", "rule_id", "state", "first_seen", "last_seen")) == before


def test_a_fixed_budget_resolves_its_finding_on_the_next_scan(bad_budget):
    scan(as_of=IN_FORCE, rule_ids=["SZ-13c"], record=True)
    for name, value in budget_with(Decimal("1700000"), Decimal("0.86")).items():
        setattr(bad_budget, name, value)
    bad_budget.save()

    report = scan(as_of=IN_FORCE + datetime.timedelta(days=1), rule_ids=["SZ-13c"], record=True)

    finding = Finding.objects.get()
    assert report.resolved == 1
    assert finding.state == FindingState.RESOLVED
    assert finding.resolved_on == IN_FORCE + datetime.timedelta(days=1)


def test_a_scan_as_of_a_past_date_does_not_touch_todays_ledger(bad_budget):
    report = scan(as_of=IN_FORCE, rule_ids=["SZ-13c"])

    assert len(report.rows) == 1
    assert report.recorded is False
    assert not Finding.objects.exists()
    assert not ScanRun.objects.exists()


def test_as_of_today_the_lapsed_shenzhen_measures_resolve_open_findings(bad_budget):
    scan(as_of=IN_FORCE, rule_ids=["SZ-13c"], record=True)

    report = scan(as_of=timezone.localdate(), rule_ids=["SZ-13c"])

    assert report.recorded is True
    assert report.rules_not_in_force == ["SZ-13c"]
    assert report.rows == []
    assert Finding.objects.get().state == FindingState.RESOLVED


def test_waived_finding_stays_waived_and_is_audited(bad_budget, divisions):
    from shegong.accounts.models import Role
    from shegong.accounts.tests.factories import UserFactory

    officer = UserFactory(role=Role.DISTRICT_OFFICER, division=divisions["440304"])
    scan(as_of=IN_FORCE, rule_ids=["SZ-13c"], record=True)
    finding = Finding.objects.get()

    finding_waive(actor=officer, finding=finding, reason="区财政专项说明已备案")
    scan(as_of=IN_FORCE + datetime.timedelta(days=1), rule_ids=["SZ-13c"], record=True)

    finding.refresh_from_db()
    assert finding.state == FindingState.WAIVED
    assert finding.waived_by == officer
    assert finding.waive_reason == "区财政专项说明已备案"
    assert finding.last_seen == IN_FORCE + datetime.timedelta(days=1)
    entry = AuditEntry.objects.get(object_type="policy.finding")
    assert entry.before["state"] == "open" and entry.after["state"] == "waived"


def test_waiver_needs_a_reason_and_changes_nothing_without_one(bad_budget, divisions):
    from shegong.accounts.models import Role
    from shegong.accounts.tests.factories import UserFactory

    officer = UserFactory(role=Role.DISTRICT_OFFICER, division=divisions["440304"])
    scan(as_of=IN_FORCE, rule_ids=["SZ-13c"], record=True)
    finding = Finding.objects.get()

    with pytest.raises(ValidationError):
        finding_waive(actor=officer, finding=finding, reason="  ")

    finding.refresh_from_db()
    assert finding.state == FindingState.OPEN
    assert not AuditEntry.objects.exists()


def _many_bad_budgets(division, rows):
    from shegong.procurement.models import ProjectBudget

    project = ProjectFactory(purchaser_division=division, headcount=10, professional_posts=1)
    lines = budget_with(Decimal("100000"), Decimal("0.5"))
    ProjectBudget.objects.bulk_create(
        [
            ProjectBudget(
                project=project,
                year=1000 + i,
                person_years=Decimal("1"),
                supervised_worker_months=100,
                **lines,
            )
            for i in range(rows)
        ]
    )


@pytest.mark.parametrize("rows", [10, 1000])
def test_scan_query_count_is_the_same_for_10_and_1000_subjects(divisions, rows, django_assert_num_queries):
    _many_bad_budgets(divisions["440304"], rows)

    from django.db import connection

    # One per budget rule, whatever the number of budgets; on PostgreSQL the scan also turns JIT
    # compilation off and back on (two statements, see scanning._without_jit).
    session = 2 if connection.vendor == "postgresql" else 0
    with django_assert_num_queries(4 + session):
        report = scan(as_of=IN_FORCE, rule_ids=BUDGET_RULES)

    assert len(report.rows) == 4 * rows


def test_ledger_writes_only_add_batched_inserts_as_subjects_grow(divisions):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def non_insert_queries(rows):
        Finding.objects.all().delete()
        _many_bad_budgets(divisions["440304"], rows)
        with CaptureQueriesContext(connection) as captured:
            scan(as_of=IN_FORCE, record=True, rule_ids=BUDGET_RULES)
        return [q["sql"].split()[0] for q in captured.captured_queries if not q["sql"].startswith("INSERT")]

    small = non_insert_queries(10)
    large = non_insert_queries(1000)

    assert small == large
    assert Finding.objects.count() == 4 * 1010


def test_scan_command_prints_findings_as_json(bad_budget, capsys):
    call_command("scan", "--as-of", "2022-06-30", "--rule", "SZ-13c", "--format", "json")

    import json

    payload = json.loads(capsys.readouterr().out)
    assert payload["recorded"] is False
    assert [f["rule"] for f in payload["findings"]] == ["SZ-13c"]
    assert payload["findings"][0]["explanation"].startswith("人力成本占比 84.9%")


def test_scan_command_refuses_an_unknown_rule_in_chinese():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="未知的规则编号：XX-99"):
        call_command("scan", "--rule", "XX-99")


def test_scan_command_refuses_a_bad_date_in_chinese():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="日期格式应为 YYYY-MM-DD"):
        call_command("scan", "--as-of", "2022-13-01")
