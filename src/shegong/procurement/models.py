"""Government-purchased projects, their budgets, contracts, library applications and evaluations.

The project and budget began as the worked example of the rules engine; the procurement issue extends
them (purchaser, service content, contracts, committee applications, evaluations)."""

import datetime
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shegong.common.models import BaseModel
from shegong.common.periods import add_years
from shegong.common.scoping import Scope
from shegong.workforce.models import Rank

from .domains import HIGH_RISK_DOMAINS, ServiceDomain


class PurchaserKind(models.TextChoices):
    """Who buys (SZ-11: by field at city, district and street level; JN-02: the district civil affairs bureau)."""

    CIVIL_AFFAIRS = "civil_affairs", _("Civil affairs bureau")
    OTHER_DEPARTMENT = "other_department", _("Other government department")
    STREET_OFFICE = "street_office", _("Street office / town government")


class Programme(models.TextChoices):
    """What a project buys: Jinan's station plan (JN) applies to station and district-hub projects."""

    GENERAL = "general", _("Social-work service project")
    STATION = "station", _("Street (town) social-work station")
    DISTRICT_HUB = "district_hub", _("District social-work hub")


MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class Project(BaseModel):
    """A government-purchased social-work service project (政府购买社会工作服务项目)."""

    name = models.CharField(_("project name"), max_length=200)
    purchaser_division = models.ForeignKey(
        "geo.Division",
        verbose_name=_("purchaser's division"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The city, district or street whose government buys the service (SZ-11)."),
    )
    purchaser_kind = models.CharField(
        _("purchaser type"), max_length=30, choices=PurchaserKind.choices, default=PurchaserKind.CIVIL_AFFAIRS
    )
    purchaser_name = models.CharField(
        _("purchaser"), max_length=200, blank=True, help_text=_("E.g. 深圳市福田区民政局.")
    )
    provider = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("provider"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    programme = models.CharField(
        _("programme"), max_length=20, choices=Programme.choices, default=Programme.GENERAL
    )
    domain = models.CharField(_("service domain"), max_length=40, choices=ServiceDomain.choices)
    service_types = models.JSONField(_("service types"), default=list, blank=True)
    client_groups = models.JSONField(_("client groups"), default=list, blank=True)
    needs_survey_summary = models.TextField(
        _("needs survey summary"),
        blank=True,
        help_text=_("What the survey of the purchaser's clients found (SZ-13a)."),
    )
    post_ranks = models.TextField(
        _("post ranks"), blank=True, help_text=_("Ranks of the posts and their numbers.")
    )
    service_standards = models.TextField(_("service standards"), blank=True)
    performance_indicators = models.TextField(_("performance indicators"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    contract_signed_on = models.DateField(_("contract signed on"), null=True, blank=True)
    headcount = models.PositiveIntegerField(_("posts"), help_text=_("Number of posts the project funds."))
    professional_posts = models.PositiveIntegerField(
        _("professional social-work posts"),
        help_text=_("Posts that are professional social-work posts (SZ-13b)."),
    )

    jurisdiction_scope = Scope(division="purchaser_division", organization="provider")

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("purchased project")
        verbose_name_plural = _("purchased projects")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(professional_posts__lte=models.F("headcount")),
                name="project_professional_posts_within_headcount",
                violation_error_message=_("Professional posts cannot exceed the number of posts."),
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="project_ends_after_start",
                violation_error_message=_("The project must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_high_risk(self) -> bool:
        return self.domain in HIGH_RISK_DOMAINS

    @property
    def purchased_on(self) -> datetime.date:
        """The date of the purchase: the contract signature, else the start of the service."""
        return self.contract_signed_on or self.starts_on

    def reaches_term(self, years: int) -> bool:
        """Whether the project runs for ``years`` full years or longer (SZ-12c)."""
        return self.ends_on >= add_years(self.starts_on, years) - datetime.timedelta(days=1)


class ProjectBudget(BaseModel):
    """A project's budget for one year, by cost line (SZ-06, SZ-13c/d)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="budgets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    labour_cost = models.DecimalField(_("labour cost"), **MONEY)
    supervision_cost = models.DecimalField(_("supervision"), **MONEY)
    activity_cost = models.DecimalField(_("activities"), **MONEY)
    management_cost = models.DecimalField(_("management"), **MONEY)
    insurance_tax_cost = models.DecimalField(_("insurance and tax"), **MONEY)
    training_cost = models.DecimalField(_("training"), **MONEY)
    person_years = models.DecimalField(
        _("person-years"), max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    supervised_worker_months = models.PositiveIntegerField(
        _("supervised worker-months"), help_text=_("Workers under supervision × months (SZ-06b).")
    )

    jurisdiction_scope = Scope(division="project__purchaser_division", organization="project__provider")

    class Meta:
        ordering = ["project", "-year"]
        verbose_name = _("project budget")
        verbose_name_plural = _("project budgets")
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="budget_one_per_project_year"),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.year}"

    @property
    def assessed_on(self) -> datetime.date:
        """The date whose rules apply to this budget: the first day of its year within the project."""
        return max(datetime.date(self.year, 1, 1), self.project.starts_on)

    @property
    def total(self) -> Decimal:
        return (
            self.labour_cost
            + self.supervision_cost
            + self.activity_cost
            + self.management_cost
            + self.insurance_tax_cost
            + self.training_cost
        )


class ContractTerm(models.TextChoices):
    """JN-11: what a service contract must state (四(三))."""

    CONTENT = "content", _("Service content")
    TERM = "term", _("Term")
    QUANTITY = "quantity", _("Quantity")
    QUALITY = "quality", _("Quality")
    PRICE = "price", _("Price")
    SETTLEMENT = "settlement", _("Settlement of funds")
    RIGHTS_DUTIES = "rights_duties", _("Rights and duties of both parties")
    LIABILITY = "liability", _("Liability for breach")


class Contract(BaseModel):
    """The purchase contract of a project (政府购买服务合同), JN-11 and JN-16."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="contracts"
    )
    number = models.CharField(_("contract number"), max_length=60, blank=True)
    signed_on = models.DateField(_("signed on"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    terms = models.JSONField(_("terms stated"), default=list, blank=True)
    subcontracting_allowed = models.BooleanField(
        _("subcontracting allowed"),
        default=False,
        help_text=_("The contract lets the provider pass the service on."),
    )
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    termination_reason = models.CharField(_("reason for termination"), max_length=300, blank=True)

    jurisdiction_scope = Scope(division="project__purchaser_division", organization="project__provider")

    class Meta:
        ordering = ["-signed_on"]
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="contract_ends_after_start",
                violation_error_message=_("The contract must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"{self.project} {self.signed_on:%Y-%m-%d}"

    @property
    def missing_terms(self) -> list[str]:
        return [term for term in ContractTerm.values if term not in self.terms]


class ApplicationDecision(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ContinuationApplication(BaseModel):
    """A project's application to the review committee to continue after its 3-year term (SZ-12c)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="continuation_applications"
    )
    submitted_on = models.DateField(_("submitted on"))
    decision = models.CharField(
        _("decision"), max_length=10, choices=ApplicationDecision.choices, default=ApplicationDecision.PENDING
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    jurisdiction_scope = Scope(division="project__purchaser_division", organization="project__provider")

    class Meta:
        ordering = ["-submitted_on"]
        verbose_name = _("continuation application")
        verbose_name_plural = _("continuation applications")

    def __str__(self) -> str:
        return f"{self.project} {self.submitted_on:%Y-%m-%d}"


class EvaluationKind(models.TextChoices):
    PERFORMANCE = "performance", _("Performance evaluation (once per cycle)")
    YEARLY = "yearly", _("Yearly performance evaluation")
    ACCEPTANCE = "acceptance", _("Acceptance (once per cycle)")


class EvaluationGrade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    QUALIFIED = "qualified", _("Qualified")
    UNQUALIFIED = "unqualified", _("Unqualified")


class Evaluation(BaseModel):
    """A performance evaluation of a project: once per cycle (SZ-14a) or yearly in Jinan (JN-14)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="evaluations"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EvaluationKind.choices)
    period = models.PositiveSmallIntegerField(
        _("cycle or year"), help_text=_("The purchase cycle (1, 2, …) or, for a yearly evaluation, the year.")
    )
    evaluated_on = models.DateField(_("evaluated on"))
    grade = models.CharField(_("grade"), max_length=20, choices=EvaluationGrade.choices)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    evaluator = models.CharField(_("evaluator"), max_length=200, blank=True)
    published_on = models.DateField(
        _("published on"),
        null=True,
        blank=True,
        help_text=_("Disclosed on the public portal from this day (SZ-16a)."),
    )

    jurisdiction_scope = Scope(division="project__purchaser_division", organization="project__provider")

    class Meta:
        ordering = ["-evaluated_on"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(fields=["project", "kind", "period"], name="evaluation_one_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.get_kind_display()} {self.period}"


class LibraryEntryRoute(models.TextChoices):
    """How a project entered the library (SZ-12b)."""

    FILING = "filing", _("Filing (project running before the measures)")
    COMMITTEE = "committee", _("Committee approval")


class ProjectLibrary(BaseModel):
    """A city's or district's library of purchased projects (政府购买社会工作服务项目库), SZ-12a."""

    division = models.OneToOneField(
        "geo.Division", verbose_name=_("division"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)

    jurisdiction_scope = Scope(division="division")

    class Meta:
        ordering = ["division_id"]
        verbose_name = _("project library")
        verbose_name_plural = _("project libraries")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("procurement:library-detail", args=[self.pk])


class ReviewCommittee(BaseModel):
    """The review committee of a library (评审委员会): it meets at least yearly and decides entries (SZ-12a)."""

    library = models.OneToOneField(
        ProjectLibrary, verbose_name=_("project library"), on_delete=models.CASCADE, related_name="committee"
    )
    name = models.CharField(_("name"), max_length=200)
    established_on = models.DateField(_("established on"))

    jurisdiction_scope = Scope(division="library__division")

    class Meta:
        ordering = ["library__division_id"]
        verbose_name = _("review committee")
        verbose_name_plural = _("review committees")

    def __str__(self) -> str:
        return self.name


class MemberKind(models.TextChoices):
    """Clause (十二): members from civil affairs, other departments and sector experts."""

    CIVIL_AFFAIRS = "civil_affairs", _("Civil affairs")
    DEPARTMENT = "department", _("Other government department")
    SECTOR_EXPERT = "sector_expert", _("Social-work sector expert")


class CommitteeMember(BaseModel):
    """A member of a review committee: a platform user or a named expert.

    ``organizations`` are the organisations the member is linked with (employer, board seat, …); the
    member is recused from every item about a project those organisations provide.
    """

    committee = models.ForeignKey(
        ReviewCommittee, verbose_name=_("review committee"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=MemberKind.choices)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    organizations = models.ManyToManyField(
        "organizations.Organization", verbose_name=_("linked organisations"), blank=True, related_name="+"
    )
    active = models.BooleanField(pgettext_lazy("committee member", "active"), default=True)

    jurisdiction_scope = Scope(division="committee__library__division")

    class Meta:
        ordering = ["committee", "name"]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")

    def __str__(self) -> str:
        return self.name


class CommitteeMeeting(BaseModel):
    """A meeting of a review committee with its minutes (评审会议)."""

    committee = models.ForeignKey(
        ReviewCommittee, verbose_name=_("review committee"), on_delete=models.CASCADE, related_name="meetings"
    )
    held_on = models.DateField(_("held on"))
    minutes = models.TextField(_("minutes"), blank=True)

    jurisdiction_scope = Scope(division="committee__library__division")

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("committee meeting")
        verbose_name_plural = _("committee meetings")

    def __str__(self) -> str:
        return f"{self.committee} {self.held_on:%Y-%m-%d}"


class ItemKind(models.TextChoices):
    ADMISSION = "admission", _("Admission to the library")
    EXIT = "exit", _("Exit from the library")
    CONTINUATION = "continuation", _("Continuation after the 3-year term")


class ItemOutcome(models.TextChoices):
    OPEN = "open", pgettext_lazy("meeting item", "Open")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class MeetingItem(BaseModel):
    """One matter a meeting decides by vote: admitting, removing or continuing a project."""

    meeting = models.ForeignKey(
        CommitteeMeeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="items"
    )
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="meeting_items"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices)
    application = models.ForeignKey(
        ContinuationApplication,
        verbose_name=_("continuation application"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_items",
    )
    outcome = models.CharField(
        pgettext_lazy("meeting item", "outcome"),
        max_length=10,
        choices=ItemOutcome.choices,
        default=ItemOutcome.OPEN,
    )
    reasons = models.TextField(_("reasons"), blank=True)

    jurisdiction_scope = Scope(
        division="meeting__committee__library__division", organization="project__provider"
    )

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("meeting item")
        verbose_name_plural = _("meeting items")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.project}"


class VoteChoice(models.TextChoices):
    FOR = "for", _("For")
    AGAINST = "against", _("Against")
    ABSTAIN = "abstain", _("Abstain")


class Vote(BaseModel):
    """A member's vote on a meeting item; a member linked to the project's provider cannot vote."""

    item = models.ForeignKey(
        MeetingItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="votes"
    )
    member = models.ForeignKey(
        CommitteeMember, verbose_name=_("member"), on_delete=models.PROTECT, related_name="votes"
    )
    choice = models.CharField(_("vote"), max_length=10, choices=VoteChoice.choices)

    jurisdiction_scope = Scope(division="item__meeting__committee__library__division")

    class Meta:
        ordering = ["item", "member"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="vote_one_per_member")]


class LibraryEntry(BaseModel):
    """A project in a library: entered by filing or by committee approval, possibly exited (SZ-12b)."""

    library = models.ForeignKey(
        ProjectLibrary, verbose_name=_("project library"), on_delete=models.CASCADE, related_name="entries"
    )
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="library_entries"
    )
    route = models.CharField(_("entered by"), max_length=20, choices=LibraryEntryRoute.choices)
    entered_on = models.DateField(_("entered on"))
    decision = models.ForeignKey(
        MeetingItem,
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    exited_on = models.DateField(_("exited on"), null=True, blank=True)

    jurisdiction_scope = Scope(division="library__division", organization="project__provider")

    class Meta:
        ordering = ["-entered_on"]
        verbose_name = _("library entry")
        verbose_name_plural = _("library entries")
        constraints = [models.UniqueConstraint(fields=["library", "project"], name="library_entry_once")]

    def __str__(self) -> str:
        return f"{self.library}: {self.project}"


class PerformanceReview(BaseModel):
    """The purchaser's contract-performance evaluation of a project (履约评价), SZ-14b.

    One a year per project; the grade feeds contract renewal, the provider's credit and awards.
    """

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="performance_reviews"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    reviewed_on = models.DateField(_("evaluated on"))
    grade = models.CharField(_("grade"), max_length=20, choices=EvaluationGrade.choices)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    findings = models.TextField(
        _("performance findings"), blank=True, help_text=_("How the provider kept the contract.")
    )
    reviewer = models.CharField(_("evaluated by"), max_length=200, blank=True)

    jurisdiction_scope = Scope(division="project__purchaser_division", organization="project__provider")

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        verbose_name = _("contract evaluation")
        verbose_name_plural = _("contract evaluations")
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="performance_review_once_a_year"),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.year}"


class RewardBasis(models.TextChoices):
    ACCEPTANCE = "acceptance", _("Excellent acceptance result")
    EVALUATION = "evaluation", _("Excellent performance evaluation")
    CONTRACT_EVALUATION = "contract_evaluation", _("Excellent contract evaluation")


class RenewalReward(BaseModel):
    """A contract-renewal reward a provider earned with an excellent result (合同续期奖励), SZ-13e."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="renewal_rewards"
    )
    basis = models.CharField(_("earned by"), max_length=30, choices=RewardBasis.choices)
    evaluation = models.ForeignKey(
        Evaluation,
        verbose_name=_("evaluation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    review = models.ForeignKey(
        PerformanceReview,
        verbose_name=_("contract evaluation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    granted_on = models.DateField(_("granted on"))
    note = models.TextField(_("note on the reward"), blank=True)

    jurisdiction_scope = Scope(division="project__purchaser_division", organization="project__provider")

    class Meta:
        ordering = ["-granted_on", "-pk"]
        verbose_name = _("renewal reward")
        verbose_name_plural = _("renewal rewards")

    def __str__(self) -> str:
        return f"{self.project} {self.granted_on:%Y-%m-%d}"


class PaymentCategory(models.TextChoices):
    """The budget line a payment is charged to (the six lines of ProjectBudget)."""

    LABOUR = "labour", _("labour cost")
    SUPERVISION = "supervision", _("supervision")
    ACTIVITY = "activity", _("activities")
    MANAGEMENT = "management", _("management")
    INSURANCE_TAX = "insurance_tax", _("insurance and tax")
    TRAINING = "training", _("training")


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Cash")
    TRANSFER = "transfer", _("Bank transfer")
    OTHER = "other", _("Other")


class Payment(BaseModel):
    """One line of a project's payment ledger (资金往来), imported from Excel for fund supervision (SZ-15c)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="payments"
    )
    paid_on = models.DateField(_("paid on"))
    payee = models.CharField(_("payee"), max_length=200)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2)
    category = models.CharField(_("budget line"), max_length=20, choices=PaymentCategory.choices)
    method = models.CharField(_("payment method"), max_length=20, choices=PaymentMethod.choices)
    voucher = models.CharField(_("voucher number"), max_length=60, blank=True)

    jurisdiction_scope = Scope(division="project__purchaser_division", organization="project__provider")

    class Meta:
        ordering = ["-paid_on", "-pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.paid_on:%Y-%m-%d} {self.amount}"


class ProjectPost(BaseModel):
    """Posts a project funds by rank (岗位数量、职级设置), SZ-13a / SZ-06a."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="posts"
    )
    rank = models.CharField(_("rank"), max_length=30, choices=Rank.choices)
    count = models.PositiveIntegerField(_("number of posts"), validators=[MinValueValidator(1)])
    professional = models.BooleanField(_("professional social-work post"), default=True)

    jurisdiction_scope = Scope(division="project__purchaser_division", organization="project__provider")

    class Meta:
        ordering = ["project", "rank", "-professional"]
        verbose_name = _("project post")
        verbose_name_plural = _("project posts")
        constraints = [
            models.UniqueConstraint(fields=["project", "rank", "professional"], name="project_post_once"),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.rank} × {self.count}"
