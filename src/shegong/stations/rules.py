"""Rules of the station network: staffing (JN-04, HZ-07), labour contracts (HZ-03), staff on post after
the service contract (JN-12), service points (HZ-10) and weekly service hours (JN-07).

Subjects are town stations (their division is the town), service points and staff. Each rule reads its
numbers from the dated parameters of its document and checks every subject in a fixed number of
queries: staff, certificates and training are annotated or prefetched, never read per row. A station,
point or post counts only from the day it opened or began.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from fractions import Fraction

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from shegong.geo.models import Division, DivisionLevel
from shegong.policy.engine import Rule, RuleContext, Severity, Violation, register
from shegong.procurement.periods import add_months
from shegong.procurement.rules import Listing, Phrase, Section
from shegong.workforce.models import Certificate, EducationLevel, TrainingKind, TrainingRecord

from .models import (
    AFFAIRS_ROLES,
    BASIC_EQUIPMENT,
    CONCURRENT_ROLES,
    POINT_ROLES,
    Employer,
    Equipment,
    ServiceHours,
    ServicePoint,
    StationKind,
    StationStaff,
)

JINAN = "jinan-2021-station-plan"
HUIZHOU = "huizhou-2021-double-hundred"

# 大专及以上学历: junior college (大专) or any degree above it.
COLLEGE_OR_ABOVE = (
    EducationLevel.JUNIOR_COLLEGE,
    EducationLevel.BACHELOR,
    EducationLevel.MASTER,
    EducationLevel.DOCTORATE,
)
HOURS = DecimalField(max_digits=6, decimal_places=1)


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Completed years of age on ``day`` (周岁)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def on_post(as_of: datetime.date, prefix: str = "") -> Q:
    """Staff holding their post on ``as_of``."""
    return Q(**{f"{prefix}on_post_from__lte": as_of}) & (
        Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gte": as_of})
    )


def staff_on_post(as_of: datetime.date) -> QuerySet[StationStaff]:
    """Staff on post on ``as_of`` with what the rules read about them, in one query.

    ``certified``: a certificate issued on or before the date; ``first_pre_job``: the day of the first
    pre-job training.
    """
    certificates = Certificate.objects.filter(practitioner=OuterRef("practitioner_id"), issued_on__lte=as_of)
    pre_job = TrainingRecord.objects.filter(
        practitioner=OuterRef("practitioner_id"), kind=TrainingKind.PRE_JOB
    )
    return (
        StationStaff.objects.filter(on_post(as_of))
        .select_related("practitioner")
        .annotate(
            certified=Exists(certificates),
            first_pre_job=Subquery(pre_job.order_by("held_on").values("held_on")[:1]),
        )
        .order_by("role", "name", "pk")
    )


def names(staff: Iterable[StationStaff]) -> Listing:
    return Listing((member.name for member in staff), items=True)


class StationRule(Rule):
    subject_model = "stations.Station"
    subject_kind = "station"
    division_path = "division"
    organization_path = "provider"

    def subjects(self) -> QuerySet:
        return super().subjects().filter(kind=StationKind.TOWN_STATION).select_related("division", "provider")

    @staticmethod
    def fact_date(station, today: datetime.date) -> datetime.date:
        return today

    @staticmethod
    def inputs(station, **extra) -> dict:
        return {
            "station": station.name,
            "division": station.division_id,
            "provider": station.provider_id,
            "opened_on": station.opened_on,
            **extra,
        }


@register
class StationStaffingRule(StationRule):
    """JN-04: a station has at least 3 staff, each aged 40 or under with college education or above,
    and at least 2/3 of them hold a social-work qualification (a certificate, or a degree in social work
    or a related major).

    The staff are those on post on the as-of date, without the town leaders who head the station
    besides their office. A person not in the practitioner registry cannot show age, education or a
    qualification, so counts as meeting none of them. 40周岁以下 includes 40 (以下 includes the number).
    """

    spec_id = "JN-04"
    document = JINAN
    clause = "三(二)"
    parameters = ("station_staff_min", "station_staff_age_max", "qualified_staff_share_min")
    severity = Severity.HIGH
    title = _("Staff of a station")
    explanation = _("%(problems)s, contrary to section %(section)s of %(document)s.")

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        subjects = subjects.filter(opened_on__lte=ctx.as_of).prefetch_related(
            Prefetch(
                "staff",
                queryset=staff_on_post(ctx.as_of).exclude(role__in=CONCURRENT_ROLES),
                to_attr="on_post",
            )
        )
        for station in subjects:
            division = station.division_id
            minimum = ctx.param("station_staff_min", division)
            age_max = ctx.param("station_staff_age_max", division)
            share_min = Fraction(ctx.param("qualified_staff_share_min", division))
            staff = station.on_post
            registered = [s for s in staff if s.practitioner_id]
            unregistered = [s for s in staff if not s.practitioner_id]
            too_old = [s for s in registered if age_on(s.practitioner.birth_date, ctx.as_of) > age_max]
            under_educated = [s for s in registered if s.practitioner.education_level not in COLLEGE_OR_ABOVE]
            qualified = [s for s in registered if s.certified or s.practitioner.major_is_social_work]
            share = Fraction(len(qualified), len(staff)) if staff else Fraction(0)
            problems = []
            if len(staff) < minimum:
                problems.append(
                    Phrase(
                        _("%(count)s staff are on post, fewer than %(minimum)s"),
                        {"count": len(staff), "minimum": minimum},
                    )
                )
            if too_old:
                problems.append(
                    Phrase(_("%(names)s are older than %(age)s"), {"names": names(too_old), "age": age_max})
                )
            if under_educated:
                problems.append(
                    Phrase(
                        _("%(names)s have no college education or above"), {"names": names(under_educated)}
                    )
                )
            if unregistered:
                problems.append(
                    Phrase(
                        _(
                            "%(names)s are not in the practitioner registry (age, education and qualification unknown)"
                        ),
                        {"names": names(unregistered)},
                    )
                )
            if staff and share < share_min:
                problems.append(
                    Phrase(
                        _(
                            "%(qualified)s of %(count)s staff hold a social-work qualification, fewer than %(share)s"
                        ),
                        {"qualified": len(qualified), "count": len(staff), "share": share_min},
                    )
                )
            if problems:
                yield Violation(
                    subject=station,
                    measured=f"staff={len(staff)}; qualified={len(qualified)}; over_age={len(too_old)}; "
                    f"below_college={len(under_educated)}; unregistered={len(unregistered)}",
                    threshold=f"staff>={minimum}; age<={age_max}; qualified>={share_min}",
                    parameters={
                        "station_staff_min": minimum,
                        "station_staff_age_max": age_max,
                        "qualified_staff_share_min": str(share_min),
                    },
                    inputs=self.inputs(
                        station,
                        staff=[
                            {
                                "name": s.name,
                                "practitioner": s.practitioner_id,
                                "role": s.role,
                                "age": age_on(s.practitioner.birth_date, ctx.as_of)
                                if s.practitioner_id
                                else None,
                                "education": s.practitioner.education_level if s.practitioner_id else None,
                                "certified": bool(s.certified),
                                "related_major": s.practitioner.major_is_social_work
                                if s.practitioner_id
                                else None,
                            }
                            for s in staff
                        ],
                    ),
                    context={"problems": Listing(problems), "section": Section(self.clause)},
                )


@register
class StaffOnPostAfterContractRule(StationRule):
    """JN-12: within 1 month of signing the service contract, the provider has trained staff on post.

    Checked from the day after the deadline (the same day one month after signing): at least the
    minimum staff of a station (JN-04, 3) were on post by the deadline, each with pre-job training held
    on or before it.
    """

    spec_id = "JN-12"
    document = JINAN
    clause = "四(四)"
    parameters = ("staff_on_post_within", "station_staff_min")
    severity = Severity.MEDIUM
    title = _("Trained staff on post after the service contract")
    explanation = _(
        "The service contract was signed on %(signed_on)s; by %(deadline)s only %(measured)s trained staff "
        "were on post instead of %(threshold)s, contrary to section %(section)s of %(document)s."
    )

    def subjects(self) -> QuerySet:
        return super().subjects().filter(provider__isnull=False, service_contract_signed_on__isnull=False)

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        pre_job = TrainingRecord.objects.filter(
            practitioner=OuterRef("practitioner_id"), kind=TrainingKind.PRE_JOB
        )
        staff = (
            StationStaff.objects.exclude(role__in=CONCURRENT_ROLES)
            .filter(practitioner__isnull=False)
            .annotate(first_pre_job=Subquery(pre_job.order_by("held_on").values("held_on")[:1]))
            .order_by("on_post_from", "pk")
        )
        subjects = subjects.filter(service_contract_signed_on__lt=ctx.as_of).prefetch_related(
            Prefetch("staff", queryset=staff, to_attr="trained_candidates")
        )
        for station in subjects:
            division = station.division_id
            months = ctx.param("staff_on_post_within", division)
            minimum = ctx.param("station_staff_min", division)
            deadline = add_months(station.service_contract_signed_on, months)
            if ctx.as_of <= deadline:
                continue
            trained = [
                s
                for s in station.trained_candidates
                if s.on_post_from <= deadline
                and (s.left_on is None or s.left_on >= deadline)
                and s.first_pre_job is not None
                and s.first_pre_job <= deadline
            ]
            if len(trained) < minimum:
                yield Violation(
                    subject=station,
                    measured=len(trained),
                    threshold=minimum,
                    parameters={"staff_on_post_within": months, "station_staff_min": minimum},
                    inputs=self.inputs(
                        station,
                        service_contract_signed_on=station.service_contract_signed_on,
                        deadline=deadline,
                        trained_on_post=[s.name for s in trained],
                    ),
                    context={
                        "signed_on": station.service_contract_signed_on,
                        "deadline": deadline,
                        "measured": len(trained),
                        "threshold": minimum,
                        "section": Section(self.clause),
                    },
                )


@register
class StationPostsRule(StationRule):
    """HZ-07: a station has 3 affairs posts (deputy head, professional social worker, disability
    commissioner); each service point has at least 1 service-post worker; and the service posts of the
    town together number at least its villages, counted from the division data."""

    spec_id = "HZ-07"
    document = HUIZHOU
    clause = "五(一)一"
    parameters = ("station_affairs_posts", "service_point_staff_min", "service_staff_per_village_min")
    severity = Severity.HIGH
    title = _("Affairs and service posts of a station")
    explanation = _("%(problems)s, contrary to item %(item)s of %(document)s.")

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        villages = (
            Division.objects.filter(parent_id=OuterRef("division_id"), level=DivisionLevel.VILLAGE)
            .order_by()
            .values("parent_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        point_staff = StationStaff.objects.filter(on_post(ctx.as_of), service_point=OuterRef("pk"))
        points = (
            ServicePoint.objects.filter(opened_on__lte=ctx.as_of)
            .annotate(
                workers=Coalesce(
                    Subquery(
                        point_staff.order_by().values("service_point").annotate(n=Count("pk")).values("n")[:1]
                    ),
                    Value(0),
                )
            )
            .order_by("name", "pk")
        )
        subjects = (
            subjects.filter(opened_on__lte=ctx.as_of)
            .annotate(village_count=Coalesce(Subquery(villages[:1]), Value(0)))
            .prefetch_related(
                Prefetch(
                    "staff", queryset=StationStaff.objects.filter(on_post(ctx.as_of)), to_attr="on_post"
                ),
                Prefetch("points", queryset=points, to_attr="open_points"),
            )
        )
        for station in subjects:
            division = station.division_id
            affairs_min = ctx.param("station_affairs_posts", division)
            per_point = ctx.param("service_point_staff_min", division)
            per_village = ctx.param("service_staff_per_village_min", division)
            affairs = [s for s in station.on_post if s.role in AFFAIRS_ROLES]
            service = [s for s in station.on_post if s.role in POINT_ROLES]
            missing_roles = [role.label for role in AFFAIRS_ROLES if role not in {s.role for s in affairs}]
            understaffed = [p for p in station.open_points if p.workers < per_point]
            required_service = station.village_count * per_village
            problems = []
            if len(affairs) < affairs_min or missing_roles:
                problems.append(
                    Phrase(
                        _("%(count)s affairs posts are filled instead of %(minimum)s (missing: %(roles)s)"),
                        {
                            "count": len(affairs),
                            "minimum": affairs_min,
                            "roles": Listing(missing_roles, items=True) if missing_roles else "—",
                        },
                    )
                )
            if understaffed:
                problems.append(
                    Phrase(
                        _("service points %(points)s have fewer than %(minimum)s worker"),
                        {"points": Listing((p.name for p in understaffed), items=True), "minimum": per_point},
                    )
                )
            if len(service) < required_service:
                problems.append(
                    Phrase(
                        _("%(count)s service-post workers serve the %(villages)s villages of %(town)s"),
                        {
                            "count": len(service),
                            "villages": station.village_count,
                            "town": station.division.name,
                        },
                    )
                )
            if problems:
                yield Violation(
                    subject=station,
                    measured=f"affairs={len(affairs)}; service={len(service)}; "
                    f"understaffed_points={len(understaffed)}",
                    threshold=f"affairs>={affairs_min}; per_point>={per_point}; service>={required_service}",
                    parameters={
                        "station_affairs_posts": affairs_min,
                        "service_point_staff_min": per_point,
                        "service_staff_per_village_min": per_village,
                    },
                    inputs=self.inputs(
                        station,
                        villages=station.village_count,
                        affairs=[[s.name, s.role] for s in affairs],
                        service=[[s.name, s.service_point_id] for s in service],
                        points={p.name: p.workers for p in station.open_points},
                    ),
                    context={"problems": Listing(problems), "item": Section(self.clause)},
                )


@register
class LabourContractRule(Rule):
    """HZ-03: from July 2021 the town employs its station social workers directly on 3-year labour contracts.

    Applies to everyone on post but the town leaders who head the station besides their office. A worker
    integrated earlier under a contract signed before that day keeps it while it runs (五(一)三).
    """

    spec_id = "HZ-03"
    document = HUIZHOU
    clause = "四(二)二"
    subject_model = "stations.StationStaff"
    subject_kind = "station staff"
    division_path = "station__division"
    organization_path = "station__provider"
    parameters = ("labour_contract_term", "direct_employment_from")
    severity = Severity.MEDIUM
    title = _("Labour contract of a station social worker")
    explanation = _(
        "%(problems)s, contrary to item %(item)s of %(document)s (3-year labour contracts with the town)."
    )

    def subjects(self) -> QuerySet:
        return (
            super()
            .subjects()
            .filter(station__kind=StationKind.TOWN_STATION)
            .exclude(role__in=CONCURRENT_ROLES)
            .select_related("station", "station__division", "employer")
        )

    @staticmethod
    def fact_date(staff, today: datetime.date) -> datetime.date:
        return today

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        for staff in subjects.filter(on_post(ctx.as_of)):
            division = staff.station.division_id
            term = ctx.param("labour_contract_term", division)
            direct_from = ctx.param("direct_employment_from", division)
            if ctx.as_of < direct_from:
                continue
            signed = staff.contract_signed_on
            if (
                signed
                and signed < direct_from
                and add_months(signed, 12 * (staff.contract_years or 0)) > ctx.as_of
            ):
                continue  # an earlier contract runs out its term
            problems = []
            if staff.employer_kind != Employer.TOWN:
                employer = staff.employer.name if staff.employer_id else "—"
                problems.append(
                    Phrase(_("employed by %(employer)s, not by the town"), {"employer": employer})
                )
            if not signed:
                problems.append(_("no labour contract is recorded"))
            elif staff.contract_years != term:
                problems.append(
                    Phrase(
                        _("the labour contract runs %(years)s years instead of %(term)s"),
                        {"years": staff.contract_years, "term": term},
                    )
                )
            if problems:
                yield Violation(
                    subject=staff,
                    measured=f"employer={staff.employer_kind}; years={staff.contract_years or 0}",
                    threshold=f"employer=town; years={term}",
                    parameters={"labour_contract_term": term, "direct_employment_from": direct_from},
                    inputs={
                        "name": staff.name,
                        "station": staff.station.name,
                        "role": staff.role,
                        "employer_kind": staff.employer_kind,
                        "employer": staff.employer_id,
                        "contract_signed_on": signed,
                        "contract_years": staff.contract_years,
                    },
                    context={
                        "problems": Phrase(
                            _("%(name)s: %(list)s"), {"name": staff.name, "list": Listing(problems)}
                        ),
                        "item": Section(self.clause),
                    },
                )


@register
class ServicePointRule(Rule):
    """HZ-10: a service point serves about 3 neighbouring villages and has the basic office equipment.

    "About": a point serving more villages than the unit of 3 plus the tolerance (parameter
    ``villages_per_service_point_tolerance``, 1) is a finding, as is a point serving none. Fewer than 3
    is allowed: remote and scattered villages may be organised differently (五(二)二). The basic
    equipment is what the clause names: a computer and a printer.
    """

    spec_id = "HZ-10"
    document = HUIZHOU
    clause = "五(二)二"
    subject_model = "stations.ServicePoint"
    subject_kind = "service point"
    division_path = "station__division"
    organization_path = "station__provider"
    parameters = ("villages_per_service_point", "villages_per_service_point_tolerance")
    severity = Severity.MEDIUM
    title = _("Villages and equipment of a service point")
    explanation = _("%(problems)s, contrary to item %(item)s of %(document)s.")

    def subjects(self) -> QuerySet:
        return super().subjects().select_related("station", "station__division")

    @staticmethod
    def fact_date(point, today: datetime.date) -> datetime.date:
        return today

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        links = (
            ServicePoint.villages.through.objects.filter(servicepoint_id=OuterRef("pk"))
            .order_by()
            .values("servicepoint_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        subjects = subjects.filter(opened_on__lte=ctx.as_of).annotate(
            village_count=Coalesce(Subquery(links[:1]), Value(0))
        )
        labels = dict(Equipment.choices)
        for point in subjects:
            division = point.station.division_id
            unit = ctx.param("villages_per_service_point", division)
            tolerance = ctx.param("villages_per_service_point_tolerance", division)
            missing = [item for item in BASIC_EQUIPMENT if item not in (point.equipment or [])]
            problems = []
            if point.village_count == 0:
                problems.append(_("The point serves no village"))
            elif point.village_count > unit + tolerance:
                problems.append(
                    Phrase(
                        _("The point serves %(count)s villages, more than about %(unit)s"),
                        {"count": point.village_count, "unit": unit},
                    )
                )
            if missing:
                problems.append(
                    Phrase(
                        _("it lacks %(items)s"),
                        {"items": Listing((labels[item] for item in missing), items=True)},
                    )
                )
            if problems:
                yield Violation(
                    subject=point,
                    measured=f"villages={point.village_count}; missing={','.join(missing) or '-'}",
                    threshold=f"1<=villages<={unit + tolerance}; equipment={','.join(BASIC_EQUIPMENT)}",
                    parameters={
                        "villages_per_service_point": unit,
                        "villages_per_service_point_tolerance": tolerance,
                    },
                    inputs={
                        "point": point.name,
                        "station": point.station.name,
                        "villages": point.village_count,
                        "equipment": list(point.equipment or []),
                    },
                    context={"problems": Listing(problems), "item": Section(self.clause)},
                )


def week_before(as_of: datetime.date) -> datetime.date:
    """The Monday of the last full week (Monday to Sunday) before the week of ``as_of``."""
    return as_of - datetime.timedelta(days=as_of.weekday() + 7)


@register
class WeeklyServiceHoursRule(Rule):
    """JN-07: station staff serve in communities and villages at least 24 hours a week.

    Checks the last full week before the as-of date, for everyone on post that whole week except the
    town leaders; a week without a logged entry counts as 0 hours.
    """

    spec_id = "JN-07"
    document = JINAN
    clause = "三(五)"
    subject_model = "stations.StationStaff"
    subject_kind = "station staff"
    division_path = "station__division"
    organization_path = "station__provider"
    parameters = ("community_service_hours_per_week_min",)
    severity = Severity.MEDIUM
    title = _("Weekly service hours in communities and villages")
    explanation = _(
        "%(name)s served %(measured)s hours in communities and villages in the week of %(week)s, fewer "
        "than the %(threshold)s hours a week of section %(section)s of %(document)s."
    )

    def subjects(self) -> QuerySet:
        return (
            super()
            .subjects()
            .filter(station__kind=StationKind.TOWN_STATION)
            .exclude(role__in=CONCURRENT_ROLES)
            .select_related("station")
        )

    @staticmethod
    def fact_date(staff, today: datetime.date) -> datetime.date:
        return today

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        monday = week_before(ctx.as_of)
        sunday = monday + datetime.timedelta(days=6)
        logged = ServiceHours.objects.filter(staff=OuterRef("pk"), week_start=monday).values("hours")[:1]
        subjects = (
            subjects.filter(on_post_from__lte=monday, station__opened_on__lte=monday)
            .filter(Q(left_on__isnull=True) | Q(left_on__gte=sunday))
            .annotate(week_hours=Coalesce(Subquery(logged, output_field=HOURS), Value(0), output_field=HOURS))
        )
        for staff in subjects:
            minimum = ctx.param("community_service_hours_per_week_min", staff.station.division_id)
            if staff.week_hours < minimum:
                hours = f"{staff.week_hours.normalize():f}"
                yield Violation(
                    subject=staff,
                    measured=staff.week_hours,
                    threshold=minimum,
                    parameters={"community_service_hours_per_week_min": minimum},
                    inputs={"name": staff.name, "station": staff.station.name, "week_start": monday},
                    context={
                        "name": staff.name,
                        "measured": hours,
                        "threshold": minimum,
                        "week": monday,
                        "section": Section(self.clause),
                    },
                )
