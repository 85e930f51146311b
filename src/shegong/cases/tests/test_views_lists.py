"""The household list and the caseload at scale (issue 11): keyset pages, counts for the page only,
bounded queries, and no decryption of what the lists do not show."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse

from shegong.cases import selectors, services
from shegong.cases.models import Case, CaseStep, Household, HouseholdCategory
from shegong.cases.tests.factories import (
    LIXIA_VILLAGE,
    CaseFactory,
    HouseholdFactory,
    add_member,
    adult_id,
    minor_id,
)
from shegong.common import encryption
from shegong.common.paging import INVALID_CURSOR
from shegong.common.tests.html import parse
from shegong.procurement.domains import ServiceDomain, ServiceType

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
LIST = "cases:household-list"
CASELOAD = "cases:caseload"


def _households(divisions, worker, count, *, start=0):
    """``count`` households of the worker in one village, addresses in a known order."""
    return Household.objects.bulk_create(
        Household(
            division=divisions[LIXIA_VILLAGE],
            address=f"解放路{n:03d}号",
            categories=[HouseholdCategory.DIBAO if n % 2 else HouseholdCategory.TEKUN],
            assigned_worker=worker,
        )
        for n in range(start, start + count)
    )


def _walk(client, url, *, rows_of):
    """Follow the next links from ``url``; return the rows of every page."""
    pages, response = [], client.get(url, **ZH)
    while True:
        assert response.status_code == 200
        page = response.context["page"]
        pages.append(rows_of(page))
        if not page.next_url:
            return pages, response
        response = client.get(url.split("?")[0] + page.next_url, **ZH)


# The household list --------------------------------------------------------------------------------


def test_next_and_previous_links_show_every_household_once_in_order(client, divisions, worker):
    _households(divisions, worker, 120)
    client.force_login(worker)

    pages, last = _walk(client, reverse(LIST), rows_of=lambda page: [h.address for h in page.rows])

    assert [len(p) for p in pages] == [50, 50, 20]
    assert [address for page in pages for address in page] == [f"解放路{n:03d}号" for n in range(120)]
    document = parse(last.content)
    assert not document.find_all(data_testid="page-next")
    previous = client.get(reverse(LIST) + document.find(data_testid="page-previous").attrs["href"], **ZH)
    assert [h.address for h in previous.context["page"].rows] == pages[1]
    assert "共 120 户" in previous.text


def test_the_next_link_keeps_the_filters(client, divisions, worker):
    _households(divisions, worker, 120)
    client.force_login(worker)
    url = reverse(LIST) + "?category=tekun&q=解放路"

    pages, _ = _walk(client, url, rows_of=lambda page: [h.address for h in page.rows])

    assert [len(p) for p in pages] == [50, 10]
    assert [address for page in pages for address in page] == [f"解放路{n:03d}号" for n in range(0, 120, 2)]


def test_a_bad_cursor_shows_the_first_page_and_says_so_in_chinese(client, divisions, worker):
    _households(divisions, worker, 60)
    client.force_login(worker)

    response = client.get(reverse(LIST), {"cursor": "not-a-cursor", "q": "解放路"}, **ZH)

    assert response.status_code == 200
    assert (
        parse(response.content).find(data_testid="page-error").text.strip()
        == "分页链接无效或已过期，已显示第一页。"
    )
    assert [h.address for h in response.context["page"].rows][:2] == ["解放路000号", "解放路001号"]
    assert response.context["page"].error == str(INVALID_CURSOR)


def test_the_page_shows_members_open_cases_and_the_minor_flag_of_its_rows(
    client, divisions, worker, household
):
    add_member(household, n=1)
    add_member(household, name="小明", number=minor_id(2), relation="child")
    CaseFactory(household=household, step=CaseStep.PLAN)
    CaseFactory(household=household, step=CaseStep.CLOSED)
    empty = HouseholdFactory(division=divisions[LIXIA_VILLAGE], assigned_worker=worker, address="解放路9号")
    client.force_login(worker)

    rows = {h.pk: h for h in client.get(reverse(LIST), **ZH).context["page"].rows}

    assert (rows[household.pk].member_count, rows[household.pk].open_case_count) == (2, 1)
    assert rows[household.pk].has_minor is True
    assert (rows[empty.pk].member_count, rows[empty.pk].open_case_count, rows[empty.pk].has_minor) == (
        0,
        0,
        False,
    )


@pytest.mark.parametrize("households", [5, 120])
def test_the_household_list_costs_the_same_queries_for_5_and_120_households(
    client, divisions, worker, households, django_assert_max_num_queries
):
    for household in _households(divisions, worker, households):
        CaseFactory(household=household, step=CaseStep.ASSESS)
    for n, household in enumerate(Household.objects.all()[:5]):
        add_member(household, n=n)
    client.force_login(worker)
    client.get(reverse(LIST))  # the session and the navigation warm up

    with django_assert_max_num_queries(9):
        response = client.get(reverse(LIST), **ZH)

    assert len(response.context["page"].rows) == min(households, 50)


def test_the_page_query_and_the_count_carry_no_member_or_case_join(divisions, worker):
    """The page is cut and counted on the plain filtered households; the counts come afterwards."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from shegong.common.paging import keyset_page

    for household in _households(divisions, worker, 60):
        CaseFactory(household=household)
    qs = selectors.household_list(viewer=worker, with_counts=False)

    with CaptureQueriesContext(connection) as ctx:
        page = keyset_page(qs, ordering=selectors.HOUSEHOLD_ORDERING)
        selectors.household_page_counts(page.rows)

    # The page, its count (on PostgreSQL an EXPLAIN first), then the counts of the page's rows.
    *page_and_count, counts_sql = (q["sql"] for q in ctx.captured_queries)
    assert len(page_and_count) in (2, 3)
    for sql in page_and_count:
        assert "GROUP BY" not in sql and "cases_case" not in sql
    assert "cases_case" in counts_sql and page.count == 60 and page.rows[0].open_case_count == 1


def test_the_full_list_for_the_export_carries_the_counts_of_every_row(divisions, worker, household):
    add_member(household, n=1)
    CaseFactory(household=household)
    _households(divisions, worker, 70, start=100)

    rows = list(selectors.household_list(viewer=worker))

    assert len(rows) == 71
    counts = {h.address: (h.member_count, h.open_case_count) for h in rows}
    assert counts[household.address] == (1, 1) and counts["解放路100号"] == (0, 0)


# The caseload --------------------------------------------------------------------------------------


def _planned_cases(household, worker, count, *, planned_on):
    cases = []
    for n in range(count):
        case = CaseFactory(household=household, step=CaseStep.PLAN, title=f"事项{n:03d}")
        services.case_plan(
            actor=worker,
            case=case,
            visit_frequency_days=7 + n,
            goals="目标",
            steps="步骤",
            planned_on=planned_on,
        )
        cases.append(case)
    return cases


def test_the_caseload_pages_through_open_cases_by_next_visit_due(client, household, worker):
    today = datetime.date.today()
    _planned_cases(household, worker, 55, planned_on=today - datetime.timedelta(days=30))
    Case.objects.bulk_create(  # no plan: no visit due, listed last
        Case(
            household=household,
            title=f"未计划{n}",
            identification="走访",
            step=CaseStep.IDENTIFY,
            service_type=ServiceType.POVERTY_RELIEF,
            domain=ServiceDomain.SOCIAL_ASSISTANCE,
            opened_on=today,
        )
        for n in range(5)
    )
    CaseFactory(household=household, step=CaseStep.CLOSED)
    client.force_login(worker)

    pages, _ = _walk(
        client, reverse(CASELOAD), rows_of=lambda page: [(c.next_visit_due, c.pk) for c in page.rows]
    )

    assert [len(p) for p in pages] == [50, 10]
    shown = [row for page in pages for row in page]
    dated = [row for row in shown if row[0] is not None]
    assert dated == sorted(dated) and len(dated) == 55
    assert [row[0] for row in shown[55:]] == [None] * 5


def test_the_caseload_marks_overdue_cases_and_counts_them(client, household, worker):
    today = datetime.date.today()
    # Frequencies 7..11 days, planned 9 days ago: the 7- and 8-day plans are overdue.
    cases = _planned_cases(household, worker, 5, planned_on=today - datetime.timedelta(days=9))
    client.force_login(worker)

    response = client.get(reverse(CASELOAD), **ZH)

    marked = {c.pk for c in response.context["page"].rows if c.is_overdue}
    assert marked == {cases[0].pk, cases[1].pk}
    document = parse(response.content)
    assert len(document.find_all(data_testid="overdue-mark")) == 2
    assert document.find(data_testid="overdue-count").text.strip() == "2"
    assert document.find(data_testid="open-count").text.strip() == "5"


def test_the_caseload_never_decrypts_the_clients_id_number_or_health_notes(client, household, worker):
    number = adult_id(7)
    member = add_member(household, name="王秀兰", number=number, health_notes="高血压")
    for n in range(3):
        CaseFactory(household=household, client=member, title=f"事项{n}")
    client.force_login(worker)

    with mock.patch.object(encryption, "decrypt_text", wraps=encryption.decrypt_text) as decrypt:
        response = client.get(reverse(CASELOAD), **ZH)

    assert response.status_code == 200
    assert decrypt.call_count == 0
    row = response.context["page"].rows[0]
    assert {"id_number", "health_notes"} <= row.client.get_deferred_fields()
    assert "王秀兰" in response.text and member.id_number_masked in response.text
    assert number not in response.text and "高血压" not in response.text


@pytest.mark.parametrize("count", [3, 60])
def test_the_caseload_costs_the_same_queries_for_3_and_60_cases(
    client, household, worker, count, django_assert_max_num_queries
):
    member = add_member(household, n=3)
    Case.objects.bulk_create(
        Case(
            household=household,
            client=member,
            title=f"事项{n}",
            identification="走访",
            step=CaseStep.ASSESS,
            service_type=ServiceType.POVERTY_RELIEF,
            domain=ServiceDomain.SOCIAL_ASSISTANCE,
            opened_on=datetime.date.today(),
            next_visit_due=datetime.date.today() + datetime.timedelta(days=n),
        )
        for n in range(count)
    )
    client.force_login(worker)
    client.get(reverse(CASELOAD))

    with django_assert_max_num_queries(9):
        response = client.get(reverse(CASELOAD), **ZH)

    assert len(response.context["page"].rows) == min(count, 50)


def test_a_bad_caseload_cursor_shows_the_first_page(client, household, worker):
    CaseFactory(household=household)
    client.force_login(worker)

    response = client.get(reverse(CASELOAD), {"cursor": "eyJkIjoibiIsImsiOltudWxsLCJ4Il19"}, **ZH)

    assert response.status_code == 200
    assert "分页链接无效或已过期，已显示第一页。" in response.text
    assert len(response.context["page"].rows) == 1


# The API lists ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [5, 120])
def test_the_household_api_keeps_its_page_contract_and_flags_the_page_only(
    client, divisions, worker, household, count, django_assert_max_num_queries
):
    add_member(household, name="小明", number=minor_id(2), relation="child", health_notes="哮喘")
    _households(divisions, worker, count)
    client.force_login(worker)
    client.get("/api/v1/households/")

    with (
        django_assert_max_num_queries(9),
        mock.patch.object(encryption, "decrypt_text", wraps=encryption.decrypt_text) as decrypt,
    ):
        body = client.get("/api/v1/households/").json()

    assert body["count"] == count + 1 and len(body["results"]) == min(count + 1, 50)
    assert (body["next"] is None) == (count + 1 <= 50) and body["previous"] is None
    first = body["results"][0]
    assert (first["id"], first["has_minor"], first["members"][0]["name"]) == (household.pk, True, "小明")
    assert not any(row["has_minor"] for row in body["results"][1:])
    assert decrypt.call_count == 0


def test_the_household_api_detail_still_says_whether_a_minor_lives_there(client, worker, household):
    add_member(household, name="小明", number=minor_id(2), relation="child")
    client.force_login(worker)

    assert client.get(f"/api/v1/households/{household.pk}/").json()["has_minor"] is True
