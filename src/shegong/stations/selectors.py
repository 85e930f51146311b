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
    ServicePoint,
    Station,
    StationKind,
    StationStaff,
    Submission,
    SupervisionAssignment,
    SupervisionVisit,
    Supervisor,
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


def _city_counts(viewer, city: str) -> tuple[int, int, int, int]:
    stations = scope_queryset(Station.objects.filter(kind=StationKind.TOWN_STATION), viewer=viewer).filter(
        subtree_q("division", city)
    )
    in_city = Division.objects.filter(subtree_q("code", city))
    towns = in_city.filter(level=DivisionLevel.TOWN).count()
    villages = in_city.filter(level=DivisionLevel.VILLAGE).count()
    with_station = stations.values("division_id").distinct().count()
    served = (
        ServicePoint.villages.through.objects.filter(
            subtree_q("division", city), servicepoint__station__in=stations
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
    towns, with_station, _villages, _served = _city_counts(viewer, "3701")
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
    towns, with_station, villages, served = _city_counts(viewer, "4413")
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
    from .deadlines import attach, district_items, library_lookup, station_items

    districts = _filing_districts(viewer)
    stations = scope_queryset(
        Station.objects.filter(
            kind=StationKind.TOWN_STATION, provider__isnull=False, service_contract_signed_on__isnull=False
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
