"""Credit file (SZ-09a/b/c): complaints, violations, discipline-committee decisions, public disclosure."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.workforce import selectors, services
from shegong.workforce.models import (
    Complaint,
    ComplaintOutcome,
    ComplaintSource,
    DisciplinaryDecision,
    Disclosure,
    FilingState,
    Sanction,
)
from shegong.workforce.tests.factories import DisciplinaryDecisionFactory, PractitionerFactory, make_id_number

pytestmark = pytest.mark.django_db

DAY = datetime.date(2022, 3, 1)


@pytest.fixture
def person(divisions):
    return PractitionerFactory(
        division=divisions["370102"],
        name="张三",
        phone="13800001234",
        id_number=make_id_number(21, area="370102"),
    )


@pytest.fixture
def committee(divisions):
    return UserFactory(
        username="jn_discipline_test", role=Role.DISCIPLINE_COMMITTEE, division=divisions["3701"]
    )


def test_a_portal_complaint_gets_a_due_date_from_its_time_limit(person):
    complaint = services.complaint_receive(
        actor=None,
        practitioner=person,
        source=ComplaintSource.PORTAL,
        received_on=DAY,
        summary="迟到早退",
        time_limit_days=15,
    )

    assert (complaint.due_on, complaint.outcome, complaint.received_by) == (
        datetime.date(2022, 3, 16),
        ComplaintOutcome.PENDING,
        None,
    )


def test_complaint_is_handled_in_steps_and_closed_then_no_more_steps(person, lixia_officer):
    complaint = services.complaint_receive(
        actor=lixia_officer,
        practitioner=person,
        source=ComplaintSource.OFFICER,
        received_on=DAY,
        summary="服务态度差",
        time_limit_days=10,
    )
    services.complaint_add_step(
        actor=lixia_officer, complaint=complaint, description="约谈机构", taken_on=datetime.date(2022, 3, 3)
    )
    services.complaint_close(
        actor=lixia_officer,
        complaint=complaint,
        outcome=ComplaintOutcome.UPHELD,
        closed_on=datetime.date(2022, 3, 8),
        outcome_note="责令整改",
    )

    with pytest.raises(ValidationError) as error:
        services.complaint_add_step(
            actor=lixia_officer,
            complaint=complaint,
            description="再次约谈",
            taken_on=datetime.date(2022, 3, 9),
        )
    assert error.value.message_dict == {"taken_on": [str(services.COMPLAINT_CLOSED)]}
    assert [s.description for s in complaint.steps.all()] == ["约谈机构"]


def test_an_officer_outside_the_jurisdiction_cannot_take_a_complaint(person, licheng_officer):
    with pytest.raises(PermissionDenied):
        services.complaint_receive(
            actor=licheng_officer,
            practitioner=person,
            source=ComplaintSource.OFFICER,
            received_on=DAY,
            summary="x",
            time_limit_days=10,
        )
    assert not Complaint.objects.exists()


def test_only_discipline_committee_members_record_decisions(person, lixia_officer):
    with pytest.raises(PermissionDenied, match=str(services.NOT_ALLOWED_TO_DECIDE)):
        services.decision_record(
            actor=lixia_officer,
            practitioner=person,
            sanction=Sanction.WARNING,
            votes_for=5,
            votes_against=0,
            decided_on=DAY,
            reason="违规",
        )
    assert not DisciplinaryDecision.objects.exists()


def test_a_decision_without_a_majority_is_refused(person, committee):
    with pytest.raises(ValidationError) as error:
        services.decision_record(
            actor=committee,
            practitioner=person,
            sanction=Sanction.WARNING,
            votes_for=3,
            votes_against=3,
            decided_on=DAY,
            reason="违规",
        )
    assert error.value.message_dict == {"votes_for": [str(services.NO_MAJORITY)]}
    assert not DisciplinaryDecision.objects.exists()


@pytest.mark.parametrize(
    ("sanction", "state"),
    [
        (Sanction.WARNING, FilingState.FILED),
        (Sanction.SUSPENSION, FilingState.SUSPENDED),
        (Sanction.DEREGISTRATION, FilingState.DEREGISTERED),
    ],
)
def test_suspension_and_deregistration_move_the_filing_state(
    person, committee, lixia_officer, sanction, state
):
    violation = services.violation_record(
        actor=lixia_officer, practitioner=person, found_on=DAY, description="泄露服务对象隐私"
    )
    services.decision_record(
        actor=committee,
        practitioner=person,
        sanction=sanction,
        votes_for=5,
        votes_against=1,
        decided_on=datetime.date(2022, 3, 10),
        reason="违反保密规定",
        violation=violation,
    )

    person.refresh_from_db()
    assert person.filing_state == state
    last = person.transitions.order_by("-effective_on", "-id").first()
    if sanction != Sanction.WARNING:
        assert (last.effective_on, last.actor) == (datetime.date(2022, 3, 10), committee)
        assert last.reason == "2022-03-10纪律惩戒决定：违反保密规定"


def test_published_sanctions_show_only_published_public_data(person, committee):
    published = DisciplinaryDecisionFactory(practitioner=person, sanction=Sanction.SUSPENSION)
    DisciplinaryDecisionFactory(practitioner=person, decided_on=datetime.date(2022, 5, 1))  # not published
    services.disclosure_publish(actor=committee, decision=published, published_on=datetime.date(2022, 4, 5))

    [row] = selectors.published_sanctions(as_of=datetime.date(2022, 12, 31))

    assert (row.name, row.sanction, row.decided_on, row.published_on, row.division_code) == (
        "张三",
        "suspension",
        datetime.date(2022, 4, 1),
        datetime.date(2022, 4, 5),
        "370102",
    )
    assert person.id_number not in str(row) and person.phone not in str(row)
    assert selectors.published_sanctions(as_of=datetime.date(2022, 4, 4)) == []


@pytest.mark.parametrize("text", ["张三，身份证370102199001010011", "张三，电话13800001234"])
def test_a_public_text_with_an_id_or_phone_number_is_refused(person, committee, text):
    decision = DisciplinaryDecisionFactory(practitioner=person)

    with pytest.raises(ValidationError) as error:
        services.disclosure_publish(
            actor=committee, decision=decision, published_on=datetime.date(2022, 4, 5), public_text=text
        )
    assert error.value.message_dict == {"public_text": [str(services.PRIVATE_DATA_IN_PUBLIC_TEXT)]}
    assert not Disclosure.objects.exists()


def test_a_sanction_cannot_be_published_before_its_decision(person, committee):
    decision = DisciplinaryDecisionFactory(practitioner=person)

    with pytest.raises(ValidationError):
        services.disclosure_publish(
            actor=committee, decision=decision, published_on=datetime.date(2022, 3, 31)
        )
    assert not Disclosure.objects.exists()


# Pages ---------------------------------------------------------------------------------------------


def detail(person):
    return reverse("workforce:practitioner-detail", args=[person.pk])


def test_the_practitioner_page_shows_the_credit_file(client, person, lixia_officer):
    services.complaint_receive(
        actor=lixia_officer,
        practitioner=person,
        source=ComplaintSource.OFFICER,
        received_on=DAY,
        summary="服务态度差",
        time_limit_days=10,
    )
    DisciplinaryDecisionFactory(practitioner=person, reason="违反职业伦理")
    client.force_login(lixia_officer)

    response = client.get(detail(person))

    text = response.content.decode()
    assert response.status_code == 200
    assert "服务态度差" in text and "违反职业伦理" in text and "信用档案" in text
    assert 'data-testid="add-decision"' not in text  # officers do not decide


def test_the_committee_records_a_decision_through_the_form(client, person, committee):
    client.force_login(committee)
    url = reverse("workforce:decision-create", args=[person.pk])

    response = client.post(
        url,
        {
            "sanction": "deregistration",
            "votes_for": "4",
            "votes_against": "1",
            "decided_on": "2022-03-10",
            "reason": "严重违规",
        },
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.filing_state == FilingState.DEREGISTERED


def test_an_officer_cannot_open_the_decision_form(client, person, lixia_officer):
    client.force_login(lixia_officer)

    assert client.get(reverse("workforce:decision-create", args=[person.pk])).status_code == 403


def test_the_assessment_form_records_a_grade(client, person, lixia_officer):
    client.force_login(lixia_officer)

    response = client.post(
        reverse("workforce:assessment-create", args=[person.pk]),
        {"year": "2022", "grade": "qualified", "served_unit": "解放路街道"},
    )

    assert response.status_code == 302
    assert list(person.assessments.values_list("year", "grade", "final_on")) == [(2022, "qualified", None)]
