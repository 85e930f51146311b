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
        _("social work or a related major"), default=False,
        help_text=_("Social work, sociology, psychology or another related major."),
    )
    community_worker = models.BooleanField(
        _("works in a community"), default=False,
        help_text=_("Works in an urban community or a village (Sanming: at least 20 training hours a year)."),
    )
    division = models.ForeignKey(
        "geo.Division", verbose_name=_("filed in"), on_delete=models.PROTECT, related_name="+",
        help_text=_("The division where the practitioner works and is filed."),
    )
    employer = models.ForeignKey(
        "organizations.Organization", verbose_name=_("current employer"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="practitioners",
    )
    filing_state = models.CharField(
        _("filing state"), max_length=20, choices=FilingState.choices, default=FilingState.APPLIED,
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
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.PROTECT,
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


CERTIFICATE_RANK = {CertificateLevel.ASSISTANT: 1, CertificateLevel.INTERMEDIATE: 2, CertificateLevel.SENIOR: 3}


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
        "organizations.Organization", verbose_name=_("organisation"), on_delete=models.PROTECT,
        related_name="employments",
    )
    post = models.CharField(_("post"), max_length=100)
    is_professional_post = models.BooleanField(_("professional social-work post"), default=True)
    contract_signed_on = models.DateField(
        _("purchase contract signed on"), null=True, blank=True,
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
        Practitioner, verbose_name=_("practitioner"), on_delete=models.CASCADE, related_name="training_records"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=TrainingKind.choices)
    hours = models.DecimalField(
        _("hours"), max_digits=6, decimal_places=1,
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
