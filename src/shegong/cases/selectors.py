"""Reads of household files, cases and visits, scoped to the viewer.

Everything goes through :func:`shegong.accounts.scoping.scope_queryset` (a social worker sees only the
households assigned to them, an officer their jurisdiction); on top of it a household with a minor is
hidden from everyone but its assigned worker and the officers named on it. Lists never decrypt: they defer
the encrypted columns and show masked ID numbers.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from shegong.accounts.models import OFFICER_ROLES, Role
from shegong.accounts.scoping import scope_queryset

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


def _minor_files_q(viewer, household_path: str, today: datetime.date) -> Q | None:
    """Who sees a minor's household file: its assigned worker (the scope already says so for workers)
    and the officers named on it; every other officer of the jurisdiction gets nothing (404)."""
    if viewer.role == Role.SOCIAL_WORKER:
        return None
    no_minor = ~_has_minor(household_path, today)
    if viewer.role in OFFICER_ROLES:
        named = Exists(
            Household.named_officers.through.objects.filter(
                household=OuterRef(household_path), user=viewer.pk
            )
        )
        return no_minor | Q(named)
    return Q(no_minor)


def _has_minor(household_path: str, today: datetime.date) -> Exists:
    return Exists(
        Member.objects.filter(**{"household": OuterRef(household_path)}, birth_date__gt=minor_cutoff(today))
    )


def household_queryset(*, viewer, today: datetime.date | None = None) -> QuerySet[Household]:
    """Households the viewer may see, with ``has_minor`` annotated."""
    today = today or timezone.localdate()
    qs = scope_queryset(Household.objects.all(), viewer=viewer).annotate(has_minor=_has_minor("pk", today))
    restriction = _minor_files_q(viewer, "pk", today)
    return qs if restriction is None else qs.filter(restriction)


def household_list(*, viewer, query: str = "", category: str = "") -> QuerySet[Household]:
    qs = (
        household_queryset(viewer=viewer)
        .select_related("division", "assigned_worker", "station")
        .annotate(
            member_count=Count("members", distinct=True),
            open_case_count=Count("cases", filter=~Q(cases__step=CaseStep.CLOSED), distinct=True),
        )
    )
    if query:
        qs = qs.filter(Q(address__icontains=query) | Q(division__name__icontains=query))
    if category:
        # JSON containment is not portable to SQLite: match the quoted value in the JSON text.
        qs = qs.filter(categories__icontains=f'"{category}"')
    return qs.order_by("division", "address", "id")


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


def caseload(*, viewer, today: datetime.date | None = None) -> dict:
    """A worker's caseload: open cases with the next visit due, counts by step, overdue visits.

    Overdue means the plan's own visit frequency has passed since the last visit (no policy number).
    """
    today = today or timezone.localdate()
    cases = (
        case_queryset(viewer=viewer, today=today)
        .exclude(step=CaseStep.CLOSED)
        .select_related("household", "household__division")
        .order_by("next_visit_due", "id")
    )
    cases = list(cases)
    by_step = {step: 0 for step in CaseStep.values if step != CaseStep.CLOSED}
    for case in cases:
        by_step[case.step] += 1
    overdue = [c for c in cases if c.next_visit_due is not None and c.next_visit_due < today]
    households = household_queryset(viewer=viewer, today=today).count()
    return {
        "cases": cases,
        "overdue": overdue,
        "by_step": [(CaseStep(step).label, count) for step, count in by_step.items()],
        "open_count": len(cases),
        "overdue_count": len(overdue),
        "household_count": households,
        "today": today,
    }


def household_api_list(*, viewer) -> QuerySet[Household]:
    """Households for the API, members masked (the encrypted columns are never loaded)."""
    return (
        household_queryset(viewer=viewer)
        .select_related("division")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=Member.objects.defer(*ENCRYPTED_MEMBER_FIELDS).order_by("birth_date", "id"),
            )
        )
        .order_by("division", "address", "id")
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
