"""The public dashboard under the portal: counts anyone may see, cacheable like the other portal pages."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from shegong.portal.views import _portal_crumbs, _render_public, public_page

from . import charts, selectors


def _in_language(url: str) -> str:
    """``url`` with ``lang=`` while the page is not in the default language (the portal's convention)."""
    language = translation.get_language()
    if language == settings.LANGUAGE_CODE:
        return url
    return url + ("&" if "?" in url else "?") + urlencode({"lang": language})


def _directory_url(code: str = "") -> str:
    url = reverse("portal:station-directory")
    return _in_language(f"{url}?division={code}" if code else url)


@public_page
def public_dashboard(request):
    """Stations, service points, practitioners on the register and disclosed projects, and town and
    village coverage per district: no personal data, no login, cached publicly for five minutes."""
    data = selectors.public_dashboard(as_of=timezone.localdate())
    directory = _directory_url()
    # A district without a station is not a filter of the directory: its city is.
    urls = [
        _directory_url(
            row.division.code if row.division.code in data.station_districts else row.division.code[:4]
        )
        for row in data.coverage
    ]
    figures = [
        selectors.Bar(_("Town stations"), data.town_stations, directory),
        selectors.Bar(_("District hubs"), data.district_hubs, directory),
        selectors.Bar(_("Service points"), data.service_points, directory),
        selectors.Bar(
            _("Projects with published results"),
            data.projects_disclosed,
            _in_language(reverse("procurement:public-evaluations")),
        ),
    ]
    chart_data = {"figures": charts.bar_chart(_("Number"), figures)}
    coverage_alt = ""
    if data.coverage:
        chart_data["coverage"] = charts.coverage_chart(data.coverage, urls)
        coverage_alt = charts.public_coverage_alt(data.coverage)
    title = _("Social work in figures")
    return _render_public(
        request,
        "reports/public_dashboard.html",
        {
            "page_title": title,
            "breadcrumbs": _portal_crumbs((title, None)),
            "dashboard": data,
            "figures": figures,
            "figures_alt": charts.bars_alt(title, figures),
            "rows": list(zip(data.coverage, urls, strict=True)),
            "coverage_alt": coverage_alt,
            "charts": chart_data,
        },
    )
