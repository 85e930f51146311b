"""Routes of the accounts app (users, audit log, sign-in) for the jurisdiction scope test."""

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.common.audit import audit_record
from shegong.organizations.tests.factories import OrganizationFactory
from shegong.tests.scope import LICHENG, LIXIA, Case
from shegong.tests.test_security_access import ALL_ROLES, Access
from shegong.tests.test_security_access import Answer as A

R = Role


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
    "accounts:two-factor-setup": "the viewer's own authenticator",
    "accounts:two-factor-verify": "the viewer's own sign-in",
    "accounts:user-unlock": "POST only; security administrators, who see every account (test_security_auth)",
    "accounts:user-reset-2fa": "POST only; security administrators, who see every account (test_security_auth)",
    "api:token": "sign-in for API clients",
    "api:me": "the viewer's own account",
}

# Who may use each route (access matrix, shegong/tests/test_access_matrix.py). Separation of duties:
# accounts for the security administrator (and officers, system administrators for business accounts),
# the audit log for the audit administrator only.
ACCESS = {
    "accounts:login": Access(others=A.REDIRECT, anonymous=A.OK),
    "accounts:logout": Access(others=A.POST_ONLY, anonymous=A.POST_ONLY),
    "accounts:password_change": Access(ok=ALL_ROLES),
    "accounts:password_change_done": Access(ok=ALL_ROLES),
    "accounts:two-factor-setup": Access(ok=ALL_ROLES),
    "accounts:two-factor-verify": Access(others=A.REDIRECT),
    "accounts:user-create": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SECURITY_ADMIN, R.SYSTEM_ADMIN, R.TOWN_OFFICER}
    ),
    "accounts:user-deactivate": Access(others=A.POST_ONLY, anonymous=A.POST_ONLY),
    "accounts:user-detail": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SECURITY_ADMIN, R.SYSTEM_ADMIN, R.TOWN_OFFICER},
        special={R.ORG_ADMIN: A.NOT_FOUND},
    ),
    "accounts:user-list": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.ORG_ADMIN, R.SECURITY_ADMIN, R.SYSTEM_ADMIN, R.TOWN_OFFICER}
    ),
    "accounts:user-reset-2fa": Access(others=A.POST_ONLY, anonymous=A.POST_ONLY),
    "accounts:user-unlock": Access(others=A.POST_ONLY, anonymous=A.POST_ONLY),
    "accounts:user-update": Access(
        ok={R.CITY_OFFICER, R.DISTRICT_OFFICER, R.SECURITY_ADMIN, R.SYSTEM_ADMIN, R.TOWN_OFFICER}
    ),
    "audit:entry-detail": Access(ok={R.AUDIT_ADMIN}),
    "audit:entry-list": Access(ok={R.AUDIT_ADMIN}),
}
