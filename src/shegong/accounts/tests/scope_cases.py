"""Routes of the accounts app (users, audit log, sign-in) for the jurisdiction scope test."""

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.common.audit import audit_record
from shegong.organizations.tests.factories import OrganizationFactory
from shegong.tests.scope import LICHENG, LIXIA, Case


def make_users(divisions):
    return (
        UserFactory(
            username="lixia_worker",
            full_name="历下社工甲",
            role=Role.SOCIAL_WORKER,
            division=divisions[LIXIA],
        ),
        UserFactory(
            username="licheng_worker",
            full_name="历城社工乙",
            role=Role.SOCIAL_WORKER,
            division=divisions[LICHENG],
        ),
    )


def make_audit_entries(divisions):
    lixia = OrganizationFactory(name="历下审计对象", division=divisions[LIXIA])
    licheng = OrganizationFactory(name="历城审计对象", division=divisions[LICHENG])
    return (
        audit_record(actor=None, action="create", instance=lixia),
        audit_record(actor=None, action="create", instance=licheng),
    )


USERS = Case(make=make_users, marker=lambda u: u.username)
AUDIT = Case(make=make_audit_entries, marker=lambda e: e.object_repr, admin_only=True)

SCOPED_LISTS = {
    "accounts:user-list": USERS,
    "api:user-list": USERS,
    "audit:entry-list": AUDIT,
    "api:audit-entry-list": AUDIT,
}
SCOPED_DETAILS = {
    "accounts:user-detail": USERS,
    "accounts:user-update": USERS,
    "api:user-detail": USERS,
    "audit:entry-detail": AUDIT,
    "api:audit-entry-detail": AUDIT,
}
NOT_SCOPED = {
    "accounts:login": "sign-in",
    "accounts:logout": "sign-out",
    "accounts:password_change": "the viewer's own password",
    "accounts:password_change_done": "the viewer's own password",
    "accounts:user-create": "form; the service refuses divisions outside the jurisdiction (accounts tests)",
    "accounts:user-deactivate": "POST only; a POST outside the jurisdiction answers 404 (accounts tests)",
    "api:token": "sign-in for API clients",
    "api:me": "the viewer's own account",
}
