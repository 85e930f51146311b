"""Social organisations that provide purchased services (minimal foundation; issue 6 extends it)."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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
    registration_authority = models.CharField(
        _("registration authority"), max_length=200, blank=True, help_text=_("E.g. 深圳市民政局.")
    )
    supervisory_unit = models.CharField(
        _("business supervisory unit"), max_length=200, blank=True, help_text=_("E.g. 深圳市民政局.")
    )
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    public_interest = models.BooleanField(
        _("public-interest organisation"),
        default=False,
        help_text=_("Recognised as a public-interest (non-profit, charitable) organisation (SM-05)."),
    )
    revoked_on = models.DateField(
        _("registration revoked on"), null=True, blank=True, help_text=_("Set by a revocation decision.")
    )

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


class PersonRole(models.TextChoices):
    """The roles of founders and leaders of an organisation (发起人、负责人)."""

    FOUNDER = "founder", _("Founder")
    CHAIR = "chair", _("Chair of the board")
    DIRECTOR_GENERAL = "director_general", _("Director-general")
    DEPUTY_DIRECTOR_GENERAL = "deputy_director_general", _("Deputy director-general")
    PAID_DIRECTOR = "paid_director", _("Paid director")
    SUPERVISOR = "supervisor", pgettext_lazy("board", "Supervisor")
    MANAGER = "manager", _("Manager")


class OrganizationPerson(BaseModel):
    """A founder or leader of an organisation with their role (SZ-15a: founders' and leaders' qualification)."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="people"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=100)
    role = models.CharField(_("role"), max_length=30, choices=PersonRole.choices)
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)

    jurisdiction_scope = Scope(division="organization__division", organization="organization")

    class Meta:
        ordering = ["organization", "role", "name"]
        verbose_name = _("founder or leader")
        verbose_name_plural = _("founders and leaders")

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"


class SupervisionKind(models.TextChoices):
    """SZ-15b / SZ-16b: the supervision records of clause (十五) and the sanctions disclosed under (十六)."""

    INTERVIEW = "interview", _("Administrative interview")
    MAJOR_EVENT_REPORT = "major_event_report", _("Prior report of a major event")
    EXCHANGE_FILING = "exchange_filing", _("Filing of a foreign / Hong Kong / Macao / Taiwan exchange")
    BAD_CONDUCT = "bad_conduct", _("Bad-conduct record")
    PENALTY = "penalty", _("Administrative penalty")
    SECTOR_DISCIPLINE = "sector_discipline", _("Sector discipline")


# Kinds that are disclosed to the public once published (SZ-16b).
DISCLOSED_KINDS = (SupervisionKind.PENALTY, SupervisionKind.SECTOR_DISCIPLINE)


class ExchangeRegion(models.TextChoices):
    FOREIGN = "foreign", _("Foreign country")
    HONG_KONG = "hong_kong", _("Hong Kong")
    MACAO = "macao", _("Macao")
    TAIWAN = "taiwan", _("Taiwan")


class SupervisionRecord(BaseModel):
    """One supervision record of an organisation (SZ-15b), recorded by a department within its duties (SZ-10).

    Penalties and sector discipline are disclosed on the public portal once published (SZ-16b).
    """

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="supervision_records",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=SupervisionKind.choices)
    occurred_on = models.DateField(_("date"))
    summary = models.CharField(_("summary of the matter"), max_length=300)
    details = models.TextField(_("details"), blank=True)
    reference = models.CharField(
        _("document number"), max_length=100, blank=True, help_text=_("E.g. 深民罚〔2024〕3号.")
    )
    region = models.CharField(
        _("region of the exchange"), max_length=20, choices=ExchangeRegion.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorder_role = models.CharField(_("recording department"), max_length=30, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)

    jurisdiction_scope = Scope(division="organization__division", organization="organization")

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("supervision record")
        verbose_name_plural = _("supervision records")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="exchange_filing") | ~models.Q(region=""),
                name="supervision_exchange_has_region",
                violation_error_message=_("An exchange filing names the region of the exchange."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.get_kind_display()} {self.occurred_on:%Y-%m-%d}"


class RevocationState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    REVOKED = "revoked", _("Registration revoked")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Revocation(BaseModel):
    """Revocation of an organisation's registration (吊销登记证书), SZ-15b: proposed with reasons, then decided."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="revocations"
    )
    proposed_on = models.DateField(_("proposed on"))
    reasons = models.TextField(_("reasons"))
    state = models.CharField(
        _("state"), max_length=20, choices=RevocationState.choices, default=RevocationState.PROPOSED
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_reasons = models.TextField(_("reasons for the decision"), blank=True)

    jurisdiction_scope = Scope(division="organization__division", organization="organization")

    class Meta:
        ordering = ["-proposed_on", "-pk"]
        verbose_name = _("revocation of registration")
        verbose_name_plural = _("revocations of registration")

    def __str__(self) -> str:
        return f"{self.organization} {self.get_state_display()}"
