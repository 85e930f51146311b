"""Backup and restore round trip (issue 12: reliability) on whichever database the suite runs on."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError

from shegong.common.audit import audit_record
from shegong.common.backup import BackupError, backed_up_models, backup_restore, backup_write
from shegong.common.models import AuditEntry
from shegong.workforce.models import Practitioner
from shegong.workforce.tests.factories import PractitionerFactory, make_id_number

pytestmark = pytest.mark.django_db(transaction=True)

KNOWN_ID = make_id_number(7, area="370102")


def _counts() -> dict[str, int]:
    return {m._meta.label_lower: m._base_manager.count() for m in backed_up_models()}


@pytest.fixture
def populated(divisions, lixia_officer):
    practitioner = PractitionerFactory(id_number=KNOWN_ID, name="备份测试人", division=divisions["370102"])
    # A user with a direct permission: the restore must map the permission's number on the target.
    lixia_officer.user_permissions.add(Permission.objects.get(codename="view_practitioner"))
    audit_record(actor=lixia_officer, action=AuditEntry.Action.VIEW, instance=practitioner, reason="备份测试")
    return practitioner


def test_an_archive_restores_every_row_into_a_newly_migrated_database(populated, tmp_path):
    archive = tmp_path / "shegong.sgbak"
    summary = backup_write(archive)
    before = _counts()
    assert summary.counts == before
    assert summary.counts["workforce.practitioner"] == 1
    assert summary.counts["common.auditentry"] >= 1

    # The archive is encrypted: neither the ID number nor the name appear in it.
    raw = archive.read_bytes()
    assert KNOWN_ID.encode() not in raw
    assert "备份测试人".encode() not in raw

    # A new, empty database: flush empties every table and migrate's signal recreates content types
    # and permissions with new numbers.
    call_command("flush", interactive=False, verbosity=0)
    assert Practitioner.objects.count() == 0

    restored = backup_restore(archive)

    assert _counts() == before
    assert restored.counts == {label: n for label, n in before.items() if n}
    practitioner = Practitioner.objects.get()
    assert practitioner.id_number == KNOWN_ID
    assert practitioner.name == "备份测试人"
    officer = apps.get_model("accounts", "User").objects.get(username=populated_username())
    assert officer.has_perm("workforce.view_practitioner")
    entry = AuditEntry.objects.filter(reason="备份测试").get()
    assert entry.object_id == str(practitioner.pk)
    assert ContentType.objects.filter(app_label="workforce", model="practitioner").count() == 1


def populated_username() -> str:
    return "lixia_officer"


def test_restore_into_a_database_with_data_is_refused_and_changes_nothing(populated, tmp_path):
    archive = tmp_path / "shegong.sgbak"
    backup_write(archive)
    before = _counts()

    with pytest.raises(BackupError, match="不是空的|not empty"):
        backup_restore(archive)

    assert _counts() == before


@pytest.mark.parametrize("damage", ["flip", "truncate", "not_an_archive"])
def test_an_altered_archive_is_refused_whole_and_nothing_is_written(populated, tmp_path, damage):
    archive = tmp_path / "shegong.sgbak"
    backup_write(archive)
    data = bytearray(archive.read_bytes())
    if damage == "flip":
        data[len(data) // 2] ^= 0x01
    elif damage == "truncate":
        data = data[: len(data) - 40]
    else:
        data = bytearray(b"PK\x03\x04 a spreadsheet, not an archive")
    archive.write_bytes(bytes(data))
    call_command("flush", interactive=False, verbosity=0)

    with pytest.raises(CommandError, match="恢复失败"):
        call_command("restore", str(archive))

    assert Practitioner.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_the_commands_write_check_and_restore(populated, tmp_path, capsys):
    archive = tmp_path / "cli.sgbak"
    call_command("backup", output=str(archive))
    assert "备份完成" in capsys.readouterr().out
    call_command("restore", str(archive), check=True)
    assert "备份完整" in capsys.readouterr().out
    before = _counts()
    call_command("flush", interactive=False, verbosity=0)

    call_command("restore", str(archive))

    assert "行数与备份一致" in capsys.readouterr().out
    assert _counts() == before
