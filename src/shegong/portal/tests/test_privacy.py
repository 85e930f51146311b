"""No portal page shows an ID number, a mobile number or client data (scanned with patterns)."""

import re

import pytest
from django.urls import reverse

from .conftest import PHONES, PRIVATE_SUMMARY, UNPUBLISHED_TEXT

pytestmark = pytest.mark.django_db

ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
PAGES = [
    ("portal:home", {}),
    ("portal:station-directory", {}),
    ("portal:station-directory", {"division": "370102"}),
    ("portal:sanction-list", {}),
    ("portal:pay-disclosure-list", {}),
    ("portal:statistics", {}),
    ("portal:complaint-create", {}),
    ("portal:job-board", {}),
    ("portal:job-board", {"lang": "en"}),
    ("portal:complaint-track", {}),
]
API = ["api:public-posting-list"]


def test_the_patterns_find_what_they_look_for(public_data):
    zhang = public_data["zhang"]
    assert ID_NUMBER.search(f"身份证 {zhang.id_number}。")
    assert MOBILE.search(f"电话{PHONES[0]}")


def _assert_clean(html, public_data):
    assert ID_NUMBER.findall(html) == []
    assert MOBILE.findall(html) == []
    for private in (PRIVATE_SUMMARY, UNPUBLISHED_TEXT, public_data["zhang"].id_number_masked, *PHONES):
        assert private not in html


@pytest.fixture
def posting(public_data):
    """A published posting with a hire: the board must show neither the candidate nor their data."""
    from shegong.recruitment.models import Application
    from shegong.recruitment.tests.factories import PostingFactory

    posting = PostingFactory(station=public_data["lixia"], title="社工站专业社工")
    Application.objects.create(
        posting=posting, practitioner=public_data["zhang"], applied_on=posting.opens_on
    )
    return posting


@pytest.mark.parametrize("name", API)
def test_no_public_api_response_shows_id_numbers_phones_or_client_data(client, public_data, posting, name):
    response = client.get(reverse(name))

    assert response.status_code == 200
    assert "社工站专业社工" in response.content.decode()
    _assert_clean(response.content.decode(), public_data)
    assert "张晓明" not in response.content.decode()
    detail = client.get(reverse("api:public-posting-detail", args=[posting.pk])).content.decode()
    _assert_clean(detail, public_data)


def test_the_job_detail_and_a_tracking_answer_show_no_private_data(client, public_data, posting):
    from shegong.portal.services import portal_complaint_submit

    record = portal_complaint_submit(
        subject="station",
        station_id=public_data["lixia"].pk,
        summary=PRIVATE_SUMMARY,
        received_on=posting.opens_on,
    )
    for url, params in (
        (reverse("portal:job-detail", args=[posting.pk]), {}),
        (reverse("portal:complaint-track"), {"number": record.tracking_number}),
    ):
        html = client.get(url, params).content.decode()
        _assert_clean(html, public_data)
        assert "张晓明" not in html


@pytest.mark.parametrize("name, params", PAGES)
def test_no_portal_page_shows_id_numbers_phones_or_client_data(client, public_data, posting, name, params):
    html = client.get(reverse(name), params).content.decode()

    assert ID_NUMBER.findall(html) == []
    assert MOBILE.findall(html) == []
    for private in (PRIVATE_SUMMARY, UNPUBLISHED_TEXT, public_data["zhang"].id_number_masked, *PHONES):
        assert private not in html


def test_the_complaint_receipt_shows_no_private_data(client, public_data):
    from .test_complaints import post, solved

    response = post(
        client,
        {
            "subject": "practitioner",
            "station": public_data["lixia"].pk,
            "practitioner_name": "张晓明",
            "summary": "迟到",
            **solved(client),
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert ID_NUMBER.findall(html) == [] and MOBILE.findall(html) == []
    assert PRIVATE_SUMMARY not in html
