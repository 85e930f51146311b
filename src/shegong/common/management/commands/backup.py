"""``shegong backup``: write an encrypted archive of the whole database (issue 12)."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from shegong.common.backup import BackupError, backup_write


class Command(BaseCommand):
    help = (
        "Write an encrypted archive of the whole database (AES-256-GCM); restore it with `shegong restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="archive path (default: var/backups/shegong-<time>.sgbak)")

    def handle(self, *args, output=None, **options):
        if output:
            path = Path(output)
        else:
            stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
            path = Path(settings.VAR_DIR) / "backups" / f"shegong-{stamp}.sgbak"
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            summary = backup_write(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"备份完成 backup written: {summary.path} · {summary.rows} 行 rows in {len(summary.counts)} 张表 tables · "
            f"{summary.bytes_written} bytes · sha256 {summary.digest}"
        )
