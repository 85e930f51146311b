"""The public complaint form: tracking number, challenge, rate limit, and the officer's credit-file queue."""

import re

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import translation

from shegong.portal.challenge import SALT
from shegong.portal.models import PortalComplaint
from shegong.portal.throttling import COMPLAINTS_PER_WINDOW
from shegong.workforce.models import Complaint, ComplaintSource

pytestmark = pytest.mark.django_db
URL = "/portal/complaints/new/"


def solved(client, address="10.0.0.1") -> dict:
    """Open the form and return the challenge token with its right answer."""
    html = client.get(URL, REMOTE_ADDR=address).content.decode()
    token = re.search(r'name="challenge" value="([^"]+)"', html).group(1)
    return {"challenge": token, "answer": str(signing.loads(token, salt=SALT)["sum"])}


def post(client, data, address="10.0.0.1"):
    with translation.override("zh-hans"):
        return client.post(URL, data, REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="zh-hans")


def field_errors(response, field: str) -> str:
    html = response.content.decode()
    match = re.search(rf'id="id_{field}_error">(.*?)</div>\s*</div>', html, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)) if match else ""


def test_the_form_asks_a_sum_whose_answer_is_signed(client, public_data):
    html = client.get(URL).content.decode()

    token = re.search(r'name="challenge" value="([^"]+)"', html).group(1)
    label = re.search(r'<label class="form-label" for="id_answer">(.*?)<', html).group(1)
    a, b = map(int, re.findall(r"\d+", label))
    assert signing.loads(token, salt=SALT)["sum"] == a + b


def test_a_complaint_about_a_practitioner_reaches_the_officer_of_their_district(
    client, public_data, lixia_officer, licheng_officer
):
    zhang, station = public_data["zhang"], public_data["lixia"]
    response = post(
        client,
        {
            "subject": "practitioner",
            "station": station.pk,
            "practitioner_name": "张晓明",
            "summary": "上门服务时多次迟到，态度冷淡。",
            **solved(client),
        },
    )

    assert response.status_code == 200
    record = PortalComplaint.objects.get()
    assert re.fullmatch(r"TS\d{8}[A-Z2-9]{6}", record.tracking_number)
    assert record.tracking_number in response.content.decode()
    complaint = Complaint.objects.get(source=ComplaintSource.PORTAL)
    assert (complaint.practitioner, complaint.summary, complaint.received_by) == (
        zhang,
        "上门服务时多次迟到，态度冷淡。",
        None,
    )
    assert record.complaint == complaint

    detail = reverse("workforce:practitioner-detail", args=[zhang.pk])
    client.force_login(lixia_officer)
    assert "上门服务时多次迟到，态度冷淡。" in client.get(detail).content.decode()
    client.force_login(licheng_officer)
    assert client.get(detail).status_code == 404


def test_a_complaint_about_a_station_is_recorded_without_touching_a_credit_file(client, public_data):
    response = post(
        client,
        {
            "subject": "station",
            "station": public_data["licheng"].pk,
            "summary": "开放时间经常无人值守。",
            **solved(client),
        },
    )

    assert response.status_code == 200
    record = PortalComplaint.objects.get()
    assert (record.station, record.organization, record.complaint) == (public_data["licheng"], None, None)
    assert not Complaint.objects.filter(source=ComplaintSource.PORTAL).exists()


def test_a_complaint_about_an_organisation_is_recorded(client, public_data):
    response = post(
        client,
        {
            "subject": "organization",
            "organization": public_data["provider"].pk,
            "summary": "工资发放不及时。",
            **solved(client),
        },
    )

    assert response.status_code == 200
    assert PortalComplaint.objects.get().organization == public_data["provider"]


def test_a_wrong_answer_is_refused_beside_the_question_and_nothing_is_written(client, public_data):
    data = solved(client)
    data["answer"] = str(int(data["answer"]) + 1)
    response = post(
        client, {"subject": "station", "station": public_data["lixia"].pk, "summary": "问题", **data}
    )

    assert response.status_code == 400
    assert field_errors(response, "answer") == "答案不对或题目已过期，请回答新的题目。"
    assert not PortalComplaint.objects.exists()


def test_a_solved_question_answers_only_once(client, public_data):
    data = {"subject": "station", "station": public_data["lixia"].pk, "summary": "问题", **solved(client)}
    assert post(client, data).status_code == 200

    response = post(client, data)

    assert response.status_code == 400
    assert PortalComplaint.objects.count() == 1


def test_bad_input_answers_400_with_chinese_messages_beside_the_fields(client, public_data):
    complaints_before = Complaint.objects.count()
    response = post(
        client, {"subject": "practitioner", "practitioner_name": "", "summary": "", **solved(client)}
    )

    assert response.status_code == 400
    assert field_errors(response, "station") == "请选择社工站。"
    assert field_errors(response, "practitioner_name") == "请填写社工的姓名。"
    assert field_errors(response, "summary") == "请描述具体情况。"
    assert not PortalComplaint.objects.exists()
    assert Complaint.objects.count() == complaints_before


def test_a_name_not_on_post_at_the_station_is_refused(client, public_data):
    # 王丽 works at the Licheng station, not at Lixia; 离岗社工 left and has no practitioner record.
    for name, station in (("王丽", "lixia"), ("离岗社工", "licheng")):
        response = post(
            client,
            {
                "subject": "practitioner",
                "station": public_data[station].pk,
                "practitioner_name": name,
                "summary": "问题",
                **solved(client),
            },
        )
        assert response.status_code == 400
        assert field_errors(response, "practitioner_name") == (
            "所选社工站没有这个姓名的在岗备案社工，请核对姓名和社工站。"
        )
    assert not PortalComplaint.objects.exists()


def test_submissions_are_limited_per_address_with_a_chinese_message(client, public_data):
    data = {"subject": "station", "station": public_data["lixia"].pk, "summary": "问题"}
    for _ in range(COMPLAINTS_PER_WINDOW):
        assert post(client, {**data, **solved(client)}).status_code == 200

    response = post(client, {**data, **solved(client)})

    assert response.status_code == 429
    assert "您所在网络在一小时内提交的投诉过多，请一小时后再试。" in response.content.decode()
    assert PortalComplaint.objects.count() == COMPLAINTS_PER_WINDOW
    assert post(client, {**data, **solved(client, "10.0.0.2")}, address="10.0.0.2").status_code == 200
