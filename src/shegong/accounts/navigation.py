"""Role-based navigation of the shell. Domain apps add their entries to NAVIGATION."""

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .models import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset = field(default_factory=frozenset)  # empty: every signed-in user
    public: bool = False


ALL_OFFICERS = frozenset({Role.CITY_OFFICER, Role.DISTRICT_OFFICER, Role.TOWN_OFFICER})

NAVIGATION: list[NavItem] = [
    NavItem(_("Home"), "home"),
    NavItem(_("Divisions"), "geo:division-list"),
    NavItem(_("Organisations"), "organizations:organization-list"),
    NavItem(_("Users"), "accounts:user-list", frozenset(ALL_OFFICERS | {Role.SYSTEM_ADMIN, Role.ORG_ADMIN})),
    NavItem(_("Audit log"), "audit:entry-list", frozenset({Role.SYSTEM_ADMIN})),
    NavItem(_("API docs"), "api-docs"),
]


def navigation_for(user) -> list[dict]:
    """Return the navigation entries this user may use, with their URLs."""
    signed_in = bool(user and user.is_authenticated)
    items = []
    for item in NAVIGATION:
        if not signed_in and not item.public:
            continue
        if signed_in and item.roles and not (user.is_superuser or user.role in item.roles):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append({"label": item.label, "url": url, "url_name": item.url_name})
    return items
