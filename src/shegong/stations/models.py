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
        # StaffRole(...).label, not get_role_display(): that hashes every choice label per call, which a
        # scan writing 20,000 staff findings pays 20,000 times (issue 11).
        role = StaffRole(self.role).label if self.role in StaffRole.values else self.role
        return f"{self.name}（{role}）"


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
    """What a district or a station's provider files, and by which clause (JN-09, JN-13, JN-15, HZ-04, HZ-09).

    A Huizhou station's third-party evaluation (HZ-04) is filed for the station by the district.
    """

    ANNUAL_PLAN = "annual_plan", _("District annual station plan")
    MONTHLY_BRIEF = "monthly_brief", _("Monthly work brief")
    MID_TERM_REPORT = "mid_term_report", _("Mid-term work report")
    FINAL_REPORT = "final_report", _("Final work report")
    IMPLEMENTATION_REPORT = "implementation_report", _("District implementation report")
    PAY_MEASURES = "pay_measures", _("County pay measures for station social workers")
    STATION_EVALUATION = "station_evaluation", _("Third-party evaluation of a station and its points")


# Filed by a district (county) about itself; the others by a station's provider about the station.
DISTRICT_KINDS = (
    SubmissionKind.ANNUAL_PLAN,
    SubmissionKind.IMPLEMENTATION_REPORT,
    SubmissionKind.PAY_MEASURES,
)
STATION_KINDS = (
    SubmissionKind.MONTHLY_BRIEF,
    SubmissionKind.MID_TERM_REPORT,
    SubmissionKind.FINAL_REPORT,
    SubmissionKind.STATION_EVALUATION,
)


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


# Training bases and pilot sites (SM-02, SM-13) ----------------------------------------------------


class TrainingBase(BaseModel):
    """A social work training base designated in a county (社会工作者教育培训专门基地, SM-02: 1–2 per county)."""

    division = models.ForeignKey(
        "geo.Division",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The county (city, district) the base serves."),
    )
    name = models.CharField(_("name"), max_length=200)
    host = models.CharField(
        _("host institution"),
        max_length=200,
        blank=True,
        help_text=_("The school, college or centre the base relies on."),
    )
    designated_on = models.DateField(_("designated on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    jurisdiction_scope = Scope(division="division")

    class Meta:
        ordering = ["division", "name"]
        verbose_name = _("training base")
        verbose_name_plural = _("training bases")
        constraints = [
            models.UniqueConstraint(fields=["division", "name"], name="training_base_unique_name"),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(closed_on__gte=models.F("designated_on")),
                name="training_base_closes_after_designation",
                violation_error_message=_("A training base cannot close before it is designated."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PilotLevel(models.TextChoices):
    PROVINCIAL = "provincial", _("Provincial pilot")
    MUNICIPAL = "municipal", _("Municipal pilot")


class PilotSite(BaseModel):
    """A pilot site of social work workforce building (社会工作专业人才队伍建设试点, SM-13)."""

    division = models.ForeignKey(
        "geo.Division",
        verbose_name=_("division"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The area or the unit's division where the pilot runs."),
    )
    level = models.CharField(_("level"), max_length=20, choices=PilotLevel.choices)
    name = models.CharField(_("name"), max_length=200)
    designated_on = models.DateField(_("designated on"))
    description = models.TextField(_("description"), blank=True)

    jurisdiction_scope = Scope(division="division")

    class Meta:
        ordering = ["level", "division", "name"]
        verbose_name = _("pilot site")
        verbose_name_plural = _("pilot sites")
        constraints = [
            models.UniqueConstraint(fields=["level", "name"], name="pilot_site_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


# Station rules, signage and service content (JN-05, JN-06, JN-08) -----------------------------------


class RegulationKind(models.TextChoices):
    """The working rules a station operates under (JN 三(三))."""

    PERSONNEL = "personnel", _("Personnel management")
    FINANCE = "finance", _("Financial management")
    VOLUNTEERS = "volunteers", _("Volunteer management")
    VENUE = "venue", _("Use of the service premises")
    ARCHIVES = "archives", _("Documents and archives")
    CLIENT_DATABASE = "client_database", _("Client database management")


class StationRegulation(BaseModel):
    """A working rule on file (工作制度): for one station, or for every station of a district.

    JN 三(三): the district civil-affairs bureau sets up the rules; a district-wide rule has no
    ``station`` and its ``division`` is the district, a station's own rule its station and town.
    """

    division = models.ForeignKey(
        "geo.Division", verbose_name=_("division"), on_delete=models.PROTECT, related_name="+"
    )
    station = models.ForeignKey(
        Station,
        verbose_name=_("station"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="regulations",
        help_text=_("Leave empty for a rule the district sets for all its stations."),
    )
    kind = models.CharField(_("type"), max_length=30, choices=RegulationKind.choices)
    title = models.CharField(_("title"), max_length=200)
    adopted_on = models.DateField(_("adopted on"))
    repealed_on = models.DateField(_("repealed on"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to="station-regulations/%Y/", blank=True)

    jurisdiction_scope = Scope(division="division")

    class Meta:
        ordering = ["division", "kind", "-adopted_on"]
        verbose_name = _("station working rule")
        verbose_name_plural = _("station working rules")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(repealed_on__isnull=True)
                | models.Q(repealed_on__gte=models.F("adopted_on")),
                name="station_regulation_repealed_after_adoption",
                violation_error_message=_("A rule cannot be repealed before it is adopted."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SignPlacement(models.TextChoices):
    OUTDOOR = "outdoor", _("Outdoor sign")
    INDOOR = "indoor", _("Indoor sign")


class StationSign(BaseModel):
    """A station's sign (标牌), outdoors or indoors: the China social work logo and the station's name.

    JN 三(四): 中国社会工作标识 + “XX区（县）XX街道（镇）社会工作服务站”.
    """

    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.CASCADE, related_name="signs"
    )
    placement = models.CharField(_("placement"), max_length=20, choices=SignPlacement.choices)
    wording = models.CharField(_("wording"), max_length=200)
    has_logo = models.BooleanField(_("shows the China social work logo"), default=False)
    put_up_on = models.DateField(_("put up on"))
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    photo = models.FileField(_("photo"), upload_to="station-signs/%Y/", blank=True)

    jurisdiction_scope = Scope(division="station__division", organization="station__provider")

    class Meta:
        ordering = ["station", "placement", "-put_up_on"]
        verbose_name = _("station sign")
        verbose_name_plural = _("station signs")
        constraints = [
            models.UniqueConstraint(
                fields=["station", "placement"],
                condition=models.Q(removed_on__isnull=True),
                name="station_sign_one_per_placement",
                violation_error_message=_("The station already has a sign in this placement."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_placement_display()}：{self.wording}"


class ServiceArea(models.TextChoices):
    """What a station's service content belongs to (JN 三(五)); the last is excluded by the clause."""

    PROFESSIONAL_SERVICE = "professional_service", _("Professional social work services")
    TALENT_DEVELOPMENT = "talent_development", _("Social work talent development")
    COMMUNITY_GOVERNANCE = "community_governance", _("Participation in community governance")
    TOWN_AFFAIRS = "town_affairs", _("Confidential or administrative work of the town")


# The areas a station's service content covers; TOWN_AFFAIRS may not be listed (JN 三(五)).
REQUIRED_SERVICE_AREAS = (
    ServiceArea.PROFESSIONAL_SERVICE,
    ServiceArea.TALENT_DEVELOPMENT,
    ServiceArea.COMMUNITY_GOVERNANCE,
)


class ServiceContentItem(BaseModel):
    """One item of a station's service content (服务内容), in one area, from a start date."""

    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.CASCADE, related_name="service_content"
    )
    area = models.CharField(_("area"), max_length=30, choices=ServiceArea.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    jurisdiction_scope = Scope(division="station__division", organization="station__provider")

    class Meta:
        ordering = ["station", "area", "title"]
        verbose_name = _("service content item")
        verbose_name_plural = _("service content")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="service_content_ends_after_start",
                violation_error_message=_("An item cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


# Community centre staffing by population (SZ-03) ----------------------------------------------------


class StaffingBand(BaseModel):
    """One row of a staffing table: a community of this population gets at least this many workers.

    SZ (三) refers to its Annex 1 for the table, which the seed does not contain: the platform ships
    a sample table (``is_sample``) until a bureau enters its own rows. The table of the nearest
    division wins, and a bureau's own rows replace the sample rows of the same division.
    """

    division = models.ForeignKey(
        "geo.Division",
        verbose_name=_("division"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The city or district whose community centres the row applies to."),
    )
    population_min = models.PositiveIntegerField(_("population from"))
    population_max = models.PositiveIntegerField(
        _("population up to"),
        null=True,
        blank=True,
        help_text=_("Inclusive; leave empty for no upper limit."),
    )
    social_workers_min = models.PositiveSmallIntegerField(_("social workers (at least)"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    is_sample = models.BooleanField(
        _("sample value"), default=False, help_text=_("Shipped with the platform, not set by a bureau.")
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    jurisdiction_scope = Scope(division="division")

    class Meta:
        ordering = ["division", "-valid_from", "population_min"]
        verbose_name = _("staffing table row")
        verbose_name_plural = _("staffing table")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(population_max__isnull=True)
                | models.Q(population_max__gte=models.F("population_min")),
                name="staffing_band_range_ordered",
                violation_error_message=_("The upper population must not be below the lower one."),
            ),
        ]

    def __str__(self) -> str:
        upper = self.population_max if self.population_max is not None else "∞"
        return f"{self.population_min}–{upper}: {self.social_workers_min}"

    def covers(self, population: int) -> bool:
        return self.population_min <= population and (
            self.population_max is None or population <= self.population_max
        )


class CommunityCentre(BaseModel):
    """A community party-mass service centre (社区党群服务中心) and the social workers its project staffs."""

    division = models.ForeignKey(
        "geo.Division",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The community (village-level division) the centre serves."),
    )
    name = models.CharField(_("name"), max_length=200)
    population = models.PositiveIntegerField(_("resident population"))
    social_workers = models.PositiveSmallIntegerField(_("social workers on post"))
    reported_on = models.DateField(_("reported on"))
    provider = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("provider"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    jurisdiction_scope = Scope(division="division", organization="provider")

    class Meta:
        ordering = ["division", "name"]
        verbose_name = _("community centre")
        verbose_name_plural = _("community centres")
        constraints = [
            models.UniqueConstraint(
                fields=["division"],
                name="community_centre_one_per_community",
                violation_error_message=_("This community already has a centre."),
            ),
        ]

    def __str__(self) -> str:
        return self.name
