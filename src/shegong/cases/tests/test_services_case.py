"""The six-step process (HZ-14): only the next step, each step's record first, closing needs an outcome."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from shegong.cases import services
from shegong.cases.models import Case, CaseStep, CaseTransition
from shegong.procurement.domains import ServiceDomain, ServiceType

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def case(household, worker):
    return services.case_open(
        actor=worker,
        household=household,
        title="低保户就业帮扶",
        identification="网格员入户走访发现",
        service_type=ServiceType.POVERTY_RELIEF,
        domain=ServiceDomain.SOCIAL_ASSISTANCE,
        opened_on=DAY,
    )


def _walk_to(case, worker, target):
    """Write each step's record and move on until ``target``."""
    records = {
        CaseStep.ASSESS: lambda: services.case_assess_needs(
            actor=worker, case=case, summary="缺少稳定收入", material="米面油", assessed_on=DAY
        ),
        CaseStep.PLAN: lambda: services.case_plan(
            actor=worker,
            case=case,
            visit_frequency_days=14,
            goals="三个月内实现就业",
            steps="技能培训；岗位推荐",
            planned_on=DAY,
        ),
        CaseStep.COORDINATE: lambda: services.case_link_resource(
            actor=worker, case=case, resource="公益性岗位", provider="街道人社所", linked_on=DAY
        ),
        CaseStep.INTERVENE: lambda: services.case_record_intervention(
            actor=worker, case=case, method="个案辅导", notes="情绪稳定", held_on=DAY
        ),
        CaseStep.FOLLOW_UP: lambda: services.case_follow_up(
            actor=worker, case=case, outcome="已在社区超市就业", evaluated_on=DAY
        ),
    }
    while case.step != target:
        if case.step in records:
            records[case.step]()
        case = services.case_advance_step(actor=worker, case=case, to_step=services.next_step(case.step))
    return case


def test_a_case_walks_through_the_six_steps_and_every_move_is_stored(case, worker):
    case = _walk_to(case, worker, CaseStep.CLOSED)

    assert case.closed_on is not None and case.next_visit_due is None
    assert list(CaseTransition.objects.filter(case=case).values_list("from_step", "to_step", "actor")) == [
        ("", "identify", worker.pk),
        ("identify", "assess", worker.pk),
        ("assess", "plan", worker.pk),
        ("plan", "coordinate", worker.pk),
        ("coordinate", "intervene", worker.pk),
        ("intervene", "follow_up", worker.pk),
        ("follow_up", "closed", worker.pk),
    ]


def test_a_skipped_step_is_refused_in_chinese_and_nothing_changes(case, worker):
    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as exc:
            services.case_advance_step(actor=worker, case=case, to_step=CaseStep.PLAN)
        assert exc.value.message_dict == {
            "to_step": ["处于“识别对象”的个案只能进入“分析需求”，不能跳过步骤。"]
        }

    assert Case.objects.get(pk=case.pk).step == CaseStep.IDENTIFY
    assert CaseTransition.objects.filter(case=case).count() == 1


def test_a_plan_needs_the_needs_assessment_first(case, worker):
    case = services.case_advance_step(actor=worker, case=case, to_step=CaseStep.ASSESS)

    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as exc:
            services.case_advance_step(actor=worker, case=case, to_step=CaseStep.PLAN)
        assert exc.value.message_dict == {"to_step": ["制定计划前，请先记录需求评估。"]}
    assert Case.objects.get(pk=case.pk).step == CaseStep.ASSESS


def test_coordinating_resources_needs_the_individual_plan(case, worker):
    case = _walk_to(case, worker, CaseStep.PLAN)

    with pytest.raises(ValidationError) as exc:
        services.case_advance_step(actor=worker, case=case, to_step=CaseStep.COORDINATE)

    assert exc.value.message_dict == {"to_step": [str(services.RECORD_MISSING[CaseStep.PLAN])]}


def test_closing_without_a_follow_up_outcome_is_refused_in_chinese(case, worker):
    case = _walk_to(case, worker, CaseStep.FOLLOW_UP)

    with translation.override("zh-hans"):
        with pytest.raises(ValidationError) as exc:
            services.case_advance_step(actor=worker, case=case, to_step=CaseStep.CLOSED)
        assert exc.value.message_dict == {"to_step": ["结案前，请先记录跟踪问效的结果。"]}
    assert Case.objects.get(pk=case.pk).closed_on is None


def test_a_record_of_a_later_step_is_refused(case, worker):
    with pytest.raises(ValidationError) as exc:
        services.case_plan(actor=worker, case=case, visit_frequency_days=7, goals="目标", steps="步骤")

    assert exc.value.messages == [str(services.RECORD_TOO_EARLY % {"step": CaseStep.PLAN.label})]


def test_a_closed_case_cannot_move_or_change(case, worker):
    case = _walk_to(case, worker, CaseStep.CLOSED)

    with pytest.raises(ValidationError):
        services.case_advance_step(actor=worker, case=case, to_step=CaseStep.IDENTIFY)
    with pytest.raises(ValidationError):
        services.case_follow_up(actor=worker, case=case, outcome="改写")


def test_another_worker_may_not_move_the_case(case, other_worker):
    with pytest.raises(PermissionDenied):
        services.case_advance_step(actor=other_worker, case=case, to_step=CaseStep.ASSESS)

    assert Case.objects.get(pk=case.pk).step == CaseStep.IDENTIFY


def test_the_client_must_belong_to_the_household(household, worker, divisions):
    from shegong.cases.tests.factories import LIXIA_VILLAGE, HouseholdFactory, add_member

    stranger = add_member(HouseholdFactory(division=divisions[LIXIA_VILLAGE]), n=40)

    with pytest.raises(ValidationError) as exc:
        services.case_open(
            actor=worker,
            household=household,
            client=stranger,
            title="事项",
            identification="走访",
            service_type=ServiceType.POVERTY_RELIEF,
            domain=ServiceDomain.SOCIAL_ASSISTANCE,
        )

    assert exc.value.message_dict == {"client": [str(services.CLIENT_NOT_MEMBER)]}
    assert not Case.objects.exists()
