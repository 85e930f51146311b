"""Run rules and keep the findings ledger (writes go through here)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from shegong.geo.models import subtree_q

from . import engine
from .library import load_library
from .models import Finding, FindingState, ScanRun


@dataclass
class FindingRow:
    """A violation made ready for the ledger and for display."""

    rule: engine.Rule
    subject_type: str
    subject_id: str
    subject_repr: str
    division_code: str
    organization_id: int | None
    measured: str
    threshold: str
    parameters: dict
    inputs: dict
    explanation_zh: str
    explanation_en: str


@dataclass
class ScanReport:
    as_of: datetime.date
    recorded: bool
    rows: list[FindingRow] = field(default_factory=list)
    rules_in_force: list[str] = field(default_factory=list)
    rules_not_in_force: list[str] = field(default_factory=list)
    checked: int = 0
    opened: int = 0
    resolved: int = 0


def _subject_type(rule: engine.Rule) -> str:
    meta = rule.model()._meta
    return f"{meta.app_label}.{meta.model_name}"


def _plain(value) -> object:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (int, float, str, bool)) or value is None:
        return value
    return str(value)


def clause_label(label: str, language: str) -> str:
    """Print a clause number the way the language writes it: (十三) → （十三） in Chinese."""
    if language.startswith("zh"):
        return label.replace("(", "（").replace(")", "）")
    return label.replace("（", "(").replace("）", ")")


def rows_for(result: engine.RuleResult) -> list[FindingRow]:
    """Turn a rule's violations into ledger rows with both explanations rendered."""
    rule = result.rule
    document = load_library().document(rule.document)
    clause = document.clause(rule.clause)
    rows = []
    for violation in result.violations:
        subject = violation.subject
        org_id = None
        if rule.organization_path:
            org_id = engine.division_code_of(subject, rule.organization_path)
        explanation = {
            language: rule.explain(
                violation,
                language=language,
                document_title=document.title if language == "zh-hans" else document.title_en,
                clause_label=clause_label(clause.label, language),
            )
            for language in ("zh-hans", "en")
        }
        rows.append(
            FindingRow(
                rule=rule,
                subject_type=_subject_type(rule),
                subject_id=str(subject.pk),
                subject_repr=str(subject)[:255],
                division_code=engine.division_code_of(subject, rule.division_path),
                organization_id=org_id,
                measured=str(violation.measured),
                threshold=str(violation.threshold),
                parameters=_plain(dict(violation.parameters)),
                inputs=_plain(dict(violation.inputs)),
                explanation_zh=explanation["zh-hans"],
                explanation_en=explanation["en"],
            )
        )
    return rows


def scan(
    *,
    as_of: datetime.date | None = None,
    within: str | None = None,
    rule_ids: Iterable[str] | None = None,
    actor=None,
    parameters: engine.ParameterSource | None = None,
    record: bool | None = None,
) -> ScanReport:
    """Run the rules as of a date and, for a scan as of today, update the ledger.

    A scan as of a past date (or a what-if with other parameters) only reports: it never rewrites
    today's ledger. Re-running a scan is idempotent.
    """
    today = timezone.localdate()
    as_of = as_of or today
    if record is None:
        record = as_of == today and parameters is None
    wanted = set(rule_ids) if rule_ids else None
    report = ScanReport(as_of=as_of, recorded=record)
    for rule in engine.registered_rules():
        if wanted is not None and rule.spec_id not in wanted:
            continue
        result = engine.evaluate_rule(rule, as_of=as_of, within=within, parameters=parameters)
        (report.rules_in_force if result.in_force else report.rules_not_in_force).append(rule.spec_id)
        rows = rows_for(result)
        report.rows.extend(rows)
        if result.checked is not None and record:
            report.checked += result.checked.count()
        if record:
            opened, resolved = _sync_ledger(rule, rows, as_of=as_of, within=within)
            report.opened += opened
            report.resolved += resolved
    if record:
        ScanRun.objects.create(
            as_of=as_of,
            within=within or "",
            rule_ids=sorted(wanted) if wanted else [],
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            recorded=True,
            checked=report.checked,
            found=len(report.rows),
            opened=report.opened,
            resolved=report.resolved,
        )
    return report


# Fields a re-scan may change besides the dates; a found finding whose values are all equal only has
# its dates moved forward (one UPDATE per chunk of ids) instead of a per-field CASE bulk_update.
_CONTENT_FIELDS = (
    "rule_version",
    "document",
    "clause",
    "severity",
    "subject_repr",
    "division_id",
    "organization_id",
    "measured",
    "threshold",
    "parameters",
    "inputs",
    "explanation_zh",
    "explanation_en",
)
_DATE_FIELDS = ("as_of", "last_seen", "updated_at")
_ID_CHUNK = 5000


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    size = _ID_CHUNK
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


@transaction.atomic
def _sync_ledger(rule: engine.Rule, rows: list[FindingRow], *, as_of, within) -> tuple[int, int]:
    """Open new findings, refresh found ones, resolve those no longer found (bounded queries).

    Only a finding whose content changed (or that reopens) is rewritten field by field; the dates of
    the unchanged ones advance with one UPDATE per 5,000 ids, so a re-scan costs about what a read does.
    """
    # A rule's findings are those of its SPEC ID on its kind of subject (the parts of one ID check
    # different subjects and must not resolve each other's findings).
    existing_qs = Finding.objects.filter(rule_id=rule.spec_id, subject_type=_subject_type(rule))
    if within:
        existing_qs = existing_qs.filter(subtree_q("division", within))
    existing = {(f.subject_type, f.subject_id): f for f in existing_qs}
    to_create, to_update, unchanged_ids = [], [], []
    changed_fields: set[str] = set()
    seen = set()
    for row in rows:
        key = (row.subject_type, row.subject_id)
        seen.add(key)
        values = {
            "rule_version": rule.version,
            "document": rule.document,
            "clause": rule.clause,
            "severity": rule.severity,
            "subject_repr": row.subject_repr,
            "division_id": row.division_code,
            "organization_id": row.organization_id,
            "measured": row.measured,
            "threshold": row.threshold,
            "parameters": row.parameters,
            "inputs": row.inputs,
            "explanation_zh": row.explanation_zh,
            "explanation_en": row.explanation_en,
        }
        finding = existing.get(key)
        if finding is None:
            to_create.append(
                Finding(
                    rule_id=rule.spec_id,
                    subject_type=row.subject_type,
                    subject_id=row.subject_id,
                    first_seen=as_of,
                    state=FindingState.OPEN,
                    as_of=as_of,
                    last_seen=as_of,
                    **values,
                )
            )
            continue
        changed = {name for name, value in values.items() if getattr(finding, name) != value}
        if finding.state == FindingState.RESOLVED:
            finding.state = FindingState.OPEN
            finding.resolved_on = None
            changed |= {"state", "resolved_on"}
        if not changed:
            unchanged_ids.append(finding.pk)
            continue
        for name in changed & values.keys():
            setattr(finding, name, values[name])
        finding.as_of = finding.last_seen = as_of
        changed_fields |= changed
        to_update.append(finding)
    resolved_ids = [
        finding.pk
        for key, finding in existing.items()
        if key not in seen and finding.state == FindingState.OPEN
    ]
    Finding.objects.bulk_create(to_create, batch_size=500)
    now = timezone.now()
    if to_update:
        for finding in to_update:
            finding.updated_at = now
        Finding.objects.bulk_update(to_update, sorted(changed_fields) + list(_DATE_FIELDS), batch_size=500)
    for chunk in _chunks(unchanged_ids):
        Finding.objects.filter(pk__in=chunk).update(as_of=as_of, last_seen=as_of, updated_at=now)
    for chunk in _chunks(resolved_ids):
        Finding.objects.filter(pk__in=chunk).update(
            state=FindingState.RESOLVED, resolved_on=as_of, updated_at=now
        )
    return len(to_create), len(resolved_ids)
