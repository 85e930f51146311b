"""Audit (issue 12): sign-ins and refusals recorded with outcome and address, hash chain verified,
archive after the retention period, no ID numbers or health data in the log."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.common.audit import audit_record, entry_digest
from shegong.common.audit_chain import archive_before, verify_archive, verify_chain
from shegong.common.models import AuditEntry

pytestmark = pytest.mark.django_db


def _verify() -> str:
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


def _tamper(entry_id: int, **fields) -> None:
    """Change a stored row behind the model's back (as an intruder with database access would)."""
    sets = ", ".join(f"{name} = %s" for name in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks before ALTER TABLE
            cursor.execute("ALTER TABLE common_auditentry DISABLE TRIGGER common_auditentry_no_update")
        cursor.execute(f"UPDATE common_auditentry SET {sets} WHERE id = %s", [*fields.values(), entry_id])
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE common_auditentry ENABLE TRIGGER common_auditentry_no_update")


def test_sign_in_and_failed_sign_in_carry_time_outcome_and_address(client, password):
    user = UserFactory(username="audited", role=Role.SOCIAL_WORKER)
    client.post(
        "/accounts/login/", {"username": "audited", "password": "wrong-Password-1"}, REMOTE_ADDR="10.1.2.3"
    )
    client.post("/accounts/login/", {"username": "audited", "password": password}, REMOTE_ADDR="10.1.2.4")

    failed = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN_FAILED)
    login = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN)
    assert (failed.object_repr, failed.outcome, failed.ip_address) == ("audited", "failure", "10.1.2.3")
    assert (login.actor, login.outcome, login.ip_address) == (user, "success", "10.1.2.4")
    assert abs(login.at - timezone.now()) < datetime.timedelta(minutes=1)


def test_refused_and_hidden_requests_are_audited(client, divisions):
    officer = UserFactory(username="curious", role=Role.SOCIAL_WORKER, division=divisions["370102"])
    client.force_login(officer)

    assert client.get("/audit/", REMOTE_ADDR="10.9.9.9").status_code == 403
    assert client.get("/workforce/999999/").status_code == 404

    denied = list(AuditEntry.objects.filter(action=AuditEntry.Action.DENIED).order_by("id"))
    assert [(e.actor, e.outcome, e.object_type, e.reason) for e in denied] == [
        (officer, "denied", "audit:entry-list", "refused: 403 GET"),
        (officer, "denied", "workforce:practitioner-detail", "refused: 404 GET"),
    ]
    assert (denied[0].ip_address, denied[1].object_id) == ("10.9.9.9", "pk=999999")


def test_each_entry_is_chained_to_the_previous_one():
    first = audit_record(actor=None, action=AuditEntry.Action.EXPORT, object_type="reports.report")
    second = audit_record(actor=None, action=AuditEntry.Action.IMPORT, object_type="geo.division")

    assert first.prev_hash == "" and len(first.entry_hash) == 64
    assert second.prev_hash == first.entry_hash
    assert AuditEntry.objects.get(pk=second.pk).entry_hash == entry_digest(
        AuditEntry.objects.get(pk=second.pk)
    )
    assert "完整：已校验 2 条记录" in _verify()


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"reason": "nothing happened"}, "does not match its hash"),
        ({"prev_hash": "0" * 64}, "link to the previous entry is broken"),
    ],
)
def test_audit_verify_names_the_first_broken_entry(change, problem):
    entries = [audit_record(actor=None, action="export", object_type=f"t.{n}") for n in range(4)]
    _tamper(entries[2].pk, **change)

    report = verify_chain()
    assert (report.ok, report.broken_id) == (False, entries[2].pk)
    assert problem in report.problem
    with pytest.raises(CommandError, match=f"第 {entries[2].pk} 条记录处断开"):
        _verify()


def test_a_removed_entry_breaks_the_chain():
    entries = [audit_record(actor=None, action="export", object_type=f"t.{n}") for n in range(3)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL shegong.audit_archive = 'on'")
        cursor.execute("DELETE FROM common_auditentry WHERE id = %s", [entries[1].pk])

    assert verify_chain().broken_id == entries[2].pk


def test_archive_moves_old_entries_out_and_keeps_the_chain_verifiable(tmp_path, settings):
    settings.SHEGONG_AUDIT_RETENTION_DAYS = 183
    old_day = timezone.now() - datetime.timedelta(days=200)
    olds = []
    for n in range(3):
        entry = audit_record(actor=None, action="export", object_type=f"old.{n}")
        olds.append(entry)
    # Backdate the three first entries (and rehash the chain) as if written 200 days ago.
    previous = ""
    for entry in AuditEntry.objects.order_by("id"):
        entry.at = old_day
        entry.prev_hash = previous
        entry.entry_hash = entry_digest(entry)
        _tamper(entry.pk, at=old_day, prev_hash=previous, entry_hash=entry.entry_hash)
        previous = entry.entry_hash
    recent = audit_record(actor=None, action="import", object_type="recent.0")

    cutoff = (timezone.now() - datetime.timedelta(days=190)).date()
    path, count = archive_before(cutoff, directory=tmp_path)

    assert count == 3
    assert list(AuditEntry.objects.order_by("id").values_list("object_type", flat=True)) == [
        "recent.0",
        "common.auditentry",
    ]
    anchor = AuditEntry.objects.get(action=AuditEntry.Action.ARCHIVE)
    assert (anchor.after["last_hash"], anchor.after["count"]) == (previous, 3)
    assert recent.prev_hash == previous
    assert verify_chain().ok
    assert verify_archive(path).ok and verify_archive(path).checked == 3
    rows = [json.loads(line) for line in __import__("gzip").open(path, "rt", encoding="utf-8")]
    assert [r["object_type"] for r in rows] == ["old.0", "old.1", "old.2"]


def test_archive_refuses_entries_inside_the_retention_period(tmp_path, settings):
    settings.SHEGONG_AUDIT_RETENTION_DAYS = 183
    audit_record(actor=None, action="export", object_type="recent")

    with pytest.raises(CommandError, match="审计日志至少保留 183 天"):
        call_command(
            "audit_archive", "--before", timezone.localdate().isoformat(), "--directory", str(tmp_path)
        )
    assert AuditEntry.objects.count() == 1
    assert list(tmp_path.iterdir()) == []


def test_retention_is_at_least_six_months(settings):
    assert settings.SHEGONG_AUDIT_RETENTION_DAYS >= 183


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_the_trigger_still_refuses_deletes_outside_the_archive():
    from django.db import DatabaseError

    entry = audit_record(actor=None, action="export", object_type="kept")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM common_auditentry")
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_no_id_number_reaches_the_log(client, divisions):
    """A practitioner's ID number appears in no entry: not on viewing, revealing or writing the record."""
    from shegong.workforce.tests.factories import PractitionerFactory, make_id_number

    id_number = make_id_number(777, area="370102")
    officer = UserFactory(username="lixia_audit", role=Role.DISTRICT_OFFICER, division=divisions["370102"])
    practitioner = PractitionerFactory(
        name="历下隐私测试", division=divisions["370102001"], id_number=id_number
    )
    client.force_login(officer)
    client.get(f"/workforce/{practitioner.pk}/")
    client.post(f"/workforce/{practitioner.pk}/id-number/", {"reason": "核对身份"})
    from shegong.common.audit import audit_write, snapshot

    audit_write(actor=officer, instance=practitioner, before=snapshot(practitioner))

    dump = json.dumps(list(AuditEntry.objects.values()), ensure_ascii=False, default=str)
    assert AuditEntry.objects.count() >= 2
    assert id_number not in dump
    assert id_number[-8:] not in dump
