"""Monthly partitions of the audit log and the visits (issue 11), and ``shegong partitions``."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from shegong.common.audit import audit_record, entry_digest
from shegong.common.audit_chain import archive_before, verify_chain
from shegong.common.models import AuditEntry
from shegong.common.partitions import AUDIT_LOG, NOT_POSTGRESQL, VISITS, ensure_months, upcoming_months

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="partitions exist on PostgreSQL only"
)


def _run(*args) -> str:
    out = io.StringIO()
    call_command("partitions", *args, stdout=out)
    return out.getvalue()


def _partitions(table: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = to_regclass(%s) ORDER BY 1",
            [table],
        )
        return [row[0] for row in cursor.fetchall()]


def _partition_of_entry(entry_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM common_auditentry WHERE id = %s", [entry_id])
        return cursor.fetchone()[0]


def _months(today: datetime.date, ahead: int) -> list[str]:
    return [f"y{month:%Y}m{month:%m}" for month in upcoming_months(today, ahead)]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="the refusal is for SQLite")
@pytest.mark.parametrize("action", [[], ["list"], ["create"]])
def test_the_command_refuses_on_sqlite_in_chinese_and_changes_nothing(action):
    with pytest.raises(CommandError) as refused:
        _run(*action)

    assert str(refused.value) == NOT_POSTGRESQL.format(vendor="SQLite")
    assert str(refused.value) == "分区只适用于 PostgreSQL：当前数据库是 SQLite，未做任何更改。"
    tables = connection.introspection.table_names()
    assert not [name for name in tables if name.startswith(("cases_visit_", "common_auditentry_"))]


@pytest.mark.django_db
def test_the_command_refuses_a_bad_number_of_months():
    with pytest.raises(CommandError, match="--ahead 应在 0 到 120 之间，收到 -1。"):
        _run("create", "--ahead", "-1")


@on_postgresql
@pytest.mark.django_db
def test_after_migrate_both_tables_are_partitioned_by_month_with_a_default_partition():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, p.partstrat, a.attname FROM pg_partitioned_table p "
            "JOIN pg_class c ON c.oid = p.partrelid "
            "JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0] ORDER BY 1"
        )
        assert cursor.fetchall() == [("cases_visit", "r", "visited_on"), ("common_auditentry", "r", "at")]
        cursor.execute(
            "SELECT conrelid::regclass::text, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'p' AND conrelid IN ('cases_visit'::regclass, 'common_auditentry'::regclass) ORDER BY 1"
        )
        assert cursor.fetchall() == [
            ("cases_visit", "PRIMARY KEY (id, visited_on)"),
            ("common_auditentry", "PRIMARY KEY (id, at)"),
        ]
    today = timezone.localdate()
    for spec in (VISITS, AUDIT_LOG):
        names = _partitions(spec.table)
        assert spec.default_partition in names
        for month in _months(today, 3):
            assert f"{spec.table}_{month}" in names


@on_postgresql
@pytest.mark.django_db
def test_an_audit_entry_lands_in_this_months_partition_and_the_chain_verifies():
    entries = [audit_record(actor=None, action="export", object_type=f"t.{n}") for n in range(3)]
    today = timezone.localdate()

    assert {_partition_of_entry(e.pk) for e in entries} == {f"common_auditentry_y{today:%Y}m{today:%m}"}
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    assert out.getvalue().strip() == "审计日志哈希链完整：已校验 3 条记录。"


@on_postgresql
@pytest.mark.django_db
@pytest.mark.parametrize("table", ["common_auditentry", "this month", "common_auditentry_default"])
@pytest.mark.parametrize("statement", ["UPDATE {table} SET reason = 'tampered'", "DELETE FROM {table}"])
def test_the_append_only_trigger_refuses_changes_through_the_table_and_each_partition(table, statement):
    entry = audit_record(actor=None, action="export", object_type="reports.report")
    with connection.cursor() as cursor:  # an entry in the default partition too
        cursor.execute("ALTER TABLE common_auditentry DISABLE TRIGGER common_auditentry_no_update")
        cursor.execute(
            "INSERT INTO common_auditentry (at, actor_username, action, object_type, object_id, object_repr, reason, "
            "path, outcome, prev_hash, entry_hash) VALUES ('1999-05-01', '', 'export', 'old', '', '', '', '', "
            "'success', '', '')"
        )
        cursor.execute("ALTER TABLE common_auditentry ENABLE TRIGGER common_auditentry_no_update")
    if table == "this month":
        table = _partition_of_entry(entry.pk)

    with pytest.raises(DatabaseError, match="audit log is append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement.format(table=table))

    assert AuditEntry.objects.count() == 2
    assert AuditEntry.objects.get(pk=entry.pk).reason == ""


@on_postgresql
@pytest.mark.django_db
def test_creating_months_ahead_is_idempotent():
    today = timezone.localdate()
    new = _months(today, 5)[-2:]

    first = _run("create", "--ahead", "5")
    second = _run("create", "--ahead", "5")

    for spec in (VISITS, AUDIT_LOG):
        assert f"{spec.table}：新建分区 {spec.table}_{new[0]}。" in first
        assert f"{spec.table}：新建 2 个分区，4 个已存在。" in first
        assert f"{spec.table}：新建 0 个分区，6 个已存在。" in second
        assert len(_partitions(spec.table)) == len(set(_partitions(spec.table)))
        assert f"{spec.table}_{new[1]}" in _partitions(spec.table)
    listing = _run()
    assert f"  common_auditentry_{new[1]}  FOR VALUES FROM" in listing
    assert "  cases_visit_default  DEFAULT  约 " in listing


def _backdate(entries, when: datetime.datetime, *, first: int | None = None) -> str:
    """Move the ``first`` entries (all by default) to ``when`` and rehash the chain; return the last hash.

    As test_security_audit does: an intruder's change behind the model, with the trigger disabled.
    """
    previous = ""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE common_auditentry DISABLE TRIGGER common_auditentry_no_update")
        for n, entry in enumerate(entries):
            entry.prev_hash = previous
            if first is None or n < first:
                entry.at = when
            entry.entry_hash = entry_digest(entry)
            cursor.execute(
                "UPDATE common_auditentry SET at = %s, prev_hash = %s, entry_hash = %s WHERE id = %s",
                [entry.at, previous, entry.entry_hash, entry.pk],
            )
            previous = entry.entry_hash
        cursor.execute("ALTER TABLE common_auditentry ENABLE TRIGGER common_auditentry_no_update")
    return previous


@on_postgresql
@pytest.mark.django_db
def test_archiving_detaches_whole_old_months_and_keeps_their_rows_and_the_chain(tmp_path):
    olds = [audit_record(actor=None, action="export", object_type=f"old.{n}") for n in range(3)]
    last_hash = _backdate(olds, timezone.make_aware(datetime.datetime(2020, 1, 15, 9, 0)))
    recent = audit_record(actor=None, action="import", object_type="recent.0")
    assert _partition_of_entry(olds[0].pk) == "common_auditentry_default"

    # The monthly job gives January 2020 its own partition and moves the entries into it.
    assert ensure_months(AUDIT_LOG).adopted == {"common_auditentry_y2020m01": 3}
    assert _partition_of_entry(olds[0].pk) == "common_auditentry_y2020m01"

    path, count = archive_before(datetime.date(2020, 2, 1), directory=tmp_path)

    assert count == 3 and path.exists()
    anchor = AuditEntry.objects.get(action=AuditEntry.Action.ARCHIVE)
    assert anchor.after["detached"] == ["shegong_archive.common_auditentry_y2020m01"]
    assert anchor.after["last_hash"] == last_hash == AuditEntry.objects.get(pk=recent.pk).prev_hash
    assert list(AuditEntry.objects.order_by("id").values_list("object_type", flat=True)) == [
        "recent.0",
        "common.auditentry",
    ]
    assert verify_chain().ok
    assert "common_auditentry_y2020m01" not in _partitions("common_auditentry")
    with connection.cursor() as cursor:
        cursor.execute("SELECT object_type FROM shegong_archive.common_auditentry_y2020m01 ORDER BY id")
        assert [row[0] for row in cursor.fetchall()] == ["old.0", "old.1", "old.2"]
    # Cold storage stays append-only.
    with pytest.raises(DatabaseError, match="audit log is append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM shegong_archive.common_auditentry_y2020m01")
    assert "  已分离归档：shegong_archive.common_auditentry_y2020m01" in _run("list")


# The migrations on a database that already has rows -------------------------------------------

BEFORE = [
    ("cases", "0003_household_named_officers_linkagerecord_walkinrequest"),
    ("common", "0003_audit_chain"),
]
AFTER = [("cases", "0004_visit_partitions"), ("common", "0004_auditentry_partitions")]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_migrating_a_database_with_rows_keeps_every_row_id_and_hash(divisions):
    """Migrate back to the unpartitioned tables, write rows, migrate forward (dates in 2011: no other test's)."""
    from shegong.accounts.tests.factories import UserFactory
    from shegong.cases.models import Visit
    from shegong.cases.tests.factories import LIXIA_VILLAGE, CaseFactory

    worker = UserFactory(username="partition_worker")
    case = CaseFactory(household__assigned_worker=worker, household__division=divisions[LIXIA_VILLAGE])
    _migrate(BEFORE)
    try:
        assert _partitions("cases_visit") == [] and _partitions("common_auditentry") == []
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO cases_visit (created_at, updated_at, visited_on, notes, case_id, worker_id) "
                "SELECT now(), now(), DATE '2010-12-20' + g * 7, '', %s, %s FROM generate_series(0, 59) g",
                [case.pk, worker.pk],
            )
        entries = [audit_record(actor=worker, action="view", object_type=f"m.{n}") for n in range(5)]
        # 00:30 on 1 July in Shanghai is still 30 June in UTC: the entry is July's.
        _backdate(entries, timezone.make_aware(datetime.datetime(2011, 7, 1, 0, 30)), first=2)
        visits = dict(Visit.objects.values_list("pk", "visited_on"))
    finally:
        _migrate(AFTER)

    assert dict(Visit.objects.values_list("pk", "visited_on")) == visits
    assert len(visits) == 60
    assert AuditEntry.objects.count() == 5
    assert verify_chain().ok
    months = {f"cases_visit_y{day:%Y}m{day:%m}" for day in visits.values()}
    assert len(months) == 15  # December 2010 to February 2012
    assert months <= set(_partitions("cases_visit"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_visit_default")
        assert cursor.fetchone()[0] == 0
        cursor.execute(
            "SELECT DISTINCT tableoid::regclass::text FROM cases_visit WHERE visited_on < '2011-01-01'"
        )
        assert cursor.fetchall() == [("cases_visit_y2010m12",)]
    assert _partition_of_entry(entries[0].pk) == "common_auditentry_y2011m07"
    # Ids continue after the copied rows.
    newer = audit_record(actor=None, action="export", object_type="after")
    assert newer.pk == entries[-1].pk + 1
    visit = Visit.objects.create(case=case, visited_on=timezone.localdate(), worker=worker)
    assert visit.pk == max(visits) + 1
