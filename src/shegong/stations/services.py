"""Writes on stations, service points, staff and service hours: validated, scoped and audited.

Every change goes through here; a refused change raises a ``ValidationError`` naming the field with a
Chinese message and writes nothing.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from shegong.common.audit import audit_record, audit_write, snapshot
from shegong.common.models import AuditEntry
from shegong.geo.models import Division, DivisionLevel

from .models import (
    KIND_LEVEL,
    POINT_ROLES,
    Employer,
    Equipment,
    ServiceHours,
    ServicePoint,
    Station,
    StationKind,
    StationStaff,
)

DIVISION_OUTSIDE_JURISDICTION = _("The division is outside your jurisdiction.")
DIVISION_LEVEL_WRONG = {
    StationKind.TOWN_STATION: _("A town station belongs to a town or street."),
    StationKind.DISTRICT_HUB: _("A district hub belongs to a district or county."),
    StationKind.CITY_PLATFORM: _("The city guidance platform belongs to a city."),
}
STATION_EXISTS = {
    StationKind.TOWN_STATION: _(
        "%(division)s already has a station (%(name)s): one station per town or street."
    ),
    StationKind.DISTRICT_HUB: _("%(division)s already has a district hub (%(name)s): one hub per district."),
    StationKind.CITY_PLATFORM: _("%(division)s already has a guidance platform (%(name)s)."),
}
PROVIDER_OUTSIDE_CITY = _("The provider must be an organisation registered in the station's city.")
CONTRACT_WITHOUT_PROVIDER = _("A service contract needs a provider.")
POINT_NEEDS_TOWN_STATION = _("Service points belong to a town station.")
VILLAGE_NOT_IN_TOWN = _("%(villages)s do not belong to %(town)s.")
VILLAGE_ALREADY_SERVED = _("%(villages)s are already served by another service point.")
UNKNOWN_EQUIPMENT = _("Unknown equipment: %(values)s.")
NAME_TAKEN = _("The station already has a service point with this name.")
POINT_OF_OTHER_STATION = _("The service point belongs to another station.")
POINT_ROLE_NEEDS_POINT = _(
    "A service-point liaison or worker is posted at one of the station's service points."
)
STATION_ROLE_AT_POINT = _("Only service-point liaisons and workers are posted at a service point.")
NAME_OR_PRACTITIONER = _("Choose a registered practitioner or enter the person's name.")
EMPLOYER_ORGANIZATION_MISSING = _("Choose the employing organisation.")
CONTRACT_YEARS_MISSING = _("Enter the term of the labour contract.")
LEAVES_BEFORE_POST = _("A staff member cannot leave before taking up the post.")
HOURS_WEEK_NOT_MONDAY = _("A week starts on a Monday.")
HOURS_BEFORE_POST = _("The staff member was not on post in that week.")

STATION_FIELDS = (
    "name",
    "kind",
    "division",
    "address",
    "opening_hours",
    "services",
    "provider",
    "service_contract_signed_on",
    "opened_on",
)
POINT_FIELDS = ("name", "address", "equipment", "opened_on")
STAFF_FIELDS = (
    "practitioner",
    "name",
    "role",
    "service_point",
    "employer_kind",
    "employer",
    "contract_signed_on",
    "contract_years",
    "on_post_from",
    "left_on",
)


def _check_reach(actor, division: Division | None) -> None:
    if division is None or actor is None or actor.is_system_admin:
        return
    reach = actor.division_id
    if not reach or not division.code.startswith(reach):
        raise ValidationError({"division": DIVISION_OUTSIDE_JURISDICTION}, code="division_outside")


def _check_station(station: Station) -> None:
    errors = {}
    kind = station.kind
    if station.division_id and station.division.level != KIND_LEVEL.get(kind):
        errors["division"] = DIVISION_LEVEL_WRONG[kind]
    if station.provider_id and station.division_id:
        if station.provider.division_id[:4] != station.division_id[:4]:
            errors["provider"] = PROVIDER_OUTSIDE_CITY
    if station.service_contract_signed_on and not station.provider_id:
        errors["service_contract_signed_on"] = CONTRACT_WITHOUT_PROVIDER
    if not errors and station.division_id:
        other = (
            Station.objects.filter(division_id=station.division_id, kind=kind).exclude(pk=station.pk).first()
        )
        if other is not None:
            errors["division"] = STATION_EXISTS[kind] % {
                "division": station.division.name,
                "name": other.name,
            }
    if errors:
        raise ValidationError(errors)


def _save_station(station: Station) -> None:
    _check_station(station)
    station.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            station.save()
    except IntegrityError:
        # A concurrent registration won the race for this division: report it like the check above.
        _check_station(station)
        raise


@transaction.atomic
def station_register(*, actor, **fields) -> Station:
    """Register a station in a town (a hub in a district, the platform in a city); one per division."""
    fields.setdefault("kind", StationKind.TOWN_STATION)
    _check_reach(actor, fields.get("division"))
    station = Station(**{k: v for k, v in fields.items() if k in STATION_FIELDS})
    _save_station(station)
    audit_write(actor=actor, instance=station, before=None)
    return station


@transaction.atomic
def station_update(*, actor, station: Station, **fields) -> Station:
    """Change a station's details (its division only within the actor's jurisdiction)."""
    before = snapshot(station)
    if "division" in fields:
        _check_reach(actor, fields["division"])
    for name, value in fields.items():
        if name in STATION_FIELDS:
            setattr(station, name, value)
    _save_station(station)
    audit_write(actor=actor, instance=station, before=before)
    return station


def _check_point(point: ServicePoint, villages) -> None:
    errors = {}
    station = point.station
    if station.kind != StationKind.TOWN_STATION:
        errors["station"] = POINT_NEEDS_TOWN_STATION
    unknown = sorted(set(point.equipment) - set(Equipment.values))
    if unknown:
        errors["equipment"] = UNKNOWN_EQUIPMENT % {"values": "、".join(unknown)}
    if villages is not None and station.kind == StationKind.TOWN_STATION:
        outside = [
            v for v in villages if v.level != DivisionLevel.VILLAGE or v.parent_id != station.division_id
        ]
        if outside:
            errors["villages"] = VILLAGE_NOT_IN_TOWN % {
                "villages": "、".join(v.name for v in outside),
                "town": station.division.name,
            }
        else:
            links = ServicePoint.villages.through.objects.filter(division_id__in=[v.code for v in villages])
            if point.pk:
                links = links.exclude(servicepoint_id=point.pk)
            names = sorted(set(links.values_list("division__name", flat=True)))
            if names:
                errors["villages"] = VILLAGE_ALREADY_SERVED % {"villages": "、".join(names)}
    if (
        point.name
        and ServicePoint.objects.filter(station=station, name=point.name).exclude(pk=point.pk).exists()
    ):
        errors["name"] = NAME_TAKEN
    if errors:
        raise ValidationError(errors)


def _point_snapshot(point: ServicePoint) -> dict:
    data = snapshot(point)
    data["villages"] = sorted(point.villages.values_list("code", flat=True)) if point.pk else []
    return data


def _audit_point(actor, point: ServicePoint, before: dict | None) -> None:
    action = AuditEntry.Action.CREATE if before is None else AuditEntry.Action.UPDATE
    audit_record(actor=actor, action=action, instance=point, before=before, after=_point_snapshot(point))


@transaction.atomic
def service_point_add(*, actor, station: Station, villages=(), **fields) -> ServicePoint:
    """Add a service point to a town station, serving villages of that town not served by another point."""
    villages = list(villages)
    point = ServicePoint(station=station, **{k: v for k, v in fields.items() if k in POINT_FIELDS})
    _check_point(point, villages)
    point.full_clean(exclude=["station"], validate_constraints=False)
    point.save()
    point.villages.set(villages)
    _audit_point(actor, point, None)
    return point


@transaction.atomic
def service_point_update(*, actor, point: ServicePoint, villages=None, **fields) -> ServicePoint:
    """Change a service point: its name, address, equipment, opening date or villages."""
    before = _point_snapshot(point)
    for name, value in fields.items():
        if name in POINT_FIELDS:
            setattr(point, name, value)
    villages = list(villages) if villages is not None else None
    _check_point(point, villages)
    point.full_clean(exclude=["station"], validate_constraints=False)
    point.save()
    if villages is not None:
        point.villages.set(villages)
    _audit_point(actor, point, before)
    return point


def _check_staff(staff: StationStaff) -> None:
    errors = {}
    if staff.practitioner_id is None and not (staff.name or "").strip():
        errors["name"] = NAME_OR_PRACTITIONER
    if staff.role in POINT_ROLES:
        if staff.service_point_id is None:
            errors["service_point"] = POINT_ROLE_NEEDS_POINT
        elif staff.service_point.station_id != staff.station_id:
            errors["service_point"] = POINT_OF_OTHER_STATION
    elif staff.service_point_id is not None:
        errors["service_point"] = STATION_ROLE_AT_POINT
    if staff.employer_kind == Employer.ORGANIZATION and staff.employer_id is None:
        errors["employer"] = EMPLOYER_ORGANIZATION_MISSING
    if staff.contract_signed_on and not staff.contract_years:
        errors["contract_years"] = CONTRACT_YEARS_MISSING
    if staff.left_on and staff.on_post_from and staff.left_on < staff.on_post_from:
        errors["left_on"] = LEAVES_BEFORE_POST
    if errors:
        raise ValidationError(errors)


def _prepare_staff(staff: StationStaff) -> None:
    if staff.practitioner_id is not None:
        staff.name = staff.practitioner.name
    if staff.employer_kind == Employer.TOWN:
        staff.employer = None


@transaction.atomic
def station_staff_add(*, actor, station: Station, **fields) -> StationStaff:
    """Put a person on post at a station or one of its points, with role, employer and labour contract."""
    staff = StationStaff(station=station, **{k: v for k, v in fields.items() if k in STAFF_FIELDS})
    _check_staff(staff)
    _prepare_staff(staff)
    staff.full_clean(exclude=["station"], validate_constraints=False)
    staff.save()
    audit_write(actor=actor, instance=staff, before=None)
    return staff


@transaction.atomic
def station_staff_update(*, actor, staff: StationStaff, **fields) -> StationStaff:
    """Change a staff member's post, contract or dates (``left_on`` ends the post)."""
    before = snapshot(staff)
    for name, value in fields.items():
        if name in STAFF_FIELDS:
            setattr(staff, name, value)
    _check_staff(staff)
    _prepare_staff(staff)
    staff.full_clean(exclude=["station"], validate_constraints=False)
    staff.save()
    audit_write(actor=actor, instance=staff, before=before)
    return staff


@transaction.atomic
def service_hours_log(*, actor, staff: StationStaff, week_start: datetime.date, hours) -> ServiceHours:
    """Record (or correct) the hours a staff member served in communities and villages in one week."""
    errors = {}
    if week_start.weekday() != 0:
        errors["week_start"] = HOURS_WEEK_NOT_MONDAY
    elif staff.on_post_from > week_start + datetime.timedelta(days=6) or (
        staff.left_on is not None and staff.left_on < week_start
    ):
        errors["week_start"] = HOURS_BEFORE_POST
    if errors:
        raise ValidationError(errors)
    entry = ServiceHours.objects.filter(staff=staff, week_start=week_start).first()
    before = snapshot(entry)
    if entry is None:
        entry = ServiceHours(staff=staff, week_start=week_start)
    entry.hours = hours
    entry.full_clean(exclude=["staff"], validate_constraints=False)
    entry.save()
    audit_write(actor=actor, instance=entry, before=before)
    return entry
