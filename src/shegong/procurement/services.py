"""Writes on purchased projects, budgets, contracts, continuation applications and evaluations.

Every change goes through here, is validated with a Chinese message naming the field, and is audited
in the same transaction. Nothing is written when a check fails.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shegong.accounts.models import Role
from shegong.common.audit import audit_write, snapshot
from shegong.common.locking import ensure_unchanged
from shegong.geo.models import DivisionLevel
from shegong.policy.coverage import implements

from .domains import ClientGroup, ServiceType
from .models import (
    ApplicationDecision,
    CommitteeMeeting,
    CommitteeMember,
    ContinuationApplication,
    Contract,
    ContractTerm,
    Evaluation,
    EvaluationGrade,
    EvaluationKind,
    ItemKind,
    ItemOutcome,
    LibraryEntry,
    LibraryEntryRoute,
    MeetingItem,
    Payment,
    PaymentCategory,
    PaymentMethod,
    PerformanceReview,
    Project,
    ProjectBudget,
    ProjectLibrary,
    ProjectPost,
    RenewalReward,
    ReviewCommittee,
    RewardBasis,
    Vote,
    VoteChoice,
)

PURCHASER_LEVEL_INVALID = _("The purchaser must be a city, a district or a street (town).")
DIVISION_OUTSIDE_JURISDICTION = _("The division is outside your jurisdiction.")
PROVIDER_OUTSIDE_CITY = _("The provider must be an organisation registered in your city.")
PROVIDER_REVOKED = _("The registration of %(name)s was revoked on %(date)s; it cannot provide the service.")
PROFESSIONAL_POSTS_EXCEED = _("Professional posts cannot exceed the number of posts.")
ENDS_BEFORE_START = _("The end date must be after the start date.")
UNKNOWN_CHOICE = _("Unknown value: %(values)s.")
BUDGET_TOTAL_ZERO = _("A budget needs at least one line above zero.")
BUDGET_YEAR_OUTSIDE = _("The budget year must lie within the project's term (%(start)s–%(end)s).")
CONTRACT_SIGNED_AFTER_START = _("The contract is signed after the service starts.")
EVALUATION_DUPLICATE_CYCLE = _(
    "This project was already evaluated for purchase cycle %(period)s; an evaluation may not be repeated (SZ-14a)."
)
EVALUATION_DUPLICATE_YEAR = _("This project already has its yearly evaluation for %(period)s.")
EVALUATION_NO_CONTRACT_TO_TERMINATE = _(
    "An unqualified yearly evaluation needs the project's contract to terminate."
)
TERMINATION_REASON = _("Yearly evaluation %(year)s: unqualified (JN-14).")

PROJECT_FIELDS = (
    "name",
    "purchaser_division",
    "purchaser_kind",
    "purchaser_name",
    "provider",
    "programme",
    "domain",
    "service_types",
    "client_groups",
    "needs_survey_summary",
    "headcount",
    "professional_posts",
    "post_ranks",
    "service_standards",
    "performance_indicators",
    "starts_on",
    "ends_on",
    "contract_signed_on",
)
BUDGET_LINES = (
    "labour_cost",
    "supervision_cost",
    "activity_cost",
    "management_cost",
    "insurance_tax_cost",
    "training_cost",
)
BUDGET_FIELDS = (*BUDGET_LINES, "person_years", "supervised_worker_months")
PURCHASER_LEVELS = {DivisionLevel.CITY, DivisionLevel.DISTRICT, DivisionLevel.TOWN}


def within_reach(actor, code: str) -> bool:
    """Whether ``code`` lies in the actor's jurisdiction (a system administrator reaches everything)."""
    if actor is None or actor.is_system_admin:
        return True
    return bool(actor.division_id) and code.startswith(actor.division_id)


def _check_project(actor, fields: dict, *, current: Project | None = None) -> None:
    errors: dict[str, list] = {}
    division = fields.get("purchaser_division", current.purchaser_division if current else None)
    if "purchaser_division" in fields and division is not None:
        if division.level not in PURCHASER_LEVELS:
            errors["purchaser_division"] = [PURCHASER_LEVEL_INVALID]
        elif not within_reach(actor, division.code):
            errors["purchaser_division"] = [DIVISION_OUTSIDE_JURISDICTION]
    provider = fields.get("provider")
    if provider is not None and actor is not None and not actor.is_system_admin:
        city = (actor.division_id or "")[:4]
        if not city or not provider.division_id.startswith(city):
            errors["provider"] = [PROVIDER_OUTSIDE_CITY]
    starts_on = fields.get("starts_on", current.starts_on if current else None)
    if provider is not None and provider.revoked_on and starts_on and provider.revoked_on <= starts_on:
        errors.setdefault("provider", []).append(
            PROVIDER_REVOKED % {"name": provider.name, "date": provider.revoked_on}
        )
    for name, choices in (("service_types", ServiceType), ("client_groups", ClientGroup)):
        if name in fields:
            unknown = [value for value in fields[name] if value not in choices.values]
            if unknown:
                errors[name] = [UNKNOWN_CHOICE % {"values": ", ".join(map(str, unknown))}]
    headcount = fields.get("headcount", current.headcount if current else None)
    professional = fields.get("professional_posts", current.professional_posts if current else None)
    if headcount is not None and professional is not None and professional > headcount:
        errors["professional_posts"] = [PROFESSIONAL_POSTS_EXCEED]
    starts_on = fields.get("starts_on", current.starts_on if current else None)
    ends_on = fields.get("ends_on", current.ends_on if current else None)
    if starts_on and ends_on and ends_on <= starts_on:
        errors["ends_on"] = [ENDS_BEFORE_START]
    if errors:
        raise ValidationError(errors)


def _clean_lists(fields: dict) -> dict:
    """Store the multiple choices de-duplicated in the order of the vocabulary."""
    for name, choices in (("service_types", ServiceType), ("client_groups", ClientGroup)):
        if name in fields and fields[name] is not None:
            wanted = set(fields[name])
            fields[name] = [value for value in choices.values if value in wanted] + sorted(
                value for value in wanted if value not in choices.values
            )
    return fields


@implements("SZ-11", kind="flow")
@implements("SZ-01", kind="record")  # the project records its 13-type service classification
@implements("SZ-02", kind="record")  # and its domain of the 16 (high-risk ones priced higher)
@transaction.atomic
def project_create(*, actor, **fields) -> Project:
    """Register a purchased project (SZ-13a contents) for a purchaser at city, district or street level."""
    fields = _clean_lists({k: v for k, v in fields.items() if k in PROJECT_FIELDS})
    _check_project(actor, fields)
    project = Project(**fields)
    project.full_clean()
    project.save()
    audit_write(actor=actor, instance=project, before=None)
    return project


@transaction.atomic
def project_update(*, actor, project: Project, expected_version: str | None = None, **fields) -> Project:
    """Change a project's details; the same checks as on creation.

    ``expected_version`` (the form's ``edit_version``) refuses the change when someone saved the project
    after the form was drawn (common.locking).
    """
    ensure_unchanged(project, expected_version)
    fields = _clean_lists({k: v for k, v in fields.items() if k in PROJECT_FIELDS})
    _check_project(actor, fields, current=project)
    before = snapshot(project)
    for name, value in fields.items():
        setattr(project, name, value)
    project.full_clean()
    project.save()
    audit_write(actor=actor, instance=project, before=before)
    return project


@transaction.atomic
def project_budget_submit(*, actor, project: Project, year: int, **fields) -> ProjectBudget:
    """Enter or replace the project's budget for ``year`` (six cost lines, person-years, worker-months).

    The caller shows the budget rules' verdict right after (selectors.budget_check).
    """
    fields = {k: v for k, v in fields.items() if k in BUDGET_FIELDS}
    if not project.starts_on.year <= year <= project.ends_on.year:
        raise ValidationError(
            {"year": [BUDGET_YEAR_OUTSIDE % {"start": project.starts_on.year, "end": project.ends_on.year}]}
        )
    if sum((Decimal(fields.get(line) or 0) for line in BUDGET_LINES), Decimal(0)) <= 0:
        raise ValidationError({"labour_cost": [BUDGET_TOTAL_ZERO]})
    budget = ProjectBudget.objects.select_for_update().filter(project=project, year=year).first()
    before = snapshot(budget)
    if budget is None:
        budget = ProjectBudget(project=project, year=year)
    for name, value in fields.items():
        setattr(budget, name, value)
    budget.full_clean()
    budget.save()
    audit_write(actor=actor, instance=budget, before=before)
    return budget


@transaction.atomic
def contract_record(*, actor, project: Project, **fields) -> Contract:
    """Record the project's purchase contract with the terms it states (JN-11) and whether it allows
    subcontracting (JN-16); the contract's rules report what is missing."""
    allowed = ("number", "signed_on", "starts_on", "ends_on", "terms", "subcontracting_allowed")
    fields = {k: v for k, v in fields.items() if k in allowed}
    terms = set(fields.get("terms") or [])
    unknown = sorted(terms - set(ContractTerm.values))
    if unknown:
        raise ValidationError({"terms": [UNKNOWN_CHOICE % {"values": ", ".join(unknown)}]})
    fields["terms"] = [term for term in ContractTerm.values if term in terms]
    if fields.get("starts_on") and fields.get("ends_on") and fields["ends_on"] <= fields["starts_on"]:
        raise ValidationError({"ends_on": [ENDS_BEFORE_START]})
    contract = Contract(project=project, **fields)
    contract.full_clean()
    contract.save()
    audit_write(actor=actor, instance=contract, before=None)
    return contract


@transaction.atomic
def continuation_apply(*, actor, project: Project, submitted_on: datetime.date) -> ContinuationApplication:
    """File the project's application to the review committee to continue after its term (SZ-12c)."""
    application = ContinuationApplication(project=project, submitted_on=submitted_on)
    application.full_clean()
    application.save()
    audit_write(actor=actor, instance=application, before=None)
    return application


def _continuation_decide(*, actor, application: ContinuationApplication, item: MeetingItem) -> None:
    """Record a meeting's decision on a continuation application: the only way one is decided (SZ-12c)."""
    before = snapshot(application)
    approved = item.outcome == ItemOutcome.APPROVED
    application.decision = ApplicationDecision.APPROVED if approved else ApplicationDecision.REJECTED
    application.decided_on = item.meeting.held_on
    application.full_clean()
    application.save()
    audit_write(actor=actor, instance=application, before=before, action="transition")


@implements("SZ-14a", kind="flow")
@transaction.atomic
def evaluation_record(
    *,
    actor,
    project: Project,
    kind: str,
    period: int,
    evaluated_on: datetime.date,
    grade: str,
    score: Decimal | None = None,
    evaluator: str = "",
) -> Evaluation:
    """Record an evaluation; a second one of the same kind and period is refused (SZ-14a).

    An "unqualified" yearly evaluation terminates the project's contract (JN-14).
    """
    template = EVALUATION_DUPLICATE_YEAR if kind == EvaluationKind.YEARLY else EVALUATION_DUPLICATE_CYCLE
    duplicate = {"period": [template % {"period": period}]}
    if Evaluation.objects.filter(project=project, kind=kind, period=period).exists():
        raise ValidationError(duplicate, code="duplicate_evaluation")
    evaluation = Evaluation(
        project=project,
        kind=kind,
        period=period,
        evaluated_on=evaluated_on,
        grade=grade,
        score=score,
        evaluator=evaluator,
    )
    evaluation.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            evaluation.save()
    except IntegrityError:  # a concurrent duplicate
        raise ValidationError(duplicate, code="duplicate_evaluation") from None
    audit_write(actor=actor, instance=evaluation, before=None)
    if kind == EvaluationKind.YEARLY and grade == EvaluationGrade.UNQUALIFIED:
        _contract_terminate_unqualified(actor=actor, project=project, evaluation=evaluation)
    return evaluation


@implements("JN-14", kind="flow")
def _contract_terminate_unqualified(*, actor, project: Project, evaluation: Evaluation) -> None:
    contract = (
        Contract.objects.select_for_update()
        .filter(project=project, terminated_on__isnull=True, starts_on__lte=evaluation.evaluated_on)
        .order_by("-signed_on")
        .first()
    )
    if contract is None:
        raise ValidationError({"grade": [EVALUATION_NO_CONTRACT_TO_TERMINATE]})
    before = snapshot(contract)
    contract.terminated_on = evaluation.evaluated_on
    contract.termination_reason = str(TERMINATION_REASON % {"year": evaluation.period})
    contract.save(update_fields=["terminated_on", "termination_reason", "updated_at"])
    audit_write(
        actor=actor, instance=contract, before=before, action="transition", reason=contract.termination_reason
    )


# Project library and review committee (SZ-12a/b) ---------------------------------------------------

LIBRARY_LEVEL_INVALID = _("A project library belongs to a city or a district.")
LIBRARY_EXISTS = _("This division already has a project library.")
COMMITTEE_EXISTS = _("This project library already has a review committee.")
PROJECT_OUTSIDE_LIBRARY = _("The project's purchaser is not in this library's city or district.")
PROJECT_ALREADY_IN_LIBRARY = _("The project is already in the library.")
PROJECT_NOT_IN_LIBRARY = _("The project is not in the library.")
FILING_ONLY_FOR_EARLIER_PROJECTS = _(
    "Only projects running before %(cutoff)s enter the library by filing; a new project enters only "
    "after the review committee approves it (SZ-12b)."
)
FILING_NOT_AVAILABLE = _("No filing into a project library is provided for on %(date)s in this division.")
FILING_AFTER_EXIT = _(
    "A project that left the library enters it again only after the review committee approves it."
)
APPLICATION_REQUIRED = _("A continuation item needs the project's pending continuation application.")
APPLICATION_OTHER_PROJECT = _("The continuation application belongs to another project.")
APPLICATION_NOT_PENDING = _("The continuation application has already been decided.")
ITEM_DECIDED = _("This item has already been decided; its votes are closed.")
MEMBER_OTHER_COMMITTEE = _("This member does not sit on the committee that holds this meeting.")
MEMBER_INACTIVE = _("This member no longer sits on the committee.")
MEMBER_RECUSED = _(
    "%(member)s is linked to the project's provider %(provider)s and is recused: the vote is not recorded."
)
VOTE_DUPLICATE = _("%(member)s has already voted on this item.")
VOTE_OTHER_MEMBER = _("A committee member may only cast their own vote.")
ITEM_NO_VOTES = _("No member entitled to vote has voted; the item cannot be decided yet.")


def _library_reaches(library: ProjectLibrary, project: Project) -> bool:
    return project.purchaser_division_id.startswith(library.division_id)


@implements("SZ-12a", kind="flow")
@transaction.atomic
def library_create(
    *, actor, division, name: str, committee_name: str, established_on: datetime.date
) -> ProjectLibrary:
    """Set up a city's or district's project library and its review committee (SZ-12a)."""
    if division.level not in (DivisionLevel.CITY, DivisionLevel.DISTRICT):
        raise ValidationError({"division": [LIBRARY_LEVEL_INVALID]})
    if not within_reach(actor, division.code):
        raise ValidationError({"division": [DIVISION_OUTSIDE_JURISDICTION]})
    if ProjectLibrary.objects.filter(division=division).exists():
        raise ValidationError({"division": [LIBRARY_EXISTS]})
    library = ProjectLibrary(division=division, name=name)
    library.full_clean()
    library.save()
    audit_write(actor=actor, instance=library, before=None)
    committee = ReviewCommittee(library=library, name=committee_name, established_on=established_on)
    committee.full_clean()
    committee.save()
    audit_write(actor=actor, instance=committee, before=None)
    return library


@transaction.atomic
def committee_member_add(
    *,
    actor,
    committee: ReviewCommittee,
    name: str,
    kind: str,
    user=None,
    affiliation: str = "",
    organizations=(),
) -> CommitteeMember:
    """Appoint a member (a user or a named expert) with the organisations they are linked to."""
    member = CommitteeMember(committee=committee, name=name, kind=kind, user=user, affiliation=affiliation)
    member.full_clean()
    member.save()
    member.organizations.set(organizations)
    audit_write(actor=actor, instance=member, before=None)
    return member


@implements("SZ-12a", kind="flow")
@transaction.atomic
def meeting_record(
    *, actor, committee: ReviewCommittee, held_on: datetime.date, minutes: str = ""
) -> CommitteeMeeting:
    """Record a meeting of the committee with its minutes."""
    meeting = CommitteeMeeting(committee=committee, held_on=held_on, minutes=minutes)
    meeting.full_clean()
    meeting.save()
    audit_write(actor=actor, instance=meeting, before=None)
    return meeting


@transaction.atomic
def meeting_item_add(
    *,
    actor,
    meeting: CommitteeMeeting,
    project: Project,
    kind: str,
    application: ContinuationApplication | None = None,
) -> MeetingItem:
    """Put a project on a meeting's agenda for admission, exit or continuation."""
    library = meeting.committee.library
    if not _library_reaches(library, project):
        raise ValidationError({"project": [PROJECT_OUTSIDE_LIBRARY]})
    entered = LibraryEntry.objects.filter(library=library, project=project, exited_on__isnull=True).exists()
    if kind == ItemKind.ADMISSION and entered:
        raise ValidationError({"project": [PROJECT_ALREADY_IN_LIBRARY]})
    if kind in (ItemKind.EXIT, ItemKind.CONTINUATION) and not entered:
        raise ValidationError({"project": [PROJECT_NOT_IN_LIBRARY]})
    if kind == ItemKind.CONTINUATION:
        if application is None:
            application = project.continuation_applications.filter(
                decision=ApplicationDecision.PENDING
            ).first()
        if application is None:
            raise ValidationError({"application": [APPLICATION_REQUIRED]})
        if application.project_id != project.pk:
            raise ValidationError({"application": [APPLICATION_OTHER_PROJECT]})
        if application.decision != ApplicationDecision.PENDING:
            raise ValidationError({"application": [APPLICATION_NOT_PENDING]})
    else:
        application = None
    item = MeetingItem(meeting=meeting, project=project, kind=kind, application=application)
    item.full_clean()
    item.save()
    audit_write(actor=actor, instance=item, before=None)
    return item


def member_is_recused(member: CommitteeMember, project: Project) -> bool:
    """Whether the member is linked to the project's provider (conflict of interest)."""
    if project.provider_id is None:
        return False
    return member.organizations.filter(pk=project.provider_id).exists()


@implements("SZ-12a", kind="flow")
@transaction.atomic
def vote_cast(*, actor, item: MeetingItem, member: CommitteeMember, choice: str) -> Vote:
    """Record a member's vote; a member linked to the project's provider is recused and cannot vote."""
    item = (
        MeetingItem.objects.select_for_update(of=("self",))
        .select_related("meeting", "project__provider")
        .get(pk=item.pk)
    )
    if item.outcome != ItemOutcome.OPEN:
        raise ValidationError({"choice": [ITEM_DECIDED]})
    if member.committee_id != item.meeting.committee_id:
        raise ValidationError({"member": [MEMBER_OTHER_COMMITTEE]})
    if not member.active:
        raise ValidationError({"member": [MEMBER_INACTIVE]})
    if actor is not None and actor.role == Role.REVIEW_COMMITTEE and member.user_id != actor.pk:
        raise ValidationError({"member": [VOTE_OTHER_MEMBER]})
    if member_is_recused(member, item.project):
        raise ValidationError(
            {"member": [MEMBER_RECUSED % {"member": member.name, "provider": item.project.provider.name}]},
            code="recused",
        )
    if Vote.objects.filter(item=item, member=member).exists():
        raise ValidationError({"member": [VOTE_DUPLICATE % {"member": member.name}]})
    vote = Vote(item=item, member=member, choice=VoteChoice(choice))
    vote.full_clean(validate_constraints=False)
    vote.save()
    audit_write(actor=actor, instance=vote, before=None)
    return vote


@implements("SZ-12a", kind="flow")
@implements("SZ-12b", kind="flow")
@transaction.atomic
def meeting_item_decide(*, actor, item: MeetingItem, reasons: str = "") -> MeetingItem:
    """Close an item by its votes: approved when more members voted for than against.

    Approved admission enters the project in the library; approved exit takes it out; a continuation
    application is approved or rejected with the item (SZ-12c: it continues only if approved).
    """
    item = (
        MeetingItem.objects.select_for_update(of=("self",))
        .select_related("meeting__committee__library")
        .get(pk=item.pk)
    )
    if item.outcome != ItemOutcome.OPEN:
        raise ValidationError({"reasons": [ITEM_DECIDED]})
    choices = list(item.votes.values_list("choice", flat=True))
    if not choices:
        raise ValidationError({"reasons": [ITEM_NO_VOTES]})
    before = snapshot(item)
    approved = choices.count(VoteChoice.FOR) > choices.count(VoteChoice.AGAINST)
    item.outcome = ItemOutcome.APPROVED if approved else ItemOutcome.REJECTED
    item.reasons = reasons
    item.save(update_fields=["outcome", "reasons", "updated_at"])
    audit_write(actor=actor, instance=item, before=before, action="transition", reason=reasons)
    library, held_on = item.meeting.committee.library, item.meeting.held_on
    if approved and item.kind == ItemKind.ADMISSION:
        entry = LibraryEntry.objects.filter(library=library, project=item.project_id).first()
        entry_before = snapshot(entry)
        if entry is None:
            entry = LibraryEntry(library=library, project_id=item.project_id)
        entry.route, entry.entered_on, entry.decision, entry.exited_on = (
            LibraryEntryRoute.COMMITTEE,
            held_on,
            item,
            None,
        )
        entry.save()
        audit_write(actor=actor, instance=entry, before=entry_before)
    elif approved and item.kind == ItemKind.EXIT:
        entry = LibraryEntry.objects.get(library=library, project=item.project_id, exited_on__isnull=True)
        entry_before = snapshot(entry)
        entry.exited_on = held_on
        entry.save(update_fields=["exited_on", "updated_at"])
        audit_write(actor=actor, instance=entry, before=entry_before, action="transition")
    elif item.kind == ItemKind.CONTINUATION and item.application_id:
        _continuation_decide(actor=actor, application=item.application, item=item)
    return item


@implements("SZ-12b", kind="flow")
@transaction.atomic
def library_file_project(
    *, actor, library: ProjectLibrary, project: Project, filed_on: datetime.date
) -> LibraryEntry:
    """File a project that was running before the measures took effect: it enters the library at once."""
    from shegong.policy.library import load_library

    from .rules import SHENZHEN

    if not _library_reaches(library, project):
        raise ValidationError({"project": [PROJECT_OUTSIDE_LIBRARY]})
    existing = LibraryEntry.objects.filter(library=library, project=project).first()
    if existing is not None:
        message = PROJECT_ALREADY_IN_LIBRARY if existing.exited_on is None else FILING_AFTER_EXIT
        raise ValidationError({"project": [message]})
    policy = load_library()
    cutoff = (
        policy.parameter(SHENZHEN, "library_filing_cutoff").value_on(
            filed_on, division_code=library.division_id
        )
        if policy.document(SHENZHEN).covers(library.division_id)
        else None
    )
    if not cutoff:
        raise ValidationError({"filed_on": [FILING_NOT_AVAILABLE % {"date": filed_on}]})
    if project.starts_on >= cutoff.value:
        raise ValidationError({"project": [FILING_ONLY_FOR_EARLIER_PROJECTS % {"cutoff": cutoff.value}]})
    entry = LibraryEntry(
        library=library, project=project, route=LibraryEntryRoute.FILING, entered_on=filed_on
    )
    entry.full_clean(validate_constraints=False)
    entry.save()
    audit_write(actor=actor, instance=entry, before=None)
    return entry


# Contract evaluations (SZ-14b) and renewal rewards (SZ-13e) --------------------------------------

REVIEW_DUPLICATE_YEAR = _(
    "The purchaser has already evaluated this project's contract performance for %(year)s."
)
REVIEW_YEAR_OUTSIDE = _("The year must lie within the project's term (%(start)s–%(end)s).")
GRADE_UNKNOWN = _("Unknown grade.")
REWARD_NEEDS_EXCELLENT = _(
    "A renewal reward needs an excellent acceptance or evaluation result (SZ-13e); the result chosen is %(grade)s."
)
REWARD_NEEDS_RESULT = _("Choose the excellent evaluation or contract evaluation that earns the reward.")
REWARD_RESULT_OTHER_PROJECT = _("The result belongs to another project.")
REWARD_DUPLICATE = _("This result has already earned a renewal reward.")


@implements("SZ-14b", kind="flow")
@transaction.atomic
def performance_review_record(
    *,
    actor,
    project: Project,
    year: int,
    reviewed_on: datetime.date,
    grade: str,
    score: Decimal | None = None,
    findings: str = "",
    reviewer: str = "",
) -> PerformanceReview:
    """Record the purchaser's yearly contract-performance evaluation (履约评价) of a project (SZ-14b).

    The grade is shown in continuation decisions and in the provider's record (credit and awards).
    """
    if grade not in EvaluationGrade.values:
        raise ValidationError({"grade": [GRADE_UNKNOWN]})
    if not project.starts_on.year <= year <= project.ends_on.year:
        raise ValidationError(
            {"year": [REVIEW_YEAR_OUTSIDE % {"start": project.starts_on.year, "end": project.ends_on.year}]}
        )
    duplicate = {"year": [REVIEW_DUPLICATE_YEAR % {"year": year}]}
    if PerformanceReview.objects.filter(project=project, year=year).exists():
        raise ValidationError(duplicate)
    review = PerformanceReview(
        project=project,
        year=year,
        reviewed_on=reviewed_on,
        grade=grade,
        score=score,
        findings=(findings or "").strip(),
        reviewer=(reviewer or "").strip(),
    )
    review.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError:
        raise ValidationError(duplicate) from None
    audit_write(actor=actor, instance=review, before=None)
    return review


@implements("SZ-13e", kind="flow")
@transaction.atomic
def renewal_reward_grant(
    *,
    actor,
    project: Project,
    granted_on: datetime.date,
    evaluation: Evaluation | None = None,
    review: PerformanceReview | None = None,
    note: str = "",
) -> RenewalReward:
    """Record a contract-renewal reward earned by an excellent evaluation or contract evaluation (SZ-13e).

    The review committee sees it beside the project's continuation application.
    """
    result = evaluation or review
    if result is None:
        raise ValidationError({"evaluation": [REWARD_NEEDS_RESULT]})
    if result.project_id != project.pk:
        raise ValidationError({"evaluation": [REWARD_RESULT_OTHER_PROJECT]})
    if result.grade != EvaluationGrade.EXCELLENT:
        raise ValidationError(
            {"evaluation": [REWARD_NEEDS_EXCELLENT % {"grade": EvaluationGrade(result.grade).label}]}
        )
    taken = RenewalReward.objects.filter(Q(evaluation=evaluation) if evaluation else Q(review=review))
    if taken.exists():
        raise ValidationError({"evaluation": [REWARD_DUPLICATE]})
    if evaluation is None:
        basis = RewardBasis.CONTRACT_EVALUATION
    elif evaluation.kind == EvaluationKind.ACCEPTANCE:
        basis = RewardBasis.ACCEPTANCE
    else:
        basis = RewardBasis.EVALUATION
    reward = RenewalReward(
        project=project,
        basis=basis,
        evaluation=evaluation,
        review=None if evaluation else review,
        granted_on=granted_on,
        note=(note or "").strip(),
    )
    reward.full_clean()
    reward.save()
    audit_write(actor=actor, instance=reward, before=None)
    return reward


# Posts by rank (SZ-13a, SZ-06a) ---------------------------------------------------------------------

POSTS_EMPTY = _("Enter at least one post.")
POST_RANK_UNKNOWN = _("Unknown rank: %(rank)s.")
POST_DUPLICATE = _("The rank %(rank)s is listed twice for the same kind of post.")


@implements("SZ-13a", kind="record")
@transaction.atomic
def project_posts_set(*, actor, project: Project, posts: list[dict]) -> list[ProjectPost]:
    """Replace the project's posts (rank, count, professional or not); headcount and professional posts
    follow from them."""
    from shegong.workforce.models import Rank

    rows = [p for p in posts if p.get("count")]
    if not rows:
        raise ValidationError({"posts": [POSTS_EMPTY]})
    seen = set()
    for row in rows:
        if row["rank"] not in Rank.values:
            raise ValidationError({"posts": [POST_RANK_UNKNOWN % {"rank": row["rank"]}]})
        key = (row["rank"], bool(row.get("professional")))
        if key in seen:
            raise ValidationError({"posts": [POST_DUPLICATE % {"rank": Rank(row["rank"]).label}]})
        seen.add(key)
    before = snapshot(project)
    project.posts.all().delete()
    created = ProjectPost.objects.bulk_create(
        [
            ProjectPost(
                project=project,
                rank=row["rank"],
                count=int(row["count"]),
                professional=bool(row.get("professional")),
            )
            for row in rows
        ]
    )
    project.headcount = sum(p.count for p in created)
    project.professional_posts = sum(p.count for p in created if p.professional)
    project.post_ranks = "；".join(f"{Rank(p.rank).label} × {p.count}" for p in created)
    project.full_clean()
    project.save()
    audit_write(actor=actor, instance=project, before=before, reason="posts")
    return created


# Payment ledger (SZ-15c) ---------------------------------------------------------------------------

PAYEE_REQUIRED = _("Name the payee.")
AMOUNT_NOT_POSITIVE = _("The amount must be above zero.")


@transaction.atomic
def payment_record(
    *,
    actor,
    project: Project,
    paid_on: datetime.date,
    payee: str,
    amount: Decimal,
    category: str,
    method: str,
    voucher: str = "",
) -> Payment:
    """Enter one payment of the project's ledger; the fund rule (SZ-15c) judges the ledger."""
    errors = {}
    if not (payee or "").strip():
        errors["payee"] = [PAYEE_REQUIRED]
    if amount is None or amount <= 0:
        errors["amount"] = [AMOUNT_NOT_POSITIVE]
    if category not in PaymentCategory.values:
        errors["category"] = [UNKNOWN_CHOICE % {"values": category}]
    if method not in PaymentMethod.values:
        errors["method"] = [UNKNOWN_CHOICE % {"values": method}]
    if errors:
        raise ValidationError(errors)
    payment = Payment(
        project=project,
        paid_on=paid_on,
        payee=payee.strip(),
        amount=amount,
        category=category,
        method=method,
        voucher=(voucher or "").strip(),
    )
    payment.full_clean()
    payment.save()
    audit_write(actor=actor, instance=payment, before=None)
    return payment


EVALUATION_ALREADY_PUBLISHED = _("The result is already published.")


@implements("SZ-16a", kind="record")
@transaction.atomic
def evaluation_publish(*, actor, evaluation: Evaluation, published_on: datetime.date) -> Evaluation:
    """Disclose an acceptance or evaluation result on the public portal (SZ-16a)."""
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if evaluation.published_on:
        raise ValidationError({"published_on": [EVALUATION_ALREADY_PUBLISHED]})
    before = snapshot(evaluation)
    evaluation.published_on = published_on
    evaluation.save(update_fields=["published_on", "updated_at"])
    audit_write(actor=actor, instance=evaluation, before=before, action="transition")
    return evaluation
