"""Reports for reporting upward: a district's annual implementation report and its package (JN-15).

The package is one zip holding the year's reports of a district: the annual implementation report
(PDF) and the lists behind it (stations, organisations, findings) as Excel files, all read as the
person who asked for it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from shegong.accounts.scoping import scope_queryset
from shegong.geo.models import Division, subtree_q
from shegong.policy.coverage import implements

from . import selectors
from .exports import EXPORTS, export_workbook
from .pdf import render_pdf

HUIZHOU_CODE = selectors.HUIZHOU
HUIZHOU_FIRST_YEAR = 2021  # the double-hundred plan's first year (its assessments start then)


@implements("JN-15", kind="report")
def district_annual_report(*, viewer, division: Division, year: int) -> dict:
    """JN-15: what a district reports to the city for ``year``: figures as of 31 December.

    Stations and coverage, registered practitioners and certificates, projects running in the
    year, and findings by rule; every figure scoped to ``viewer``. A bounded number of queries.
    """
    from shegong.policy.models import Finding
    from shegong.procurement.models import Project

    as_of = datetime.date(year, 12, 31)
    within = division.code
    stations = selectors.station_counts(viewer=viewer, within=within, as_of=as_of)
    workforce = selectors.workforce_counts(viewer=viewer, within=within, as_of=as_of)
    projects = (
        scope_queryset(Project.objects.all(), viewer=viewer)
        .filter(
            subtree_q("purchaser_division", within),
            starts_on__lte=as_of,
            ends_on__gte=datetime.date(year, 1, 1),
        )
        .count()
    )
    findings = list(
        scope_queryset(Finding.objects.all(), viewer=viewer)
        .filter(subtree_q("division", within), first_seen__lte=as_of)
        .values("rule_id")
        .annotate(n=Count("pk"))
        .order_by("rule_id")
    )
    return {
        "division": division,
        "year": year,
        "as_of": as_of,
        "stations": stations,
        "workforce": workforce,
        "projects": projects,
        "findings": findings,
        "findings_total": sum(row["n"] for row in findings),
    }


def district_annual_report_pdf(*, viewer, division: Division, year: int) -> bytes:
    context = district_annual_report(viewer=viewer, division=division, year=year)
    context.update(
        title=_("%(division)s annual implementation report %(year)s")
        % {"division": division.name, "year": year},
        generated_on=timezone.localdate(),
    )
    return render_pdf("reports/pdf/district_annual_report.html", context)


def district_package_files(*, viewer, division: Division, year: int) -> list[tuple[str, Callable[[], bytes]]]:
    """The files of a district's package, each as (name in the zip, builder)."""

    def export(name: str, filters: dict) -> Callable[[], bytes]:
        spec = EXPORTS[name]
        applied = [(_("Division"), division.name), (_("Year"), str(year))]
        return lambda: export_workbook(spec, viewer=viewer, filters=filters, applied=applied)[0]

    report_name = _("%(division)s annual implementation report %(year)s") % {
        "division": division.name,
        "year": year,
    }
    files = [
        (
            f"{report_name}.pdf",
            lambda: district_annual_report_pdf(viewer=viewer, division=division, year=year),
        ),
        (f"{EXPORTS['stations'].title}.xlsx", export("stations", {"within": division.code})),
        (f"{EXPORTS['organizations'].title}.xlsx", export("organizations", {"within": division.code})),
        (f"{EXPORTS['findings'].title}.xlsx", export("findings", {"within": division.code})),
    ]
    if division.code.startswith(HUIZHOU_CODE) and year >= HUIZHOU_FIRST_YEAR:
        summary = huizhou_assessment_summary(viewer=viewer, within=division.code, year=year)
        files.insert(
            1, (f"{huizhou_summary_title(summary)}.pdf", lambda: huizhou_assessment_summary_pdf(summary))
        )
    return files


# Station monthly brief (JN-13) -------------------------------------------------------------------------


def _month_bounds(month: str) -> tuple[datetime.date, datetime.date]:
    """First and last day of ``YYYY-MM``; ValueError when it is not a month."""
    start = datetime.datetime.strptime(month, "%Y-%m").date()
    following = datetime.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start, following - datetime.timedelta(days=1)


@implements("JN-13", kind="report")
def station_monthly_brief(*, viewer, pk, month: str) -> dict:
    """JN-13: a station's monthly brief: staff on post and their service hours, points, households,
    cases opened and closed, visits made in the month.

    Raises ``Station.DoesNotExist`` outside the viewer's scope and ``ValueError`` for a bad month.
    Seven queries whatever the size of the station.
    """
    from django.db.models import Q, Sum

    from shegong.cases.models import Case, CaseStep, Household, Visit
    from shegong.stations.models import ServiceHours
    from shegong.stations.selectors import station_get, station_points, station_staff

    first, last = _month_bounds(month)
    station = station_get(viewer=viewer, pk=pk)
    staff = [
        s
        for s in station_staff(station=station)
        if s.on_post_from <= last and (s.left_on is None or s.left_on >= first)
    ]
    hours = dict(
        ServiceHours.objects.filter(staff__station=station, week_start__range=(first, last))
        .values("staff_id")
        .annotate(total=Sum("hours"))
        .values_list("staff_id", "total")
    )
    households = Household.objects.filter(station=station)
    cases = Case.objects.filter(household__station=station).aggregate(
        opened=Count("pk", filter=Q(opened_on__range=(first, last))),
        open=Count("pk", filter=~Q(step=CaseStep.CLOSED)),
    )
    visits = Visit.objects.filter(case__household__station=station, visited_on__range=(first, last)).count()
    return {
        "station": station,
        "month": month,
        "first": first,
        "last": last,
        "staff": [(s, hours.get(s.pk) or 0) for s in staff],
        "hours_total": sum((hours.get(s.pk) or 0) for s in staff),
        "points": list(station_points(station=station)),
        "households": households.count(),
        "cases_opened": cases["opened"],
        "cases_open": cases["open"],
        "visits": visits,
    }


# Huizhou yearly assessment summary (HZ-04) -------------------------------------------------------------


@implements("HZ-04", kind="report")
def huizhou_assessment_summary(*, viewer, within: str, year: int) -> dict:
    """HZ-04: the year's worker assessments by grade (final by 31 October or late) and the stations'
    third-party evaluations filed (due 31 December), for a Huizhou division; five queries."""
    from django.db.models import Q

    from shegong.policy.library import load_library
    from shegong.stations.models import Station, StationKind, Submission, SubmissionKind
    from shegong.workforce.models import Assessment, AssessmentGrade

    library = load_library()
    on = datetime.date(year, 12, 31)
    worker_due = library.parameter("HZ", "worker_assessment_due").value_on(on, division_code=within)
    station_due = library.parameter("HZ", "station_evaluation_due").value_on(on, division_code=within)
    if not worker_due or not station_due:
        raise ValueError("the Huizhou plan sets no assessment deadlines for this year")
    worker_deadline = datetime.date(year, *map(int, str(worker_due.value).split("-")))
    station_deadline = datetime.date(year, *map(int, str(station_due.value).split("-")))
    assessments = (
        scope_queryset(Assessment.objects.all(), viewer=viewer)
        .filter(subtree_q("practitioner__division", within), year=year)
        .values("grade")
        .annotate(
            n=Count("pk"),
            on_time=Count("pk", filter=Q(final_on__lte=worker_deadline)),
        )
    )
    by_grade = {row["grade"]: row for row in assessments}
    grades = [
        (
            grade.label,
            by_grade.get(grade.value, {}).get("n", 0),
            by_grade.get(grade.value, {}).get("on_time", 0),
        )
        for grade in AssessmentGrade
    ]
    stations = (
        scope_queryset(Station.objects.all(), viewer=viewer)
        .filter(subtree_q("division", within), kind=StationKind.TOWN_STATION, opened_on__lte=station_deadline)
        .count()
    )
    evaluations = scope_queryset(Submission.objects.all(), viewer=viewer).filter(
        subtree_q("division", within), kind=SubmissionKind.STATION_EVALUATION, period=str(year)
    )
    return {
        "year": year,
        "division": Division.objects.filter(code=within).first(),
        "grades": grades,
        "assessed": sum(n for _label, n, _on_time in grades),
        "assessed_on_time": sum(on_time for _label, _n, on_time in grades),
        "worker_deadline": worker_deadline,
        "worker_clause": worker_due.clause,
        "stations": stations,
        "evaluated": evaluations.values("station_id").distinct().count(),
        "evaluated_on_time": evaluations.filter(submitted_on__lte=station_deadline)
        .values("station_id")
        .distinct()
        .count(),
        "station_deadline": station_deadline,
    }


def huizhou_summary_title(context: dict) -> str:
    name = context["division"].name if context["division"] else ""
    return _("%(division)s yearly assessment summary %(year)s") % {"division": name, "year": context["year"]}


def huizhou_assessment_summary_pdf(context: dict) -> bytes:
    context = {**context, "title": huizhou_summary_title(context), "generated_on": timezone.localdate()}
    return render_pdf("reports/pdf/huizhou_assessment_summary.html", context)
