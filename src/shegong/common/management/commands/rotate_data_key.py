"""Re-seal every encrypted column under the current data key (docs/security-keys.md)."""

from django.core.management.base import BaseCommand, CommandError

from shegong.common.audit import audit_record
from shegong.common.encryption import DecryptionError, keyring, rotate_all
from shegong.common.models import AuditEntry


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field of every model with the current data key, in batches, while the "
        "application keeps running; values already under the current key are left alone (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="Rows per transaction (default 500).")
        parser.add_argument(
            "--rehash",
            action="store_true",
            help="Also recompute the keyed-hash search columns with the current SHEGONG_SEARCH_KEY.",
        )

    def handle(self, *args, batch_size: int, rehash: bool, **options):
        if batch_size < 1:
            raise CommandError("--batch-size 必须是正整数。 / --batch-size must be a positive integer.")
        ring = keyring()
        try:
            results = rotate_all(batch_size=batch_size, rehash=rehash)
        except DecryptionError as exc:
            raise CommandError(
                f"{exc}\n请把加密旧数据所用的密钥加入 SHEGONG_DATA_OLD_KEYS 后重试。"
                " / Add the key the old values were sealed with to SHEGONG_DATA_OLD_KEYS and run again."
            ) from exc
        totals = {"scanned": 0, "resealed": 0, "rehashed": 0}
        for result in results:
            totals["scanned"] += result.scanned
            totals["resealed"] += result.resealed
            totals["rehashed"] += result.rehashed
            self.stdout.write(
                f"{result.label}: scanned {result.scanned}, re-encrypted {result.resealed}"
                + (f", re-hashed {result.rehashed}" if rehash else "")
            )
        audit_record(
            actor=None,
            action=AuditEntry.Action.UPDATE,
            object_type="common.data_key",
            object_id=ring.current_id,
            object_repr=f"rotate_data_key → {ring.current_id} ({ring.algorithm})",
            after=totals,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {totals['resealed']} of {totals['scanned']} values re-encrypted with key "
                f"{ring.current_id} ({ring.algorithm})."
            )
        )
