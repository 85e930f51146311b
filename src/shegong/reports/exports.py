"""The export centre: every major list to Excel, through the apps' scoped selectors (issue 10).

Each export names the selector that builds its list (every one of them goes through
``scope_queryset``), the form that validates its filters, its Chinese headers and its row. The
workbook comes from :func:`shegong.common.excel.build_workbook`: title, the filters applied on top,
a frozen header row, sensible widths and formula injection neutralised. Household files are exported
masked: house numbers in the address become ``*`` and no member is listed.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import Truncator
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
    queryset: Callable[..., QuerySet | list]  # (viewer, cleaned filters) -> scoped queryset or rows
    row: Callable[[object], list]
    # Who may export: the same test as the list page's view (None: everyone the selector scopes).
    allowed: Callable[[object], bool] | None = None
    # The URL name of the list page the export mirrors.
    list_url: str = ""

    def allows(self, user) -> bool:
        return self.allowed is None or bool(self.allowed(user))

    def filename(self) -> str:
        return f"{self.title}-{timezone.localdate():%Y%m%d}.xlsx"


def _name(obj) -> str:
    return obj.name if obj is not None else ""


def _yes(value) -> str:
    return _("Yes") if value else _("No")


class Rows:
    """A computed list (not a queryset) behind an export, with the two methods an export uses."""

    def __init__(self, items: list):
        self.items = items

    def count(self) -> int:
        return len(self.items)

    def iterator(self, chunk_size: int = CHUNK):
        return iter(self.items)


def _officer(user) -> bool:
    from shegong.accounts.models import OFFICER_ROLES

    return user.is_system_admin or user.role in OFFICER_ROLES


def _employer_or_officer(user) -> bool:
    from shegong.accounts.models import Role

    return _officer(user) or user.role == Role.ORG_ADMIN


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


# Weeding-out candidates (SZ-15d) --------------------------------------------------------------------


def _as_of(f: dict) -> datetime.date:
    return datetime.date.fromisoformat(f["as_of"]) if f.get("as_of") else timezone.localdate()


def _weeding(viewer, f: dict) -> Rows:
    from shegong.organizations.selectors import weeding_out_candidates

    return Rows(weeding_out_candidates(viewer=viewer, as_of=_as_of(f)))


def _weeding_row(c) -> list:
    return [
        c.organization.name,
        c.organization.uscc,
        c.organization.division.name,
        c.last_activity,
        "；".join(c.reasons),
    ]


# Supervision records of organisations (SZ-15b) -----------------------------------------------------


def _supervision_records(viewer, f: dict) -> QuerySet:
    from shegong.organizations.selectors import supervision_record_list

    return supervision_record_list(viewer=viewer, kind=f.get("kind", ""))


def _supervision_record_row(r) -> list:
    return [
        r.occurred_on,
        r.organization.name,
        r.get_kind_display(),
        r.summary,
        r.published_on,
    ]


# Registration reviews and random inspections (SZ-15a, SZ-15b) -----------------------------------------


def _reviews(viewer, f: dict) -> QuerySet:
    from shegong.organizations.selectors import registration_review_list

    return registration_review_list(viewer=viewer, state=f.get("state", ""))


def _review_row(r) -> list:
    return [r.proposed_name, r.get_kind_display(), r.division.name, r.submitted_on, r.get_state_display()]


def _draws(viewer, f: dict) -> QuerySet:
    from shegong.organizations.selectors import inspection_draw_list

    return inspection_draw_list(viewer=viewer)


def _draw_row(d) -> list:
    return [d.drawn_on, d.division.name, d.purpose, len(d.sample or []), len(d.population or []), d.inspected]


# Recruitment: postings, volunteers, activities (SZ-05, SM-14) -------------------------------------------


def _postings(viewer, f: dict) -> QuerySet:
    from shegong.recruitment.selectors import posting_list

    return posting_list(viewer=viewer, state=f.get("state", ""))


def _posting_row(p) -> list:
    return [
        p.title,
        p.station.name if p.station_id else _name(p.project),
        _name(p.employer),
        p.get_rank_display(),
        p.opens_on,
        p.closes_on,
        p.candidates,
        p.get_state_display(),
        _yes(p.unified),
    ]


def _volunteers(viewer, f: dict) -> QuerySet:
    from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
    from django.db.models.functions import Coalesce

    from shegong.recruitment.models import CaseAssistance, Participation
    from shegong.recruitment.selectors import volunteer_list

    def total(model):
        # The same sums as volunteer_hours(), as one subquery each instead of a query per page.
        rows = (
            model.objects.filter(volunteer_id=OuterRef("pk"))
            .order_by()
            .values("volunteer_id")
            .annotate(total=Sum("hours"))
            .values("total")
        )
        return Coalesce(Subquery(rows), Value(0), output_field=DecimalField(max_digits=9, decimal_places=1))

    return volunteer_list(viewer=viewer, q=(f.get("q") or "").strip()).annotate(
        export_hours=total(Participation) + total(CaseAssistance)
    )


def _volunteer_row(v) -> list:
    return [v.name, v.division.name, v.skills, v.activity_count, v.export_hours]


def _activities(viewer, f: dict) -> QuerySet:
    from shegong.recruitment.selectors import activity_list

    return activity_list(viewer=viewer)


def _activity_row(a) -> list:
    return [a.title, a.held_on, a.division.name, a.volunteer_count, a.total_hours]


# Portal complaint queue (SZ-16b): no personal data of the complainant is stored --------------------


def _complaints(viewer, f: dict) -> QuerySet:
    from shegong.portal.selectors import complaint_queue

    overdue = f.get("overdue") == "1"
    return complaint_queue(
        viewer=viewer, status=f.get("status", ""), overdue_on=timezone.localdate() if overdue else None
    )


def _complaint_row(c) -> list:
    return [
        c.tracking_number,
        c.station.name if c.station_id else _name(c.organization),
        # As on the queue page: the first 60 characters; the whole text is on the complaint's page.
        Truncator(c.summary).chars(60),
        c.received_on,
        c.get_channel_display(),
        c.due_on,
        c.step_count,
        c.get_status_display(),
    ]


# Stations: supervision visits (HZ-05), deadlines, designations (SM-02, SM-13), community centres (SZ-03)


def _visits(viewer, f: dict) -> QuerySet:
    from shegong.stations.selectors import supervision_visit_list

    return supervision_visit_list(viewer=viewer)


def _visit_row(v) -> list:
    return [
        v.visited_on,
        v.station.name,
        _name(v.service_point),
        v.supervisor.practitioner.name,
        v.hours,
        Truncator(v.content).chars(80),
    ]


def _deadlines(viewer, f: dict) -> Rows:
    from shegong.stations.selectors import deadline_calendar

    today = timezone.localdate()
    year = int(f.get("year") or today.year)
    items = deadline_calendar(
        viewer=viewer, start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31), as_of=today
    )
    return Rows([(item, item.status(today)) for item in items])


def _deadline_status(status: str) -> str:
    labels = {
        "late": gettext_lazy("Filed late"),
        "missing": gettext_lazy("Overdue, not filed"),
        "on_time": gettext_lazy("Filed on time"),
    }
    return str(labels.get(status, gettext_lazy("Due")))


def _deadline_row(pair) -> list:
    item, status = pair
    return [
        item.due_on,
        str(item.kind_label),
        item.station.name if item.station else item.division_name,
        item.period,
        f"{item.spec_id} {item.clause}",
        _deadline_status(status),
        item.submission.submitted_on if item.submission else None,
    ]


def _training_bases(viewer, f: dict) -> QuerySet:
    from shegong.stations.selectors import training_base_list

    return training_base_list(viewer=viewer)


def _training_base_row(b) -> list:
    return [b.division.name, b.name, b.host, b.designated_on, b.closed_on]


def _pilot_sites(viewer, f: dict) -> QuerySet:
    from shegong.stations.selectors import pilot_site_list

    return pilot_site_list(viewer=viewer)


def _pilot_site_row(s) -> list:
    return [s.get_level_display(), s.division.name, s.name, s.designated_on]


def _centres(viewer, f: dict) -> Rows:
    from shegong.stations.selectors import community_centre_list

    return Rows(community_centre_list(viewer=viewer, as_of=timezone.localdate()))


def _centre_row(c) -> list:
    return [
        c.division.name,
        c.name,
        c.population,
        c.social_workers,
        c.band.social_workers_min if c.band else None,
        _yes(c.short) if c.band else "",
        c.reported_on,
    ]


# Accounts and salary guides ------------------------------------------------------------------------


def _may_read_users(user) -> bool:
    from shegong.accounts import services

    return services.can_read_users(user)


def _users(viewer, f: dict) -> QuerySet:
    from shegong.accounts.selectors import user_list

    return user_list(
        viewer=viewer, role=f.get("role", ""), division=f.get("division", ""), q=f.get("q", "")
    ).order_by("username", "pk")


def _user_row(u) -> list:
    return [
        u.username,
        u.full_name,
        u.get_role_display(),
        u.division.name if u.division_id else "",
        u.division_id or "",
        _name(u.organization),
        _("active") if u.is_active else _("deactivated"),
    ]


def _salary_guides(viewer, f: dict) -> Rows:
    from shegong.workforce.selectors import guide_age_findings, salary_guide_list

    guides = list(salary_guide_list(viewer=viewer))
    findings = guide_age_findings(guides)
    today = timezone.localdate()
    in_force: dict[str, int] = {}
    for guide in guides:  # newest first per city, as on the list page
        if guide.effective_from <= today and guide.division_id not in in_force:
            in_force[guide.division_id] = guide.pk
    return Rows([(g, in_force.get(g.division_id) == g.pk, g.pk in findings) for g in guides])


def _salary_guide_row(triple) -> list:
    guide, in_force, overdue = triple
    return [
        guide.division.name,
        guide.title,
        guide.effective_from,
        guide.cells,
        _yes(in_force),
        _yes(overdue),
        _yes(guide.is_sample),
    ]


# Client files: caseload, referrals, walk-ins. Never decrypted: the selectors defer the encrypted
# columns; the client shows as name and stored masked ID number, as on the pages. The export view's
# EXPORT audit entry records who exported which list with which filters (a list is not the full file).


def _case_worker(user) -> bool:
    from shegong.cases.services import can_use_case_files

    return can_use_case_files(user)


def _caseload(viewer, f: dict) -> QuerySet:
    from shegong.cases.selectors import caseload

    return caseload(viewer=viewer)["cases"]


def _caseload_row(c) -> list:
    return [
        c.title,
        mask_address(c.household.address),
        c.client.name if c.client_id else "",
        c.client.id_number_masked if c.client_id else "",
        c.get_step_display(),
        c.next_visit_due,
        _yes(c.is_overdue),
    ]


def _referrals(viewer, f: dict) -> QuerySet:
    from shegong.cases.selectors import referral_list

    return referral_list(viewer=viewer, status=f.get("status", ""))


def _referral_row(r) -> list:
    return [
        r.sent_on,
        r.case.title,
        r.recipient,
        r.get_recipient_kind_display(),
        r.get_status_display(),
        # As on the list: the outcome or the reason for refusing, cut at 80 characters.
        Truncator(r.outcome or r.rejection_reason).chars(80),
    ]


def _walk_ins(viewer, f: dict) -> QuerySet:
    from shegong.cases.selectors import walk_in_list

    return walk_in_list(viewer=viewer, state=f.get("state", ""))


def _walk_in_status(w) -> str:
    if w.done_on:
        return _("Handled")
    if w.transferred_on:
        return _("Transferred to %(office)s") % {"office": w.transferred_to}
    if w.notified_on:
        return _("Told what is missing")
    return _("Being handled")


def _walk_in_row(w) -> list:
    return [
        w.received_on,
        w.station.name,
        w.visitor,
        str(w.received_by),
        w.due_on,
        _yes(w.is_open and w.due_on < timezone.localdate()),
        _walk_in_status(w),
    ]


# Complaints about practitioners (SZ-09b): no complainant is stored, the summary cut as on the queue --


def _complaint_handler(user) -> bool:
    from shegong.accounts.models import Role

    return _officer(user) or user.role == Role.DISCIPLINE_COMMITTEE


def _practitioner_complaints(viewer, f: dict) -> QuerySet:
    from shegong.workforce.selectors import complaint_queue

    return complaint_queue(viewer=viewer, state=f.get("state") or "open")


def _practitioner_complaint_row(c) -> list:
    return [
        c.received_on,
        c.practitioner.name,
        c.practitioner.division.name,
        c.get_source_display(),
        Truncator(c.summary).chars(80),
        c.time_limit_days,
        c.due_on,
        _yes(c.is_overdue),
        "；".join(f"{s.taken_on:%Y-%m-%d} {s.description}" for s in c.steps.all()),
        c.get_outcome_display(),
        c.closed_on,
    ]


# Project libraries (SZ-11) ---------------------------------------------------------------------------


def _libraries(viewer, f: dict) -> QuerySet:
    from shegong.procurement.selectors import library_list

    return library_list(viewer=viewer)


def _library_row(lib) -> list:
    return [
        lib.name,
        lib.division.name,
        lib.division_id,
        lib.committee.name if lib.committee else "",
        lib.entry_count,
        lib.last_meeting,
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
            list_url="workforce:practitioner-list",
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
            list_url="organizations:organization-list",
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
            list_url="procurement:project-list",
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
            list_url="stations:station-list",
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
            list_url="policy:finding-list",
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
            allowed=_case_worker,
            list_url="cases:household-list",
        ),
        ExportSpec(
            "weeding-out",
            gettext_lazy("Weeding-out candidates"),
            forms.WeedingExportForm,
            (
                gettext_lazy("Organisation"),
                gettext_lazy("Unified social credit code"),
                gettext_lazy("Registered in"),
                gettext_lazy("Last activity"),
                gettext_lazy("Reasons"),
            ),
            _weeding,
            _weeding_row,
            allowed=_officer,
            list_url="organizations:weeding-list",
        ),
        ExportSpec(
            "supervision-records",
            gettext_lazy("Supervision records"),
            forms.SupervisionRecordExportForm,
            (
                gettext_lazy("Date"),
                gettext_lazy("Organisation"),
                gettext_lazy("Kind"),
                gettext_lazy("Summary of the matter"),
                gettext_lazy("Published on"),
            ),
            _supervision_records,
            _supervision_record_row,
            list_url="organizations:supervision-list",
        ),
        ExportSpec(
            "postings",
            gettext_lazy("Job postings"),
            forms.PostingExportForm,
            (
                gettext_lazy("Post"),
                gettext_lazy("Station or project"),
                gettext_lazy("Employer"),
                gettext_lazy("Rank"),
                gettext_lazy("Applications open on"),
                gettext_lazy("Applications close on"),
                gettext_lazy("Candidates"),
                gettext_lazy("State"),
                gettext_lazy("Unified recruitment"),
            ),
            _postings,
            _posting_row,
            allowed=_employer_or_officer,
            list_url="recruitment:posting-list",
        ),
        ExportSpec(
            "volunteers",
            gettext_lazy("Volunteers"),
            forms.SearchExportForm,
            (
                pgettext_lazy("person", "Name"),
                gettext_lazy("Division"),
                gettext_lazy("Skills"),
                gettext_lazy("Activities"),
                gettext_lazy("Service hours"),
            ),
            _volunteers,
            _volunteer_row,
            list_url="recruitment:volunteer-list",
        ),
        ExportSpec(
            "complaints",
            gettext_lazy("Complaints about organisations and stations"),
            forms.ComplaintQueueExportForm,
            (
                gettext_lazy("Tracking number"),
                gettext_lazy("Complaint about"),
                gettext_lazy("What happened"),
                gettext_lazy("Received on"),
                gettext_lazy("Received through"),
                gettext_lazy("Due on"),
                gettext_lazy("Steps"),
                gettext_lazy("Outcome"),
            ),
            _complaints,
            _complaint_row,
            allowed=_officer,
            list_url="portal:complaint-queue",
        ),
        ExportSpec(
            "supervision-visits",
            gettext_lazy("Supervision visits"),
            forms.NoFilterExportForm,
            (
                gettext_lazy("Visited on"),
                gettext_lazy("Station"),
                gettext_lazy("Service point"),
                gettext_lazy("Supervisor"),
                gettext_lazy("Hours of the visit"),
                gettext_lazy("Content"),
            ),
            _visits,
            _visit_row,
            list_url="stations:supervision",
        ),
        ExportSpec(
            "deadlines",
            gettext_lazy("Deadlines of plans and reports"),
            forms.DeadlineExportForm,
            (
                gettext_lazy("Due on"),
                gettext_lazy("Type"),
                gettext_lazy("District or station"),
                gettext_lazy("Period"),
                gettext_lazy("Clause"),
                gettext_lazy("Status"),
                gettext_lazy("Submitted on"),
            ),
            _deadlines,
            _deadline_row,
            list_url="stations:deadline-calendar",
        ),
        ExportSpec(
            "registration-reviews",
            gettext_lazy("Registration reviews"),
            forms.RegistrationReviewExportForm,
            (
                gettext_lazy("Proposed name"),
                gettext_lazy("Type"),
                gettext_lazy("Division"),
                gettext_lazy("Submitted on"),
                gettext_lazy("State"),
            ),
            _reviews,
            _review_row,
            allowed=_officer,
            list_url="organizations:review-list",
        ),
        ExportSpec(
            "inspection-draws",
            gettext_lazy("Random inspections"),
            forms.NoFilterExportForm,
            (
                gettext_lazy("Drawn on"),
                gettext_lazy("Division"),
                gettext_lazy("Purpose"),
                gettext_lazy("Drawn"),
                gettext_lazy("Organisations in the draw"),
                gettext_lazy("Inspected"),
            ),
            _draws,
            _draw_row,
            allowed=_officer,
            list_url="organizations:draw-list",
        ),
        ExportSpec(
            "activities",
            gettext_lazy("Volunteer activities"),
            forms.NoFilterExportForm,
            (
                gettext_lazy("Title"),
                gettext_lazy("Held on"),
                gettext_lazy("Division"),
                gettext_lazy("Volunteers"),
                gettext_lazy("Service hours"),
            ),
            _activities,
            _activity_row,
            list_url="recruitment:activity-list",
        ),
        ExportSpec(
            "training-bases",
            gettext_lazy("Training bases"),
            forms.NoFilterExportForm,
            (
                gettext_lazy("County"),
                gettext_lazy("Name"),
                gettext_lazy("Host institution"),
                gettext_lazy("Designated on"),
                gettext_lazy("Closed on"),
            ),
            _training_bases,
            _training_base_row,
            list_url="stations:designation-list",
        ),
        ExportSpec(
            "pilot-sites",
            gettext_lazy("Pilot sites"),
            forms.NoFilterExportForm,
            (
                gettext_lazy("Level"),
                gettext_lazy("Division"),
                gettext_lazy("Name"),
                gettext_lazy("Designated on"),
            ),
            _pilot_sites,
            _pilot_site_row,
            list_url="stations:designation-list",
        ),
        ExportSpec(
            "community-centres",
            gettext_lazy("Community centre staffing"),
            forms.NoFilterExportForm,
            (
                gettext_lazy("Community"),
                gettext_lazy("Name"),
                gettext_lazy("Resident population"),
                gettext_lazy("Social workers on post"),
                gettext_lazy("Required"),
                gettext_lazy("Understaffed"),
                gettext_lazy("Reported on"),
            ),
            _centres,
            _centre_row,
            list_url="stations:community-centres",
        ),
        ExportSpec(
            "users",
            gettext_lazy("Users"),
            forms.UserExportForm,
            (
                gettext_lazy("Username"),
                gettext_lazy("Full name"),
                gettext_lazy("Role"),
                gettext_lazy("Jurisdiction"),
                gettext_lazy("Division code"),
                gettext_lazy("Organisation"),
                gettext_lazy("Status"),
            ),
            _users,
            _user_row,
            allowed=_may_read_users,
            list_url="accounts:user-list",
        ),
        ExportSpec(
            "salary-guides",
            gettext_lazy("Salary guides"),
            forms.NoFilterExportForm,
            (
                gettext_lazy("City"),
                gettext_lazy("Title"),
                gettext_lazy("In force from"),
                gettext_lazy("Cells"),
                gettext_lazy("In force"),
                gettext_lazy("Revision overdue"),
                gettext_lazy("Sample data"),
            ),
            _salary_guides,
            _salary_guide_row,
            list_url="workforce:salary-guide-list",
        ),
        ExportSpec(
            "caseload",
            gettext_lazy("Caseload"),
            forms.NoFilterExportForm,
            (
                gettext_lazy("Matter"),
                gettext_lazy("Address (masked)"),
                gettext_lazy("Client"),
                gettext_lazy("Resident ID number"),
                pgettext_lazy("case", "Step"),
                gettext_lazy("Next visit due"),
                gettext_lazy("Overdue"),
            ),
            _caseload,
            _caseload_row,
            allowed=_case_worker,
            list_url="cases:caseload",
        ),
        ExportSpec(
            "referrals",
            gettext_lazy("Referrals"),
            forms.ReferralExportForm,
            (
                pgettext_lazy("referral", "Sent on"),
                gettext_lazy("Case"),
                gettext_lazy("Referred to"),
                gettext_lazy("Type"),
                pgettext_lazy("referral", "Status"),
                pgettext_lazy("referral", "Outcome"),
            ),
            _referrals,
            _referral_row,
            allowed=_case_worker,
            list_url="cases:referral-list",
        ),
        ExportSpec(
            "walk-ins",
            gettext_lazy("Service window log"),
            forms.WalkInExportForm,
            (
                gettext_lazy("Received on"),
                gettext_lazy("Station"),
                gettext_lazy("Visitor"),
                gettext_lazy("First-contact person"),
                gettext_lazy("To be handled by"),
                gettext_lazy("Overdue"),
                gettext_lazy("Status"),
            ),
            _walk_ins,
            _walk_in_row,
            allowed=_case_worker,
            list_url="cases:walk-in-list",
        ),
        ExportSpec(
            "practitioner-complaints",
            gettext_lazy("Complaints about practitioners"),
            forms.PractitionerComplaintExportForm,
            (
                gettext_lazy("Received on"),
                gettext_lazy("Practitioner"),
                gettext_lazy("Division"),
                gettext_lazy("Source"),
                pgettext_lazy("complaint", "Summary"),
                gettext_lazy("Time limit (days)"),
                gettext_lazy("Due on"),
                gettext_lazy("Overdue"),
                gettext_lazy("Handling steps"),
                gettext_lazy("Outcome"),
                gettext_lazy("Closed on"),
            ),
            _practitioner_complaints,
            _practitioner_complaint_row,
            allowed=_complaint_handler,
            list_url="workforce:complaint-queue",
        ),
        ExportSpec(
            "project-libraries",
            gettext_lazy("Project libraries"),
            forms.NoFilterExportForm,
            (
                gettext_lazy("Name"),
                gettext_lazy("Division"),
                gettext_lazy("Division code"),
                gettext_lazy("Review committee"),
                gettext_lazy("Projects in the library"),
                gettext_lazy("Last meeting"),
            ),
            _libraries,
            _library_row,
            list_url="procurement:library-list",
        ),
    )
}


def export_queryset(spec: ExportSpec, *, viewer, filters: dict) -> QuerySet | Rows:
    """The scoped, filtered rows behind an export (the list the viewer would see).

    A viewer the list page refuses is refused here too (PermissionDenied, a 403 in the view).
    """
    if not spec.allows(viewer):
        raise PermissionDenied
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
