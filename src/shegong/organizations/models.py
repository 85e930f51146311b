"""Social organisations that provide purchased services (minimal foundation; issue 6 extends it)."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shegong.common.models import BaseModel
from shegong.common.scoping import Scope


class OrganizationKind(models.TextChoices):
    SOCIAL_WORK_AGENCY = "social_work_agency", _("Social-work agency")
    SOCIAL_GROUP = "social_group", _("Social group")
    FOUNDATION = "foundation", _("Foundation")
    ENTERPRISE = "enterprise", _("Enterprise")
    FISCAL_MASS_ORGANIZATION = "fiscal_mass_organization", _("Fiscally funded mass organisation")


class Organization(BaseModel):
    """A social-work agency, social group, foundation or enterprise (承接主体 when it provides)."""

    name = models.CharField(_("name"), max_length=200)
    uscc = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    kind = models.CharField(_("type"), max_length=30, choices=OrganizationKind.choices)
    division = models.ForeignKey(
        "geo.Division", verbose_name=_("registered in"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    jurisdiction_scope = Scope(division="division", organization="id")

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class ReviewState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class CheckItem(models.TextChoices):
    """SZ-15a, clause (十五): what the registration review examines."""

    LEGALITY = "legality", _("Legality")
    NECESSITY = "necessity", _("Necessity")
    FEASIBILITY = "feasibility", _("Feasibility")
    QUALIFICATION = "qualification", _("Founders' and proposed leaders' qualification")


class RegistrationReview(BaseModel):
    """The review of an application to set up a social-work organisation (登记审查), SZ-15a."""

    proposed_name = models.CharField(_("proposed name"), max_length=200)
    kind = models.CharField(_("type"), max_length=30, choices=OrganizationKind.choices)
    division = models.ForeignKey(
        "geo.Division", verbose_name=_("to be registered in"), on_delete=models.PROTECT, related_name="+"
    )
    business_scope = models.TextField(_("business scope"), blank=True)
    founders = models.TextField(_("founders"), help_text=_("One founder a line."))
    proposed_leaders = models.TextField(
        _("proposed leaders"), help_text=_("One person a line, with the post.")
    )
    submitted_on = models.DateField(_("submitted on"))
    state = models.CharField(
        _("state"), max_length=20, choices=ReviewState.choices, default=ReviewState.SUBMITTED
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_reasons = models.TextField(_("reasons for the decision"), blank=True)

    jurisdiction_scope = Scope(division="division")

    class Meta:
        ordering = ["-submitted_on", "-pk"]
        verbose_name = _("registration review")
        verbose_name_plural = _("registration reviews")

    def __str__(self) -> str:
        return self.proposed_name


class RegistrationCheck(BaseModel):
    """One item of a registration review's checklist, checked with a note."""

    review = models.ForeignKey(
        RegistrationReview,
        verbose_name=_("registration review"),
        on_delete=models.CASCADE,
        related_name="checks",
    )
    item = models.CharField(_("checklist item"), max_length=20, choices=CheckItem.choices)
    passed = models.BooleanField(_("passed"))
    note = models.TextField(_("note"))
    checked_on = models.DateField(_("checked on"))

    jurisdiction_scope = Scope(division="review__division")

    class Meta:
        ordering = ["review", "item"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        constraints = [models.UniqueConstraint(fields=["review", "item"], name="registration_check_once")]


class InspectionDraw(BaseModel):
    """A random draw of organisations to inspect (随机抽查), SZ-15b.

    The platform draws the sample; the seed and the population are recorded, so anyone can draw again
    and get the same sample.
    """

    division = models.ForeignKey(
        "geo.Division", verbose_name=_("division"), on_delete=models.PROTECT, related_name="+"
    )
    drawn_on = models.DateField(_("drawn on"))
    seed = models.BigIntegerField(_("seed"))
    sample_size = models.PositiveIntegerField(_("sample size"))
    population = models.JSONField(
        _("population"), help_text=_("Ids of the organisations drawn from, in order.")
    )
    sample = models.JSONField(_("sample"), help_text=_("Ids of the organisations drawn, in order."))
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)

    jurisdiction_scope = Scope(division="division")

    class Meta:
        ordering = ["-drawn_on", "-pk"]
        verbose_name = _("inspection draw")
        verbose_name_plural = _("inspection draws")

    def __str__(self) -> str:
        return f"{self.division_id} {self.drawn_on:%Y-%m-%d}"


class Inspection(BaseModel):
    """The inspection of one drawn organisation and its result."""

    draw = models.ForeignKey(
        InspectionDraw,
        verbose_name=_("inspection draw"),
        on_delete=models.CASCADE,
        related_name="inspections",
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="inspections"
    )
    inspected_on = models.DateField(_("inspected on"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)
    problems_found = models.BooleanField(_("problems found"), default=False)

    jurisdiction_scope = Scope(division="draw__division", organization="organization")

    class Meta:
        ordering = ["draw", "organization__name"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        constraints = [
            models.UniqueConstraint(fields=["draw", "organization"], name="inspection_once_per_draw")
        ]


PAY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class PayDisclosure(BaseModel):
    """A provider's yearly pay disclosure (信息公开), SZ-16a: its pay policy and the pay totals of three levels."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="pay_disclosures"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    pay_policy = models.TextField(_("pay policy"), help_text=_("The organisation's pay management rules."))
    paid_directors_total = models.DecimalField(_("paid directors' pay and benefits"), **PAY)
    executives_total = models.DecimalField(_("director-general's and deputies' pay and benefits"), **PAY)
    managers_total = models.DecimalField(_("managers' pay and benefits"), **PAY)
    published_on = models.DateField(_("published on"), null=True, blank=True)

    jurisdiction_scope = Scope(division="organization__division", organization="organization")

    class Meta:
        ordering = ["organization", "-year"]
        verbose_name = _("pay disclosure")
        verbose_name_plural = _("pay disclosures")
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="pay_disclosure_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}"
