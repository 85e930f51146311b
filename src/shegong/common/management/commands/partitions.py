"""``shegong partitions [list|create]``: the monthly partitions of the visits and the audit log (PostgreSQL)."""

from django.core.management.base import BaseCommand, CommandError

from shegong.common.partitions import (
    MONTHS_AHEAD,
    PARTITIONED_TABLES,
    PartitionError,
    archived_tables,
    ensure_months,
    list_partitions,
    require_postgresql,
)


class Command(BaseCommand):
    help = (
        "List the monthly partitions of cases_visit and common_auditentry, or create the current month's "
        "and the next months' partitions (idempotent; run it monthly). PostgreSQL only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "action", nargs="?", choices=["list", "create"], default="list", help="list (default) or create."
        )
        parser.add_argument(
            "--ahead",
            type=int,
            default=MONTHS_AHEAD,
            help=f"How many months after the current one to prepare (default {MONTHS_AHEAD}).",
        )

    def handle(self, *args, action: str, ahead: int, **options):
        if ahead < 0 or ahead > 120:
            raise CommandError(f"--ahead 应在 0 到 120 之间，收到 {ahead}。")
        try:
            require_postgresql()
            if action == "create":
                self._create(ahead)
            else:
                self._list()
        except PartitionError as exc:
            raise CommandError(str(exc)) from None

    def _create(self, ahead: int) -> None:
        for spec in PARTITIONED_TABLES:
            report = ensure_months(spec, ahead=ahead)
            for name, moved in report.adopted.items():
                self.stdout.write(f"{spec.table}：新建分区 {name}，并从默认分区移入 {moved} 行。")
            for name in report.created:
                self.stdout.write(f"{spec.table}：新建分区 {name}。")
            self.stdout.write(
                f"{spec.table}：新建 {len(report.created) + len(report.adopted)} 个分区，"
                f"{report.existing} 个已存在。"
            )

    def _list(self) -> None:
        for spec in PARTITIONED_TABLES:
            partitions = list_partitions(spec)
            self.stdout.write(f"{spec.table}（按 {spec.key} 按月分区，{len(partitions)} 个分区）：")
            for partition in partitions:
                self.stdout.write(
                    f"  {partition.name}  {partition.bound}  约 {partition.rows_estimate} 行  "
                    f"{partition.bytes // 1024} KiB"
                )
            for name in archived_tables(spec):
                self.stdout.write(f"  已分离归档：{name}")
