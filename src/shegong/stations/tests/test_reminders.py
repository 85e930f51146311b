"""In-app reminders before each due date: the lead time is a dated parameter of the duty's document."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse

from shegong.common.tests.html import parse
from shegong.stations import selectors
from shegong.stations.models import SubmissionKind
from shegong.stations.tests.factories import StationFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def reminded(viewer, today):
    return [
        (r.kind, r.owner_name, r.period, r.days_left)
        for r in selectors.deadline_reminders(viewer=viewer, today=today)
    ]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2022, 3, 16), []),  # 15 days before 31 March: outside the 14-day lead time of the Jinan plan
        (D(2022, 3, 17), [(SubmissionKind.ANNUAL_PLAN, "历下区", "2022", 14)]),
        (D(2022, 3, 31), [(SubmissionKind.ANNUAL_PLAN, "历下区", "2022", 0)]),
        (D(2022, 4, 1), []),  # overdue: the calendar and the findings show it, not the reminders
    ],
)
def test_a_jinan_plan_is_reminded_14_days_ahead(divisions, lixia_officer, today, expected):
    assert reminded(lixia_officer, today) == expected


def test_a_filed_plan_is_no_longer_reminded(divisions, lixia_officer):
    SubmissionFactory(division=divisions["370102"], period="2022", submitted_on=D(2022, 3, 20))

    assert reminded(lixia_officer, D(2022, 3, 25)) == []


def test_another_districts_deadlines_are_not_reminded(divisions, licheng_officer):
    assert [r[1] for r in reminded(licheng_officer, D(2022, 3, 25))] == ["历城区"]


@pytest.mark.parametrize(("today", "days_left"), [(D(2022, 12, 1), 30), (D(2022, 11, 30), None)])
def test_a_huizhou_station_evaluation_is_reminded_30_days_ahead(huizhou, system_admin, today, days_left):
    StationFactory(division=huizhou["441302001"], name="桥东街道社会工作服务站", opened_on=D(2021, 7, 1))

    evaluations = [r for r in reminded(system_admin, today) if r[0] == SubmissionKind.STATION_EVALUATION]

    assert evaluations == (
        []
        if days_left is None
        else [(SubmissionKind.STATION_EVALUATION, "桥东街道社会工作服务站", "2022", days_left)]
    )


def test_the_calendar_page_and_the_home_fragment_list_the_reminders(client, divisions, lixia_officer):
    client.force_login(lixia_officer)
    with mock.patch("shegong.stations.views.timezone.localdate", return_value=D(2022, 3, 25)):
        page = client.get(reverse("stations:deadline-calendar"), HTTP_ACCEPT_LANGUAGE="zh-hans")
        fragment = client.get(reverse("stations:deadline-reminders"), HTTP_ACCEPT_LANGUAGE="zh-hans")

    for response in (page, fragment):
        assert response.status_code == 200
        [item] = parse(response.content).find(data_testid="deadline-reminders").find_all("li")
        assert item.attrs["data-due"] == "2022-03-31"
        assert "区县社工站年度实施计划 · 历下区 · 2022" in item.text
        assert "6天后到期（2022-03-31）" in item.text


def test_reminders_cost_the_same_queries_for_few_and_many_stations(
    divisions, system_admin, django_assert_max_num_queries
):
    from shegong.geo.tests.factories import make_division
    from shegong.organizations.tests.factories import OrganizationFactory

    provider = OrganizationFactory(division=divisions["370102"])
    for n in range(20):
        StationFactory(
            division=make_division(f"370102{100 + n:03d}", f"街道{n}"),
            provider=provider,
            service_contract_signed_on=D(2022, 1, 15),
        )
    with django_assert_max_num_queries(4):
        assert len(selectors.deadline_reminders(viewer=system_admin, today=D(2022, 3, 1))) >= 20
