"""Reads of organisations, scoped to the viewer."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Count, Max, Q, QuerySet

from shegong.accounts.scoping import scope_queryset
from shegong.geo.models import subtree_q
from shegong.policy.coverage import implements

from .models import (
    DISCLOSED_KINDS,
    CheckItem,
    Inspection,
    InspectionDraw,
    Organization,
    OrganizationKind,
    OrganizationPerson,
    PayDisclosure,
    RegistrationCheck,
    RegistrationReview,
    Revocation,
    SupervisionKind,
    SupervisionRecord,
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


# Founders and leaders, supervision records, revocation (SZ-15b) --------------------------------------


def organization_people(*, organization: Organization) -> list[OrganizationPerson]:
    return list(organization.people.order_by("role", "name"))


def supervision_record_list(
    *, viewer, organization: Organization | None = None, kind: str = ""
) -> QuerySet[SupervisionRecord]:
    """Supervision records the viewer may see (SZ-15b), newest first."""
    qs = scope_queryset(
        SupervisionRecord.objects.select_related("organization__division", "recorded_by"), viewer=viewer
    )
    if organization is not None:
        qs = qs.filter(organization=organization)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def revocation_list(*, viewer, organization: Organization | None = None) -> QuerySet[Revocation]:
    qs = scope_queryset(Revocation.objects.select_related("organization"), viewer=viewer)
    return qs.filter(organization=organization) if organization is not None else qs


def published_organization_sanctions(*, within: str = "") -> QuerySet[SupervisionRecord]:
    """Published administrative penalties and sector discipline of organisations, for anyone (SZ-16b).

    Only what the public page shows is loaded: no details, no recorder.
    """
    qs = (
        SupervisionRecord.objects.filter(kind__in=DISCLOSED_KINDS, published_on__isnull=False)
        .select_related("organization")
        .only(
            "kind",
            "occurred_on",
            "summary",
            "reference",
            "published_on",
            "organization__name",
            "organization__uscc",
        )
        .order_by("-published_on", "-pk")
    )
    if within:
        qs = qs.filter(subtree_q("organization__division", within))
    return qs


# Weeding-out (SZ-15d) and the organisations target (SM-05) ----------------------------------------

WEEDING_DOCUMENT = "shenzhen-2020-measures"
# Supervision records that show the organisation at work (it reported a planned event or an exchange).
ACTIVITY_KINDS = (SupervisionKind.MAJOR_EVENT_REPORT, SupervisionKind.EXCHANGE_FILING)
POOR_GRADES = ("unqualified",)


@dataclass
class WeedingCandidate:
    """An organisation to consider weeding out (SZ-15d) and why."""

    organization: Organization
    last_activity: datetime.date | None
    inactive_since: datetime.date | None = None
    poor_evaluations: int = 0
    findings: int = 0
    reasons: list[str] = field(default_factory=list)


def _registered(organization) -> datetime.date:
    return organization.registered_on or organization.created_at.date()


@implements("SZ-15d", kind="target")
def weeding_out_candidates(*, viewer, as_of: datetime.date) -> list[WeedingCandidate]:
    """SZ-15d: organisations the viewer sees with no activity for the parameter number of months, with
    a poor (unqualified) evaluation, or with repeated findings in the look-back period.

    Only organisations in the Shenzhen measures' jurisdiction while they are in force are judged;
    revoked organisations are left out. Seven queries, whatever the number of organisations.
    """
    from django.utils.translation import gettext as _

    from shegong.common.periods import add_months
    from shegong.policy.library import load_library
    from shegong.policy.models import Finding

    document = load_library().document(WEEDING_DOCUMENT)
    organizations = [
        o
        for o in scope_queryset(
            Organization.objects.select_related("division").filter(
                Q(revoked_on__isnull=True) | Q(revoked_on__gt=as_of)
            ),
            viewer=viewer,
        )
        if document.covers(o.division_id) and _registered(o) <= as_of
    ]
    if not organizations:
        return []
    ids = [o.pk for o in organizations]
    Project = apps.get_model("procurement", "Project")
    Evaluation = apps.get_model("procurement", "Evaluation")
    PerformanceReview = apps.get_model("procurement", "PerformanceReview")
    last_project = dict(
        Project.objects.filter(provider_id__in=ids, starts_on__lte=as_of)
        .values("provider_id")
        .annotate(last=Max("ends_on"))
        .values_list("provider_id", "last")
    )
    last_report = dict(
        SupervisionRecord.objects.filter(
            organization_id__in=ids, kind__in=ACTIVITY_KINDS, occurred_on__lte=as_of
        )
        .values("organization_id")
        .annotate(last=Max("occurred_on"))
        .values_list("organization_id", "last")
    )
    last_disclosure = dict(
        PayDisclosure.objects.filter(organization_id__in=ids, published_on__lte=as_of)
        .values("organization_id")
        .annotate(last=Max("published_on"))
        .values_list("organization_id", "last")
    )
    candidates = []
    windows = {}
    for organization in organizations:
        params = {}
        for key in ("weeding_inactivity_months", "weeding_lookback_months", "weeding_repeated_findings_min"):
            found = document.parameters[key].value_on(as_of, organization.division_id)
            if not found:
                break
            params[key] = found.value
        else:
            windows[organization.pk] = params
    if not windows:
        return []
    start = min(add_months(as_of, -p["weeding_lookback_months"]) for p in windows.values())
    poor = _count_by(
        Evaluation.objects.filter(
            project__provider_id__in=list(windows),
            grade__in=POOR_GRADES,
            evaluated_on__gte=start,
            evaluated_on__lte=as_of,
        ),
        "project__provider_id",
        "evaluated_on",
    )
    poor_reviews = _count_by(
        PerformanceReview.objects.filter(
            project__provider_id__in=list(windows),
            grade__in=POOR_GRADES,
            reviewed_on__gte=start,
            reviewed_on__lte=as_of,
        ),
        "project__provider_id",
        "reviewed_on",
    )
    findings = _count_by(
        Finding.objects.filter(
            organization_id__in=list(windows), first_seen__gte=start, first_seen__lte=as_of
        ),
        "organization_id",
        "first_seen",
    )
    for organization in organizations:
        params = windows.get(organization.pk)
        if params is None:
            continue
        since = add_months(as_of, -params["weeding_lookback_months"])
        project_end = last_project.get(organization.pk)
        dates = [
            d
            for d in (
                min(project_end, as_of) if project_end else None,
                last_report.get(organization.pk),
                last_disclosure.get(organization.pk),
            )
            if d
        ]
        last = max(dates) if dates else None
        candidate = WeedingCandidate(organization=organization, last_activity=last)
        cutoff = add_months(as_of, -params["weeding_inactivity_months"])
        reference = last or _registered(organization)
        if reference <= cutoff:
            candidate.inactive_since = reference
            candidate.reasons.append(
                _("No activity since %(date)s (%(months)s months or more)")
                % {"date": reference.isoformat(), "months": params["weeding_inactivity_months"]}
            )
        candidate.poor_evaluations = sum(
            1 for d in poor.get(organization.pk, []) + poor_reviews.get(organization.pk, []) if d >= since
        )
        if candidate.poor_evaluations:
            candidate.reasons.append(
                _("%(count)s unqualified evaluation(s) since %(date)s")
                % {"count": candidate.poor_evaluations, "date": since.isoformat()}
            )
        candidate.findings = sum(1 for d in findings.get(organization.pk, []) if d >= since)
        if candidate.findings >= params["weeding_repeated_findings_min"]:
            candidate.reasons.append(
                _("%(count)s compliance findings since %(date)s")
                % {"count": candidate.findings, "date": since.isoformat()}
            )
        if candidate.reasons:
            candidates.append(candidate)
    return candidates


def _count_by(qs, key: str, date_field: str) -> dict[int, list[datetime.date]]:
    """The dates of the rows of ``qs`` grouped by ``key`` (one query)."""
    grouped: dict[int, list[datetime.date]] = {}
    for owner, day in qs.values_list(key, date_field):
        grouped.setdefault(owner, []).append(day)
    return grouped


PUBLIC_INTEREST_KINDS = (OrganizationKind.SOCIAL_WORK_AGENCY,)


@implements("SM-05", kind="target")
def public_interest_organization_count(*, within: str, as_of: datetime.date) -> int:
    """SM-05: public-interest social organisations and social-work agencies registered in ``within`` on
    ``as_of`` (registered by then, not revoked by then). One query."""
    registered = Q(registered_on__lte=as_of) | Q(registered_on__isnull=True, created_at__date__lte=as_of)
    return (
        Organization.objects.filter(subtree_q("division", within))
        .filter(registered)
        .filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=as_of))
        .filter(Q(public_interest=True) | Q(kind__in=PUBLIC_INTEREST_KINDS))
        .count()
    )


def provider_record(*, viewer, organization: Organization) -> dict:
    """The provider's results across its projects (SZ-14b: contract evaluations feed supplier credit and
    awards; SZ-13e renewal rewards): three queries, scoped to the viewer."""
    PerformanceReview = apps.get_model("procurement", "PerformanceReview")
    Evaluation = apps.get_model("procurement", "Evaluation")
    RenewalReward = apps.get_model("procurement", "RenewalReward")
    own = {"project__provider": organization}
    return {
        "reviews": list(
            scope_queryset(PerformanceReview.objects.filter(**own), viewer=viewer)
            .select_related("project")
            .order_by("-year", "project__name")[:50]
        ),
        "evaluations": list(
            scope_queryset(Evaluation.objects.filter(**own), viewer=viewer)
            .select_related("project")
            .order_by("-evaluated_on")[:50]
        ),
        "rewards": scope_queryset(RenewalReward.objects.filter(**own), viewer=viewer).count(),
    }
