"""Visits partitioned by month on PostgreSQL (issue 11): rows land in their month, the ORM works as before."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from shegong.cases import services
from shegong.cases.models import Case, CaseStep, Visit
from shegong.cases.tests.factories import CaseFactory
from shegong.common.partitions import VISITS, ensure_months

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="partitions exist on PostgreSQL only"),
]


@pytest.fixture
def planned_case(household, worker):
    case = CaseFactory(household=household, step=CaseStep.PLAN, opened_on=datetime.date(2020, 1, 5))
    services.case_plan(
        actor=worker,
        case=case,
        visit_frequency_days=14,
        goals="稳定生活",
        steps="每两周走访",
        planned_on=datetime.date(2020, 1, 10),
    )
    return Case.objects.get(pk=case.pk)


def _partition_of(visit_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM cases_visit WHERE id = %s", [visit_id])
        return cursor.fetchone()[0]


def test_a_visit_of_this_month_lands_in_this_months_partition(planned_case, worker):
    today = timezone.localdate()

    visit = services.visit_log(actor=worker, case=planned_case, visited_on=today, notes="本月走访")

    assert _partition_of(visit.pk) == f"cases_visit_y{today:%Y}m{today:%m}"


def test_a_visit_of_a_month_without_partition_lands_in_the_default_and_moves_to_its_month(
    planned_case, worker
):
    visit = services.visit_log(
        actor=worker, case=planned_case, visited_on=datetime.date(2020, 3, 9), notes="补录"
    )
    assert _partition_of(visit.pk) == "cases_visit_default"
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE refuses pending FK checks

    report = ensure_months(VISITS, ahead=0)

    assert report.adopted == {"cases_visit_y2020m03": 1}
    assert _partition_of(visit.pk) == "cases_visit_y2020m03"
    assert Visit.objects.get(pk=visit.pk).notes == "补录"  # encrypted column moved intact


def test_get_update_and_delete_by_primary_key_work_across_partitions(planned_case, worker):
    today = timezone.localdate()
    visit = services.visit_log(actor=worker, case=planned_case, visited_on=today, notes="走访")
    other = services.visit_log(actor=worker, case=planned_case, visited_on=today, notes="另一次")

    # Moving the date to another month moves the row to that month's partition; the id stays.
    Visit.objects.filter(pk=visit.pk).update(visited_on=datetime.date(2020, 2, 3))
    moved = Visit.objects.get(pk=visit.pk)
    assert (moved.visited_on, moved.notes, _partition_of(visit.pk)) == (
        datetime.date(2020, 2, 3),
        "走访",
        "cases_visit_default",
    )
    moved.delete()

    assert list(Visit.objects.values_list("pk", flat=True)) == [other.pk]


def test_new_visits_continue_the_id_sequence_after_explicit_ids(planned_case, worker):
    """The bench generator and the restore write explicit ids, then reset the sequence."""
    from django.core.management.color import no_style

    Visit.objects.bulk_create(
        [Visit(pk=5000, case=planned_case, visited_on=datetime.date(2021, 5, 1), worker=worker)]
    )
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Visit]):
            cursor.execute(sql)

    visit = services.visit_log(actor=worker, case=planned_case, visited_on=timezone.localdate())

    assert visit.pk == 5001


def test_a_query_by_date_reads_only_that_months_partition(planned_case):
    ensure_months(VISITS, today=datetime.date(2031, 1, 1), ahead=1)

    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN SELECT * FROM cases_visit WHERE visited_on >= '2031-01-01' AND visited_on < '2031-02-01'"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "cases_visit_y2031m01" in plan
    assert "cases_visit_y2031m02" not in plan
    assert "cases_visit_default" not in plan


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_put_each_visit_back_in_its_months_partition(planned_case, worker, tmp_path):
    from django.core.management import call_command

    from shegong.common.audit_chain import verify_chain
    from shegong.common.backup import backup_restore, backup_write

    today = timezone.localdate()
    kept = [
        services.visit_log(actor=worker, case=planned_case, visited_on=day, notes=f"走访{n}")
        for n, day in enumerate([today, datetime.date(2020, 3, 9)])
    ]
    archive = tmp_path / "shegong.sgbak"
    backup_write(archive)
    call_command("flush", interactive=False, verbosity=0)

    backup_restore(archive)

    assert list(Visit.objects.order_by("pk").values_list("pk", "notes")) == [(v.pk, v.notes) for v in kept]
    assert [_partition_of(v.pk) for v in kept] == [
        f"cases_visit_y{today:%Y}m{today:%m}",
        "cases_visit_default",
    ]
    assert verify_chain().ok
    assert services.visit_log(actor=worker, case=planned_case, visited_on=today).pk == kept[-1].pk + 1
