"""Demo practitioners of the four policy cities: some meet the training rules, some fall short.

Follows the demo loader convention (``shegong.demo.loaders``): idempotent by the ID number's keyed
hash, every write through the services, each row reported to ``context.tally``. Rows are created
once and never updated, so a second run changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from stdnum.cn import ric

from shegong.demo.foundation import ORGANIZATIONS
from shegong.demo.loaders import DemoContext, Outcome
from shegong.geo.models import Division
from shegong.organizations.models import Organization

from . import services
from .models import CertificateLevel, EducationLevel, FilingState, Practitioner, TrainingKind

FILED = FilingState.FILED
APPLIED = FilingState.APPLIED
UNDER_REVIEW = FilingState.UNDER_REVIEW


@dataclass(frozen=True)
class DemoPractitioner:
    name: str
    birth_area: str  # region code of birth (must exist in the birth year)
    born: datetime.date
    serial: int  # 3-digit sequence; odd for men, even for women in the 3rd digit
    division: str
    organization: str  # key of a foundation DemoOrganization
    state: str
    certificate: str = ""
    hours: int = 0  # hours this year, of ``kind``
    kind: str = TrainingKind.CONTINUING_EDUCATION
    pre_job_hours: int = 0
    community_worker: bool = False
    contract: bool = False  # the post is in a purchased project

    @property
    def id_number(self) -> str:
        body = f"{self.birth_area}{self.born:%Y%m%d}{self.serial:03d}"
        return body + ric.calc_check_digit(body + "0")


D = datetime.date
PRACTITIONERS = (
    # Shenzhen 福田区: 80 h of continuing education a year (SZ-07a; the measures lapsed on 2025-11-11).
    DemoPractitioner(
        "蔡晓敏",
        "440304",
        D(1992, 3, 14),
        102,
        "440304",
        "sz_pengcheng",
        FILED,
        CertificateLevel.INTERMEDIATE,
        hours=86,
        pre_job_hours=16,
        contract=True,
    ),
    DemoPractitioner(
        "黄俊杰",
        "440304",
        D(1990, 8, 2),
        111,
        "440304",
        "sz_pengcheng",
        FILED,
        CertificateLevel.ASSISTANT,
        hours=40,
        pre_job_hours=16,
        contract=True,
    ),
    DemoPractitioner("苏雅文", "440303", D(1996, 11, 20), 124, "440304", "sz_pengcheng", APPLIED),
    # Jinan 历下区: no yearly hours rule in the Jinan plan.
    DemoPractitioner(
        "韩雪",
        "370102",
        D(1994, 1, 9),
        128,
        "370102",
        "jn_yangguang",
        FILED,
        CertificateLevel.ASSISTANT,
        hours=30,
    ),
    DemoPractitioner("孟凡超", "370112", D(1991, 6, 30), 135, "370102", "jn_yangguang", UNDER_REVIEW),
    # Sanming 三元区: community workers train 20 h a year (SM-03); practise only when registered (SM-08).
    DemoPractitioner(
        "陈淑贞",
        "350403",
        D(1988, 5, 5),
        142,
        "350404",
        "sm_zhongyi",
        FILED,
        CertificateLevel.INTERMEDIATE,
        hours=24,
        kind=TrainingKind.OTHER,
        community_worker=True,
    ),
    DemoPractitioner(
        "林志勇",
        "350403",
        D(1990, 9, 18),
        153,
        "350404",
        "sm_zhongyi",
        FILED,
        hours=12,
        kind=TrainingKind.OTHER,
        community_worker=True,
    ),
    DemoPractitioner("邱文斌", "350402", D(1997, 12, 1), 171, "350404", "sm_zhongyi", APPLIED),
    # Huizhou 惠城区: 48 h a year (HZ-17) and 15 h of pre-job training (HZ-12).
    DemoPractitioner(
        "钟嘉琪",
        "441302",
        D(1993, 7, 21),
        182,
        "441302",
        "hz_echeng",
        FILED,
        CertificateLevel.ASSISTANT,
        hours=52,
        kind=TrainingKind.OTHER,
        pre_job_hours=16,
    ),
    DemoPractitioner(
        "李嘉豪",
        "441302",
        D(1995, 2, 11),
        193,
        "441302",
        "hz_echeng",
        FILED,
        hours=30,
        kind=TrainingKind.OTHER,
        pre_job_hours=10,
    ),
)

APPLIED_ON = D(2021, 1, 4)
FILED_ON = D(2021, 1, 11)
HIRED_ON = D(2021, 1, 18)


def load_demo(context: DemoContext) -> None:
    """Create the demo practitioners that do not exist yet, with posts, certificates and training."""
    tally = context.tally(Practitioner)
    existing = set(
        Practitioner.objects.filter(
            id_number_hash__in=[services.id_number_hash(p.id_number) for p in PRACTITIONERS]
        ).values_list("id_number_hash", flat=True)
    )
    organizations = Organization.objects.in_bulk([o.uscc for o in ORGANIZATIONS], field_name="uscc")
    by_key = {o.key: organizations[o.uscc] for o in ORGANIZATIONS if o.uscc in organizations}
    divisions = Division.objects.in_bulk({p.division for p in PRACTITIONERS})
    today = timezone.localdate()
    trained_on = min(today, D(today.year, 3, 1))
    for spec in PRACTITIONERS:
        if services.id_number_hash(spec.id_number) in existing:
            tally.add(Outcome.UNCHANGED)
            continue
        _create(context.actor, spec, divisions[spec.division], by_key[spec.organization], trained_on)
        tally.add(Outcome.CREATED)
    load_pay_demo(context, by_key)


def _create(actor, spec: DemoPractitioner, division, organization, trained_on) -> None:
    practitioner = services.practitioner_apply(
        actor=actor,
        name=spec.name,
        id_number=spec.id_number,
        division=division,
        education_level=EducationLevel.BACHELOR,
        major="社会工作",
        major_is_social_work=True,
        community_worker=spec.community_worker,
        phone=f"139{spec.serial:08d}",
        applied_on=APPLIED_ON,
    )
    if spec.state in (UNDER_REVIEW, FILED):
        services.practitioner_review_start(actor=actor, practitioner=practitioner, effective_on=APPLIED_ON)
    if spec.state == FILED:
        services.practitioner_file(actor=actor, practitioner=practitioner, effective_on=FILED_ON)
    services.employment_add(
        actor=actor,
        practitioner=practitioner,
        organization=organization,
        post="社会工作者",
        starts_on=HIRED_ON,
        contract_signed_on=D(2021, 1, 5) if spec.contract else None,
    )
    if spec.certificate:
        services.certificate_add(
            actor=actor,
            practitioner=practitioner,
            level=spec.certificate,
            number=f"DEMO{spec.serial:06d}",
            issued_on=D(2020, 6, 20),
            issuer="人力资源和社会保障部、民政部",
        )
    if spec.pre_job_hours:
        services.training_record_add(
            actor=actor,
            practitioner=practitioner,
            kind=TrainingKind.PRE_JOB,
            hours=Decimal(spec.pre_job_hours),
            held_on=D(2021, 1, 15),
            provider="市民政局",
            topic="岗前培训",
        )
    if spec.hours:
        services.training_record_add(
            actor=actor,
            practitioner=practitioner,
            kind=spec.kind,
            hours=Decimal(spec.hours),
            held_on=trained_on,
            provider="市社会工作协会",
            topic="年度培训",
        )


# Ranks and pay (SZ-06, SM-06/09/10/11/12, HZ-06) ---------------------------------------------------

# Sample salary guides (示例数据) of the cities whose rules compare pay with a guide.
SAMPLE_GUIDES = {"4403": D(2021, 1, 1), "4413": D(2021, 7, 1)}
PAY_MONTH = D(2024, 6, 1)


def _by_name() -> dict[str, Practitioner]:
    names = [p.name for p in PRACTITIONERS]
    hashes = [services.id_number_hash(p.id_number) for p in PRACTITIONERS]
    return {p.name: p for p in Practitioner.objects.filter(id_number_hash__in=hashes, name__in=names)}


def load_pay_demo(context: DemoContext, organizations: dict) -> None:
    """Sample guides, ranks, pay, social insurance, subsidies, an award and an exam fee; created once.

    Some break the rules on purpose: 黄俊杰 is paid below the Shenzhen guide (SZ-06d), 林志勇 gets a
    certificate subsidy without a certificate and misses medical insurance (SM-09, SM-10), 李嘉豪's
    employer pays no housing fund (HZ-06).
    """
    from django.contrib.auth import get_user_model

    from . import pay_services, ranks
    from .models import (
        Award,
        CertificateSubsidy,
        ExamFeeRecord,
        PayRecord,
        Rank,
        SalaryGuide,
        SocialInsuranceRecord,
    )

    actor = context.actor
    guides = context.tally(SalaryGuide)
    cities = Division.objects.in_bulk(list(SAMPLE_GUIDES))
    for code, since in SAMPLE_GUIDES.items():
        if code not in cities or SalaryGuide.objects.filter(division_id=code).exists():
            guides.add(Outcome.UNCHANGED)
            continue
        pay_services.salary_guide_create_sample(actor=actor, division=cities[code], effective_from=since)
        guides.add(Outcome.CREATED)

    people = _by_name()

    def once(model, name, make, **lookup):
        tally = context.tally(model)
        person = people.get(name)
        if person is None or model.objects.filter(practitioner=person, **lookup).exists():
            tally.add(Outcome.UNCHANGED)
            return
        make(person)
        tally.add(Outcome.CREATED)

    sample = pay_services.sample_rows()
    pays = [
        (
            "蔡晓敏",
            "sz_pengcheng",
            Rank.ASSISTANT,
            "community_building",
            sample[(Rank.ASSISTANT, "community_building")],
        ),
        ("黄俊杰", "sz_pengcheng", Rank.ASSISTANT, "community_building", Decimal("6800")),
        (
            "钟嘉琪",
            "hz_echeng",
            Rank.ASSISTANT,
            "social_assistance",
            sample[(Rank.ASSISTANT, "social_assistance")],
        ),
        (
            "李嘉豪",
            "hz_echeng",
            Rank.TRAINEE,
            "social_assistance",
            sample[(Rank.TRAINEE, "social_assistance")],
        ),
    ]
    for name, org, rank, domain, amount in pays:
        if name in people and not people[name].rank and ranks.ladder_for(people[name].division_id, HIRED_ON):
            pay_services.practitioner_set_rank(
                actor=actor, practitioner=people[name], rank=rank, since=HIRED_ON
            )
        once(
            PayRecord,
            name,
            lambda p, org=org, rank=rank, domain=domain, amount=amount: pay_services.pay_record_add(
                actor=actor,
                practitioner=p,
                month=PAY_MONTH,
                employer=organizations[org],
                rank=rank,
                domain=domain,
                gross_pay=amount,
            ),
            month=PAY_MONTH,
        )
    full = dict(pension=True, medical=True, unemployment=True, work_injury=True, housing_fund=True)
    insurances = [
        ("陈淑贞", "sm_zhongyi", full),
        ("林志勇", "sm_zhongyi", {**full, "medical": False}),
        ("钟嘉琪", "hz_echeng", full),
        ("李嘉豪", "hz_echeng", {**full, "housing_fund": False}),
    ]
    for name, org, schemes in insurances:
        once(
            SocialInsuranceRecord,
            name,
            lambda p, org=org, schemes=schemes: pay_services.insurance_record_add(
                actor=actor, practitioner=p, month=PAY_MONTH, employer=organizations[org], **schemes
            ),
            month=PAY_MONTH,
        )
    subsidies = [
        ("陈淑贞", CertificateLevel.INTERMEDIATE, Decimal("120")),
        ("林志勇", CertificateLevel.ASSISTANT, Decimal("60")),
    ]
    for name, level, amount in subsidies:
        once(
            CertificateSubsidy,
            name,
            lambda p, level=level, amount=amount: pay_services.subsidy_record_add(
                actor=actor, practitioner=p, month=PAY_MONTH, level=level, amount=amount
            ),
            month=PAY_MONTH,
        )
    once(
        Award,
        "蔡晓敏",
        lambda p: pay_services.award_record(
            actor=actor,
            practitioner=p,
            title="2023年度优秀社会工作者",
            awarded_on=D(2024, 3, 5),
            awarded_by="深圳市民政局",
        ),
    )
    once(
        ExamFeeRecord,
        "陈淑贞",
        lambda p: pay_services.exam_fee_record(
            actor=actor,
            practitioner=p,
            level=CertificateLevel.INTERMEDIATE,
            passed_on=D(2014, 10, 18),
            fee=Decimal("200"),
            reimbursed_on=D(2014, 12, 1),
            reimbursed_by=organizations["sm_zhongyi"],
            reward=Decimal("500"),
        ),
    )
    worker = get_user_model().objects.filter(username="sz_worker").first()
    if worker is not None and "蔡晓敏" in people and people["蔡晓敏"].user_id is None:
        if not Practitioner.objects.filter(user=worker).exists():
            services.practitioner_link_account(actor=actor, practitioner=people["蔡晓敏"], user=worker)
