"""Chart data for the dashboard: plain JSON the static script draws with ECharts.

Each chart carries its own alt text; every bar carries the URL of the list behind it, so a click on
a bar opens that list (the same links as the table view under the chart).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from .selectors import Dashboard


def dashboard_charts(dashboard: Dashboard) -> dict:
    charts = {}
    if dashboard.targets:
        charts["targets"] = {
            "series": [_("Share of the target reached (%)")],
            "categories": [
                f"{t.spec_id} {t.label}" + (f" ({t.deadline:%Y})" if t.deadline else "")
                for t in dashboard.targets
            ],
            "values": [[t.percent for t in dashboard.targets]],
            "urls": [t.url for t in dashboard.targets],
            "max": 100,
            "unit": "%",  # the bars show the share of the target reached, the table the counts
        }
    if dashboard.findings:
        charts["findings"] = {
            "series": [_("Open findings")],
            "categories": [row.rule_id for row in dashboard.findings],
            "values": [[row.count for row in dashboard.findings]],
            "urls": [row.url for row in dashboard.findings],
        }
    coverage = dashboard.coverage
    if coverage and coverage.rows:
        charts["coverage"] = coverage_chart(
            coverage.rows,
            [reverse("stations:coverage-division", args=[row.division.code]) for row in coverage.rows],
        )
    for key, _title, series, bars in bar_sections(dashboard):
        charts[key] = bar_chart(series, bars)
    if dashboard.phases:
        charts["phases"] = {
            "kind": "timeline",
            "categories": [phase.name for phase in dashboard.phases],
            "items": [
                [n, f"{phase.starts_on:%Y-%m-%d}", f"{phase.ends_on:%Y-%m-%d}", phase.state]
                for n, phase in enumerate(dashboard.phases)
            ],
            "urls": [phase.url for phase in dashboard.phases],
            "today": f"{dashboard.as_of:%Y-%m-%d}",
        }
    return charts


def bar_sections(dashboard: Dashboard) -> list[tuple[str, str, str, list]]:
    """The bar-chart sections the dashboard has data for: (key, title, series name, bars)."""
    sections = (
        ("filings", _("Plans and reports due this year"), _("Plans and reports"), dashboard.filings),
        (
            "service_hours",
            _("Service hours of the staff in the last weeks"),
            _("Service hours"),
            dashboard.service_hours,
        ),
        ("projects", _("Projects running by service domain"), _("Projects"), dashboard.projects),
        ("trend", _("Findings over time (at each recorded scan)"), _("Findings open"), dashboard.trend),
        (
            "training_hours",
            _("Practitioners by training hours this year"),
            _("Practitioners"),
            dashboard.training_hours,
        ),
        (
            "caseload",
            _("Households, open cases and overdue visits")
            if dashboard.level == "town"
            else _("Open cases and overdue visits"),
            _("Cases"),
            dashboard.caseload,
        ),
        ("budgets", _("Project budgets against the 85/15 labour-cost rule"), _("Budgets"), dashboard.budgets),
    )
    return [(key, str(title), str(series), bars) for key, title, series, bars in sections if bars]


def bar_chart(series: str, bars) -> dict:
    """A one-series horizontal bar chart whose bars open the lists behind them."""
    return {
        "series": [series],
        "categories": [bar.label for bar in bars],
        "values": [[bar.count for bar in bars]],
        "urls": [bar.url for bar in bars],
    }


def coverage_chart(rows, urls: list[str]) -> dict:
    """Towns with and without a station per division, stacked; each bar opens ``urls[n]``."""
    return {
        "series": [_("Towns with a station"), _("Towns without a station")],
        "categories": [row.division.name for row in rows],
        "values": [
            [row.towns_with_station for row in rows],
            [row.towns_without_station for row in rows],
        ],
        "urls": urls,
        "stacked": True,
    }


def bars_alt(title: str, bars) -> str:
    """Alt text of a bar chart: its title and every bar's label and number."""
    return _("%(title)s: %(rows)s.") % {
        "title": title,
        "rows": _(", ").join(f"{bar.label} {bar.count}" for bar in bars),
    }


def phases_alt(dashboard: Dashboard) -> str:
    return _("Timeline of the phases: %(rows)s.") % {
        "rows": _(", ").join(
            f"{phase.name} {phase.starts_on:%Y-%m-%d}–{phase.ends_on:%Y-%m-%d}" for phase in dashboard.phases
        )
    }


def targets_alt(dashboard: Dashboard) -> str:
    """Alt text of the targets chart: every target's figure in one sentence each."""
    return " ".join(
        (
            _("%(label)s: %(actual)s of %(goal)s by %(deadline)s.")
            % {"label": t.label, "actual": t.actual, "goal": t.goal, "deadline": f"{t.deadline:%Y-%m-%d}"}
            if t.deadline
            else _("%(label)s: %(actual)s of %(goal)s.")
            % {"label": t.label, "actual": t.actual, "goal": t.goal}
        )
        for t in dashboard.targets
    )


def findings_alt(dashboard: Dashboard) -> str:
    return _("Bar chart of open findings by rule, %(total)s in all: %(rows)s.") % {
        "total": dashboard.findings_total,
        "rows": _(", ").join(f"{row.rule_id} {row.count}" for row in dashboard.findings),
    }


def coverage_alt(dashboard: Dashboard) -> str:
    total = dashboard.coverage.total
    return _(
        "Stacked bar chart of towns with and without a station per division: %(with)s of %(towns)s towns."
    ) % {
        "with": total.towns_with_station,
        "towns": total.towns,
    }


def public_coverage_alt(rows) -> str:
    """Alt text of the public coverage chart: every district's towns with a station out of its towns."""
    return _("Stacked bar chart of towns with and without a station per district: %(rows)s.") % {
        "rows": _(", ").join(
            _("%(name)s %(with)s of %(towns)s")
            % {"name": row.division.name, "with": row.towns_with_station, "towns": row.towns}
            for row in rows
        )
    }
