"""The practitioner list in keyset pages (issue 11): every practitioner once, filters kept in the links,
a bad page link shows the first page with a Chinese message."""

import pytest
from django.urls import reverse

from shegong.common.tests.html import parse
from shegong.workforce.models import Practitioner
from shegong.workforce.tests.factories import PractitionerFactory, make_id_number

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
LIST = "workforce:practitioner-list"


@pytest.fixture
def people(divisions):
    """60 practitioners of Lixia with repeating names: the primary key breaks the ties."""
    names = ["张三", "李四", "王五"]
    return [
        PractitionerFactory(
            division=divisions["370102"], name=names[n % 3], id_number=make_id_number(n, area="370102")
        )
        for n in range(60)
    ]


def _walk(client, query=""):
    url = reverse(LIST)
    response, pages = client.get(url + query, **ZH), []
    while True:
        assert response.status_code == 200
        page = response.context["page_obj"]
        pages.append([p.pk for p in page.rows])
        if not page.next_url:
            return pages
        response = client.get(url + page.next_url, **ZH)


def test_the_next_links_show_every_practitioner_once_in_pinyin_order(client, lixia_officer, people):
    client.force_login(lixia_officer)

    pages = _walk(client)

    assert [len(p) for p in pages] == [50, 10]
    expected = list(Practitioner.objects.order_by("name_pinyin", "pk").values_list("pk", flat=True))
    assert [pk for page in pages for pk in page] == expected


def test_the_next_link_keeps_the_search(client, lixia_officer, people):
    client.force_login(lixia_officer)

    pages = _walk(client, "?q=zhangsan")

    assert [len(p) for p in pages] == [20]
    assert {Practitioner.objects.get(pk=pk).name for pk in pages[0]} == {"张三"}


def test_a_bad_page_link_shows_the_first_page_with_a_chinese_message(client, lixia_officer, people):
    client.force_login(lixia_officer)

    response = client.get(reverse(LIST), {"cursor": "%%%"}, **ZH)

    assert response.status_code == 200
    document = parse(response.content)
    assert document.find(data_testid="page-error").text.strip() == "分页链接无效或已过期，已显示第一页。"
    assert document.find(data_testid="practitioner-count").text.strip() == "共 60 名社会工作者"
    assert len(response.context["page_obj"].rows) == 50


def test_the_list_and_the_api_show_masked_numbers_without_decrypting_any(client, lixia_officer, people):
    """Lists show the stored masked number: a page of 50 must not decrypt 50 ID numbers (issue 11)."""
    from unittest import mock

    from shegong.common import encryption

    client.force_login(lixia_officer)
    with mock.patch.object(encryption, "decrypt_text", wraps=encryption.decrypt_text) as decrypt:
        page = client.get(reverse(LIST), **ZH)
        api = client.get("/api/v1/practitioners/")
    assert page.status_code == 200 and api.status_code == 200
    assert decrypt.call_count == 0
    shown = page.context["page_obj"].rows[0]
    assert shown.id_number_masked in page.text
    assert all(p.id_number not in page.text for p in people)
    assert api.json()["results"][0]["id_number"].count("*") >= 8
