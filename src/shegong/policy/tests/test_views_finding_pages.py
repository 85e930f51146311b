"""The findings ledger in keyset pages (issue 11): every finding once across the pages, filters kept,
a bad page link shows the first page, the cost does not grow with the ledger."""

import datetime

import pytest
from django.urls import reverse

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.common.tests.html import parse
from shegong.policy.models import Finding, FindingState

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
LIST = "policy:finding-list"


@pytest.fixture
def futian_officer(divisions):
    return UserFactory(username="futian", role=Role.DISTRICT_OFFICER, division=divisions["440304"])


def _ledger(divisions, count):
    """``count`` findings in Futian: two rules, three last-seen days, every third one waived."""
    return Finding.objects.bulk_create(
        Finding(
            rule_id="SZ-13c" if n % 2 else "SZ-06a",
            rule_version=1,
            document="shenzhen-2020-measures",
            clause="(十三)",
            severity="high",
            subject_type="procurement.projectbudget",
            subject_id=str(n),
            subject_repr=f"项目{n:03d}",
            division=divisions["440304"],
            as_of=datetime.date(2022, 6, 30),
            measured="80%",
            threshold="85%",
            explanation_zh="人员经费占比不足",
            explanation_en="Labour share below the floor",
            state=FindingState.WAIVED if n % 3 == 0 else FindingState.OPEN,
            first_seen=datetime.date(2022, 6, 1),
            last_seen=datetime.date(2022, 6, 28 + n % 3),
        )
        for n in range(count)
    )


def _walk(client, query=""):
    url = reverse(LIST)
    response, pages = client.get(url + query, **ZH), []
    while True:
        assert response.status_code == 200
        page = response.context["page"]
        pages.append([f.pk for f in page.rows])
        if not page.next_url:
            return pages, response
        response = client.get(url + page.next_url, **ZH)


def test_the_next_links_show_every_finding_once_in_the_ledgers_order(client, divisions, futian_officer):
    _ledger(divisions, 120)
    client.force_login(futian_officer)

    pages, last = _walk(client)

    expected = list(
        Finding.objects.order_by("-last_seen", "rule_id", "subject_repr", "pk").values_list("pk", flat=True)
    )
    assert [len(p) for p in pages] == [50, 50, 20]
    assert [pk for page in pages for pk in page] == expected
    previous = client.get(reverse(LIST) + last.context["page"].previous_url, **ZH)
    assert [f.pk for f in previous.context["page"].rows] == pages[1]


def test_the_next_link_keeps_the_state_filter(client, divisions, futian_officer):
    _ledger(divisions, 120)
    client.force_login(futian_officer)

    pages, _ = _walk(client, "?state=waived")

    shown = [pk for page in pages for pk in page]
    assert len(shown) == 40 and len(set(shown)) == 40
    assert set(Finding.objects.filter(pk__in=shown).values_list("state", flat=True)) == {"waived"}


def test_a_bad_page_link_shows_the_first_page_with_a_chinese_message(client, divisions, futian_officer):
    _ledger(divisions, 60)
    client.force_login(futian_officer)

    response = client.get(reverse(LIST), {"cursor": "eyJkIjoibiJ9", "state": "open"}, **ZH)

    assert response.status_code == 200
    document = parse(response.content)
    assert document.find(data_testid="page-error").text.strip() == "分页链接无效或已过期，已显示第一页。"
    assert document.find(data_testid="finding-count").text.strip() == "共 40 项问题"
    assert len(response.context["page"].rows) == 40


@pytest.mark.parametrize("count", [5, 120])
def test_the_ledger_page_costs_the_same_queries_for_5_and_120_findings(
    client, divisions, futian_officer, count, django_assert_max_num_queries
):
    _ledger(divisions, count)
    client.force_login(futian_officer)
    client.get(reverse(LIST))

    with django_assert_max_num_queries(8):
        response = client.get(reverse(LIST), **ZH)

    assert len(response.context["page"].rows) == min(count, 50)
