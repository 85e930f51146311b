"""Write the audit log: every write and every view of a sensitive record goes through here.

Each entry is chained to the previous one: ``entry_hash`` is the SHA-256 of its content and of the
previous entry's hash (``prev_hash``), so a changed, removed or inserted entry breaks the chain that
``shegong audit_verify`` walks. Entries are written one at a time (an advisory lock on PostgreSQL,
SQLite's single writer), so the chain follows the ids.
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
import json
import uuid
from typing import Any

from django.db import connections, models, router, transaction
from django.utils import timezone

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


# The fields an entry's hash covers, in this order (the id is not known before the row is written).
HASHED_FIELDS = (
    "at",
    "actor_id",
    "actor_username",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "reason",
    "ip_address",
    "path",
    "outcome",
    "prev_hash",
)
# pg_advisory_xact_lock key that serialises audit writes ("shegong audit" in ASCII, truncated).
CHAIN_LOCK_KEY = 0x73686567_6F6E6761


def chain_digest(values: dict[str, Any]) -> str:
    """Return the SHA-256 (hex) of an entry's hashed fields; ``values`` maps field name to value."""
    data = {}
    for name in HASHED_FIELDS:
        value = values.get(name)
        if isinstance(value, datetime.datetime):
            value = value.astimezone(datetime.UTC).isoformat(timespec="microseconds")
        data[name] = value
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def entry_digest(entry: AuditEntry) -> str:
    """Return the hash ``entry`` should carry, computed from its stored content."""
    return chain_digest({name: getattr(entry, name) for name in HASHED_FIELDS})


def _lock_chain(using: str) -> None:
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def last_hash(using: str = "default") -> str:
    """Return the hash of the newest entry ("" for an empty log)."""
    return AuditEntry.objects.using(using).order_by("-id").values_list("entry_hash", flat=True).first() or ""


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
    outcome: str = AuditEntry.Outcome.SUCCESS,
    chain_after: str | None = None,
) -> AuditEntry:
    """Append one entry to the audit log, chained to the last one; call it inside the service's transaction."""
    request = current_request()
    if instance is not None:
        object_type = object_type or object_type_of(instance)
        object_id = object_id or str(instance.pk or "")
        object_repr = object_repr or str(instance)[:255]
    user = actor if getattr(actor, "is_authenticated", False) else None
    address = (request.META.get("REMOTE_ADDR") or None) if request else None
    entry = AuditEntry(
        at=timezone.now(),
        actor=user,
        actor_username=getattr(user, "username", "") or "",
        action=action,
        object_type=object_type[:100],
        object_id=object_id[:64],
        object_repr=object_repr[:255],
        # Stored as JSON and read back the same: hash what the database will give back.
        before=json.loads(json.dumps(_plain(before))) if before is not None else None,
        after=json.loads(json.dumps(_plain(after))) if after is not None else None,
        reason=reason[:500],
        ip_address=AuditEntry._meta.get_field("ip_address").to_python(address) if address else None,
        path=(request.path[:500] if request else ""),
        outcome=outcome,
    )
    using = router.db_for_write(AuditEntry)
    with transaction.atomic(using=using):
        _lock_chain(using)
        # ``chain_after``: the archive anchor when the archive emptied the table.
        entry.prev_hash = last_hash(using) or (chain_after or "")
        entry.entry_hash = entry_digest(entry)
        entry.save(using=using)
    return entry


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
