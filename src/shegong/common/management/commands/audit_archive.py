"""``shegong audit_archive --before DATE``: export old audit entries to a compressed file, then remove them."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from shegong.common.audit_chain import ArchiveRefused, archive_before
from shegong.common.partitions import PartitionError


class Command(BaseCommand):
    help = (
        "Move audit entries older than DATE (YYYY-MM-DD, outside the retention period) to a gzip file; "
        "the chain of the remaining entries stays verifiable."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--before", required=True, help="Archive the entries before this day (YYYY-MM-DD)."
        )
        parser.add_argument(
            "--directory", type=Path, help="Where to write the file (SHEGONG_AUDIT_ARCHIVE_DIR)."
        )

    def handle(self, *args, before: str, directory: Path | None = None, **options):
        try:
            day = datetime.date.fromisoformat(before)
        except ValueError:
            raise CommandError(f"日期格式不正确：{before}（应为 YYYY-MM-DD）。") from None
        try:
            path, count = archive_before(day, directory=directory)
        except (ArchiveRefused, PartitionError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"已将 {count} 条审计记录归档到 {path}。")
