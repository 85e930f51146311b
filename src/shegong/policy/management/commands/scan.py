"""``shegong scan``: run the rules and report findings (as of today it also updates the ledger)."""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from shegong.geo.models import Division
from shegong.policy import engine
from shegong.policy.scanning import scan


def parse_date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"日期格式应为 YYYY-MM-DD，例如 2026-11-23，收到 {value!r}。") from None


class Command(BaseCommand):
    help = "Run the policy rules as of a date and list the findings (SPEC rules)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", type=parse_date, help="YYYY-MM-DD (default: today)")
        parser.add_argument("--division", help="division code: scan only this division and below")
        parser.add_argument("--rule", action="append", dest="rules", help="SPEC ID, e.g. SZ-13c (repeatable)")
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args, as_of=None, division=None, rules=None, format="table", **options):
        known = {rule.spec_id for rule in engine.registered_rules()}
        unknown = sorted(set(rules or []) - known)
        if unknown:
            raise CommandError(
                f"未知的规则编号：{', '.join(unknown)}。已有规则：{', '.join(sorted(known))}。"
            )
        if division and not Division.objects.filter(code=division).exists():
            raise CommandError(f"区划代码 {division} 不存在（请先运行 shegong load_divisions）。")
        as_of = as_of or timezone.localdate()
        report = scan(as_of=as_of, within=division, rule_ids=rules)
        if format == "json":
            payload = {
                "as_of": as_of.isoformat(),
                "recorded": report.recorded,
                "rules_in_force": report.rules_in_force,
                "rules_not_in_force": report.rules_not_in_force,
                "findings": [
                    {
                        "rule": row.rule.spec_id,
                        "subject_type": row.subject_type,
                        "subject_id": row.subject_id,
                        "subject": row.subject_repr,
                        "division": row.division_code,
                        "measured": row.measured,
                        "threshold": row.threshold,
                        "parameters": row.parameters,
                        "explanation": row.explanation_zh,
                    }
                    for row in report.rows
                ],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"检查日期：{as_of:%Y-%m-%d}　区划：{division or '全部'}")
        if report.rules_not_in_force:
            self.stdout.write(f"未生效（文件未施行或已失效）的规则：{', '.join(report.rules_not_in_force)}")
        for row in report.rows:
            self.stdout.write(f"{row.rule.spec_id}\t{row.subject_repr}\t{row.explanation_zh}")
        summary = f"共发现 {len(report.rows)} 项问题。"
        if report.recorded:
            summary += f" 台账：新增 {report.opened} 项，已整改 {report.resolved} 项。"
        else:
            summary += " （非当日检查，未写入台账。）"
        self.stdout.write(summary)
