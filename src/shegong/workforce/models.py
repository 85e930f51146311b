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

    jurisdiction_scope = Scope(division="division", organization="employer")

    class Meta:
        ordering = ["name_pinyin", "id"]
        verbose_name = _("practitioner")
        verbose_name_plural = _("practitioners")
        indexes = [models.Index(fields=["division", "filing_state"], name="practitioner_div_state_idx")]

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
