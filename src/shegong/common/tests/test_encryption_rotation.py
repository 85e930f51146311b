"""``shegong rotate_data_key``: every encrypted column re-sealed under the current key (issue 12)."""

import base64
import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection

from shegong.cases.models import Member
from shegong.cases.tests.factories import LIXIA_VILLAGE, HouseholdFactory, add_member, adult_id
from shegong.common.encryption import encrypted_columns, keyed_hash
from shegong.common.models import AuditEntry

KEY_1 = base64.urlsafe_b64encode(bytes(range(32))).decode()
KEY_2 = base64.urlsafe_b64encode(bytes(range(50, 82))).decode()


def raw_values(table: str, column: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} ORDER BY id")  # noqa: S608 - test constants
        return [row[0] for row in cursor.fetchall()]


def run(**options) -> str:
    out = io.StringIO()
    call_command("rotate_data_key", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def members(divisions, settings):
    settings.SHEGONG_DATA_KEY, settings.SHEGONG_DATA_KEY_ID, settings.SHEGONG_DATA_OLD_KEYS = KEY_1, "k1", {}
    settings.SHEGONG_SEARCH_KEY = KEY_1
    household = HouseholdFactory(division=divisions[LIXIA_VILLAGE])
    made = [add_member(household, name=f"成员{n}", n=n, health_notes=f"病史{n}") for n in range(5)]
    # One member written before the versioned format: a Fernet token straight in the column.
    legacy = Fernet(KEY_1.encode()).encrypt(b"legacy health note").decode()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_member SET health_notes = %s WHERE id = %s", [legacy, made[0].pk])
    return made


def test_every_encrypted_column_of_every_app_is_found():
    labels = {f"{model._meta.label}.{field.name}" for model, field in encrypted_columns()}
    assert {
        "cases.Member.id_number",
        "cases.Member.health_notes",
        "cases.Visit.notes",
        "cases.Intervention.notes",
        "workforce.Practitioner.id_number",
    } <= labels


@pytest.mark.django_db
def test_rotation_reseals_every_value_under_the_new_key_and_keeps_the_clear_text(members, settings):
    settings.SHEGONG_DATA_KEY, settings.SHEGONG_DATA_KEY_ID = KEY_2, "k2"
    settings.SHEGONG_DATA_OLD_KEYS = {"k1": KEY_1}
    # Before the rotation, readers already open both the old and the new key.
    assert Member.objects.get(pk=members[0].pk).health_notes == "legacy health note"

    output = run(batch_size=2)

    assert "cases.Member.id_number: scanned 5, re-encrypted 5" in output
    assert "cases.Member.health_notes: scanned 5, re-encrypted 5" in output
    for column in ("id_number", "health_notes"):
        assert all(v.startswith("sg1.a.k2.") for v in raw_values("cases_member", column))
    # The old key can go now: everything still opens with the new key alone.
    settings.SHEGONG_DATA_OLD_KEYS = {}
    by_pk = {m.pk: m for m in Member.objects.all()}
    assert by_pk[members[0].pk].health_notes == "legacy health note"
    assert [by_pk[m.pk].id_number for m in members[1:]] == [adult_id(n) for n in range(1, 5)]
    assert Member.objects.get(id_number_hash=keyed_hash(adult_id(3))).name == "成员3"
    entry = AuditEntry.objects.get(object_type="common.data_key")
    assert entry.object_id == "k2"
    assert entry.after["resealed"] == 10


@pytest.mark.django_db
def test_running_the_rotation_twice_changes_nothing_the_second_time(members, settings):
    settings.SHEGONG_DATA_KEY, settings.SHEGONG_DATA_KEY_ID = KEY_2, "k2"
    settings.SHEGONG_DATA_OLD_KEYS = {"k1": KEY_1}
    run()
    first = raw_values("cases_member", "id_number")

    output = run()

    assert "cases.Member.id_number: scanned 5, re-encrypted 0" in output
    assert raw_values("cases_member", "id_number") == first


@pytest.mark.django_db
def test_rotation_without_the_old_key_stops_and_changes_nothing(members, settings):
    before = raw_values("cases_member", "id_number")
    settings.SHEGONG_DATA_KEY, settings.SHEGONG_DATA_KEY_ID, settings.SHEGONG_DATA_OLD_KEYS = KEY_2, "k2", {}

    with pytest.raises(CommandError, match="SHEGONG_DATA_OLD_KEYS"):
        run()

    assert raw_values("cases_member", "id_number") == before
    assert not AuditEntry.objects.filter(object_type="common.data_key").exists()


@pytest.mark.django_db
def test_rehash_recomputes_search_keys_after_the_search_key_changed(members, settings):
    settings.SHEGONG_SEARCH_KEY = KEY_2
    assert not Member.objects.filter(id_number_hash=keyed_hash(adult_id(2))).exists()

    output = run(rehash=True)

    assert "cases.Member.id_number: scanned 5, re-encrypted 0, re-hashed 5" in output
    assert Member.objects.get(id_number_hash=keyed_hash(adult_id(2))).name == "成员2"


@pytest.mark.django_db
def test_a_value_written_during_the_rotation_is_not_overwritten(members, settings, monkeypatch):
    """Compare-and-set: a row changed between the read and the write keeps the newer value."""
    from shegong.common import encryption

    settings.SHEGONG_DATA_KEY, settings.SHEGONG_DATA_KEY_ID = KEY_2, "k2"
    settings.SHEGONG_DATA_OLD_KEYS = {"k1": KEY_1}
    real_encrypt = encryption.encrypt_text
    target = members[1]

    def encrypt_and_meanwhile_edit(plain):
        if plain == "病史1":  # the application saves a new note while the batch is being prepared
            Member.objects.filter(pk=target.pk).update(health_notes="新病史")
        return real_encrypt(plain)

    monkeypatch.setattr(encryption, "encrypt_text", encrypt_and_meanwhile_edit)
    encryption.rotate_column(Member, Member._meta.get_field("health_notes"))

    assert Member.objects.get(pk=target.pk).health_notes == "新病史"
