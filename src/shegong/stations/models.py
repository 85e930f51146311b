"""The station network (社工站 / 社工点): stations, service points, staff and their weekly service hours.

A town station (街道（镇）社会工作服务站) belongs to a town or street of the division tree, a district hub
(区县社会工作服务总站) to a district and the city guidance platform to a city; each division holds at most
one of its kind (JN-04: one station per town; JN-03: one hub per district). A service point (社工点)
belongs to a station and covers neighbouring villages of the station's town (HZ-10).
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.common.models import BaseModel
from shegong.common.scoping import Scope
from shegong.geo.models import Division, DivisionLevel


class StationKind(models.TextChoices):
    TOWN_STATION = "town_station", _("Town station")
    DISTRICT_HUB = "district_hub", _("District hub")
    CITY_PLATFORM = "city_platform", _("City guidance platform")


# The level of the division each kind of station belongs to.
KIND_LEVEL = {
    StationKind.TOWN_STATION: DivisionLevel.TOWN,
    StationKind.DISTRICT_HUB: DivisionLevel.DISTRICT,
    StationKind.CITY_PLATFORM: DivisionLevel.CITY,
}


class Station(BaseModel):
    """A town station, a district hub or the city guidance platform.

    ``provider`` is the organisation that runs it under a purchased-service contract (Jinan); a town
    may also run its station itself (Huizhou), then ``provider`` is empty.
    """

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("type"), max_length=20, choices=StationKind.choices, default=StationKind.TOWN_STATION
    )
    division = models.ForeignKey(
        "geo.Division",
        verbose_name=_("division"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The town or street of a station, the district of a hub, the city of the platform."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    services = models.TextField(_("services offered"), blank=True)
    provider = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("provider"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stations",
        help_text=_("Leave empty when the town runs the station itself."),
    )
    service_contract_signed_on = models.DateField(
        _("service contract signed on"),
        null=True,
        blank=True,
        help_text=_("The day the purchased-service contract with the provider was signed."),
    )
    opened_on = models.DateField(_("opened on"))

    jurisdiction_scope = Scope(division="division", organization="provider")

    class Meta:
        ordering = ["division", "kind"]
        verbose_name = _("station")
        verbose_name_plural = _("stations")
        constraints = [
            models.UniqueConstraint(
                fields=["division", "kind"],
                name="station_one_per_division_and_kind",
                violation_error_message=_("This division already has a station of this type."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Equipment(models.TextChoices):
    """Office equipment of a service point (HZ 五(二)二: 电脑、打印机等办公设备)."""

    COMPUTER = "computer", _("Computer")
    PRINTER = "printer", _("Printer")
    TELEPHONE = "telephone", _("Telephone")
    INTERNET = "internet", _("Internet access")
    DESK = "desk", _("Desks and chairs")
    FILING_CABINET = "filing_cabinet", _("Filing cabinet")


# The basic equipment every point has: the clause names computers and printers.
BASIC_EQUIPMENT = (Equipment.COMPUTER, Equipment.PRINTER)


class ServicePoint(BaseModel):
    """A service point (社工点) a station places in a village, serving neighbouring villages."""

    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.CASCADE, related_name="points"
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    villages = models.ManyToManyField(
        "geo.Division",
        verbose_name=_("villages served"),
        related_name="service_points",
        blank=True,
    )
    equipment = models.JSONField(_("equipment"), default=list, blank=True)
    opened_on = models.DateField(_("opened on"))

    jurisdiction_scope = Scope(division="station__division", organization="station__provider")

    class Meta:
        ordering = ["station", "name"]
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        constraints = [
            models.UniqueConstraint(fields=["station", "name"], name="service_point_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def equipment_labels(self) -> list[str]:
        labels = dict(Equipment.choices)
        return [str(labels.get(item, item)) for item in self.equipment]


class StaffRole(models.TextChoices):
    """Roles at a station (HZ 四(二)一) and the resident social workers of a Jinan station."""

    HEAD = "head", _("Station head")
    EXECUTIVE_DEPUTY = "executive_deputy", _("Executive deputy head")
    DEPUTY_HEAD = "deputy_head", _("Deputy head")
    AFFAIRS_WORKER = "affairs_worker", _("Affairs-post social worker")
    DISABILITY_COMMISSIONER = "disability_commissioner", _("Disability commissioner")
    RESIDENT_WORKER = "resident_worker", _("Resident social worker")
    POINT_LIAISON = "point_liaison", _("Service-point liaison")
    POINT_WORKER = "point_worker", _("Service-point social worker")


# Town leaders who hold the post besides their office (兼任): not resident staff of the station.
CONCURRENT_ROLES = (StaffRole.HEAD, StaffRole.EXECUTIVE_DEPUTY)
# The three affairs posts of a Huizhou station (HZ 五(一)一).
AFFAIRS_ROLES = (StaffRole.DEPUTY_HEAD, StaffRole.AFFAIRS_WORKER, StaffRole.DISABILITY_COMMISSIONER)
# Service posts sit at a service point.
POINT_ROLES = (StaffRole.POINT_LIAISON, StaffRole.POINT_WORKER)


class Employer(models.TextChoices):
    TOWN = "town", _("The town (street)")
    ORGANIZATION = "organization", _("An organisation")


class StationStaff(BaseModel):
    """A person on post at a station or one of its points: a registered practitioner or a named person."""

    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.CASCADE, related_name="staff"
    )
    practitioner = models.ForeignKey(
        "workforce.Practitioner",
        verbose_name=_("practitioner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="station_posts",
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    role = models.CharField(_("role"), max_length=30, choices=StaffRole.choices)
    service_point = models.ForeignKey(
        ServicePoint,
        verbose_name=_("service point"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    employer_kind = models.CharField(
        _("employer"), max_length=20, choices=Employer.choices, default=Employer.TOWN
    )
    employer = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("employing organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    contract_signed_on = models.DateField(_("labour contract signed on"), null=True, blank=True)
    contract_years = models.PositiveSmallIntegerField(
        _("contract term (years)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    on_post_from = models.DateField(_("on post from"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    jurisdiction_scope = Scope(division="station__division", organization="station__provider")

    class Meta:
        ordering = ["station", "role", "name"]
        verbose_name = _("station staff member")
        verbose_name_plural = _("station staff")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True) | models.Q(left_on__gte=models.F("on_post_from")),
                name="station_staff_leaves_after_start",
                violation_error_message=_("A staff member cannot leave before taking up the post."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"


class ServiceHours(BaseModel):
    """Hours a staff member served in communities and villages in one week (JN-07)."""

    staff = models.ForeignKey(
        StationStaff, verbose_name=_("staff member"), on_delete=models.CASCADE, related_name="service_hours"
    )
    week_start = models.DateField(_("week starting"), help_text=_("The Monday of the week."))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("168"))],
    )

    jurisdiction_scope = Scope(division="staff__station__division", organization="staff__station__provider")

    class Meta:
        ordering = ["staff", "-week_start"]
        verbose_name = _("weekly service hours")
        verbose_name_plural = _("weekly service hours")
        constraints = [
            models.UniqueConstraint(fields=["staff", "week_start"], name="service_hours_one_per_week"),
        ]

    def __str__(self) -> str:
        return f"{self.staff_id} {self.week_start} {self.hours}h"


# Plans, reports and deadlines -----------------------------------------------------------------------


class SubmissionKind(models.TextChoices):
    """What a district or a station's provider files, and by which clause (JN-09, JN-13, JN-15, HZ-09)."""

    ANNUAL_PLAN = "annual_plan", _("District annual station plan")
    MONTHLY_BRIEF = "monthly_brief", _("Monthly work brief")
    MID_TERM_REPORT = "mid_term_report", _("Mid-term work report")
    FINAL_REPORT = "final_report", _("Final work report")
    IMPLEMENTATION_REPORT = "implementation_report", _("District implementation report")
    PAY_MEASURES = "pay_measures", _("County pay measures for station social workers")


# Filed by a district (county) about itself; the others by a station's provider about the station.
DISTRICT_KINDS = (
    SubmissionKind.ANNUAL_PLAN,
    SubmissionKind.IMPLEMENTATION_REPORT,
    SubmissionKind.PAY_MEASURES,
)
STATION_KINDS = (SubmissionKind.MONTHLY_BRIEF, SubmissionKind.MID_TERM_REPORT, SubmissionKind.FINAL_REPORT)


class PlanContent(models.TextChoices):
    """The contents an annual plan must have (JN 四(一))."""

    GOALS = "goals", _("Project goals")
    BUDGET = "budget", _("Budget and purchase method")
    SCHEDULE = "schedule", _("Content and schedule")
    STANDARDS = "standards", _("Quality and quantity standards of stations")
    EVALUATION = "evaluation", _("Performance evaluation")


class Submission(BaseModel):
    """A plan or report filed with the level above, for one period, against a due date.

    ``period`` is the year (``2022``) of a plan, an implementation report or the pay measures, the month
    (``2022-05``) of a monthly brief, and the contract's signing month of a mid-term or final report.
    ``due_on`` is computed from the dated parameters when the item is filed.
    """

    kind = models.CharField(_("type"), max_length=30, choices=SubmissionKind.choices)
    division = models.ForeignKey(
        "geo.Division", verbose_name=_("division"), on_delete=models.PROTECT, related_name="+"
    )
    station = models.ForeignKey(
        Station,
        verbose_name=_("station"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    period = models.CharField(_("period"), max_length=7)
    due_on = models.DateField(_("due on"))
    submitted_on = models.DateField(_("submitted on"))
    submitted_by = models.ForeignKey(
        "accounts.User", verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to="submissions/%Y/", blank=True)
    contents = models.JSONField(_("contents"), default=list, blank=True)

    jurisdiction_scope = Scope(division="division", organization="station__provider")

    class Meta:
        ordering = ["due_on", "kind", "division"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "division", "period"],
                condition=models.Q(station__isnull=True),
                name="submission_one_per_division_period",
            ),
            models.UniqueConstraint(
                fields=["kind", "station", "period"],
                condition=models.Q(station__isnull=False),
                name="submission_one_per_station_period",
            ),
        ]

    def __str__(self) -> str:
        where = self.station.name if self.station_id else self.division.name
        return f"{where} {self.get_kind_display()} {self.period}"

    @property
    def is_late(self) -> bool:
        return self.submitted_on > self.due_on

    @property
    def content_labels(self) -> list[str]:
        labels = dict(PlanContent.choices)
        return [str(labels.get(item, item)) for item in self.contents]


class ReportingDivision(Division):
    """A district (county) as the subject of a filing rule (JN-09, JN-15, HZ-09).

    A proxy of ``geo.Division`` so that a finding's division is the district itself: the rule engine
    reads a subject's division through ``<division_path>_id``.
    """

    class Meta:
        proxy = True
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    @property
    def code_id(self) -> str:
        return self.code


# Supervision (HZ-05) -------------------------------------------------------------------------------


class Supervisor(BaseModel):
    """A practitioner appointed to supervise stations and points of a county (督导员).

    HZ 四(二)四: supervisors hold at least the assistant social worker certificate; the service checks it.
    """

    practitioner = models.ForeignKey(
        "workforce.Practitioner",
        verbose_name=_("practitioner"),
        on_delete=models.PROTECT,
        related_name="supervisor_posts",
    )
    division = models.ForeignKey(
        "geo.Division",
        verbose_name=_("district or county"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    full_time = models.BooleanField(_("full-time county staff"), default=False)
    appointed_on = models.DateField(_("appointed on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    jurisdiction_scope = Scope(division="division")

    class Meta:
        ordering = ["division", "practitioner__name"]
        verbose_name = _("supervisor")
        verbose_name_plural = _("supervisors")
        constraints = [
            models.UniqueConstraint(
                fields=["practitioner", "division"],
                condition=models.Q(left_on__isnull=True),
                name="supervisor_one_active_post_per_division",
            )
        ]

    def __str__(self) -> str:
        return self.practitioner.name


class SupervisionAssignment(BaseModel):
    """A station or service point a supervisor is responsible for (at most 6 at a time, HZ 四(二)四)."""

    supervisor = models.ForeignKey(
        Supervisor, verbose_name=_("supervisor"), on_delete=models.CASCADE, related_name="assignments"
    )
    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.CASCADE, related_name="supervision_assignments"
    )
    service_point = models.ForeignKey(
        ServicePoint,
        verbose_name=_("service point"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="supervision_assignments",
        help_text=_("Leave empty when the supervisor is responsible for the station itself."),
    )
    assigned_on = models.DateField(_("assigned on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    jurisdiction_scope = Scope(division="station__division", organization="station__provider")

    class Meta:
        ordering = ["supervisor", "station", "service_point"]
        verbose_name = _("supervision assignment")
        verbose_name_plural = _("supervision assignments")

    def __str__(self) -> str:
        return str(self.service_point or self.station)


class SupervisionVisit(BaseModel):
    """One supervision visit to a station (or one of its points): date, hours and content."""

    supervisor = models.ForeignKey(
        Supervisor, verbose_name=_("supervisor"), on_delete=models.PROTECT, related_name="visits"
    )
    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.CASCADE, related_name="supervision_visits"
    )
    service_point = models.ForeignKey(
        ServicePoint,
        verbose_name=_("service point"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="supervision_visits",
    )
    visited_on = models.DateField(_("visited on"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("72"))],
    )
    content = models.TextField(_("content of the visit"))

    jurisdiction_scope = Scope(division="station__division", organization="station__provider")

    class Meta:
        ordering = ["-visited_on", "station"]
        verbose_name = _("supervision visit")
        verbose_name_plural = _("supervision visits")

    def __str__(self) -> str:
        return f"{self.station} {self.visited_on}"


class InspectionSample(BaseModel):
    """A random sample of station staff drawn for an inspection; the seed reproduces it."""

    division = models.ForeignKey(
        "geo.Division", verbose_name=_("division"), on_delete=models.PROTECT, related_name="+"
    )
    drawn_on = models.DateField(_("drawn on"))
    seed = models.BigIntegerField(_("seed"))
    size = models.PositiveSmallIntegerField(_("sample size"), validators=[MinValueValidator(1)])
    population = models.PositiveIntegerField(_("staff on post"))
    staff = models.JSONField(_("staff drawn"), default=list)
    drawn_by = models.ForeignKey(
        "accounts.User", verbose_name=_("drawn by"), on_delete=models.PROTECT, related_name="+"
    )

    jurisdiction_scope = Scope(division="division")

    class Meta:
        ordering = ["-drawn_on", "-pk"]
        verbose_name = _("inspection sample")
        verbose_name_plural = _("inspection samples")

    def __str__(self) -> str:
        return f"{self.division_id} {self.drawn_on} #{self.seed}"
