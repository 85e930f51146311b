"""The export centre: every major list to Excel, through the apps' scoped selectors (issue 10).

Each export names the selector that builds its list (every one of them goes through
``scope_queryset``), the form that validates its filters, its Chinese headers and its row. The
workbook comes from :func:`shegong.common.excel.build_workbook`: title, the filters applied on top,
a frozen header row, sensible widths and formula injection neutralised. Household files are exported
masked: house numbers in the address become ``*`` and no member is listed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from shegong.common.excel import build_workbook
from shegong.geo.models import subtree_q

from . import forms

CHUNK = 2000


@dataclass(frozen=True)
class ExportSpec:
    name: str
    title: object
    form_class: type[forms.ExportFilterForm]
    headers: tuple
    queryset: Callable[..., QuerySet]  # (viewer, cleaned filters) -> scoped queryset
    row: Callable[[object], list]

    def filename(self) -> str:
        return f"{self.title}-{timezone.localdate():%Y%m%d}.xlsx"


def _name(obj) -> str:
    return obj.name if obj is not None else ""


# Practitioners -------------------------------------------------------------------------------------


def _practitioners(viewer, f: dict) -> QuerySet:
    from shegong.workforce.selectors import practitioner_list

    return practitioner_list(
        viewer=viewer,
        q=f.get("q", ""),
        within=f.get("within", ""),
        certificate_level=f.get("certificate_level", ""),
        filing_state=f.get("filing_state", ""),
    ).order_by("division_id", "name", "pk")


def _practitioner_row(p) -> list:
    from shegong.workforce.models import CertificateLevel, FilingState

    level = CertificateLevel(p.top_level).label if p.top_level in CertificateLevel.values else ""
    state = FilingState(p.filing_state).label if p.filing_state in FilingState.values else p.filing_state
    return [
        p.name,
        p.id_number_masked,
        p.get_gender_display(),
        p.division.name,
        _name(p.employer),
        str(level),
        str(state),
        p.hours_this_year,
    ]


# Organisations -------------------------------------------------------------------------------------


def _organizations(viewer, f: dict) -> QuerySet:
    from shegong.organizations.selectors import organization_list

    return organization_list(
        viewer=viewer, q=f.get("q", ""), kind=f.get("kind", ""), within=f.get("within", "")
    ).order_by("division_id", "name", "pk")


def _organization_row(o) -> list:
    return [
        o.name,
        o.uscc,
        o.get_kind_display(),
        o.division.name,
        o.registered_on,
        _("Yes") if o.public_interest else _("No"),
        o.revoked_on,
    ]


# Projects ------------------------------------------------------------------------------------------


def _projects(viewer, f: dict) -> QuerySet:
    from shegong.procurement.selectors import project_list

    return project_list(
        viewer=viewer, q=f.get("q", ""), domain=f.get("domain", ""), within=f.get("within", "")
    )


def _project_row(p) -> list:
    return [
        p.name,
        p.purchaser_division.name,
        p.purchaser_name,
        _name(p.provider),
        p.get_domain_display(),
        p.starts_on,
        p.ends_on,
        p.headcount,
        p.budget_count,
    ]


# Stations ------------------------------------------------------------------------------------------


def _stations(viewer, f: dict) -> QuerySet:
    from shegong.stations.selectors import station_list

    return station_list(viewer=viewer, q=f.get("q", ""), kind=f.get("kind", ""), within=f.get("within", ""))


def _station_row(s) -> list:
    return [
        s.name,
        s.get_kind_display(),
        s.division.name,
        _name(s.provider),
        s.opened_on,
        s.staff_count,
        s.point_count,
    ]


# Findings ------------------------------------------------------------------------------------------


def _findings(viewer, f: dict) -> QuerySet:
    from shegong.policy.selectors import finding_list

    return finding_list(
        viewer=viewer,
        rule=f.get("rule", ""),
        within=f.get("within", ""),
        state=f.get("state", ""),
        severity=f.get("severity", ""),
    ).order_by("rule_id", "division_id", "pk")


def _finding_row(x) -> list:
    return [
        x.rule_id,
        x.clause,
        x.get_severity_display(),
        x.get_state_display(),
        x.subject_repr,
        x.division.name,
        x.measured,
        x.threshold,
        x.explanation,
        x.first_seen,
        x.last_seen,
    ]


# Household files (masked) --------------------------------------------------------------------------

_DIGITS = re.compile(r"\d")


def mask_address(address: str) -> str:
    """Hide house and room numbers: 解放路12号3单元 → 解放路**号*单元."""
    return _DIGITS.sub("*", address or "")


def _households(viewer, f: dict) -> QuerySet:
    from shegong.cases.selectors import household_list

    qs = household_list(viewer=viewer, query=f.get("q", ""), category=f.get("category", ""))
    if f.get("within"):
        qs = qs.filter(subtree_q("division", f["within"]))
    return qs


def _household_row(h) -> list:
    return [
        h.division.name,
        mask_address(h.address),
        _("、").join(h.category_labels),
        h.get_family_structure_display(),
        h.member_count,
        h.open_case_count,
        _name(h.station),
    ]


EXPORTS: dict[str, ExportSpec] = {
    spec.name: spec
    for spec in (
        ExportSpec(
            "practitioners",
            gettext_lazy("Practitioners"),
            forms.PractitionerExportForm,
            (
                pgettext_lazy("person", "Name"),
                gettext_lazy("Resident ID number"),
                gettext_lazy("Gender"),
                gettext_lazy("Filed in"),
                gettext_lazy("Current employer"),
                gettext_lazy("Highest certificate"),
                gettext_lazy("Filing state"),
                gettext_lazy("Training hours this year"),
            ),
            _practitioners,
            _practitioner_row,
        ),
        ExportSpec(
            "organizations",
            gettext_lazy("Organisations"),
            forms.OrganizationExportForm,
            (
                gettext_lazy("Name"),
                gettext_lazy("Unified social credit code"),
                gettext_lazy("Type"),
                gettext_lazy("Division"),
                gettext_lazy("Registered on"),
                gettext_lazy("Public-interest organisation"),
                gettext_lazy("Registration revoked on"),
            ),
            _organizations,
            _organization_row,
        ),
        ExportSpec(
            "projects",
            gettext_lazy("Projects"),
            forms.ProjectExportForm,
            (
                gettext_lazy("Project name"),
                gettext_lazy("Purchaser division"),
                gettext_lazy("Purchaser"),
                gettext_lazy("Provider"),
                gettext_lazy("Service domain"),
                gettext_lazy("Starts on"),
                gettext_lazy("Ends on"),
                gettext_lazy("Posts"),
                gettext_lazy("Budgets"),
            ),
            _projects,
            _project_row,
        ),
        ExportSpec(
            "stations",
            gettext_lazy("Stations"),
            forms.StationExportForm,
            (
                gettext_lazy("Name"),
                gettext_lazy("Type"),
                gettext_lazy("Division"),
                gettext_lazy("Provider"),
                gettext_lazy("Opened on"),
                gettext_lazy("Staff on post"),
                gettext_lazy("Service points"),
            ),
            _stations,
            _station_row,
        ),
        ExportSpec(
            "findings",
            gettext_lazy("Findings"),
            forms.FindingExportForm,
            (
                gettext_lazy("Rule"),
                gettext_lazy("Clause"),
                gettext_lazy("Severity"),
                gettext_lazy("State"),
                gettext_lazy("Subject"),
                gettext_lazy("Division"),
                gettext_lazy("Measured value"),
                gettext_lazy("Threshold"),
                gettext_lazy("Explanation"),
                gettext_lazy("First seen"),
                gettext_lazy("Last seen"),
            ),
            _findings,
            _finding_row,
        ),
        ExportSpec(
            "households",
            gettext_lazy("Household files (masked)"),
            forms.HouseholdExportForm,
            (
                gettext_lazy("Village or community"),
                gettext_lazy("Address (masked)"),
                gettext_lazy("Categories"),
                gettext_lazy("Family structure"),
                gettext_lazy("Members"),
                gettext_lazy("Open cases"),
                gettext_lazy("Station"),
            ),
            _households,
            _household_row,
        ),
    )
}


def export_queryset(spec: ExportSpec, *, viewer, filters: dict) -> QuerySet:
    """The scoped, filtered queryset behind an export (the list the viewer would see)."""
    return spec.queryset(viewer, filters)


def export_workbook(
    spec: ExportSpec,
    *,
    viewer,
    filters: dict,
    applied: list[tuple[str, str]],
    progress: Callable[[int, str], None] | None = None,
) -> tuple[bytes, int]:
    """Build the workbook of an export; return its bytes and the number of rows written.

    Rows stream from the database in chunks (``iterator``); ``progress`` hears about every chunk.
    """
    qs = export_queryset(spec, viewer=viewer, filters=filters)
    total = qs.count() if progress else 0
    written = 0

    def rows() -> Iterable[list]:
        nonlocal written
        for obj in qs.iterator(chunk_size=CHUNK):
            yield spec.row(obj)
            written += 1
            if progress and written % CHUNK == 0:
                progress(
                    5 + 85 * written // max(total, 1),
                    _("%(done)s of %(total)s rows written.")
                    % {
                        "done": written,
                        "total": total,
                    },
                )

    content = build_workbook(
        title=str(spec.title), headers=[str(h) for h in spec.headers], rows=rows(), filters=applied
    )
    return content, written
