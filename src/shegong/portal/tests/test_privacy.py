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
]


def test_the_patterns_find_what_they_look_for(public_data):
    zhang = public_data["zhang"]
    assert ID_NUMBER.search(f"身份证 {zhang.id_number}。")
    assert MOBILE.search(f"电话{PHONES[0]}")


@pytest.mark.parametrize("name, params", PAGES)
def test_no_portal_page_shows_id_numbers_phones_or_client_data(client, public_data, name, params):
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
