"""Writes on purchased projects, budgets, contracts, continuation applications and evaluations.

Every change goes through here, is validated with a Chinese message naming the field, and is audited
in the same transaction. Nothing is written when a check fails.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from shegong.common.audit import audit_write, snapshot
from shegong.geo.models import DivisionLevel
from shegong.policy.coverage import implements

from .domains import ClientGroup, ServiceType
from .models import (
    ApplicationDecision,
    ContinuationApplication,
    Contract,
    ContractTerm,
    Evaluation,
    EvaluationGrade,
    EvaluationKind,
    Project,
    ProjectBudget,
)

PURCHASER_LEVEL_INVALID = _("The purchaser must be a city, a district or a street (town).")
DIVISION_OUTSIDE_JURISDICTION = _("The division is outside your jurisdiction.")
PROVIDER_OUTSIDE_CITY = _("The provider must be an organisation registered in your city.")
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
def project_update(*, actor, project: Project, **fields) -> Project:
    """Change a project's details; the same checks as on creation."""
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


@transaction.atomic
def continuation_decide(
    *, actor, application: ContinuationApplication, decision: str, decided_on: datetime.date
) -> ContinuationApplication:
    """Record the committee's decision on a continuation application."""
    before = snapshot(application)
    application.decision = ApplicationDecision(decision)
    application.decided_on = decided_on
    application.full_clean()
    application.save()
    audit_write(actor=actor, instance=application, before=before, action="transition")
    return application


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
