"""Reads of organisations, scoped to the viewer."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from shegong.accounts.scoping import scope_queryset
from shegong.geo.models import subtree_q

from .models import (
    CheckItem,
    Inspection,
    InspectionDraw,
    Organization,
    PayDisclosure,
    RegistrationCheck,
    RegistrationReview,
)


def organization_list(*, viewer, q: str = "", kind: str = "", within: str = "") -> QuerySet[Organization]:
    """Organisations the viewer may see, filtered by name/code search, type and division subtree."""
    qs = scope_queryset(Organization.objects.select_related("division"), viewer=viewer)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(uscc__iexact=q.strip()))
    if kind:
        qs = qs.filter(kind=kind)
    if within:
        qs = qs.filter(subtree_q("division", within))
    return qs


def organization_get(*, viewer, pk) -> Organization:
    """One organisation, or Organization.DoesNotExist when it is outside the viewer's scope."""
    return organization_list(viewer=viewer).get(pk=pk)


def registration_review_list(*, viewer, state: str = "") -> QuerySet[RegistrationReview]:
    """Registration reviews of divisions in the viewer's jurisdiction."""
    qs = scope_queryset(RegistrationReview.objects.select_related("division"), viewer=viewer)
    return qs.filter(state=state) if state else qs


def registration_review_get(*, viewer, pk) -> RegistrationReview:
    return registration_review_list(viewer=viewer).get(pk=pk)


def registration_checklist(*, review: RegistrationReview) -> list[tuple[str, str, RegistrationCheck | None]]:
    """Every checklist item (value, label) with its check, or None while it is still open."""
    checks = {check.item: check for check in review.checks.all()}
    return [(value, label, checks.get(value)) for value, label in CheckItem.choices]


def inspection_draw_list(*, viewer) -> QuerySet[InspectionDraw]:
    """Random inspection draws of divisions in the viewer's jurisdiction."""
    return scope_queryset(
        InspectionDraw.objects.select_related("division")
        .annotate(inspected=Count("inspections__inspected_on"))
        .order_by("-drawn_on", "-pk"),  # Meta.ordering is not applied to a GROUP BY query
        viewer=viewer,
    )


def inspection_draw_get(*, viewer, pk) -> InspectionDraw:
    return inspection_draw_list(viewer=viewer).get(pk=pk)


def inspection_draw_inspections(*, draw: InspectionDraw) -> list[Inspection]:
    return list(draw.inspections.select_related("organization").order_by("organization__name"))


def pay_disclosure_list(*, viewer, organization: Organization | None = None) -> QuerySet[PayDisclosure]:
    """Pay disclosures the viewer may see, published or not (SZ-16a)."""
    qs = scope_queryset(PayDisclosure.objects.select_related("organization"), viewer=viewer)
    return qs.filter(organization=organization) if organization is not None else qs


def published_disclosures(*, year: int | None = None, within: str = "") -> QuerySet[PayDisclosure]:
    """Published pay disclosures for the public portal: anyone may read them (SZ-16a)."""
    qs = PayDisclosure.objects.filter(published_on__isnull=False).select_related("organization__division")
    if year:
        qs = qs.filter(year=year)
    if within:
        qs = qs.filter(subtree_q("organization__division", within))
    return qs.order_by("organization__name", "-year")
