"""Rules of case management: overdue home visits (HZ-15).

A case's next visit falls due the plan's own visit frequency after the last visit on or before the
as-of date (or after the plan's date when there was none); the Huizhou plan leaves the frequency to the
worker (五(三)2二), so the only policy number is the grace period, a dated parameter.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import F, Max, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from shegong.policy.engine import Rule, RuleContext, Severity, Violation, register

from .models import Visit

HUIZHOU = "huizhou-2021-double-hundred"


def visit_due_on(*, planned_on: datetime.date, frequency_days: int, last_visit: datetime.date | None):
    """The day the next visit falls due: the plan's frequency after the later of plan and last visit."""
    start = max(last_visit, planned_on) if last_visit else planned_on
    return start + datetime.timedelta(days=frequency_days)


def cases_with_visit_dates(cases: QuerySet, *, as_of: datetime.date) -> QuerySet:
    """Open cases on ``as_of`` with a plan, annotated with ``last_visit`` as of that day (one query)."""
    last_visit = (
        Visit.objects.filter(case=OuterRef("pk"), visited_on__lte=as_of)
        .values("case")
        .annotate(last=Max("visited_on"))
        .values("last")
    )
    return (
        cases.filter(opened_on__lte=as_of, plan__planned_on__lte=as_of)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=as_of))
        .annotate(
            last_visit=Subquery(last_visit[:1]),
            frequency_days=F("plan__visit_frequency_days"),
            planned_on=F("plan__planned_on"),
        )
    )


@register
class OverdueVisitRule(Rule):
    """HZ-15: an open case is visited at the frequency of its individual plan (一人一案, Huizhou)."""

    spec_id = "HZ-15"
    document = HUIZHOU
    clause = "五(三)2二"
    subject_model = "cases.Case"
    subject_kind = "case"
    division_path = "household__division"
    parameters = ("home_visit_grace_days",)
    severity = Severity.MEDIUM
    title = _("Overdue home visit")
    explanation = _(
        "The case “%(name)s” was last visited on %(last_visit)s; its plan asks for a visit every "
        "%(frequency)s days, so the next one was due on %(due)s and is %(measured)s days overdue, against "
        "the visit frequency required by clause %(clause)s of %(document)s."
    )

    def subjects(self) -> QuerySet:
        return super().subjects().select_related("household")

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        for case in cases_with_visit_dates(subjects, as_of=ctx.as_of):
            grace = ctx.param("home_visit_grace_days", case.household.division_id)
            due = visit_due_on(
                planned_on=case.planned_on, frequency_days=case.frequency_days, last_visit=case.last_visit
            )
            late = (ctx.as_of - due).days
            if late <= grace:
                continue
            yield Violation(
                subject=case,
                measured=late,
                threshold=grace,
                parameters={"home_visit_grace_days": grace},
                inputs={
                    "planned_on": case.planned_on.isoformat(),
                    "visit_frequency_days": case.frequency_days,
                    "last_visit": case.last_visit.isoformat() if case.last_visit else None,
                    "due": due.isoformat(),
                },
                context={
                    "name": case.title,
                    "last_visit": case.last_visit.isoformat() if case.last_visit else "—",
                    "frequency": case.frequency_days,
                    "due": due.isoformat(),
                    "measured": late,
                },
            )
