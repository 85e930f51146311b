"""A Lixia-district officer sees nothing of Licheng district: every endpoint of the URL conf is covered.

The test walks the whole URL conf. Each named route must be classified here: either as a scoped list
(the Licheng object must not appear), a scoped detail (the Licheng object answers 404), or as
not scoped with the reason. A new route that nobody classified fails ``test_every_route_is_classified``,
so new endpoints cannot skip the check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.common.audit import audit_record
from shegong.organizations.tests.factories import OrganizationFactory

LIXIA = "370102001"  # 解放路街道, Lixia district
LICHENG = "370112001"  # 山大路街道, Licheng district


def make_organizations(divisions):
    return (
        OrganizationFactory(name="历下区阳光社工服务中心", division=divisions[LIXIA]),
        OrganizationFactory(name="历城区晨曦社工服务中心", division=divisions[LICHENG]),
    )


def make_users(divisions):
    return (
        UserFactory(username="lixia_worker", full_name="历下社工甲", role=Role.SOCIAL_WORKER,
                    division=divisions[LIXIA]),
        UserFactory(username="licheng_worker", full_name="历城社工乙", role=Role.SOCIAL_WORKER,
                    division=divisions[LICHENG]),
    )


def make_audit_entries(divisions):
    lixia, licheng = make_organizations(divisions)
    return (
        audit_record(actor=None, action="create", instance=lixia),
        audit_record(actor=None, action="create", instance=licheng),
    )


def make_findings(divisions):
    import datetime

    from shegong.policy.models import Finding

    def finding(code, name):
        day = datetime.date(2022, 6, 30)
        return Finding.objects.create(
            rule_id="JN-04", rule_version=1, document="jinan-2021-station-plan", clause="三(二)",
            severity="high", subject_type="stations.station", subject_id=code, subject_repr=name,
            division=divisions[code], as_of=day, measured="2", threshold="3", explanation_zh=name,
            explanation_en=name, first_seen=day, last_seen=day,
        )

    return finding(LIXIA, "解放路街道社工站问题"), finding(LICHENG, "山大路街道社工站问题")


@dataclass(frozen=True)
class Case:
    """How to build a Lixia object and a Licheng object for a route, and how to find them."""

    make: Callable
    kwargs: Callable = lambda obj: {"pk": obj.pk}
    marker: Callable = str
    admin_only: bool = False  # the Lixia officer may not use the route at all


ORGANIZATIONS = Case(make=make_organizations, marker=lambda o: o.name)
USERS = Case(make=make_users, marker=lambda u: u.username)
AUDIT = Case(make=make_audit_entries, marker=lambda e: e.object_repr, admin_only=True)
FINDINGS = Case(make=make_findings, marker=lambda f: f.subject_repr)

SCOPED_LISTS: dict[str, Case] = {
    "organizations:organization-list": ORGANIZATIONS,
    "api:organization-list": ORGANIZATIONS,
    "accounts:user-list": USERS,
    "api:user-list": USERS,
    "audit:entry-list": AUDIT,
    "api:audit-entry-list": AUDIT,
    "policy:finding-list": FINDINGS,
    "api:finding-list": FINDINGS,
}

SCOPED_DETAILS: dict[str, Case] = {
    "organizations:organization-detail": ORGANIZATIONS,
    "organizations:organization-update": ORGANIZATIONS,
    "api:organization-detail": ORGANIZATIONS,
    "accounts:user-detail": USERS,
    "accounts:user-update": USERS,
    "api:user-detail": USERS,
    "audit:entry-detail": AUDIT,
    "api:audit-entry-detail": AUDIT,
    "policy:finding-detail": FINDINGS,
    "api:finding-detail": FINDINGS,
}

# Routes that are not scoped, and why.
NOT_SCOPED: dict[str, str] = {
    "home": "shell page; shows only the viewer's own role",
    "healthz": "health check, no data",
    "set_language": "language switch",
    "javascript-catalog": "translation catalogue",
    "accounts:login": "sign-in",
    "accounts:logout": "sign-out",
    "accounts:password_change": "the viewer's own password",
    "accounts:password_change_done": "the viewer's own password",
    "accounts:user-create": "form; the service refuses divisions outside the jurisdiction (tested there)",
    "organizations:organization-create": "form; the service refuses divisions outside the jurisdiction",
    "accounts:user-deactivate": "POST only; a POST outside the jurisdiction answers 404 (accounts tests)",
    "api:token": "sign-in for API clients",
    "api:me": "the viewer's own account",
    "api-schema": "OpenAPI schema, no data",
    "api-docs": "API documentation, no data",
    "geo:division-list": "public reference data (national division codes)",
    "geo:division-detail": "public reference data (national division codes)",
    "api:division-list": "public reference data (national division codes)",
    "api:division-detail": "public reference data (national division codes)",
    "policy:document-list": "public policy explorer (published policy text)",
    "policy:document-detail": "public policy explorer; finding counts come from the scoped selector",
    "policy:parameter-detail": "public policy explorer",
    "policy:search": "public policy explorer",
    "policy:rule-list": "public rule registry",
    "api:policy-document-list": "public policy documents",
    "api:policy-document-detail": "public policy documents",
    "policy:what-if": "runs inside the officer's own division (policy what-if tests)",
    "policy:scan": "POST only; scans inside the officer's own division (policy findings tests)",
}


def iter_routes(resolver=None, namespace=""):
    """Yield the qualified name of every named route (``None`` for unnamed ones)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # Django admin: staff only, no Shegong role is staff (tested below)
            prefix = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from iter_routes(entry, prefix)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}" if entry.name else None, str(entry.pattern)


def test_every_route_is_classified():
    classified = set(SCOPED_LISTS) | set(SCOPED_DETAILS) | set(NOT_SCOPED)
    unclassified = sorted(
        {f"{name or '(unnamed)'} {pattern}" for name, pattern in iter_routes() if name not in classified}
    )
    assert unclassified == [], "classify these routes in test_jurisdiction_scope.py"


def test_no_classified_route_is_stale():
    names = {name for name, _ in iter_routes()}
    stale = sorted((set(SCOPED_LISTS) | set(SCOPED_DETAILS) | set(NOT_SCOPED)) - names)
    assert stale == []


@pytest.fixture
def officer(divisions):
    return UserFactory(username="lixia_district_officer", role=Role.DISTRICT_OFFICER, division=divisions["370102"])


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(SCOPED_LISTS))
def test_lists_hide_licheng_from_a_lixia_officer(client, divisions, officer, route):
    case = SCOPED_LISTS[route]
    inside, outside = case.make(divisions)
    client.force_login(officer)

    response = client.get(reverse(route))

    if case.admin_only:
        assert response.status_code in {403, 404}
        return
    assert response.status_code == 200
    assert case.marker(inside) in response.content.decode()
    assert case.marker(outside) not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(SCOPED_DETAILS))
def test_details_of_licheng_answer_404_to_a_lixia_officer(client, divisions, officer, route):
    case = SCOPED_DETAILS[route]
    inside, outside = case.make(divisions)
    client.force_login(officer)

    response = client.get(reverse(route, kwargs=case.kwargs(outside)))

    assert response.status_code in ({403, 404} if case.admin_only else {404})
    if not case.admin_only:
        assert client.get(reverse(route, kwargs=case.kwargs(inside))).status_code == 200


@pytest.mark.django_db
def test_django_admin_is_closed_to_officers(client, officer):
    client.force_login(officer)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
