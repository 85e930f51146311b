"""``shegong restore``: bring back an archive of ``shegong backup`` into an empty database (issue 12)."""

from __future__ import annotations

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError

from shegong.common.backup import BackupError, backup_read_counts, backup_restore


class Command(BaseCommand):
    help = (
        "Restore an archive into a newly migrated, empty database (all or nothing), then compare the row "
        "counts and verify the audit chain. --check only decrypts and reads the archive through."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--check", action="store_true", help="only verify that the archive is whole and readable"
        )

    def handle(self, *args, archive, check=False, **options):
        try:
            if check:
                counts = backup_read_counts(archive)
                self.stdout.write(
                    f"备份完整 archive is whole: {sum(counts.values())} 行 rows in {len(counts)} 张表 tables"
                )
                return
            summary = backup_restore(archive)
        except (BackupError, OSError) as exc:
            raise CommandError(
                f"恢复失败，数据库未作任何改动。Restore failed, nothing was changed: {exc}"
            ) from exc
        self.stdout.write(
            f"恢复完成 restored: {summary.rows} 行 rows in {len(summary.counts)} 张表 tables; "
            "行数与备份一致 row counts equal the archive's"
        )
        if "audit_verify" in get_commands():
            call_command("audit_verify", stdout=self.stdout, stderr=self.stderr)
