"""HZ-11: 报名 → 笔试 → 面试 → 体检 → 公示 → 录用, with scores, a dated notice period and objections."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from shegong.policy.library import load_library
from shegong.recruitment import services
from shegong.recruitment.models import ObjectionOutcome, Stage
from shegong.workforce.models import Employment

from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def notice_days() -> int:
    return load_library().parameter("HZ", "recruitment_notice_days").value_on(timezone.localdate()).value


def on_notice(actor, posting, practitioner, *, notice_from):
    """Take a candidate through exam, interview and medical examination onto a notice from ``notice_from``."""
    application = ApplicationFactory(posting=posting, practitioner=practitioner, applied_on=posting.opens_on)
    day = notice_from - 3 * DAY
    services.application_advance(
        actor=actor, application=application, to_stage=Stage.WRITTEN_EXAM, taken_on=day
    )
    services.application_advance(
        actor=actor,
        application=application,
        to_stage=Stage.INTERVIEW,
        taken_on=day + DAY,
        score=Decimal("82.5"),
    )
    services.application_advance(
        actor=actor,
        application=application,
        to_stage=Stage.MEDICAL,
        taken_on=day + 2 * DAY,
        score=Decimal("90"),
    )
    return services.application_advance(
        actor=actor, application=application, to_stage=Stage.NOTICE, taken_on=notice_from, medical_passed=True
    )


def test_the_notice_period_is_the_dated_parameter_of_the_huizhou_plan(unified_posting, filed, lixia_officer):
    start = timezone.localdate() - 10 * DAY
    application = on_notice(lixia_officer, unified_posting, filed, notice_from=start)

    assert notice_days() == 7
    assert (application.written_score, application.interview_score, application.medical_passed) == (
        Decimal("82.5"),
        Decimal("90"),
        True,
    )
    assert application.notice_starts_on == start
    assert application.notice_ends_on == start + 6 * DAY
    assert application.notice_clause == "HZ 五(二)四"
    assert list(application.steps.values_list("to_stage", flat=True)) == [
        Stage.WRITTEN_EXAM,
        Stage.INTERVIEW,
        Stage.MEDICAL,
        Stage.NOTICE,
    ]


@pytest.mark.parametrize(
    "days_since_start, allowed",
    [(5, False), (6, False), (7, True), (8, True)],  # 7 days: the last notice day is start + 6
)
def test_hiring_is_allowed_only_after_the_last_notice_day(
    unified_posting, filed, lixia_officer, days_since_start, allowed
):
    today = timezone.localdate()
    application = on_notice(lixia_officer, unified_posting, filed, notice_from=today - days_since_start * DAY)

    if allowed:
        services.application_hire(actor=lixia_officer, application=application, hired_on=today)
        assert application.stage == Stage.HIRED
        assert Employment.objects.filter(practitioner=filed).exists()
        return
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        services.application_hire(actor=lixia_officer, application=application, hired_on=today)
    end = application.notice_ends_on.isoformat()
    assert exc.value.message_dict["hired_on"] == [
        f"该拟录用人员的公示期至{end}（7天，惠州“双百工程”实施方案第五(二)四项，HZ-11），公示期满次日起方可录用。"
    ]
    application.refresh_from_db()
    assert application.stage == Stage.NOTICE
    assert not Employment.objects.exists()


def test_a_unified_recruitment_cannot_skip_stages(unified_posting, filed, lixia_officer):
    application = ApplicationFactory(posting=unified_posting, practitioner=filed)

    with pytest.raises(ValidationError):
        services.application_advance(
            actor=lixia_officer,
            application=application,
            to_stage=Stage.INTERVIEW,
            taken_on=timezone.localdate(),
        )
    with pytest.raises(ValidationError) as exc:
        services.application_hire(actor=lixia_officer, application=application, hired_on=timezone.localdate())
    assert "hired_on" in exc.value.message_dict
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED
    assert not application.steps.exists()


def test_leaving_the_written_exam_needs_a_score_between_0_and_100(unified_posting, filed, lixia_officer):
    application = ApplicationFactory(posting=unified_posting, practitioner=filed)
    today = timezone.localdate()
    services.application_advance(
        actor=lixia_officer, application=application, to_stage=Stage.WRITTEN_EXAM, taken_on=today
    )

    for score in (None, Decimal("101")):
        with pytest.raises(ValidationError) as exc:
            services.application_advance(
                actor=lixia_officer,
                application=application,
                to_stage=Stage.INTERVIEW,
                taken_on=today,
                score=score,
            )
        assert list(exc.value.message_dict) == ["score"]
    application.refresh_from_db()
    assert (application.stage, application.written_score) == (Stage.WRITTEN_EXAM, None)


def test_a_failed_medical_examination_stops_before_the_notice(unified_posting, filed, lixia_officer):
    application = ApplicationFactory(posting=unified_posting, practitioner=filed)
    today = timezone.localdate()
    for stage, score in ((Stage.WRITTEN_EXAM, None), (Stage.INTERVIEW, 80), (Stage.MEDICAL, 80)):
        services.application_advance(
            actor=lixia_officer, application=application, to_stage=stage, taken_on=today, score=score
        )

    with pytest.raises(ValidationError) as exc:
        services.application_advance(
            actor=lixia_officer,
            application=application,
            to_stage=Stage.NOTICE,
            taken_on=today,
            medical_passed=False,
        )
    assert exc.value.message_dict == {"medical_passed": [str(services.MEDICAL_FAILED)]}
    assert application.notice_starts_on is None


def test_a_pending_objection_blocks_the_hire_a_dismissed_one_does_not(unified_posting, filed, lixia_officer):
    today = timezone.localdate()
    application = on_notice(lixia_officer, unified_posting, filed, notice_from=today - 8 * DAY)
    objection = services.objection_file(
        actor=lixia_officer, application=application, received_on=today - 5 * DAY, summary="学历证明存疑"
    )

    with pytest.raises(ValidationError) as exc:
        services.application_hire(actor=lixia_officer, application=application, hired_on=today)
    assert exc.value.message_dict == {"hired_on": [str(services.OBJECTION_PENDING)]}

    services.objection_decide(
        actor=lixia_officer, objection=objection, outcome=ObjectionOutcome.DISMISSED, decided_on=today
    )
    services.application_hire(actor=lixia_officer, application=application, hired_on=today)
    assert application.stage == Stage.HIRED


def test_a_sustained_objection_refuses_the_hire(unified_posting, filed, lixia_officer):
    today = timezone.localdate()
    application = on_notice(lixia_officer, unified_posting, filed, notice_from=today - 8 * DAY)
    objection = services.objection_file(
        actor=lixia_officer,
        application=application,
        received_on=today - 2 * DAY,
        summary="曾受纪律处分未如实填报",
    )
    services.objection_decide(
        actor=lixia_officer, objection=objection, outcome=ObjectionOutcome.SUSTAINED, decided_on=today
    )

    with pytest.raises(ValidationError) as exc:
        services.application_hire(actor=lixia_officer, application=application, hired_on=today)
    assert exc.value.message_dict == {"hired_on": [str(services.OBJECTION_SUSTAINED)]}
    assert not Employment.objects.exists()


@pytest.mark.parametrize("offset, accepted", [(-1, False), (0, True), (6, True), (7, False)])
def test_objections_are_taken_only_during_the_notice(unified_posting, filed, lixia_officer, offset, accepted):
    today = timezone.localdate()
    start = today - 10 * DAY
    application = on_notice(lixia_officer, unified_posting, filed, notice_from=start)

    call = lambda: services.objection_file(  # noqa: E731
        actor=lixia_officer, application=application, received_on=start + offset * DAY, summary="异议"
    )
    if accepted:
        assert call().outcome == ObjectionOutcome.PENDING
    else:
        with pytest.raises(ValidationError):
            call()
        assert not application.objections.exists()


def test_only_officers_decide_objections(unified_posting, filed, lixia_officer, org_admin):
    from django.core.exceptions import PermissionDenied

    today = timezone.localdate()
    application = on_notice(lixia_officer, unified_posting, filed, notice_from=today - 3 * DAY)
    objection = services.objection_file(
        actor=org_admin, application=application, received_on=today, summary="异议"
    )

    with pytest.raises(PermissionDenied):
        services.objection_decide(
            actor=org_admin, objection=objection, outcome=ObjectionOutcome.DISMISSED, decided_on=today
        )
    objection.refresh_from_db()
    assert objection.outcome == ObjectionOutcome.PENDING
