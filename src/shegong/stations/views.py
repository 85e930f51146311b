"""Station pages: list, detail, register, edit, points, staff and the coverage of the division data.

Thin: forms validate, services write, selectors read; everything is scoped to the viewer and an
object outside the viewer's jurisdiction answers 404.
"""

import datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shegong.accounts.models import OFFICER_ROLES, Role
from shegong.common.excel import xlsx_response
from shegong.geo.models import Division, DivisionLevel
from shegong.geo.selectors import division_ancestors
from shegong.policy.selectors import open_findings_for

from . import selectors, services, spreadsheets
from .forms import (
    AssignmentForm,
    CommunityCentreForm,
    ImportForm,
    PilotSiteForm,
    RegulationForm,
    SampleForm,
    ServiceContentForm,
    ServicePointForm,
    SignForm,
    StaffingBandForm,
    StationForm,
    StationStaffForm,
    SubmissionForm,
    SupervisorForm,
    TrainingBaseForm,
    VisitForm,
)
from .icalendar import calendar_text
from .models import InspectionSample, Station, StationKind

PAGE_SIZE = 50


def _can_register(user) -> bool:
    return user.is_system_admin or user.role in OFFICER_ROLES


def _get_or_404(viewer, pk) -> Station:
    try:
        return selectors.station_get(viewer=viewer, pk=pk)
    except (Station.DoesNotExist, ValueError):
        raise Http404 from None


def _save(form, save):
    if form.is_valid():
        try:
            return save(form.cleaned_data)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    form.add_error(field if field in form.fields else None, message)
    return None


def _station_crumbs(station=None):
    crumbs = [(_("Stations"), reverse("stations:station-list"))]
    if station is not None:
        crumbs.append((station.name, reverse("stations:station-detail", args=[station.pk])))
    return crumbs


@login_required
def station_list(request):
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    if kind not in StationKind.values:
        kind = ""
    qs = selectors.station_list(viewer=request.user, q=q, kind=kind, as_of=timezone.localdate())
    return render(
        request,
        "stations/station_list.html",
        {
            "page_title": _("Stations"),
            "breadcrumbs": [(_("Stations"), None)],
            "page_obj": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")),
            "q": q,
            "kind": kind,
            "kinds": StationKind.choices,
            "can_register": _can_register(request.user),
            "can_view_coverage": bool(request.user.is_system_admin or request.user.division_id),
            # SZ-03 concerns Shenzhen's community centres.
            "can_view_centres": request.user.is_system_admin
            or (request.user.division_id or "").startswith("4403"),
        },
    )


@login_required
def station_detail(request, pk):
    station = _get_or_404(request.user, pk)
    today = timezone.localdate()
    staff = list(selectors.station_staff(station=station))
    return render(
        request,
        "stations/station_detail.html",
        {
            "page_title": station.name,
            "breadcrumbs": [*_station_crumbs(), (station.name, None)],
            "station": station,
            "staff_on_post": [
                s for s in staff if s.on_post_from <= today and (s.left_on is None or s.left_on >= today)
            ],
            "staff_other": [
                s
                for s in staff
                if not (s.on_post_from <= today and (s.left_on is None or s.left_on >= today))
            ],
            "points": selectors.station_points(station=station),
            "villages": selectors.station_villages(station=station),
            "can_edit": _can_register(request.user),
            "open_findings": open_findings_for(viewer=request.user, subject=station)[:50],
            "submissions": selectors.submission_list(station=station)[:50],
            "supervision_visits": selectors.supervision_visit_list(viewer=request.user, station=station)[:20],
            "hours": selectors.station_hours(station=station, as_of=today),
            **selectors.station_records(station=station, as_of=today),
        },
    )


@login_required
def station_create(request):
    if not _can_register(request.user):
        raise PermissionDenied
    initial = {}
    code = request.GET.get("division", "")
    if code:
        initial["division"] = code
        initial["name"] = ""
        town = Division.objects.filter(code=code).first()
        if town is not None and town.level == DivisionLevel.TOWN:
            initial["name"] = _("%(town)s social work station") % {"town": town.name}
    form = StationForm(request.POST or None, viewer=request.user, initial=initial)
    if request.method == "POST":
        station = _save(form, lambda data: services.station_register(actor=request.user, **data))
        if station is not None:
            return redirect("stations:station-detail", pk=station.pk)
    return render(
        request,
        "stations/station_form.html",
        {
            "page_title": _("Register a station"),
            "breadcrumbs": [*_station_crumbs(), (_("Register"), None)],
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
def station_update(request, pk):
    station = _get_or_404(request.user, pk)
    if not _can_register(request.user):
        raise PermissionDenied
    form = StationForm(request.POST or None, instance=station, viewer=request.user)
    if request.method == "POST":
        original = _get_or_404(request.user, pk)
        saved = _save(
            form,
            lambda data: services.station_update(
                actor=request.user, station=original, expected_version=form.edit_version, **data
            ),
        )
        if saved is not None:
            return redirect("stations:station-detail", pk=saved.pk)
    return render(
        request,
        "stations/station_form.html",
        {
            "page_title": _("Edit %(name)s") % {"name": station.name},
            "breadcrumbs": [*_station_crumbs(station), (_("Edit"), None)],
            "form": form,
            "station": station,
        },
        status=400 if form.errors else 200,
    )


@login_required
def point_create(request, pk):
    station = _get_or_404(request.user, pk)
    if not _can_register(request.user):
        raise PermissionDenied
    form = ServicePointForm(request.POST or None, station=station)
    if request.method == "POST":
        point = _save(
            form,
            lambda data: services.service_point_add(actor=request.user, station=station, **data),
        )
        if point is not None:
            return redirect("stations:station-detail", pk=station.pk)
    return render(
        request,
        "stations/station_part_form.html",
        {
            "page_title": _("Add a service point"),
            "breadcrumbs": [*_station_crumbs(station), (_("Add a service point"), None)],
            "form": form,
            "station": station,
        },
        status=400 if form.errors else 200,
    )


@login_required
def staff_create(request, pk):
    station = _get_or_404(request.user, pk)
    if not _can_register(request.user):
        raise PermissionDenied
    form = StationStaffForm(request.POST or None, station=station, viewer=request.user)
    if request.method == "POST":
        staff = _save(
            form, lambda data: services.station_staff_add(actor=request.user, station=station, **data)
        )
        if staff is not None:
            return redirect("stations:station-detail", pk=station.pk)
    return render(
        request,
        "stations/station_part_form.html",
        {
            "page_title": _("Add a staff member"),
            "breadcrumbs": [*_station_crumbs(station), (_("Add a staff member"), None)],
            "form": form,
            "station": station,
        },
        status=400 if form.errors else 200,
    )


# Coverage ------------------------------------------------------------------------------------------


@login_required
def coverage(request):
    """Open the coverage of the viewer's own jurisdiction."""
    code = request.user.division_id
    if request.user.is_system_admin and not code:
        code = "3701"
    if not code:
        raise PermissionDenied
    return redirect("stations:coverage-division", code=code)


@login_required
def coverage_division(request, code):
    if not selectors.may_view_coverage(request.user, code):
        raise Http404
    try:
        division = Division.objects.get(code=code)
    except Division.DoesNotExist:
        raise Http404 from None
    reach = request.user.division_id or ""
    ancestors = [
        d for d in division_ancestors(viewer=request.user, division=division) if d.code.startswith(reach)
    ]
    crumbs = [(_("Stations"), reverse("stations:station-list"))]
    crumbs += [(d.name, reverse("stations:coverage-division", args=[d.code])) for d in ancestors]
    crumbs.append((division.name, None))
    context = {
        "page_title": _("Station coverage: %(division)s") % {"division": division.name},
        "breadcrumbs": crumbs,
        "division": division,
        "can_register": _can_register(request.user),
    }
    if division.level == DivisionLevel.TOWN:
        station = (
            selectors.station_list(viewer=request.user, as_of=timezone.localdate())
            .filter(division=division, kind=StationKind.TOWN_STATION)
            .first()
        )
        context.update(
            station=station,
            villages=selectors.town_villages(viewer=request.user, town=division),
        )
        return render(request, "stations/coverage_town.html", context)
    today = timezone.localdate()
    context.update(
        coverage=selectors.coverage_for(viewer=request.user, code=code),
        targets=selectors.coverage_targets(viewer=request.user, code=code, as_of=today),
        today=today,
    )
    return render(request, "stations/coverage.html", context)


# Plans, reports and deadlines ----------------------------------------------------------------------

FEED_SALT = "shegong.stations.deadline-feed"


def feed_token(user) -> str:
    """A per-user token for the iCalendar feed, so calendar programs can fetch it without a session."""
    return signing.dumps(user.pk, salt=FEED_SALT)


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@login_required
def deadline_calendar(request):
    today = timezone.localdate()
    year = _year(request)
    items = selectors.deadline_calendar(
        viewer=request.user,
        start=datetime.date(year, 1, 1),
        end=datetime.date(year, 12, 31),
        as_of=today,
    )
    rows = [{"item": item, "status": item.status(today)} for item in items]
    return render(
        request,
        "stations/deadline_calendar.html",
        {
            "page_title": _("Deadlines of plans and reports"),
            "breadcrumbs": [*_station_crumbs(), (_("Deadlines"), None)],
            "rows": rows,
            "year": year,
            "previous_year": year - 1,
            "next_year": year + 1,
            "today": today,
            "feed_url": request.build_absolute_uri(
                reverse("stations:deadline-feed-token", args=[feed_token(request.user)])
            ),
            "can_file": _can_file(request.user),
            "reminders": selectors.deadline_reminders(viewer=request.user, today=today),
        },
    )


@login_required
def deadline_reminders(request):
    """The viewer's upcoming deadlines as a fragment, for the home page (htmx ``hx-get``)."""
    return render(
        request,
        "stations/_deadline_reminders.html",
        {"reminders": selectors.deadline_reminders(viewer=request.user, today=timezone.localdate())},
    )


def _feed_response(request, user):
    today = timezone.localdate()
    if "year" in request.GET:
        year = _year(request)
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    else:  # what calendar programs fetch: a year back and a year ahead
        start, end = today - datetime.timedelta(days=366), today + datetime.timedelta(days=366)
    items = selectors.deadline_calendar(viewer=user, start=start, end=end, as_of=today)
    text = calendar_text(items, as_of=today, host=request.get_host().split(":")[0], now=timezone.now())
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="shegong-deadlines.ics"'
    return response


@login_required
def deadline_feed(request):
    return _feed_response(request, request.user)


def deadline_feed_token(request, token):
    """The feed for calendar programs: the signed token stands for the user's session."""
    try:
        pk = signing.loads(token, salt=FEED_SALT)
    except signing.BadSignature:
        raise Http404 from None
    user = get_user_model().objects.filter(pk=pk, is_active=True).first()
    if user is None:
        raise Http404
    return _feed_response(request, user)


def _can_file(user) -> bool:
    return user.is_system_admin or user.role in OFFICER_ROLES or user.role == Role.ORG_ADMIN


@login_required
def submission_create(request):
    if not _can_file(request.user):
        raise PermissionDenied
    initial = {
        key: request.GET[key] for key in ("kind", "division", "station", "period") if key in request.GET
    }
    initial.setdefault("submitted_on", timezone.localdate())
    form = SubmissionForm(request.POST or None, request.FILES or None, viewer=request.user, initial=initial)
    if request.method == "POST":
        submission = _save(form, lambda data: services.submission_file(actor=request.user, **data))
        if submission is not None:
            if submission.is_late:
                messages.warning(
                    request,
                    _("Filed on %(submitted)s, after the due date %(due)s: the filing is late.")
                    % {
                        "submitted": submission.submitted_on.isoformat(),
                        "due": submission.due_on.isoformat(),
                    },
                )
            else:
                messages.success(request, _("Filed on time."))
            return redirect(f"{reverse('stations:deadline-calendar')}?year={submission.due_on.year}")
    return render(
        request,
        "stations/submission_form.html",
        {
            "page_title": _("File a plan or report"),
            "breadcrumbs": [
                *_station_crumbs(),
                (_("Deadlines"), reverse("stations:deadline-calendar")),
                (_("File"), None),
            ],
            "form": form,
        },
        status=400 if form.errors else 200,
    )


# Supervision (HZ-05) -------------------------------------------------------------------------------


def _supervision_crumbs():
    return [*_station_crumbs(), (_("Supervision"), reverse("stations:supervision"))]


@login_required
def supervision(request):
    today = timezone.localdate()
    return render(
        request,
        "stations/supervision.html",
        {
            "page_title": _("Supervision"),
            "breadcrumbs": [*_station_crumbs(), (_("Supervision"), None)],
            "supervisors": selectors.supervisor_list(viewer=request.user, as_of=today)[:200],
            "visits": selectors.supervision_visit_list(viewer=request.user)[:50],
            "samples": selectors.inspection_sample_list(viewer=request.user)[:20],
            "can_edit": _can_register(request.user),
        },
    )


def _supervision_form(request, form_class, title, save, redirect_to=None):
    if not _can_register(request.user):
        raise PermissionDenied
    form = form_class(request.POST or None, viewer=request.user, initial={"size": 10})
    if request.method == "POST":
        saved = _save(form, save)
        if saved is not None:
            return redirect(redirect_to(saved) if redirect_to else reverse("stations:supervision"))
    return render(
        request,
        "stations/supervision_form.html",
        {"page_title": title, "breadcrumbs": [*_supervision_crumbs(), (title, None)], "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def supervisor_create(request):
    return _supervision_form(
        request,
        SupervisorForm,
        _("Appoint a supervisor"),
        lambda data: services.supervisor_appoint(actor=request.user, **data),
    )


@login_required
def assignment_create(request):
    return _supervision_form(
        request,
        AssignmentForm,
        _("Assign a station or point"),
        lambda data: services.supervision_assign(actor=request.user, **data),
    )


@login_required
def visit_create(request):
    return _supervision_form(
        request,
        VisitForm,
        _("Log a supervision visit"),
        lambda data: services.supervision_visit_log(actor=request.user, **data),
    )


@login_required
def sample_create(request):
    return _supervision_form(
        request,
        SampleForm,
        _("Draw an inspection sample"),
        lambda data: services.inspection_sample_draw(
            actor=request.user, drawn_on=timezone.localdate(), **data
        ),
        redirect_to=lambda sample: reverse("stations:sample-detail", args=[sample.pk]),
    )


@login_required
def sample_detail(request, pk):
    try:
        sample = selectors.inspection_sample_get(viewer=request.user, pk=pk)
    except InspectionSample.DoesNotExist:
        raise Http404 from None
    title = _("Inspection sample of %(division)s") % {"division": sample.division.name}
    return render(
        request,
        "stations/sample_detail.html",
        {"page_title": title, "breadcrumbs": [*_supervision_crumbs(), (title, None)], "sample": sample},
    )


# Training bases and pilot sites (SM-02, SM-13) -------------------------------------------------------


@login_required
def designation_list(request):
    """Training bases by county (SM-02) and pilot sites (SM-13) in the viewer's jurisdiction."""
    return render(
        request,
        "stations/designation_list.html",
        {
            "page_title": _("Training bases and pilot sites"),
            "breadcrumbs": [*_station_crumbs(), (_("Training bases and pilot sites"), None)],
            "training_bases": selectors.training_base_list(viewer=request.user)[:500],
            "pilot_sites": selectors.pilot_site_list(viewer=request.user)[:500],
            "can_edit": _can_register(request.user),
        },
    )


def _designation_form(request, form_class, title, save):
    if not _can_register(request.user):
        raise PermissionDenied
    form = form_class(request.POST or None, viewer=request.user)
    if request.method == "POST":
        saved = _save(form, save)
        if saved is not None:
            messages.success(request, _("Saved %(name)s.") % {"name": saved.name})
            return redirect("stations:designation-list")
    crumbs = [
        *_station_crumbs(),
        (_("Training bases and pilot sites"), reverse("stations:designation-list")),
        (title, None),
    ]
    return render(
        request,
        "stations/designation_form.html",
        {"page_title": title, "breadcrumbs": crumbs, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def training_base_create(request):
    return _designation_form(
        request,
        TrainingBaseForm,
        _("Designate a training base"),
        lambda data: services.training_base_designate(actor=request.user, **data),
    )


@login_required
def pilot_site_create(request):
    return _designation_form(
        request,
        PilotSiteForm,
        _("Designate a pilot site"),
        lambda data: services.pilot_site_designate(actor=request.user, **data),
    )


# Station records (JN-05, JN-06, JN-08) ------------------------------------------------------------


def _station_record_form(request, pk, form_class, title, save, initial=None):
    station = _get_or_404(request.user, pk)
    if not _can_register(request.user):
        raise PermissionDenied
    form = form_class(request.POST or None, request.FILES or None, initial=initial or {})
    if request.method == "POST":
        saved = _save(form, lambda data: save(station, data))
        if saved is not None:
            return redirect(f"{reverse('stations:station-detail', args=[station.pk])}#records")
    return render(
        request,
        "stations/station_part_form.html",
        {
            "page_title": title,
            "breadcrumbs": [*_station_crumbs(station), (title, None)],
            "form": form,
            "station": station,
        },
        status=400 if form.errors else 200,
    )


@login_required
def regulation_create(request, pk):
    return _station_record_form(
        request,
        pk,
        RegulationForm,
        _("Put a working rule on file"),
        lambda station, data: services.station_regulation_file(actor=request.user, station=station, **data),
    )


@login_required
def sign_create(request, pk):
    station = _get_or_404(request.user, pk)
    return _station_record_form(
        request,
        pk,
        SignForm,
        _("Record a sign"),
        lambda station, data: services.station_sign_record(actor=request.user, station=station, **data),
        initial={"wording": services.sign_wording_for(station), "has_logo": True},
    )


@login_required
def content_create(request, pk):
    return _station_record_form(
        request,
        pk,
        ServiceContentForm,
        _("Add service content"),
        lambda station, data: services.service_content_add(actor=request.user, station=station, **data),
    )


# Community centre staffing (SZ-03) ---------------------------------------------------------------------


@login_required
def community_centres(request):
    """Community centres with the social workers their population calls for, and the staffing table."""
    today = timezone.localdate()
    code = request.user.division_id if request.user.division_id else "4403"
    return render(
        request,
        "stations/community_centres.html",
        {
            "page_title": _("Community centre staffing"),
            "breadcrumbs": [*_station_crumbs(), (_("Community centre staffing"), None)],
            "centres": selectors.community_centre_list(viewer=request.user, as_of=today),
            "table": selectors.staffing_table_in_force(
                code=code if code.startswith("4403") else "4403", as_of=today
            ),
            "bands": selectors.staffing_band_list(viewer=request.user)[:200],
            "can_edit": _can_register(request.user),
        },
    )


def _centre_form(request, form_class, title, save, **form_kwargs):
    if not _can_register(request.user):
        raise PermissionDenied
    form = form_class(request.POST or None, **form_kwargs)
    if request.method == "POST":
        saved = _save(form, save)
        if saved is not None:
            return redirect("stations:community-centres")
    crumbs = [
        *_station_crumbs(),
        (_("Community centre staffing"), reverse("stations:community-centres")),
        (title, None),
    ]
    return render(
        request,
        "stations/designation_form.html",
        {
            "page_title": title,
            "breadcrumbs": crumbs,
            "form": form,
            "cancel_url": reverse("stations:community-centres"),
        },
        status=400 if form.errors else 200,
    )


@login_required
def community_centre_report(request):
    return _centre_form(
        request,
        CommunityCentreForm,
        _("Report a community centre's staffing"),
        lambda data: services.community_centre_report(actor=request.user, **data),
    )


@login_required
def staffing_band_create(request):
    return _centre_form(
        request,
        StaffingBandForm,
        _("Add a row to the staffing table"),
        lambda data: services.staffing_band_add(actor=request.user, **data),
        viewer=request.user,
    )


# Excel import of stations and staff ----------------------------------------------------------------


@login_required
def station_template(request):
    if not _can_register(request.user):
        raise PermissionDenied
    return xlsx_response(spreadsheets.template_workbook(), f"{_('Station import template')}.xlsx")


@login_required
def station_import(request):
    """Import stations and staff from a workbook: all rows or none, every error by sheet, row and column."""
    if not _can_register(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        result = spreadsheets.stations_import(actor=request.user, content=form.cleaned_data["file"].read())
        if result.ok:
            messages.success(
                request,
                _("%(stations)s stations and %(staff)s staff imported.")
                % {"stations": len(result.stations), "staff": len(result.staff)},
            )
            return redirect("stations:station-list")
        errors = result.errors
    return render(
        request,
        "stations/station_import.html",
        {
            "page_title": _("Import stations and staff"),
            "breadcrumbs": [*_station_crumbs(), (_("Import"), None)],
            "form": form,
            "import_errors": errors,
        },
        status=400 if errors or form.errors else 200,
    )


# A district's station overview -------------------------------------------------------------------------


def _district_or_404(viewer, code) -> Division:
    if not selectors.may_view_coverage(viewer, code):
        raise Http404
    district = Division.objects.filter(code=code, level=DivisionLevel.DISTRICT).first()
    if district is None:
        raise Http404
    return district


@login_required
def district_overview(request, code):
    """A district's hub and stations: staff, points, villages served, visits, findings, filings, rules."""
    district = _district_or_404(request.user, code)
    today = timezone.localdate()
    title = _("Stations of %(district)s") % {"district": district.name}
    return render(
        request,
        "stations/district_overview.html",
        {
            "page_title": title,
            "breadcrumbs": [
                *_station_crumbs(),
                (_("Coverage"), reverse("stations:coverage-division", args=[district.code])),
                (title, None),
            ],
            "district": district,
            "today": today,
            "can_edit": _can_register(request.user),
            **selectors.district_overview(viewer=request.user, district=district, as_of=today),
        },
    )


@login_required
def district_regulation_create(request, code):
    """Put a working rule on file for every station of the district (JN-05)."""
    district = _district_or_404(request.user, code)
    if not _can_register(request.user):
        raise PermissionDenied
    form = RegulationForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        saved = _save(
            form,
            lambda data: services.station_regulation_file(actor=request.user, division=district, **data),
        )
        if saved is not None:
            return redirect("stations:district-overview", code=district.code)
    title = _("Put a working rule on file")
    return render(
        request,
        "stations/designation_form.html",
        {
            "page_title": title,
            "breadcrumbs": [
                *_station_crumbs(),
                (district.name, reverse("stations:district-overview", args=[district.code])),
                (title, None),
            ],
            "form": form,
            "multipart": True,
            "cancel_url": reverse("stations:district-overview", args=[district.code]),
        },
        status=400 if form.errors else 200,
    )
