"""Reads of the station network, scoped to the viewer; coverage computed from the loaded division data.

Every read costs a bounded number of queries: counts per district or town are grouped on a prefix of
the division code (codes nest by prefix), never counted row by row.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone

from shegong.accounts.models import OFFICER_ROLES
from shegong.accounts.scoping import scope_queryset
from shegong.geo.models import CODE_LENGTHS, Division, DivisionLevel, level_of_code, subtree_q
from shegong.policy.coverage import implements

from .models import (
    InspectionSample,
    PilotSite,
    ServicePoint,
    Station,
    StationKind,
    StationStaff,
    Submission,
    SupervisionAssignment,
    SupervisionVisit,
    Supervisor,
    TrainingBase,
)


def _active_staff(as_of: datetime.date) -> Q:
    return Q(on_post_from__lte=as_of) & (Q(left_on__isnull=True) | Q(left_on__gte=as_of))


def station_list(
    *, viewer, q: str = "", kind: str = "", within: str = "", as_of: datetime.date | None = None
) -> QuerySet[Station]:
    """Stations the viewer may see, with their staff on post and number of service points."""
    as_of = as_of or timezone.localdate()
    staff = StationStaff.objects.filter(_active_staff(as_of), station=OuterRef("pk")).values("station")
    points = ServicePoint.objects.filter(station=OuterRef("pk")).values("station")
    qs = scope_queryset(
        Station.objects.select_related("division", "division__parent", "provider"), viewer=viewer
    ).annotate(
        staff_count=Coalesce(Subquery(staff.annotate(n=Count("pk")).values("n")[:1]), Value(0)),
        point_count=Coalesce(Subquery(points.annotate(n=Count("pk")).values("n")[:1]), Value(0)),
    )
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(division__name__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    if within:
        qs = qs.filter(subtree_q("division", within))
    return qs.order_by("division_id", "kind")


def station_get(*, viewer, pk) -> Station:
    """One station, or ``Station.DoesNotExist`` when it is outside the viewer's scope."""
    return station_list(viewer=viewer).get(pk=pk)


def station_staff(*, station: Station) -> QuerySet[StationStaff]:
    """Everyone who holds or held a post at the station, on post first."""
    return (
        StationStaff.objects.filter(station=station)
        .select_related("practitioner", "service_point", "employer")
        .order_by("left_on", "role", "name")
    )


def station_points(*, station: Station) -> QuerySet[ServicePoint]:
    """The station's service points with their villages."""
    return ServicePoint.objects.filter(station=station).prefetch_related(
        Prefetch("villages", queryset=Division.objects.order_by("code"))
    )


def station_villages(*, station: Station) -> list[dict]:
    """Villages of the station's town (from the division data), each with the point that serves it."""
    if station.kind != StationKind.TOWN_STATION:
        return []
    served = dict(
        ServicePoint.villages.through.objects.filter(servicepoint__station=station).values_list(
            "division_id", "servicepoint__name"
        )
    )
    villages = Division.objects.filter(parent_id=station.division_id, level=DivisionLevel.VILLAGE).order_by(
        "code"
    )
    return [{"division": v, "point": served.get(v.code)} for v in villages]


def town_villages(*, viewer, town: Division) -> list[dict]:
    """Villages of a town (from the division data), each with the point of a visible station serving it."""
    stations = scope_queryset(Station.objects.filter(division=town), viewer=viewer)
    served = dict(
        ServicePoint.villages.through.objects.filter(servicepoint__station__in=stations).values_list(
            "division_id", "servicepoint__name"
        )
    )
    villages = Division.objects.filter(parent_id=town.code, level=DivisionLevel.VILLAGE).order_by("code")
    return [{"division": v, "point": served.get(v.code)} for v in villages]


def service_point_list(*, viewer, within: str = "") -> QuerySet[ServicePoint]:
    """Service points the viewer may see."""
    qs = scope_queryset(
        ServicePoint.objects.select_related("station", "station__division").prefetch_related(
            Prefetch("villages", queryset=Division.objects.order_by("code"))
        ),
        viewer=viewer,
    )
    if within:
        qs = qs.filter(subtree_q("station__division", within))
    return qs.order_by("station__division_id", "name")


def service_point_get(*, viewer, pk) -> ServicePoint:
    return service_point_list(viewer=viewer).get(pk=pk)


def staff_get(*, viewer, pk) -> StationStaff:
    return scope_queryset(
        StationStaff.objects.select_related("station", "station__division"), viewer=viewer
    ).get(pk=pk)


# Coverage ------------------------------------------------------------------------------------------


def may_view_coverage(viewer, code: str) -> bool:
    """Officers see the coverage of their own jurisdiction and below; administrators everywhere."""
    if viewer.is_system_admin:
        return True
    return bool(viewer.division_id) and code.startswith(viewer.division_id)


@dataclass
class CoverageRow:
    """One child division (a district, or a town) of the division whose coverage is shown."""

    division: Division
    towns: int = 0
    towns_with_station: int = 0
    villages: int = 0
    villages_served: int = 0
    station: Station | None = None  # for a town row: its station

    @property
    def towns_without_station(self) -> int:
        return self.towns - self.towns_with_station

    @property
    def villages_unserved(self) -> int:
        return self.villages - self.villages_served

    @property
    def town_share(self) -> float | None:
        return self.towns_with_station / self.towns if self.towns else None


@dataclass
class Coverage:
    division: Division
    rows: list[CoverageRow] = field(default_factory=list)
    total: CoverageRow | None = None

    @property
    def child_level(self) -> str:
        return self.rows[0].division.level if self.rows else ""


def _grouped(queryset: QuerySet, column: str, length: int, *, distinct: bool = False) -> dict[str, int]:
    rows = (
        queryset.order_by()
        .annotate(prefix=Substr(column, 1, length))
        .values("prefix")
        .annotate(n=Count(column, distinct=distinct))
    )
    return {row["prefix"]: row["n"] for row in rows}


def coverage_for(*, viewer, code: str) -> Coverage:
    """Towns with and without a station and villages served by a point, per child of ``code``.

    ``code`` is a province, city or district: its children (cities, districts or towns) are the rows.
    Counts come from the loaded division data and the stations in the viewer's scope; five queries
    plus one for the stations of a district, whatever the number of divisions.
    """
    division = Division.objects.get(code=code)
    children = list(Division.objects.filter(parent_id=code).order_by("code"))
    if not children:
        return Coverage(division=division, rows=[], total=CoverageRow(division=division))
    length = CODE_LENGTHS[children[0].level]
    stations = scope_queryset(Station.objects.filter(kind=StationKind.TOWN_STATION), viewer=viewer).filter(
        subtree_q("division", code)
    )
    towns = _grouped(
        Division.objects.filter(subtree_q("code", code), level=DivisionLevel.TOWN), "code", length
    )
    villages = _grouped(
        Division.objects.filter(subtree_q("code", code), level=DivisionLevel.VILLAGE), "code", length
    )
    with_station = _grouped(stations, "division_id", length, distinct=True)
    links = ServicePoint.villages.through.objects.filter(
        subtree_q("division", code), servicepoint__station__in=stations
    )
    served = _grouped(links, "division_id", length, distinct=True)
    by_town = {}
    if children[0].level == DivisionLevel.TOWN:
        by_town = {s.division_id: s for s in stations.select_related("provider")}
    rows = []
    for child in children:
        is_town = child.level == DivisionLevel.TOWN
        rows.append(
            CoverageRow(
                division=child,
                towns=1 if is_town else towns.get(child.code, 0),
                towns_with_station=with_station.get(child.code, 0),
                villages=villages.get(child.code, 0),
                villages_served=served.get(child.code, 0),
                station=by_town.get(child.code),
            )
        )
    total = CoverageRow(
        division=division,
        towns=sum(r.towns for r in rows),
        towns_with_station=sum(r.towns_with_station for r in rows),
        villages=sum(r.villages for r in rows),
        villages_served=sum(r.villages_served for r in rows),
    )
    return Coverage(division=division, rows=rows, total=total)


@dataclass
class Target:
    """A coverage target of a plan next to what the data shows."""

    spec_id: str
    label: str
    plan_figure: int | None  # what the plan says (e.g. 161 towns), None when it says "every"
    data_count: int  # what the loaded division data counts
    achieved: int
    deadline: datetime.date
    clause: str
    document_title: str

    @property
    def met(self) -> bool:
        return self.achieved >= self.data_count

    @property
    def share(self) -> float | None:
        return self.achieved / self.data_count if self.data_count else None


def _city_counts(viewer, city: str, as_of: datetime.date) -> tuple[int, int, int, int]:
    """Towns, towns with a town station opened by ``as_of``, villages, villages served by a point opened
    by then; four queries."""
    stations = scope_queryset(
        Station.objects.filter(kind=StationKind.TOWN_STATION, opened_on__lte=as_of), viewer=viewer
    ).filter(subtree_q("division", city))
    in_city = Division.objects.filter(subtree_q("code", city))
    towns = in_city.filter(level=DivisionLevel.TOWN).count()
    villages = in_city.filter(level=DivisionLevel.VILLAGE).count()
    with_station = stations.values("division_id").distinct().count()
    served = (
        ServicePoint.villages.through.objects.filter(
            subtree_q("division", city),
            servicepoint__station__in=stations,
            servicepoint__opened_on__lte=as_of,
        )
        .values("division_id")
        .distinct()
        .count()
    )
    return towns, with_station, villages, served


@implements("JN-01", kind="target")
def jinan_station_target(*, viewer, as_of: datetime.date) -> list[Target]:
    """JN-01: a station in every Jinan street and town within 2021; the plan counts 161."""
    from django.utils.translation import gettext as _

    from shegong.policy.library import load_library

    library = load_library()
    document = library.document("JN")
    planned = library.parameter("JN", "station_target").value_on(as_of, division_code="3701")
    deadline = library.parameter("JN", "station_coverage_deadline").value_on(as_of, division_code="3701")
    if not planned or not deadline:
        return []
    towns, with_station, _villages, _served = _city_counts(viewer, "3701", as_of)
    return [
        Target(
            spec_id="JN-01",
            label=_("Streets and towns of Jinan with a station"),
            plan_figure=planned.value,
            data_count=towns,
            achieved=with_station,
            deadline=deadline.value,
            clause=planned.clause,
            document_title=document.title,
        )
    ]


@implements("HZ-01", kind="target")
def huizhou_station_target(*, viewer, as_of: datetime.date) -> list[Target]:
    """HZ-01: stations in all 72 Huizhou towns by the end of 2021, points serving every village by end 2022."""
    from django.utils.translation import gettext as _

    from shegong.policy.library import load_library

    library = load_library()
    document = library.document("HZ")
    planned = library.parameter("HZ", "town_station_target").value_on(as_of, division_code="4413")
    towns_due = library.parameter("HZ", "station_target_deadline").value_on(as_of, division_code="4413")
    villages_due = library.parameter("HZ", "service_point_coverage_deadline").value_on(
        as_of, division_code="4413"
    )
    if not planned or not towns_due or not villages_due:
        return []
    towns, with_station, villages, served = _city_counts(viewer, "4413", as_of)
    return [
        Target(
            spec_id="HZ-01",
            label=_("Towns of Huizhou with a station"),
            plan_figure=planned.value,
            data_count=towns,
            achieved=with_station,
            deadline=towns_due.value,
            clause=planned.clause,
            document_title=document.title,
        ),
        Target(
            spec_id="HZ-01",
            label=_("Villages of Huizhou served by a service point"),
            plan_figure=None,
            data_count=villages,
            achieved=served,
            deadline=villages_due.value,
            clause=villages_due.clause,
            document_title=document.title,
        ),
    ]


CITY_TARGETS = {"3701": jinan_station_target, "4413": huizhou_station_target}


def coverage_targets(*, viewer, code: str, as_of: datetime.date) -> list[Target]:
    """The targets of the city that holds ``code``, for viewers who see that whole city."""
    if level_of_code(code) == DivisionLevel.PROVINCE or not may_view_coverage(viewer, code[:4]):
        return []
    target = CITY_TARGETS.get(code[:4])
    return target(viewer=viewer, as_of=as_of) if target else []


# Plans, reports and deadlines ----------------------------------------------------------------------


def _filing_districts(viewer) -> QuerySet[Division]:
    """Districts of Jinan and Huizhou whose filings the viewer sees: those in the viewer's jurisdiction."""
    from .deadlines import HUIZHOU_CODE, JINAN_CODE

    qs = Division.objects.filter(level=DivisionLevel.DISTRICT).filter(
        subtree_q("code", JINAN_CODE) | subtree_q("code", HUIZHOU_CODE)
    )
    if viewer.is_system_admin:
        return qs.order_by("code")
    if viewer.role not in OFFICER_ROLES or not viewer.division_id:
        return qs.none()
    return qs.filter(subtree_q("code", viewer.division_id)).order_by("code")


def submission_districts(*, viewer) -> QuerySet[Division]:
    """Districts the viewer may file for."""
    return _filing_districts(viewer)


def submission_stations(*, viewer) -> QuerySet[Station]:
    """Town stations the viewer may file briefs and reports for."""
    return (
        scope_queryset(Station.objects.filter(kind=StationKind.TOWN_STATION), viewer=viewer)
        .select_related("division")
        .order_by("division_id")
    )


def deadline_calendar(*, viewer, start: datetime.date, end: datetime.date, as_of: datetime.date) -> list:
    """Plans and reports due from ``start`` to ``end`` in the viewer's jurisdiction, with what was filed.

    Districts the viewer oversees and town stations the viewer may see; three queries.
    """
    from .deadlines import HUIZHOU_CODE, attach, district_items, library_lookup, station_items

    districts = _filing_districts(viewer)
    stations = scope_queryset(
        Station.objects.filter(kind=StationKind.TOWN_STATION).filter(
            Q(provider__isnull=False, service_contract_signed_on__isnull=False)
            | subtree_q("division", HUIZHOU_CODE)
        ),
        viewer=viewer,
    ).select_related("division")
    lookup = library_lookup(as_of)
    items = district_items(list(districts), start=start, end=end, lookup=lookup)
    items += station_items(list(stations), start=start, end=end, lookup=lookup)
    submissions = scope_queryset(Submission.objects.all(), viewer=viewer).filter(
        Q(station__in=stations) | Q(station__isnull=True, division__in=districts)
    )
    return attach(items, submissions)


def submission_list(*, station: Station) -> QuerySet[Submission]:
    """What a station's provider filed, latest first."""
    return (
        Submission.objects.filter(station=station).select_related("submitted_by").order_by("-due_on", "kind")
    )


def submission_get(*, viewer, pk) -> Submission:
    return scope_queryset(
        Submission.objects.select_related("division", "station", "submitted_by"), viewer=viewer
    ).get(pk=pk)


# Supervision (HZ-05) -------------------------------------------------------------------------------


def supervisor_list(*, viewer, as_of: datetime.date) -> QuerySet[Supervisor]:
    """Supervisors of the viewer's jurisdiction with their assignments on ``as_of``."""
    active = Q(assigned_on__lte=as_of) & (Q(ended_on__isnull=True) | Q(ended_on__gte=as_of))
    assignments = SupervisionAssignment.objects.filter(active).select_related("station", "service_point")
    return (
        scope_queryset(Supervisor.objects.select_related("practitioner", "division"), viewer=viewer)
        .prefetch_related(Prefetch("assignments", queryset=assignments, to_attr="active_assignments"))
        .order_by("division_id", "practitioner__name")
    )


def supervision_visit_list(*, viewer, station: Station | None = None) -> QuerySet[SupervisionVisit]:
    """Supervision visits the viewer may see, latest first."""
    qs = scope_queryset(
        SupervisionVisit.objects.select_related("supervisor__practitioner", "station", "service_point"),
        viewer=viewer,
    )
    if station is not None:
        qs = qs.filter(station=station)
    return qs.order_by("-visited_on", "-pk")


def inspection_sample_list(*, viewer) -> QuerySet[InspectionSample]:
    return scope_queryset(InspectionSample.objects.select_related("division", "drawn_by"), viewer=viewer)


def inspection_sample_get(*, viewer, pk) -> InspectionSample:
    return inspection_sample_list(viewer=viewer).get(pk=pk)


def supervision_districts(*, viewer) -> QuerySet[Division]:
    """Huizhou districts in the viewer's jurisdiction, where supervisors are appointed (HZ-05)."""
    return _filing_districts(viewer).filter(subtree_q("code", "4413"))


# Training bases and pilot sites (SM-02, SM-13) -------------------------------------------------------


def training_base_list(*, viewer, within: str = "") -> QuerySet[TrainingBase]:
    """Training bases the viewer may see, by county."""
    qs = scope_queryset(TrainingBase.objects.select_related("division", "division__parent"), viewer=viewer)
    if within:
        qs = qs.filter(subtree_q("division", within))
    return qs.order_by("division_id", "name")


def training_base_get(*, viewer, pk) -> TrainingBase:
    return training_base_list(viewer=viewer).get(pk=pk)


def pilot_site_list(*, viewer, within: str = "") -> QuerySet[PilotSite]:
    """Pilot sites the viewer may see, provincial first."""
    qs = scope_queryset(PilotSite.objects.select_related("division"), viewer=viewer)
    if within:
        qs = qs.filter(subtree_q("division", within))
    return qs.order_by("level", "division_id", "name")


def pilot_site_get(*, viewer, pk) -> PilotSite:
    return pilot_site_list(viewer=viewer).get(pk=pk)


def designation_districts(*, viewer) -> QuerySet[Division]:
    """Districts and counties in the viewer's jurisdiction (where bases are designated)."""
    qs = Division.objects.filter(level=DivisionLevel.DISTRICT)
    if viewer.is_system_admin:
        return qs.order_by("code")
    if viewer.role not in OFFICER_ROLES or not viewer.division_id:
        return qs.none()
    return qs.filter(subtree_q("code", viewer.division_id)).order_by("code")


def designation_divisions(*, viewer) -> QuerySet[Division]:
    """Cities, districts and towns in the viewer's jurisdiction (where a pilot can run)."""
    qs = Division.objects.filter(level__in=[DivisionLevel.CITY, DivisionLevel.DISTRICT, DivisionLevel.TOWN])
    if viewer.is_system_admin:
        return qs.order_by("code")
    if viewer.role not in OFFICER_ROLES or not viewer.division_id:
        return qs.none()
    return qs.filter(subtree_q("code", viewer.division_id)).order_by("code")


# Station records (JN-05, JN-06, JN-08) and community centre staffing (SZ-03) --------------------------


def station_records(*, station: Station, as_of: datetime.date) -> dict:
    """A station's working rules (its own and its district's), signs and service content, and what they lack
    (JN-05, JN-06, JN-08); a fixed number of queries."""
    from .models import ServiceContentItem, StationRegulation, StationSign

    regulations = StationRegulation.objects.filter(
        Q(station=station) | Q(station__isnull=True, division_id=station.division.parent_id)
    ).order_by("kind", "-adopted_on")
    from .rules import record_checks

    gaps = record_checks(stations=Station.objects.filter(pk=station.pk), as_of=as_of)
    return {
        "record_gaps": gaps.get(station.pk, []),
        "regulations": list(regulations),
        "signs": list(StationSign.objects.filter(station=station).order_by("removed_on", "placement")),
        "service_content": list(ServiceContentItem.objects.filter(station=station).order_by("area", "title")),
    }


def staffing_divisions(*, viewer) -> QuerySet[Division]:
    """Shenzhen and its districts within the viewer's jurisdiction: where a staffing table is set."""
    qs = Division.objects.filter(
        subtree_q("code", "4403"), level__in=[DivisionLevel.CITY, DivisionLevel.DISTRICT]
    )
    if viewer.is_system_admin:
        return qs.order_by("code")
    if viewer.role not in OFFICER_ROLES or not viewer.division_id:
        return qs.none()
    return qs.filter(subtree_q("code", viewer.division_id)).order_by("code")


def staffing_band_list(*, viewer) -> QuerySet:
    """Staffing table rows entered by bureaus in the viewer's jurisdiction."""
    from .models import StaffingBand

    return scope_queryset(StaffingBand.objects.select_related("division"), viewer=viewer).order_by(
        "division_id", "-valid_from", "population_min"
    )


@implements("SZ-03", kind="record")
def community_centre_list(*, viewer, as_of: datetime.date) -> list:
    """Community centres the viewer may see, each with the staffing its population calls for (2 queries)."""
    from .models import CommunityCentre
    from .rules import band_for, staffing_bands, staffing_table

    bands = staffing_bands(as_of)
    centres = list(
        scope_queryset(
            CommunityCentre.objects.select_related("division", "provider"), viewer=viewer
        ).order_by("division_id")[:1000]
    )
    for centre in centres:
        centre.band = band_for(staffing_table(bands, code=centre.division_id, on=as_of), centre.population)
        centre.short = bool(centre.band and centre.social_workers < centre.band.social_workers_min)
    return centres


def staffing_table_in_force(*, code: str, as_of: datetime.date) -> list:
    """The staffing table that applies to ``code`` on ``as_of`` (a bureau's rows or the sample)."""
    from .rules import staffing_bands, staffing_table

    return staffing_table(staffing_bands(as_of), code=code, on=as_of)


def station_hours(*, station: Station, as_of: datetime.date, weeks: int = 4) -> dict:
    """Weekly service hours (JN-07) of the station's staff over the last ``weeks`` full weeks; one query."""
    from .models import ServiceHours

    this_monday = as_of - datetime.timedelta(days=as_of.weekday())
    mondays = [this_monday - datetime.timedelta(weeks=n) for n in range(weeks, 0, -1)]
    logged = ServiceHours.objects.filter(staff__station=station, week_start__in=mondays).values_list(
        "staff_id", "staff__name", "week_start", "hours"
    )
    rows: dict[int, dict] = {}
    for staff_id, name, week, hours in logged.order_by("staff__name", "staff_id"):
        rows.setdefault(staff_id, {"name": name, "hours": {}})["hours"][week] = hours
    return {
        "weeks": mondays,
        "rows": [
            {"name": row["name"], "hours": [row["hours"].get(monday) for monday in mondays]}
            for row in rows.values()
        ],
    }


# Reminders before due dates ---------------------------------------------------------------------------

REMINDER_HORIZON_DAYS = 366  # a bound on the window read; each document's own lead time decides


def deadline_reminders(*, viewer, today: datetime.date) -> list:
    """Plans, reports and evaluations not yet filed whose due date is within the reminder lead time.

    The lead time is the dated parameter ``deadline_reminder_days`` of the document that sets the duty,
    read as of ``today``; items are sorted by due date and carry ``days_left``.
    """
    from .deadlines import DUTY, Status, library_lookup

    lookup = library_lookup(today)
    items = deadline_calendar(
        viewer=viewer,
        start=today,
        end=today + datetime.timedelta(days=REMINDER_HORIZON_DAYS),
        as_of=today,
    )
    reminders = []
    for item in items:
        if item.status(today) != Status.UPCOMING:
            continue
        lead = lookup(DUTY[item.kind][0], "deadline_reminder_days", item.division_id)
        days_left = (item.due_on - today).days
        if lead is not None and days_left <= lead:
            item.days_left = days_left
            reminders.append(item)
    return reminders


def submission_scoped_list(*, viewer) -> QuerySet[Submission]:
    """Plans, reports and evaluations the viewer may see, latest due first."""
    return scope_queryset(
        Submission.objects.select_related("division", "station", "submitted_by"), viewer=viewer
    ).order_by("-due_on", "kind", "pk")


def supervision_assignment_list(*, viewer) -> QuerySet[SupervisionAssignment]:
    """Supervision assignments of stations the viewer may see."""
    return scope_queryset(
        SupervisionAssignment.objects.select_related("supervisor__practitioner", "station", "service_point"),
        viewer=viewer,
    ).order_by("-assigned_on", "pk")


# A district's station overview ------------------------------------------------------------------------


def district_overview(*, viewer, district: Division, as_of: datetime.date) -> dict:
    """A district's hub and town stations with staff, points, villages served, visits and open findings.

    Bounded: the station list (annotated), villages per town, villages served per station, open findings
    per station, the district's working rules and filings; never a query per station.
    """
    from shegong.policy.selectors import finding_list

    from .models import StationRegulation

    stations = list(station_list(viewer=viewer, within=district.code, as_of=as_of))
    town_codes = [s.division_id for s in stations if s.kind == StationKind.TOWN_STATION]
    villages = dict(
        Division.objects.filter(parent_id__in=town_codes, level=DivisionLevel.VILLAGE)
        .order_by()
        .values("parent_id")
        .annotate(n=Count("code"))
        .values_list("parent_id", "n")
    )
    served = dict(
        ServicePoint.villages.through.objects.filter(servicepoint__station__in=[s.pk for s in stations])
        .order_by()
        .values("servicepoint__station")
        .annotate(n=Count("division_id", distinct=True))
        .values_list("servicepoint__station", "n")
    )
    since = as_of - datetime.timedelta(days=30)
    visits = dict(
        SupervisionVisit.objects.filter(station__in=[s.pk for s in stations], visited_on__gt=since)
        .order_by()
        .values("station")
        .annotate(n=Count("pk"))
        .values_list("station", "n")
    )
    findings = dict(
        finding_list(viewer=viewer, subject_type="stations.station", state="open")
        .filter(subject_id__in=[str(s.pk) for s in stations])
        .order_by()
        .values("subject_id")
        .annotate(n=Count("id"))
        .values_list("subject_id", "n")
    )
    from .rules import record_checks

    gaps = record_checks(stations=Station.objects.filter(pk__in=[s.pk for s in stations]), as_of=as_of)
    for station in stations:
        station.record_gaps = gaps.get(station.pk, [])
        station.village_count = villages.get(station.division_id, 0)
        station.villages_served = served.get(station.pk, 0)
        station.recent_visits = visits.get(station.pk, 0)
        station.open_findings = findings.get(str(station.pk), 0)
    regulations = (
        StationRegulation.objects.filter(division=district, station__isnull=True)
        .filter(Q(repealed_on__isnull=True) | Q(repealed_on__gt=as_of))
        .order_by("kind", "-adopted_on")
    )
    filings = deadline_calendar(
        viewer=viewer,
        start=datetime.date(as_of.year, 1, 1),
        end=datetime.date(as_of.year, 12, 31),
        as_of=as_of,
    )
    return {
        "hub": next((s for s in stations if s.kind == StationKind.DISTRICT_HUB), None),
        "stations": [s for s in stations if s.kind == StationKind.TOWN_STATION],
        "regulations": list(regulations),
        "filings": [
            {"item": item, "status": item.status(as_of)}
            for item in filings
            if item.division_id.startswith(district.code)
        ],
    }
