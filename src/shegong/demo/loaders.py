"""Run the demo loaders: the foundation first, then every app's ``demo.py`` in INSTALLED_APPS order.

A later issue adds demo data for its app by writing ``shegong/<app>/demo.py`` with a function
``load_demo(context: DemoContext) -> None``; nothing here needs to change. A loader must be
idempotent: it looks rows up by a natural key, creates what is missing through the app's services,
updates only what differs, and reports each row to ``context.tally(Model)``. The foundation loader
has already created the demo accounts and organisations; ``context.actor`` is the demo system
administrator, the actor of every write.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

DEMO_PASSWORD = "Shegong@2026"

# The module name each app may provide, and the function in it.
APP_MODULE = "demo"
APP_FUNCTION = "load_demo"
FOUNDATION_LOADER = "shegong.demo.foundation.load_demo"

DEMO_REFUSED_IN_PROD = _(
    "The demo data set is for development only: it refuses to run when SHEGONG_ENV=prod."
)
TALLY_LINE = _("%(label)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")


class DemoRefused(Exception):
    """The demo data set cannot be loaded here; the message tells the operator why."""


class Outcome(Enum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass
class Tally:
    """How many rows of one model a run created, updated and left unchanged."""

    label: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, outcome: Outcome) -> None:
        setattr(self, outcome.value, getattr(self, outcome.value) + 1)

    @property
    def changed(self) -> int:
        return self.created + self.updated

    def __str__(self) -> str:
        return TALLY_LINE % {
            "label": self.label,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


@dataclass
class DemoContext:
    """What the loaders share during one run."""

    log: Callable[[str], None] = lambda message: None
    reset_passwords: bool = False
    actor: models.Model | None = None
    tallies: dict[str, Tally] = field(default_factory=dict)

    def tally(self, model: type[models.Model]) -> Tally:
        """Return the tally of ``model``, created on first use."""
        key = model._meta.label
        if key not in self.tallies:
            self.tallies[key] = Tally(label=str(model._meta.verbose_name_plural))
        return self.tallies[key]

    @property
    def changed(self) -> int:
        return sum(t.changed for t in self.tallies.values())


def changed_fields(instance: models.Model, wanted: dict) -> dict:
    """Return the items of ``wanted`` whose value differs from ``instance`` (foreign keys by key)."""
    changes = {}
    for name, value in wanted.items():
        current_field = instance._meta.get_field(name)
        if current_field.is_relation:
            current = getattr(instance, current_field.attname)
            target = value.pk if isinstance(value, models.Model) else value
        else:
            current, target = getattr(instance, name), value
        if current != target:
            changes[name] = value
    return changes


def demo_loaders() -> list[Callable[[DemoContext], None]]:
    """Return the loaders to run: the foundation, then each Shegong app's ``demo.load_demo``."""
    paths = [FOUNDATION_LOADER]
    for config in apps.get_app_configs():
        if not config.name.startswith("shegong.") or config.name == "shegong.demo":
            continue
        module_name = f"{config.name}.{APP_MODULE}"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue
            raise
        if hasattr(module, APP_FUNCTION):
            paths.append(f"{module_name}.{APP_FUNCTION}")
    loaders = []
    for path in paths:
        module_name, _sep, function = path.rpartition(".")
        loaders.append(getattr(importlib.import_module(module_name), function))
    return loaders


def demo_load(*, log: Callable[[str], None] | None = None, reset_passwords: bool = False) -> DemoContext:
    """Load the whole demo data set in one transaction: a refused or failed run writes nothing."""
    if settings.SHEGONG_ENV == "prod":
        raise DemoRefused(str(DEMO_REFUSED_IN_PROD))
    context = DemoContext(reset_passwords=reset_passwords)
    if log is not None:
        context.log = log
    with transaction.atomic():
        for loader in demo_loaders():
            loader(context)
    return context
