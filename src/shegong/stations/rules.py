"""Rules of the station network: staffing (JN-04, HZ-07), labour contracts (HZ-03), staff on post after
the service contract (JN-12), service points (HZ-10), weekly service hours (JN-07), filings (JN-09, JN-13,
JN-15, HZ-09), supervision (HZ-05), working rules, signage and service content (JN-05, JN-06, JN-08),
community centre staffing by population (SZ-03) and the yearly station evaluation (HZ-04, station part:
the worker part is the workforce rule).

Subjects are town stations (their division is the town), service points and staff. Each rule reads its
numbers from the dated parameters of its document and checks every subject in a fixed number of
queries: staff, certificates and training are annotated or prefetched, never read per row. A station,
point or post counts only from the day it opened or began.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable
from fractions import Fraction
from pathlib import Path

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

from shegong.common.periods import add_months
from shegong.geo.models import Division, DivisionLevel
from shegong.policy.engine import Rule, RuleContext, Severity, Violation, register
from shegong.policy.explain import Listing, Phrase, Section
from shegong.workforce.models import Certificate, EducationLevel, TrainingKind, TrainingRecord

from .deadlines import DueItem
from .models import (
    AFFAIRS_ROLES,
    BASIC_EQUIPMENT,
    CONCURRENT_ROLES,
    POINT_ROLES,
    Employer,
    Equipment,
    PlanContent,
    ServiceHours,
    ServicePoint,
    StationKind,
    StationStaff,
    Submission,
    SubmissionKind,
    SupervisionAssignment,
    SupervisionVisit,
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
        .only(
            "station",
            "name",
            "role",
            "practitioner__birth_date",
            "practitioner__education_level",
            "practitioner__major_is_social_work",
        )
        .annotate(
            certified=Exists(certificates),
            first_pre_job=Subquery(pre_job.order_by("held_on").values("held_on")[:1]),
        )
        .order_by("role", "name", "pk")
    )


def names(staff: Iterable[StationStaff]) -> Listing:
    return Listing((member.name for member in staff), items=True)


def _own_lookup(rule: Rule, ctx: RuleContext):
    """A deadline lookup that answers only for the rule's own document (JN or HZ items); the others are
    skipped, whatever area the rule is applied to."""
    own = rule.spec_id.split("-")[0]
    return lambda prefix, key, code: ctx.param(key, code) if prefix == own else None


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
            .only("station", "name", "on_post_from", "left_on")
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
                    "staff",
                    queryset=StationStaff.objects.filter(on_post(ctx.as_of)).only(
                        "station", "name", "role", "service_point"
                    ),
                    to_attr="on_post",
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
        # Only the columns the rule and its findings read (a province has ~40,000 staff on post).
        on_post_now = (
            subjects.filter(on_post(ctx.as_of))
            .select_related(None)
            .select_related("station", "employer")
            .only(
                "name",
                "role",
                "employer_kind",
                "contract_signed_on",
                "contract_years",
                "employer__name",
                "station__name",
                "station__division",
                "station__provider",
            )
        )
        for staff in on_post_now:
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
        subjects = (
            subjects.filter(opened_on__lte=ctx.as_of)
            .annotate(village_count=Coalesce(Subquery(links[:1]), Value(0)))
            .select_related(None)
            .select_related("station")
            .only("name", "equipment", "station__name", "station__division", "station__provider")
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
            .only("name", "role", "station__name", "station__division", "station__provider")
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


# Plans, reports and deadlines ----------------------------------------------------------------------


def _due_phrase(item: DueItem, as_of: datetime.date):
    """What is wrong with one due item as of a date, or ``None`` when it was filed on time."""
    from .deadlines import Status

    status = item.status(as_of)
    values = {"what": item.kind_label, "period": item.period, "due": item.due_on}
    if status == Status.MISSING:
        return Phrase(_("%(what)s for %(period)s was due on %(due)s and has not been filed"), values)
    if status == Status.LATE:
        values["submitted"] = item.submission.submitted_on
        return Phrase(
            _("%(what)s for %(period)s was filed on %(submitted)s, after its due date %(due)s"), values
        )
    return None


def _item_input(item: DueItem) -> dict:
    return {
        "kind": item.kind,
        "period": item.period,
        "due_on": item.due_on,
        "submitted_on": item.submission.submitted_on if item.submission else None,
    }


class FilingRule(Rule):
    """A district (county) files something with the city by a due date; missing or late is a finding.

    Checks the latest due date before the as-of date: on the due date itself nothing is late yet.
    """

    subject_model = "stations.ReportingDivision"
    subject_kind = "district"
    division_path = "code"
    kind: str = ""
    parameter_key: str = ""

    def subjects(self) -> QuerySet:
        return super().subjects().filter(level=DivisionLevel.DISTRICT)

    @staticmethod
    def fact_date(district, today: datetime.date) -> datetime.date:
        return today

    def window_start(self, as_of: datetime.date) -> datetime.date:
        return datetime.date(as_of.year - 1, 1, 1)

    def extra_problems(self, item: DueItem) -> list:
        return []

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        from .deadlines import attach, district_items

        districts = list(subjects.order_by("code"))
        submissions = Submission.objects.filter(
            kind=self.kind, station__isnull=True, division__in=[d.code for d in districts]
        )
        items = district_items(
            districts,
            start=self.window_start(ctx.as_of),
            end=ctx.as_of - datetime.timedelta(days=1),
            lookup=_own_lookup(self, ctx),
            kinds=[self.kind],
        )
        latest = {}
        for item in attach(items, submissions):
            latest[item.division_id] = item  # sorted by due date: the last one wins
        for district in districts:
            item = latest.get(district.code)
            if item is None:
                continue
            problems = [p for p in [_due_phrase(item, ctx.as_of), *self.extra_problems(item)] if p]
            if problems:
                value = ctx.param(self.parameter_key, district.code)
                yield Violation(
                    subject=district,
                    measured=item.submission.submitted_on if item.submission else "missing",
                    threshold=item.due_on,
                    parameters={self.parameter_key: value},
                    inputs={"district": district.name, **_item_input(item)},
                    context={"problems": Listing(problems), "section": Section(self.clause)},
                )


@register
class AnnualPlanRule(FilingRule):
    """JN-09: each district files its annual station plan with the city by 31 March, and the plan covers
    goals, budget and purchase method, content and schedule, standards and performance evaluation."""

    spec_id = "JN-09"
    document = JINAN
    clause = "四(一)"
    kind = SubmissionKind.ANNUAL_PLAN
    parameter_key = "annual_plan_due"
    parameters = ("annual_plan_due",)
    severity = Severity.MEDIUM
    title = _("Annual station plan of a district")
    explanation = _("%(problems)s, contrary to section %(section)s of %(document)s.")

    def extra_problems(self, item: DueItem) -> list:
        if item.submission is None:
            return []
        missing = [c for c in PlanContent if c.value not in item.submission.contents]
        if not missing:
            return []
        return [
            Phrase(
                _("the plan lacks %(contents)s"),
                {"contents": Listing((c.label for c in missing), items=True)},
            )
        ]


@register
class ImplementationReportRule(FilingRule):
    """JN-15: each district reports the implementation of the station project to the city by 30 November."""

    spec_id = "JN-15"
    document = JINAN
    clause = "四(五)"
    kind = SubmissionKind.IMPLEMENTATION_REPORT
    parameter_key = "implementation_report_due"
    parameters = ("implementation_report_due",)
    severity = Severity.MEDIUM
    title = _("Implementation report of a district")
    explanation = _("%(problems)s, contrary to section %(section)s of %(document)s.")


@register
class PayMeasuresFilingRule(FilingRule):
    """HZ-09: each county files its pay measures for certified station social workers with the city
    before July 2021 (last day 30 June 2021)."""

    spec_id = "HZ-09"
    document = HUIZHOU
    clause = "五(一)三"
    kind = SubmissionKind.PAY_MEASURES
    parameter_key = "pay_measures_filing_deadline"
    parameters = ("pay_measures_filing_deadline",)
    severity = Severity.MEDIUM
    title = _("Pay measures of a county")
    explanation = _("%(problems)s, contrary to item %(section)s of %(document)s.")

    def window_start(self, as_of: datetime.date) -> datetime.date:
        return datetime.date(2000, 1, 1)  # a one-off filing: it stays due until it is made


@register
class StationReportsRule(StationRule):
    """JN-13: a station's provider files a brief for every month of the service contract, a mid-term
    report after half of its term and a final report at its end, each within ``report_due_days`` of the
    end of its period; every such filing missing or late before the as-of date is listed."""

    spec_id = "JN-13"
    document = JINAN
    clause = "四(四)"
    parameters = ("report_due_days", "contract_term")
    severity = Severity.MEDIUM
    title = _("Briefs and reports of a station")
    explanation = _("%(problems)s, contrary to section %(section)s of %(document)s.")

    def subjects(self) -> QuerySet:
        return super().subjects().filter(provider__isnull=False, service_contract_signed_on__isnull=False)

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        from .deadlines import attach, station_items

        stations = list(subjects.filter(service_contract_signed_on__lt=ctx.as_of))
        submissions = Submission.objects.filter(station__in=[s.pk for s in stations])
        items = station_items(
            stations,
            start=datetime.date(2000, 1, 1),
            end=ctx.as_of - datetime.timedelta(days=1),
            lookup=_own_lookup(self, ctx),
        )
        by_station: dict[int, list[DueItem]] = {}
        for item in attach(items, submissions):
            by_station.setdefault(item.station.pk, []).append(item)
        for station in stations:
            overdue = [i for i in by_station.get(station.pk, []) if _due_phrase(i, ctx.as_of)]
            if overdue:
                division = station.division_id
                yield Violation(
                    subject=station,
                    measured=len(overdue),
                    threshold=0,
                    parameters={
                        "report_due_days": ctx.param("report_due_days", division),
                        "contract_term": ctx.param("contract_term", division),
                    },
                    inputs=self.inputs(
                        station,
                        service_contract_signed_on=station.service_contract_signed_on,
                        overdue=[_item_input(i) for i in overdue],
                    ),
                    context={
                        "problems": Listing(_due_phrase(i, ctx.as_of) for i in overdue),
                        "section": Section(self.clause),
                    },
                )


# Supervision (HZ-05) -------------------------------------------------------------------------------


def previous_month(as_of: datetime.date) -> tuple[datetime.date, datetime.date]:
    """First and last day of the calendar month before the month of ``as_of``."""
    first_this = as_of.replace(day=1)
    last = first_this - datetime.timedelta(days=1)
    return last.replace(day=1), last


@register
class SupervisionRule(StationRule):
    """HZ-05: each Huizhou station is supervised at least once a month, each visit lasting at least
    16 hours, by a supervisor responsible for at most 6 stations or points.

    Checks the last full calendar month before the as-of date for stations open that whole month; a
    visit shorter than the minimum does not count. A supervisor of the station holding more than the
    maximum of assignments on the as-of date is a problem of the station too.
    """

    spec_id = "HZ-05"
    document = HUIZHOU
    clause = "四(二)四"
    parameters = (
        "supervision_visits_per_month_min",
        "supervision_hours_per_visit_min",
        "stations_per_supervisor_max",
    )
    severity = Severity.MEDIUM
    title = _("Supervision of a station")
    explanation = _("%(problems)s, contrary to item %(item)s of %(document)s.")

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        first, last = previous_month(ctx.as_of)
        active = Q(assigned_on__lte=ctx.as_of) & (Q(ended_on__isnull=True) | Q(ended_on__gte=ctx.as_of))
        load = (
            SupervisionAssignment.objects.filter(active, supervisor=OuterRef("supervisor_id"))
            .order_by()
            .values("supervisor")
            .annotate(n=Count("pk"))
            .values("n")
        )
        assignments = (
            SupervisionAssignment.objects.filter(active)
            .select_related("supervisor__practitioner")
            .defer("supervisor__practitioner__id_number")
            .annotate(load=Subquery(load[:1]))
            .order_by("pk")
        )
        visits = SupervisionVisit.objects.filter(visited_on__gte=first, visited_on__lte=last).order_by(
            "visited_on", "pk"
        )
        subjects = subjects.filter(opened_on__lte=first).prefetch_related(
            Prefetch("supervision_visits", queryset=visits, to_attr="month_visits"),
            Prefetch("supervision_assignments", queryset=assignments, to_attr="active_assignments"),
        )
        for station in subjects:
            division = station.division_id
            visits_min = ctx.param("supervision_visits_per_month_min", division)
            hours_min = ctx.param("supervision_hours_per_visit_min", division)
            load_max = ctx.param("stations_per_supervisor_max", division)
            counted = [v for v in station.month_visits if v.hours >= hours_min]
            overloaded = {
                a.supervisor.practitioner.name: a.load
                for a in station.active_assignments
                if a.load > load_max
            }
            problems = []
            if len(counted) < visits_min:
                problems.append(
                    Phrase(
                        _(
                            "in %(month)s the station had %(count)s supervision visits of at least %(hours)s hours, fewer than %(minimum)s"
                        ),
                        {
                            "month": first.strftime("%Y-%m"),
                            "count": len(counted),
                            "hours": hours_min,
                            "minimum": visits_min,
                        },
                    )
                )
            for name, count in sorted(overloaded.items()):
                problems.append(
                    Phrase(
                        _(
                            "its supervisor %(name)s supervises %(count)s stations or points, more than %(maximum)s"
                        ),
                        {"name": name, "count": count, "maximum": load_max},
                    )
                )
            if problems:
                yield Violation(
                    subject=station,
                    measured=f"visits={len(counted)}; max_load={max(overloaded.values(), default=0)}",
                    threshold=f"visits>={visits_min}; hours>={hours_min}; load<={load_max}",
                    parameters={
                        "supervision_visits_per_month_min": visits_min,
                        "supervision_hours_per_visit_min": hours_min,
                        "stations_per_supervisor_max": load_max,
                    },
                    inputs=self.inputs(
                        station,
                        month=first.strftime("%Y-%m"),
                        visits=[[v.visited_on, v.hours] for v in station.month_visits],
                        supervisors=overloaded,
                    ),
                    context={"problems": Listing(problems), "item": Section(self.clause)},
                )


# Station working rules, signage and service content (JN-05, JN-06, JN-08) ---------------------------
# These are "record" requirements in SPEC.md, and the registry holds only "rule" requirements: the checks
# run on the station page and the district overview (``record_checks``), not in the findings scan.


class StationRegulationsRule(StationRule):
    """JN-05: an open Jinan station has its working rules on file: personnel, finance, volunteers, use
    of the premises, documents and archives, and the client database.

    A rule counts when it is adopted on or before the as-of date and not repealed by then, and belongs
    to the station or to its district (the district bureau sets rules for all its stations).
    """

    spec_id = "JN-05"
    document = JINAN
    clause = "三(三)"
    severity = Severity.MEDIUM
    title = _("Working rules of a station")
    explanation = _(
        "%(station)s has no %(missing)s rules on file, contrary to section %(section)s of %(document)s."
    )

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        from .models import RegulationKind, StationRegulation

        stations = list(subjects.filter(opened_on__lte=ctx.as_of))
        if not stations:
            return
        districts = {s.division.parent_id for s in stations}
        in_force = (
            StationRegulation.objects.filter(adopted_on__lte=ctx.as_of)
            .filter(Q(repealed_on__isnull=True) | Q(repealed_on__gt=ctx.as_of))
            .filter(Q(station__in=[s.pk for s in stations]) | Q(station__isnull=True, division__in=districts))
            .values_list("station_id", "division_id", "kind")
        )
        by_station: dict[int, set] = {}
        by_district: dict[str, set] = {}
        for station_id, division_id, kind in in_force:
            if station_id:
                by_station.setdefault(station_id, set()).add(kind)
            else:
                by_district.setdefault(division_id, set()).add(kind)
        labels = dict(RegulationKind.choices)
        for station in stations:
            kinds = by_station.get(station.pk, set()) | by_district.get(station.division.parent_id, set())
            missing = [kind for kind in RegulationKind.values if kind not in kinds]
            if missing:
                yield Violation(
                    subject=station,
                    measured=",".join(sorted(kinds)),
                    threshold=",".join(RegulationKind.values),
                    parameters={},
                    inputs=self.inputs(station, on_file=sorted(kinds), missing=missing),
                    context={
                        "station": station.name,
                        "missing": Listing((labels[kind] for kind in missing), items=True),
                        "section": Section(self.clause),
                    },
                )


class StationSignageRule(StationRule):
    """JN-06: an open Jinan station has an outdoor and an indoor sign, each with the China social work
    logo and the wording “XX区（县）XX街道（镇）社会工作服务站” built from the division data."""

    spec_id = "JN-06"
    document = JINAN
    clause = "三(四)"
    severity = Severity.LOW
    title = _("Signage of a station")
    explanation = _("%(problems)s, contrary to section %(section)s of %(document)s.")

    def subjects(self) -> QuerySet:
        return super().subjects().select_related("division__parent")

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        from .models import SignPlacement, StationSign
        from .services import sign_wording_for

        signs = StationSign.objects.filter(put_up_on__lte=ctx.as_of).filter(
            Q(removed_on__isnull=True) | Q(removed_on__gt=ctx.as_of)
        )
        subjects = subjects.filter(opened_on__lte=ctx.as_of).prefetch_related(
            Prefetch("signs", queryset=signs.order_by("placement", "-put_up_on"), to_attr="signs_up")
        )
        for station in subjects:
            expected = sign_wording_for(station)
            by_placement = {}
            for sign in station.signs_up:
                by_placement.setdefault(sign.placement, sign)
            problems = []
            for placement in SignPlacement:
                sign = by_placement.get(placement.value)
                if sign is None:
                    problems.append(
                        Phrase(
                            _("%(station)s has no %(placement)s"),
                            {"station": station.name, "placement": placement.label},
                        )
                    )
                    continue
                if not sign.has_logo:
                    problems.append(
                        Phrase(
                            _("its %(placement)s lacks the China social work logo"),
                            {"placement": placement.label},
                        )
                    )
                if sign.wording != expected:
                    problems.append(
                        Phrase(
                            _("its %(placement)s reads “%(wording)s” instead of “%(expected)s”"),
                            {"placement": placement.label, "wording": sign.wording, "expected": expected},
                        )
                    )
            if problems:
                yield Violation(
                    subject=station,
                    measured="; ".join(
                        f"{s.placement}:{s.wording}:{int(s.has_logo)}" for s in station.signs_up
                    ),
                    threshold=expected,
                    parameters={},
                    inputs=self.inputs(
                        station,
                        expected=expected,
                        signs=[
                            {"placement": s.placement, "wording": s.wording, "logo": s.has_logo}
                            for s in station.signs_up
                        ],
                    ),
                    context={"problems": Listing(problems), "section": Section(self.clause)},
                )


class ServiceContentRule(StationRule):
    """JN-08: an open Jinan station's service content covers professional services, talent development
    and community governance, and lists no confidential or administrative work of the town."""

    spec_id = "JN-08"
    document = JINAN
    clause = "三(五)"
    severity = Severity.MEDIUM
    title = _("Service content of a station")
    explanation = _("%(problems)s, contrary to section %(section)s of %(document)s.")

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        from .models import REQUIRED_SERVICE_AREAS, ServiceArea, ServiceContentItem

        items = ServiceContentItem.objects.filter(started_on__lte=ctx.as_of).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=ctx.as_of)
        )
        subjects = subjects.filter(opened_on__lte=ctx.as_of).prefetch_related(
            Prefetch("service_content", queryset=items.order_by("area", "title"), to_attr="content_now")
        )
        labels = dict(ServiceArea.choices)
        for station in subjects:
            areas = {item.area for item in station.content_now}
            missing = [area for area in REQUIRED_SERVICE_AREAS if area not in areas]
            excluded = [item for item in station.content_now if item.area == ServiceArea.TOWN_AFFAIRS]
            problems = []
            if missing:
                problems.append(
                    Phrase(
                        _("the service content of %(station)s lacks %(areas)s"),
                        {"station": station.name, "areas": Listing((labels[a] for a in missing), items=True)},
                    )
                )
            if excluded:
                problems.append(
                    Phrase(
                        _("it lists work of the town that may not be station services: %(items)s"),
                        {"items": Listing((item.title for item in excluded), items=True)},
                    )
                )
            if problems:
                yield Violation(
                    subject=station,
                    measured=f"areas={','.join(sorted(areas))}; town_affairs={len(excluded)}",
                    threshold=",".join(REQUIRED_SERVICE_AREAS),
                    parameters={},
                    inputs=self.inputs(
                        station,
                        items=[{"area": i.area, "title": i.title} for i in station.content_now],
                    ),
                    context={"problems": Listing(problems), "section": Section(self.clause)},
                )


# Community centre staffing by population (SZ-03) -----------------------------------------------------


SAMPLE_TABLE = Path(__file__).parent / "data" / "community_staffing_sample.yaml"


@functools.cache
def sample_bands() -> tuple:
    """The shipped sample staffing table as unsaved rows marked ``is_sample`` (SZ-03)."""
    import yaml

    from .models import StaffingBand

    data = yaml.safe_load(SAMPLE_TABLE.read_text(encoding="utf-8"))
    return tuple(
        StaffingBand(
            division_id=str(data["division"]),
            valid_from=data["valid_from"],
            is_sample=True,
            source=data["source"],
            **row,
        )
        for row in data["rows"]
    )


def staffing_bands(on: datetime.date) -> list:
    """Every staffing table row valid from ``on`` or before: the bureaus' rows and the sample (one query)."""
    from .models import StaffingBand

    return [*StaffingBand.objects.filter(valid_from__lte=on).order_by("pk"), *sample_bands()]


def staffing_table(bands: Iterable, *, code: str, on: datetime.date) -> list:
    """The staffing table that applies to a division on a date, from rows read once.

    The nearest division with rows valid on the date wins; within it a bureau's own rows replace the
    shipped sample rows; within those the latest ``valid_from`` wins.
    """
    valid = [
        b
        for b in bands
        if code.startswith(b.division_id)
        and b.valid_from <= on
        and (b.valid_until is None or b.valid_until >= on)
    ]
    if not valid:
        return []
    nearest = max(len(b.division_id) for b in valid)
    valid = [b for b in valid if len(b.division_id) == nearest]
    own = [b for b in valid if not b.is_sample]
    valid = own or valid
    latest = max(b.valid_from for b in valid)
    return sorted((b for b in valid if b.valid_from == latest), key=lambda b: b.population_min)


def band_for(table: list, population: int):
    return next((band for band in table if band.covers(population)), None)


@register
class CommunityCentreStaffingRule(Rule):
    """SZ-03: a Shenzhen community centre's project staffs at least the social workers its population
    calls for in the staffing table (Annex 1; editable data, a shipped sample until a bureau sets it).

    The population and staffing are those last reported on or before the as-of date.
    """

    spec_id = "SZ-03"
    document = "shenzhen-2020-measures"
    clause = "(三)"
    subject_model = "stations.CommunityCentre"
    subject_kind = "community centre"
    division_path = "division"
    organization_path = "provider"
    severity = Severity.MEDIUM
    title = _("Social workers of a community centre by population")
    explanation = _(
        "%(name)s serves %(population)s residents and has %(measured)s social workers, fewer than the "
        "%(threshold)s of the staffing table%(sample)s under section %(section)s of %(document)s."
    )

    @staticmethod
    def fact_date(centre, today: datetime.date) -> datetime.date:
        return today

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        bands = staffing_bands(ctx.as_of)
        for centre in subjects.filter(reported_on__lte=ctx.as_of).order_by("division_id"):
            table = staffing_table(bands, code=centre.division_id, on=ctx.as_of)
            band = band_for(table, centre.population)
            if band is None or centre.social_workers >= band.social_workers_min:
                continue
            yield Violation(
                subject=centre,
                measured=centre.social_workers,
                threshold=band.social_workers_min,
                parameters={
                    "staffing_band": {
                        "id": band.pk,
                        "division": band.division_id,
                        "population_min": band.population_min,
                        "population_max": band.population_max,
                        "social_workers_min": band.social_workers_min,
                        "valid_from": band.valid_from,
                        "is_sample": band.is_sample,
                    }
                },
                inputs={
                    "name": centre.name,
                    "population": centre.population,
                    "social_workers": centre.social_workers,
                    "reported_on": centre.reported_on,
                },
                context={
                    "name": centre.name,
                    "population": centre.population,
                    "measured": centre.social_workers,
                    "threshold": band.social_workers_min,
                    "sample": _(" (sample values)") if band.is_sample else "",
                    "section": Section(self.clause),
                },
            )


# Third-party evaluation of Huizhou stations (HZ-04, station part) ------------------------------------


@register
class StationEvaluationCheck(StationRule):
    """HZ-04 (station part): each Huizhou station open on 31 December has its yearly third-party
    evaluation filed by that day. The worker part (assessment by 31 October) is the workforce rule.
    """

    spec_id = "HZ-04"
    part = "station"
    document = HUIZHOU
    clause = "四(二)三"
    parameters = ("station_evaluation_due",)
    severity = Severity.MEDIUM
    title = _("Third-party evaluation of a station by 31 December")
    explanation = _("%(problems)s, contrary to item %(item)s of %(document)s.")

    def evaluate(self, subjects, ctx: RuleContext) -> Iterable[Violation]:
        from .deadlines import attach, station_items

        stations = list(subjects.order_by("division_id"))
        items = station_items(
            stations,
            start=datetime.date(ctx.as_of.year - 1, 1, 1),
            end=ctx.as_of - datetime.timedelta(days=1),
            lookup=_own_lookup(self, ctx),
        )
        submissions = Submission.objects.filter(
            kind=SubmissionKind.STATION_EVALUATION, station__in=[s.pk for s in stations]
        )
        latest = {}
        for item in attach(items, submissions):
            latest[item.station.pk] = item
        for station in stations:
            item = latest.get(station.pk)
            problem = _due_phrase(item, ctx.as_of) if item else None
            if problem is None:
                continue
            due = ctx.param("station_evaluation_due", station.division_id)
            yield Violation(
                subject=station,
                measured=item.submission.submitted_on if item.submission else "missing",
                threshold=item.due_on,
                parameters={"station_evaluation_due": due},
                inputs=self.inputs(station, **_item_input(item)),
                context={"problems": Listing([problem]), "item": Section(self.clause)},
            )


RECORD_CHECKS = (StationRegulationsRule(), StationSignageRule(), ServiceContentRule())


def record_checks(*, stations: QuerySet, as_of: datetime.date) -> dict[int, list[str]]:
    """What the records of each station lack (JN-05, JN-06, JN-08), explained in the active language.

    A fixed number of queries per check, whatever the number of stations.
    """
    from django.utils.translation import get_language

    from shegong.policy.engine import evaluate_rule
    from shegong.policy.library import load_library
    from shegong.policy.scanning import clause_label

    language = "en" if (get_language() or "").startswith("en") else "zh-hans"
    gaps: dict[int, list[str]] = {}
    for check in RECORD_CHECKS:
        document = load_library().document(check.document)
        title = document.title if language == "zh-hans" else document.title_en
        label = clause_label(document.clause(check.clause).label, language)
        for violation in evaluate_rule(check, as_of=as_of, subjects=stations).violations:
            gaps.setdefault(violation.subject.pk, []).append(
                check.explain(violation, language=language, document_title=title, clause_label=label)
            )
    return gaps
