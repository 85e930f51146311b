"""Reads of the public portal: only published records and public fields, in a bounded number of queries.

Stations are read here with ``.only()`` of their public fields (name, type, address, hours, services,
division, provider name); disclosures come from the owning apps' published-record selectors.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from shegong.geo.models import CODE_LENGTHS, Division, DivisionLevel, subtree_q
from shegong.organizations.selectors import published_disclosures
from shegong.stations.models import ServicePoint, Station, StationKind, StationStaff
from shegong.workforce.selectors import published_sanctions

__all__ = [
    "public_divisions",
    "public_station_list",
    "public_station_choices",
    "public_provider_choices",
    "public_statistics",
    "published_disclosures",
    "published_sanctions",
    "station_practitioner",
]

PUBLIC_STATION_FIELDS = (
    "name",
    "kind",
    "address",
    "opening_hours",
    "services",
    "division__code",
    "division__name",
    "division__level",
    "division__parent__code",
    "division__parent__name",
    "provider__id",
    "provider__name",
)

CITY = CODE_LENGTHS[DivisionLevel.CITY]
DISTRICT = CODE_LENGTHS[DivisionLevel.DISTRICT]


def public_station_list(*, within: str = "") -> QuerySet[Station]:
    """Every station with its public fields only, ordered by division; ``within`` a division code."""
    qs = Station.objects.select_related("division", "division__parent", "provider").only(
        *PUBLIC_STATION_FIELDS
    )
    if within:
        qs = qs.filter(subtree_q("division", within))
    return qs.order_by("division_id", "kind")


def public_divisions() -> list[Division]:
    """Cities and districts that hold a station, for the division filter; two queries."""
    codes = set()
    for code in Station.objects.order_by().values_list("division_id", flat=True).distinct():
        codes.add(code[:CITY])
        if len(code) >= DISTRICT:
            codes.add(code[:DISTRICT])
    return list(Division.objects.filter(code__in=codes).only("code", "name", "level").order_by("code"))


def public_station_choices() -> list[tuple[int, str]]:
    """(id, "district town station name") of every station, for the complaint form; one query."""
    rows = Station.objects.order_by("division_id", "kind").values_list("pk", "name")
    return list(rows)


def public_provider_choices() -> list[tuple[int, str]]:
    """Organisations that run a station or published a pay disclosure, by name; two queries."""
    providers = dict(
        Station.objects.filter(provider__isnull=False).order_by().values_list("provider_id", "provider__name")
    )
    providers.update(published_disclosures().order_by().values_list("organization_id", "organization__name"))
    return sorted(providers.items(), key=lambda item: item[1])


def _active_staff(as_of: datetime.date) -> Q:
    return Q(on_post_from__lte=as_of) & (Q(left_on__isnull=True) | Q(left_on__gte=as_of))


def station_practitioner(*, station_id: int, name: str, as_of: datetime.date | None = None):
    """The one filed practitioner named ``name`` on post at the station, or None; one query.

    Only the practitioner's key fields are loaded: the portal never reads the record itself.
    """
    as_of = as_of or timezone.localdate()
    rows = list(
        StationStaff.objects.filter(_active_staff(as_of), station_id=station_id, practitioner__isnull=False)
        .filter(Q(name=name) | Q(practitioner__name=name))
        .select_related("practitioner")
        .only("practitioner__id", "practitioner__division_id", "practitioner__employer_id")[:2]
    )
    practitioners = {row.practitioner.pk: row.practitioner for row in rows}
    return next(iter(practitioners.values())) if len(practitioners) == 1 else None


@dataclass
class CityStatistics:
    """Public figures of one city: stations, staff on post and coverage of towns and villages."""

    division: Division
    town_stations: int = 0
    district_hubs: int = 0
    city_platforms: int = 0
    staff: int = 0
    towns: int = 0
    towns_with_station: int = 0
    villages: int = 0
    villages_served: int = 0

    @property
    def stations(self) -> int:
        return self.town_stations + self.district_hubs + self.city_platforms

    @property
    def town_share(self) -> float | None:
        return self.towns_with_station / self.towns if self.towns else None

    @property
    def village_share(self) -> float | None:
        return self.villages_served / self.villages if self.villages else None

    @property
    def town_percent(self) -> str:
        return f"{self.town_share * 100:.1f}%" if self.town_share is not None else ""

    @property
    def village_percent(self) -> str:
        return f"{self.village_share * 100:.1f}%" if self.village_share is not None else ""


def _by_city(queryset: QuerySet, column: str, *, distinct: bool = False, extra: str = "") -> dict:
    values = ["prefix", extra] if extra else ["prefix"]
    rows = (
        queryset.order_by()
        .annotate(prefix=Substr(column, 1, CITY))
        .values(*values)
        .annotate(n=Count(column, distinct=distinct))
    )
    return {(row["prefix"], row[extra]) if extra else row["prefix"]: row["n"] for row in rows}


def public_statistics(*, as_of: datetime.date | None = None) -> list[CityStatistics]:
    """Figures per city that has a station, computed set-based: eight queries whatever the data size."""
    as_of = as_of or timezone.localdate()
    stations = _by_city(Station.objects.all(), "division_id", extra="kind")
    city_codes = sorted({prefix for prefix, _kind in stations})
    if not city_codes:
        return []
    in_cities = Q()
    for code in city_codes:
        in_cities |= subtree_q("code", code)
    divisions = Division.objects.filter(in_cities)
    towns = _by_city(divisions.filter(level=DivisionLevel.TOWN), "code")
    villages = _by_city(divisions.filter(level=DivisionLevel.VILLAGE), "code")
    town_stations = Station.objects.filter(kind=StationKind.TOWN_STATION)
    with_station = _by_city(town_stations, "division_id", distinct=True)
    served = _by_city(
        ServicePoint.villages.through.objects.filter(servicepoint__station__in=town_stations),
        "division_id",
        distinct=True,
    )
    staff = _by_city(StationStaff.objects.filter(_active_staff(as_of)), "station__division_id")
    result = []
    for city in Division.objects.filter(code__in=city_codes).only("code", "name").order_by("code"):
        code = city.code
        result.append(
            CityStatistics(
                division=city,
                town_stations=stations.get((code, StationKind.TOWN_STATION), 0),
                district_hubs=stations.get((code, StationKind.DISTRICT_HUB), 0),
                city_platforms=stations.get((code, StationKind.CITY_PLATFORM), 0),
                staff=staff.get(code, 0),
                towns=towns.get(code, 0),
                towns_with_station=with_station.get(code, 0),
                villages=villages.get(code, 0),
                villages_served=served.get(code, 0),
            )
        )
    return result


# Complaint queue (SZ-16b) and tracking --------------------------------------------------------------


def complaint_queue(*, viewer, status: str = "", overdue_on: datetime.date | None = None) -> QuerySet:
    """Complaints about organisations and stations in the viewer's jurisdiction, oldest due first."""
    from shegong.accounts.scoping import scope_queryset

    from .models import ComplaintStatus, ComplaintSubject, PortalComplaint

    qs = (
        PortalComplaint.objects.exclude(subject=ComplaintSubject.PRACTITIONER)
        .select_related("station", "organization", "division")
        .annotate(step_count=Count("steps"))
        .order_by("status", "due_on", "id")
    )
    if status:
        qs = qs.filter(status=status)
    if overdue_on is not None:
        qs = qs.filter(status=ComplaintStatus.PENDING, due_on__lt=overdue_on)
    return scope_queryset(qs, viewer=viewer)


def complaint_get(*, viewer, pk):
    from shegong.accounts.scoping import scope_queryset

    from .models import ComplaintSubject, PortalComplaint

    return scope_queryset(
        PortalComplaint.objects.exclude(subject=ComplaintSubject.PRACTITIONER).select_related(
            "station", "organization", "division", "received_by"
        ),
        viewer=viewer,
    ).get(pk=pk)


@dataclass(frozen=True)
class Tracking:
    """What the public sees of a complaint: its number, status and dates, nothing else."""

    tracking_number: str
    received_on: datetime.date
    due_on: datetime.date | None
    status_label: str
    closed_on: datetime.date | None
    steps: int


def complaint_tracking(number: str) -> Tracking | None:
    """The status and dates of the complaint with this tracking number (two queries), or None."""
    from .models import ComplaintStatus, PortalComplaint

    record = (
        PortalComplaint.objects.filter(tracking_number=(number or "").strip().upper())
        .select_related("complaint")
        .only(
            "tracking_number",
            "received_on",
            "due_on",
            "status",
            "closed_on",
            "complaint__outcome",
            "complaint__closed_on",
            "complaint__due_on",
        )
        .annotate(step_count=Count("steps"))
        .first()
    )
    if record is None:
        return None
    if record.complaint is not None:  # about a practitioner: handled in the credit file
        status, closed_on, due_on = (
            record.complaint.outcome,
            record.complaint.closed_on,
            record.complaint.due_on,
        )
        steps = record.complaint.steps.count()
    else:
        status, closed_on, due_on, steps = record.status, record.closed_on, record.due_on, record.step_count
    return Tracking(
        tracking_number=record.tracking_number,
        received_on=record.received_on,
        due_on=due_on,
        status_label=str(ComplaintStatus(status).label),
        closed_on=closed_on,
        steps=steps,
    )
