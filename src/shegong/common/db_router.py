"""Send the reads of dashboards and reports to a read replica (issue 11, scale-out path).

A view or selector opts in by wrapping its reads in ``use_replica()`` (a context manager and a
decorator). Inside it, reads go to the ``replica`` database alias when ``SHEGONG_REPLICA_URL``
configured one; writes always go to ``default``; without a replica everything goes to ``default``.
A replica lags its primary by a moment: wrap only reads that may show slightly older data (dashboards,
reports, exports), never a read that must see a write just made.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import ContextDecorator, contextmanager

from django.conf import settings

REPLICA = "replica"
PRIMARY = "default"

_reading_from_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("shegong_replica", default=False)


def replica_configured() -> bool:
    """Return whether settings declare the ``replica`` alias."""
    return REPLICA in settings.DATABASES


class use_replica(ContextDecorator):  # noqa: N801 (reads like the contextlib helpers it sits beside)
    """Within this block (or decorated function) reads go to the replica if one is configured."""

    def _recreate_cm(self):
        # As a decorator one instance serves every call, from many threads at once: each call gets its own
        # instance, so a token is always reset by the call (and context) that set it.
        return type(self)()

    def __enter__(self):
        self._token = _reading_from_replica.set(True)
        return self

    def __exit__(self, *exc_info):
        _reading_from_replica.reset(self._token)
        return False


@contextmanager
def use_primary() -> Iterator[None]:
    """Within this block reads go to the primary again (e.g. a check right after a write)."""
    token = _reading_from_replica.set(False)
    try:
        yield
    finally:
        _reading_from_replica.reset(token)


def reading_from_replica() -> bool:
    """Return whether a read made now would go to the replica."""
    return _reading_from_replica.get() and replica_configured()


class ReplicaRouter:
    """Reads inside ``use_replica()`` to the replica; everything else, and every write, to default."""

    def db_for_read(self, model, **hints):
        return REPLICA if reading_from_replica() else PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same data: an object read from the replica may point at one from default.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # A streaming replica is read-only and receives its schema from the primary.
        return False if db == REPLICA else None
