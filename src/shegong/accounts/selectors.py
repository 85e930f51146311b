"""Reads of accounts and of the audit log, scoped to the viewer through scope_queryset()."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from shegong.common.models import AuditEntry
from shegong.geo.models import subtree_q

from .models import User
from .scoping import scope_queryset


def user_list(*, viewer, role: str = "", division: str = "", q: str = "") -> QuerySet[User]:
    """Accounts the viewer may see; ``division`` keeps those at that division or below it."""
    qs = scope_queryset(User.objects.select_related("division", "organization"), viewer=viewer)
    if role:
        qs = qs.filter(role=role)
    if division:
        qs = qs.filter(subtree_q("division", division))
    if q:
        qs = qs.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
    return qs


def user_get(*, viewer, pk) -> User:
    """One account, or ``User.DoesNotExist`` when it is outside the viewer's scope."""
    return user_list(viewer=viewer).get(pk=pk)


def day_start(day: datetime.date) -> datetime.datetime:
    """Return the local midnight that starts ``day``."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def day_after(day: datetime.date) -> datetime.datetime:
    """Return the local midnight that ends ``day``."""
    return day_start(day + datetime.timedelta(days=1))


def audit_entry_list(
    *,
    viewer,
    actor: str = "",
    action: str = "",
    object_type: str = "",
    object_id: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditEntry]:
    """Audit entries (system administrators only), newest first; dates are local calendar days."""
    qs = scope_queryset(AuditEntry.objects.select_related("actor"), viewer=viewer)
    if actor:
        qs = qs.filter(actor_username__iexact=actor.strip())
    if action:
        qs = qs.filter(action=action)
    if object_type:
        qs = qs.filter(object_type=object_type.strip())
    if object_id:
        qs = qs.filter(object_id=str(object_id).strip())
    if date_from:
        qs = qs.filter(at__gte=day_start(date_from))
    if date_to:
        qs = qs.filter(at__lt=day_after(date_to))
    return qs


def audit_entry_get(*, viewer, pk) -> AuditEntry:
    """One audit entry, or ``AuditEntry.DoesNotExist`` for anyone but a system administrator."""
    return audit_entry_list(viewer=viewer).get(pk=pk)


def audit_entry_changes(entry: AuditEntry) -> list[dict]:
    """Return one row per field of ``before``/``after``: name, old value, new value, changed or not."""
    before = entry.before if isinstance(entry.before, dict) else {}
    after = entry.after if isinstance(entry.after, dict) else {}
    names = list(before) + [name for name in after if name not in before]
    missing = object()
    rows = []
    for name in names:
        old = before.get(name, missing)
        new = after.get(name, missing)
        rows.append(
            {
                "field": name,
                "before": None if old is missing else old,
                "after": None if new is missing else new,
                "changed": old != new,
            }
        )
    return rows
