"""Role-based navigation of the shell: the registry every app adds its pages to.

An app registers its entries once, from its ``AppConfig.ready()``::

    from shegong.accounts.navigation import register_nav
    from shegong.accounts.models import Role

    register_nav(
        _("Stations"),
        "stations:station-list",
        roles={Role.CITY_OFFICER, Role.DISTRICT_OFFICER},
        description=_("Register and supervise social work stations."),
        order=40,
    )

``roles`` empty means every signed-in user; ``public=True`` also shows the entry to anonymous
visitors. An entry whose URL name does not resolve (the page is not built yet) is left out, so
the registry may name pages before they exist. The labels of the entries below live in the
project catalogue (src/shegong/locale); an app's own entries live in its own catalogue.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .models import OFFICER_ROLES, Role


@dataclass(frozen=True)
class NavItem:
    """One entry of the header navigation and, with a description, one card on the home page."""

    label: str
    url_name: str
    roles: frozenset = field(default_factory=frozenset)  # empty: every signed-in user
    public: bool = False
    description: str = ""
    order: int = 100

    def visible_to(self, user) -> bool:
        """Return whether ``user`` (``None`` or anonymous allowed) may see this entry."""
        if not (user is not None and user.is_authenticated):
            return self.public
        if not self.roles:
            return True
        return bool(user.is_superuser or user.role in self.roles)


ALL_OFFICERS = frozenset(OFFICER_ROLES)

NAVIGATION: list[NavItem] = [
    NavItem(_("Home"), "home", public=True, order=0),
    NavItem(
        _("Divisions"),
        "geo:division-list",
        description=_("Browse the administrative divisions the platform works with."),
        order=10,
    ),
    NavItem(
        _("Organisations"),
        "organizations:organization-list",
        description=_("Social work organisations registered in your jurisdiction."),
        order=20,
    ),
    NavItem(
        _("Users"),
        "accounts:user-list",
        frozenset(ALL_OFFICERS | {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.ORG_ADMIN}),
        description=_("Accounts, roles and jurisdictions of the people who sign in."),
        order=80,
    ),
    NavItem(
        _("Audit log"),
        "audit:entry-list",
        frozenset({Role.AUDIT_ADMIN}),
        description=_("Who changed or viewed what, and when."),
        order=90,
    ),
    NavItem(
        _("API docs"),
        "api-docs",
        description=_("The REST API for data exchange with other systems."),
        order=95,
    ),
]


def register_nav(
    label,
    url_name: str,
    *,
    roles: Iterable = (),
    public: bool = False,
    description="",
    order: int = 100,
) -> NavItem:
    """Add an entry to the navigation (once per URL name) and return it.

    Call it from ``AppConfig.ready()``; registering the same URL name again replaces the entry,
    so a reloaded module does not duplicate it.
    """
    item = NavItem(label, url_name, frozenset(roles), public, description, order)
    for index, existing in enumerate(NAVIGATION):
        if existing.url_name == url_name:
            NAVIGATION[index] = item
            break
    else:
        NAVIGATION.append(item)
    return item


def unregister_nav(url_name: str) -> None:
    """Remove the entry for ``url_name`` if present (for tests and feature switches)."""
    NAVIGATION[:] = [item for item in NAVIGATION if item.url_name != url_name]


def navigation_for(user, current_url_name: str | None = None) -> list[dict]:
    """Return the entries ``user`` may use, in order, with their URLs.

    Each entry is a dict with ``label``, ``url``, ``url_name``, ``description`` and ``active``
    (the entry of the page being shown). Costs no query beyond the already loaded user.
    """
    items = []
    for item in sorted(NAVIGATION, key=lambda i: i.order):
        if not item.visible_to(user):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append(
            {
                "label": item.label,
                "url": url,
                "url_name": item.url_name,
                "description": item.description,
                "active": False,
            }
        )
    active = _active_entry([entry["url_name"] for entry in items], current_url_name)
    for entry in items:
        entry["active"] = entry["url_name"] == active
    return items


def _stem(url_name: str) -> str:
    """``organizations:supervision-detail`` → ``organizations:supervision``."""
    namespace, _, name = url_name.rpartition(":")
    return f"{namespace}:{name.split('-')[0]}"


def _active_entry(url_names: list[str], current: str | None) -> str | None:
    """The one entry of the page being shown: its own page, else an entry for the same kind of record
    in the same app (``supervision-list`` for ``supervision-detail``), else the app's first entry."""
    if not current:
        return None
    if current in url_names:
        return current
    same_stem = [name for name in url_names if _stem(name) == _stem(current)]
    if same_stem:
        return same_stem[0]
    namespace = current.rpartition(":")[0]
    same_app = [name for name in url_names if namespace and name.rpartition(":")[0] == namespace]
    return same_app[0] if same_app else None
