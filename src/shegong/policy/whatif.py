"""What-if: run the rules with changed parameters and compare, without touching policy or ledger."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from . import engine
from .scanning import FindingRow, scan


@dataclass
class WhatIfResult:
    changes: dict[tuple[str, str], Any]
    rules: list[str]
    newly_failing: list[FindingRow]
    newly_passing: list[FindingRow]
    still_failing: int


def rules_reading(keys: set[tuple[str, str]]) -> list[str]:
    """SPEC IDs of the rules that read any of the (document, key) parameters."""
    return sorted(
        rule.spec_id
        for rule in engine.registered_rules()
        if any((rule.document, key) in keys for key in rule.parameters)
    )


def what_if(*, changes: dict[tuple[str, str], Any], as_of: datetime.date, within: str | None) -> WhatIfResult:
    """Compare findings with the real parameters and with ``changes``; nothing is written."""
    rule_ids = rules_reading(set(changes))
    if not rule_ids:
        return WhatIfResult(changes=changes, rules=[], newly_failing=[], newly_passing=[], still_failing=0)
    baseline = scan(as_of=as_of, within=within, rule_ids=rule_ids, record=False)
    changed = scan(
        as_of=as_of,
        within=within,
        rule_ids=rule_ids,
        record=False,
        parameters=engine.ParameterSource(overrides=changes),
    )

    def key(row: FindingRow):
        return (row.rule.spec_id, row.subject_type, row.subject_id)

    before = {key(row): row for row in baseline.rows}
    after = {key(row): row for row in changed.rows}
    return WhatIfResult(
        changes=changes,
        rules=rule_ids,
        newly_failing=[after[k] for k in after.keys() - before.keys()],
        newly_passing=[before[k] for k in before.keys() - after.keys()],
        still_failing=len(before.keys() & after.keys()),
    )
