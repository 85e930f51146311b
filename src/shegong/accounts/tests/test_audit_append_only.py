"""The audit log is append-only in Python and, on PostgreSQL, in the database."""

import pytest
from django.db import DatabaseError, connection, transaction

from shegong.common.audit import audit_record
from shegong.common.models import AuditEntry, AuditLogImmutableError

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(system_admin):
    return audit_record(actor=system_admin, action=AuditEntry.Action.EXPORT, object_type="reports.report")


def _unchanged(entry):
    row = AuditEntry.objects.get(pk=entry.pk)
    assert (row.action, row.object_type, row.reason) == ("export", "reports.report", "")


def test_saving_an_existing_entry_raises(entry):
    entry.reason = "tampered"

    with pytest.raises(AuditLogImmutableError):
        entry.save()
    _unchanged(entry)


def test_deleting_an_entry_raises(entry):
    with pytest.raises(AuditLogImmutableError):
        entry.delete()
    _unchanged(entry)


def test_queryset_update_and_delete_raise(entry):
    with pytest.raises(AuditLogImmutableError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="tampered")
    with pytest.raises(AuditLogImmutableError):
        AuditEntry.objects.all().delete()
    _unchanged(entry)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE common_auditentry SET reason = 'tampered'",
        "DELETE FROM common_auditentry",
    ],
)
def test_raw_sql_cannot_change_the_log_on_postgresql(entry, sql):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    _unchanged(entry)
