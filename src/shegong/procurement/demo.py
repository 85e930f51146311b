"""Demo purchased projects in Shenzhen and Jinan: some meet the policies, some break them.

Follows the demo loader convention (``shegong.demo.loaders``): idempotent by the project's name,
every write through the services, each row reported to ``context.tally``. Rows are created once and
never updated, so a second run changes nothing.

Shenzhen projects are dated 2022, while the Shenzhen measures were in force (2020-11-12 – 2025-11-11);
Jinan projects are street station projects bought by the district civil affairs bureau.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from shegong.demo.foundation import ORGANIZATIONS
from shegong.demo.loaders import DemoContext, Outcome
from shegong.geo.models import Division
from shegong.organizations.models import Organization

from . import services
from .domains import ClientGroup, ServiceDomain, ServiceType
from .models import (
    Contract,
    ContractTerm,
    ItemKind,
    MemberKind,
    Programme,
    Project,
    ProjectBudget,
    ProjectLibrary,
    PurchaserKind,
    VoteChoice,
)

D = datetime.date

# A compliant Shenzhen budget for 10 person-years: 1,700,000 yuan, labour 85 %, supervision 350 × 120.
COMPLIANT_BUDGET = {
    "labour_cost": Decimal("1445000"),
    "supervision_cost": Decimal("42000"),
    "activity_cost": Decimal("100000"),
    "management_cost": Decimal("60000"),
    "insurance_tax_cost": Decimal("33000"),
    "training_cost": Decimal("20000"),
    "person_years": Decimal("10"),
    "supervised_worker_months": 120,
}
# Labour 1,300,000 of 1,530,000 yuan (84.97 %, below 85 %), 153,000 yuan per person-year (below the
# high-risk floor of 169,000), supervision 24,000 for 120 worker-months (200 a month, below 350):
# breaks SZ-13c, SZ-13d and SZ-06b.
NON_COMPLIANT_BUDGET = {
    "labour_cost": Decimal("1300000"),
    "supervision_cost": Decimal("24000"),
    "activity_cost": Decimal("120000"),
    "management_cost": Decimal("60000"),
    "insurance_tax_cost": Decimal("16000"),
    "training_cost": Decimal("10000"),
    "person_years": Decimal("10"),
    "supervised_worker_months": 120,
}
STATION_BUDGET = {
    "labour_cost": Decimal("255000"),
    "supervision_cost": Decimal("12000"),
    "activity_cost": Decimal("20000"),
    "management_cost": Decimal("6000"),
    "insurance_tax_cost": Decimal("4000"),
    "training_cost": Decimal("3000"),
    "person_years": Decimal("3"),
    "supervised_worker_months": 36,
}
ALL_TERMS = list(ContractTerm.values)


@dataclass(frozen=True)
class DemoContract:
    number: str
    signed_on: datetime.date
    starts_on: datetime.date
    ends_on: datetime.date
    terms: tuple[str, ...] = tuple(ALL_TERMS)
    subcontracting_allowed: bool = False


@dataclass(frozen=True)
class DemoProject:
    name: str
    purchaser_division: str
    purchaser_name: str
    provider: str  # key of a foundation DemoOrganization
    domain: str
    starts_on: datetime.date
    ends_on: datetime.date
    headcount: int
    professional_posts: int
    budget: dict
    budget_year: int
    programme: str = Programme.GENERAL
    contract_signed_on: datetime.date | None = None
    contract: DemoContract | None = None
    continuation_applied_on: datetime.date | None = None  # SZ-12c: at least 6 months before the end
    service_types: tuple[str, ...] = (ServiceType.RESOURCE_LINKING, ServiceType.POVERTY_RELIEF)
    client_groups: tuple[str, ...] = (ClientGroup.DIBAO,)
    extra: dict = field(default_factory=dict)


SURVEY = "走访辖区居民300户，老年人照护与困境儿童支持需求突出。"
RANKS = "初级社工6名，中级社工3名，高级社工1名"
STANDARDS = "每名社工每月个案不少于4个，小组活动不少于2次。"
INDICATORS = "服务满意度不低于90%，个案结案率不低于80%。"

PROJECTS = (
    # Shenzhen 福田区, 2022–2024: meets SZ-13a/b/c/d and SZ-06b, and applied in time to continue (SZ-12c).
    DemoProject(
        "福田区南园街道社区社会工作服务项目",
        "440304",
        "深圳市福田区民政局",
        "sz_pengcheng",
        ServiceDomain.COMMUNITY_BUILDING,
        D(2022, 1, 1),
        D(2024, 12, 31),
        10,
        8,
        COMPLIANT_BUDGET,
        2022,
        contract_signed_on=D(2021, 12, 15),
        continuation_applied_on=D(2024, 5, 20),
    ),
    # Shenzhen 福田区, 2022–2025: a budget below the floors (SZ-13c, SZ-13d, SZ-06b), only 6 of
    # 10 posts professional (SZ-13b) and no application to continue after the 3-year term (SZ-12c).
    DemoProject(
        "福田区长者关爱社会工作服务项目",
        "440304",
        "深圳市福田区民政局",
        "sz_caihong",
        ServiceDomain.SOCIAL_WELFARE,
        D(2022, 3, 1),
        D(2025, 2, 28),
        10,
        6,
        NON_COMPLIANT_BUDGET,
        2022,
        contract_signed_on=D(2022, 2, 10),
        client_groups=(ClientGroup.DIBAO,),
    ),
    # Jinan 历下区 解放路街道 station: the district bureau buys, 3-year contract with every term.
    DemoProject(
        "历下区解放路街道社会工作服务站项目",
        "370102",
        "济南市历下区民政局",
        "jn_yangguang",
        ServiceDomain.COMMUNITY_BUILDING,
        D(2021, 7, 1),
        D(2024, 6, 30),
        3,
        3,
        STATION_BUDGET,
        2022,
        programme=Programme.STATION,
        contract_signed_on=D(2021, 6, 15),
        contract=DemoContract("JNLX-2021-0001", D(2021, 6, 15), D(2021, 7, 1), D(2024, 6, 30)),
    ),
    # Jinan 历城区 station: a one-year contract that omits terms and allows subcontracting (JN-11, JN-16).
    DemoProject(
        "历城区山大路街道社会工作服务站项目",
        "370112",
        "济南市历城区民政局",
        "jn_tongxin",
        ServiceDomain.SOCIAL_ASSISTANCE,
        D(2021, 9, 1),
        D(2024, 8, 31),
        3,
        2,
        STATION_BUDGET,
        2022,
        programme=Programme.STATION,
        contract_signed_on=D(2021, 8, 20),
        contract=DemoContract(
            "JNLC-2021-0007",
            D(2021, 8, 20),
            D(2021, 9, 1),
            D(2022, 8, 31),
            terms=(ContractTerm.CONTENT, ContractTerm.TERM, ContractTerm.PRICE),
            subcontracting_allowed=True,
        ),
    ),
)


def load_demo(context: DemoContext) -> None:
    """Create the demo projects that do not exist yet, then Futian's project library and committee,
    then posts, results, rewards and payment ledgers."""
    _load_projects(context)
    _load_library(context)
    _load_results_and_funds(context)


def _load_projects(context: DemoContext) -> None:
    tally = context.tally(Project)
    existing = set(Project.objects.filter(name__in=[p.name for p in PROJECTS]).values_list("name", flat=True))
    organizations = Organization.objects.in_bulk([o.uscc for o in ORGANIZATIONS], field_name="uscc")
    by_key = {o.key: organizations[o.uscc] for o in ORGANIZATIONS if o.uscc in organizations}
    divisions = Division.objects.in_bulk({p.purchaser_division for p in PROJECTS})
    for spec in PROJECTS:
        if spec.name in existing:
            tally.add(Outcome.UNCHANGED)
            continue
        _create(context, spec, divisions[spec.purchaser_division], by_key[spec.provider])
        tally.add(Outcome.CREATED)


def _create(context: DemoContext, spec: DemoProject, division, provider) -> None:
    actor = context.actor
    project = services.project_create(
        actor=actor,
        name=spec.name,
        purchaser_division=division,
        purchaser_kind=PurchaserKind.CIVIL_AFFAIRS,
        purchaser_name=spec.purchaser_name,
        provider=provider,
        programme=spec.programme,
        domain=spec.domain,
        service_types=list(spec.service_types),
        client_groups=list(spec.client_groups),
        needs_survey_summary=SURVEY,
        post_ranks=RANKS,
        service_standards=STANDARDS,
        performance_indicators=INDICATORS,
        headcount=spec.headcount,
        professional_posts=spec.professional_posts,
        starts_on=spec.starts_on,
        ends_on=spec.ends_on,
        contract_signed_on=spec.contract_signed_on,
    )
    services.project_budget_submit(actor=actor, project=project, year=spec.budget_year, **spec.budget)
    context.tally(ProjectBudget).add(Outcome.CREATED)
    if spec.contract:
        c = spec.contract
        services.contract_record(
            actor=actor,
            project=project,
            number=c.number,
            signed_on=c.signed_on,
            starts_on=c.starts_on,
            ends_on=c.ends_on,
            terms=list(c.terms),
            subcontracting_allowed=c.subcontracting_allowed,
        )
        context.tally(Contract).add(Outcome.CREATED)
    if spec.continuation_applied_on:
        services.continuation_apply(actor=actor, project=project, submitted_on=spec.continuation_applied_on)


LIBRARY_DIVISION = "440304"
MEMBERS = (
    # name, kind, affiliation, linked organisation keys
    ("陈永健", MemberKind.CIVIL_AFFAIRS, "深圳市福田区民政局", ()),
    ("李慧玲", MemberKind.DEPARTMENT, "深圳市福田区财政局", ()),
    ("梁振华", MemberKind.SECTOR_EXPERT, "深圳市社会工作者协会", ("sz_pengcheng",)),  # recused for 鹏城
)
# Meeting of 2022-03-15: the compliant project is admitted (梁振华 recused), the other rejected.
AGENDA = (
    ("福田区南园街道社区社会工作服务项目", (VoteChoice.FOR, VoteChoice.FOR), "需求调研充分，预算符合标准。"),
    (
        "福田区长者关爱社会工作服务项目",
        (VoteChoice.AGAINST, VoteChoice.AGAINST, VoteChoice.ABSTAIN),
        "预算低于整体打包费标准，专业岗位比例不足。",
    ),
)


def _load_library(context: DemoContext) -> None:
    """Set up Futian's library and committee with one meeting, once (SZ-12a/b)."""
    tally = context.tally(ProjectLibrary)
    if ProjectLibrary.objects.filter(division_id=LIBRARY_DIVISION).exists():
        tally.add(Outcome.UNCHANGED)
        return
    actor = context.actor
    library = services.library_create(
        actor=actor,
        division=Division.objects.get(pk=LIBRARY_DIVISION),
        name="福田区政府购买社会工作服务项目库",
        committee_name="福田区政府购买社会工作服务评审委员会",
        established_on=D(2021, 1, 1),
    )
    tally.add(Outcome.CREATED)
    organizations = Organization.objects.in_bulk([o.uscc for o in ORGANIZATIONS], field_name="uscc")
    by_key = {o.key: organizations[o.uscc] for o in ORGANIZATIONS if o.uscc in organizations}
    members = [
        services.committee_member_add(
            actor=actor,
            committee=library.committee,
            name=name,
            kind=kind,
            affiliation=affiliation,
            organizations=[by_key[key] for key in keys],
        )
        for name, kind, affiliation, keys in MEMBERS
    ]
    meeting = services.meeting_record(
        actor=actor,
        committee=library.committee,
        held_on=D(2022, 3, 15),
        minutes="2022年第一次评审会议：审议两个新增项目的入库申请。梁振华委员与深圳市福田区鹏城社会工作服务中心存在关联，依规回避。",
    )
    names = [name for name, _votes, _reasons in AGENDA]
    projects = {p.name: p for p in Project.objects.filter(name__in=names).select_related("provider")}
    for name, votes, reasons in AGENDA:
        project = projects[name]
        item = services.meeting_item_add(
            actor=actor, meeting=meeting, project=project, kind=ItemKind.ADMISSION
        )
        voters = [m for m in members if not services.member_is_recused(m, project)]
        for member, choice in zip(voters, votes, strict=False):
            services.vote_cast(actor=actor, item=item, member=member, choice=choice)
        services.meeting_item_decide(actor=actor, item=item, reasons=reasons)


# Posts, results and funds (SZ-13a, SZ-14b, SZ-13e, SZ-16a, SZ-15c) --------------------------------

COMPLIANT_SZ = "福田区南园街道社区社会工作服务项目"
NON_COMPLIANT_SZ = "福田区长者关爱社会工作服务项目"
LIXIA_STATION = "历下区解放路街道社会工作服务站项目"
POSTS = {
    COMPLIANT_SZ: (
        {"rank": "social_worker", "count": 6, "professional": True},
        {"rank": "assistant", "count": 2, "professional": True},
        {"rank": "assistant", "count": 2, "professional": False},
    ),
    LIXIA_STATION: (
        {"rank": "social_worker", "count": 2, "professional": True},
        {"rank": "assistant", "count": 1, "professional": True},
    ),
}
# project, paid on, payee, amount, budget line, method
PAYMENTS = (
    (COMPLIANT_SZ, D(2022, 1, 31), "1月工资（10人）", "110000", "labour", "transfer"),
    (COMPLIANT_SZ, D(2022, 2, 20), "社区长者中秋活动物资", "4800", "activity", "cash"),
    (COMPLIANT_SZ, D(2022, 3, 31), "一季度机构管理费", "15000", "management", "transfer"),
    # SZ-15c: one cash payment above the 50,000 yuan threshold and management drawn above the line.
    (NON_COMPLIANT_SZ, D(2022, 4, 8), "长者节场地租赁", "68000", "activity", "cash"),
    (NON_COMPLIANT_SZ, D(2022, 6, 30), "上半年机构管理费", "45000", "management", "transfer"),
    (NON_COMPLIANT_SZ, D(2022, 12, 31), "下半年机构管理费", "30000", "management", "transfer"),
)


def _load_results_and_funds(context: DemoContext) -> None:
    from .models import Evaluation, EvaluationGrade, EvaluationKind, Payment, PerformanceReview

    actor = context.actor
    projects = {
        p.name: p for p in Project.objects.filter(name__in=[COMPLIANT_SZ, NON_COMPLIANT_SZ, LIXIA_STATION])
    }
    for name, posts in POSTS.items():
        project = projects.get(name)
        if project is not None and not project.posts.exists():
            services.project_posts_set(actor=actor, project=project, posts=list(posts))
    tally = context.tally(PerformanceReview)
    compliant = projects.get(COMPLIANT_SZ)
    if compliant is None or compliant.performance_reviews.exists():
        tally.add(Outcome.UNCHANGED)
    else:
        review = services.performance_review_record(
            actor=actor,
            project=compliant,
            year=2022,
            reviewed_on=D(2023, 1, 16),
            grade=EvaluationGrade.EXCELLENT,
            score=Decimal("94.5"),
            findings="按合同提供服务，岗位到位，资金使用规范。",
            reviewer="深圳市福田区民政局",
        )
        tally.add(Outcome.CREATED)
        services.renewal_reward_grant(
            actor=actor,
            project=compliant,
            granted_on=D(2023, 2, 1),
            review=review,
            note="履约评价优秀，续期一年。",
        )
        context.tally(Evaluation)
        evaluation = services.evaluation_record(
            actor=actor,
            project=compliant,
            kind=EvaluationKind.PERFORMANCE,
            period=1,
            evaluated_on=D(2023, 3, 10),
            grade=EvaluationGrade.GOOD,
            score=Decimal("86"),
            evaluator="深圳市社会工作者协会",
        )
        services.evaluation_publish(actor=actor, evaluation=evaluation, published_on=D(2023, 3, 20))
    payments = context.tally(Payment)
    paid = set(
        Payment.objects.filter(project__in=projects.values()).values_list("project__name", "paid_on", "payee")
    )
    for name, day, payee, amount, category, method in PAYMENTS:
        project = projects.get(name)
        if project is None or (name, day, payee) in paid:
            payments.add(Outcome.UNCHANGED)
            continue
        services.payment_record(
            actor=actor,
            project=project,
            paid_on=day,
            payee=payee,
            amount=Decimal(amount),
            category=category,
            method=method,
        )
        payments.add(Outcome.CREATED)
