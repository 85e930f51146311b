"""Pages of the public portal: no login, only published records, cacheable for five minutes.

Cacheable pages never touch the session, the user or the CSRF token (so no ``Vary: Cookie``): they
extend ``portal/public.html`` and take their language from the ``lang`` query parameter, which the
language links carry; ``portal:language`` also sets the language cookie for the signed-in pages.
"""

from __future__ import annotations

import functools
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from shegong.recruitment import selectors as recruitment_selectors

from . import selectors, services
from .challenge import challenge_new
from .forms import ComplaintForm
from .models import ComplaintSubject
from .throttling import client_address, complaint_attempt_allowed

PUBLIC_MAX_AGE = 300  # seconds a public page may be cached
PAGE_SIZE = 50
LANGUAGES = {code for code, _name in settings.LANGUAGES}
# Disclosure pages other apps add to the portal; a page not built yet is left out (see ``_optional_links``).
OPTIONAL_LINKS = (
    (
        "organizations:public-penalties",
        gettext_lazy("Administrative penalties"),
        gettext_lazy("Administrative penalties and sector discipline of organisations."),
    ),
    (
        "procurement:public-evaluations",
        gettext_lazy("Project acceptance and evaluation results"),
        gettext_lazy("Acceptance and evaluation results of government-purchased projects."),
    ),
)


def _portal_crumbs(*rest):
    return [(_("Public services"), reverse("portal:home") + _lang_query()), *rest]


def _lang_query() -> str:
    """``?lang=en`` while the page is English; Chinese, the default, needs nothing."""
    language = translation.get_language()
    return "" if language == settings.LANGUAGE_CODE else "?" + urlencode({"lang": language})


def public_page(view):
    """Render in the language of ``?lang=`` (Chinese by default, never the cookie), cacheable publicly.

    The page reads neither the session, the user nor the CSRF token (its template extends
    ``portal/public.html``), so the response does not vary on the cookie: the session read by the sign-in
    middleware is not the page's, and ``Vary: Cookie`` is left out. A response that sets a cookie (a
    signed-in user's session being refreshed) is marked private instead.
    """

    @require_safe
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        language = request.GET.get("lang", "")
        translation.activate(language if language in LANGUAGES else settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
        response = view(request, *args, **kwargs)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if (session is not None and session.modified) or (user is not None and user.is_authenticated):
            # A signed-in visitor's session cookie is refreshed with the page: keep it out of shared caches.
            patch_cache_control(response, private=True, max_age=0)
            return response
        if session is not None:
            session.accessed = False
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        return response

    return wrapper


def _language_links(request) -> list[dict]:
    current = translation.get_language()
    params = {k: v for k, v in request.GET.items() if k != "lang"}
    links = []
    for code, label in (("zh-hans", "中文"), ("en", "English")):
        target = dict(params, lang=code) if code != settings.LANGUAGE_CODE else params
        next_url = request.path + ("?" + urlencode(target) if target else "")
        links.append(
            {
                "code": code,
                "label": label,
                "current": code == current,
                "url": reverse("portal:language") + "?" + urlencode({"lang": code, "next": next_url}),
            }
        )
    return links


def _render_public(request, template: str, context: dict, status: int = 200):
    """Render a cacheable public page: no CSRF token, language links and the inner-link suffix."""
    context = {
        **context,
        "csrf_token": "",
        "language_links": _language_links(request),
        "lang_query": _lang_query(),
    }
    return render(request, template, context, status=status)


@never_cache
@require_safe
def language(request):
    """Switch the language of the public pages: set the cookie and go back with ``?lang=``."""
    code = request.GET.get("lang", "")
    if code not in LANGUAGES:
        code = settings.LANGUAGE_CODE
    target = request.GET.get("next", "")
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        target = reverse("portal:home")
    path, _sep, query = target.partition("?")
    params = [(k, v) for k, v in parse_qsl(query) if k != "lang"]
    if code != settings.LANGUAGE_CODE:
        params.append(("lang", code))
    target = path + ("?" + urlencode(params) if params else "")
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
    return response


def _optional_links() -> list[dict]:
    """The disclosure pages of other apps whose URL names resolve (others are not built yet)."""
    links = []
    for name, label, description in OPTIONAL_LINKS:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        links.append({"name": name, "url": url, "label": label, "description": description})
    return links


def _division_filter(request) -> tuple[list, str]:
    """The public divisions for the filter and the chosen code (ignored unless it is one of them)."""
    divisions = selectors.public_divisions()
    within = request.GET.get("division", "")
    if within not in {d.code for d in divisions}:
        within = ""
    return divisions, within


@public_page
def home(request):
    return _render_public(
        request,
        "portal/home.html",
        {
            "page_title": _("Public services"),
            "breadcrumbs": [(_("Public services"), None)],
            "optional_links": _optional_links(),
        },
    )


@public_page
def station_directory(request):
    divisions, within = _division_filter(request)
    stations = selectors.public_station_list(within=within)
    return _render_public(
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


@public_page
def sanction_disclosures(request):
    divisions, within = _division_filter(request)
    sanctions = selectors.published_sanctions(within=within)
    return _render_public(
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


@public_page
def pay_disclosures(request):
    divisions, within = _division_filter(request)
    disclosures = selectors.published_disclosures(within=within)
    return _render_public(
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


@public_page
def statistics(request):
    cities = selectors.public_statistics()
    return _render_public(
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


@public_page
def job_board(request):
    """SZ-05 / SM-12: published openings still taking applications; no personal data."""
    divisions, within = _division_filter(request)
    postings = recruitment_selectors.public_posting_list(within=within)
    return _render_public(
        request,
        "portal/job_board.html",
        {
            "page_title": _("Job board"),
            "breadcrumbs": _portal_crumbs((_("Job board"), None)),
            "divisions": divisions,
            "division": within,
            "page_obj": Paginator(postings, PAGE_SIZE).get_page(request.GET.get("page")),
        },
    )


@public_page
def job_detail(request, pk: int):
    try:
        posting = recruitment_selectors.public_posting_get(pk=pk)
    except (recruitment_selectors.Posting.DoesNotExist, ValueError):
        raise Http404 from None
    return _render_public(
        request,
        "portal/job_detail.html",
        {
            "page_title": posting.title,
            "breadcrumbs": _portal_crumbs(
                (_("Job board"), reverse("portal:job-board") + _lang_query()), (posting.title, None)
            ),
            "posting": posting,
        },
    )


@never_cache
@require_safe
def complaint_track(request):
    """Public lookup by tracking number: status and dates only."""
    number = request.GET.get("number", "").strip()
    tracking = selectors.complaint_tracking(number) if number else None
    return render(
        request,
        "portal/complaint_track.html",
        {
            "page_title": _("Track a complaint"),
            "breadcrumbs": _portal_crumbs((_("Track a complaint"), None)),
            "number": number,
            "tracking": tracking,
        },
        status=404 if number and tracking is None else 200,
    )
