"""Pages of the public portal: no login, only published records, cacheable for five minutes."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_http_methods, require_safe

from . import selectors, services
from .challenge import challenge_new
from .forms import ComplaintForm
from .models import ComplaintSubject
from .throttling import client_address, complaint_attempt_allowed

PUBLIC_CACHE = cache_control(public=True, max_age=300)
PAGE_SIZE = 50


def _portal_crumbs(*rest):
    from django.urls import reverse

    return [(_("Public services"), reverse("portal:home")), *rest]


def _division_filter(request) -> tuple[list, str]:
    """The public divisions for the filter and the chosen code (ignored unless it is one of them)."""
    divisions = selectors.public_divisions()
    within = request.GET.get("division", "")
    if within not in {d.code for d in divisions}:
        within = ""
    return divisions, within


@require_safe
@PUBLIC_CACHE
def home(request):
    return render(
        request,
        "portal/home.html",
        {
            "page_title": _("Public services"),
            "breadcrumbs": [(_("Public services"), None)],
        },
    )


@require_safe
@PUBLIC_CACHE
def station_directory(request):
    divisions, within = _division_filter(request)
    stations = selectors.public_station_list(within=within)
    return render(
        request,
        "portal/station_directory.html",
        {
            "page_title": _("Station directory"),
            "breadcrumbs": _portal_crumbs((_("Station directory"), None)),
            "divisions": divisions,
            "division": within,
            "page_obj": Paginator(stations, PAGE_SIZE).get_page(request.GET.get("page")),
        },
    )


@require_safe
@PUBLIC_CACHE
def sanction_disclosures(request):
    divisions, within = _division_filter(request)
    sanctions = selectors.published_sanctions(within=within)
    return render(
        request,
        "portal/sanction_disclosures.html",
        {
            "page_title": _("Disciplinary sanctions of social workers"),
            "breadcrumbs": _portal_crumbs((_("Disciplinary sanctions of social workers"), None)),
            "divisions": divisions,
            "division": within,
            "page_obj": Paginator(sanctions, PAGE_SIZE).get_page(request.GET.get("page")),
        },
    )


@require_safe
@PUBLIC_CACHE
def pay_disclosures(request):
    divisions, within = _division_filter(request)
    disclosures = selectors.published_disclosures(within=within)
    return render(
        request,
        "portal/pay_disclosures.html",
        {
            "page_title": _("Pay disclosures of organisations"),
            "breadcrumbs": _portal_crumbs((_("Pay disclosures of organisations"), None)),
            "divisions": divisions,
            "division": within,
            "page_obj": Paginator(disclosures, PAGE_SIZE).get_page(request.GET.get("page")),
        },
    )


@require_safe
@PUBLIC_CACHE
def statistics(request):
    cities = selectors.public_statistics()
    return render(
        request,
        "portal/statistics.html",
        {
            "page_title": _("Statistics"),
            "breadcrumbs": _portal_crumbs((_("Statistics"), None)),
            "cities": cities,
            "as_of": timezone.localdate(),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def complaint_create(request):
    """The complaint form; a valid complaint answers with its tracking number, never cached."""
    status = 200
    if request.method == "POST":
        if not complaint_attempt_allowed(client_address(request)):
            response = render(
                request,
                "portal/complaint_limited.html",
                {
                    "page_title": _("Too many complaints"),
                    "breadcrumbs": _portal_crumbs((_("Too many complaints"), None)),
                },
                status=429,
            )
            response["Retry-After"] = "3600"
            return response
        form = ComplaintForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            subject = data["subject"]
            record = services.portal_complaint_submit(
                subject=subject,
                summary=data["summary"],
                received_on=timezone.localdate(),
                station_id=data["station"] if subject != ComplaintSubject.ORGANIZATION else None,
                organization_id=data["organization"] if subject == ComplaintSubject.ORGANIZATION else None,
                practitioner=form.practitioner,
                practitioner_name=data["practitioner_name"].strip() if form.practitioner else "",
            )
            return render(
                request,
                "portal/complaint_received.html",
                {
                    "page_title": _("Complaint received"),
                    "breadcrumbs": _portal_crumbs((_("Complaint received"), None)),
                    "record": record,
                },
            )
        status = 400
    else:
        form = ComplaintForm(
            initial={"subject": request.GET.get("subject", ""), "station": request.GET.get("station", "")}
        )
    challenge = challenge_new()
    form.ask(challenge)
    return render(
        request,
        "portal/complaint_form.html",
        {
            "page_title": _("Make a complaint"),
            "breadcrumbs": _portal_crumbs((_("Make a complaint"), None)),
            "form": form,
            "challenge": challenge,
        },
        status=status,
    )
