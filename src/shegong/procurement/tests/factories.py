"""Factories for purchased projects, budgets, contracts and evaluations."""

import datetime
from decimal import Decimal

import factory

from shegong.procurement.domains import ServiceDomain
from shegong.procurement.models import (
    CommitteeMeeting,
    CommitteeMember,
    ContinuationApplication,
    Contract,
    ContractTerm,
    Evaluation,
    EvaluationGrade,
    EvaluationKind,
    MemberKind,
    Project,
    ProjectBudget,
    ProjectLibrary,
    ReviewCommittee,
)


class ProjectFactory(factory.django.DjangoModelFactory):
    """A project that states everything SZ-13a asks for, for a 3-year cycle (2021–2023)."""

    class Meta:
        model = Project

    name = factory.Sequence(lambda n: f"福田区社区社会工作服务项目{n}")
    domain = ServiceDomain.COMMUNITY_BUILDING
    starts_on = datetime.date(2021, 1, 1)
    ends_on = datetime.date(2023, 12, 31)
    headcount = 10
    professional_posts = 8
    needs_survey_summary = "走访社区居民300户，老年人照护与青少年课后支持需求突出。"
    post_ranks = "初级社工6名，中级社工3名，高级社工1名"
    service_standards = "每名社工每月个案不少于4个，小组活动不少于2次。"
    performance_indicators = "服务满意度不低于90%，个案结案率不低于80%。"


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


class ContractFactory(factory.django.DjangoModelFactory):
    """A compliant Jinan station contract: 3 years, every required term, no subcontracting."""

    class Meta:
        model = Contract

    project = factory.SubFactory(ProjectFactory)
    number = factory.Sequence(lambda n: f"JNCG-2021-{n:04d}")
    signed_on = datetime.date(2021, 6, 15)
    starts_on = datetime.date(2021, 7, 1)
    ends_on = datetime.date(2024, 6, 30)
    terms = factory.LazyFunction(lambda: list(ContractTerm.values))
    subcontracting_allowed = False


class ContinuationApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContinuationApplication

    project = factory.SubFactory(ProjectFactory)
    submitted_on = datetime.date(2023, 6, 1)


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    project = factory.SubFactory(ProjectFactory)
    kind = EvaluationKind.PERFORMANCE
    period = 1
    evaluated_on = datetime.date(2023, 10, 1)
    grade = EvaluationGrade.GOOD


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


class ProjectLibraryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectLibrary

    name = factory.LazyAttribute(lambda o: f"{o.division.name}政府购买社会工作服务项目库")


class ReviewCommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewCommittee

    library = factory.SubFactory(ProjectLibraryFactory)
    name = factory.LazyAttribute(lambda o: f"{o.library.division.name}政府购买社会工作服务评审委员会")
    established_on = datetime.date(2021, 1, 1)


class CommitteeMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeMember

    committee = factory.SubFactory(ReviewCommitteeFactory)
    name = factory.Sequence(lambda n: f"评审专家{n}")
    kind = MemberKind.SECTOR_EXPERT


class CommitteeMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeMeeting

    committee = factory.SubFactory(ReviewCommitteeFactory)
    held_on = datetime.date(2022, 3, 15)
    minutes = "会议审议了入库项目。"
