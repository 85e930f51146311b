"""Referrals and consent (HZ-14 step 4, SM-14): status flow, outcome at closing, consent before sharing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from shegong.cases import services
from shegong.cases.models import CaseStep, Referral, ReferralStatus, SharedData
from shegong.cases.tests.factories import CaseFactory, add_member
from shegong.common.models import AuditEntry

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 2)
BUREAU = "历下区医疗保障局"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(services, "_today", lambda: TODAY)


@pytest.fixture
def client_member(household):
    return add_member(household, name="王秀兰", health_notes="慢性肾病")


@pytest.fixture
def case(household, client_member):
    return CaseFactory(household=household, client=client_member, step=CaseStep.COORDINATE)


def consent(
    worker, member, *, data=("health",), recipient=BUREAU, given=TODAY, until=datetime.date(2026, 12, 31)
):
    return services.consent_record(
        actor=worker, member=member, data=list(data), recipient=recipient, given_on=given, valid_until=until
    )


def send(worker, case, shared=("health",), recipient=BUREAU, **kwargs):
    return services.referral_send(
        actor=worker,
        case=case,
        recipient_kind="department",
        recipient=recipient,
        need="申请大病医疗救助",
        shared_data=list(shared),
        **kwargs,
    )


def test_sharing_data_without_consent_is_refused_in_chinese_and_nothing_is_sent(worker, case):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        send(worker, case)
    message = caught.value.message_dict["shared_data"][0]
    assert message.startswith("没有有效的知情同意：王秀兰未同意")
    assert "健康信息" in message and BUREAU in message
    assert Referral.objects.count() == 0


@pytest.mark.parametrize(
    ("kwargs", "allowed"),
    [
        ({}, True),
        ({"recipient": "历城区民政局"}, False),  # for another recipient
        ({"data": ("contact",)}, False),  # does not cover health
        ({"until": TODAY - datetime.timedelta(days=1), "given": TODAY - datetime.timedelta(days=30)}, False),
        ({"until": TODAY, "given": TODAY - datetime.timedelta(days=30)}, True),  # last valid day
        ({"given": TODAY + datetime.timedelta(days=0)}, True),
    ],
)
def test_the_consent_must_cover_recipient_data_and_day(worker, case, client_member, kwargs, allowed):
    consent(worker, client_member, **kwargs)
    if allowed:
        assert send(worker, case).consent is not None
    else:
        with pytest.raises(ValidationError):
            send(worker, case)
        assert Referral.objects.count() == 0


def test_a_withdrawn_consent_no_longer_allows_sharing(worker, case, client_member):
    given = consent(worker, client_member)
    services.consent_withdraw(actor=worker, consent=given)
    with pytest.raises(ValidationError):
        send(worker, case)
    with pytest.raises(ValidationError) as caught:
        services.consent_withdraw(actor=worker, consent=given)
    assert caught.value.messages == [str(services.CONSENT_ALREADY_WITHDRAWN % {"day": TODAY.isoformat()})]


def test_a_referral_that_shares_nothing_needs_no_consent(worker, case):
    referral = send(worker, case, shared=())
    assert referral.status == ReferralStatus.SENT
    assert referral.consent is None


def test_sharing_needs_a_client_not_the_whole_household(worker, household):
    case = CaseFactory(household=household, client=None, step=CaseStep.COORDINATE)
    with pytest.raises(ValidationError) as caught:
        send(worker, case, shared=(SharedData.CONTACT,))
    assert caught.value.message_dict["shared_data"] == [str(services.REFERRAL_NEEDS_CLIENT)]


def test_sent_accepted_done_with_the_outcome_required_at_closing(worker, case, client_member):
    consent(worker, client_member)
    referral = send(worker, case)
    with pytest.raises(ValidationError):  # not accepted yet
        services.referral_close(actor=worker, referral=referral, outcome="已办结")
    referral = services.referral_answer(actor=worker, referral=referral, accepted=True)
    assert referral.status == ReferralStatus.ACCEPTED
    with pytest.raises(ValidationError) as caught:
        services.referral_close(actor=worker, referral=referral, outcome="  ")
    assert caught.value.message_dict["outcome"] == [str(services.OUTCOME_REQUIRED)]
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.ACCEPTED
    referral = services.referral_close(actor=worker, referral=referral, outcome="获批医疗救助8000元")
    assert (referral.status, referral.closed_on) == (ReferralStatus.DONE, TODAY)
    actions = list(
        AuditEntry.objects.filter(object_type="cases.referral")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "transition", "transition"]


def test_a_rejection_needs_a_reason_and_ends_the_referral(worker, case):
    referral = send(worker, case, shared=())
    with pytest.raises(ValidationError):
        services.referral_answer(actor=worker, referral=referral, accepted=False, reason="")
    referral = services.referral_answer(actor=worker, referral=referral, accepted=False, reason="不符合条件")
    assert referral.status == ReferralStatus.REJECTED
    with pytest.raises(ValidationError):
        services.referral_answer(actor=worker, referral=referral, accepted=True)


def test_an_accepted_referral_counts_as_the_coordination_record(worker, case):
    referral = send(worker, case, shared=())
    with pytest.raises(ValidationError):
        services.case_advance_step(actor=worker, case=case, to_step=CaseStep.INTERVENE)
    services.referral_answer(actor=worker, referral=referral, accepted=True)
    assert (
        services.case_advance_step(actor=worker, case=case, to_step=CaseStep.INTERVENE).step
        == CaseStep.INTERVENE
    )


def test_another_worker_cannot_send_or_see_the_referral(client, other_worker, worker, case, password):
    referral = send(worker, case, shared=())
    client.force_login(other_worker)
    assert client.get(reverse("cases:referral-answer", args=[referral.pk])).status_code == 404
    assert client.post(reverse("cases:referral-create", args=[case.pk]), {}).status_code == 404
    assert "历下区医疗保障局" not in client.get(reverse("cases:referral-list")).content.decode()


def test_the_referral_page_refuses_sharing_without_consent_and_keeps_the_form(client, worker, case):
    client.force_login(worker)
    response = client.post(
        reverse("cases:referral-create", args=[case.pk]),
        {
            "recipient_kind": "department",
            "recipient": BUREAU,
            "need": "申请大病医疗救助",
            "shared_data": ["health"],
            "sent_on": TODAY.isoformat(),
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 400
    assert "没有有效的知情同意" in response.content.decode()
    assert Referral.objects.count() == 0


def test_the_consent_page_records_and_the_household_shows_it(client, worker, household, client_member):
    client.force_login(worker)
    response = client.post(
        reverse("cases:consent-create", args=[household.pk]),
        {
            "member": client_member.pk,
            "data": ["contact", "health"],
            "recipient": BUREAU,
            "given_on": TODAY.isoformat(),
            "valid_until": "2026-12-31",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("cases:household-detail", args=[household.pk])).content.decode()
    assert BUREAU in page


def test_withdrawing_a_consent_of_another_workers_household_is_404(
    client, other_worker, worker, client_member
):
    given = consent(worker, client_member)
    client.force_login(other_worker)
    assert client.post(reverse("cases:consent-withdraw", args=[given.pk])).status_code == 404
    given.refresh_from_db()
    assert given.withdrawn_on is None


def test_the_api_sends_answers_and_refuses_without_consent(client, worker, case, client_member):
    client.force_login(worker)
    url = reverse("api:referral-list")
    body = {
        "case": case.pk,
        "recipient_kind": "department",
        "recipient": BUREAU,
        "need": "救助",
        "shared_data": ["health"],
    }
    refused = client.post(url, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert refused.status_code == 400
    assert "没有有效的知情同意" in refused.content.decode()
    made = client.post(
        reverse("api:consent-list"),
        {"member": client_member.pk, "data": ["health"], "recipient": BUREAU, "valid_until": "2026-12-31"},
        content_type="application/json",
    )
    assert made.status_code == 201
    sent = client.post(url, body, content_type="application/json")
    assert sent.status_code == 201
    answered = client.post(
        reverse("api:referral-answer", args=[sent.json()["id"]]),
        {"accepted": True},
        content_type="application/json",
    )
    assert answered.json()["status"] == "accepted"


def test_the_api_actions_on_another_workers_referral_are_404(client, other_worker, worker, case):
    referral = send(worker, case, shared=())
    client.force_login(other_worker)
    for name in ("api:referral-answer", "api:referral-close"):
        assert (
            client.post(reverse(name, args=[referral.pk]), {}, content_type="application/json").status_code
            == 404
        )
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.SENT
