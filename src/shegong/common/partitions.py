"""Monthly range partitions of the two tables that grow without end (issue 11), PostgreSQL only.

``cases_visit`` is partitioned by ``visited_on`` (a date) and ``common_auditentry`` by ``at`` (a
timestamp; months are counted in ``settings.TIME_ZONE``). Each table has one partition per month,
named ``<table>_yYYYYmMM``, and a ``<table>_default`` partition that takes any row of a month without
its own partition, so an insert never fails. PostgreSQL needs the partition key in every primary key
and unique constraint: the primary keys are ``(id, visited_on)`` and ``(id, at)``; Django still treats
``id`` alone as the primary key (ids come from one identity sequence, so they stay unique).

The migrations ``cases/0004`` and ``common/0004`` call :func:`convert_to_partitioned` (and
:func:`convert_to_plain` backwards); ``shegong partitions create`` calls :func:`ensure_months` every
month; ``shegong audit_archive`` calls :func:`detach_months_before` to move whole archived months of
the audit log out of the live table. The functions here take table names, not models: ``common``
imports no domain app, and the migrations must not depend on the models as they are today.
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.db import connection as default_connection
from django.db import transaction
from django.utils import timezone

from .periods import add_months

# How many months after the current one ``shegong partitions create`` (and the migrations) prepare.
MONTHS_AHEAD = 3
# Where detached audit-log months are kept ("cold storage" inside the cluster, until a DBA dumps them).
ARCHIVE_SCHEMA = "shegong_archive"

NOT_POSTGRESQL = "分区只适用于 PostgreSQL：当前数据库是 {vendor}，未做任何更改。"


@dataclass(frozen=True)
class PartitionedTable:
    """A table partitioned by month on ``key``; ``timestamp`` tells a timestamptz key from a date key."""

    table: str
    key: str
    timestamp: bool = False
    # The audit log's append-only trigger lets a DELETE through only with this setting on.
    delete_guard: str = ""

    @property
    def default_partition(self) -> str:
        return f"{self.table}_default"

    def partition_name(self, month: datetime.date) -> str:
        return f"{self.table}_y{month:%Y}m{month:%m}"

    def bound(self, month: datetime.date) -> str:
        """Return the SQL literal of the first instant of ``month`` in this table's key type."""
        if not self.timestamp:
            return month.isoformat()
        start = datetime.datetime.combine(
            month, datetime.time.min, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE)
        )
        return start.isoformat(sep=" ")

    def month_expression(self) -> str:
        """SQL giving the first day of the key's month (in the project's time zone for a timestamp)."""
        if self.timestamp:
            return f"date_trunc('month', {self.key} AT TIME ZONE %s)::date"
        return f"date_trunc('month', {self.key})::date"

    def month_params(self) -> list[str]:
        return [settings.TIME_ZONE] if self.timestamp else []


VISITS = PartitionedTable("cases_visit", "visited_on")
AUDIT_LOG = PartitionedTable("common_auditentry", "at", timestamp=True, delete_guard="shegong.audit_archive")
PARTITIONED_TABLES = (VISITS, AUDIT_LOG)


class PartitionError(Exception):
    """A partition operation that cannot go on; the message is for the operator (Chinese)."""


@dataclass(frozen=True)
class Partition:
    name: str
    bound: str
    rows_estimate: int
    bytes: int


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """Return the first days of every month from ``first``'s to ``last``'s, both included."""
    months, month = [], first_of_month(first)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def upcoming_months(today: datetime.date, ahead: int = MONTHS_AHEAD) -> list[datetime.date]:
    """Return the current month and the ``ahead`` months after it."""
    return months_between(today, add_months(first_of_month(today), ahead))


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def require_postgresql(connection=default_connection) -> None:
    if connection.vendor != "postgresql":
        raise PartitionError(
            NOT_POSTGRESQL.format(vendor="SQLite" if connection.vendor == "sqlite" else connection.vendor)
        )


def is_partitioned(cursor, table: str) -> bool:
    cursor.execute("SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(%s)", [table])
    return cursor.fetchone() is not None


def list_partitions(spec: PartitionedTable, *, connection=default_connection) -> list[Partition]:
    """Return the partitions attached to ``spec.table``, oldest first, the default partition last."""
    require_postgresql(connection)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, pg_get_expr(c.relpartbound, c.oid), greatest(c.reltuples, 0)::bigint,
                   pg_total_relation_size(c.oid)
            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = to_regclass(%s)
            ORDER BY c.relname = %s, c.relname
            """,
            [spec.table, spec.default_partition],
        )
        return [Partition(*row) for row in cursor.fetchall()]


def _attached(cursor, spec: PartitionedTable) -> set[str]:
    cursor.execute(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass(%s)",
        [spec.table],
    )
    return {row[0] for row in cursor.fetchall()}


def _table_exists(cursor, name: str) -> bool:
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [_q(name)])
    return cursor.fetchone()[0]


def _create_month(cursor, spec: PartitionedTable, month: datetime.date, *, parent: str | None = None) -> None:
    parent = parent or spec.table
    cursor.execute(
        f"CREATE TABLE {_q(spec.partition_name(month))} PARTITION OF {_q(parent)} "
        f"FOR VALUES FROM ('{spec.bound(month)}') TO ('{spec.bound(add_months(month, 1))}')"
    )


def _default_months(cursor, spec: PartitionedTable) -> list[datetime.date]:
    if not _table_exists(cursor, spec.default_partition):
        return []
    cursor.execute(
        f"SELECT DISTINCT {spec.month_expression()} FROM {_q(spec.default_partition)} ORDER BY 1",
        spec.month_params(),
    )
    return [row[0] for row in cursor.fetchall()]


def _adopt_month(cursor, spec: PartitionedTable, month: datetime.date) -> int:
    """Create ``month``'s partition when the default partition holds rows of that month; move them."""
    name = spec.partition_name(month)
    lower, upper = spec.bound(month), spec.bound(add_months(month, 1))
    cursor.execute(
        f"CREATE TABLE {_q(name)} (LIKE {_q(spec.table)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
    )
    if spec.delete_guard:
        # The rows move, they are not removed: the append-only trigger allows this one DELETE.
        cursor.execute("SELECT set_config(%s, 'on', true)", [spec.delete_guard])
    cursor.execute(
        f"WITH moved AS (DELETE FROM {_q(spec.default_partition)} WHERE {spec.key} >= %s AND {spec.key} < %s "
        f"RETURNING *) INSERT INTO {_q(name)} SELECT * FROM moved",
        [lower, upper],
    )
    moved = cursor.rowcount
    if spec.delete_guard:
        cursor.execute("SELECT set_config(%s, 'off', true)", [spec.delete_guard])
    cursor.execute(
        f"ALTER TABLE {_q(spec.table)} ATTACH PARTITION {_q(name)} FOR VALUES FROM ('{lower}') TO ('{upper}')"
    )
    return moved


@dataclass
class EnsureReport:
    created: list[str]
    adopted: dict[str, int]
    existing: int


def ensure_months(
    spec: PartitionedTable,
    *,
    today: datetime.date | None = None,
    ahead: int = MONTHS_AHEAD,
    connection=default_connection,
) -> EnsureReport:
    """Create the partitions of the current month and ``ahead`` months after it; idempotent.

    Rows that fell into the default partition (a month without its own partition, e.g. a visit
    recorded for a long-past month) get their month's partition too, and are moved into it.
    """
    require_postgresql(connection)
    today = today or timezone.localdate()
    report = EnsureReport(created=[], adopted={}, existing=0)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if not is_partitioned(cursor, spec.table):
            raise PartitionError(f"表 {spec.table} 尚未分区：请先运行 shegong migrate。")
        cursor.execute(f"LOCK TABLE {_q(spec.table)} IN SHARE ROW EXCLUSIVE MODE")
        attached = _attached(cursor, spec)
        for month in _default_months(cursor, spec):
            name = spec.partition_name(month)
            if name in attached:  # cannot happen: the range would have taken the rows
                continue
            report.adopted[name] = _adopt_month(cursor, spec, month)
            attached.add(name)
        for month in upcoming_months(today, ahead):
            name = spec.partition_name(month)
            if name in attached:
                report.existing += 1
                continue
            if _table_exists(cursor, name):
                raise PartitionError(f"已存在同名但未挂接的表 {name}：请先检查并处理它，未做任何更改。")
            _create_month(cursor, spec, month)
            report.created.append(name)
    return report


# Conversion (the migrations) -------------------------------------------------------------------


def _fetch(cursor, sql: str, params=()) -> list[tuple]:
    cursor.execute(sql, params)
    return cursor.fetchall()


def _columns(cursor, table: str) -> list[str]:
    return [
        row[0]
        for row in _fetch(
            cursor,
            "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(%s) AND attnum > 0 "
            "AND NOT attisdropped ORDER BY attnum",
            [table],
        )
    ]


@dataclass
class _Definition:
    """What a table carries beside its columns, captured before it is dropped and rebuilt."""

    primary_key: tuple[str, list[str]] | None
    uniques: list[tuple[str, list[str]]]
    others: list[tuple[str, str]]  # foreign keys and exclusion constraints: (name, definition)
    indexes: list[tuple[str, str, bool]]  # (name, CREATE INDEX statement, unique)
    triggers: list[str]
    sequences: list[tuple[str, str, int, bool]]  # (column, sequence, last_value, is_called)


def _capture(cursor, table: str) -> _Definition:
    constraints = _fetch(
        cursor,
        """
        SELECT conname, contype, pg_get_constraintdef(oid),
               ARRAY(SELECT attname FROM unnest(conkey) WITH ORDINALITY k(n, i)
                     JOIN pg_attribute ON attrelid = conrelid AND attnum = k.n ORDER BY k.i)
        FROM pg_constraint WHERE conrelid = to_regclass(%s) AND contype IN ('p', 'u', 'f', 'x')
        ORDER BY conname
        """,
        [table],
    )
    primary_key = next(((name, list(cols)) for name, kind, _, cols in constraints if kind == "p"), None)
    uniques = [(name, list(cols)) for name, kind, _, cols in constraints if kind == "u"]
    others = [(name, definition) for name, kind, definition, _ in constraints if kind in {"f", "x"}]
    indexes = [
        (name, definition.replace(" ON ONLY ", " ON "), unique)
        for name, definition, unique in _fetch(
            cursor,
            """
            SELECT ci.relname, pg_get_indexdef(i.indexrelid), i.indisunique
            FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid
            WHERE i.indrelid = to_regclass(%s)
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid
                              AND c.conrelid = i.indrelid)
            ORDER BY ci.relname
            """,
            [table],
        )
    ]
    triggers = [
        row[0]
        for row in _fetch(
            cursor,
            "SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = to_regclass(%s) "
            "AND NOT tgisinternal AND tgparentid = 0 ORDER BY tgname",
            [table],
        )
    ]
    sequences = []
    for (column,) in _fetch(
        cursor,
        "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass(%s) AND attnum > 0 "
        "AND NOT attisdropped AND attidentity <> '' ORDER BY attnum",
        [table],
    ):
        (sequence,) = _fetch(cursor, "SELECT pg_get_serial_sequence(%s, %s)", [_q(table), column])[0]
        last_value, is_called = _fetch(cursor, f"SELECT last_value, is_called FROM {sequence}")[0]
        sequences.append((column, sequence, last_value, is_called))
    return _Definition(primary_key, uniques, others, indexes, triggers, sequences)


def _refuse_references(cursor, table: str) -> None:
    rows = _fetch(
        cursor,
        "SELECT conname, conrelid::regclass::text FROM pg_constraint WHERE contype = 'f' "
        "AND confrelid = to_regclass(%s) AND conrelid <> confrelid",
        [table],
    )
    if rows:
        listed = "、".join(f"{other}.{name}" for name, other in rows)
        raise PartitionError(f"表 {table} 被外键引用（{listed}），不能在此改为分区表。")


def _rebuild(cursor, table: str, new: str, definition: _Definition, key_columns) -> None:
    """Swap ``new`` in for ``table`` and put back its keys, indexes, triggers and sequence positions."""
    cursor.execute(f"DROP TABLE {_q(table)}")
    cursor.execute(f"ALTER TABLE {_q(new)} RENAME TO {_q(table)}")
    for column, sequence, last_value, is_called in definition.sequences:
        (created,) = _fetch(cursor, "SELECT pg_get_serial_sequence(%s, %s)", [_q(table), column])[0]
        short = sequence.rsplit(".", 1)[-1]
        cursor.execute(f"ALTER SEQUENCE {created} RENAME TO {short}")
        cursor.execute("SELECT setval(%s, %s, %s)", [sequence, last_value, is_called])
    if definition.primary_key:
        name, columns = definition.primary_key
        cursor.execute(
            f"ALTER TABLE {_q(table)} ADD CONSTRAINT {_q(name)} PRIMARY KEY ({', '.join(map(_q, key_columns(columns)))})"
        )
    for name, columns in definition.uniques:
        cursor.execute(
            f"ALTER TABLE {_q(table)} ADD CONSTRAINT {_q(name)} UNIQUE ({', '.join(map(_q, key_columns(columns)))})"
        )
    for name, constraint in definition.others:
        cursor.execute(f"ALTER TABLE {_q(table)} ADD CONSTRAINT {_q(name)} {constraint}")
    for _name, statement, _unique in definition.indexes:
        cursor.execute(statement)
    for statement in definition.triggers:
        cursor.execute(statement)
    cursor.execute(f"ANALYZE {_q(table)}")


def convert_to_partitioned(
    schema_editor, spec: PartitionedTable, *, today: datetime.date | None = None, ahead: int = MONTHS_AHEAD
) -> None:
    """Rebuild ``spec.table`` as a table partitioned by month on ``spec.key``, keeping every row.

    A partition is created for every month that has rows, for the current month and ``ahead``
    months after it, plus the default partition. Does nothing outside PostgreSQL or when the table
    is already partitioned.
    """
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    today = today or timezone.localdate()
    table, new = spec.table, f"{spec.table}__partitioned"
    with connection.cursor() as cursor:
        if is_partitioned(cursor, table):
            return
        cursor.execute(f"LOCK TABLE {_q(table)} IN ACCESS EXCLUSIVE MODE")
        _refuse_references(cursor, table)
        definition = _capture(cursor, table)
        unique_indexes = [name for name, _, unique in definition.indexes if unique]
        if unique_indexes:
            raise PartitionError(
                f"表 {table} 有不含分区键的唯一索引（{'、'.join(unique_indexes)}），不能改为分区表。"
            )
        cursor.execute(
            f"CREATE TABLE {_q(new)} (LIKE {_q(table)} INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING CONSTRAINTS "
            f"INCLUDING STORAGE INCLUDING COMMENTS INCLUDING GENERATED) PARTITION BY RANGE ({_q(spec.key)})"
        )
        cursor.execute(f"SELECT DISTINCT {spec.month_expression()} FROM {_q(table)}", spec.month_params())
        months = sorted({row[0] for row in cursor.fetchall()} | set(upcoming_months(today, ahead)))
        for month in months:
            _create_month(cursor, spec, month, parent=new)
        cursor.execute(f"CREATE TABLE {_q(spec.default_partition)} PARTITION OF {_q(new)} DEFAULT")
        columns = ", ".join(map(_q, _columns(cursor, table)))
        cursor.execute(
            f"INSERT INTO {_q(new)} ({columns}) OVERRIDING SYSTEM VALUE SELECT {columns} FROM {_q(table)}"
        )
        _rebuild(cursor, table, new, definition, lambda cols: [*[c for c in cols if c != spec.key], spec.key])


def convert_to_plain(schema_editor, spec: PartitionedTable) -> None:
    """Rebuild a partitioned ``spec.table`` as one ordinary table (the migration backwards), keeping every row.

    The primary key and unique constraints lose the partition key again. Partitions detached to
    the archive schema are left where they are.
    """
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    table, new = spec.table, f"{spec.table}__plain"
    with connection.cursor() as cursor:
        if not is_partitioned(cursor, table):
            return
        cursor.execute(f"LOCK TABLE {_q(table)} IN ACCESS EXCLUSIVE MODE")
        _refuse_references(cursor, table)
        definition = _capture(cursor, table)
        cursor.execute(
            f"CREATE TABLE {_q(new)} (LIKE {_q(table)} INCLUDING DEFAULTS INCLUDING IDENTITY INCLUDING CONSTRAINTS "
            f"INCLUDING STORAGE INCLUDING COMMENTS INCLUDING GENERATED)"
        )
        columns = ", ".join(map(_q, _columns(cursor, table)))
        cursor.execute(
            f"INSERT INTO {_q(new)} ({columns}) OVERRIDING SYSTEM VALUE SELECT {columns} FROM {_q(table)}"
        )
        _rebuild(cursor, table, new, definition, lambda cols: [c for c in cols if c != spec.key] or cols)


# Archive (audit log) ---------------------------------------------------------------------------


def detach_months_before(
    spec: PartitionedTable, before: datetime.date, *, connection=default_connection
) -> list[str]:
    """Detach the month partitions that end on or before ``before`` into the archive schema.

    Call inside the archive's transaction, after the rows were exported. The detached tables keep
    their rows and get the append-only trigger back (PostgreSQL drops a parent's trigger from a
    partition it detaches); they leave the live table, its scans and its backups. Returns their
    new qualified names; an empty list on SQLite or an unpartitioned table.
    """
    if connection.vendor != "postgresql":
        return []
    detached = []
    with connection.cursor() as cursor:
        if not is_partitioned(cursor, spec.table):
            return []
        triggers = _capture(cursor, spec.table).triggers
        cursor.execute(f"CREATE SCHEMA IF NOT EXISTS {_q(ARCHIVE_SCHEMA)}")
        for partition in sorted(_attached(cursor, spec)):
            if partition == spec.default_partition:
                continue
            month = datetime.date(int(partition[-7:-3]), int(partition[-2:]), 1)
            if add_months(month, 1) > before:
                continue
            cursor.execute(f"ALTER TABLE {_q(spec.table)} DETACH PARTITION {_q(partition)}")
            cursor.execute(f"ALTER TABLE {_q(partition)} SET SCHEMA {_q(ARCHIVE_SCHEMA)}")
            qualified = f"{ARCHIVE_SCHEMA}.{partition}"
            for statement in triggers:
                parent = f" ON public.{spec.table} "
                if parent not in statement:
                    raise PartitionError(f"无法为已分离的分区 {qualified} 重建触发器，已全部撤销。")
                cursor.execute(statement.replace(parent, f" ON {_q(ARCHIVE_SCHEMA)}.{_q(partition)} "))
            detached.append(qualified)
    return detached


def archived_tables(spec: PartitionedTable, *, connection=default_connection) -> list[str]:
    """Return the detached partitions of ``spec.table`` kept in the archive schema."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s AND tablename LIKE %s ORDER BY tablename",
            [ARCHIVE_SCHEMA, f"{spec.table}_y%"],
        )
        return [f"{ARCHIVE_SCHEMA}.{row[0]}" for row in cursor.fetchall()]
