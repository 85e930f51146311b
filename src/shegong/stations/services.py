"""Writes on stations, service points, staff and service hours: validated, scoped and audited.

Every change goes through here; a refused change raises a ``ValidationError`` naming the field with a
Chinese message and writes nothing.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shegong.common.audit import audit_record, audit_write, snapshot
from shegong.common.locking import ensure_unchanged
from shegong.common.models import AuditEntry
from shegong.geo.models import Division, DivisionLevel, subtree_q
from shegong.policy.coverage import implements

from .models import (
    DISTRICT_KINDS,
    KIND_LEVEL,
    POINT_ROLES,
    STATION_KINDS,
    CommunityCentre,
    Employer,
    Equipment,
    InspectionSample,
    PilotLevel,
    PilotSite,
    PlanContent,
    RegulationKind,
    ServiceContentItem,
    ServiceHours,
    ServicePoint,
    SignPlacement,
    StaffingBand,
    Station,
    StationKind,
    StationRegulation,
    StationSign,
    StationStaff,
    Submission,
    SupervisionAssignment,
    SupervisionVisit,
    Supervisor,
    TrainingBase,
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


@implements("JN-03", kind="record")  # district hubs and the city guidance platform are station kinds
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
def station_update(*, actor, station: Station, expected_version: str | None = None, **fields) -> Station:
    """Change a station's details (its division only within the actor's jurisdiction).

    ``expected_version`` refuses the change when someone saved the station after the form was drawn.
    """
    ensure_unchanged(station, expected_version)
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


@implements("HZ-02", kind="record")  # staff carry the station roles of the Huizhou plan
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


# Plans and reports ---------------------------------------------------------------------------------

SUBMISSION_NEEDS_DISTRICT = _(
    "A plan, an implementation report or pay measures are filed by a district or county."
)
SUBMISSION_NEEDS_STATION = _("Briefs and reports are filed for a town station.")
SUBMISSION_NOT_DUE = _("Nothing of this type is due from %(owner)s for the period %(period)s.")
SUBMISSION_PERIOD_FORMAT = _("Enter the period as a year (2022) or a month (2022-05).")
SUBMISSION_IN_FUTURE = _("The submission date cannot be in the future.")
SUBMISSION_EMPTY = _("Attach a file or enter the text.")
SUBMISSION_EXISTS = _("%(owner)s has already filed this for the period %(period)s (on %(submitted_on)s).")
SUBMISSION_UNKNOWN_CONTENTS = _("Unknown plan contents: %(values)s.")


@transaction.atomic
def submission_file(
    *,
    actor,
    kind: str,
    period: str,
    submitted_on: datetime.date,
    division: Division | None = None,
    station: Station | None = None,
    text: str = "",
    file=None,
    contents=(),
    today: datetime.date | None = None,
) -> Submission:
    """File a plan or report for a period; its due date is computed from the dated parameters.

    A district files its annual plan, implementation report and pay measures; a station's provider its
    monthly briefs and its mid-term and final reports. One filing per owner, kind and period.
    """
    from django.utils import timezone

    from .deadlines import due_on_for

    today = today or timezone.localdate()
    errors = {}
    if kind in STATION_KINDS:
        if station is None or station.kind != StationKind.TOWN_STATION:
            raise ValidationError({"station": SUBMISSION_NEEDS_STATION})
        division = station.division
    elif kind in DISTRICT_KINDS:
        if division is None or division.level != DivisionLevel.DISTRICT:
            raise ValidationError({"division": SUBMISSION_NEEDS_DISTRICT})
        station = None
    _check_reach(actor, division)
    if not re.fullmatch(r"\d{4}(-(0[1-9]|1[0-2]))?", period or ""):
        raise ValidationError({"period": SUBMISSION_PERIOD_FORMAT})
    owner = station.name if station else division.name
    due_on = due_on_for(kind=kind, division_code=division.code, station=station, period=period)
    if due_on is None:
        errors["period"] = SUBMISSION_NOT_DUE % {"owner": owner, "period": period}
    if submitted_on > today:
        errors["submitted_on"] = SUBMISSION_IN_FUTURE
    if not (text or "").strip() and not file:
        errors["text"] = SUBMISSION_EMPTY
    contents = list(contents or [])
    unknown = sorted(set(contents) - set(PlanContent.values))
    if unknown:
        errors["contents"] = SUBMISSION_UNKNOWN_CONTENTS % {"values": "、".join(unknown)}
    owner_filter = {"station": station} if station else {"division": division, "station__isnull": True}
    existing = Submission.objects.filter(kind=kind, period=period, **owner_filter).first()
    if existing is not None:
        errors["period"] = SUBMISSION_EXISTS % {
            "owner": owner,
            "period": period,
            "submitted_on": existing.submitted_on.isoformat(),
        }
    if errors:
        raise ValidationError(errors)
    submission = Submission(
        kind=kind,
        division=division,
        station=station,
        period=period,
        due_on=due_on,
        submitted_on=submitted_on,
        submitted_by=actor,
        text=text or "",
        contents=[item for item in PlanContent.values if item in contents],
    )
    if file:
        submission.file = file
    submission.full_clean(exclude=["division", "station", "submitted_by"], validate_constraints=False)
    submission.save()
    after = snapshot(submission)
    after["file"] = submission.file.name if submission.file else ""  # a FieldFile is not JSON
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, instance=submission, after=after)
    return submission


# Supervision (HZ-05) -------------------------------------------------------------------------------

SUPERVISOR_NEEDS_CERTIFICATE = _(
    "A supervisor holds at least the assistant social worker certificate (item %(clause)s of %(document)s)."
)
SUPERVISOR_NEEDS_DISTRICT = _("A supervisor is appointed for a district or county.")
SUPERVISOR_EXISTS = _("%(name)s is already a supervisor of %(division)s.")
ASSIGNMENT_LIMIT = _(
    "%(name)s already supervises %(count)s stations or points; one supervisor is responsible for at most "
    "%(max)s (item %(clause)s of %(document)s)."
)
ASSIGNMENT_EXISTS = _("%(name)s already supervises %(what)s.")
ASSIGNMENT_OUTSIDE = _("The station lies outside the supervisor's district or county.")
VISIT_NOT_ASSIGNED = _("%(name)s was not assigned to supervise %(station)s on %(date)s.")
SAMPLE_NO_STAFF = _("Nobody is on post at the stations of %(division)s.")

HZ_DOCUMENT = "huizhou-2021-double-hundred"


def _hz_clause(key: str, on: datetime.date, code: str):
    """The parameter's value, its clause as the language prints it and the document's title."""
    from django.utils.translation import get_language

    from shegong.policy.library import load_library
    from shegong.policy.scanning import clause_label

    language = get_language() or "zh-hans"
    library = load_library()
    value = library.parameter(HZ_DOCUMENT, key).value_on(on, division_code=code)
    document = library.document(HZ_DOCUMENT)
    title = document.title if language.startswith("zh") else document.title_en
    return value, clause_label(value.clause if value else "四(二)四", language), title


@transaction.atomic
def supervisor_appoint(
    *, actor, practitioner, division: Division, appointed_on: datetime.date, full_time: bool = False
) -> Supervisor:
    """Appoint a practitioner holding at least the assistant certificate as a supervisor of a county."""
    from shegong.workforce.models import CERTIFICATE_RANK, CertificateLevel

    if division.level != DivisionLevel.DISTRICT:
        raise ValidationError({"division": SUPERVISOR_NEEDS_DISTRICT})
    _check_reach(actor, division)
    levels = practitioner.certificates.filter(issued_on__lte=appointed_on).values_list("level", flat=True)
    if not any(
        CERTIFICATE_RANK.get(level, 0) >= CERTIFICATE_RANK[CertificateLevel.ASSISTANT] for level in levels
    ):
        _value, clause, title = _hz_clause("stations_per_supervisor_max", appointed_on, division.code)
        raise ValidationError(
            {"practitioner": SUPERVISOR_NEEDS_CERTIFICATE % {"clause": clause, "document": title}}
        )
    if Supervisor.objects.filter(practitioner=practitioner, division=division, left_on__isnull=True).exists():
        raise ValidationError(
            {"practitioner": SUPERVISOR_EXISTS % {"name": practitioner.name, "division": division.name}}
        )
    supervisor = Supervisor(
        practitioner=practitioner, division=division, appointed_on=appointed_on, full_time=full_time
    )
    supervisor.save()
    audit_write(actor=actor, instance=supervisor, before=None)
    return supervisor


def _active_assignments(supervisor: Supervisor, on: datetime.date):
    return SupervisionAssignment.objects.filter(supervisor=supervisor, assigned_on__lte=on).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=on)
    )


@implements("HZ-05", kind="flow")
@transaction.atomic
def supervision_assign(
    *, actor, supervisor: Supervisor, station: Station, assigned_on: datetime.date, service_point=None
) -> SupervisionAssignment:
    """Make a supervisor responsible for a station or one of its points; the 7th is refused (at most 6)."""
    _check_reach(actor, station.division)
    if not station.division_id.startswith(supervisor.division_id):
        raise ValidationError({"station": ASSIGNMENT_OUTSIDE})
    if service_point is not None and service_point.station_id != station.pk:
        raise ValidationError({"service_point": POINT_OF_OTHER_STATION})
    # Lock the supervisor's row so two concurrent assignments cannot both pass the limit.
    Supervisor.objects.select_for_update().filter(pk=supervisor.pk).first()
    active = list(_active_assignments(supervisor, assigned_on))
    name = supervisor.practitioner.name
    if any(
        a.station_id == station.pk and a.service_point_id == getattr(service_point, "pk", None)
        for a in active
    ):
        raise ValidationError(
            {"station": ASSIGNMENT_EXISTS % {"name": name, "what": service_point or station}}
        )
    value, clause, title = _hz_clause("stations_per_supervisor_max", assigned_on, supervisor.division_id)
    if value and len(active) >= value.value:
        raise ValidationError(
            {
                "station": ASSIGNMENT_LIMIT
                % {
                    "name": name,
                    "count": len(active),
                    "max": value.value,
                    "clause": clause,
                    "document": title,
                }
            }
        )
    assignment = SupervisionAssignment(
        supervisor=supervisor, station=station, service_point=service_point, assigned_on=assigned_on
    )
    assignment.save()
    audit_write(actor=actor, instance=assignment, before=None)
    return assignment


@transaction.atomic
def supervision_visit_log(
    *,
    actor,
    supervisor: Supervisor,
    station: Station,
    visited_on: datetime.date,
    hours,
    content: str,
    service_point=None,
) -> SupervisionVisit:
    """Record a supervision visit (date, hours, content) to a station the supervisor is assigned to."""
    _check_reach(actor, station.division)
    if not _active_assignments(supervisor, visited_on).filter(station=station).exists():
        raise ValidationError(
            {
                "station": VISIT_NOT_ASSIGNED
                % {
                    "name": supervisor.practitioner.name,
                    "station": station.name,
                    "date": visited_on.isoformat(),
                }
            }
        )
    if service_point is not None and service_point.station_id != station.pk:
        raise ValidationError({"service_point": POINT_OF_OTHER_STATION})
    visit = SupervisionVisit(
        supervisor=supervisor,
        station=station,
        service_point=service_point,
        visited_on=visited_on,
        hours=hours,
        content=content,
    )
    visit.full_clean(exclude=["supervisor", "station", "service_point"], validate_constraints=False)
    visit.save()
    audit_write(actor=actor, instance=visit, before=None)
    return visit


def sample_population(*, division: Division, on: datetime.date):
    """Station staff on post on ``on`` in the division, town leaders excluded, in a fixed order."""
    from .models import CONCURRENT_ROLES

    return (
        StationStaff.objects.filter(subtree_q("station__division", division.code), on_post_from__lte=on)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=on))
        .exclude(role__in=CONCURRENT_ROLES)
        .select_related("station")
        .order_by("pk")
    )


@implements("HZ-05", kind="flow")
@transaction.atomic
def inspection_sample_draw(
    *, actor, division: Division, size: int, drawn_on: datetime.date, seed: int | None = None
) -> InspectionSample:
    """Draw a random sample of station staff for an inspection and record the seed that reproduces it.

    The same seed over the same staff on post draws the same sample.
    """
    import random
    import secrets

    _check_reach(actor, division)
    population = list(sample_population(division=division, on=drawn_on))
    if not population:
        raise ValidationError({"division": SAMPLE_NO_STAFF % {"division": division.name}})
    if seed is None:
        seed = secrets.randbelow(2**31)
    drawn = random.Random(seed).sample(population, min(size, len(population)))
    sample = InspectionSample(
        division=division,
        drawn_on=drawn_on,
        seed=seed,
        size=size,
        population=len(population),
        staff=[{"id": s.pk, "name": s.name, "station": s.station.name} for s in drawn],
        drawn_by=actor,
    )
    sample.full_clean(exclude=["division", "drawn_by"], validate_constraints=False)
    sample.save()
    audit_write(actor=actor, instance=sample, before=None)
    return sample


# Training bases and pilot sites (SM-02, SM-13) -------------------------------------------------------

TRAINING_BASE_NEEDS_COUNTY = _("A training base is designated for a county (city, district).")
TRAINING_BASE_EXISTS = _("%(division)s already has a training base named %(name)s.")
PILOT_SITE_EXISTS = _("A %(level)s named %(name)s already exists.")
DESIGNATED_IN_FUTURE = _("The designation date cannot be in the future.")


@implements("SM-02", kind="record")
@transaction.atomic
def training_base_designate(
    *,
    actor,
    division: Division,
    name: str,
    designated_on: datetime.date,
    host: str = "",
    today: datetime.date | None = None,
) -> TrainingBase:
    """Record a county's designated social work training base (SM-02)."""
    from django.utils import timezone

    today = today or timezone.localdate()
    errors = {}
    if division.level != DivisionLevel.DISTRICT:
        errors["division"] = TRAINING_BASE_NEEDS_COUNTY
    else:
        _check_reach(actor, division)
    name = (name or "").strip()
    if name and TrainingBase.objects.filter(division=division, name=name).exists():
        errors["name"] = TRAINING_BASE_EXISTS % {"division": division.name, "name": name}
    if designated_on and designated_on > today:
        errors["designated_on"] = DESIGNATED_IN_FUTURE
    if errors:
        raise ValidationError(errors)
    base = TrainingBase(division=division, name=name, host=(host or "").strip(), designated_on=designated_on)
    base.full_clean(exclude=["division"], validate_constraints=False)
    base.save()
    audit_write(actor=actor, instance=base, before=None)
    return base


@implements("SM-13", kind="record")
@transaction.atomic
def pilot_site_designate(
    *,
    actor,
    division: Division,
    level: str,
    name: str,
    designated_on: datetime.date,
    description: str = "",
    today: datetime.date | None = None,
) -> PilotSite:
    """Record a provincial or municipal pilot site of workforce building (SM-13)."""
    from django.utils import timezone

    today = today or timezone.localdate()
    _check_reach(actor, division)
    errors = {}
    name = (name or "").strip()
    if name and level in PilotLevel.values and PilotSite.objects.filter(level=level, name=name).exists():
        errors["name"] = PILOT_SITE_EXISTS % {"level": PilotLevel(level).label, "name": name}
    if designated_on and designated_on > today:
        errors["designated_on"] = DESIGNATED_IN_FUTURE
    if errors:
        raise ValidationError(errors)
    site = PilotSite(
        division=division,
        level=level,
        name=name,
        designated_on=designated_on,
        description=(description or "").strip(),
    )
    site.full_clean(exclude=["division"], validate_constraints=False)
    site.save()
    audit_write(actor=actor, instance=site, before=None)
    return site


# Station working rules, signage and service content (JN-05, JN-06, JN-08) ---------------------------

REGULATION_NEEDS_DISTRICT_OR_STATION = _(
    "A working rule belongs to a town station, or to a district for all its stations."
)
REGULATION_UNKNOWN_KIND = _("Unknown type of working rule: %(value)s.")
SIGN_EXISTS = _("%(station)s already has an %(placement)s; record its removal first.")
SIGN_REMOVED_BEFORE = _("A sign cannot be removed before it was put up.")
RECORD_IN_FUTURE = _("The date cannot be in the future.")
RECORD_NEEDS_TOWN_STATION = _("Only a town station keeps these records.")


def _snap(instance, file_field: str) -> dict | None:
    """A snapshot whose file field is its name (a FieldFile is not JSON)."""
    if instance is None:
        return None
    data = snapshot(instance)
    value = getattr(instance, file_field)
    data[file_field] = value.name if value else ""
    return data


def _today(today):
    from django.utils import timezone

    return today or timezone.localdate()


@implements("JN-05", kind="record")
@transaction.atomic
def station_regulation_file(
    *,
    actor,
    kind: str,
    title: str,
    adopted_on: datetime.date,
    station: Station | None = None,
    division: Division | None = None,
    text: str = "",
    file=None,
    today: datetime.date | None = None,
) -> StationRegulation:
    """Put a station working rule on file: for one town station, or for every station of a district."""
    errors = {}
    if station is not None:
        if station.kind != StationKind.TOWN_STATION:
            raise ValidationError({"station": RECORD_NEEDS_TOWN_STATION})
        division = station.division
    elif division is None or division.level != DivisionLevel.DISTRICT:
        raise ValidationError({"division": REGULATION_NEEDS_DISTRICT_OR_STATION})
    _check_reach(actor, division)
    if kind not in RegulationKind.values:
        errors["kind"] = REGULATION_UNKNOWN_KIND % {"value": kind}
    if adopted_on and adopted_on > _today(today):
        errors["adopted_on"] = RECORD_IN_FUTURE
    if not (text or "").strip() and not file:
        errors["text"] = SUBMISSION_EMPTY
    if errors:
        raise ValidationError(errors)
    regulation = StationRegulation(
        division=division,
        station=station,
        kind=kind,
        title=(title or "").strip(),
        adopted_on=adopted_on,
        text=(text or "").strip(),
    )
    if file:
        regulation.file = file
    regulation.full_clean(exclude=["division", "station"], validate_constraints=False)
    regulation.save()
    after = snapshot(regulation)
    after["file"] = regulation.file.name if regulation.file else ""
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, instance=regulation, after=after)
    return regulation


@transaction.atomic
def station_regulation_repeal(
    *, actor, regulation: StationRegulation, repealed_on: datetime.date
) -> StationRegulation:
    """End a working rule (a newer one of the same type usually replaces it)."""
    before = _snap(regulation, "file")
    _check_reach(actor, regulation.division)
    regulation.repealed_on = repealed_on
    regulation.full_clean(exclude=["division", "station", "file"])
    regulation.save(update_fields=["repealed_on", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        instance=regulation,
        before=before,
        after=_snap(regulation, "file"),
    )
    return regulation


# The name JN 三(四) prescribes for a sign, after the district and the town: always Chinese, whatever the
# language of the page or the scan.
SIGN_NAME_SUFFIX = "社会工作服务站"


def sign_wording_for(station: Station) -> str:
    """The wording JN 三(四) prescribes: “XX区（县）XX街道（镇）社会工作服务站”, from the division data."""
    district = station.division.parent.name if station.division.parent_id else ""
    return f"{district}{station.division.name}{SIGN_NAME_SUFFIX}"


@implements("JN-06", kind="record")
@transaction.atomic
def station_sign_record(
    *,
    actor,
    station: Station,
    placement: str,
    wording: str,
    has_logo: bool,
    put_up_on: datetime.date,
    photo=None,
    today: datetime.date | None = None,
) -> StationSign:
    """Record a sign put up at a town station; its wording is checked by the JN-06 rule, not refused."""
    _check_reach(actor, station.division)
    if station.kind != StationKind.TOWN_STATION:
        raise ValidationError({"station": RECORD_NEEDS_TOWN_STATION})
    errors = {}
    if (
        placement in SignPlacement.values
        and StationSign.objects.filter(station=station, placement=placement, removed_on__isnull=True).exists()
    ):
        errors["placement"] = SIGN_EXISTS % {
            "station": station.name,
            "placement": SignPlacement(placement).label,
        }
    if put_up_on and put_up_on > _today(today):
        errors["put_up_on"] = RECORD_IN_FUTURE
    if errors:
        raise ValidationError(errors)
    sign = StationSign(
        station=station,
        placement=placement,
        wording=(wording or "").strip(),
        has_logo=bool(has_logo),
        put_up_on=put_up_on,
    )
    if photo:
        sign.photo = photo
    sign.full_clean(exclude=["station"], validate_constraints=False)
    sign.save()
    after = snapshot(sign)
    after["photo"] = sign.photo.name if sign.photo else ""
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, instance=sign, after=after)
    return sign


@transaction.atomic
def station_sign_remove(*, actor, sign: StationSign, removed_on: datetime.date) -> StationSign:
    """Record that a sign was taken down (to be replaced)."""
    _check_reach(actor, sign.station.division)
    if removed_on < sign.put_up_on:
        raise ValidationError({"removed_on": SIGN_REMOVED_BEFORE})
    before = _snap(sign, "photo")
    sign.removed_on = removed_on
    sign.save(update_fields=["removed_on", "updated_at"])
    audit_record(
        actor=actor, action=AuditEntry.Action.UPDATE, instance=sign, before=before, after=_snap(sign, "photo")
    )
    return sign


@implements("JN-08", kind="record")
@transaction.atomic
def service_content_add(
    *,
    actor,
    station: Station,
    area: str,
    title: str,
    started_on: datetime.date,
    description: str = "",
    ended_on: datetime.date | None = None,
) -> ServiceContentItem:
    """List an item of a town station's service content in its area (JN 三(五))."""
    _check_reach(actor, station.division)
    if station.kind != StationKind.TOWN_STATION:
        raise ValidationError({"station": RECORD_NEEDS_TOWN_STATION})
    item = ServiceContentItem(
        station=station,
        area=area,
        title=(title or "").strip(),
        description=(description or "").strip(),
        started_on=started_on,
        ended_on=ended_on,
    )
    item.full_clean(exclude=["station"])
    item.save()
    audit_write(actor=actor, instance=item, before=None)
    return item


# Community centre staffing (SZ-03) -----------------------------------------------------------------

BAND_NEEDS_CITY_OR_DISTRICT = _("A staffing table belongs to a city or a district.")
BAND_OVERLAPS = _("The population range overlaps the row %(row)s of the same table.")
CENTRE_NEEDS_COMMUNITY = _("A community centre belongs to a community (village-level division).")


def _overlapping(band: StaffingBand):
    upper = band.population_max
    rows = StaffingBand.objects.filter(
        division_id=band.division_id, valid_from=band.valid_from, is_sample=band.is_sample
    ).filter(Q(population_max__isnull=True) | Q(population_max__gte=band.population_min))
    if upper is not None:
        rows = rows.filter(population_min__lte=upper)
    return rows.exclude(pk=band.pk).first()


@implements("SZ-03", kind="record")
@transaction.atomic
def staffing_band_add(
    *,
    actor,
    division: Division,
    population_min: int,
    social_workers_min: int,
    valid_from: datetime.date,
    population_max: int | None = None,
    source: str = "",
    is_sample: bool = False,
) -> StaffingBand:
    """Add a row to a city's or district's staffing table of community centres (SZ-03)."""
    if division.level not in (DivisionLevel.CITY, DivisionLevel.DISTRICT):
        raise ValidationError({"division": BAND_NEEDS_CITY_OR_DISTRICT})
    _check_reach(actor, division)
    band = StaffingBand(
        division=division,
        population_min=population_min,
        population_max=population_max,
        social_workers_min=social_workers_min,
        valid_from=valid_from,
        source=(source or "").strip(),
        is_sample=is_sample,
    )
    band.full_clean(exclude=["division"])
    other = _overlapping(band)
    if other is not None:
        raise ValidationError({"population_min": BAND_OVERLAPS % {"row": str(other)}})
    band.save()
    audit_write(actor=actor, instance=band, before=None)
    return band


@transaction.atomic
def community_centre_report(
    *,
    actor,
    division: Division,
    name: str,
    population: int,
    social_workers: int,
    reported_on: datetime.date,
    provider=None,
    today: datetime.date | None = None,
) -> CommunityCentre:
    """Register a community centre or update its population and staffing (SZ-03)."""
    if division.level != DivisionLevel.VILLAGE:
        raise ValidationError({"division": CENTRE_NEEDS_COMMUNITY})
    _check_reach(actor, division)
    if reported_on and reported_on > _today(today):
        raise ValidationError({"reported_on": RECORD_IN_FUTURE})
    centre = CommunityCentre.objects.filter(division=division).first()
    before = snapshot(centre)
    if centre is None:
        centre = CommunityCentre(division=division)
    centre.name = (name or "").strip()
    centre.population = population
    centre.social_workers = social_workers
    centre.reported_on = reported_on
    centre.provider = provider
    centre.full_clean(exclude=["division", "provider"], validate_constraints=False)
    centre.save()
    audit_write(actor=actor, instance=centre, before=before)
    return centre
