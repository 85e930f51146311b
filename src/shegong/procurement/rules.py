"""Rules of purchased projects: budgets and contents (Shenzhen (六), (十二), (十三)), Jinan's station plan.

Each rule reads its thresholds from the dated parameters of its document and checks every subject in
one query, comparing exact decimals and dates. ``fact_date(subject, today)`` names the date a single
subject is judged on when it is checked right after a change (the budget's year, the purchase, the
contract's signature); a scan judges everything on its own as-of date.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Count, DateField, Max, Min, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from shegong.common.periods import add_months, add_years, term_end
from shegong.policy.engine import Rule, RuleContext, Severity, Violation, money, percent, register
from shegong.policy.explain import Listing, Phrase, Section, ratio_label

from .models import Programme

SHENZHEN = "shenzhen-2020-measures"
JINAN = "jinan-2021-station-plan"
JINAN_PROGRAMMES = (Programme.STATION, Programme.DISTRICT_HUB)


def document_start(slug: str) -> datetime.date:
    from shegong.policy.library import load_library

    return load_library().document(slug).validity.start


class BudgetRule(Rule):
    document = SHENZHEN
    subject_model = "procurement.ProjectBudget"
    subject_kind = "project"
    division_path = "project__purchaser_division"
    organization_path = "project__provider"

    def subjects(self) -> QuerySet:
        return super().subjects().select_related("project")

    @staticmethod
    def fact_date(budget, today: datetime.date) -> datetime.date:
        return budget.assessed_on

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
            share = (
                Decimal(project.professional_posts) / project.headcount if project.headcount else Decimal(0)
            )
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
            rate = Decimal(
                str(ctx.param("supervision_fee_per_worker_month", budget.project.purchaser_division_id))
            )
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


# Project contents ----------------------------------------------------------------------------------

MISSING_LABELS = {
    "headcount": _("the number of posts"),
    "post_ranks": _("the post ranks"),
    "service_standards": _("the service standards"),
    "performance_indicators": _("the performance indicators"),
    "needs_survey_summary": _("the needs survey"),
}


class ProjectRule(Rule):
    subject_model = "procurement.Project"
    subject_kind = "project"
    division_path = "purchaser_division"
    organization_path = "provider"

    @staticmethod
    def fact_date(project, today: datetime.date) -> datetime.date:
        return project.purchased_on

    @staticmethod
    def inputs(project) -> dict:
        return {
            "project": project.name,
            "purchaser_division": project.purchaser_division_id,
            "purchaser_kind": project.purchaser_kind,
            "provider": project.provider_id,
            "programme": project.programme,
            "starts_on": project.starts_on,
            "ends_on": project.ends_on,
            "contract_signed_on": project.contract_signed_on,
            "headcount": project.headcount,
        }


@register
class PurchaseCycleRule(ProjectRule):
    """SZ-13a: a project is bought for a cycle of at most 3 years and states its posts, ranks, service
    standards and performance indicators, set from a survey of the purchaser's clients.

    Applies to projects purchased (contract signed, else started) from the day the measures took effect.
    """

    spec_id = "SZ-13a"
    document = SHENZHEN
    clause = "(十三)"
    parameters = ("purchase_cycle",)
    severity = Severity.MEDIUM
    title = _("Purchase cycle and project contents")
    explanation = _(
        "%(problems)s. Clause %(clause)s of %(document)s sets a purchase cycle of %(cycle)s years and "
        "requires posts, ranks, service standards and performance indicators based on a needs survey."
    )

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        subjects = subjects.annotate(
            bought_on=Coalesce("contract_signed_on", "starts_on", output_field=DateField())
        ).filter(bought_on__gte=document_start(self.document))
        for project in subjects:
            cycle = ctx.param("purchase_cycle", project.purchaser_division_id)
            last_day = term_end(project.starts_on, years=cycle)
            problems, missing = [], []
            if project.ends_on > last_day:
                problems.append(
                    Phrase(
                        _("The project runs from %(start)s to %(end)s, beyond the cycle's last day %(last)s"),
                        {"start": project.starts_on, "end": project.ends_on, "last": last_day},
                    )
                )
            for name in MISSING_LABELS:
                value = getattr(project, name)
                if not (value.strip() if isinstance(value, str) else value):
                    missing.append(name)
            if missing:
                problems.append(
                    Phrase(
                        _("The project does not state %(items)s"),
                        {"items": Listing((MISSING_LABELS[name] for name in missing), items=True)},
                    )
                )
            if problems:
                yield Violation(
                    subject=project,
                    measured=project.ends_on if project.ends_on > last_day else ",".join(missing),
                    threshold=last_day,
                    parameters={"purchase_cycle": cycle},
                    inputs={**self.inputs(project), "missing": missing},
                    context={"problems": Listing(problems), "cycle": cycle},
                )


@register
class ContinuationApplicationRule(ProjectRule):
    """SZ-12c: a project reaching its 3-year term applies to the review committee at least 6 months
    before it expires.

    A finding from the day after the deadline until the project ends, unless an application was
    submitted on or before the deadline.
    """

    spec_id = "SZ-12c"
    document = SHENZHEN
    clause = "(十二)"
    parameters = ("library_project_term", "committee_application_lead")
    severity = Severity.HIGH
    title = _("Application to continue after the 3-year term")
    explanation = _(
        "The project ends on %(ends_on)s after %(term)s years; it had to apply to the review committee "
        "by %(deadline)s (%(lead)s months before) under clause %(clause)s of %(document)s, %(applied)s."
    )

    @staticmethod
    def fact_date(project, today: datetime.date) -> datetime.date:
        return min(today, project.ends_on)

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        subjects = subjects.filter(ends_on__gte=ctx.as_of).annotate(
            first_applied=Min(
                "continuation_applications__submitted_on",
                filter=Q(continuation_applications__submitted_on__lte=ctx.as_of),
            )
        )
        for project in subjects:
            term = ctx.param("library_project_term", project.purchaser_division_id)
            lead = ctx.param("committee_application_lead", project.purchaser_division_id)
            if not project.reaches_term(term):
                continue
            deadline = add_months(project.ends_on, -lead)
            if ctx.as_of <= deadline:
                continue
            if project.first_applied is not None and project.first_applied <= deadline:
                continue
            applied = (
                Phrase(_("but it applied only on %(date)s"), {"date": project.first_applied})
                if project.first_applied
                else _("but it has not applied")
            )
            yield Violation(
                subject=project,
                measured=project.first_applied or "",
                threshold=deadline,
                parameters={"library_project_term": term, "committee_application_lead": lead},
                inputs={**self.inputs(project), "first_applied": project.first_applied},
                context={
                    "ends_on": project.ends_on,
                    "term": term,
                    "deadline": deadline,
                    "lead": lead,
                    "applied": applied,
                },
            )


@register
class StationPurchaserProviderRule(ProjectRule):
    """JN-02: a station project is bought by the district (county) civil affairs bureau, and its provider
    is a lawfully established enterprise or social organisation, not a fiscally funded mass organisation.
    """

    spec_id = "JN-02"
    document = JINAN
    clause = "二(二)"
    severity = Severity.HIGH
    title = _("Purchaser and provider of a station project")
    explanation = _("%(problems)s, contrary to chapter 二 of %(document)s.")

    def subjects(self) -> QuerySet:
        return (
            super()
            .subjects()
            .filter(programme__in=JINAN_PROGRAMMES)
            .select_related("purchaser_division", "provider")
        )

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        from shegong.geo.models import DivisionLevel
        from shegong.organizations.models import OrganizationKind

        from .models import PurchaserKind

        for project in subjects:
            problems = []
            division = project.purchaser_division
            if (
                division.level != DivisionLevel.DISTRICT
                or project.purchaser_kind != PurchaserKind.CIVIL_AFFAIRS
            ):
                problems.append(
                    Phrase(
                        _(
                            "The purchaser is %(kind)s of %(division)s, not a district civil affairs bureau (二(一))"
                        ),
                        {"kind": PurchaserKind(project.purchaser_kind).label, "division": division.name},
                    )
                )
            provider = project.provider
            if provider is not None and provider.kind == OrganizationKind.FISCAL_MASS_ORGANIZATION:
                problems.append(
                    Phrase(
                        _("The provider %(provider)s is a fiscally funded mass organisation (二(二))"),
                        {"provider": provider.name},
                    )
                )
            if problems:
                yield Violation(
                    subject=project,
                    measured=f"{project.purchaser_kind}@{division.level}/{provider.kind if provider else ''}",
                    threshold="civil_affairs@district",
                    parameters={},
                    inputs={
                        **self.inputs(project),
                        "purchaser_level": division.level,
                        "provider_kind": provider.kind if provider else None,
                    },
                    context={"problems": Listing(problems)},
                )


@register
class HubAndStationRule(ProjectRule):
    """JN-10: in one district the same provider may not run both the district hub and a station.

    Checked on projects: a provider holding a district-hub project and a station project bought by the
    same district, both running on the as-of date.
    """

    spec_id = "JN-10"
    document = JINAN
    clause = "四(二)"
    severity = Severity.HIGH
    title = _("Same provider for the district hub and a station")
    explanation = _(
        "%(provider)s runs both the district hub and a station in %(district)s, which section %(section)s "
        "of %(document)s forbids."
    )

    @staticmethod
    def fact_date(project, today: datetime.date) -> datetime.date:
        return max(project.starts_on, min(today, project.ends_on))

    def subjects(self) -> QuerySet:
        return (
            super()
            .subjects()
            .filter(programme__in=JINAN_PROGRAMMES, provider__isnull=False)
            .select_related("purchaser_division", "provider")
        )

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        from .models import Project

        running = Q(starts_on__lte=ctx.as_of, ends_on__gte=ctx.as_of)
        subjects = list(subjects.filter(running))
        if not subjects:
            return
        providers = {project.provider_id for project in subjects}
        # Every running hub/station project of these providers (a subject's partner may lie outside
        # the subjects asked about): one query.
        held: dict[tuple[int, str], set[str]] = {}
        for provider, code, programme in Project.objects.filter(
            running, provider_id__in=providers, programme__in=JINAN_PROGRAMMES
        ).values_list("provider_id", "purchaser_division_id", "programme"):
            held.setdefault((provider, code[:6]), set()).add(programme)
        for project in subjects:
            kinds = held.get((project.provider_id, project.purchaser_division_id[:6]), set())
            if set(JINAN_PROGRAMMES) <= kinds:
                yield Violation(
                    subject=project,
                    measured=sorted(kinds),
                    threshold="one of station, district_hub",
                    parameters={},
                    inputs=self.inputs(project),
                    context={
                        "provider": project.provider.name,
                        "district": project.purchaser_division.name,
                        "section": Section(self.clause),
                    },
                )


# Contracts ------------------------------------------------------------------------------------------


class ContractRule(Rule):
    document = JINAN
    subject_model = "procurement.Contract"
    subject_kind = "contract"
    division_path = "project__purchaser_division"
    organization_path = "project__provider"

    def subjects(self) -> QuerySet:
        return super().subjects().filter(project__programme__in=JINAN_PROGRAMMES).select_related("project")

    @staticmethod
    def fact_date(contract, today: datetime.date) -> datetime.date:
        return contract.signed_on

    @staticmethod
    def inputs(contract) -> dict:
        return {
            "project": contract.project.name,
            "number": contract.number,
            "signed_on": contract.signed_on,
            "starts_on": contract.starts_on,
            "ends_on": contract.ends_on,
            "terms": list(contract.terms),
            "subcontracting_allowed": contract.subcontracting_allowed,
        }


@register
class ContractTermsRule(ContractRule):
    """JN-11: a station contract runs 3 years and states content, term, quantity, quality, price,
    settlement, rights and duties, and liability for breach."""

    spec_id = "JN-11"
    clause = "四(三)"
    parameters = ("contract_term",)
    severity = Severity.MEDIUM
    title = _("Term and required terms of a station contract")
    explanation = _("%(problems)s, contrary to section %(section)s of %(document)s.")

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        from .models import ContractTerm

        labels = dict(ContractTerm.choices)
        for contract in subjects:
            years = ctx.param("contract_term", contract.project.purchaser_division_id)
            last_day = term_end(contract.starts_on, years=years)
            problems = []
            if contract.ends_on != last_day:
                problems.append(
                    Phrase(
                        _(
                            "The contract runs from %(start)s to %(end)s instead of %(years)s years (to %(last)s)"
                        ),
                        {
                            "start": contract.starts_on,
                            "end": contract.ends_on,
                            "years": years,
                            "last": last_day,
                        },
                    )
                )
            missing = contract.missing_terms
            if missing:
                problems.append(
                    Phrase(
                        _("The contract does not state: %(terms)s"),
                        {"terms": Listing((labels[t] for t in missing), items=True)},
                    )
                )
            if problems:
                yield Violation(
                    subject=contract,
                    measured=contract.ends_on if contract.ends_on != last_day else ",".join(missing),
                    threshold=last_day,
                    parameters={"contract_term": years},
                    inputs={**self.inputs(contract), "missing": missing},
                    context={"problems": Listing(problems), "section": Section(self.clause)},
                )


@register
class NoSubcontractingRule(ContractRule):
    """JN-16: station services may not be subcontracted."""

    spec_id = "JN-16"
    clause = "五(四)"
    severity = Severity.HIGH
    title = _("No subcontracting of station services")
    explanation = _(
        "The contract allows the provider to subcontract the service, which section %(section)s of "
        "%(document)s forbids."
    )

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        for contract in subjects.filter(subcontracting_allowed=True):
            yield Violation(
                subject=contract,
                measured=True,
                threshold=False,
                parameters={},
                inputs=self.inputs(contract),
                context={"section": Section(self.clause)},
            )


class CommitteeMeetingRule(Rule):
    """SZ-12a: a review committee meets at least once a year (每年定期召开评审会议).

    Judged on the 12 months ending on the as-of date; a committee younger than that is not yet due.
    Not registered: SPEC lists SZ-12a as a flow and the registry holds rule-kind IDs only, so the check
    runs through ``selectors.committees_not_meeting`` (library pages) rather than the findings ledger.
    """

    spec_id = "SZ-12a"
    document = SHENZHEN
    clause = "(十二)"
    subject_model = "procurement.ReviewCommittee"
    subject_kind = "committee"
    division_path = "library__division"
    parameters = ("committee_meetings_per_year_min",)
    severity = Severity.MEDIUM
    title = _("Yearly meeting of the review committee")
    explanation = _(
        "The review committee met %(measured)s times in the 12 months from %(start)s to %(end)s "
        "(last meeting: %(last)s); clause %(clause)s of %(document)s requires at least %(threshold)s "
        "meeting a year."
    )

    @staticmethod
    def window_start(as_of: datetime.date) -> datetime.date:
        return add_years(as_of, -1) + datetime.timedelta(days=1)

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        start = self.window_start(ctx.as_of)
        subjects = (
            subjects.filter(established_on__lt=start)
            .select_related("library")
            .annotate(
                held=Count(
                    "meetings", filter=Q(meetings__held_on__gte=start, meetings__held_on__lte=ctx.as_of)
                ),
                last_held=Max("meetings__held_on", filter=Q(meetings__held_on__lte=ctx.as_of)),
            )
        )
        for committee in subjects:
            minimum = ctx.param("committee_meetings_per_year_min", committee.library.division_id)
            if committee.held < minimum:
                yield Violation(
                    subject=committee,
                    measured=committee.held,
                    threshold=minimum,
                    parameters={"committee_meetings_per_year_min": minimum},
                    inputs={
                        "committee": committee.name,
                        "library": committee.library.division_id,
                        "established_on": committee.established_on,
                        "last_held": committee.last_held,
                    },
                    context={
                        "measured": committee.held,
                        "threshold": minimum,
                        "start": start,
                        "end": ctx.as_of,
                        "last": committee.last_held or _("none"),
                    },
                )


COMMITTEE_MEETING_CHECK = CommitteeMeetingRule()


# Funds (SZ-15c) and the salary guide (SZ-06a) ------------------------------------------------------


@register
class FundSupervisionRule(BudgetRule):
    """SZ-15c: fund supervision of a budget year's payment ledger: every cash payment at or above the
    large-cash threshold is flagged, and so are management fees drawn above the budget's management line.
    """

    spec_id = "SZ-15c"
    clause = "(十五)"
    parameters = ("large_cash_payment_threshold",)
    severity = Severity.HIGH
    title = _("Large cash payments and management fees drawn")
    explanation = _("%(problems)s; clause %(clause)s of %(document)s puts fund flows under supervision.")

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        from .models import Payment, PaymentCategory, PaymentMethod

        watched = Payment.objects.filter(
            Q(method=PaymentMethod.CASH) | Q(category=PaymentCategory.MANAGEMENT)
        ).order_by("paid_on", "pk")
        subjects = subjects.prefetch_related(Prefetch("project__payments", queryset=watched))
        for budget in subjects:
            threshold = Decimal(
                str(ctx.param("large_cash_payment_threshold", budget.project.purchaser_division_id))
            )
            year = [p for p in budget.project.payments.all() if p.paid_on.year == budget.year]
            large = [p for p in year if p.method == PaymentMethod.CASH and p.amount >= threshold]
            drawn = sum((p.amount for p in year if p.category == PaymentCategory.MANAGEMENT), Decimal(0))
            problems = []
            if large:
                problems.append(
                    Phrase(
                        _(
                            "%(count)s cash payment(s) of %(threshold)s yuan or more (largest %(largest)s yuan on %(date)s)"
                        ),
                        {
                            "count": len(large),
                            "threshold": money(threshold),
                            "largest": money(max(p.amount for p in large)),
                            "date": max(large, key=lambda p: p.amount).paid_on,
                        },
                    )
                )
            if drawn > budget.management_cost:
                problems.append(
                    Phrase(
                        _(
                            "management fees of %(drawn)s yuan drawn against a management line of %(line)s yuan"
                        ),
                        {"drawn": money(drawn), "line": money(budget.management_cost)},
                    )
                )
            if problems:
                yield Violation(
                    subject=budget,
                    measured=max(p.amount for p in large) if large else drawn,
                    threshold=threshold if large else budget.management_cost,
                    parameters={"large_cash_payment_threshold": threshold},
                    inputs={
                        **self.inputs(budget),
                        "large_cash_payments": [[p.paid_on, str(p.amount), p.payee] for p in large],
                        "management_drawn": str(drawn),
                    },
                    context={"problems": Listing(problems)},
                )


def guide_labour(posts, table: dict, domain: str, months: Decimal) -> tuple[Decimal, list, list]:
    """The labour cost of ``posts`` for ``months`` at the guide's pay: (amount, lines, ranks without pay)."""
    total, lines, missing = Decimal(0), [], []
    for post in posts:
        pay = table.get((post.rank, domain))
        if pay is None:
            missing.append(post.rank)
            continue
        amount = (pay * post.count * months).quantize(Decimal("0.01"))
        total += amount
        lines.append((post.rank, post.count, pay, amount))
    return total, lines, missing


@register
class SalaryGuideCostingRule(BudgetRule):
    """SZ-06a: the labour line covers the project's posts costed from the salary guide in force
    (rank → monthly pay in the project's domain; high-risk domains are priced higher in the guide).

    Months per post follow from the budget's person-years; a project without structured posts or a city
    without a guide is not judged. One guide lookup per city and date.
    """

    spec_id = "SZ-06a"
    clause = "(六)"
    severity = Severity.HIGH
    title = _("Labour cost against the salary guide")
    explanation = _(
        "The labour line is %(measured)s yuan, less than the %(threshold)s yuan the posts cost at the "
        "salary guide in force (%(posts)s), as clause %(clause)s of %(document)s requires."
    )

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        from shegong.workforce.models import Rank
        from shegong.workforce.pay import city_code, guide_pay_table

        labels = dict(Rank.choices)
        tables: dict[str, dict] = {}
        for budget in subjects.prefetch_related("project__posts"):
            project = budget.project
            posts = list(project.posts.all())
            count = sum(p.count for p in posts)
            if not count:
                continue
            city = city_code(project.purchaser_division_id) or ""
            if city not in tables:
                tables[city] = guide_pay_table(division_code=project.purchaser_division_id, on=ctx.as_of)
            table = tables[city]
            if not table:
                continue
            months = (budget.person_years * 12 / count).quantize(Decimal("0.01"))
            required, lines, _missing = guide_labour(posts, table, project.domain, months)
            if lines and budget.labour_cost < required:
                yield Violation(
                    subject=budget,
                    measured=budget.labour_cost,
                    threshold=required,
                    parameters={},
                    inputs={
                        **self.inputs(budget),
                        "guide": [[rank, n, str(pay), str(amount)] for rank, n, pay, amount in lines],
                        "months_per_post": str(months),
                    },
                    context={
                        "measured": money(budget.labour_cost),
                        "threshold": money(required),
                        "posts": Listing(
                            (
                                Phrase(
                                    _("%(rank)s × %(count)s at %(pay)s yuan a month"),
                                    {"rank": labels[rank], "count": n, "pay": money(pay)},
                                )
                                for rank, n, pay, _amount in lines
                            ),
                            items=True,
                        ),
                    },
                )
