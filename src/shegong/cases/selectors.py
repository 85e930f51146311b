"""Reads of household files, cases and visits, scoped to the viewer.

Everything goes through :func:`shegong.accounts.scoping.scope_queryset` (a social worker sees only the
households assigned to them, an officer their jurisdiction); on top of it a household with a minor is
hidden from everyone but its assigned worker and the officers named on it. Lists never decrypt: they defer
the encrypted columns and show masked ID numbers.
"""

from __future__ import annotations

import datetime

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from shegong.accounts.models import OFFICER_ROLES, Role
from shegong.accounts.scoping import scope_queryset
from shegong.common.paging import estimated_count

from .models import (
    Case,
    CaseStep,
    CaseTransition,
    Consent,
    Household,
    Member,
    Referral,
    Visit,
    minor_cutoff,
)

ENCRYPTED_MEMBER_FIELDS = ("id_number", "health_notes")
OPEN_STEPS = tuple(step for step in CaseStep.values if step != CaseStep.CLOSED)


def _minor_files_q(viewer, household_path: str, today: datetime.date) -> Q | None:
    """Who sees a minor's household file: its assigned worker (the scope already says so for workers)
    and the officers named on it; every other officer of the jurisdiction gets nothing (404).

    Set-based (``NOT IN`` the households with a minor) rather than a correlated ``NOT EXISTS`` per
    household: the database finds the minors once, which keeps counts of a city's files cheap.
    """
    if viewer.role == Role.SOCIAL_WORKER:
        return None
    with_minor = Member.objects.filter(birth_date__gt=minor_cutoff(today)).values("household")
    no_minor = ~Q(**{f"{household_path}__in": with_minor})
    if viewer.role in OFFICER_ROLES:
        named = Household.named_officers.through.objects.filter(user=viewer.pk).values("household")
        return no_minor | Q(**{f"{household_path}__in": named})
    return no_minor


def _has_minor(household_path: str, today: datetime.date) -> Exists:
    return Exists(
        Member.objects.filter(**{"household": OuterRef(household_path)}, birth_date__gt=minor_cutoff(today))
    )


def _household_scope(*, viewer, today: datetime.date) -> QuerySet[Household]:
    qs = scope_queryset(Household.objects.all(), viewer=viewer)
    restriction = _minor_files_q(viewer, "pk", today)
    return qs if restriction is None else qs.filter(restriction)


def household_queryset(*, viewer, today: datetime.date | None = None) -> QuerySet[Household]:
    """Households the viewer may see, with ``has_minor`` annotated."""
    today = today or timezone.localdate()
    return _household_scope(viewer=viewer, today=today).annotate(has_minor=_has_minor("pk", today))


# The household list's order; it ends in the primary key so that keyset pages can cut it (issue 11).
HOUSEHOLD_ORDERING = ("division_id", "address", "pk")


def _count_of(model, path: str, **conditions) -> Coalesce:
    """A correlated ``COUNT`` of ``model`` rows pointing at the outer household (0 when none)."""
    rows = (
        model.objects.filter(**{path: OuterRef("pk")}, **conditions)
        .order_by()
        .values(path)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def household_with_counts(qs: QuerySet[Household], *, today: datetime.date | None = None):
    """Annotate ``member_count``, ``open_case_count`` and ``has_minor`` row by row (no GROUP BY).

    Correlated subqueries: the database counts only for the rows it returns, and a ``count()`` of the
    queryset does not compute them.
    """
    today = today or timezone.localdate()
    return qs.annotate(
        member_count=_count_of(Member, "household"),
        open_case_count=_count_of(Case, "household", step__in=OPEN_STEPS),
        has_minor=_has_minor("pk", today),
    )


def household_list(
    *, viewer, query: str = "", category: str = "", with_counts: bool = True
) -> QuerySet[Household]:
    """Households the viewer may see, filtered, in ``HOUSEHOLD_ORDERING``.

    ``with_counts=False`` leaves out the member and open-case counts and the minor flag: a list page
    cuts its page first and adds them with :func:`household_page_counts` (issue 11).
    """
    today = timezone.localdate()
    qs = _household_scope(viewer=viewer, today=today).select_related("division", "assigned_worker", "station")
    if query:
        qs = qs.filter(Q(address__icontains=query) | Q(division__name__icontains=query))
    if category:
        # JSON containment is not portable to SQLite: match the quoted value in the JSON text.
        qs = qs.filter(categories__icontains=f'"{category}"')
    qs = qs.order_by(*HOUSEHOLD_ORDERING)
    return household_with_counts(qs, today=today) if with_counts else qs


def household_page_counts(rows: list[Household], *, today: datetime.date | None = None) -> list[Household]:
    """Set ``member_count``, ``open_case_count`` and ``has_minor`` on one page's rows: one query."""
    if not rows:
        return rows
    counted = household_with_counts(
        Household.objects.filter(pk__in=[row.pk for row in rows]).order_by(), today=today
    ).values("pk", "member_count", "open_case_count", "has_minor")
    by_pk = {row["pk"]: row for row in counted}
    for row in rows:
        values = by_pk[row.pk]
        row.member_count = values["member_count"]
        row.open_case_count = values["open_case_count"]
        row.has_minor = values["has_minor"]
    return rows


def household_get(*, viewer, pk) -> Household:
    """Return one household the viewer may see, with its members masked (encrypted columns deferred)."""
    return (
        household_queryset(viewer=viewer)
        .select_related("division", "assigned_worker", "station")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=Member.objects.defer(*ENCRYPTED_MEMBER_FIELDS).order_by("birth_date", "id"),
            ),
            Prefetch("cases", queryset=Case.objects.order_by("-opened_on", "-id")),
            "named_officers",
            Prefetch(
                "members__consents",
                queryset=Consent.objects.order_by("-given_on", "-id"),
                to_attr="consent_list",
            ),
        )
        .get(pk=pk)
    )


def case_queryset(*, viewer, today: datetime.date | None = None) -> QuerySet[Case]:
    today = today or timezone.localdate()
    qs = scope_queryset(Case.objects.all(), viewer=viewer)
    restriction = _minor_files_q(viewer, "household", today)
    return qs if restriction is None else qs.filter(restriction)


def case_get(*, viewer, pk) -> Case:
    """Return one case with its records and step history (visit notes stay encrypted until shown)."""
    return (
        case_queryset(viewer=viewer)
        .select_related(
            "household",
            "household__division",
            "household__assigned_worker",
            "client",
            "needs_assessment",
            "plan",
            "follow_up",
        )
        .prefetch_related(
            Prefetch(
                "transitions", queryset=CaseTransition.objects.select_related("actor").order_by("at", "id")
            ),
            "resources",
            "interventions",
            Prefetch(
                "visits", queryset=Visit.objects.select_related("worker").order_by("-visited_on", "-id")
            ),
            Prefetch("referrals", queryset=Referral.objects.order_by("-sent_on", "-id")),
            "linkages",
        )
        .defer("client__id_number", "client__health_notes")
        .get(pk=pk)
    )


def case_open_findings(case: Case):
    """Open findings about one case; the case itself came through the viewer's scope (case_get)."""
    from shegong.policy.models import Finding

    return Finding.objects.filter(subject_type="cases.case", subject_id=str(case.pk), state="open").order_by(
        "rule_id", "id"
    )


# The caseload's order: the next visit due first, cases without one last (issue 11: keyset pages).
CASELOAD_ORDERING = ("next_visit_due", "pk")


def caseload(*, viewer, today: datetime.date | None = None) -> dict:
    """A worker's caseload: open cases with the next visit due, counts by step, overdue visits.

    Overdue means the plan's own visit frequency has passed since the last visit (no policy number).
    ``cases`` is a queryset in ``CASELOAD_ORDERING`` for the page to cut, each case marked
    ``is_overdue`` by the database; the client's encrypted columns are never read (the list shows the
    name and masked number). The counts are one aggregate; the household count may be an estimate.
    """
    today = today or timezone.localdate()
    open_cases = case_queryset(viewer=viewer, today=today).filter(step__in=OPEN_STEPS)
    overdue_q = Q(next_visit_due__lt=today)
    counts = open_cases.aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=overdue_q),
        **{f"step_{step}": Count("pk", filter=Q(step=step)) for step in OPEN_STEPS},
    )
    cases = (
        open_cases.select_related("household", "client")
        .defer(*(f"client__{name}" for name in ENCRYPTED_MEMBER_FIELDS))
        .annotate(is_overdue=ExpressionWrapper(overdue_q, output_field=BooleanField()))
        .order_by(*CASELOAD_ORDERING)
    )
    households, households_estimated = estimated_count(_household_scope(viewer=viewer, today=today))
    return {
        "cases": cases,
        "overdue": open_cases.filter(overdue_q).order_by(*CASELOAD_ORDERING),
        "by_step": [(CaseStep(step).label, counts[f"step_{step}"]) for step in OPEN_STEPS],
        "open_count": counts["open"],
        "overdue_count": counts["overdue"],
        "household_count": households,
        "household_count_is_estimate": households_estimated,
        "today": today,
    }


def household_api_list(*, viewer, with_minor_flag: bool = True) -> QuerySet[Household]:
    """Households for the API, members masked (the encrypted columns are never loaded).

    ``with_minor_flag=False`` leaves ``has_minor`` to :func:`household_page_counts` on the page's rows.
    """
    today = timezone.localdate()
    qs = _household_scope(viewer=viewer, today=today)
    if with_minor_flag:
        qs = qs.annotate(has_minor=_has_minor("pk", today))
    return (
        qs.select_related("division")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=Member.objects.defer(*ENCRYPTED_MEMBER_FIELDS).order_by("birth_date", "id"),
            )
        )
        .order_by(*HOUSEHOLD_ORDERING)
    )


def household_consents(household: Household) -> list[Consent]:
    """The consents of a household's members, newest first (the household was read through the scope)."""
    return [c for m in household.members.all() for c in m.consent_list]


def consent_get(*, viewer, pk) -> Consent:
    """One consent whose household the viewer may see."""
    households = household_queryset(viewer=viewer).values("pk")
    return (
        Consent.objects.select_related("member__household")
        .defer("member__id_number", "member__health_notes")
        .get(pk=pk, member__household__in=households)
    )


def referral_queryset(*, viewer) -> QuerySet[Referral]:
    """Referrals of the cases the viewer may see."""
    return Referral.objects.filter(case__in=case_queryset(viewer=viewer).values("pk"))


def referral_list(*, viewer, status: str = "") -> QuerySet[Referral]:
    qs = referral_queryset(viewer=viewer).select_related("case", "case__household", "case__client")
    qs = qs.defer("case__client__id_number", "case__client__health_notes")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-sent_on", "-id")


def referral_get(*, viewer, pk) -> Referral:
    return referral_list(viewer=viewer).get(pk=pk)


def walk_in_list(*, viewer, state: str = "") -> QuerySet:
    """Walk-in requests at the service windows the viewer may see (HZ-13), newest first."""
    from .models import WalkInRequest

    qs = scope_queryset(WalkInRequest.objects.all(), viewer=viewer).select_related(
        "station", "received_by", "household"
    )
    if state == "open":
        qs = qs.filter(done_on__isnull=True, transferred_on__isnull=True)
    elif state == "overdue":
        qs = qs.filter(done_on__isnull=True, transferred_on__isnull=True, due_on__lt=timezone.localdate())
    return qs.order_by("-received_on", "-id")


def walk_in_get(*, viewer, pk):
    return walk_in_list(viewer=viewer).get(pk=pk)


def household_choices(*, viewer) -> QuerySet:
    """Household files a walk-in request may be linked to: those in the viewer's scope."""
    return household_queryset(viewer=viewer).select_related("division").order_by("division", "address")
