"""HZ-13 service windows (first contact, one-time notification, transfer, time limit) and HZ-16 linkage."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from shegong.cases import services
from shegong.cases.forms import WalkInNotifyForm
from shegong.cases.models import CaseStep, LinkageRecord, WalkInRequest
from shegong.cases.tests.factories import CaseFactory
from shegong.common.tests.html import parse
from shegong.stations.tests.factories import StationFactory

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def station(divisions):
    return StationFactory(division=divisions["370102001"])


def test_a_request_has_its_first_contact_person_and_a_dated_time_limit(station, household, worker):
    received = datetime.date(2026, 3, 2)

    row = services.walk_in_receive(
        actor=worker,
        station=station,
        visitor="王秀兰",
        matter="咨询临时救助",
        received_on=received,
        household=household,
    )

    limit = services.handling_days(on=received, division_code=station.division_id)
    assert limit.value == 5 and limit.clause == "五(三)1一"  # the platform default, dated in the YAML
    assert (row.received_by, row.household, row.due_on) == (worker, household, datetime.date(2026, 3, 7))


def test_what_is_missing_is_told_only_once(station, worker):
    row = services.walk_in_receive(actor=worker, station=station, visitor="王秀兰", matter="申请低保")
    services.walk_in_notify_missing(actor=worker, request_row=row, missing_items="户口本复印件、收入证明")

    with pytest.raises(ValidationError) as refused:
        services.walk_in_notify_missing(actor=worker, request_row=row, missing_items="银行卡")

    notified = timezone.localdate().isoformat()
    assert refused.value.message_dict == {
        "missing_items": [str(services.ALREADY_NOTIFIED % {"day": notified})]
    }
    row.refresh_from_db()
    assert row.missing_items == "户口本复印件、收入证明"


def test_a_transferred_request_can_no_longer_be_closed(station, worker):
    row = services.walk_in_receive(actor=worker, station=station, visitor="刘建国", matter="残疾证办理")
    services.walk_in_transfer(actor=worker, request_row=row, transferred_to="历下区残疾人联合会")

    with pytest.raises(ValidationError) as refused:
        services.walk_in_close(actor=worker, request_row=row, outcome="已办结")

    assert refused.value.messages == [str(services.REQUEST_CLOSED)]
    row.refresh_from_db()
    assert (row.done_on, row.outcome) == (None, "")


def test_a_station_outside_the_reach_is_refused(divisions, worker):
    far = StationFactory(division=divisions["370112001"])

    with pytest.raises(ValidationError) as refused:
        services.walk_in_receive(actor=worker, station=far, visitor="王秀兰", matter="咨询")

    assert refused.value.message_dict == {"station": [str(services.STATION_OUTSIDE_REACH)]}
    assert not WalkInRequest.objects.exists()


def test_the_detail_page_shows_the_clock_past_the_limit(client, station, worker):
    today = timezone.localdate()
    row = services.walk_in_receive(
        actor=worker,
        station=station,
        visitor="王秀兰",
        matter="申请救助",
        received_on=today - datetime.timedelta(days=8),
    )
    client.force_login(worker)

    page = parse(client.get(reverse("cases:walk-in-detail", args=[row.pk]), **ZH).content)
    overdue = parse(client.get(reverse("cases:walk-in-list") + "?state=overdue", **ZH).content)

    assert worker.full_name in page.find(data_testid="first-contact").text
    assert "超过时限 3 天" in page.find(data_testid="walk-in-clock").text
    assert "王秀兰" in overdue.find(data_testid="walk-ins").text


def test_the_notify_form_on_the_page_refuses_an_empty_list_in_chinese(client, station, worker):
    row = services.walk_in_receive(actor=worker, station=station, visitor="王秀兰", matter="申请救助")
    client.force_login(worker)

    response = client.post(
        reverse("cases:walk-in-detail", args=[row.pk]),
        {
            "action": "notify",
            "notify-missing_items": "",
            "notify-notified_on": timezone.localdate().isoformat(),
        },
        **ZH,
    )

    with translation.override("zh-hans"):
        required = str(WalkInNotifyForm().fields["missing_items"].error_messages["required"])
    form_text = parse(response.content).find(data_testid="walk-in-notify").text
    assert response.status_code == 400 and required in form_text
    row.refresh_from_db()
    assert row.notified_on is None


def test_a_five_party_linkage_needs_two_parties_and_shows_on_the_case(client, household, worker):
    case = CaseFactory(household=household, step=CaseStep.COORDINATE)
    with pytest.raises(ValidationError) as refused:
        services.case_record_linkage(
            actor=worker, case=case, parties=["social_worker"], participants="韩雪", contribution="入户走访"
        )
    assert refused.value.message_dict == {"parties": [str(services.PARTIES_TOO_FEW)]}
    client.force_login(worker)

    response = client.post(
        reverse("cases:linkage-create", args=[case.pk]),
        {
            "parties": ["social_worker", "volunteer", "charity"],
            "participants": "韩雪（社工）、社区志愿者3名、慈善会",
            "contribution": "社工评估需求，志愿者每周陪伴，慈善会资助助学金",
            "held_on": timezone.localdate().isoformat(),
        },
        **ZH,
    )

    assert response.status_code == 302 and LinkageRecord.objects.get().parties == [
        "social_worker",
        "volunteer",
        "charity",
    ]
    page = parse(client.get(reverse("cases:case-detail", args=[case.pk]), **ZH).content)
    assert "慈善会资助助学金" in page.find(data_testid="linkages").text
