"""Reads of purchased projects, scoped to the viewer, and the rules' verdict on one project."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from shegong.accounts.scoping import scope_queryset
from shegong.geo.models import subtree_q
from shegong.policy import engine
from shegong.policy.library import load_library
from shegong.policy.scanning import clause_label, rows_for
from shegong.policy.selectors import finding_list

from .models import (
    CommitteeMeeting,
    CommitteeMember,
    Contract,
    LibraryEntry,
    MeetingItem,
    Payment,
    PerformanceReview,
    Project,
    ProjectBudget,
    ProjectLibrary,
    RenewalReward,
    ReviewCommittee,
    Vote,
    VoteChoice,
)

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


# Project library and review committee (SZ-12a/b) ---------------------------------------------------


def library_list(*, viewer) -> QuerySet[ProjectLibrary]:
    """Libraries of the divisions in the viewer's jurisdiction, with their committee and counts."""
    return scope_queryset(
        ProjectLibrary.objects.select_related("division", "committee")
        .annotate(
            entry_count=Count("entries", filter=Q(entries__exited_on__isnull=True), distinct=True),
            last_meeting=Max("committee__meetings__held_on"),
        )
        .order_by("division_id"),
        viewer=viewer,
    )


def library_get(*, viewer, pk) -> ProjectLibrary:
    """One library, or ProjectLibrary.DoesNotExist when it is outside the viewer's scope."""
    return library_list(viewer=viewer).get(pk=pk)


def library_entries(*, library: ProjectLibrary) -> list[LibraryEntry]:
    return list(
        library.entries.select_related("project__provider", "decision__meeting").order_by("-entered_on", "pk")
    )


def committee_members(*, committee: ReviewCommittee) -> list[CommitteeMember]:
    return list(committee.members.select_related("user").prefetch_related("organizations").order_by("name"))


def committee_meetings(*, committee: ReviewCommittee) -> list[CommitteeMeeting]:
    return list(committee.meetings.annotate(item_count=Count("items")).order_by("-held_on"))


def library_candidate_projects(*, viewer, library: ProjectLibrary) -> QuerySet[Project]:
    """Projects the viewer sees whose purchaser lies in the library's city or district."""
    return project_list(viewer=viewer, within=library.division_id)


def meeting_get(*, viewer, pk) -> CommitteeMeeting:
    """One meeting, or CommitteeMeeting.DoesNotExist when it is outside the viewer's scope."""
    return scope_queryset(
        CommitteeMeeting.objects.select_related("committee__library__division"), viewer=viewer
    ).get(pk=pk)


def item_get(*, viewer, pk) -> MeetingItem:
    """One meeting item, or MeetingItem.DoesNotExist when it is outside the viewer's scope."""
    return scope_queryset(
        MeetingItem.objects.select_related("meeting__committee__library", "project__provider"), viewer=viewer
    ).get(pk=pk)


@dataclass
class AgendaItem:
    """A meeting item with its votes and who may vote: members linked to the provider are recused."""

    item: MeetingItem
    votes: list
    recused: list
    eligible: list

    @property
    def recused_names(self) -> str:
        return "、".join(member.name for member in self.recused)

    @property
    def tally(self) -> dict[str, int]:
        counts = {choice: 0 for choice in VoteChoice.values}
        for vote in self.votes:
            counts[vote.choice] += 1
        return counts


def meeting_agenda(*, meeting: CommitteeMeeting, members: list[CommitteeMember]) -> list[AgendaItem]:
    """Every item of the meeting with its votes; recusal is computed from the members' organisations."""
    items = list(
        meeting.items.select_related("project__provider", "application").prefetch_related(
            Prefetch("votes", queryset=Vote.objects.select_related("member").order_by("member__name")),
            # SZ-13e / SZ-14b: renewal rewards and contract evaluations inform continuation decisions.
            Prefetch("project__renewal_rewards", queryset=RenewalReward.objects.order_by("-granted_on")),
            Prefetch("project__performance_reviews", queryset=PerformanceReview.objects.order_by("-year")),
        )
    )
    agenda = []
    for item in items:
        voted = {vote.member_id for vote in item.votes.all()}
        recused = [m for m in members if item.project.provider_id in {o.pk for o in m.organizations.all()}]
        recused_ids = {m.pk for m in recused}
        eligible = [m for m in members if m.active and m.pk not in recused_ids and m.pk not in voted]
        agenda.append(AgendaItem(item=item, votes=list(item.votes.all()), recused=recused, eligible=eligible))
    return agenda


@dataclass(frozen=True)
class CommitteeWarning:
    """A committee that has not met in the 12 months up to a date (SZ-12a), explained with its clause."""

    committee_id: int
    library_id: int
    name: str
    explanation: str


def committees_not_meeting(*, viewer, as_of: datetime.date | None = None) -> list[CommitteeWarning]:
    """Committees in the viewer's scope that have not met in the 12 months up to ``as_of`` (SZ-12a).

    Bounded queries: one evaluation of the check for every committee the viewer sees.
    """
    from .rules import COMMITTEE_MEETING_CHECK

    as_of = as_of or timezone.localdate()
    visible = scope_queryset(ReviewCommittee.objects.all(), viewer=viewer)
    result = engine.evaluate_rule(COMMITTEE_MEETING_CHECK, as_of=as_of, subjects=visible)
    language = get_language() or "zh-hans"
    return [
        CommitteeWarning(
            committee_id=violation.subject.pk,
            library_id=violation.subject.library_id,
            name=violation.subject.name,
            explanation=row.explanation_zh if language.startswith("zh") else row.explanation_en,
        )
        for violation, row in zip(result.violations, rows_for(result), strict=True)
    ]


# Contract evaluations, rewards, posts, payments (SZ-14b, SZ-13e, SZ-13a, SZ-15c) -------------------


def project_performance_reviews(*, project: Project) -> list[PerformanceReview]:
    return list(project.performance_reviews.order_by("-year"))


def project_renewal_rewards(*, project: Project) -> list[RenewalReward]:
    return list(project.renewal_rewards.select_related("evaluation", "review").order_by("-granted_on"))


def project_posts(*, project: Project) -> list:
    return list(project.posts.order_by("rank", "-professional"))


def project_payments(*, project: Project, limit: int = 100) -> list[Payment]:
    return list(project.payments.order_by("-paid_on", "-pk")[:limit])


def budget_list(*, viewer, within: str = "") -> QuerySet[ProjectBudget]:
    """Budgets of the projects the viewer may see, for the export."""
    qs = scope_queryset(ProjectBudget.objects.select_related("project"), viewer=viewer).order_by(
        "project_id", "year"
    )
    return qs.filter(subtree_q("project__purchaser_division", within)) if within else qs


def published_evaluations(*, within: str = ""):
    """Published acceptance and evaluation results of projects, for anyone (SZ-16a); no personal data."""
    from .models import Evaluation

    qs = (
        Evaluation.objects.filter(published_on__isnull=False)
        .select_related("project__provider")
        .only(
            "kind",
            "period",
            "grade",
            "score",
            "evaluated_on",
            "published_on",
            "project__name",
            "project__purchaser_name",
            "project__provider__name",
        )
        .order_by("-published_on", "-pk")
    )
    return qs.filter(subtree_q("project__purchaser_division", within)) if within else qs
