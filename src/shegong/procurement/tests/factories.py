"""Factories for purchased projects and budgets."""

import datetime
from decimal import Decimal

import factory

from shegong.procurement.domains import ServiceDomain
from shegong.procurement.models import Project, ProjectBudget


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    name = factory.Sequence(lambda n: f"福田区社区社会工作服务项目{n}")
    domain = ServiceDomain.COMMUNITY_BUILDING
    starts_on = datetime.date(2021, 1, 1)
    ends_on = datetime.date(2023, 12, 31)
    headcount = 10
    professional_posts = 8


class ProjectBudgetFactory(factory.django.DjangoModelFactory):
    """A compliant budget: 10 person-years, 1,700,000 yuan, labour 85 %, supervision 350 × 120."""

    class Meta:
        model = ProjectBudget

    project = factory.SubFactory(ProjectFactory)
    year = 2022
    labour_cost = Decimal("1445000")
    supervision_cost = Decimal("42000")
    activity_cost = Decimal("100000")
    management_cost = Decimal("60000")
    insurance_tax_cost = Decimal("33000")
    training_cost = Decimal("20000")
    person_years = Decimal("10")
    supervised_worker_months = 120


def budget_with(total: Decimal, labour_share: Decimal, **kwargs) -> dict:
    """Cost lines adding up to ``total`` with the given labour share (the rest spread over the others)."""
    labour = (total * labour_share).quantize(Decimal("0.01"))
    rest = total - labour
    supervision = kwargs.pop("supervision_cost", (rest * Decimal("0.4")).quantize(Decimal("0.01")))
    activity = rest - supervision
    return {
        "labour_cost": labour,
        "supervision_cost": supervision,
        "activity_cost": activity,
        "management_cost": Decimal("0"),
        "insurance_tax_cost": Decimal("0"),
        "training_cost": Decimal("0"),
        **kwargs,
    }
