"""Run rules and keep the findings ledger (writes go through here)."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import DatabaseError, connection, transaction
from django.utils import timezone, translation

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
    """Turn a rule's violations into ledger rows with both explanations rendered.

    Each language is rendered in one pass over the violations, with the rule's template translated
    once per language (the same text as translating it for every finding).
    """
    rule = result.rule
    if not result.violations:
        return []
    document = load_library().document(rule.document)
    clause = document.clause(rule.clause)
    subject_type = _subject_type(rule)
    explanations = {}
    for language in ("zh-hans", "en"):
        title = document.title if language == "zh-hans" else document.title_en
        label = clause_label(clause.label, language)
        with translation.override(language):
            template = str(rule.explanation)
            explanations[language] = [
                rule.explain(
                    violation, language=language, document_title=title, clause_label=label, template=template
                )
                for violation in result.violations
            ]
    rows = []
    for violation, explanation_zh, explanation_en in zip(
        result.violations, explanations["zh-hans"], explanations["en"], strict=True
    ):
        subject = violation.subject
        org_id = None
        if rule.organization_path:
            org_id = engine.division_code_of(subject, rule.organization_path)
        rows.append(
            FindingRow(
                rule=rule,
                subject_type=subject_type,
                subject_id=str(subject.pk),
                subject_repr=str(subject)[:255],
                division_code=engine.division_code_of(subject, rule.division_path),
                organization_id=org_id,
                measured=str(violation.measured),
                threshold=str(violation.threshold),
                parameters=_plain(dict(violation.parameters)),
                inputs=_plain(dict(violation.inputs)),
                explanation_zh=explanation_zh,
                explanation_en=explanation_en,
            )
        )
    return rows


@contextlib.contextmanager
def _without_jit():
    """Run the scan's queries without PostgreSQL's JIT compilation.

    The rules' queries carry correlated subqueries over every subject, so their estimated cost passes
    the JIT thresholds; compiling them took longer than running them (2.3 s of a 5.9 s query at
    province size). The setting is the session's, restored afterwards; other databases are left alone.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET jit = off")
    try:
        yield
    finally:
        # An aborted transaction rolls the SET back itself; its connection refuses the RESET.
        with contextlib.suppress(DatabaseError, transaction.TransactionManagementError):
            with connection.cursor() as cursor:
                cursor.execute("RESET jit")


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
    with _without_jit():
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
    the unchanged ones advance with one UPDATE per 5,000 ids (none when they already read ``as_of``:
    a second scan the same day), so a re-scan costs about what a read does. The ledger is read as
    plain values, not as model instances.
    """
    # A rule's findings are those of its SPEC ID on its kind of subject (the parts of one ID check
    # different subjects and must not resolve each other's findings).
    subject_type = _subject_type(rule)
    existing_qs = Finding.objects.filter(rule_id=rule.spec_id, subject_type=subject_type)
    if within:
        existing_qs = existing_qs.filter(subtree_q("division", within))
    existing = {
        found[1]: found
        for found in existing_qs.order_by().values_list(
            "pk", "subject_id", "state", "resolved_on", "as_of", "last_seen", *_CONTENT_FIELDS
        )
    }
    to_create, to_update, unchanged_ids = [], [], []
    changed_fields: set[str] = set()
    seen = set()
    now = timezone.now()
    for row in rows:
        seen.add(row.subject_id)
        content = (
            rule.version,
            rule.document,
            rule.clause,
            rule.severity,
            row.subject_repr,
            row.division_code,
            row.organization_id,
            row.measured,
            row.threshold,
            row.parameters,
            row.inputs,
            row.explanation_zh,
            row.explanation_en,
        )
        found = existing.get(row.subject_id)
        if found is None:
            to_create.append(
                Finding(
                    rule_id=rule.spec_id,
                    subject_type=row.subject_type,
                    subject_id=row.subject_id,
                    first_seen=as_of,
                    state=FindingState.OPEN,
                    as_of=as_of,
                    last_seen=as_of,
                    **dict(zip(_CONTENT_FIELDS, content, strict=True)),
                )
            )
            continue
        pk, _subject_id, state, resolved_on, found_as_of, found_last_seen = found[:6]
        changed = {
            name for name, old, new in zip(_CONTENT_FIELDS, found[6:], content, strict=True) if old != new
        }
        if state == FindingState.RESOLVED:
            state, resolved_on = FindingState.OPEN, None
            changed |= {"state", "resolved_on"}
        if not changed:
            if found_as_of != as_of or found_last_seen != as_of:
                unchanged_ids.append(pk)
            continue
        finding = Finding(
            pk=pk,
            state=state,
            resolved_on=resolved_on,
            as_of=as_of,
            last_seen=as_of,
            updated_at=now,
            **dict(zip(_CONTENT_FIELDS, content, strict=True)),
        )
        changed_fields |= changed
        to_update.append(finding)
    resolved_ids = [
        found[0]
        for subject_id, found in existing.items()
        if subject_id not in seen and found[2] == FindingState.OPEN
    ]
    Finding.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        Finding.objects.bulk_update(to_update, sorted(changed_fields) + list(_DATE_FIELDS), batch_size=500)
    for chunk in _chunks(unchanged_ids):
        Finding.objects.filter(pk__in=chunk).update(as_of=as_of, last_seen=as_of, updated_at=now)
    for chunk in _chunks(resolved_ids):
        Finding.objects.filter(pk__in=chunk).update(
            state=FindingState.RESOLVED, resolved_on=as_of, updated_at=now
        )
    return len(to_create), len(resolved_ids)
