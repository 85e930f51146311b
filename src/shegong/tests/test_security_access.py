"""Shared pieces of the access matrix (``test_access_matrix.py``): answers, expectations, one user per role.

An app declares who may use its routes beside its scope cases, in ``<app>/tests/scope_cases.py``::

    from shegong.tests.test_security_access import OFFICERS, Access, Answer

    ACCESS = {
        "stations:station-list": Access(ok=ALL_ROLES),
        "stations:station-create": Access(ok=OFFICERS | {Role.SYSTEM_ADMIN}),
        "stations:coverage": Access(ok=OFFICERS, others=Answer.REDIRECT),
    }

``ok`` are the roles answered 200 (on the Lixia object of the route's scope case when the route has URL
parameters); every other signed-in role gets ``others`` (403 unless said), except the roles listed in
``special``; an anonymous visitor gets ``anonymous`` (the sign-in redirect unless said). A route with URL
parameters but no ``SCOPED_DETAILS`` case gives ``kwargs``: ``divisions -> {name: value}``.

(This module has no tests; its name keeps it among the security engineer's files. It would sit better as
``shegong/tests/access.py``.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from shegong.accounts.models import JURISDICTION_ROLES, Role

ANONYMOUS = "anonymous"
LIXIA_DISTRICT = "370102"
LIXIA_TOWN = "370102001"
JINAN = "3701"


class Answer(StrEnum):
    OK = "200"
    LOGIN = "login"  # anonymous: redirect to the sign-in page; API: 401/403
    REDIRECT = "redirect"  # a redirect elsewhere
    BAD_REQUEST = "400"
    FORBIDDEN = "403"
    NOT_FOUND = "404"
    POST_ONLY = "405"
    LOCKED = "429"
    ERROR = "5xx"


ALL_ROLES = frozenset(Role.values)
OFFICERS = frozenset({Role.CITY_OFFICER, Role.DISTRICT_OFFICER, Role.TOWN_OFFICER})
ADMINS = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
DEPARTMENTS = frozenset(
    {
        Role.SUPERVISORY_UNIT,
        Role.TAX_OFFICER,
        Role.AUDIT_OFFICER,
        Role.DISCIPLINE_INSPECTOR,
        Role.POLICE_OFFICER,
        Role.COURT_OFFICER,
    }
)
ORGANIZATION_MEMBERS = frozenset({Role.ORG_ADMIN, Role.SOCIAL_WORKER, Role.SUPERVISOR})
# Roles whose reach is a division of the tree (the department roles among them).
DIVISION_ROLES = frozenset(JURISDICTION_ROLES)
# Every role that may read business data at all: all but the security and audit administrators.
BUSINESS_ROLES = ALL_ROLES - {Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}


@dataclass(frozen=True)
class Access:
    """Who may use a route (GET) and what everybody else is answered."""

    ok: Iterable[str] = frozenset()
    others: Answer = Answer.FORBIDDEN
    anonymous: Answer = Answer.LOGIN
    special: Mapping[str, Answer] = field(default_factory=dict)
    kwargs: Callable | None = None

    def expected(self, role: str) -> Answer:
        if role == ANONYMOUS:
            return self.anonymous
        if role in self.special:
            return self.special[role]
        return Answer.OK if role in frozenset(self.ok) else self.others


def public(**kwargs) -> Access:
    """A page anyone may open, signed in or not."""
    return Access(ok=ALL_ROLES, anonymous=Answer.OK, **kwargs)


def signed_in(**kwargs) -> Access:
    """A page every signed-in role may open."""
    return Access(ok=ALL_ROLES, **kwargs)


def post_only(anonymous: Answer = Answer.POST_ONLY, **kwargs) -> Access:
    """A route that answers only POST: GET is 405 for everyone."""
    return Access(others=Answer.POST_ONLY, anonymous=anonymous, **kwargs)


def answer_class(response, route: str, *, anonymous: bool = False) -> Answer:
    """Return the class of ``response`` (a redirect to the sign-in page is ``LOGIN``)."""
    status = response.status_code
    if 200 <= status < 300:
        return Answer.OK
    if status in {301, 302, 303, 307, 308}:
        login = reverse(settings.LOGIN_URL)
        return Answer.LOGIN if response["Location"].startswith(login) else Answer.REDIRECT
    if anonymous and route.startswith("api:") and status in {401, 403}:
        return Answer.LOGIN
    if status >= 500:
        return Answer.ERROR
    try:
        return Answer(str(status))
    except ValueError:
        return Answer.ERROR


def make_role_users(divisions, roles: Iterable[str] = tuple(Role.values)) -> dict:
    """Create one active user of every role, placed in Lixia district (Jinan for the city officer).

    Members of an organisation (administrator, social worker, supervisor) belong to a Lixia organisation.
    """
    from shegong.accounts.tests.factories import UserFactory
    from shegong.organizations.tests.factories import OrganizationFactory

    organization = OrganizationFactory(name="历下矩阵社会工作服务中心", division=divisions[LIXIA_DISTRICT])
    users = {}
    for role in roles:
        if role == ANONYMOUS:
            continue
        fields = {}
        if role == Role.CITY_OFFICER:
            fields["division"] = divisions[JINAN]
        elif role == Role.TOWN_OFFICER:
            fields["division"] = divisions[LIXIA_TOWN]
        elif role in DIVISION_ROLES:
            fields["division"] = divisions[LIXIA_DISTRICT]
        elif role in ORGANIZATION_MEMBERS:
            fields.update(division=divisions[LIXIA_DISTRICT], organization=organization)
        users[role] = UserFactory(username=f"matrix_{role}", role=role, **fields)
    return users


def may_see(user, obj) -> bool:
    """Return whether the scoping function lets ``user`` see ``obj`` (then a 200 is no leak)."""
    from shegong.accounts.scoping import scope_queryset

    if user is None:
        return False
    try:
        return scope_queryset(type(obj)._default_manager.filter(pk=obj.pk), viewer=user).exists()
    except ImproperlyConfigured:
        return bool(user.is_system_admin or (user.division_id and JINAN.startswith(user.division_id)))


def dummy_kwargs(converters: Mapping) -> dict:
    """Return values for a route's parameters (name → converter or ``None``) that name no object."""
    values = {}
    for name, converter in converters.items():
        kind = type(converter).__name__
        values[name] = {"IntConverter": 999999999, "SlugConverter": "none"}.get(kind, "999999999")
    return values
