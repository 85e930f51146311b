"""Due dates of plans and reports, computed from the dated parameters (JN-09, JN-13, JN-15, HZ-09).

- JN-09: a Jinan district files its annual station plan with the city by ``annual_plan_due`` (03-31).
- JN-15: a Jinan district reports implementation to the city by ``implementation_report_due`` (11-30).
- JN-13: a Jinan station's provider files a brief for every month of the service contract, a mid-term
  report after half of its term and a final report at its end, each ``report_due_days`` after the end of
  its period (the text says "on time"; the number of days is a platform default).
- HZ-09: a Huizhou county files its pay measures with the city by ``pay_measures_filing_deadline``.
- HZ-04: every Huizhou station open on the due date has its yearly third-party evaluation by
  ``station_evaluation_due`` (12-31); the district files the result for the station.

The rules and the deadline calendar share these functions; both pass a ``lookup(prefix, key, code)``
that returns a parameter's value (or ``None`` where it has none), so neither reads "today".
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from shegong.common.periods import add_months
from shegong.policy.library import load_library

from .models import DISTRICT_KINDS, STATION_KINDS, Station, Submission, SubmissionKind

Lookup = Callable[[str, str, str], object]

JINAN_CODE = "3701"
HUIZHOU_CODE = "4413"

# kind → (document prefix, SPEC ID, clause of the duty)
DUTY = {
    SubmissionKind.ANNUAL_PLAN: ("JN", "JN-09", "四(一)"),
    SubmissionKind.IMPLEMENTATION_REPORT: ("JN", "JN-15", "四(五)"),
    SubmissionKind.MONTHLY_BRIEF: ("JN", "JN-13", "四(四)"),
    SubmissionKind.MID_TERM_REPORT: ("JN", "JN-13", "四(四)"),
    SubmissionKind.FINAL_REPORT: ("JN", "JN-13", "四(四)"),
    SubmissionKind.PAY_MEASURES: ("HZ", "HZ-09", "五(一)三"),
    SubmissionKind.STATION_EVALUATION: ("HZ", "HZ-04", "四(二)三"),
}
# Yearly filings: the month-day parameter of each.
ANNUAL_DUE = {
    SubmissionKind.ANNUAL_PLAN: "annual_plan_due",
    SubmissionKind.IMPLEMENTATION_REPORT: "implementation_report_due",
}


class Status:
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"  # the due date has passed and nothing was filed
    UPCOMING = "upcoming"


@dataclass
class DueItem:
    """One plan or report somebody must file, with its due date and what was filed for it."""

    kind: str
    division_id: str
    division_name: str
    station: Station | None
    period: str
    due_on: datetime.date
    submission: Submission | None = None

    @property
    def key(self) -> tuple:
        return (self.kind, self.station.pk if self.station else self.division_id, self.period)

    @property
    def spec_id(self) -> str:
        return DUTY[self.kind][1]

    @property
    def clause(self) -> str:
        return DUTY[self.kind][2]

    @property
    def kind_label(self) -> str:
        return str(SubmissionKind(self.kind).label)

    @property
    def owner_name(self) -> str:
        return self.station.name if self.station else self.division_name

    def status(self, as_of: datetime.date) -> str:
        if self.submission is not None:
            return Status.LATE if self.submission.submitted_on > self.due_on else Status.ON_TIME
        return Status.MISSING if as_of > self.due_on else Status.UPCOMING


def library_lookup(on: datetime.date) -> Lookup:
    """Read parameters from the policy library as of ``on``."""

    def lookup(prefix: str, key: str, code: str):
        found = load_library().parameter(prefix, key).value_on(on, division_code=code)
        return found.value if found else None

    return lookup


def month_day(value: str, year: int) -> datetime.date:
    month, day = (int(part) for part in value.split("-"))
    return datetime.date(year, month, day)


def _in_force(prefix: str, day: datetime.date) -> bool:
    return load_library().document(prefix).status_on(day).in_force


def district_items(
    districts: Iterable,
    *,
    start: datetime.date,
    end: datetime.date,
    lookup: Lookup,
    kinds: Iterable[str] = DISTRICT_KINDS,
) -> list[DueItem]:
    """Filings of districts (``geo.Division`` rows) due from ``start`` to ``end`` inclusive."""
    kinds = set(kinds)
    items = []
    for district in districts:
        code = district.code
        if code.startswith(JINAN_CODE):
            for kind, key in ANNUAL_DUE.items():
                if kind not in kinds:
                    continue
                value = lookup("JN", key, code)
                if value is None:
                    continue
                for year in range(start.year, end.year + 1):
                    due = month_day(value, year)
                    if start <= due <= end and _in_force("JN", due):
                        items.append(DueItem(kind, code, district.name, None, str(year), due))
        if code.startswith(HUIZHOU_CODE) and SubmissionKind.PAY_MEASURES in kinds:
            due = lookup("HZ", "pay_measures_filing_deadline", code)
            if due is not None and start <= due <= end:
                items.append(
                    DueItem(SubmissionKind.PAY_MEASURES, code, district.name, None, str(due.year), due)
                )
    return items


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def station_items(
    stations: Iterable[Station], *, start: datetime.date, end: datetime.date, lookup: Lookup
) -> list[DueItem]:
    """Briefs and reports of Jinan stations with a service contract, and yearly evaluations of Huizhou
    stations, due from ``start`` to ``end``."""
    items = []
    for station in stations:
        signed = station.service_contract_signed_on
        code = station.division_id
        if code.startswith(HUIZHOU_CODE):
            items += _evaluation_items(station, start=start, end=end, lookup=lookup)
            continue
        if signed is None or not code.startswith(JINAN_CODE):
            continue
        days = lookup("JN", "report_due_days", code)
        term_years = lookup("JN", "contract_term", code)
        if days is None or term_years is None:
            continue
        grace = datetime.timedelta(days=days)
        contract_end = add_months(signed, 12 * term_years) - datetime.timedelta(days=1)
        periods = []
        month = datetime.date(signed.year, signed.month, 1)
        while month <= contract_end and month <= end:
            periods.append(
                (SubmissionKind.MONTHLY_BRIEF, month.strftime("%Y-%m"), _month_end(month.year, month.month))
            )
            month = add_months(month, 1)
        contract = signed.strftime("%Y-%m")
        half = add_months(signed, 6 * term_years) - datetime.timedelta(days=1)
        periods.append((SubmissionKind.MID_TERM_REPORT, contract, half))
        periods.append((SubmissionKind.FINAL_REPORT, contract, contract_end))
        for kind, period, period_end in periods:
            due = period_end + grace
            if start <= due <= end:
                items.append(DueItem(kind, code, station.division.name, station, period, due))
    return items


def _evaluation_items(station: Station, *, start, end, lookup: Lookup) -> list[DueItem]:
    """HZ-04: one third-party evaluation a year for a station open on the year's due date."""
    value = lookup("HZ", "station_evaluation_due", station.division_id)
    if value is None:
        return []
    items = []
    for year in range(start.year, end.year + 1):
        due = month_day(value, year)
        if start <= due <= end and station.opened_on <= due and _in_force("HZ", due):
            items.append(
                DueItem(
                    SubmissionKind.STATION_EVALUATION,
                    station.division_id,
                    station.division.name,
                    station,
                    str(year),
                    due,
                )
            )
    return items


def attach(items: list[DueItem], submissions: Iterable[Submission]) -> list[DueItem]:
    """Give each item the submission filed for it (same kind, district or station, period)."""
    filed = {}
    for submission in submissions:
        owner = submission.station_id if submission.station_id else submission.division_id
        filed[(submission.kind, owner, submission.period)] = submission
    for item in items:
        item.submission = filed.get(item.key)
    return sorted(items, key=lambda item: (item.due_on, item.owner_name, item.kind))


def due_on_for(
    *, kind: str, division_code: str, station: Station | None, period: str
) -> datetime.date | None:
    """The due date of one filing, or ``None`` when nothing of that kind is due for that period."""
    lookup = library_lookup(_period_day(kind, period))
    whole_range = {"start": datetime.date(1900, 1, 1), "end": datetime.date(2999, 12, 31)}
    if kind in STATION_KINDS:
        candidates = station_items([station], lookup=lookup, **whole_range) if station else []
    else:
        from shegong.geo.models import Division

        district = Division(code=division_code, name="")
        if kind in ANNUAL_DUE:
            year = int(period[:4])
            whole_range = {"start": datetime.date(year, 1, 1), "end": datetime.date(year, 12, 31)}
        candidates = district_items([district], lookup=lookup, kinds=[kind], **whole_range)
    for item in candidates:
        if item.kind == kind and item.period == period:
            return item.due_on
    return None


def _period_day(kind: str, period: str) -> datetime.date:
    """A day inside the period, to read the parameters in force then."""
    year = int(period[:4])
    if kind == SubmissionKind.STATION_EVALUATION:
        return datetime.date(year, 12, 31)
    if kind in STATION_KINDS or kind == SubmissionKind.PAY_MEASURES:
        month = int(period[5:7]) if len(period) == 7 else 7
        return datetime.date(year, month, 1) + datetime.timedelta(days=27)
    return datetime.date(year, 12, 31)
