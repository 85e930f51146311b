"""Visits: the next one falls due after the plan's own frequency; the caseload shows what is overdue."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from shegong.cases import selectors, services
from shegong.cases.models import Case, CaseStep, Visit
from shegong.cases.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned_case(household, worker):
    case = CaseFactory(household=household, step=CaseStep.PLAN, opened_on=datetime.date(2026, 1, 5))
    services.case_plan(
        actor=worker,
        case=case,
        visit_frequency_days=14,
        goals="稳定生活",
        steps="每两周走访",
        planned_on=datetime.date(2026, 1, 10),
    )
    return Case.objects.get(pk=case.pk)


def test_the_plan_sets_the_first_visit_due(planned_case):
    assert planned_case.next_visit_due == datetime.date(2026, 1, 24)


def test_a_visit_moves_the_next_visit_by_the_plans_frequency(planned_case, worker):
    visit = services.visit_log(
        actor=worker, case=planned_case, visited_on=datetime.date(2026, 2, 1), notes="老人独居"
    )

    assert Case.objects.get(pk=planned_case.pk).next_visit_due == datetime.date(2026, 2, 15)
    assert (visit.worker, Visit.objects.get(pk=visit.pk).notes) == (worker, "老人独居")


def test_visits_need_a_plan(household, worker):
    case = CaseFactory(household=household)

    with pytest.raises(ValidationError) as exc:
        services.visit_log(actor=worker, case=case, visited_on=datetime.date(2026, 1, 10))

    assert exc.value.messages == [str(services.VISIT_BEFORE_PLAN)]
    assert not Visit.objects.exists()


def test_the_caseload_counts_cases_and_overdue_visits(planned_case, household, worker):
    CaseFactory(household=household, step=CaseStep.ASSESS)
    CaseFactory(household=household, step=CaseStep.CLOSED)

    on_due_day = selectors.caseload(viewer=worker, today=datetime.date(2026, 1, 24))
    day_after = selectors.caseload(viewer=worker, today=datetime.date(2026, 1, 25))

    assert (on_due_day["open_count"], on_due_day["overdue_count"], on_due_day["household_count"]) == (2, 0, 1)
    assert list(day_after["overdue"]) == [planned_case]
    assert dict(day_after["by_step"])[CaseStep.PLAN.label] == 1


def test_logging_a_visit_clears_the_overdue_visit(planned_case, worker):
    today = datetime.date(2026, 2, 1)
    assert selectors.caseload(viewer=worker, today=today)["overdue_count"] == 1

    services.visit_log(actor=worker, case=planned_case, visited_on=datetime.date(2026, 1, 30))

    assert selectors.caseload(viewer=worker, today=today)["overdue_count"] == 0


def test_another_workers_caseload_is_empty(planned_case, other_worker):
    load = selectors.caseload(viewer=other_worker, today=datetime.date(2026, 2, 1))

    assert (load["open_count"], load["overdue_count"], load["household_count"]) == (0, 0, 0)


def test_visit_and_intervention_notes_are_not_stored_in_clear(planned_case, worker):
    from django.db import connection

    services.visit_log(
        actor=worker, case=planned_case, visited_on=datetime.date(2026, 2, 1), notes="孩子遭受校园欺凌"
    )
    Case.objects.filter(pk=planned_case.pk).update(step=CaseStep.INTERVENE)
    services.case_record_intervention(
        actor=worker, case=Case.objects.get(pk=planned_case.pk), method="危机介入", notes="有自伤念头"
    )

    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM cases_visit UNION ALL SELECT notes FROM cases_intervention")
        raw = "|".join(row[0] for row in cursor.fetchall())

    assert raw and "欺凌" not in raw and "自伤" not in raw
