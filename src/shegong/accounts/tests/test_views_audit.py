"""The audit-log reader: audit administrators only (not even system administrators), filters, before/after, nothing can change it."""

import datetime

import pytest
from django.utils import timezone

from shegong.accounts import services
from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.common.audit import audit_record
from shegong.common.models import AuditEntry

pytestmark = pytest.mark.django_db

LIST_URL = "/audit/"


def _ids(response) -> list[int]:
    return [entry.pk for entry in response.context["page_obj"]]


@pytest.fixture
def admin_client(client, login, audit_admin):
    return login(audit_admin)


@pytest.mark.parametrize("reader", ["jinan_officer", "system_admin", "security_admin"])
def test_only_audit_admins_may_read(client, login, request, reader):
    entry = audit_record(actor=None, action=AuditEntry.Action.EXPORT, object_type="reports.report")
    login(request.getfixturevalue(reader))

    assert client.get(LIST_URL).status_code == 403
    assert client.get(f"/audit/{entry.pk}/").status_code == 403


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get(LIST_URL)["Location"].startswith("/accounts/login/")


def test_list_shows_sign_ins_newest_first(admin_client, audit_admin):
    response = admin_client.get(LIST_URL)

    assert response.status_code == 200
    assert response.context["page_title"] == "审计日志"
    entries = list(response.context["page_obj"])
    assert [(e.action, e.actor_username) for e in entries] == [(AuditEntry.Action.LOGIN, "auditor")]


def test_filters(admin_client, system_admin, lixia_officer, divisions, clock):
    clock.advance(days=-3)
    old = services.user_create(
        actor=lixia_officer,
        username="town_a",
        password="Jiefanglu-2026",
        role=Role.TOWN_OFFICER,
        division=divisions["370102001"],
    )
    clock.advance(days=3)
    services.user_update(actor=system_admin, user=old, full_name="新名")
    export = audit_record(
        actor=system_admin, action=AuditEntry.Action.EXPORT, object_type="reports.report", object_id="9"
    )
    create_entry = AuditEntry.objects.get(action=AuditEntry.Action.CREATE)
    update_entry = AuditEntry.objects.get(action=AuditEntry.Action.UPDATE)
    today = timezone.localdate(clock.now)

    assert _ids(admin_client.get(LIST_URL, {"actor": "lixia_officer"})) == [create_entry.pk]
    assert _ids(admin_client.get(LIST_URL, {"action": "export"})) == [export.pk]
    assert _ids(admin_client.get(LIST_URL, {"object_type": "accounts.user", "object_id": str(old.pk)})) == [
        update_entry.pk,
        create_entry.pk,
    ]
    assert _ids(
        admin_client.get(LIST_URL, {"date_to": (today - datetime.timedelta(days=1)).isoformat()})
    ) == [create_entry.pk]
    recent = _ids(admin_client.get(LIST_URL, {"date_from": today.isoformat(), "action": "update"}))
    assert recent == [update_entry.pk]


def test_bad_date_range_is_explained(admin_client):
    response = admin_client.get(LIST_URL, {"date_from": "2026-05-02", "date_to": "2026-05-01"})

    assert response.context["filters"].errors == {"date_to": ["截止日期早于起始日期。"]}


def test_detail_shows_the_before_after_diff(admin_client, system_admin, lixia_officer):
    services.user_update(actor=system_admin, user=lixia_officer, full_name="历下区民政")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.UPDATE)

    response = admin_client.get(f"/audit/{entry.pk}/")

    assert response.status_code == 200
    changed = [row for row in response.context["changes"] if row["changed"]]
    assert [(row["field"], row["after"]) for row in changed] == [("full_name", "历下区民政")]
    html = response.content.decode()
    assert 'data-changed="true"' in html and "历下区民政" in html


def test_detail_of_a_missing_entry_is_404(admin_client):
    assert admin_client.get("/audit/999999/").status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_pages_cannot_change_the_log(admin_client, system_admin, method):
    entry = audit_record(actor=system_admin, action=AuditEntry.Action.EXPORT, object_type="reports.report")

    for url in (LIST_URL, f"/audit/{entry.pk}/"):
        # The audit administrator changes nothing anywhere: refused before the read-only view's 405.
        assert getattr(admin_client, method)(url).status_code == 403

    entry_after = AuditEntry.objects.get(pk=entry.pk)
    assert (entry_after.action, entry_after.object_type) == ("export", "reports.report")


def test_list_query_count_does_not_grow_with_rows(admin_client, system_admin, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n):
        for i in range(n):
            actor = UserFactory(role=Role.SOCIAL_WORKER)
            audit_record(
                actor=actor, action=AuditEntry.Action.EXPORT, object_type="reports.report", object_id=str(i)
            )

    add(2)
    with CaptureQueriesContext(connection) as ctx:
        admin_client.get(LIST_URL)
    add(30)
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        response = admin_client.get(LIST_URL)
    assert response.context["page_obj"].paginator.count == 33
