"""The officers' queue of complaints about organisations and stations (SZ-16b, contract C3)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from shegong.accounts.models import OFFICER_ROLES
from shegong.accounts.scoping import scope_queryset

from . import selectors, services
from .forms import CloseForm, IntakeForm, StepForm
from .models import ComplaintStatus, ComplaintSubject, PortalComplaint

PAGE_SIZE = 50


def _officer(request) -> None:
    if not (request.user.is_system_admin or request.user.role in OFFICER_ROLES):
        raise PermissionDenied(services.NOT_ALLOWED)


def _crumbs(*rest):
    return [(_("Complaints about organisations and stations"), reverse("portal:complaint-queue")), *rest]


def _get(request, pk) -> PortalComplaint:
    try:
        return selectors.complaint_get(viewer=request.user, pk=pk)
    except PortalComplaint.DoesNotExist:
        raise Http404 from None


def _apply(form, call) -> bool:
    if not form.is_valid():
        return False
    try:
        call(form.cleaned_data)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
        return False
    return True


@login_required
def complaint_queue(request):
    _officer(request)
    status = request.GET.get("status", "")
    if status not in ComplaintStatus.values:
        status = ""
    overdue = request.GET.get("overdue") == "1"
    today = timezone.localdate()
    qs = selectors.complaint_queue(viewer=request.user, status=status, overdue_on=today if overdue else None)
    return render(
        request,
        "portal/complaint_queue.html",
        {
            "page_title": _("Complaints about organisations and stations"),
            "breadcrumbs": _crumbs(),
            "page_obj": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")),
            "statuses": ComplaintStatus.choices,
            "status": status,
            "overdue": overdue,
            "today": today,
        },
    )


def _intake_choices(user):
    from shegong.organizations.models import Organization
    from shegong.stations.models import Station

    stations = scope_queryset(Station.objects.order_by("division_id", "name"), viewer=user)
    organizations = scope_queryset(Organization.objects.order_by("name"), viewer=user)
    return {
        "stations": list(stations.values_list("pk", "name")),
        "organizations": list(organizations.values_list("pk", "name")),
    }


@login_required
@require_http_methods(["GET", "POST"])
def complaint_intake(request):
    """An officer records a complaint received by telephone, letter or in person."""
    _officer(request)
    choices = _intake_choices(request.user)
    form = IntakeForm(request.POST or None, initial={"received_on": timezone.localdate()}, **choices)
    status = 200
    if request.method == "POST":
        created = []

        def save(data):
            subject = data["subject"]
            created.append(
                services.portal_complaint_submit(
                    actor=request.user,
                    subject=subject,
                    summary=data["summary"],
                    received_on=data["received_on"],
                    channel=data["channel"],
                    station_id=data["station"] if subject == ComplaintSubject.STATION else None,
                    organization_id=data["organization"]
                    if subject == ComplaintSubject.ORGANIZATION
                    else None,
                )
            )

        if _apply(form, save):
            messages.success(
                request,
                _("Complaint recorded with tracking number %(number)s.")
                % {"number": created[0].tracking_number},
            )
            return redirect("portal:complaint-detail", pk=created[0].pk)
        status = 400
    return render(
        request,
        "portal/form.html",
        {
            "page_title": _("Record a complaint"),
            "breadcrumbs": _crumbs((_("Record a complaint"), None)),
            "form": form,
            "submit_label": _("Save"),
        },
        status=status,
    )


@login_required
def complaint_detail(request, pk: int, step_form=None, close_form=None, status=200):
    _officer(request)
    record = _get(request, pk)
    today = timezone.localdate()
    return render(
        request,
        "portal/complaint_detail.html",
        {
            "page_title": record.tracking_number,
            "breadcrumbs": _crumbs((record.tracking_number, None)),
            "record": record,
            "steps": list(record.steps.select_related("actor")),
            "can_handle": services.can_handle(request.user, record)
            and record.status == ComplaintStatus.PENDING,
            "overdue": record.status == ComplaintStatus.PENDING and record.due_on and record.due_on < today,
            "step_form": step_form or StepForm(initial={"taken_on": today}),
            "close_form": close_form or CloseForm(initial={"closed_on": today}),
        },
        status=status,
    )


@login_required
@require_POST
def complaint_step(request, pk: int):
    record = _get(request, pk)
    form = StepForm(request.POST)
    if _apply(
        form,
        lambda d: services.portal_complaint_add_step(
            actor=request.user, record=record, description=d["description"], taken_on=d["taken_on"]
        ),
    ):
        messages.success(request, _("Step recorded."))
        return redirect("portal:complaint-detail", pk=pk)
    return complaint_detail(request, pk, step_form=form, status=400)


@login_required
@require_POST
def complaint_close(request, pk: int):
    record = _get(request, pk)
    form = CloseForm(request.POST)
    if _apply(
        form,
        lambda d: services.portal_complaint_close(
            actor=request.user,
            record=record,
            status=d["status"],
            closed_on=d["closed_on"],
            outcome_note=d["outcome_note"],
        ),
    ):
        messages.success(request, _("Complaint closed."))
        return redirect("portal:complaint-detail", pk=pk)
    return complaint_detail(request, pk, close_form=form, status=400)
