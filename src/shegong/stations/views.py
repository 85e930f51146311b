"""Station pages: list, detail, register, edit, points, staff and the coverage of the division data.

Thin: forms validate, services write, selectors read; everything is scoped to the viewer and an
object outside the viewer's jurisdiction answers 404.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shegong.accounts.models import OFFICER_ROLES
from shegong.geo.models import Division, DivisionLevel
from shegong.geo.selectors import division_ancestors
from shegong.policy.selectors import open_findings_for

from . import selectors, services
from .forms import ServicePointForm, StationForm, StationStaffForm
from .models import Station, StationKind

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
            form, lambda data: services.station_update(actor=request.user, station=original, **data)
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
