"""Re-scans: found findings that did not change cost one UPDATE per chunk, not a rewrite per field."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shegong.policy import scanning
from shegong.policy.models import Finding, FindingState
from shegong.policy.scanning import scan
from shegong.procurement.tests.factories import ProjectBudgetFactory, ProjectFactory, budget_with

pytestmark = pytest.mark.django_db

IN_FORCE = datetime.date(2022, 6, 30)
NEXT_DAY = IN_FORCE + datetime.timedelta(days=1)
# Columns a re-scan with nothing changed must leave as they were.
LEDGER_COLUMNS = [
    f.attname for f in Finding._meta.concrete_fields if f.attname not in ("as_of", "last_seen", "updated_at")
]


def _bad_budgets(divisions, count: int) -> list:
    """Futian budgets whose labour share is 84.9 % (each one an SZ-13c finding)."""
    budgets = []
    for number in range(count):
        project = ProjectFactory(name=f"福田区长者服务项目{number}", purchaser_division=divisions["440304"])
        budgets.append(
            ProjectBudgetFactory(project=project, **budget_with(Decimal("1700000"), Decimal("0.849")))
        )
    return budgets


def _ledger() -> list[tuple]:
    return list(Finding.objects.order_by("pk").values_list(*LEDGER_COLUMNS))


def _rescan_queries(divisions, count: int) -> int:
    Finding.objects.all().delete()
    _bad_budgets(divisions, count)
    scan(as_of=IN_FORCE, rule_ids=["SZ-13c"], record=True)
    with CaptureQueriesContext(connection) as queries:
        scan(as_of=NEXT_DAY, rule_ids=["SZ-13c"], record=True)
    return len(queries)


def test_rescan_with_nothing_changed_costs_the_same_queries_for_3_or_30_findings(divisions):
    few = _rescan_queries(divisions, 3)
    many = _rescan_queries(divisions, 30)

    assert Finding.objects.filter(rule_id="SZ-13c").count() == 33
    assert many == few


def test_rescan_with_nothing_changed_only_moves_the_dates_forward(divisions, django_assert_max_num_queries):
    _bad_budgets(divisions, 25)
    scan(as_of=IN_FORCE, rule_ids=["SZ-13c"], record=True)
    before = _ledger()
    stamped = dict(Finding.objects.values_list("pk", "updated_at"))

    with django_assert_max_num_queries(12) as queries:
        report = scan(as_of=NEXT_DAY, rule_ids=["SZ-13c"], record=True)

    finding_updates = [
        q["sql"] for q in queries.captured_queries if q["sql"].startswith('UPDATE "policy_finding"')
    ]
    assert len(finding_updates) == 1
    assert "CASE" not in finding_updates[0]

    assert report.opened == 0 and report.resolved == 0
    assert _ledger() == before
    assert set(Finding.objects.values_list("as_of", "last_seen")) == {(NEXT_DAY, NEXT_DAY)}
    assert all(f.updated_at > stamped[f.pk] for f in Finding.objects.all())
    assert set(Finding.objects.values_list("first_seen", flat=True)) == {IN_FORCE}


def test_unchanged_ids_are_updated_in_chunks(divisions, monkeypatch):
    _bad_budgets(divisions, 5)
    scan(as_of=IN_FORCE, rule_ids=["SZ-13c"], record=True)
    monkeypatch.setattr(scanning, "_ID_CHUNK", 2)

    with CaptureQueriesContext(connection) as queries:
        scan(as_of=NEXT_DAY, rule_ids=["SZ-13c"], record=True)

    date_updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "policy_finding" SET "as_of"')]
    assert len(date_updates) == 3
    assert Finding.objects.filter(last_seen=NEXT_DAY).count() == 5


def test_a_changed_measurement_is_rewritten_and_the_rest_only_dated(divisions):
    budgets = _bad_budgets(divisions, 3)
    scan(as_of=IN_FORCE, rule_ids=["SZ-13c"], record=True)
    changed = budgets[0]
    for name, value in budget_with(Decimal("1700000"), Decimal("0.80")).items():
        setattr(changed, name, value)
    changed.save()

    scan(as_of=NEXT_DAY, rule_ids=["SZ-13c"], record=True)

    finding = Finding.objects.get(subject_id=str(changed.pk))
    assert finding.measured == "0.8000"
    assert finding.inputs["labour_cost"] == "1360000.00"
    assert finding.explanation_zh.startswith("人力成本占比 80.0%")
    assert finding.last_seen == NEXT_DAY and finding.first_seen == IN_FORCE
    others = Finding.objects.exclude(pk=finding.pk)
    assert set(others.values_list("measured", "last_seen")) == {("0.8490", NEXT_DAY)}


def test_a_resolved_finding_found_again_reopens(divisions):
    (budget,) = _bad_budgets(divisions, 1)
    scan(as_of=IN_FORCE, rule_ids=["SZ-13c"], record=True)
    good = budget_with(Decimal("1700000"), Decimal("0.86"))
    bad = budget_with(Decimal("1700000"), Decimal("0.849"))
    for name, value in good.items():
        setattr(budget, name, value)
    budget.save()
    scan(as_of=NEXT_DAY, rule_ids=["SZ-13c"], record=True)
    assert Finding.objects.get().state == FindingState.RESOLVED
    for name, value in bad.items():
        setattr(budget, name, value)
    budget.save()

    report = scan(as_of=NEXT_DAY + datetime.timedelta(days=1), rule_ids=["SZ-13c"], record=True)

    finding = Finding.objects.get()
    assert report.opened == 0
    assert finding.state == FindingState.OPEN
    assert finding.resolved_on is None
    assert finding.last_seen == NEXT_DAY + datetime.timedelta(days=1)


def test_a_second_scan_the_same_day_writes_nothing(divisions):
    _bad_budgets(divisions, 4)
    scan(as_of=IN_FORCE, rule_ids=["SZ-13c"], record=True)
    before = list(
        Finding.objects.order_by("pk").values_list(*LEDGER_COLUMNS, "as_of", "last_seen", "updated_at")
    )

    with CaptureQueriesContext(connection) as queries:
        report = scan(as_of=IN_FORCE, rule_ids=["SZ-13c"], record=True)

    assert len(report.rows) == 4 and report.opened == report.resolved == 0
    assert not [q["sql"] for q in queries if q["sql"].startswith('UPDATE "policy_finding"')]
    after = list(
        Finding.objects.order_by("pk").values_list(*LEDGER_COLUMNS, "as_of", "last_seen", "updated_at")
    )
    assert after == before


def test_a_waived_finding_keeps_its_state_when_rewritten_beside_one_that_reopens(divisions):
    from shegong.accounts.models import Role
    from shegong.accounts.tests.factories import UserFactory
    from shegong.policy.services import finding_waive

    officer = UserFactory(role=Role.DISTRICT_OFFICER, division=divisions["440304"])
    waived_budget, reopened_budget = _bad_budgets(divisions, 2)
    scan(as_of=IN_FORCE, rule_ids=["SZ-13c"], record=True)
    finding_waive(
        actor=officer, finding=Finding.objects.get(subject_id=str(waived_budget.pk)), reason="整改中"
    )
    for name, value in budget_with(Decimal("1700000"), Decimal("0.86")).items():
        setattr(reopened_budget, name, value)
    reopened_budget.save()
    scan(as_of=NEXT_DAY, rule_ids=["SZ-13c"], record=True)
    for budget, share in ((waived_budget, "0.80"), (reopened_budget, "0.849")):
        for name, value in budget_with(Decimal("1700000"), Decimal(share)).items():
            setattr(budget, name, value)
        budget.save()

    later = NEXT_DAY + datetime.timedelta(days=1)
    scan(as_of=later, rule_ids=["SZ-13c"], record=True)

    waived = Finding.objects.get(subject_id=str(waived_budget.pk))
    assert (waived.state, waived.measured, waived.last_seen) == (FindingState.WAIVED, "0.8000", later)
    assert waived.waive_reason == "整改中"
    reopened = Finding.objects.get(subject_id=str(reopened_budget.pk))
    assert (reopened.state, reopened.resolved_on, reopened.last_seen) == (FindingState.OPEN, None, later)
