"""Reads for dashboards and reports: policy targets against the data, findings and coverage.

Other apps are read through their selectors; where a figure needs a query they do not offer, it is
written here over their models, set-based (one query per figure, never per row), and scoped through
:func:`shegong.accounts.scoping.scope_queryset`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from shegong.accounts.scoping import scope_queryset
from shegong.geo.models import Division, DivisionLevel, subtree_q
from shegong.policy.coverage import implements
from shegong.policy.selectors import finding_counts_by_rule
from shegong.stations import selectors as stations_selectors
from shegong.stations.models import ServicePoint, Station, StationKind
from shegong.workforce.models import (
    Certificate,
    CertificateLevel,
    FilingState,
    FilingTransition,
    Practitioner,
)

SANMING = "3504"
JINAN = "3701"
HUIZHOU = "4413"
SHENZHEN = "4403"

# Filing states that count as "on the register" for the workforce targets: filed, or filed and
# suspended (a suspension is a disciplinary state, the person stays a registered professional).
REGISTERED_STATES = (FilingState.FILED, FilingState.SUSPENDED)


@dataclass(frozen=True)
class TargetFigure:
    """One policy target: the figure computed from the data as of a date beside the plan's figure."""

    spec_id: str
    label: str
    actual: int
    goal: int
    deadline: datetime.date | None
    document_title: str
    clause: str
    url: str  # the list behind ``actual``
    note: str = ""
    at_most: bool = False  # a ceiling (e.g. organisations left to weed out), not a floor

    @property
    def met(self) -> bool:
        return self.actual <= self.goal if self.at_most else self.actual >= self.goal

    @property
    def percent(self) -> int:
        if self.at_most:
            return 100 if self.met else 0
        return min(100, self.actual * 100 // self.goal) if self.goal else 100


def _title(document) -> str:
    return document.title_en if (get_language() or "").startswith("en") else document.title


def _registered_on(as_of: datetime.date) -> Subquery:
    """The filing state of the outer practitioner on ``as_of``, from the filing history."""
    history = FilingTransition.objects.filter(practitioner=OuterRef("pk"), effective_on__lte=as_of)
    return Subquery(history.order_by("-effective_on", "-id").values("to_state")[:1])


def _holds(level: str, as_of: datetime.date) -> Exists:
    return Exists(Certificate.objects.filter(practitioner=OuterRef("pk"), level=level, issued_on__lte=as_of))


def workforce_counts(*, viewer, within: str, as_of: datetime.date) -> dict[str, int]:
    """Registered practitioners of ``within`` on ``as_of``, and those holding an intermediate / senior
    certificate issued by that day; one query."""
    qs = (
        scope_queryset(Practitioner.objects.filter(subtree_q("division", within)), viewer=viewer)
        .annotate(state_on=_registered_on(as_of))
        .filter(state_on__in=REGISTERED_STATES)
    )
    return qs.aggregate(
        professionals=Count("pk"),
        intermediate=Count("pk", filter=_holds(CertificateLevel.INTERMEDIATE, as_of)),
        senior=Count("pk", filter=_holds(CertificateLevel.SENIOR, as_of)),
    )


def _list_url(name: str, **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v})
    return f"{reverse(name)}?{query}" if query else reverse(name)


@implements("SM-01", kind="target")
def sanming_workforce_targets(*, viewer, as_of: datetime.date) -> list[TargetFigure]:
    """SM-01: 1,000 professionals (150 intermediate) by 2015; 5,000 (500 intermediate, 20 senior) by 2020.

    Professionals are practitioners of Sanming on the register on ``as_of`` (filed or suspended, from
    the filing history); intermediate and senior are those of them holding a certificate of that level
    issued on or before ``as_of``. The plan's figures and deadlines come from the policy parameters.
    """
    from shegong.policy.library import load_library

    library = load_library()
    document = library.document("SM")
    counts = workforce_counts(viewer=viewer, within=SANMING, as_of=as_of)
    goals = (
        (
            "professionals_target_2015",
            "professionals",
            "target_2015_deadline",
            "",
            _("Social work professionals"),
        ),
        (
            "intermediate_target_2015",
            "intermediate",
            "target_2015_deadline",
            CertificateLevel.INTERMEDIATE,
            _("Intermediate social work professionals"),
        ),
        (
            "professionals_target_2020",
            "professionals",
            "target_2020_deadline",
            "",
            _("Social work professionals"),
        ),
        (
            "intermediate_target_2020",
            "intermediate",
            "target_2020_deadline",
            CertificateLevel.INTERMEDIATE,
            _("Intermediate social work professionals"),
        ),
        (
            "senior_target_2020",
            "senior",
            "target_2020_deadline",
            CertificateLevel.SENIOR,
            _("Senior social work professionals"),
        ),
    )
    figures = []
    for key, count, deadline_key, level, label in goals:
        goal = library.parameter("SM", key).value_on(as_of, division_code=SANMING)
        deadline = library.parameter("SM", deadline_key).value_on(as_of, division_code=SANMING)
        if not goal or not deadline:
            continue
        figures.append(
            TargetFigure(
                spec_id="SM-01",
                label=label,
                actual=counts[count],
                goal=goal.value,
                deadline=deadline.value,
                document_title=_title(document),
                clause=goal.clause,
                url=_list_url(
                    "workforce:practitioner-list", within=SANMING, level=level, state=FilingState.FILED
                ),
            )
        )
    return figures


def station_counts(*, viewer, within: str, as_of: datetime.date) -> dict[str, int]:
    """Towns and villages of ``within`` (division data) and those covered on ``as_of``: towns with a
    town station opened by that day, villages served by a point opened by that day; four queries."""
    stations = scope_queryset(
        Station.objects.filter(kind=StationKind.TOWN_STATION, opened_on__lte=as_of), viewer=viewer
    ).filter(subtree_q("division", within))
    divisions = Division.objects.filter(subtree_q("code", within))
    links = ServicePoint.villages.through.objects.filter(
        subtree_q("division", within),
        servicepoint__station__in=stations,
        servicepoint__opened_on__lte=as_of,
    )
    return {
        "towns": divisions.filter(level=DivisionLevel.TOWN).count(),
        "towns_with_station": stations.values("division_id").distinct().count(),
        "villages": divisions.filter(level=DivisionLevel.VILLAGE).count(),
        "villages_served": links.values("division_id").distinct().count(),
    }


def _plan_note(planned: int, counted: int) -> str:
    return _("The plan counts %(planned)s; the division data counts %(counted)s.") % {
        "planned": planned,
        "counted": counted,
    }


@implements("JN-01", kind="target")
def jinan_station_target(*, viewer, as_of: datetime.date) -> list[TargetFigure]:
    """JN-01: a station in every street and town of Jinan within 2021 (the plan counts 161).

    The goal is the number of towns in the loaded division data; the plan's 161 is shown beside it.
    """
    from shegong.policy.library import load_library

    library = load_library()
    planned = library.parameter("JN", "station_target").value_on(as_of, division_code=JINAN)
    deadline = library.parameter("JN", "station_coverage_deadline").value_on(as_of, division_code=JINAN)
    if not planned or not deadline:
        return []
    counts = station_counts(viewer=viewer, within=JINAN, as_of=as_of)
    return [
        TargetFigure(
            spec_id="JN-01",
            label=_("Streets and towns of Jinan with a station"),
            actual=counts["towns_with_station"],
            goal=counts["towns"],
            deadline=deadline.value,
            document_title=_title(library.document("JN")),
            clause=planned.clause,
            url=reverse("stations:coverage-division", args=[JINAN]),
            note=_plan_note(planned.value, counts["towns"]),
        )
    ]


@implements("HZ-01", kind="target")
def huizhou_station_target(*, viewer, as_of: datetime.date) -> list[TargetFigure]:
    """HZ-01: stations in all 72 Huizhou towns by the end of 2021, points serving every village by end 2022."""
    from shegong.policy.library import load_library

    library = load_library()
    planned = library.parameter("HZ", "town_station_target").value_on(as_of, division_code=HUIZHOU)
    towns_due = library.parameter("HZ", "station_target_deadline").value_on(as_of, division_code=HUIZHOU)
    villages_due = library.parameter("HZ", "service_point_coverage_deadline").value_on(
        as_of, division_code=HUIZHOU
    )
    if not planned or not towns_due or not villages_due:
        return []
    counts = station_counts(viewer=viewer, within=HUIZHOU, as_of=as_of)
    title = _title(library.document("HZ"))
    url = reverse("stations:coverage-division", args=[HUIZHOU])
    return [
        TargetFigure(
            spec_id="HZ-01",
            label=_("Towns of Huizhou with a station"),
            actual=counts["towns_with_station"],
            goal=counts["towns"],
            deadline=towns_due.value,
            document_title=title,
            clause=planned.clause,
            url=url,
            note=_plan_note(planned.value, counts["towns"]),
        ),
        TargetFigure(
            spec_id="HZ-01",
            label=_("Villages of Huizhou served by a service point"),
            actual=counts["villages_served"],
            goal=counts["villages"],
            deadline=villages_due.value,
            document_title=title,
            clause=villages_due.clause,
            url=url,
        ),
    ]


def _value(library, doc: str, key: str, as_of: datetime.date, city: str):
    return library.parameter(doc, key).value_on(as_of, division_code=city)


def _active_on(as_of: datetime.date, *, start: str, end: str) -> Q:
    return Q(**{f"{start}__lte": as_of}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": as_of}))


@implements("SM-02", kind="target")
def sanming_training_base_target(*, viewer, as_of: datetime.date) -> list[TargetFigure]:
    """SM-02: one to two social work training bases in every county of Sanming.

    A county counts when at least the minimum number of bases were designated by ``as_of`` and not
    closed by then; counties above the maximum are named in the note. Two queries.
    """
    from shegong.policy.library import load_library
    from shegong.stations.models import TrainingBase

    library = load_library()
    low = _value(library, "SM", "training_bases_per_county_min", as_of, SANMING)
    high = _value(library, "SM", "training_bases_per_county_max", as_of, SANMING)
    if not low or not high:
        return []
    counties = Division.objects.filter(subtree_q("code", SANMING), level=DivisionLevel.DISTRICT).count()
    per_county = (
        scope_queryset(TrainingBase.objects.all(), viewer=viewer)
        .filter(subtree_q("division", SANMING))
        .filter(_active_on(as_of, start="designated_on", end="closed_on"))
        .values("division_id")
        .annotate(n=Count("pk"))
        .values_list("division_id", "n")
    )
    counts = dict(per_county)
    note = ""
    above = sum(1 for n in counts.values() if n > high.value)
    if above:
        note = _("%(count)s counties have more than %(max)s bases.") % {"count": above, "max": high.value}
    return [
        TargetFigure(
            spec_id="SM-02",
            label=_("Counties of Sanming with a training base"),
            actual=sum(1 for n in counts.values() if n >= low.value),
            goal=counties,
            deadline=None,
            document_title=_title(library.document("SM")),
            clause=low.clause,
            url=_list_url("stations:designation-list", within=SANMING),
            note=note,
        )
    ]


URBAN_COMMUNITY_MARK = "社区"


def urban_community_counts(*, viewer, within: str, as_of: datetime.date) -> dict[str, int]:
    """Urban communities of ``within`` and those with a certified social worker on post on ``as_of``.

    An urban community is a village-level division whose name contains 社区 (…社区居民委员会). It is
    staffed when someone on post that day at a station (a staff row linked to a practitioner holding
    a certificate issued by then) serves it: assigned to a service point open that day whose villages
    include the community, or assigned to the town station of the community's town without a point.
    One query.
    """
    from shegong.stations.models import StationStaff

    certified = Exists(
        Certificate.objects.filter(practitioner=OuterRef("practitioner"), issued_on__lte=as_of)
    )
    staff = scope_queryset(StationStaff.objects.all(), viewer=viewer).filter(
        Q(on_post_from__lte=as_of) & (Q(left_on__isnull=True) | Q(left_on__gte=as_of)),
        certified,
        station__opened_on__lte=as_of,
    )
    via_point = Exists(
        staff.filter(service_point__villages=OuterRef("pk"), service_point__opened_on__lte=as_of)
    )
    via_station = Exists(staff.filter(service_point__isnull=True, station__division=OuterRef("parent")))
    communities = Division.objects.filter(
        subtree_q("code", within), level=DivisionLevel.VILLAGE, name__contains=URBAN_COMMUNITY_MARK
    ).annotate(via_point=via_point, via_station=via_station)
    return communities.aggregate(
        communities=Count("pk"), staffed=Count("pk", filter=Q(via_point=True) | Q(via_station=True))
    )


@implements("SM-04", kind="target")
def sanming_urban_community_target(*, viewer, as_of: datetime.date) -> list[TargetFigure]:
    """SM-04: at least one professional social worker in every urban community of Sanming by 2015."""
    from shegong.policy.library import load_library

    library = load_library()
    minimum = _value(library, "SM", "urban_community_social_workers_min", as_of, SANMING)
    deadline = _value(library, "SM", "urban_community_staffing_deadline", as_of, SANMING)
    if not minimum or not deadline:
        return []
    counts = urban_community_counts(viewer=viewer, within=SANMING, as_of=as_of)
    return [
        TargetFigure(
            spec_id="SM-04",
            label=_("Urban communities of Sanming with a certified social worker"),
            actual=counts["staffed"],
            goal=counts["communities"],
            deadline=deadline.value,
            document_title=_title(library.document("SM")),
            clause=minimum.clause,
            url=reverse("stations:coverage-division", args=[SANMING]),
        )
    ]


@implements("SM-05", kind="target")
def sanming_organization_target(*, viewer, as_of: datetime.date) -> list[TargetFigure]:
    """SM-05: 12 public-interest social organisations and social-work agencies in Sanming by 2015.

    Counted by :func:`shegong.organizations.selectors.public_interest_organization_count`: registered
    by ``as_of``, not revoked by then, recognised as public-interest or a social-work agency.
    """
    from shegong.organizations.selectors import public_interest_organization_count
    from shegong.policy.library import load_library

    library = load_library()
    goal = _value(library, "SM", "organisations_target_2015", as_of, SANMING)
    deadline = _value(library, "SM", "organisations_target_deadline", as_of, SANMING)
    if not goal or not deadline:
        return []
    return [
        TargetFigure(
            spec_id="SM-05",
            label=_("Public-interest organisations and social-work agencies of Sanming"),
            actual=public_interest_organization_count(within=SANMING, as_of=as_of),
            goal=goal.value,
            deadline=deadline.value,
            document_title=_title(library.document("SM")),
            clause=goal.clause,
            url=_list_url("organizations:organization-list", within=SANMING),
        )
    ]


@implements("SM-13", kind="target")
def sanming_pilot_target(*, viewer, as_of: datetime.date) -> list[TargetFigure]:
    """SM-13: one provincial and three municipal pilot sites in Sanming by 2015 (designated by ``as_of``)."""
    from shegong.policy.library import load_library
    from shegong.stations.models import PilotLevel, PilotSite

    library = load_library()
    deadline = _value(library, "SM", "pilots_deadline", as_of, SANMING)
    goals = (
        (PilotLevel.PROVINCIAL, "provincial_pilots_target", _("Provincial pilot sites in Sanming")),
        (PilotLevel.MUNICIPAL, "municipal_pilots_target", _("Municipal pilot sites in Sanming")),
    )
    if not deadline:
        return []
    counts = dict(
        scope_queryset(PilotSite.objects.all(), viewer=viewer)
        .filter(subtree_q("division", SANMING), designated_on__lte=as_of)
        .values("level")
        .annotate(n=Count("pk"))
        .values_list("level", "n")
    )
    figures = []
    for level, key, label in goals:
        goal = _value(library, "SM", key, as_of, SANMING)
        if goal:
            figures.append(
                TargetFigure(
                    spec_id="SM-13",
                    label=label,
                    actual=counts.get(level, 0),
                    goal=goal.value,
                    deadline=deadline.value,
                    document_title=_title(library.document("SM")),
                    clause=goal.clause,
                    url=_list_url("stations:designation-list", within=SANMING),
                )
            )
    return figures


@implements("SZ-15d", kind="target")
def shenzhen_weeding_target(*, viewer, as_of: datetime.date) -> list[TargetFigure]:
    """SZ-15d: within 3–5 years weed out poorly governed, low-quality or long-inactive organisations.

    The figure is the number of weeding-out candidates on ``as_of`` from
    :func:`shegong.organizations.selectors.weeding_out_candidates` (no activity for the parameter
    months, an unqualified evaluation, or repeated findings); the goal is none left by the end of
    the longest period the measures allow, counted from the day they came into force.
    """
    from shegong.common.periods import add_months
    from shegong.organizations.selectors import WEEDING_DOCUMENT, weeding_out_candidates
    from shegong.policy.library import load_library

    library = load_library()
    document = library.document(WEEDING_DOCUMENT)
    years = _value(library, WEEDING_DOCUMENT, "organisation_weeding_period_max", as_of, SHENZHEN)
    if not years or not document.in_force_from:
        return []
    return [
        TargetFigure(
            spec_id="SZ-15d",
            label=_("Organisations of Shenzhen to consider weeding out"),
            actual=len(weeding_out_candidates(viewer=viewer, as_of=as_of)),
            goal=0,
            deadline=add_months(document.in_force_from, 12 * years.value) - datetime.timedelta(days=1),
            document_title=_title(document),
            clause=years.clause,
            url=_list_url("organizations:weeding-list", as_of=as_of.isoformat()),
            at_most=True,
        )
    ]


def _sees_whole(viewer, city: str) -> bool:
    if viewer.is_system_admin:
        return True
    return bool(viewer.division_id) and city.startswith(viewer.division_id)


def dashboard_targets(*, viewer, as_of: datetime.date) -> list[TargetFigure]:
    """The targets of every city the viewer sees whole (a city officer: their city; an admin: all)."""
    figures = []
    if _sees_whole(viewer, SANMING):
        figures += sanming_workforce_targets(viewer=viewer, as_of=as_of)
        figures += sanming_training_base_target(viewer=viewer, as_of=as_of)
        figures += sanming_urban_community_target(viewer=viewer, as_of=as_of)
        figures += sanming_organization_target(viewer=viewer, as_of=as_of)
        figures += sanming_pilot_target(viewer=viewer, as_of=as_of)
    if _sees_whole(viewer, JINAN):
        figures += jinan_station_target(viewer=viewer, as_of=as_of)
    if _sees_whole(viewer, HUIZHOU):
        figures += huizhou_station_target(viewer=viewer, as_of=as_of)
    if _sees_whole(viewer, SHENZHEN):
        figures += shenzhen_weeding_target(viewer=viewer, as_of=as_of)
    return figures


# Huizhou phases (HZ-18) ----------------------------------------------------------------------------

HUIZHOU_DOCUMENT = "huizhou-2021-double-hundred"


class PhaseState:
    DONE = "done"
    CURRENT = "current"
    UPCOMING = "upcoming"


@dataclass(frozen=True)
class Phase:
    number: int
    name: str
    starts_on: datetime.date
    ends_on: datetime.date
    clause: str
    state: str
    url: str  # the clause in the policy explorer

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1


def _phase_name(parameter) -> str:
    english = (get_language() or "").startswith("en")
    if english:
        return parameter.description_en.removeprefix("Start of ").capitalize()
    return parameter.description.removesuffix("开始日")


@implements("HZ-18", kind="record")
def huizhou_phases(*, as_of: datetime.date) -> list[Phase]:
    """HZ-18: the phases of Huizhou's double-hundred programme (2021-01 → 2023) as of a day.

    Every phase comes from the dated parameters ``phase_<n>_start`` / ``phase_<n>_end`` of the plan,
    read as of ``as_of`` (or the plan's issue, if later) with the clause that sets them; a phase is done once its last day has
    passed, current while ``as_of`` falls inside it. No query.
    """
    from shegong.policy.library import load_library

    library = load_library()
    document = library.document(HUIZHOU_DOCUMENT)
    # The plan dates its first phase before its own issue: before the issue the plan's dates apply.
    read_on = max(as_of, document.in_force_from) if document.in_force_from else as_of
    phases = []
    number = 1
    while f"phase_{number}_start" in document.parameters:
        start_parameter = document.parameters[f"phase_{number}_start"]
        start = start_parameter.value_on(read_on, division_code=HUIZHOU)
        end = document.parameters[f"phase_{number}_end"].value_on(read_on, division_code=HUIZHOU)
        if start and end:
            state = (
                PhaseState.DONE
                if end.value < as_of
                else PhaseState.CURRENT
                if start.value <= as_of
                else PhaseState.UPCOMING
            )
            url = reverse("policy:document-detail", args=[document.slug]) + f"#clause-{start.clause}"
            phases.append(
                Phase(number, _phase_name(start_parameter), start.value, end.value, start.clause, state, url)
            )
        number += 1
    return phases


@dataclass(frozen=True)
class RuleCount:
    rule_id: str
    count: int
    url: str


def findings_by_rule(*, viewer, state: str = "open") -> list[RuleCount]:
    """Findings per rule in the viewer's scope, each linking to the filtered findings list; one query."""
    counts = finding_counts_by_rule(viewer=viewer, state=state)
    return [
        RuleCount(rule_id=rule, count=n, url=_list_url("policy:finding-list", rule=rule, state=state))
        for rule, n in sorted(counts.items())
    ]


# More dashboard figures: findings trend, training hours, caseloads, budgets (issue 10) -------------


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: its label, its number and the list behind it."""

    label: str
    count: int
    url: str


TREND_POINTS = 12


def findings_trend(*, viewer) -> list[Bar]:
    """Findings open on the day of each of the last recorded scans, in the viewer's scope; two queries.

    A finding counts on a scan day when it was first seen by then and still seen that day (an open
    finding until today, a resolved or waived one until it was last seen).
    """
    from shegong.policy.models import Finding, FindingState, ScanRun

    days = sorted(
        ScanRun.objects.filter(recorded=True)
        .order_by("-as_of")
        .values_list("as_of", flat=True)
        .distinct()[:TREND_POINTS]
    )
    if not days:
        return []
    findings = scope_queryset(Finding.objects.all(), viewer=viewer)
    counts = findings.aggregate(
        **{
            f"d{n}": Count(
                "pk",
                filter=Q(first_seen__lte=day) & (Q(state=FindingState.OPEN) | Q(last_seen__gte=day)),
            )
            for n, day in enumerate(days)
        }
    )
    url = _list_url("policy:finding-list")
    return [Bar(f"{day:%Y-%m-%d}", counts[f"d{n}"], url) for n, day in enumerate(days)]


HOUR_BIN = 10  # width of a bar of the training-hour histogram, a display choice
HOUR_BINS = 8  # the last bar holds everything from HOUR_BIN * (HOUR_BINS - 1) hours up


def training_hour_distribution(*, viewer, as_of: datetime.date) -> list[Bar]:
    """Practitioners on the register by training hours in the year of ``as_of`` up to that day; one query."""
    from django.db.models import Case, IntegerField, Value, When

    from shegong.workforce.rules import hours_in_year

    bucket = Case(
        *[When(hours__lt=HOUR_BIN * (n + 1), then=Value(n)) for n in range(HOUR_BINS - 1)],
        default=Value(HOUR_BINS - 1),
        output_field=IntegerField(),
    )
    rows = dict(
        scope_queryset(Practitioner.objects.filter(filing_state__in=REGISTERED_STATES), viewer=viewer)
        .annotate(hours=hours_in_year(as_of))
        .annotate(bucket=bucket)
        .values("bucket")
        .annotate(n=Count("pk"))
        .values_list("bucket", "n")
    )
    url = _list_url("workforce:practitioner-list", year=as_of.year)
    bars = []
    for n in range(HOUR_BINS):
        low = n * HOUR_BIN
        label = (
            _("%(low)s–%(high)s h") % {"low": low, "high": low + HOUR_BIN - 1}
            if n < HOUR_BINS - 1
            else _("%(low)s h or more") % {"low": low}
        )
        bars.append(Bar(label, rows.get(n, 0), url))
    return bars


def caseload_counts(*, viewer, today: datetime.date) -> list[Bar]:
    """Open cases by step and those with a visit overdue (counts only, no client data); one query."""
    from shegong.cases.models import CaseStep
    from shegong.cases.selectors import case_queryset

    steps = [step for step in CaseStep if step != CaseStep.CLOSED]
    counts = case_queryset(viewer=viewer, today=today).aggregate(
        overdue=Count("pk", filter=~Q(step=CaseStep.CLOSED) & Q(next_visit_due__lt=today)),
        **{step.value: Count("pk", filter=Q(step=step)) for step in steps},
    )
    url = reverse("cases:caseload")
    bars = [Bar(str(step.label), counts[step.value], url) for step in steps]
    bars.append(Bar(_("Visits overdue"), counts["overdue"], url))
    return bars


LABOUR_SHARE_RULE = "SZ-13c"


def budget_labour_share(*, viewer) -> list[Bar]:
    """Project budgets in scope that meet the labour-cost share (SZ-13c, 85/15) and those with an open
    finding of it; two queries."""
    from shegong.policy.models import Finding, FindingState
    from shegong.procurement.models import ProjectBudget

    budgets = scope_queryset(ProjectBudget.objects.all(), viewer=viewer).count()
    below = (
        scope_queryset(Finding.objects.all(), viewer=viewer)
        .filter(rule_id=LABOUR_SHARE_RULE, state=FindingState.OPEN, subject_type="procurement.projectbudget")
        .values("subject_id")
        .distinct()
        .count()
    )
    if not budgets:
        return []
    return [
        Bar(
            _("Budgets meeting the labour-cost share"),
            max(budgets - below, 0),
            _list_url("procurement:project-list"),
        ),
        Bar(
            _("Budgets below the labour-cost share"),
            below,
            _list_url("policy:finding-list", rule=LABOUR_SHARE_RULE, state=FindingState.OPEN),
        ),
    ]


@dataclass
class Dashboard:
    division: Division | None
    as_of: datetime.date
    targets: list[TargetFigure] = field(default_factory=list)
    findings: list[RuleCount] = field(default_factory=list)
    coverage: stations_selectors.Coverage | None = None
    phases: list[Phase] = field(default_factory=list)
    trend: list[Bar] = field(default_factory=list)
    training_hours: list[Bar] = field(default_factory=list)
    caseload: list[Bar] = field(default_factory=list)
    budgets: list[Bar] = field(default_factory=list)

    @property
    def findings_total(self) -> int:
        return sum(row.count for row in self.findings)


def dashboard(*, viewer, as_of: datetime.date) -> Dashboard:
    """Everything the dashboard shows for the viewer's level: a bounded number of queries."""
    division = viewer.division if viewer.division_id else None
    coverage = None
    if division is not None and division.level in (DivisionLevel.CITY, DivisionLevel.DISTRICT):
        coverage = stations_selectors.coverage_for(viewer=viewer, code=division.code)
    return Dashboard(
        division=division,
        as_of=as_of,
        targets=dashboard_targets(viewer=viewer, as_of=as_of),
        findings=findings_by_rule(viewer=viewer),
        coverage=coverage,
        phases=huizhou_phases(as_of=as_of) if _sees_whole(viewer, HUIZHOU) else [],
        trend=findings_trend(viewer=viewer),
        training_hours=training_hour_distribution(viewer=viewer, as_of=as_of),
        caseload=caseload_counts(viewer=viewer, today=timezone.localdate()),
        budgets=budget_labour_share(viewer=viewer),
    )


# PDF reports ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FindingWithClause:
    finding: object
    explanation: str
    document_title: str
    clause_text: str


def organization_compliance(*, viewer, pk) -> dict:
    """An organisation's open findings, each with the full text of the clause it breaks.

    Raises ``Organization.DoesNotExist`` when the organisation is outside the viewer's scope; two
    queries (the organisation, its findings), clause text from the policy library in memory.
    """
    from shegong.organizations.selectors import organization_get
    from shegong.policy.library import load_library
    from shegong.policy.selectors import finding_list

    organization = organization_get(viewer=viewer, pk=pk)
    library = load_library()
    findings = finding_list(viewer=viewer, organization=organization.pk, state="open").order_by(
        "rule_id", "subject_repr"
    )
    items = []
    for finding in findings:
        try:
            document = library.document(finding.document)
            clause_text = document.full_text(finding.clause)
            title = _title(document)
        except KeyError:  # a finding of a document or clause no longer in the library
            clause_text, title = "", finding.document
        items.append(
            FindingWithClause(
                finding=finding,
                explanation=finding.explanation,
                document_title=title,
                clause_text=clause_text,
            )
        )
    return {"organization": organization, "findings": items}


def practitioner_credit_file(*, viewer, pk) -> dict:
    """A practitioner's credit file: registry data, certificates, assessments, complaints, discipline.

    Raises ``Practitioner.DoesNotExist`` when the practitioner is outside the viewer's scope.
    """
    from shegong.workforce.selectors import practitioner_get, practitioner_records

    practitioner = practitioner_get(viewer=viewer, pk=pk)
    return {"practitioner": practitioner, "records": practitioner_records(practitioner)}
