"""Registration review (SZ-15a) and random inspections (SZ-15b): a checked flow and a reproducible draw."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from shegong.common.models import AuditEntry
from shegong.organizations import services
from shegong.organizations.models import (
    CheckItem,
    Inspection,
    InspectionDraw,
    OrganizationKind,
    RegistrationReview,
    ReviewState,
)
from shegong.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def zh(exc: ValidationError, field: str) -> list[str]:
    with translation.override("zh-hans"):
        return [str(m) for m in exc.message_dict[field]]


@pytest.fixture
def review(divisions, lixia_officer):
    review = services.registration_review_submit(
        actor=lixia_officer,
        proposed_name="济南市历下区晨光社会工作服务中心",
        kind=OrganizationKind.SOCIAL_WORK_AGENCY,
        division=divisions["370102"],
        business_scope="为社区困难群众提供社会工作服务。",
        founders="王明（社会工作师）\n李红",
        proposed_leaders="王明 理事长",
        submitted_on=D(2022, 5, 9),
    )
    services.registration_review_start(actor=lixia_officer, review=review)
    return review


def check_all(actor, review, failing=()):
    for item in CheckItem.values:
        services.registration_review_check(
            actor=actor,
            review=review,
            item=item,
            passed=item not in failing,
            note="材料齐全，核查无误。",
            checked_on=D(2022, 5, 20),
        )


def test_review_goes_from_submitted_through_review_to_approval_with_an_audit_trail(review, lixia_officer):
    check_all(lixia_officer, review)

    services.registration_review_decide(
        actor=lixia_officer,
        review=review,
        decision=ReviewState.APPROVED,
        reasons="四项审查均合格。",
        decided_on=D(2022, 5, 25),
    )

    review.refresh_from_db()
    assert (review.state, review.decided_on, review.decision_reasons) == (
        ReviewState.APPROVED,
        D(2022, 5, 25),
        "四项审查均合格。",
    )
    transitions = AuditEntry.objects.filter(
        object_type="organizations.registrationreview", action="transition"
    )
    assert [e.after["state"] for e in transitions.order_by("pk")] == ["under_review", "approved"]
    assert transitions.order_by("pk").last().reason == "四项审查均合格。"


def test_approval_is_refused_while_an_item_is_open_or_failed(review, lixia_officer):
    for item in (CheckItem.NECESSITY, CheckItem.FEASIBILITY, CheckItem.QUALIFICATION):  # legality not checked
        services.registration_review_check(
            actor=lixia_officer,
            review=review,
            item=item,
            passed=item != CheckItem.FEASIBILITY,
            note="已核查。",
            checked_on=D(2022, 5, 20),
        )

    with pytest.raises(ValidationError) as exc, translation.override("zh-hans"):
        services.registration_review_decide(
            actor=lixia_officer,
            review=review,
            decision=ReviewState.APPROVED,
            reasons="同意。",
            decided_on=D(2022, 6, 1),
        )

    assert zh(exc.value, "decision") == ["批准须逐项审查并全部合格；尚未审查或不合格：合法性、可行性。"]
    review.refresh_from_db()
    assert review.state == ReviewState.UNDER_REVIEW


def test_rejection_needs_reasons(review, lixia_officer):
    with pytest.raises(ValidationError) as exc:
        services.registration_review_decide(
            actor=lixia_officer,
            review=review,
            decision=ReviewState.REJECTED,
            reasons=" ",
            decided_on=D(2022, 6, 1),
        )
    services.registration_review_decide(
        actor=lixia_officer,
        review=review,
        decision=ReviewState.REJECTED,
        reasons="拟任负责人不具备任职资格。",
        decided_on=D(2022, 6, 1),
    )

    assert zh(exc.value, "reasons") == ["请填写决定理由。"]
    assert RegistrationReview.objects.get().state == ReviewState.REJECTED


def test_a_check_needs_a_note_and_an_open_review(review, lixia_officer):
    with pytest.raises(ValidationError) as no_note:
        services.registration_review_check(
            actor=lixia_officer,
            review=review,
            item=CheckItem.LEGALITY,
            passed=True,
            note="",
            checked_on=D(2022, 5, 20),
        )
    check_all(lixia_officer, review)
    services.registration_review_decide(
        actor=lixia_officer,
        review=review,
        decision=ReviewState.APPROVED,
        reasons="合格。",
        decided_on=D(2022, 5, 25),
    )
    with pytest.raises(ValidationError) as closed:
        services.registration_review_check(
            actor=lixia_officer,
            review=review,
            item=CheckItem.LEGALITY,
            passed=False,
            note="复查",
            checked_on=D(2022, 6, 1),
        )

    assert zh(no_note.value, "note") == ["请写明审查内容。"]
    assert zh(closed.value, "item") == ["该申请不在审查中。"]
    assert review.checks.get(item=CheckItem.LEGALITY).passed is True


def test_review_outside_the_jurisdiction_is_refused(divisions, lixia_officer):
    with pytest.raises(ValidationError):
        services.registration_review_submit(
            actor=lixia_officer,
            proposed_name="历城区某机构",
            kind=OrganizationKind.SOCIAL_WORK_AGENCY,
            division=divisions["370112"],
            founders="张三",
            proposed_leaders="张三",
            submitted_on=D(2022, 5, 9),
        )

    assert not RegistrationReview.objects.exists()


# SZ-15b -----------------------------------------------------------------------------------------------


def test_same_seed_and_population_give_the_same_sample():
    population = list(range(1, 101))

    first = services.draw_sample(population, 7, seed=20220601)
    again = services.draw_sample(list(reversed(population)), 7, seed=20220601)
    other = services.draw_sample(population, 7, seed=20220602)

    assert first == again
    assert len(set(first)) == 7 and set(first) <= set(population)
    assert other != first


def test_a_draw_records_seed_population_and_sample_and_can_be_redrawn(divisions, lixia_officer):
    organizations = [OrganizationFactory(division=divisions["370102"]) for _ in range(12)]
    OrganizationFactory(division=divisions["370112"])  # outside the district: not in the population

    draw = services.inspection_draw(
        actor=lixia_officer,
        division=divisions["370102"],
        sample_size=4,
        drawn_on=D(2022, 6, 1),
        purpose="年度随机抽查",
    )

    draw = InspectionDraw.objects.get(pk=draw.pk)
    assert draw.population == sorted(o.pk for o in organizations)
    assert draw.sample == services.draw_sample(draw.population, draw.sample_size, draw.seed)
    assert len(draw.sample) == 4
    assert sorted(Inspection.objects.values_list("organization_id", flat=True)) == draw.sample
    assert AuditEntry.objects.get(object_type="organizations.inspectiondraw").after["seed"] == draw.seed


def test_a_given_seed_reproduces_an_earlier_draw(divisions, lixia_officer):
    for _ in range(20):
        OrganizationFactory(division=divisions["370102"])

    first = services.inspection_draw(
        actor=lixia_officer, division=divisions["370102"], sample_size=5, drawn_on=D(2022, 6, 1), seed=424242
    )
    second = services.inspection_draw(
        actor=lixia_officer, division=divisions["370102"], sample_size=5, drawn_on=D(2022, 6, 2), seed=424242
    )

    assert first.sample == second.sample


def test_sample_larger_than_the_population_takes_everyone_and_empty_population_is_refused(
    divisions, lixia_officer
):
    both = [OrganizationFactory(division=divisions["370102"]) for _ in range(2)]

    draw = services.inspection_draw(
        actor=lixia_officer, division=divisions["370102"], sample_size=5, drawn_on=D(2022, 6, 1)
    )
    with pytest.raises(ValidationError) as exc:
        services.inspection_draw(
            actor=lixia_officer, division=divisions["370102001"], sample_size=1, drawn_on=D(2022, 6, 1)
        )

    assert draw.sample == sorted(o.pk for o in both)
    assert zh(exc.value, "division") == ["该区划内没有登记的机构，无从抽取。"]
    assert InspectionDraw.objects.count() == 1
