"""The practitioner registry (社会工作者 / 从业人员): filing, certificates, employment, training hours."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.common.encryption import EncryptedTextField
from shegong.common.models import BaseModel
from shegong.common.scoping import Scope
from shegong.procurement.domains import ServiceDomain


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class EducationLevel(models.TextChoices):
    SECONDARY = "secondary", _("Secondary school or below")
    JUNIOR_COLLEGE = "junior_college", _("Junior college")
    BACHELOR = "bachelor", _("Bachelor's degree")
    MASTER = "master", _("Master's degree")
    DOCTORATE = "doctorate", _("Doctorate")


class FilingState(models.TextChoices):
    """States of the filing (备案) and registration flow."""

    APPLIED = "applied", _("Applied")
    UNDER_REVIEW = "under_review", _("Under review")
    FILED = "filed", _("Filed")
    SUSPENDED = "suspended", _("Suspended")
    DEREGISTERED = "deregistered", _("Deregistered")


# Which states each state may move to; the services refuse anything else.
FILING_TRANSITIONS: dict[str, tuple[str, ...]] = {
    FilingState.APPLIED: (FilingState.UNDER_REVIEW, FilingState.DEREGISTERED),
    FilingState.UNDER_REVIEW: (FilingState.FILED, FilingState.APPLIED, FilingState.DEREGISTERED),
    FilingState.FILED: (FilingState.SUSPENDED, FilingState.DEREGISTERED),
    FilingState.SUSPENDED: (FilingState.FILED, FilingState.DEREGISTERED),
    FilingState.DEREGISTERED: (),
}


class Rank(models.TextChoices):
    """SM-12 / SZ (六): the rank ladder of practitioners (社会工作人才职级), lowest first.

    The entry conditions and promotion rules of each rank are dated data with their clause in
    ``workforce/ranks.yaml`` (see :mod:`shegong.workforce.ranks`).
    """

    TRAINEE = "trainee", _("Social work trainee")
    ASSISTANT = "assistant", _("Assistant social worker rank")
    SOCIAL_WORKER = "social_worker", _("Social worker rank")
    SUPERVISOR = "supervisor", _("Supervisor")
    SENIOR_SUPERVISOR = "senior_supervisor", _("Senior supervisor")


RANK_ORDER = {rank: n for n, rank in enumerate(Rank.values, start=1)}


class Practitioner(BaseModel):
    """A social-work practitioner in the registry of a division.

    The resident ID number is stored encrypted; ``id_number_hash`` (a keyed hash) finds a number
    exactly without decrypting the table, and ``id_number_masked`` is what lists show.
    """

    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    name_pinyin = models.CharField(_("name in pinyin"), max_length=200, db_index=True, editable=False)
    name_initials = models.CharField(_("initials"), max_length=50, db_index=True, editable=False)
    id_number = EncryptedTextField(_("resident ID number"))
    id_number_hash = models.CharField(_("ID number search key"), max_length=64, unique=True, editable=False)
    id_number_masked = models.CharField(_("masked ID number"), max_length=18, editable=False)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, editable=False)
    birth_date = models.DateField(_("birth date"), editable=False)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    education_level = models.CharField(
        _("education level"), max_length=20, choices=EducationLevel.choices, blank=True
    )
    major = models.CharField(_("major"), max_length=100, blank=True)
    major_is_social_work = models.BooleanField(
        _("social work or a related major"),
        default=False,
        help_text=_("Social work, sociology, psychology or another related major."),
    )
    community_worker = models.BooleanField(
        _("works in a community"),
        default=False,
        help_text=_("Works in an urban community or a village (Sanming: at least 20 training hours a year)."),
    )
    division = models.ForeignKey(
        "geo.Division",
        verbose_name=_("filed in"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The division where the practitioner works and is filed."),
    )
    employer = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("current employer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="practitioners",
    )
    filing_state = models.CharField(
        _("filing state"),
        max_length=20,
        choices=FilingState.choices,
        default=FilingState.APPLIED,
        db_index=True,
    )
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    rank = models.CharField(_("rank"), max_length=30, choices=Rank.choices, blank=True)
    rank_since = models.DateField(_("rank held since"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practitioner",
        help_text=_("The practitioner's own account: it sees this file (a social worker signing in)."),
    )

    jurisdiction_scope = Scope(division="division", organization="employer")

    class Meta:
        ordering = ["name_pinyin", "id"]
        verbose_name = _("practitioner")
        verbose_name_plural = _("practitioners")
        indexes = [
            models.Index(fields=["division", "filing_state"], name="practitioner_div_state_idx"),
            # The list's keyset order (issue 11).
            models.Index(fields=["name_pinyin", "id"], name="practitioner_list_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.id_number_masked}）"

    @property
    def top_level_label(self) -> str:
        """Label of the highest certificate, when the selector annotated ``top_level``."""
        level = getattr(self, "top_level", None)
        return CertificateLevel(level).label if level else ""


class FilingTransition(models.Model):
    """One step of a practitioner's filing history: from, to, when, who and why."""

    practitioner = models.ForeignKey(
        Practitioner, verbose_name=_("practitioner"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_state = models.CharField(_("from"), max_length=20, choices=FilingState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=FilingState.choices)
    effective_on = models.DateField(_("effective on"))
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    jurisdiction_scope = Scope(division="practitioner__division", organization="practitioner__employer")

    class Meta:
        ordering = ["practitioner", "effective_on", "id"]
        verbose_name = _("filing step")
        verbose_name_plural = _("filing history")

    def __str__(self) -> str:
        return f"{self.practitioner_id}: {self.from_state or '-'} → {self.to_state}"


class CertificateLevel(models.TextChoices):
    """National social work qualification certificates (全国社会工作者职业水平证书)."""

    ASSISTANT = "assistant", _("Assistant social worker")
    INTERMEDIATE = "intermediate", pgettext_lazy("certificate level", "Social worker")
    SENIOR = "senior", _("Senior social worker")


CERTIFICATE_RANK = {
    CertificateLevel.ASSISTANT: 1,
    CertificateLevel.INTERMEDIATE: 2,
    CertificateLevel.SENIOR: 3,
}


class Certificate(BaseModel):
    practitioner = models.ForeignKey(
        Practitioner, verbose_name=_("practitioner"), on_delete=models.CASCADE, related_name="certificates"
    )
    level = models.CharField(_("level"), max_length=20, choices=CertificateLevel.choices)
    number = models.CharField(_("certificate number"), max_length=50, unique=True)
    issued_on = models.DateField(_("issued on"))
    issuer = models.CharField(_("issued by"), max_length=100, blank=True)

    jurisdiction_scope = Scope(division="practitioner__division", organization="practitioner__employer")

    class Meta:
        ordering = ["practitioner", "-issued_on", "id"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.number}"


class Employment(BaseModel):
    """A post a practitioner holds or held at an organisation."""

    practitioner = models.ForeignKey(
        Practitioner, verbose_name=_("practitioner"), on_delete=models.CASCADE, related_name="employments"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="employments",
    )
    post = models.CharField(_("post"), max_length=100)
    is_professional_post = models.BooleanField(_("professional social-work post"), default=True)
    contract_signed_on = models.DateField(
        _("purchase contract signed on"),
        null=True,
        blank=True,
        help_text=_("When the post is in a government-purchased project: the day its contract was signed."),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    jurisdiction_scope = Scope(division="practitioner__division", organization="practitioner__employer")

    class Meta:
        ordering = ["practitioner", "-starts_on", "id"]
        verbose_name = _("employment")
        verbose_name_plural = _("employment history")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="employment_ends_after_start",
                violation_error_message=_("The employment cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.post} @ {self.organization_id}"


class TrainingKind(models.TextChoices):
    CONTINUING_EDUCATION = "continuing_education", _("Continuing education")
    PRE_JOB = "pre_job", _("Pre-job training")
    SUPERVISION = "supervision", _("Supervision training")
    OTHER = "other", _("Other training")


class TrainingRecord(BaseModel):
    """Hours of training a practitioner received (the training ledger)."""

    practitioner = models.ForeignKey(
        Practitioner,
        verbose_name=_("practitioner"),
        on_delete=models.CASCADE,
        related_name="training_records",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=TrainingKind.choices)
    hours = models.DecimalField(
        _("hours"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("1000"))],
    )
    held_on = models.DateField(_("date"))
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    topic = models.CharField(_("topic"), max_length=200, blank=True)

    jurisdiction_scope = Scope(division="practitioner__division", organization="practitioner__employer")

    class Meta:
        ordering = ["practitioner", "-held_on", "id"]
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        indexes = [models.Index(fields=["practitioner", "held_on"], name="training_practitioner_date_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.hours}h {self.held_on}"


# Yearly assessment (年度考核, SM-07 / HZ-04 / HZ-08) -------------------------------------------------


class AssessmentGrade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    QUALIFIED = "qualified", _("Qualified")
    BASICALLY_QUALIFIED = "basically_qualified", _("Basically qualified")
    UNQUALIFIED = "unqualified", _("Unqualified")


# Grades that count as “qualified or better” (合格及以上), e.g. for re-hiring in Huizhou (HZ-08).
QUALIFIED_OR_BETTER = (AssessmentGrade.EXCELLENT, AssessmentGrade.QUALIFIED)


class Assessment(BaseModel):
    """A practitioner's yearly assessment, by the employer and the served unit together (SM-07).

    The grade is final only when both parties signed; ``final_on`` is the day of the second signature.
    """

    practitioner = models.ForeignKey(
        Practitioner, verbose_name=_("practitioner"), on_delete=models.CASCADE, related_name="assessments"
    )
    year = models.PositiveSmallIntegerField(pgettext_lazy("assessment", "year"))
    grade = models.CharField(
        pgettext_lazy("assessment", "grade"), max_length=30, choices=AssessmentGrade.choices
    )
    served_unit = models.CharField(
        _("served unit"),
        max_length=200,
        help_text=_("The unit the practitioner serves, e.g. the town or street."),
    )
    comment = models.CharField(_("comment"), max_length=1000, blank=True)
    employer_signed_on = models.DateField(_("employer signed on"), null=True, blank=True)
    employer_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed for the employer by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    served_unit_signed_on = models.DateField(_("served unit signed on"), null=True, blank=True)
    served_unit_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed for the served unit by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    final_on = models.DateField(_("final on"), null=True, blank=True, editable=False)

    jurisdiction_scope = Scope(division="practitioner__division", organization="practitioner__employer")

    class Meta:
        ordering = ["practitioner", "-year", "id"]
        verbose_name = _("yearly assessment")
        verbose_name_plural = _("yearly assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["practitioner", "year"],
                name="assessment_one_per_year",
                violation_error_message=_("This year's assessment is already recorded."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_grade_display()}"

    @property
    def is_final(self) -> bool:
        return self.final_on is not None


# Credit file (信用档案, SZ-09a/b/c) --------------------------------------------------------------------


class ComplaintSource(models.TextChoices):
    OFFICER = "officer", _("Officer intake")
    PORTAL = "portal", _("Public portal")


class ComplaintOutcome(models.TextChoices):
    PENDING = "pending", _("Being handled")
    UPHELD = "upheld", _("Upheld")
    PARTLY_UPHELD = "partly_upheld", _("Partly upheld")
    DISMISSED = "dismissed", _("Dismissed")


class Complaint(BaseModel):
    """A complaint about a practitioner (投诉), received by an officer or through the public portal."""

    practitioner = models.ForeignKey(
        Practitioner, verbose_name=_("practitioner"), on_delete=models.CASCADE, related_name="complaints"
    )
    source = models.CharField(_("source"), max_length=20, choices=ComplaintSource.choices)
    received_on = models.DateField(_("received on"))
    summary = models.CharField(_("summary"), max_length=2000)
    time_limit_days = models.PositiveSmallIntegerField(
        _("time limit (days)"),
        help_text=_("Days allowed to handle the complaint, counted from receipt."),
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    due_on = models.DateField(pgettext_lazy("complaint", "due on"), editable=False)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=ComplaintOutcome.choices, default=ComplaintOutcome.PENDING
    )
    outcome_note = models.CharField(_("outcome note"), max_length=2000, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    jurisdiction_scope = Scope(division="practitioner__division", organization="practitioner__employer")

    class Meta:
        ordering = ["practitioner", "-received_on", "id"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")

    def __str__(self) -> str:
        return f"{self.received_on} {self.summary[:30]}"


class ComplaintStep(models.Model):
    """One handling step of a complaint: what was done, when and by whom."""

    complaint = models.ForeignKey(
        Complaint, verbose_name=_("complaint"), on_delete=models.CASCADE, related_name="steps"
    )
    taken_on = models.DateField(_("date"))
    description = models.CharField(_("step"), max_length=1000)
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
        ordering = ["complaint", "taken_on", "id"]
        verbose_name = _("handling step")
        verbose_name_plural = _("handling steps")

    def __str__(self) -> str:
        return f"{self.taken_on} {self.description[:30]}"


class ViolationRecord(BaseModel):
    """A violation of law, rules or professional ethics found against a practitioner (违法违规行为)."""

    practitioner = models.ForeignKey(
        Practitioner, verbose_name=_("practitioner"), on_delete=models.CASCADE, related_name="violations"
    )
    complaint = models.ForeignKey(
        Complaint,
        verbose_name=_("from complaint"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="violations",
    )
    found_on = models.DateField(_("found on"))
    description = models.CharField(_("description"), max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    jurisdiction_scope = Scope(division="practitioner__division", organization="practitioner__employer")

    class Meta:
        ordering = ["practitioner", "-found_on", "id"]
        verbose_name = _("violation")
        verbose_name_plural = _("violations")

    def __str__(self) -> str:
        return f"{self.found_on} {self.description[:30]}"


class Sanction(models.TextChoices):
    WARNING = "warning", _("Warning")
    SUSPENSION = "suspension", _("Suspension")
    DEREGISTRATION = "deregistration", _("Deregistration")


class DisciplinaryDecision(BaseModel):
    """A decision of the discipline committee (纪律工作委员会) on a practitioner, with its votes."""

    practitioner = models.ForeignKey(
        Practitioner, verbose_name=_("practitioner"), on_delete=models.CASCADE, related_name="decisions"
    )
    violation = models.ForeignKey(
        ViolationRecord,
        verbose_name=_("violation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    sanction = models.CharField(_("sanction"), max_length=20, choices=Sanction.choices)
    votes_for = models.PositiveSmallIntegerField(_("votes for"))
    votes_against = models.PositiveSmallIntegerField(_("votes against"), default=0)
    decided_on = models.DateField(pgettext_lazy("discipline", "decided on"))
    reason = models.CharField(_("reason"), max_length=2000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    jurisdiction_scope = Scope(division="practitioner__division", organization="practitioner__employer")

    class Meta:
        ordering = ["practitioner", "-decided_on", "id"]
        verbose_name = _("disciplinary decision")
        verbose_name_plural = _("disciplinary decisions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(votes_for__gt=models.F("votes_against")),
                name="decision_has_a_majority",
                violation_error_message=_("A decision needs more votes for than against."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.decided_on} {self.get_sanction_display()}"


class Disclosure(BaseModel):
    """The public disclosure of a disciplinary sanction (依法向社会公开行业纪律惩戒情况)."""

    decision = models.OneToOneField(
        DisciplinaryDecision,
        verbose_name=pgettext_lazy("discipline", "decision"),
        on_delete=models.CASCADE,
        related_name="disclosure",
    )
    published_on = models.DateField(_("published on"))
    public_text = models.CharField(
        _("public text"),
        max_length=2000,
        help_text=_("What the public sees; never an ID number, phone or address."),
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    jurisdiction_scope = Scope(
        division="decision__practitioner__division", organization="decision__practitioner__employer"
    )

    class Meta:
        ordering = ["-published_on", "id"]
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")

    def __str__(self) -> str:
        return f"{self.published_on} {self.decision_id}"


# Ranks and pay (职级薪酬, SM-12, SZ-06a/c/d) ----------------------------------------------------------


class SalaryGuide(BaseModel):
    """SZ-06a: a city's salary guide (薪酬指导价位表), in force from a date until the next one.

    Rows give the monthly pay of each rank in each service domain. ``is_sample`` marks the example
    table the platform ships (示例数据) until a bureau enters its own.
    """

    division = models.ForeignKey(
        "geo.Division",
        verbose_name=_("city"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "city"},
    )
    title = models.CharField(_("title"), max_length=200)
    effective_from = models.DateField(_("in force from"))
    is_sample = models.BooleanField(
        _("sample data"),
        default=False,
        help_text=_("Example values shipped with the platform, not a bureau's published guide."),
    )
    source = models.CharField(
        _("source"), max_length=500, blank=True, help_text=_("The document that published the guide.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # Published reference data: every signed-in user reads every city's guide; the services decide writes.
    jurisdiction_scope = Scope(public=True)

    class Meta:
        ordering = ["division", "-effective_from", "id"]
        verbose_name = _("salary guide")
        verbose_name_plural = _("salary guides")
        constraints = [
            models.UniqueConstraint(
                fields=["division", "effective_from"],
                name="salary_guide_one_per_city_day",
                violation_error_message=_("This city already has a salary guide in force from that day."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.effective_from}）"


class SalaryGuideRow(models.Model):
    """One cell of a salary guide: the monthly pay of a rank in a service domain."""

    guide = models.ForeignKey(
        SalaryGuide, verbose_name=_("salary guide"), on_delete=models.CASCADE, related_name="rows"
    )
    rank = models.CharField(_("rank"), max_length=30, choices=Rank.choices)
    domain = models.CharField(_("service domain"), max_length=40, choices=ServiceDomain.choices)
    monthly_pay = models.DecimalField(
        _("monthly pay (yuan)"),
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1000000"))],
    )

    jurisdiction_scope = Scope(public=True)

    class Meta:
        ordering = ["guide", "rank", "domain"]
        verbose_name = _("salary guide row")
        verbose_name_plural = _("salary guide rows")
        constraints = [
            models.UniqueConstraint(fields=["guide", "rank", "domain"], name="salary_guide_row_unique"),
            models.CheckConstraint(
                condition=models.Q(monthly_pay__gte=0), name="salary_guide_pay_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rank}/{self.domain}: {self.monthly_pay}"


class PayRecord(BaseModel):
    """SZ-06d / HZ-06: the gross pay a practitioner received from an employer for one month."""

    practitioner = models.ForeignKey(
        Practitioner, verbose_name=_("practitioner"), on_delete=models.CASCADE, related_name="pay_records"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month paid."))
    employer = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    rank = models.CharField(_("rank"), max_length=30, choices=Rank.choices)
    domain = models.CharField(_("service domain"), max_length=40, choices=ServiceDomain.choices)
    gross_pay = models.DecimalField(
        _("gross monthly pay (yuan)"),
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1000000"))],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    jurisdiction_scope = Scope(division="practitioner__division", organization="employer")

    class Meta:
        ordering = ["practitioner", "-month", "id"]
        verbose_name = _("pay record")
        verbose_name_plural = _("pay records")
        constraints = [
            models.UniqueConstraint(
                fields=["practitioner", "employer", "month"],
                name="pay_record_one_per_month",
                violation_error_message=_("This month's pay from this employer is already recorded."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.gross_pay}"


class SocialInsuranceRecord(BaseModel):
    """SM-10 / HZ-06: which social insurances (四险一金) an employer paid for a practitioner in a month."""

    practitioner = models.ForeignKey(
        Practitioner,
        verbose_name=_("practitioner"),
        on_delete=models.CASCADE,
        related_name="insurance_records",
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month paid."))
    employer = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    pension = models.BooleanField(_("pension insurance"), default=False)
    medical = models.BooleanField(_("medical insurance"), default=False)
    unemployment = models.BooleanField(_("unemployment insurance"), default=False)
    work_injury = models.BooleanField(_("work-injury insurance"), default=False)
    housing_fund = models.BooleanField(_("housing provident fund"), default=False)
    paid_in_full = models.BooleanField(
        _("paid in full"),
        default=True,
        help_text=_("The employer's contributions were paid on the full base."),
    )
    paid_on_time = models.BooleanField(_("paid on time"), default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    jurisdiction_scope = Scope(division="practitioner__division", organization="employer")

    class Meta:
        ordering = ["practitioner", "-month", "id"]
        verbose_name = _("social insurance record")
        verbose_name_plural = _("social insurance records")
        constraints = [
            models.UniqueConstraint(
                fields=["practitioner", "employer", "month"],
                name="insurance_record_one_per_month",
                violation_error_message=_(
                    "This month's social insurance from this employer is already recorded."
                ),
            )
        ]

    INSURANCES = ("pension", "medical", "unemployment", "work_injury")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.employer_id}"


class CertificateSubsidy(BaseModel):
    """SM-09: a monthly certificate subsidy paid to a community worker (持证生活补贴)."""

    practitioner = models.ForeignKey(
        Practitioner, verbose_name=_("practitioner"), on_delete=models.CASCADE, related_name="subsidies"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month paid."))
    level = models.CharField(_("certificate level"), max_length=20, choices=CertificateLevel.choices)
    amount = models.DecimalField(
        _("amount (yuan)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100000"))],
    )
    title_subsidy_paid = models.BooleanField(
        _("community title subsidy also paid"),
        default=False,
        help_text=_("The city's community work title subsidy was paid for the same month."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    jurisdiction_scope = Scope(division="practitioner__division", organization="practitioner__employer")

    class Meta:
        ordering = ["practitioner", "-month", "id"]
        verbose_name = _("certificate subsidy")
        verbose_name_plural = _("certificate subsidies")
        constraints = [
            models.UniqueConstraint(
                fields=["practitioner", "month"],
                name="subsidy_one_per_month",
                violation_error_message=_("This month's certificate subsidy is already recorded."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.amount}"


class Award(BaseModel):
    """SM-11: an award or commendation a practitioner received (表彰奖励)."""

    practitioner = models.ForeignKey(
        Practitioner, verbose_name=_("practitioner"), on_delete=models.CASCADE, related_name="awards"
    )
    title = models.CharField(_("award"), max_length=200)
    awarded_on = models.DateField(_("awarded on"))
    awarded_by = models.CharField(_("awarded by"), max_length=200)
    note = models.CharField(_("remarks"), max_length=1000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    jurisdiction_scope = Scope(division="practitioner__division", organization="practitioner__employer")

    class Meta:
        ordering = ["practitioner", "-awarded_on", "id"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")

    def __str__(self) -> str:
        return f"{self.awarded_on} {self.title}"


class ExamFeeRecord(BaseModel):
    """SM-06: the national exam a practitioner passed, its fee reimbursed and any passing reward."""

    practitioner = models.ForeignKey(
        Practitioner, verbose_name=_("practitioner"), on_delete=models.CASCADE, related_name="exam_fees"
    )
    level = models.CharField(_("certificate level"), max_length=20, choices=CertificateLevel.choices)
    passed_on = models.DateField(_("passed on"))
    fee = models.DecimalField(
        _("exam fee (yuan)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100000"))],
    )
    reimbursed_on = models.DateField(_("reimbursed on"), null=True, blank=True)
    reimbursed_by = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("reimbursed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reward = models.DecimalField(
        _("passing reward (yuan)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100000"))],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    jurisdiction_scope = Scope(division="practitioner__division", organization="practitioner__employer")

    class Meta:
        ordering = ["practitioner", "-passed_on", "id"]
        verbose_name = _("exam fee record")
        verbose_name_plural = _("exam fee records")

    def __str__(self) -> str:
        return f"{self.passed_on} {self.get_level_display()}"
