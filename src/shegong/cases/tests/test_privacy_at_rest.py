"""Acceptance of issue 8: the database file or dump holds no ID number or health note in clear."""

import glob
import os
import shutil
import sqlite3
import subprocess

import pytest
from django.db import connection

from shegong.cases import services
from shegong.cases.models import Member
from shegong.cases.tests.factories import LIXIA_VILLAGE, CaseFactory, HouseholdFactory, adult_id

NAME = "隐私测试员甲"
HEALTH = "艾滋病病毒携带者，需定期随访"
VISIT_NOTE = "案主透露曾遭家暴"


def _pg_dump() -> str | None:
    candidates = [
        "/usr/local/bin/pg_dump",
        *sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump"), reverse=True),
    ]
    found = [c for c in candidates if os.access(c, os.X_OK)] or [shutil.which("pg_dump")]
    return found[0]


def database_bytes(tmp_path) -> bytes:
    """Every byte the database holds: the SQLite file, or a plain PostgreSQL dump."""
    if connection.vendor == "sqlite":
        target = tmp_path / "copy.sqlite3"
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        return target.read_bytes()
    dump = _pg_dump()
    if dump is None:  # no client tools: fall back on the raw column values
        with connection.cursor() as cursor:
            cursor.execute("SELECT id_number, health_notes FROM cases_member")
            return repr(cursor.fetchall()).encode()
    settings = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
    command = [dump, "--no-owner", "-h", settings.get("HOST") or "127.0.0.1", "-U", settings["USER"]]
    if settings.get("PORT"):
        command += ["-p", str(settings["PORT"])]
    return subprocess.run([*command, settings["NAME"]], env=env, check=True, capture_output=True).stdout


@pytest.mark.django_db(transaction=True)
def test_the_database_holds_no_id_number_or_health_note_in_clear(tmp_path, divisions, worker):
    number = adult_id(77)
    household = HouseholdFactory(division=divisions[LIXIA_VILLAGE], assigned_worker=worker)
    member = services.member_add(
        actor=worker, household=household, name=NAME, relation="head", id_number=number, health_notes=HEALTH
    )
    case = CaseFactory(household=household, client=member, step="plan")
    services.case_plan(actor=worker, case=case, visit_frequency_days=30, goals="稳定", steps="每月走访")
    services.visit_log(actor=worker, case=case, notes=VISIT_NOTE)
    assert Member.objects.get(pk=member.pk).health_notes == HEALTH  # the application still reads it
    # A practitioner's ID number (issue 5) is held the same way.
    from shegong.workforce.tests.factories import PractitionerFactory, make_id_number

    practitioner_number = make_id_number(91, area="370102")
    PractitionerFactory(id_number=practitioner_number, division=divisions["370102"])

    raw = database_bytes(tmp_path)

    assert NAME.encode() in raw  # the search does find clear text that is stored in clear
    for secret in (number, number[6:14], HEALTH, VISIT_NOTE, practitioner_number):
        assert secret.encode() not in raw, secret
        assert secret.encode("utf-16-le") not in raw, secret
