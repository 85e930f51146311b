"""Reads of organisations, scoped to the viewer."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from shegong.accounts.scoping import scope_queryset
from shegong.geo.models import subtree_q

from .models import Organization


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
