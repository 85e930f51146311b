"""Verify and archive the hash-chained audit log (``shegong audit_verify`` / ``shegong audit_archive``)."""

from __future__ import annotations

import datetime
import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from .audit import HASHED_FIELDS, audit_record, entry_digest
from .models import AuditEntry
from .partitions import AUDIT_LOG, detach_months_before


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_id: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def archive_anchors() -> set[str]:
    """Return the last hashes of the archives already moved out (the chain may start after one)."""
    anchors = set()
    for after in AuditEntry.objects.filter(action=AuditEntry.Action.ARCHIVE).values_list("after", flat=True):
        if isinstance(after, dict) and after.get("last_hash"):
            anchors.add(after["last_hash"])
    return anchors


def verify_chain(entries=None, *, anchors: set[str] | None = None) -> ChainReport:
    """Walk the entries in id order; report the first whose hash or link to the previous is wrong."""
    entries = AuditEntry.objects.order_by("id").iterator(chunk_size=2000) if entries is None else entries
    anchors = archive_anchors() if anchors is None else anchors
    previous = None
    checked = 0
    for entry in entries:
        checked += 1
        if previous is None:
            if entry.prev_hash and entry.prev_hash not in anchors:
                return ChainReport(checked, entry.pk, "the first entry follows no known archive")
        elif entry.prev_hash != previous:
            return ChainReport(checked, entry.pk, "the link to the previous entry is broken")
        if entry.entry_hash != entry_digest(entry):
            return ChainReport(checked, entry.pk, "the entry's content does not match its hash")
        previous = entry.entry_hash
    return ChainReport(checked)


class ArchiveRefused(Exception):
    """The cut-off date is inside the retention period, or there is nothing to archive."""


def retention_cutoff(today: datetime.date | None = None) -> datetime.date:
    """Return the first day whose entries must still be kept in the database."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=settings.SHEGONG_AUDIT_RETENTION_DAYS)


def _row(entry: AuditEntry) -> dict:
    row = {"id": entry.pk, "entry_hash": entry.entry_hash}
    for name in HASHED_FIELDS:
        value = getattr(entry, name)
        row[name] = value.isoformat() if isinstance(value, datetime.datetime) else value
    return row


def archive_before(before: datetime.date, *, directory: Path | None = None, actor=None) -> tuple[Path, int]:
    """Export the entries older than ``before`` to a gzip JSON-lines file, then remove them.

    Refused when ``before`` is inside the retention period. The file is written and read back before
    anything is deleted; an ARCHIVE entry then records the file, its SHA-256, the count and the last
    hash, which anchors the chain of the entries that remain. On a partitioned PostgreSQL audit log
    the months that end by ``before`` are detached into the archive schema instead of deleted.
    """
    if before > retention_cutoff():
        raise ArchiveRefused(
            f"审计日志至少保留 {settings.SHEGONG_AUDIT_RETENTION_DAYS} 天：只能归档 {retention_cutoff()} 之前的记录。"
        )
    start = timezone.make_aware(datetime.datetime.combine(before, datetime.time.min))
    directory = Path(directory or settings.SHEGONG_AUDIT_ARCHIVE_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    with transaction.atomic():
        last = AuditEntry.objects.filter(at__lt=start).order_by("-id").first()
        if last is None:
            raise ArchiveRefused(f"{before} 之前没有审计记录。")
        # Only a prefix of the chain moves out, so what remains still starts at the anchor.
        entries = list(AuditEntry.objects.filter(id__lte=last.pk).order_by("id"))
        path = directory / f"audit-{entries[0].pk}-{last.pk}-{before:%Y%m%d}.jsonl.gz"
        with gzip.open(path, "wt", encoding="utf-8") as out:
            for entry in entries:
                out.write(json.dumps(_row(entry), ensure_ascii=False, sort_keys=True, default=str) + "\n")
        with gzip.open(path, "rt", encoding="utf-8") as back:
            if sum(1 for _ in back) != len(entries):
                raise ArchiveRefused(f"归档文件 {path} 校验失败，未删除任何记录。")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        # On PostgreSQL whole months leave as partitions (kept in the archive schema, not deleted);
        # the DELETE then takes what is left: a partial month, the default partition.
        detached = detach_months_before(AUDIT_LOG, before)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL shegong.audit_archive = 'on'")
            cursor.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE id <= %s", [last.pk])
            if connection.vendor == "postgresql":
                # Only this DELETE: the rest of a caller's transaction is append-only again.
                cursor.execute("SET LOCAL shegong.audit_archive = 'off'")
        audit_record(
            actor=actor,
            action=AuditEntry.Action.ARCHIVE,
            object_type="common.auditentry",
            object_id=f"{entries[0].pk}-{last.pk}",
            object_repr=path.name,
            chain_after=last.entry_hash,
            after={
                "file": path.name,
                "sha256": digest,
                "count": len(entries),
                "first_id": entries[0].pk,
                "last_id": last.pk,
                "last_hash": last.entry_hash,
                "before": before.isoformat(),
                **({"detached": detached} if detached else {}),
            },
        )
    return path, len(entries)


def verify_archive(path: Path) -> ChainReport:
    """Verify the chain inside an archive file (its first entry's link is taken as given)."""
    entries = []
    with gzip.open(path, "rt", encoding="utf-8") as source:
        for line in source:
            row = json.loads(line)
            entry = AuditEntry(**{name: row[name] for name in HASHED_FIELDS if name != "at"})
            entry.pk = row["id"]
            entry.at = datetime.datetime.fromisoformat(row["at"])
            entry.entry_hash = row["entry_hash"]
            entries.append(entry)
    anchors = {entries[0].prev_hash} if entries else set()
    return verify_chain(entries, anchors=anchors)
