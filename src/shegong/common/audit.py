"""Write the audit log: every write and every view of a sensitive record goes through here."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from django.db import models

from .middleware import current_request
from .models import AuditEntry

SENSITIVE_MARK = "***"


def object_type_of(instance: models.Model) -> str:
    """Return ``app_label.model`` for an instance or model class."""
    meta = instance._meta
    return f"{meta.app_label}.{meta.model_name}"


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (bytes, memoryview)):
        return SENSITIVE_MARK
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def snapshot(instance: models.Model | None) -> dict[str, Any] | None:
    """Return the concrete field values of an instance, with secrets hidden.

    Fields flagged ``sensitive`` (encrypted client data) and password hashes are never copied
    into the log in clear.
    """
    if instance is None:
        return None
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in {"password"} or getattr(field, "sensitive", False):
            data[field.name] = SENSITIVE_MARK
            continue
        data[field.attname] = _plain(getattr(instance, field.attname))
    return data


def audit_record(
    *,
    actor,
    action: str,
    instance: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
) -> AuditEntry:
    """Append one entry to the audit log; call it inside the service's transaction."""
    request = current_request()
    if instance is not None:
        object_type = object_type or object_type_of(instance)
        object_id = object_id or str(instance.pk or "")
        object_repr = object_repr or str(instance)[:255]
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=user,
        actor_username=getattr(user, "username", "") or "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:255],
        before=_plain(before) if before is not None else None,
        after=_plain(after) if after is not None else None,
        reason=reason[:500],
        ip_address=(request.META.get("REMOTE_ADDR") or None) if request else None,
        path=(request.path[:500] if request else ""),
    )


def audit_write(
    *, actor, instance: models.Model, before: dict | None, action: str | None = None, reason: str = ""
) -> AuditEntry:
    """Log a create/update of ``instance``; ``before`` is ``snapshot()`` taken before the change."""
    if action is None:
        action = AuditEntry.Action.CREATE if before is None else AuditEntry.Action.UPDATE
    return audit_record(
        actor=actor, action=action, instance=instance, before=before, after=snapshot(instance), reason=reason
    )


def audit_view(*, actor, instance: models.Model, reason: str) -> AuditEntry:
    """Log that ``actor`` opened a sensitive record, and why."""
    return audit_record(actor=actor, action=AuditEntry.Action.VIEW, instance=instance, reason=reason)
