"""Government-purchased projects and their budgets (the worked example of the rules engine).

Minimal by design: the procurement issue extends these models (project library, committee, contracts)."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from shegong.common.models import BaseModel
from shegong.common.scoping import Scope

from .domains import HIGH_RISK_DOMAINS, ServiceDomain

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
    provider = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("provider"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    domain = models.CharField(_("service domain"), max_length=40, choices=ServiceDomain.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    contract_signed_on = models.DateField(_("contract signed on"), null=True, blank=True)
    headcount = models.PositiveIntegerField(_("posts"), help_text=_("Number of posts the project funds."))
    professional_posts = models.PositiveIntegerField(
        _("professional social-work posts"), help_text=_("Posts that are professional social-work posts (SZ-13b).")
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


class ProjectBudget(BaseModel):
    """A project's budget for one year, by cost line (SZ-06, SZ-13c/d)."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="budgets")
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
    def total(self) -> Decimal:
        return (
            self.labour_cost
            + self.supervision_cost
            + self.activity_cost
            + self.management_cost
            + self.insurance_tax_cost
            + self.training_cost
        )
