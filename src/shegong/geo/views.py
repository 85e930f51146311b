"""Division browser pages: the loaded provinces, drill-down to villages, search by name.

A click on a division swaps the browser panel by htmx (the breadcrumbs follow out of band); without
JavaScript the same links load the full page.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import selectors
from .api import code_validator
from .models import Division

PAGE_SIZE = 100


def _is_fragment_request(request) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def _render(request, context):
    """Render the full page, or only the browser panel for an htmx drill-down."""
    template = "geo/_division_panel.html" if _is_fragment_request(request) else "geo/division_browser.html"
    context["fragment"] = template.startswith("geo/_")
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _valid_code(value: str) -> str:
    """Return ``value`` if it is a division code, else ``""`` (a bad ``within`` searches everywhere)."""
    try:
        code_validator(value)
    except ValidationError:
        return ""
    return value


def _rows(request, divisions, page_number):
    """Return the page of ``divisions`` and its rows with counts (one grouped query per level)."""
    page = Paginator(divisions, PAGE_SIZE).get_page(page_number)
    summaries = selectors.division_summaries(viewer=request.user, divisions=page.object_list)
    return page, [(division, summaries[division.code]) for division in page.object_list]


@require_GET
@login_required
def division_list(request):
    """List the top of the loaded tree (provinces), or the divisions whose name contains ``q``."""
    q = request.GET.get("q", "").strip()
    within = _valid_code(request.GET.get("within", "").strip())
    list_url = reverse("geo:division-list")
    context = {"q": q, "within": within, "division": None}
    if q:
        matches = selectors.division_list(viewer=request.user, q=q, within=within or None)
        page, rows = _rows(request, matches, request.GET.get("page"))
        paths = selectors.division_ancestors_of_many(viewer=request.user, codes=[d.code for d, _s in rows])
        context.update(
            page_title=_("Divisions named “%(q)s”") % {"q": q},
            breadcrumbs=[(_("Divisions"), list_url), (_("Search"), None)],
            page_obj=page,
            rows=[(division, summary, paths[division.code]) for division, summary in rows],
            searching=True,
        )
    else:
        page, rows = _rows(request, selectors.division_roots(viewer=request.user), request.GET.get("page"))
        context.update(
            page_title=_("Divisions"),
            breadcrumbs=[(_("Divisions"), None)],
            page_obj=page,
            rows=[(division, summary, []) for division, summary in rows],
            searching=False,
        )
    return _render(request, context)


@require_GET
@login_required
def division_detail(request, code):
    """Show a division, its breadcrumbs (ancestors) and its children with their counts."""
    try:
        division = selectors.division_get(viewer=request.user, code=code)
    except Division.DoesNotExist:
        raise Http404 from None
    ancestors = selectors.division_ancestors(viewer=request.user, division=division)
    children = selectors.division_children(viewer=request.user, division=division)
    page, rows = _rows(request, children, request.GET.get("page"))
    summary = selectors.division_summaries(viewer=request.user, divisions=[division])[division.code]
    breadcrumbs = [(_("Divisions"), reverse("geo:division-list"))]
    breadcrumbs += [(a.name, reverse("geo:division-detail", args=[a.code])) for a in ancestors]
    breadcrumbs.append((division.name, None))
    return _render(
        request,
        {
            "page_title": division.name,
            "breadcrumbs": breadcrumbs,
            "division": division,
            "summary": summary,
            "ancestors": ancestors,
            "page_obj": page,
            "rows": [(child, child_summary, []) for child, child_summary in rows],
            "q": "",
            "within": division.code,
            "searching": False,
        },
    )
