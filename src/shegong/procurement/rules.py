"""Budget rules of purchased projects (Shenzhen measures, clauses (六) and (十三)).

Each rule reads its thresholds from the dated parameters of the Shenzhen document and checks every
budget in one query: the values are fetched once, compared in exact decimals.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from shegong.policy.engine import Rule, RuleContext, Severity, Violation, money, percent, register

SHENZHEN = "shenzhen-2020-measures"


def ratio_label(value: Decimal) -> str:
    """A threshold ratio as people write it: 0.85 → '85%', 0.8 → '80%', 0.855 → '85.5%'."""
    text = f"{(Decimal(value) * 100).normalize():f}"
    return f"{text}%"


class BudgetRule(Rule):
    document = SHENZHEN
    subject_model = "procurement.ProjectBudget"
    subject_kind = "project"
    division_path = "project__purchaser_division"
    organization_path = "project__provider"

    def subjects(self) -> QuerySet:
        return super().subjects().select_related("project")

    @staticmethod
    def inputs(budget) -> dict:
        project = budget.project
        return {
            "project": project.name,
            "year": budget.year,
            "domain": project.domain,
            "headcount": project.headcount,
            "professional_posts": project.professional_posts,
            "total": str(budget.total),
            "labour_cost": str(budget.labour_cost),
            "supervision_cost": str(budget.supervision_cost),
            "activity_cost": str(budget.activity_cost),
            "management_cost": str(budget.management_cost),
            "insurance_tax_cost": str(budget.insurance_tax_cost),
            "training_cost": str(budget.training_cost),
            "person_years": str(budget.person_years),
            "supervised_worker_months": budget.supervised_worker_months,
        }


@register
class LabourShareRule(BudgetRule):
    """SZ-13c: labour cost ≥ 85 % of project funds; other costs together ≤ 15 %."""

    spec_id = "SZ-13c"
    clause = "(十三)"
    parameters = ("labour_cost_share_min",)
    severity = Severity.HIGH
    title = _("Labour cost share of project funds")
    explanation = _(
        "Labour cost is %(measured)s of project funds, below the %(threshold)s required by clause "
        "%(clause)s of %(document)s."
    )

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        for budget in subjects:
            division = budget.project.purchaser_division_id
            minimum = Decimal(str(ctx.param("labour_cost_share_min", division)))
            total = budget.total
            share = budget.labour_cost / total if total else Decimal(0)
            if share < minimum:
                yield Violation(
                    subject=budget,
                    measured=share.quantize(Decimal("0.0001")),
                    threshold=minimum,
                    parameters={"labour_cost_share_min": minimum},
                    inputs=self.inputs(budget),
                    context={"measured": percent(share), "threshold": ratio_label(minimum)},
                )


@register
class ProfessionalPostShareRule(BudgetRule):
    """SZ-13b: professional social-work posts ≥ 80 % of a project's headcount."""

    spec_id = "SZ-13b"
    clause = "(十三)"
    parameters = ("professional_post_share_min",)
    severity = Severity.MEDIUM
    title = _("Professional social-work post share")
    explanation = _(
        "Professional social-work posts are %(measured)s of the project's posts (%(posts)s of %(headcount)s), "
        "below the %(threshold)s required by clause %(clause)s of %(document)s."
    )

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        for budget in subjects:
            project = budget.project
            minimum = Decimal(str(ctx.param("professional_post_share_min", project.purchaser_division_id)))
            share = Decimal(project.professional_posts) / project.headcount if project.headcount else Decimal(0)
            if share < minimum:
                yield Violation(
                    subject=budget,
                    measured=share.quantize(Decimal("0.0001")),
                    threshold=minimum,
                    parameters={"professional_post_share_min": minimum},
                    inputs=self.inputs(budget),
                    context={
                        "measured": percent(share),
                        "threshold": ratio_label(minimum),
                        "posts": project.professional_posts,
                        "headcount": project.headcount,
                    },
                )


@register
class PackageFeeFloorRule(BudgetRule):
    """SZ-13d: package fee ≥ 163,000 yuan per person-year, ≥ 169,000 in high-risk domains.

    A district may set a higher floor: the override applies only inside that district.
    """

    spec_id = "SZ-13d"
    clause = "(十三)"
    parameters = ("package_fee_floor", "package_fee_floor_high_risk")
    severity = Severity.HIGH
    title = _("Package fee per person-year")
    explanation = _(
        "The package fee is %(measured)s yuan per person-year, below the %(threshold)s yuan floor "
        "%(kind)s set by clause %(clause)s of %(document)s."
    )

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        for budget in subjects:
            project = budget.project
            key = "package_fee_floor_high_risk" if project.is_high_risk else "package_fee_floor"
            floor = Decimal(str(ctx.param(key, project.purchaser_division_id)))
            fee = (budget.total / budget.person_years).quantize(Decimal("0.01"))
            if fee < floor:
                yield Violation(
                    subject=budget,
                    measured=fee,
                    threshold=floor,
                    parameters={key: floor},
                    inputs=self.inputs(budget),
                    context={
                        "measured": money(fee),
                        "threshold": money(floor),
                        "kind": _("for high-risk domains") if project.is_high_risk else "",
                    },
                )


@register
class SupervisionFundingRule(BudgetRule):
    """SZ-06b: supervision funding of 350 yuan per supervised worker per month is in the budget."""

    spec_id = "SZ-06b"
    clause = "(六)"
    parameters = ("supervision_fee_per_worker_month",)
    severity = Severity.MEDIUM
    title = _("Supervision funding in the project budget")
    explanation = _(
        "The budget holds %(measured)s yuan for supervision, less than %(threshold)s yuan "
        "(%(rate)s yuan × %(months)s supervised worker-months) required by clause %(clause)s of %(document)s."
    )

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        for budget in subjects:
            rate = Decimal(str(ctx.param("supervision_fee_per_worker_month", budget.project.purchaser_division_id)))
            required = rate * budget.supervised_worker_months
            if budget.supervision_cost < required:
                yield Violation(
                    subject=budget,
                    measured=budget.supervision_cost,
                    threshold=required,
                    parameters={"supervision_fee_per_worker_month": rate},
                    inputs=self.inputs(budget),
                    context={
                        "measured": money(budget.supervision_cost),
                        "threshold": money(required),
                        "rate": money(rate),
                        "months": budget.supervised_worker_months,
                    },
                )
