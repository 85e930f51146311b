"""Demo data of case management (issue 8): Huizhou households, a case at each step, a referral with
consent, a walk-in request at the station window and a five-party linkage. Idempotent: rows are found
by natural keys (address, ID number's keyed hash, case title) and created through the services."""

from __future__ import annotations

import datetime

from django.utils import timezone

from shegong.accounts.models import User
from shegong.demo.loaders import DemoContext, Outcome
from shegong.geo.models import Division
from shegong.procurement.domains import ServiceDomain, ServiceType
from shegong.stations.models import Station

from . import services
from .models import (
    STEP_ORDER,
    Case,
    CaseStep,
    Consent,
    Household,
    LinkageRecord,
    Member,
    Referral,
    WalkInRequest,
)

WORKER = "hz_worker"
VILLAGE = "441302001003"  # 新建社区居委会, 惠城区桥东街道
TOWN = "441302001"
# (address, categories, [(name, relation, ID number)])
HOUSEHOLDS = (
    ("新建社区新建路12号", ["left_behind_elderly", "dibao"], [("黄秀英", "head", "44132219900315002X")]),
    (
        "新建社区东平巷3号",
        ["disabled", "families_in_difficulty"],
        [("李志强", "head", "441302199003150024"), ("王丽", "spouse", "441302199105200045")],
    ),
)
# One case per step: (title, step reached)
CASES = tuple(
    (title, step)
    for title, step in zip(
        (
            "独居老人日常照料",
            "低保家庭就业帮扶",
            "残疾人康复辅具申请",
            "困难家庭子女助学",
            "老人情绪疏导",
            "居家安全改造",
            "临时救助申请（已结案）",
        ),
        STEP_ORDER,
        strict=True,
    )
)


def load_demo(context: DemoContext) -> None:
    worker = User.objects.filter(username=WORKER).first()
    village = Division.objects.filter(code=VILLAGE).first()
    if worker is None or village is None:
        return
    households = [_household(context, worker, village, *spec) for spec in HOUSEHOLDS]
    today = timezone.localdate()
    for n, (title, step) in enumerate(CASES):
        _case(context, worker, households[n % len(households)], title, step, today)
    _referral(context, worker, households[0], today)
    _walk_in(context, worker, households[1], today)


def _household(context, worker, village, address, categories, members) -> Household:
    tally = context.tally(Household)
    household = Household.objects.filter(division=village, address=address).first()
    if household is None:
        household = services.household_register(
            actor=worker, division=village, address=address, categories=categories
        )
        tally.add(Outcome.CREATED)
    else:
        tally.add(Outcome.UNCHANGED)
    member_tally = context.tally(Member)
    for name, relation, number in members:
        if Member.objects.filter(id_number_hash=services.member_id_hash(number)).exists():
            member_tally.add(Outcome.UNCHANGED)
            continue
        services.member_add(actor=worker, household=household, name=name, relation=relation, id_number=number)
        member_tally.add(Outcome.CREATED)
    return household


RECORDS = {
    CaseStep.ASSESS: lambda w, c, d: services.case_assess_needs(
        actor=w, case=c, summary="需要日常照料和情感陪伴", material="助餐", emotional="孤独", assessed_on=d
    ),
    CaseStep.PLAN: lambda w, c, d: services.case_plan(
        actor=w,
        case=c,
        visit_frequency_days=14,
        goals="生活稳定、情绪改善",
        steps="每两周探访一次",
        planned_on=d,
    ),
    CaseStep.COORDINATE: lambda w, c, d: services.case_link_resource(
        actor=w, case=c, resource="社区长者饭堂助餐", provider="新建社区居委会", linked_on=d
    ),
    CaseStep.INTERVENE: lambda w, c, d: services.case_record_intervention(
        actor=w, case=c, method="个案辅导", held_on=d
    ),
    CaseStep.FOLLOW_UP: lambda w, c, d: services.case_follow_up(
        actor=w, case=c, outcome="按计划完成，服务对象生活稳定", evaluated_on=d
    ),
}


def _case(context, worker, household, title, step, today) -> Case:
    tally = context.tally(Case)
    case = Case.objects.filter(household=household, title=title).first()
    if case is not None:
        tally.add(Outcome.UNCHANGED)
        return case
    opened = today - datetime.timedelta(days=40)
    case = services.case_open(
        actor=worker,
        household=household,
        title=title,
        identification="网格员入户走访发现",
        service_type=ServiceType.POVERTY_RELIEF,
        domain=ServiceDomain.SOCIAL_ASSISTANCE,
        client=household.members.order_by("birth_date", "id").first(),
        opened_on=opened,
    )
    # Records dated a few days apart; the plan 30 days ago with no visit since leaves an overdue visit.
    for index, current in enumerate(STEP_ORDER[: STEP_ORDER.index(step)]):
        record = RECORDS.get(current)
        if record is not None:
            record(worker, case, opened + datetime.timedelta(days=2 * index + 1))
        if current == CaseStep.COORDINATE:
            services.case_record_linkage(
                actor=worker,
                case=case,
                parties=["community", "social_worker", "volunteer", "charity"],
                participants="社工钟嘉琪、新建社区居委会、社区志愿者2名、区慈善会",
                contribution="社工评估需求，居委会协调场地，志愿者每周陪伴，慈善会资助助餐费用",
                held_on=opened + datetime.timedelta(days=6),
            )
            context.tally(LinkageRecord).add(Outcome.CREATED)
        case = services.case_advance_step(actor=worker, case=case, to_step=STEP_ORDER[index + 1])
    tally.add(Outcome.CREATED)
    return case


def _referral(context, worker, household, today) -> None:
    tally = context.tally(Referral)
    case = Case.objects.filter(household=household, title=CASES[2][0]).first()
    if case is None or Referral.objects.filter(case=case).exists():
        tally.add(Outcome.UNCHANGED)
        return
    client = household.members.order_by("birth_date", "id").first()
    recipient = "惠城区残疾人联合会"
    if not Consent.objects.filter(member=client, recipient=recipient).exists():
        services.consent_record(
            actor=worker,
            member=client,
            data=["contact", "health"],
            recipient=recipient,
            given_on=today - datetime.timedelta(days=10),
            valid_until=today + datetime.timedelta(days=355),
        )
        context.tally(Consent).add(Outcome.CREATED)
    services.referral_send(
        actor=worker,
        case=case,
        recipient_kind="department",
        recipient=recipient,
        need="申请康复辅具适配",
        shared_data=["contact", "health"],
        sent_on=today - datetime.timedelta(days=5),
    )
    tally.add(Outcome.CREATED)


def _walk_in(context, worker, household, today) -> None:
    tally = context.tally(WalkInRequest)
    station = Station.objects.filter(division_id=TOWN).first()
    if station is None or WalkInRequest.objects.filter(station=station, visitor="李志强").exists():
        tally.add(Outcome.UNCHANGED)
        return
    row = services.walk_in_receive(
        actor=worker,
        station=station,
        visitor="李志强",
        matter="咨询残疾人两项补贴申请",
        household=household,
        received_on=today - datetime.timedelta(days=7),
    )
    services.walk_in_notify_missing(
        actor=worker,
        request_row=row,
        missing_items="残疾人证复印件、银行账户信息",
        notified_on=row.received_on,
    )
    tally.add(Outcome.CREATED)
