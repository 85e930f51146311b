"""Job postings (SZ-05, SM-12), unified recruitment (HZ-11), the talent pool and volunteers (SM-14).

A posting is an opening of a purchased project or a station, published on the platform; candidates are
practitioners of the registry (a hire needs a filed one). An application moves through the stages of
the unified recruitment (报名 → 笔试 → 面试 → 体检 → 公示 → 录用); the public notice (公示) lasts a
dated parameter's number of days, during which objections may be filed.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.common.models import BaseModel
from shegong.common.scoping import Scope
from shegong.procurement.domains import ServiceDomain
from shegong.workforce.models import Rank


class PostingState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


class Posting(BaseModel):
    """An opening (招聘岗位) of a purchased project or a station, published on the platform (SZ-05)."""

    title = models.CharField(_("post"), max_length=100)
    rank = models.CharField(_("rank"), max_length=30, choices=Rank.choices)
    domain = models.CharField(_("service domain"), max_length=40, choices=ServiceDomain.choices)
    project = models.ForeignKey(
        "procurement.Project",
        verbose_name=_("purchased project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    station = models.ForeignKey(
        "stations.Station",
        verbose_name=_("station"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    employer = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The organisation that signs the labour contract."),
    )
    division = models.ForeignKey(
        "geo.Division",
        verbose_name=_("division"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The division of the project's purchaser or of the station."),
    )
    openings = models.PositiveSmallIntegerField(
        _("openings"), default=1, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    requirements = models.TextField(_("requirements"))
    pay_min = models.DecimalField(_("monthly pay from (yuan)"), max_digits=9, decimal_places=2)
    pay_max = models.DecimalField(_("monthly pay up to (yuan)"), max_digits=9, decimal_places=2)
    guide_monthly_pay = models.DecimalField(
        _("salary guide pay (yuan per month)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "The salary guide's monthly pay of the rank in the domain, when the posting was published."
        ),
    )
    unified = models.BooleanField(
        _("unified recruitment"),
        default=False,
        help_text=_(
            "Written exam, interview, medical examination and public notice before the hire (HZ-11)."
        ),
    )
    opens_on = models.DateField(_("applications open on"))
    closes_on = models.DateField(_("applications close on"))
    state = models.CharField(
        _("state"), max_length=20, choices=PostingState.choices, default=PostingState.DRAFT, db_index=True
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    jurisdiction_scope = Scope(division="division", organization="employer")

    class Meta:
        ordering = ["-opens_on", "-id"]
        verbose_name = _("job posting")
        verbose_name_plural = _("job postings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(project__isnull=False, station__isnull=True)
                | models.Q(project__isnull=True, station__isnull=False),
                name="posting_of_a_project_or_a_station",
                violation_error_message=_("Choose either a purchased project or a station."),
            ),
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="posting_closes_after_opening",
                violation_error_message=_("Applications cannot close before they open."),
            ),
            models.CheckConstraint(
                condition=models.Q(pay_max__gte=models.F("pay_min")) & models.Q(pay_min__gte=0),
                name="posting_pay_range",
                violation_error_message=_("The upper end of the pay cannot be below the lower end."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Stage(models.TextChoices):
    """Stages of an application; the unified recruitment passes all of them in this order (HZ-11)."""

    APPLIED = "applied", _("Application")
    WRITTEN_EXAM = "written_exam", _("Written exam")
    INTERVIEW = "interview", _("Interview")
    MEDICAL = "medical", _("Medical examination")
    NOTICE = "notice", _("Public notice")
    HIRED = "hired", _("Hired")
    REJECTED = "rejected", _("Not selected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ApplicationSource(models.TextChoices):
    APPLIED = "applied", _("The practitioner applied")
    INVITED = "invited", _("Invited from the talent pool")


class Application(BaseModel):
    """A practitioner's candidacy for a posting, with the scores of each stage."""

    posting = models.ForeignKey(
        Posting, verbose_name=_("job posting"), on_delete=models.CASCADE, related_name="applications"
    )
    practitioner = models.ForeignKey(
        "workforce.Practitioner",
        verbose_name=_("practitioner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(
        _("source"), max_length=20, choices=ApplicationSource.choices, default=ApplicationSource.APPLIED
    )
    applied_on = models.DateField(_("applied on"))
    accepted_on = models.DateField(
        _("invitation accepted on"),
        null=True,
        blank=True,
        help_text=_("Two-way selection: the day the practitioner accepted the employer's invitation."),
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.APPLIED, db_index=True
    )
    written_score = models.DecimalField(
        _("written exam score"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    interview_score = models.DecimalField(
        _("interview score"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    medical_passed = models.BooleanField(_("passed the medical examination"), null=True, blank=True)
    notice_starts_on = models.DateField(_("public notice from"), null=True, blank=True)
    notice_ends_on = models.DateField(_("public notice until"), null=True, blank=True)
    notice_clause = models.CharField(_("notice period clause"), max_length=100, blank=True)
    hired_on = models.DateField(_("hired on"), null=True, blank=True)
    employment = models.OneToOneField(
        "workforce.Employment",
        verbose_name=_("employment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    jurisdiction_scope = Scope(division="posting__division", organization="posting__employer")

    class Meta:
        ordering = ["posting", "-applied_on", "id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["posting", "practitioner"],
                name="application_once_per_posting",
                violation_error_message=_("This practitioner is already a candidate for this posting."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.posting_id}/{self.practitioner_id}"


class ApplicationStep(models.Model):
    """One move of an application from a stage to the next: when, who, the score and a note."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="steps"
    )
    from_stage = models.CharField(_("from"), max_length=20, choices=Stage.choices)
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage.choices)
    taken_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["application", "taken_on", "id"]
        verbose_name = _("recruitment step")
        verbose_name_plural = _("recruitment steps")

    def __str__(self) -> str:
        return f"{self.from_stage} → {self.to_stage}"


class ObjectionOutcome(models.TextChoices):
    PENDING = "pending", pgettext_lazy("objection", "Being examined")
    SUSTAINED = "sustained", pgettext_lazy("objection", "Sustained")
    DISMISSED = "dismissed", pgettext_lazy("objection", "Dismissed")


class Objection(BaseModel):
    """An objection (异议) to a candidate filed during the public notice."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="objections"
    )
    received_on = models.DateField(_("received on"))
    summary = models.CharField(_("what the objection says"), max_length=2000)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=ObjectionOutcome.choices, default=ObjectionOutcome.PENDING
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    outcome_note = models.CharField(_("outcome note"), max_length=1000, blank=True)

    jurisdiction_scope = Scope(
        division="application__posting__division", organization="application__posting__employer"
    )

    class Meta:
        ordering = ["application", "received_on", "id"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self) -> str:
        return f"{self.received_on} {self.summary[:30]}"


class TalentPoolEntry(BaseModel):
    """A practitioner who chose to be found by employers (人才库, SM-12)."""

    practitioner = models.OneToOneField(
        "workforce.Practitioner",
        verbose_name=_("practitioner"),
        on_delete=models.CASCADE,
        related_name="talent_pool_entry",
    )
    joined_on = models.DateField(_("joined on"))
    domain = models.CharField(
        _("preferred service domain"), max_length=40, choices=ServiceDomain.choices, blank=True
    )
    rank = models.CharField(_("rank sought"), max_length=30, choices=Rank.choices, blank=True)
    summary = models.CharField(
        _("experience and skills"),
        max_length=1000,
        help_text=_("Shown to officers and organisations. Do not enter ID numbers or phone numbers."),
    )
    left_on = models.DateField(_("left on"), null=True, blank=True)

    jurisdiction_scope = Scope(division="practitioner__division", organization="practitioner__employer")

    class Meta:
        ordering = ["-joined_on", "id"]
        verbose_name = _("talent pool entry")
        verbose_name_plural = _("talent pool")

    def __str__(self) -> str:
        return str(self.practitioner_id)


# Volunteers (志愿者, SM-14) -----------------------------------------------------------------------------


class Volunteer(BaseModel):
    """A registered volunteer of a division (社工引领志愿者，志愿者协助社工)."""

    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    division = models.ForeignKey(
        "geo.Division", verbose_name=_("division"), on_delete=models.PROTECT, related_name="+"
    )
    registered_on = models.DateField(_("registered on"))
    skills = models.CharField(_("skills"), max_length=500, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    jurisdiction_scope = Scope(division="division")

    class Meta:
        ordering = ["division", "name", "id"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")

    def __str__(self) -> str:
        return self.name


class Pairing(BaseModel):
    """A volunteer paired with a social worker who guides them (SM-14)."""

    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.CASCADE, related_name="pairings"
    )
    practitioner = models.ForeignKey(
        "workforce.Practitioner",
        verbose_name=_("social worker"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_on = models.DateField(_("paired from"))
    ends_on = models.DateField(_("paired until"), null=True, blank=True)

    jurisdiction_scope = Scope(division="volunteer__division")

    class Meta:
        ordering = ["volunteer", "-starts_on", "id"]
        verbose_name = _("pairing")
        verbose_name_plural = _("pairings")

    def __str__(self) -> str:
        return f"{self.volunteer_id} ↔ {self.practitioner_id}"


class Activity(BaseModel):
    """A volunteer activity (志愿服务活动) with the hours each volunteer served in it."""

    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("held on"))
    division = models.ForeignKey(
        "geo.Division", verbose_name=_("division"), on_delete=models.PROTECT, related_name="+"
    )
    description = models.CharField(_("description"), max_length=1000, blank=True)
    volunteers = models.ManyToManyField(
        Volunteer, verbose_name=_("volunteers"), through="Participation", related_name="activities"
    )

    jurisdiction_scope = Scope(division="division")

    class Meta:
        ordering = ["-held_on", "id"]
        verbose_name = _("volunteer activity")
        verbose_name_plural = _("volunteer activities")

    def __str__(self) -> str:
        return self.title


class Participation(models.Model):
    """A volunteer's part in an activity and the hours served."""

    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.CASCADE)
    volunteer = models.ForeignKey(Volunteer, verbose_name=_("volunteer"), on_delete=models.CASCADE)
    hours = models.DecimalField(
        _("service hours"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )

    class Meta:
        ordering = ["activity", "volunteer"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["activity", "volunteer"], name="participation_once"),
            models.CheckConstraint(
                condition=models.Q(hours__gt=0) & models.Q(hours__lte=24), name="participation_hours_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id}/{self.volunteer_id}"


class CaseAssistance(BaseModel):
    """A volunteer's help on a case (志愿者协助社工), visible to the case's social worker."""

    case = models.ForeignKey("cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="+")
    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.PROTECT, related_name="assistance"
    )
    assisted_on = models.DateField(_("date"))
    hours = models.DecimalField(
        _("service hours"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    description = models.CharField(_("what the volunteer did"), max_length=1000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    jurisdiction_scope = Scope(
        division="case__household__division", worker="case__household__assigned_worker"
    )

    class Meta:
        ordering = ["case", "-assisted_on", "id"]
        verbose_name = _("volunteer assistance on a case")
        verbose_name_plural = _("volunteer assistance on cases")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gt=0) & models.Q(hours__lte=24), name="case_assistance_hours_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id}/{self.volunteer_id}"
