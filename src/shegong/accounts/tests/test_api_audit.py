"""/api/v1/audit-entries/: audit administrators read; nobody writes."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.common.audit import audit_record
from shegong.common.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def entry(system_admin):
    return audit_record(
        actor=system_admin,
        action=AuditEntry.Action.EXPORT,
        object_type="reports.report",
        object_id="5",
        after={"rows": 12},
    )


def test_url_names():
    assert reverse("api:audit-entry-list") == "/api/v1/audit-entries/"
    assert reverse("api:audit-entry-detail", args=[3]) == "/api/v1/audit-entries/3/"


def test_audit_admin_reads_and_filters(api, system_admin, audit_admin, entry):
    audit_record(actor=system_admin, action=AuditEntry.Action.IMPORT, object_type="geo.division")
    api.force_authenticate(audit_admin)

    body = api.get("/api/v1/audit-entries/", {"action": "export"}).json()

    assert body["count"] == 1
    row = body["results"][0]
    assert (row["id"], row["actor_username"], row["action_label"], row["after"]) == (
        entry.pk,
        "sysadmin",
        "导出",
        {"rows": 12},
    )
    assert api.get(f"/api/v1/audit-entries/{entry.pk}/").json()["object_id"] == "5"
    assert api.get("/api/v1/audit-entries/", {"object_type": "geo.division"}).json()["count"] == 1


@pytest.mark.parametrize(
    "role",
    [
        Role.CITY_OFFICER,
        Role.DISCIPLINE_COMMITTEE,
        Role.SOCIAL_WORKER,
        Role.SYSTEM_ADMIN,
        Role.SECURITY_ADMIN,
    ],
)
def test_others_cannot_read(api, divisions, entry, role):
    api.force_authenticate(UserFactory(role=role, division=divisions["3701"]))

    assert api.get("/api/v1/audit-entries/").status_code == 403
    assert api.get(f"/api/v1/audit-entries/{entry.pk}/").status_code == 403


def test_anonymous_cannot_read(api, entry):
    assert api.get("/api/v1/audit-entries/").status_code == 403


@pytest.mark.parametrize(
    ("method", "detail"),
    [("post", False), ("put", True), ("patch", True), ("delete", True)],
)
def test_nobody_can_change_the_log_through_the_api(api, audit_admin, lixia_officer, entry, method, detail):
    url = f"/api/v1/audit-entries/{entry.pk}/" if detail else "/api/v1/audit-entries/"
    payload = {"action": "delete", "object_type": "x"}

    api.force_authenticate(audit_admin)
    assert getattr(api, method)(url, payload, format="json").status_code == 405
    api.force_authenticate(lixia_officer)
    assert getattr(api, method)(url, payload, format="json").status_code == 403

    entry_after = AuditEntry.objects.get(pk=entry.pk)
    assert (entry_after.action, entry_after.object_type) == ("export", "reports.report")
    assert AuditEntry.objects.exclude(action=AuditEntry.Action.DENIED).count() == 1
    # The refused attempt is itself in the log (failed authorisation).
    denied = AuditEntry.objects.get(action=AuditEntry.Action.DENIED)
    assert (denied.actor, denied.outcome, denied.reason) == (
        lixia_officer,
        "denied",
        f"refused: 403 {method.upper()}",
    )
