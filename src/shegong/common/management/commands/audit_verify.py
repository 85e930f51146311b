"""``shegong audit_verify``: walk the audit log's hash chain and name the first broken entry."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from shegong.common.audit_chain import verify_archive, verify_chain


class Command(BaseCommand):
    help = "Verify the hash chain of the audit log (or of an archive file); exit 1 at the first broken entry."

    def add_arguments(self, parser):
        parser.add_argument("--archive", type=Path, help="Verify this archive file instead of the database.")

    def handle(self, *args, archive: Path | None = None, **options):
        report = verify_archive(archive) if archive else verify_chain()
        if not report.ok:
            raise CommandError(f"审计日志哈希链在第 {report.broken_id} 条记录处断开：{report.problem}。")
        self.stdout.write(f"审计日志哈希链完整：已校验 {report.checked} 条记录。")
