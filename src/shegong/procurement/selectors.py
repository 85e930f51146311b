"""Reads of purchased projects, scoped to the viewer, and the rules' verdict on one project."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from shegong.accounts.scoping import scope_queryset
from shegong.geo.models import subtree_q
from shegong.policy import engine
from shegong.policy.library import load_library
from shegong.policy.scanning import clause_label, rows_for
from shegong.policy.selectors import finding_list

from .models import Contract, Project, ProjectBudget

PROJECT_SUBJECTS = ("procurement.project", "procurement.projectbudget", "procurement.contract")


def project_list(
    *, viewer, q: str = "", domain: str = "", programme: str = "", within: str = ""
) -> QuerySet[Project]:
    """Projects the viewer may see (purchaser's division in the jurisdiction, or the viewer's provider)."""
    qs = scope_queryset(
        Project.objects.select_related("purchaser_division", "provider")
        .annotate(budget_count=Count("budgets"))
        .order_by("-starts_on", "name", "pk"),
        viewer=viewer,
    )
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(provider__name__icontains=q) | Q(purchaser_name__icontains=q))
    if domain:
        qs = qs.filter(domain=domain)
    if programme:
        qs = qs.filter(programme=programme)
    if within:
        qs = qs.filter(subtree_q("purchaser_division", within))
    return qs


def project_get(*, viewer, pk) -> Project:
    """One project, or Project.DoesNotExist when it is outside the viewer's scope."""
    return project_list(viewer=viewer).get(pk=pk)


def project_budgets(*, project: Project) -> list[ProjectBudget]:
    return list(project.budgets.order_by("year"))


def project_contracts(*, project: Project) -> list[Contract]:
    return list(project.contracts.order_by("-signed_on"))


def project_open_findings(*, viewer, project: Project, budgets=(), contracts=()) -> QuerySet:
    """Open findings in the ledger about the project, its budgets and its contracts."""
    subjects = Q(subject_type="procurement.project", subject_id=str(project.pk))
    if budgets:
        subjects |= Q(subject_type="procurement.projectbudget", subject_id__in=[str(b.pk) for b in budgets])
    if contracts:
        subjects |= Q(subject_type="procurement.contract", subject_id__in=[str(c.pk) for c in contracts])
    return finding_list(viewer=viewer, state="open").filter(subjects)


@dataclass(frozen=True)
class Breach:
    """One clause a subject breaks, explained in the current language with the clause's text."""

    spec_id: str
    title: str
    subject: str
    as_of: datetime.date
    explanation: str
    document_title: str
    clause: str
    clause_text: str
    severity: str


@dataclass(frozen=True)
class NotApplied:
    """A document whose rules were not applied on a date (lapsed or not yet in force)."""

    document_title: str
    as_of: datetime.date
    status: str


@dataclass
class ComplianceReport:
    breaches: list[Breach] = field(default_factory=list)
    not_applied: list[NotApplied] = field(default_factory=list)
    rules_applied: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.breaches


def _subject_type(rule: engine.Rule) -> str:
    meta = rule.model()._meta
    return f"{meta.app_label}.{meta.model_name}"


def check_subjects(
    subjects: list, *, division_code: str, today: datetime.date | None = None, rule_ids=None
) -> ComplianceReport:
    """Run every rule about these subjects, each subject judged on its rule's ``fact_date``.

    ``subjects`` are instances of the project models; the rules of a document whose jurisdiction
    does not hold ``division_code`` are skipped. Bounded queries: one evaluation per rule and date.
    """
    today = today or timezone.localdate()
    library = load_library()
    language = get_language() or "zh-hans"
    by_type = defaultdict(list)
    for subject in subjects:
        by_type[f"{subject._meta.app_label}.{subject._meta.model_name}"].append(subject)
    report = ComplianceReport()
    seen_not_applied = set()
    for rule in engine.registered_rules():
        if rule_ids is not None and rule.spec_id not in rule_ids:
            continue
        own = by_type.get(_subject_type(rule))
        document = library.document(rule.document)
        if not own or not document.covers(division_code):
            continue
        dates = defaultdict(list)
        for subject in own:
            dates[rule.fact_date(subject, today)].append(subject.pk)
        for as_of, pks in sorted(dates.items()):
            result = engine.evaluate_rule(
                rule, as_of=as_of, subjects=rule.model()._default_manager.filter(pk__in=pks)
            )
            if not result.in_force:
                key = (document.slug, as_of)
                if key not in seen_not_applied:
                    seen_not_applied.add(key)
                    title = document.title if language.startswith("zh") else document.title_en
                    report.not_applied.append(
                        NotApplied(title, as_of, str(document.status_on(as_of).message))
                    )
                continue
            if rule.spec_id not in report.rules_applied:
                report.rules_applied.append(rule.spec_id)
            clause = document.clause(rule.clause)
            for row in rows_for(result):
                report.breaches.append(
                    Breach(
                        spec_id=rule.spec_id,
                        title=str(rule.title),
                        subject=row.subject_repr,
                        as_of=as_of,
                        explanation=row.explanation_zh if language.startswith("zh") else row.explanation_en,
                        document_title=document.title if language.startswith("zh") else document.title_en,
                        clause=clause_label(clause.label, language),
                        clause_text=document.full_text(rule.clause),
                        severity=rule.severity,
                    )
                )
    return report


def budget_check(*, budget: ProjectBudget) -> ComplianceReport:
    """The budget rules' verdict on one budget, judged on the first day of its year (SZ-13b/c/d, SZ-06b)."""
    return check_subjects([budget], division_code=budget.project.purchaser_division_id)


def project_compliance(
    *, project: Project, budgets=None, contracts=None, today: datetime.date | None = None
) -> ComplianceReport:
    """Every rule about the project, its budgets and its contracts, each on its own fact date."""
    budgets = project_budgets(project=project) if budgets is None else budgets
    contracts = project_contracts(project=project) if contracts is None else contracts
    for item in (*budgets, *contracts):
        item.project = project  # the rules' explanations read it; no query per row
    return check_subjects(
        [project, *budgets, *contracts], division_code=project.purchaser_division_id, today=today
    )
