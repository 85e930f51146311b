"""Reads of recruitment, scoped to the viewer; the public job board reads only published postings."""

from __future__ import annotations

import datetime

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from shegong.accounts.models import OFFICER_ROLES, Role
from shegong.accounts.scoping import scope_queryset
from shegong.workforce.models import FilingState

from .models import (
    Application,
    CaseAssistance,
    Objection,
    Pairing,
    Participation,
    Posting,
    PostingState,
    TalentPoolEntry,
    Volunteer,
)

# The public fields of a posting: what the job board shows and nothing else.
PUBLIC_POSTING_FIELDS = (
    "title",
    "rank",
    "domain",
    "openings",
    "requirements",
    "pay_min",
    "pay_max",
    "guide_monthly_pay",
    "unified",
    "opens_on",
    "closes_on",
    "published_on",
    "employer__name",
    "division__code",
    "division__name",
    "station__name",
    "project__name",
)


def posting_list(*, viewer, state: str = "") -> QuerySet[Posting]:
    """Postings in the viewer's scope with their number of candidates."""
    qs = Posting.objects.select_related("employer", "division", "project", "station").annotate(
        candidates=Count("applications")
    )
    if state:
        qs = qs.filter(state=state)
    return scope_queryset(qs.order_by("-opens_on", "-id"), viewer=viewer)


def posting_get(*, viewer, pk) -> Posting:
    return scope_queryset(
        Posting.objects.select_related("employer", "division", "project", "station"), viewer=viewer
    ).get(pk=pk)


def posting_applications(posting: Posting) -> QuerySet[Application]:
    return posting.applications.select_related("practitioner").order_by("stage", "applied_on", "id")


def application_get(*, viewer, pk) -> Application:
    return scope_queryset(
        Application.objects.select_related(
            "posting",
            "posting__employer",
            "posting__division",
            "posting__project",
            "posting__station",
            "practitioner",
            "employment",
        ),
        viewer=viewer,
    ).get(pk=pk)


def application_list(*, viewer) -> QuerySet[Application]:
    return scope_queryset(
        Application.objects.select_related("posting", "practitioner").order_by("-applied_on", "id"),
        viewer=viewer,
    )


def objection_get(*, viewer, pk) -> Objection:
    return scope_queryset(Objection.objects.select_related("application__posting"), viewer=viewer).get(pk=pk)


def public_posting_list(*, within: str = "", as_of: datetime.date | None = None) -> QuerySet[Posting]:
    """The job board: published postings still taking applications, public fields only (one query)."""
    as_of = as_of or timezone.localdate()
    qs = (
        Posting.objects.filter(state=PostingState.PUBLISHED, published_on__lte=as_of, closes_on__gte=as_of)
        .select_related("employer", "division", "station", "project")
        .only(*PUBLIC_POSTING_FIELDS)
        .order_by("closes_on", "id")
    )
    if within:
        qs = qs.filter(division__code__startswith=within)
    return qs


def public_posting_get(*, pk, as_of: datetime.date | None = None) -> Posting:
    return public_posting_list(as_of=as_of).get(pk=pk)


def talent_pool_search(*, viewer, q: str = "", domain: str = "", rank: str = "") -> QuerySet[TalentPoolEntry]:
    """SM-12: filed practitioners who opted in. Officers see their jurisdiction; an organisation sees the
    whole pool, because the practitioners chose to be found by employers."""
    qs = TalentPoolEntry.objects.filter(
        left_on__isnull=True, practitioner__filing_state=FilingState.FILED
    ).select_related("practitioner", "practitioner__division")
    if viewer is None or not viewer.is_authenticated:
        return qs.none()
    if not viewer.is_system_admin:
        if viewer.role in OFFICER_ROLES:
            qs = scope_queryset(qs, viewer=viewer)
        elif viewer.role != Role.ORG_ADMIN:
            return qs.none()
    if q:
        qs = qs.filter(Q(practitioner__name__icontains=q) | Q(summary__icontains=q))
    if domain:
        qs = qs.filter(domain=domain)
    if rank:
        qs = qs.filter(rank=rank)
    return qs.order_by("-joined_on", "id")


def _hours(path: str):
    return Coalesce(Sum(path), Value(0), output_field=DecimalField(max_digits=9, decimal_places=1))


def volunteer_list(*, viewer, q: str = "") -> QuerySet[Volunteer]:
    """Volunteers in scope with their activity count; hours come from :func:`volunteer_hours`."""
    qs = Volunteer.objects.select_related("division").annotate(
        activity_count=Count("activities", distinct=True)
    )
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(skills__icontains=q))
    return scope_queryset(qs.order_by("division_id", "name", "id"), viewer=viewer)


def volunteer_hours(volunteer_ids) -> dict[int, object]:
    """Service hours per volunteer: activities plus case assistance (two queries, any number of rows)."""
    totals: dict[int, object] = {}
    for model in (Participation, CaseAssistance):
        rows = (
            model.objects.filter(volunteer_id__in=volunteer_ids)
            .order_by()
            .values("volunteer_id")
            .annotate(total=Sum("hours"))
        )
        for row in rows:
            totals[row["volunteer_id"]] = totals.get(row["volunteer_id"], 0) + row["total"]
    return totals


def volunteer_get(*, viewer, pk) -> Volunteer:
    return scope_queryset(Volunteer.objects.select_related("division"), viewer=viewer).get(pk=pk)


def volunteer_records(volunteer: Volunteer) -> dict:
    """Pairings, activities and case assistance of one volunteer (three queries)."""
    return {
        "pairings": list(volunteer.pairings.select_related("practitioner").order_by("-starts_on")),
        "participations": list(
            Participation.objects.filter(volunteer=volunteer)
            .select_related("activity")
            .order_by("-activity__held_on")
        ),
        "assistance": list(volunteer.assistance.select_related("case").order_by("-assisted_on")),
    }


def practitioner_pairings(*, viewer, practitioner_id: int) -> QuerySet[Pairing]:
    """The worker side of SM-14: volunteers paired with a practitioner, as far as the viewer sees them."""
    return scope_queryset(
        Pairing.objects.filter(practitioner_id=practitioner_id).select_related(
            "volunteer", "volunteer__division"
        ),
        viewer=viewer,
    ).order_by("-starts_on", "id")


def case_assistance_for(*, viewer, case_id: int) -> QuerySet[CaseAssistance]:
    """Volunteer help on a case, visible to its social worker and the officers of its jurisdiction."""
    return scope_queryset(
        CaseAssistance.objects.filter(case_id=case_id).select_related("volunteer", "recorded_by"),
        viewer=viewer,
    ).order_by("-assisted_on", "id")


def activity_list(*, viewer) -> QuerySet:
    from .models import Activity

    return scope_queryset(
        Activity.objects.select_related("division")
        .annotate(volunteer_count=Count("participation"), total_hours=_hours("participation__hours"))
        .order_by("-held_on", "id"),
        viewer=viewer,
    )


def activity_get(*, viewer, pk):
    from .models import Activity

    return scope_queryset(Activity.objects.select_related("division"), viewer=viewer).get(pk=pk)
