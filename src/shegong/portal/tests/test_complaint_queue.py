"""SZ-16b / C3: complaints about organisations and stations reach the officers of the jurisdiction."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from shegong.policy.library import load_library
from shegong.portal import services
from shegong.portal.models import ComplaintStatus, IntakeChannel, PortalComplaint

from .test_complaints import post, solved

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_the_time_limit_is_the_dated_parameter_kept_with_the_complaint(public_data):
    record = services.portal_complaint_submit(
        subject="station", station_id=public_data["lixia"].pk, summary="无人值守", received_on=TODAY()
    )

    parameter = load_library().parameter("SZ", "complaint_time_limit_days")
    assert parameter.values[-1].value == 15
    assert (record.time_limit_days, record.due_on) == (15, TODAY() + datetime.timedelta(days=15))
    assert record.time_limit_clause == "SZ (十六) 2020-11-12"
    assert record.division_id == "370102001"


def test_a_station_complaint_from_the_portal_reaches_the_officer_of_its_district_only(
    client, public_data, lixia_officer, licheng_officer
):
    response = post(
        client,
        {
            "subject": "station",
            "station": public_data["lixia"].pk,
            "summary": "开放时间无人值守",
            **solved(client),
        },
    )
    assert response.status_code == 200
    record = PortalComplaint.objects.get()

    client.force_login(lixia_officer)
    html = client.get(reverse("portal:complaint-queue")).content.decode()
    assert record.tracking_number in html
    assert "开放时间无人值守" in html
    client.force_login(licheng_officer)
    assert record.tracking_number not in client.get(reverse("portal:complaint-queue")).content.decode()
    assert client.get(reverse("portal:complaint-detail", args=[record.pk])).status_code == 404


def test_an_officer_records_a_phone_complaint_then_steps_and_closes_it(client, public_data, lixia_officer):
    client.force_login(lixia_officer)
    response = client.post(
        reverse("portal:complaint-intake"),
        {
            "subject": "organization",
            "organization": public_data["provider"].pk,
            "channel": IntakeChannel.PHONE,
            "received_on": TODAY().isoformat(),
            "summary": "工资发放拖欠两个月",
        },
    )
    record = PortalComplaint.objects.get()
    assert response.status_code == 302
    assert (record.channel, record.received_by, record.division_id) == (
        IntakeChannel.PHONE,
        lixia_officer,
        "370102",
    )

    client.post(
        reverse("portal:complaint-step", args=[record.pk]),
        {"taken_on": TODAY().isoformat(), "description": "约谈机构负责人"},
    )
    client.post(
        reverse("portal:complaint-close", args=[record.pk]),
        {"status": ComplaintStatus.UPHELD, "closed_on": TODAY().isoformat(), "outcome_note": "责令限期补发"},
    )

    record.refresh_from_db()
    assert list(record.steps.values_list("description", flat=True)) == ["约谈机构负责人"]
    assert (record.status, record.closed_on, record.outcome_note) == (
        ComplaintStatus.UPHELD,
        TODAY(),
        "责令限期补发",
    )


def test_bad_intake_answers_400_in_chinese_and_writes_nothing(client, public_data, lixia_officer):
    client.force_login(lixia_officer)
    response = client.post(
        reverse("portal:complaint-intake"),
        {
            "subject": "station",
            "channel": IntakeChannel.LETTER,
            "received_on": TODAY().isoformat(),
            "summary": "",
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "请选择社工站。" in html
    assert "请描述具体情况。" in html
    assert not PortalComplaint.objects.exists()


def test_an_officer_of_another_district_cannot_handle_it(public_data, licheng_officer):
    record = services.portal_complaint_submit(
        subject="station", station_id=public_data["lixia"].pk, summary="无人值守", received_on=TODAY()
    )
    with pytest.raises(PermissionDenied):
        services.portal_complaint_add_step(
            actor=licheng_officer, record=record, description="x", taken_on=TODAY()
        )
    assert not record.steps.exists()


def test_a_closed_complaint_takes_no_more_steps(public_data, lixia_officer):
    record = services.portal_complaint_submit(
        subject="station", station_id=public_data["lixia"].pk, summary="无人值守", received_on=TODAY()
    )
    services.portal_complaint_close(actor=lixia_officer, record=record, status="dismissed", closed_on=TODAY())
    with pytest.raises(ValidationError) as exc:
        services.portal_complaint_add_step(
            actor=lixia_officer, record=record, description="x", taken_on=TODAY()
        )
    assert exc.value.message_dict == {"taken_on": [str(services.COMPLAINT_CLOSED)]}


def test_overdue_filter_shows_only_open_complaints_past_their_due_date(client, public_data, lixia_officer):
    old = services.portal_complaint_submit(
        subject="station",
        station_id=public_data["lixia"].pk,
        summary="旧投诉",
        received_on=TODAY() - datetime.timedelta(days=20),
    )
    services.portal_complaint_submit(
        subject="station", station_id=public_data["lixia"].pk, summary="新投诉", received_on=TODAY()
    )
    client.force_login(lixia_officer)

    html = client.get(reverse("portal:complaint-queue"), {"overdue": "1"}).content.decode()

    assert old.tracking_number in html
    assert "新投诉" not in html


def test_the_queue_costs_the_same_queries_for_2_and_20_complaints(
    client, public_data, lixia_officer, django_assert_max_num_queries
):
    for n in range(20):
        services.portal_complaint_submit(
            subject="station", station_id=public_data["lixia"].pk, summary=f"投诉{n}", received_on=TODAY()
        )
    client.force_login(lixia_officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("portal:complaint-queue"))
    assert response.content.decode().count("/portal/queue/") >= 20


def test_tracking_shows_status_and_dates_only(client, public_data):
    record = services.portal_complaint_submit(
        subject="station", station_id=public_data["lixia"].pk, summary="值守人员态度差", received_on=TODAY()
    )

    response = client.get(reverse("portal:complaint-track"), {"number": record.tracking_number.lower()})

    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert record.tracking_number in html
    assert "办理中" in html
    assert "值守人员态度差" not in html
    assert "解放路街道社会工作服务站" not in html
    assert client.get(reverse("portal:complaint-track"), {"number": "TS00000000AAAAAA"}).status_code == 404


def test_tracking_a_practitioner_complaint_shows_the_credit_file_status(client, public_data, lixia_officer):
    from shegong.workforce.services import complaint_close

    post(
        client,
        {
            "subject": "practitioner",
            "station": public_data["lixia"].pk,
            "practitioner_name": "张晓明",
            "summary": "迟到",
            **solved(client),
        },
    )
    record = PortalComplaint.objects.get()
    complaint_close(actor=lixia_officer, complaint=record.complaint, outcome="dismissed", closed_on=TODAY())

    html = client.get(reverse("portal:complaint-track"), {"number": record.tracking_number}).content.decode()

    assert "不予支持" in html or "驳回" in html or "不成立" in html
