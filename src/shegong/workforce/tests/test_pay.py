"""Contract C1: the salary guide in force and its monthly pay by rank and domain (SZ-06a)."""

import datetime
from decimal import Decimal

import pytest

from shegong.workforce.models import Rank
from shegong.workforce.pay import guide_monthly_pay, guide_pay_table, salary_guide_in_force
from shegong.workforce.tests.factories import guide_with

pytestmark = pytest.mark.django_db

COMMUNITY = "community_building"
MENTAL = "mental_health"


@pytest.fixture
def guides(divisions):
    city = divisions["4403"]
    old = guide_with(city, {(Rank.SOCIAL_WORKER, COMMUNITY): 7000}, effective_from=datetime.date(2018, 1, 1))
    new = guide_with(
        city,
        {(Rank.SOCIAL_WORKER, COMMUNITY): 8000, (Rank.SOCIAL_WORKER, MENTAL): 8500},
        effective_from=datetime.date(2021, 1, 1),
    )
    return old, new


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (datetime.date(2017, 12, 31), None),
        (datetime.date(2018, 1, 1), "old"),
        (datetime.date(2020, 12, 31), "old"),
        (datetime.date(2021, 1, 1), "new"),
    ],
)
def test_guide_in_force_is_the_latest_from_on_or_before_the_day(guides, on, expected):
    old, new = guides
    found = salary_guide_in_force(division_code="440304001", on=on)
    assert found == {"old": old, "new": new, None: None}[expected]


def test_a_district_uses_its_city_guide_and_another_city_has_none(guides):
    assert salary_guide_in_force(division_code="4403", on=datetime.date(2022, 1, 1)) == guides[1]
    assert salary_guide_in_force(division_code="370102", on=datetime.date(2022, 1, 1)) is None
    assert salary_guide_in_force(division_code="44", on=datetime.date(2022, 1, 1)) is None


def test_monthly_pay_of_rank_and_domain(guides):
    on = datetime.date(2022, 1, 1)
    pay = guide_monthly_pay(division_code="440304", on=on, rank=Rank.SOCIAL_WORKER, domain=MENTAL)
    assert pay == Decimal("8500")
    assert guide_monthly_pay(division_code="440304", on=on, rank=Rank.SUPERVISOR, domain=MENTAL) is None
    old = guide_monthly_pay(
        division_code="440304", on=datetime.date(2019, 1, 1), rank=Rank.SOCIAL_WORKER, domain=COMMUNITY
    )
    assert old == Decimal("7000")


def test_pay_table_is_one_query(guides, django_assert_num_queries):
    with django_assert_num_queries(1):
        table = guide_pay_table(division_code="440304", on=datetime.date(2022, 1, 1))
    assert table == {
        (Rank.SOCIAL_WORKER, COMMUNITY): Decimal("8000"),
        (Rank.SOCIAL_WORKER, MENTAL): Decimal("8500"),
    }
    assert guide_pay_table(division_code="370102", on=datetime.date(2022, 1, 1)) == {}
