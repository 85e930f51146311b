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
        charts["coverage"] = {
            "series": [_("Towns with a station"), _("Towns without a station")],
            "categories": [row.division.name for row in coverage.rows],
            "values": [
                [row.towns_with_station for row in coverage.rows],
                [row.towns_without_station for row in coverage.rows],
            ],
            "urls": [
                reverse("stations:coverage-division", args=[row.division.code]) for row in coverage.rows
            ],
            "stacked": True,
        }
    for key, series, bars in (
        ("trend", _("Findings open"), dashboard.trend),
        ("training_hours", _("Practitioners"), dashboard.training_hours),
        ("caseload", _("Cases"), dashboard.caseload),
        ("budgets", _("Budgets"), dashboard.budgets),
    ):
        if bars:
            charts[key] = {
                "series": [series],
                "categories": [bar.label for bar in bars],
                "values": [[bar.count for bar in bars]],
                "urls": [bar.url for bar in bars],
            }
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
