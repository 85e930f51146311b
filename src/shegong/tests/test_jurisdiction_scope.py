"""A Lixia-district officer sees nothing of Licheng district: every endpoint of the URL conf is covered.

The test walks the whole URL conf. Each named route must be classified in its app's
``tests/scope_cases.py`` (see :mod:`shegong.tests.scope`): a scoped list (the Licheng object must not
appear), a scoped detail (the Licheng object answers 404), or not scoped with the reason. A new route
that nobody classified fails ``test_every_route_is_classified``, so new endpoints cannot skip the check.
"""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory

# Routes of the project shell itself.
SHELL_NOT_SCOPED = {
    "home": "shell page; shows only the viewer's own role",
    "healthz": "health check, no data",
    "set_language": "language switch",
    "javascript-catalog": "translation catalogue",
    "api-schema": "OpenAPI schema, no data",
    "api-docs": "API documentation, no data",
}


def _collect():
    lists, details, not_scoped = {}, {}, dict(SHELL_NOT_SCOPED)
    for config in apps.get_app_configs():
        if not config.name.startswith("shegong."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.scope_cases")
        except ModuleNotFoundError as exc:
            if exc.name in {f"{config.name}.tests.scope_cases", f"{config.name}.tests"}:
                continue
            raise
        for target, name in (
            (lists, "SCOPED_LISTS"),
            (details, "SCOPED_DETAILS"),
            (not_scoped, "NOT_SCOPED"),
        ):
            for route, value in getattr(module, name, {}).items():
                assert route not in lists and route not in details and route not in not_scoped, route
                target[route] = value
    return lists, details, not_scoped


SCOPED_LISTS, SCOPED_DETAILS, NOT_SCOPED = _collect()


def iter_routes(resolver=None, namespace=""):
    """Yield (qualified name, pattern) of every route (name ``None`` for unnamed ones)."""
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
    assert unclassified == [], "classify these routes in the app's tests/scope_cases.py"


def test_no_classified_route_is_stale():
    names = {name for name, _ in iter_routes()}
    stale = sorted((set(SCOPED_LISTS) | set(SCOPED_DETAILS) | set(NOT_SCOPED)) - names)
    assert stale == []


@pytest.fixture
def officer(divisions):
    return UserFactory(
        username="lixia_district_officer", role=Role.DISTRICT_OFFICER, division=divisions["370102"]
    )


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
