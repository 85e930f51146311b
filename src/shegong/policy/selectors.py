"""Reads of the findings ledger, scoped to the viewer."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from shegong.accounts.scoping import scope_queryset
from shegong.geo.models import subtree_q

from .models import Finding

# The ledger's order (the model's, ending in the primary key so that keyset pages can cut it; issue 11).
FINDING_ORDERING = ("-last_seen", "rule_id", "subject_repr", "pk")


def finding_list(
    *,
    viewer,
    rule: str = "",
    document: str = "",
    within: str = "",
    organization: int | str | None = None,
    severity: str = "",
    state: str = "",
    subject_type: str = "",
    subject_id: str = "",
) -> QuerySet[Finding]:
    """Findings the viewer may see, filtered by rule, document, division, organisation, severity, state."""
    qs = scope_queryset(
        Finding.objects.select_related("division", "organization", "waived_by"), viewer=viewer
    )
    if rule:
        qs = qs.filter(rule_id=rule)
    if document:
        qs = qs.filter(document=document)
    if within:
        qs = qs.filter(subtree_q("division", within))
    if organization:
        qs = qs.filter(organization_id=organization)
    if severity:
        qs = qs.filter(severity=severity)
    if state:
        qs = qs.filter(state=state)
    if subject_type:
        qs = qs.filter(subject_type=subject_type)
    if subject_id:
        qs = qs.filter(subject_id=str(subject_id))
    return qs


def open_findings_for(*, viewer, subject) -> QuerySet[Finding]:
    """Open findings of one subject (shown on the subject's own page)."""
    meta = subject._meta
    return finding_list(
        viewer=viewer,
        subject_type=f"{meta.app_label}.{meta.model_name}",
        subject_id=str(subject.pk),
        state="open",
    )


def finding_counts_by_rule(*, viewer, state: str = "open") -> dict[str, int]:
    """Number of findings per rule in the viewer's scope (one query)."""
    rows = finding_list(viewer=viewer, state=state).order_by().values("rule_id").annotate(n=Count("id"))
    return {row["rule_id"]: row["n"] for row in rows}
