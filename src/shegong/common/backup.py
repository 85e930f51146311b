"""Encrypted backups of the whole database and their restore (issue 12: reliability).

An archive is a stream of frames. Each frame is ``length (4 bytes) | nonce (12) | AES-256-GCM ciphertext``
of a zlib-compressed piece of the plain stream; the associated data binds the frame's position and
whether it is the last one, so a reordered, truncated or altered archive is refused as a whole.

The plain stream is JSON lines: a header (format, time, the content types and permissions the rows
refer to), then batches of rows per table, then a footer with the row count of every table. Rows are
read through the models (so an archive written on SQLite restores on PostgreSQL and back); encrypted
columns travel decrypted *inside* the encrypted archive and are encrypted again with the data key of
the target when they are written. Keyed search hashes are copied as they are, so the target must use
the same ``SHEGONG_DATA_KEY`` (or rotate afterwards).

Content types and permissions are created by ``migrate`` on the target with their own numbers; the
archive names them by (app, model) and (app, codename) and the restore maps the numbers. Sessions are
not kept: a restored system asks everyone to sign in again.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import io
import json
import os
import struct
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, models, transaction
from django.utils.translation import gettext as _

MAGIC = b"SHEGONG-BACKUP-1\n"
FORMAT = 1
FRAME_BYTES = 1 << 20  # plain bytes per frame before compression
BATCH_ROWS = 2000
NONCE_BYTES = 12
SKIPPED_MODELS = {"contenttypes.contenttype", "auth.permission", "sessions.session"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator (Chinese first)."""


def _backup_key() -> bytes:
    """The archive key: ``SHEGONG_BACKUP_KEY`` (urlsafe base64 of 32 bytes) or one derived from the data key.

    A separate backup key lets the archives be kept by someone who cannot read the live database.
    """
    configured = getattr(settings, "SHEGONG_BACKUP_KEY", "") or os.environ.get("SHEGONG_BACKUP_KEY", "")
    if configured:
        raw = base64.urlsafe_b64decode(configured.encode())
        if len(raw) != 32:
            raise BackupError(_("SHEGONG_BACKUP_KEY must be the URL-safe Base64 form of 32 bytes."))
        return raw
    hkdf = HKDF(algorithm=SHA256(), length=32, salt=b"shegong-backup", info=b"archive-key-v1")
    return hkdf.derive(settings.SHEGONG_DATA_KEY.encode())


def _aad(index: int, last: bool) -> bytes:
    return MAGIC + struct.pack(">Q?", index, last)


class _FrameWriter(io.RawIOBase):
    """A binary sink that compresses and encrypts what it is given, one frame per megabyte."""

    def __init__(self, target, key: bytes) -> None:
        self._target = target
        self._aead = AESGCM(key)
        self._buffer = bytearray()
        self._index = 0
        self.plain_bytes = 0
        target.write(MAGIC)

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._buffer += data
        self.plain_bytes += len(data)
        while len(self._buffer) > FRAME_BYTES:
            chunk = bytes(self._buffer[:FRAME_BYTES])
            del self._buffer[:FRAME_BYTES]
            self._frame(chunk, last=False)
        return len(data)

    def _frame(self, chunk: bytes, *, last: bool) -> None:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, zlib.compress(chunk, 6), _aad(self._index, last))
        self._target.write(struct.pack(">I", len(sealed)) + nonce + sealed)
        self._index += 1

    def finish(self) -> None:
        self._frame(bytes(self._buffer), last=True)
        self._buffer.clear()


def _frames(source, key: bytes) -> Iterator[bytes]:
    """Yield the plain chunks of an archive; refuse it as a whole if any frame is wrong or missing."""
    if source.read(len(MAGIC)) != MAGIC:
        raise BackupError(_("This file is not a Shegong backup archive."))
    aead = AESGCM(key)
    index = 0
    while True:
        head = source.read(4)
        if len(head) < 4:
            raise BackupError(_("The archive is truncated: its last part is missing."))
        (length,) = struct.unpack(">I", head)
        nonce = source.read(NONCE_BYTES)
        sealed = source.read(length)
        if len(nonce) < NONCE_BYTES or len(sealed) < length:
            raise BackupError(_("The archive is truncated: its last part is missing."))
        for last in (False, True):
            try:
                plain = aead.decrypt(nonce, sealed, _aad(index, last))
            except Exception:  # noqa: BLE001 - InvalidTag: try the other flag, then give up
                continue
            yield zlib.decompress(plain)
            if last:
                if source.read(1):
                    raise BackupError(_("The archive has data after its last part."))
                return
            break
        else:
            raise BackupError(
                _("The archive cannot be decrypted: wrong backup key, or the file was altered.")
            )
        index += 1


def _lines(chunks: Iterable[bytes]) -> Iterator[dict]:
    pending = b""
    for chunk in chunks:
        pending += chunk
        *complete, pending = pending.split(b"\n")
        for line in complete:
            if line:
                yield json.loads(line)
    if pending.strip():
        yield json.loads(pending)


def backed_up_models() -> list[type[models.Model]]:
    """Every concrete table of the project (incl. many-to-many tables), in a stable order."""
    chosen = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.label_lower in SKIPPED_MODELS:
            continue
        chosen.append(model)
    return sorted(chosen, key=lambda m: m._meta.label_lower)


def _encode(value):
    if isinstance(value, bytes | memoryview):
        return {"$b": base64.b64encode(bytes(value)).decode()}
    if isinstance(value, datetime.datetime | datetime.time):
        # Full precision: Django's JSON encoder would cut microseconds, and the audit chain hashes them.
        return value.isoformat()
    return value


def _fields(model) -> list[models.Field]:
    return list(model._meta.local_concrete_fields)


@dataclass
class BackupSummary:
    path: Path
    counts: dict[str, int] = field(default_factory=dict)
    bytes_written: int = 0
    digest: str = ""

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def backup_write(path: Path | str, *, using: str = "default") -> BackupSummary:
    """Write an encrypted archive of the whole database to ``path`` (written aside, then renamed)."""
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    summary = BackupSummary(path=path)
    encoder = DjangoJSONEncoder(ensure_ascii=False, separators=(",", ":"))
    with transaction.atomic(using=using), open(partial, "wb") as target:
        writer = _FrameWriter(target, _backup_key())

        def emit(obj) -> None:
            writer.write(encoder.encode(obj).encode() + b"\n")

        emit(
            {
                "format": FORMAT,
                "created": datetime.datetime.now(datetime.UTC).isoformat(),
                "vendor": connections[using].vendor,
                "content_types": {
                    str(pk): [app, model]
                    for pk, app, model in ContentType.objects.using(using).values_list(
                        "pk", "app_label", "model"
                    )
                },
                "permissions": {
                    str(pk): [app, codename]
                    for pk, app, codename in Permission.objects.using(using).values_list(
                        "pk", "content_type__app_label", "codename"
                    )
                },
            }
        )
        for model in backed_up_models():
            fields = _fields(model)
            names = [f.attname for f in fields]
            label = model._meta.label_lower
            count = 0
            batch: list[list] = []
            rows = model._base_manager.using(using).order_by("pk").values_list(*names)
            for row in rows.iterator(chunk_size=BATCH_ROWS):
                batch.append([_encode(v) for v in row])
                if len(batch) >= BATCH_ROWS:
                    emit({"model": label, "fields": names, "rows": batch})
                    count += len(batch)
                    batch = []
            if batch:
                emit({"model": label, "fields": names, "rows": batch})
                count += len(batch)
            summary.counts[label] = count
        emit({"end": True, "counts": summary.counts})
        writer.finish()
    os.replace(partial, path)
    summary.bytes_written = path.stat().st_size
    summary.digest = _file_digest(path)
    return summary


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _decode(field_obj: models.Field, value):
    if isinstance(value, dict) and set(value) == {"$b"}:
        return base64.b64decode(value["$b"])
    if value is None or isinstance(field_obj, models.JSONField):
        return value
    if isinstance(field_obj, models.ForeignKey):
        return field_obj.target_field.to_python(value)
    if isinstance(value, str) and isinstance(
        field_obj, models.DateTimeField | models.DateField | models.TimeField | models.DecimalField
    ):
        return field_obj.to_python(value)
    if isinstance(field_obj, models.DecimalField):
        return Decimal(str(value))
    if isinstance(field_obj, models.UUIDField | models.DurationField):
        return field_obj.to_python(value)
    return value


def _occupied_tables(using: str) -> dict[str, int]:
    occupied = {}
    for model in backed_up_models():
        count = model._base_manager.using(using).count()
        if count:
            occupied[model._meta.label_lower] = count
    return occupied


@dataclass
class RestoreSummary:
    counts: dict[str, int] = field(default_factory=dict)
    expected: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def backup_read_counts(path: Path | str) -> dict[str, int]:
    """Decrypt and read an archive through to its footer (checks it whole) and return its row counts."""
    with open(path, "rb") as source:
        for line in _lines(_frames(source, _backup_key())):
            if line.get("end"):
                return line["counts"]
    raise BackupError(_("The archive has no closing record: it is incomplete."))


def backup_restore(path: Path | str, *, using: str = "default") -> RestoreSummary:
    """Restore an archive into an empty, migrated database, all or nothing.

    Refused when the target already holds rows (a restore never merges into live data). Any error —
    a wrong key, an altered or truncated file, a row the schema refuses — rolls everything back.
    """
    occupied = _occupied_tables(using)
    if occupied:
        listed = "、".join(f"{label}（{count}）" for label, count in sorted(occupied.items())[:5])
        raise BackupError(
            _("The target database is not empty (%(tables)s); restore only into a newly migrated database.")
            % {"tables": listed}
        )
    by_label = {m._meta.label_lower: m for m in backed_up_models()}
    connection = connections[using]
    summary = RestoreSummary()
    with open(path, "rb") as source, transaction.atomic(using=using):
        lines = _lines(_frames(source, _backup_key()))
        header = next(lines, None)
        if not header or header.get("format") != FORMAT:
            raise BackupError(_("This archive was written by an unknown version of the backup format."))
        type_ids = _map_content_types(header["content_types"], using)
        permission_ids = _map_permissions(header["permissions"], using)
        ended = False
        for line in lines:
            if line.get("end"):
                summary.expected = line["counts"]
                ended = True
                break
            model = by_label.get(line["model"])
            if model is None:
                raise BackupError(
                    _("The archive holds a table this version does not know: %(table)s.")
                    % {"table": line["model"]}
                )
            fields_by_name = {f.attname: f for f in _fields(model)}
            missing = [name for name in line["fields"] if name not in fields_by_name]
            if missing:
                raise BackupError(
                    _("The archive's table %(table)s has columns this version does not know: %(columns)s.")
                    % {"table": line["model"], "columns": ", ".join(missing)}
                )
            fields = [fields_by_name[name] for name in line["fields"]]
            objects = []
            for row in line["rows"]:
                values = {}
                for field_obj, value in zip(fields, row, strict=True):
                    value = _decode(field_obj, value)
                    remote = field_obj.related_model if field_obj.is_relation else None
                    if remote is ContentType and value is not None:
                        value = type_ids[str(value)]
                    elif remote is Permission and value is not None:
                        if str(value) not in permission_ids:
                            raise BackupError(
                                _("The archive refers to a permission this version does not have (%(id)s).")
                                % {"id": value}
                            )
                        value = permission_ids[str(value)]
                    values[field_obj.attname] = value
                objects.append(model(**values))
            _insert(model, objects, fields, using)
            summary.counts[line["model"]] = summary.counts.get(line["model"], 0) + len(objects)
        if not ended:
            raise BackupError(_("The archive has no closing record: it is incomplete."))
        for label, expected in summary.expected.items():
            if summary.counts.get(label, 0) != expected:
                raise BackupError(
                    _("Table %(table)s: the archive lists %(expected)s rows but holds %(found)s.")
                    % {"table": label, "expected": expected, "found": summary.counts.get(label, 0)}
                )
        restored = [by_label[label] for label in summary.counts if label in by_label]
        statements = connection.ops.sequence_reset_sql(no_style(), restored)
        if statements:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
    return summary


def _insert(model, objects, fields, using: str) -> None:
    """Insert rows as they were (``raw``: no ``auto_now``, no ``save()`` overrides, no signals)."""
    connection = connections[using]
    size = connection.ops.bulk_batch_size(fields, objects) or len(objects)
    for start in range(0, len(objects), max(1, size)):
        model._base_manager.using(using)._insert(
            objects[start : start + size], fields=fields, raw=True, using=using
        )


def _map_content_types(archived: dict, using: str) -> dict[str, int]:
    current = {
        (app, model): pk
        for pk, app, model in ContentType.objects.using(using).values_list("pk", "app_label", "model")
    }
    mapping = {}
    for old, (app, model) in archived.items():
        if (app, model) not in current:
            current[(app, model)] = ContentType.objects.using(using).create(app_label=app, model=model).pk
        mapping[old] = current[(app, model)]
    return mapping


def _map_permissions(archived: dict, using: str) -> dict[str, int]:
    current = {
        (app, codename): pk
        for pk, app, codename in Permission.objects.using(using).values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    mapping = {}
    for old, (app, codename) in archived.items():
        if (app, codename) in current:
            mapping[old] = current[(app, codename)]
    return mapping
