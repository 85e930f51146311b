"""Reads for dashboards and reports: policy targets against the data, findings and coverage.

Other apps are read through their selectors; where a figure needs a query they do not offer, it is
written here over their models, set-based (one query per figure, never per row), and scoped through
:func:`shegong.accounts.scoping.scope_queryset`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from shegong.accounts.models import Role
from shegong.accounts.scoping import scope_of, scope_queryset
from shegong.common.db_router import use_replica
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


def _within(queryset, within: str):
    """``queryset`` restricted to the subtree of the division ``within`` (all of it when empty), by the
    division path the model declares for scoping; a model without one has no row in any division."""
    if not within:
        return queryset
    path = scope_of(queryset.model).division
    if path is None:
        return queryset.none()
    return queryset.filter(subtree_q(path, within))


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


def _from_station_target(target: stations_selectors.Target, *, city: str) -> TargetFigure:
    """Format a coverage target computed by :mod:`shegong.stations.selectors` for the dashboard."""
    from shegong.policy.library import load_library

    prefix = target.spec_id.split("-")[0]
    return TargetFigure(
        spec_id=target.spec_id,
        label=target.label,
        actual=target.achieved,
        goal=target.data_count,
        deadline=target.deadline,
        document_title=_title(load_library().document(prefix)),
        clause=target.clause,
        url=reverse("stations:coverage-division", args=[city]),
        note=_plan_note(target.plan_figure, target.data_count) if target.plan_figure is not None else "",
    )


def jinan_station_target(*, viewer, as_of: datetime.date) -> list[TargetFigure]:
    """JN-01 as computed by :func:`shegong.stations.selectors.jinan_station_target`, with its links."""
    targets = stations_selectors.jinan_station_target(viewer=viewer, as_of=as_of)
    return [_from_station_target(t, city=JINAN) for t in targets]


def huizhou_station_target(*, viewer, as_of: datetime.date) -> list[TargetFigure]:
    """HZ-01 as computed by :func:`shegong.stations.selectors.huizhou_station_target`, with its links."""
    targets = stations_selectors.huizhou_station_target(viewer=viewer, as_of=as_of)
    return [_from_station_target(t, city=HUIZHOU) for t in targets]


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


def _sees_whole(viewer, city: str, within: str = "") -> bool:
    """Whether the dashboard covers the whole ``city``: the viewer's jurisdiction, or ``within`` (a
    division of it) on a drill-down."""
    if within:
        return city.startswith(within)
    if viewer.is_system_admin:
        return True
    return bool(viewer.division_id) and city.startswith(viewer.division_id)


def dashboard_targets(*, viewer, as_of: datetime.date, within: str = "") -> list[TargetFigure]:
    """The targets of every city the viewer sees whole (a city officer: their city; an admin: all);
    none on a district's or a town's dashboard."""
    figures = []
    if _sees_whole(viewer, SANMING, within):
        figures += sanming_workforce_targets(viewer=viewer, as_of=as_of)
        figures += sanming_training_base_target(viewer=viewer, as_of=as_of)
        figures += sanming_urban_community_target(viewer=viewer, as_of=as_of)
        figures += sanming_organization_target(viewer=viewer, as_of=as_of)
        figures += sanming_pilot_target(viewer=viewer, as_of=as_of)
    if _sees_whole(viewer, JINAN, within):
        figures += jinan_station_target(viewer=viewer, as_of=as_of)
    if _sees_whole(viewer, HUIZHOU, within):
        figures += huizhou_station_target(viewer=viewer, as_of=as_of)
    if _sees_whole(viewer, SHENZHEN, within):
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


def findings_by_rule(*, viewer, state: str = "open", within: str = "") -> list[RuleCount]:
    """Findings per rule in the viewer's scope (in ``within`` when given), each linking to the filtered
    findings list; one query."""
    from shegong.policy.selectors import finding_list

    if within:
        rows = finding_list(viewer=viewer, state=state, within=within).order_by().values("rule_id")
        counts = {row["rule_id"]: row["n"] for row in rows.annotate(n=Count("id"))}
    else:
        counts = finding_counts_by_rule(viewer=viewer, state=state)
    return [
        RuleCount(
            rule_id=rule,
            count=n,
            url=_list_url("policy:finding-list", rule=rule, state=state, within=within),
        )
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


def findings_trend(*, viewer, within: str = "") -> list[Bar]:
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
    findings = _within(scope_queryset(Finding.objects.all(), viewer=viewer), within)
    counts = findings.aggregate(
        **{
            f"d{n}": Count(
                "pk",
                filter=Q(first_seen__lte=day) & (Q(state=FindingState.OPEN) | Q(last_seen__gte=day)),
            )
            for n, day in enumerate(days)
        }
    )
    url = _list_url("policy:finding-list", within=within)
    return [Bar(f"{day:%Y-%m-%d}", counts[f"d{n}"], url) for n, day in enumerate(days)]


HOUR_BIN = 10  # width of a bar of the training-hour histogram, a display choice
HOUR_BINS = 8  # the last bar holds everything from HOUR_BIN * (HOUR_BINS - 1) hours up


def training_hour_distribution(*, viewer, as_of: datetime.date, within: str = "") -> list[Bar]:
    """Practitioners on the register by training hours in the year of ``as_of`` up to that day; two queries.

    The hours are summed once per practitioner with training (one grouped query) and put in bars here; those
    without any record count in the first bar. (A CASE over a per-practitioner subquery made the database
    repeat the subquery for every bar: 1 s at province size.)
    """
    from shegong.workforce.models import TrainingRecord
    from shegong.workforce.rules import ALL_KINDS

    registered = _within(
        scope_queryset(Practitioner.objects.filter(filing_state__in=REGISTERED_STATES), viewer=viewer), within
    ).order_by()
    totals = (
        TrainingRecord.objects.filter(
            practitioner__in=registered.values("pk"),
            held_on__gte=datetime.date(as_of.year, 1, 1),
            held_on__lte=as_of,
            kind__in=list(ALL_KINDS),
        )
        .order_by()
        .values("practitioner")
        .annotate(total=Sum("hours"))
        .values_list("total", flat=True)
    )
    rows = dict.fromkeys(range(HOUR_BINS), 0)
    trained = 0
    for total in totals:
        trained += 1
        rows[min(int(total // HOUR_BIN), HOUR_BINS - 1)] += 1
    rows[0] += registered.count() - trained
    url = _list_url("workforce:practitioner-list", year=as_of.year, within=within)
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


def caseload_counts(*, viewer, today: datetime.date, within: str = "") -> list[Bar]:
    """Open cases by step and those with a visit overdue (counts only, no client data); one query."""
    from shegong.cases.models import CaseStep
    from shegong.cases.selectors import case_queryset

    steps = [step for step in CaseStep if step != CaseStep.CLOSED]
    counts = _within(case_queryset(viewer=viewer, today=today), within).aggregate(
        overdue=Count("pk", filter=~Q(step=CaseStep.CLOSED) & Q(next_visit_due__lt=today)),
        **{step.value: Count("pk", filter=Q(step=step)) for step in steps},
    )
    url = reverse("cases:caseload")
    bars = [Bar(str(step.label), counts[step.value], url) for step in steps]
    bars.append(Bar(_("Visits overdue"), counts["overdue"], url))
    return bars


LABOUR_SHARE_RULE = "SZ-13c"


def budget_labour_share(*, viewer, within: str = "") -> list[Bar]:
    """Project budgets in scope that meet the labour-cost share (SZ-13c, 85/15) and those with an open
    finding of it; two queries."""
    from shegong.policy.models import Finding, FindingState
    from shegong.procurement.models import ProjectBudget

    budgets = _within(scope_queryset(ProjectBudget.objects.all(), viewer=viewer), within).count()
    below = (
        _within(scope_queryset(Finding.objects.all(), viewer=viewer), within)
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
            _list_url("policy:finding-list", rule=LABOUR_SHARE_RULE, state=FindingState.OPEN, within=within),
        ),
    ]


# Town and organisation figures (issue 10: dashboards per level) -----------------------------------


def filing_status_counts(*, viewer, as_of: datetime.date, within: str = "") -> list[Bar]:
    """Plans and reports due in the year of ``as_of`` for the viewer's stations and districts, by status:
    filed on time, filed late, late and not filed, not yet due; from
    :func:`shegong.stations.selectors.deadline_calendar` (three queries)."""
    from shegong.stations.deadlines import Status

    items = stations_selectors.deadline_calendar(
        viewer=viewer,
        start=datetime.date(as_of.year, 1, 1),
        end=datetime.date(as_of.year, 12, 31),
        as_of=as_of,
    )
    if within:  # the calendar is a list already read (three queries): keep the division's items
        items = [item for item in items if item.division_id.startswith(within)]
    counts = {status: 0 for status in (Status.ON_TIME, Status.LATE, Status.MISSING, Status.UPCOMING)}
    for item in items:
        counts[item.status(as_of)] += 1
    if not items:
        return []
    url = _list_url("stations:deadline-calendar", year=as_of.year)
    labels = {
        Status.ON_TIME: _("Filed on time"),
        Status.LATE: _("Filed late"),
        Status.MISSING: _("Overdue, not filed"),
        Status.UPCOMING: _("Not yet due"),
    }
    return [Bar(str(labels[status]), n, url) for status, n in counts.items()]


SERVICE_HOUR_WEEKS = 4  # full weeks shown, the same window as the station page (a display choice)


def service_hours_by_week(*, viewer, as_of: datetime.date, within: str = "") -> list[Bar]:
    """Service hours (JN-07) the staff of the viewer's stations logged in each of the last full weeks
    before ``as_of``, summed over the stations in scope; one query."""
    from django.db.models import Sum

    from shegong.stations.models import ServiceHours

    this_monday = as_of - datetime.timedelta(days=as_of.weekday())
    mondays = [this_monday - datetime.timedelta(weeks=n) for n in range(SERVICE_HOUR_WEEKS, 0, -1)]
    totals = dict(
        _within(scope_queryset(ServiceHours.objects.filter(week_start__in=mondays), viewer=viewer), within)
        .order_by()
        .values("week_start")
        .annotate(total=Sum("hours"))
        .values_list("week_start", "total")
    )
    url = _list_url("stations:station-list")
    return [
        Bar(_("Week of %(day)s") % {"day": f"{monday:%Y-%m-%d}"}, int(totals.get(monday) or 0), url)
        for monday in mondays
    ]


def household_count(*, viewer, today: datetime.date, within: str = "") -> Bar:
    """Household files in the viewer's scope (a count, no client data); one query."""
    from shegong.cases.selectors import household_queryset

    return Bar(
        _("Household files"),
        _within(household_queryset(viewer=viewer, today=today), within).count(),
        _list_url("cases:household-list"),
    )


STATION_ROWS = 50  # stations listed on a dashboard; the rest behind the link to the station list


def dashboard_stations(*, viewer, as_of: datetime.date, within: str = "") -> list:
    """The stations the viewer sees with staff on post and points, from the stations' list; one query."""
    return list(stations_selectors.station_list(viewer=viewer, as_of=as_of, within=within)[:STATION_ROWS])


def projects_by_domain(*, viewer, as_of: datetime.date) -> list[Bar]:
    """Projects in the viewer's scope running on ``as_of`` by service domain; one query."""
    from shegong.procurement.domains import ServiceDomain
    from shegong.procurement.models import Project

    rows = (
        scope_queryset(Project.objects.filter(starts_on__lte=as_of, ends_on__gte=as_of), viewer=viewer)
        .order_by()
        .values("domain")
        .annotate(n=Count("pk"))
        .values_list("domain", "n")
    )
    labels = dict(ServiceDomain.choices)
    return [
        Bar(str(labels.get(domain, domain)), n, _list_url("procurement:project-list", domain=domain))
        for domain, n in sorted(rows)
    ]


class Level:
    """Whose dashboard: an administrator's (everything), a city's, a district's, a town's (a town
    officer, or station staff: the stations their organisation runs), an organisation's."""

    ALL = "all"
    CITY = "city"
    DISTRICT = "district"
    TOWN = "town"
    ORGANIZATION = "organization"


STATION_STAFF_ROLES = (Role.SOCIAL_WORKER, Role.SUPERVISOR)


def dashboard_level(viewer) -> str | None:
    """The level of the viewer's dashboard, or None when the viewer has none."""
    from shegong.accounts.models import OFFICER_ROLES

    if viewer.is_system_admin:
        return Level.ALL
    if viewer.role in OFFICER_ROLES and viewer.division_id:
        return {
            DivisionLevel.TOWN: Level.TOWN,
            DivisionLevel.DISTRICT: Level.DISTRICT,
        }.get(viewer.division.level, Level.CITY)
    if viewer.organization_id and viewer.role == Role.ORG_ADMIN:
        return Level.ORGANIZATION
    if viewer.organization_id and viewer.role in STATION_STAFF_ROLES:
        return Level.TOWN
    return None


DRILL_LEVELS = (DivisionLevel.DISTRICT, DivisionLevel.TOWN)


def can_drill_down(viewer) -> bool:
    """Whether the viewer may open the dashboard of a district or town of their jurisdiction: officers
    with a jurisdiction and system administrators (issue 10, drill-down)."""
    from shegong.accounts.models import OFFICER_ROLES

    return viewer.is_system_admin or (viewer.role in OFFICER_ROLES and bool(viewer.division_id))


def dashboard_division(*, viewer, code: str) -> Division:
    """The district or town ``code`` whose dashboard the viewer opens, with its parents (breadcrumbs).

    Raises ``Division.DoesNotExist`` when the code is unknown, not a district or town, or outside the
    viewer's jurisdiction, and for a viewer who may not drill down at all; one query.
    """
    if not can_drill_down(viewer):
        raise Division.DoesNotExist
    divisions = Division.objects.select_related("parent", "parent__parent").filter(level__in=DRILL_LEVELS)
    if not viewer.is_system_admin:
        divisions = divisions.filter(subtree_q("code", viewer.division_id))
    return divisions.get(code=code)


@dataclass
class Dashboard:
    division: Division | None
    as_of: datetime.date
    level: str = Level.ALL
    organization: object = None
    targets: list[TargetFigure] = field(default_factory=list)
    findings: list[RuleCount] = field(default_factory=list)
    coverage: stations_selectors.Coverage | None = None
    phases: list[Phase] = field(default_factory=list)
    trend: list[Bar] = field(default_factory=list)
    training_hours: list[Bar] = field(default_factory=list)
    caseload: list[Bar] = field(default_factory=list)
    budgets: list[Bar] = field(default_factory=list)
    stations: list | None = None  # town and organisation levels: the stations in scope
    filings: list[Bar] = field(default_factory=list)
    service_hours: list[Bar] = field(default_factory=list)
    projects: list[Bar] = field(default_factory=list)
    drilled: bool = False  # a district's or town's dashboard opened from above, not the viewer's own

    @property
    def findings_total(self) -> int:
        return sum(row.count for row in self.findings)

    @property
    def findings_url(self) -> str:
        """The open findings of the dashboard's division (of the viewer's scope when not drilled)."""
        return _list_url(
            "policy:finding-list", state="open", within=self.division.code if self.drilled else ""
        )

    @property
    def shows_targets(self) -> bool:
        return self.level in (Level.ALL, Level.CITY, Level.DISTRICT)


@use_replica()
def dashboard(*, viewer, as_of: datetime.date, division: Division | None = None) -> Dashboard:
    """Everything the dashboard of the viewer's level shows, read from the replica when there is one;
    a bounded number of queries whatever the data size.

    City and district: policy targets, coverage by child division, findings, training hours, caseloads,
    budgets. Town (a town officer, or station staff): their stations, plans and reports due and late,
    staff service hours, households and overdue visits, open findings. Organisation: projects, budgets
    against the 85/15 rule, the staff's training hours, open findings about it and its staff.

    ``division`` (a district or town from :func:`dashboard_division`) opens that division's dashboard
    instead: the same figures, still scoped to the viewer and restricted to the division's subtree.
    """
    level = dashboard_level(viewer)
    today = timezone.localdate()
    within = ""
    if division is not None:
        level = Level.TOWN if division.level == DivisionLevel.TOWN else Level.DISTRICT
        within = division.code
    if level in (Level.TOWN, Level.ORGANIZATION):
        own_organization = viewer.organization if viewer.organization_id and not within else None
        data = Dashboard(
            division=division
            or (viewer.division if level == Level.TOWN and own_organization is None else None),
            as_of=as_of,
            level=level,
            organization=own_organization,
            findings=findings_by_rule(viewer=viewer, within=within),
            trend=findings_trend(viewer=viewer, within=within),
            stations=dashboard_stations(viewer=viewer, as_of=as_of, within=within),
            drilled=bool(within),
        )
        if level == Level.TOWN:
            data.filings = filing_status_counts(viewer=viewer, as_of=as_of, within=within)
            data.service_hours = service_hours_by_week(viewer=viewer, as_of=as_of, within=within)
            data.caseload = [
                household_count(viewer=viewer, today=today, within=within),
                *caseload_counts(viewer=viewer, today=today, within=within),
            ]
        else:
            data.projects = projects_by_domain(viewer=viewer, as_of=as_of)
            data.budgets = budget_labour_share(viewer=viewer)
            data.training_hours = training_hour_distribution(viewer=viewer, as_of=as_of)
        return data
    if division is None:
        division = viewer.division if viewer.division_id else None
    coverage = None
    if division is not None and division.level in (DivisionLevel.CITY, DivisionLevel.DISTRICT):
        coverage = stations_selectors.coverage_for(viewer=viewer, code=division.code)
    return Dashboard(
        division=division,
        as_of=as_of,
        level=level or Level.ALL,
        targets=dashboard_targets(viewer=viewer, as_of=as_of, within=within),
        findings=findings_by_rule(viewer=viewer, within=within),
        coverage=coverage,
        phases=huizhou_phases(as_of=as_of) if _sees_whole(viewer, HUIZHOU, within) else [],
        trend=findings_trend(viewer=viewer, within=within),
        training_hours=training_hour_distribution(viewer=viewer, as_of=as_of, within=within),
        caseload=caseload_counts(viewer=viewer, today=today, within=within),
        budgets=budget_labour_share(viewer=viewer, within=within),
        drilled=bool(within),
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


# The public dashboard (portal, anonymous): counts only, no personal data -----------------------------


@dataclass
class PublicDashboard:
    as_of: datetime.date
    town_stations: int = 0
    district_hubs: int = 0
    service_points: int = 0
    practitioners: int = 0
    projects_disclosed: int = 0
    coverage: list[stations_selectors.CoverageRow] = field(default_factory=list)
    station_districts: frozenset = frozenset()  # districts holding a station (the directory filters on them)


DISTRICT_CODE = 6


@use_replica()
def public_dashboard(*, as_of: datetime.date) -> PublicDashboard:
    """What anyone may see: stations, service points, practitioners on the register and projects with
    published results, and town and village coverage per district of every city holding a station.

    Counts only (no name, no personal data); public data read without a viewer, like the portal's
    station directory. Ten queries whatever the data size.
    """
    from django.db.models.functions import Substr

    from shegong.procurement.selectors import published_evaluations

    stations = Station.objects.filter(opened_on__lte=as_of)
    kinds = dict(stations.order_by().values("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    data = PublicDashboard(
        as_of=as_of,
        town_stations=kinds.get(StationKind.TOWN_STATION, 0),
        district_hubs=kinds.get(StationKind.DISTRICT_HUB, 0),
        service_points=ServicePoint.objects.filter(opened_on__lte=as_of, station__in=stations).count(),
        practitioners=Practitioner.objects.filter(filing_state__in=REGISTERED_STATES).count(),
        projects_disclosed=published_evaluations().order_by().values("project_id").distinct().count(),
    )
    city_codes = sorted(
        set(stations.order_by().annotate(city=Substr("division_id", 1, 4)).values_list("city", flat=True))
    )
    if not city_codes:
        return data
    in_cities = Q()
    for code in city_codes:
        in_cities |= subtree_q("code", code)
    divisions = Division.objects.filter(in_cities)

    def by_district(queryset, column: str, *, distinct: bool = False) -> dict[str, int]:
        rows = (
            queryset.order_by()
            .annotate(prefix=Substr(column, 1, DISTRICT_CODE))
            .values("prefix")
            .annotate(n=Count(column, distinct=distinct))
        )
        return {row["prefix"]: row["n"] for row in rows}

    town_stations = stations.filter(kind=StationKind.TOWN_STATION)
    towns = by_district(divisions.filter(level=DivisionLevel.TOWN), "code")
    villages = by_district(divisions.filter(level=DivisionLevel.VILLAGE), "code")
    with_station = by_district(town_stations, "division_id", distinct=True)
    served = by_district(
        ServicePoint.villages.through.objects.filter(
            servicepoint__station__in=town_stations, servicepoint__opened_on__lte=as_of
        ),
        "division_id",
        distinct=True,
    )
    data.station_districts = frozenset(by_district(stations, "division_id"))
    data.coverage = [
        stations_selectors.CoverageRow(
            division=district,
            towns=towns.get(district.code, 0),
            towns_with_station=with_station.get(district.code, 0),
            villages=villages.get(district.code, 0),
            villages_served=served.get(district.code, 0),
        )
        for district in divisions.filter(level=DivisionLevel.DISTRICT).only("code", "name").order_by("code")
    ]
    return data
