"""Keyset pagination and estimated counts (issue 11): every row once, stable links, cheap counts."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from shegong.common.paging import (
    INVALID_CURSOR,
    InvalidCursor,
    cursor_after,
    cursor_query,
    estimated_count,
    keyset_page,
    paginate_request,
)
from shegong.geo.models import Division
from shegong.geo.tests.factories import TEST_DATASET, make_division

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="estimated counts come from PostgreSQL's planner statistics"
)

TOWN = "440304001"


@pytest.fixture
def villages(db):
    """23 villages of one Futian town; names repeat so that the unique code must break ties."""
    make_division(TOWN, "园岭街道")
    Division.objects.bulk_create(
        Division(
            code=f"{TOWN}{number:03d}",
            name=f"社区{number % 7}",
            level="village",
            parent_id=TOWN,
            dataset=TEST_DATASET,
        )
        for number in range(1, 24)
    )
    return Division.objects.filter(parent_id=TOWN)


def _walk(queryset, ordering, page_size):
    """Follow next links from the first page; return the pages' codes and the last page."""
    pages, page = [], keyset_page(queryset, ordering=ordering, page_size=page_size)
    pages.append([d.code for d in page.rows])
    while page.next_cursor:
        page = keyset_page(queryset, ordering=ordering, cursor=page.next_cursor, page_size=page_size)
        pages.append([d.code for d in page.rows])
    return pages, page


@pytest.mark.parametrize(
    "ordering", [("name", "code"), ("-name", "code"), ("-level", "-code"), ("name", "-pk")]
)
def test_following_next_links_shows_every_row_once_in_order(villages, ordering):
    expected = list(villages.order_by(*ordering).values_list("code", flat=True))

    pages, last = _walk(villages, ordering, page_size=5)

    assert [len(p) for p in pages] == [5, 5, 5, 5, 3]
    assert [code for page in pages for code in page] == expected
    assert last.next_cursor is None and last.previous_cursor is not None


def test_following_previous_links_from_the_last_page_shows_the_same_pages(villages):
    ordering = ("name", "code")
    forward, last = _walk(villages, ordering, page_size=5)

    backward, page = [[d.code for d in last.rows]], last
    while page.previous_cursor:
        page = keyset_page(villages, ordering=ordering, cursor=page.previous_cursor, page_size=5)
        backward.append([d.code for d in page.rows])

    assert list(reversed(backward)) == forward
    assert page.previous_cursor is None and page.next_cursor is not None


def test_descending_time_ordering_with_equal_timestamps(villages):
    moment = timezone.make_aware(datetime.datetime(2024, 5, 1, 9, 30, 15, 123456))
    villages.filter(code__lte=f"{TOWN}012").update(created_at=moment)
    villages.filter(code__gt=f"{TOWN}012").update(created_at=moment + datetime.timedelta(hours=1))
    ordering = ("-created_at", "-pk")

    pages, _ = _walk(villages, ordering, page_size=4)

    assert [code for page in pages for code in page] == list(
        villages.order_by(*ordering).values_list("code", flat=True)
    )


def test_the_first_page_has_no_previous_link_and_counts_exactly_on_small_sets(villages):
    page = keyset_page(villages, ordering=("name", "code"), page_size=10)

    assert page.previous_cursor is None
    assert page.count == 23
    assert page.count_is_estimate is False
    assert len(page) == 10 and page.has_next and not page.has_previous


def test_a_page_costs_three_queries_at_most_however_deep(villages, django_assert_max_num_queries):
    _, last = _walk(villages, ("name", "code"), page_size=2)

    # the rows, and the count: exact on SQLite; plan estimate then (small) exact count on PostgreSQL
    with django_assert_max_num_queries(3):
        page = keyset_page(villages, ordering=("name", "code"), cursor=last.previous_cursor, page_size=2)

    assert len(page.rows) == 2


@pytest.mark.parametrize(
    "cursor",
    [
        "not-base64-$$$",
        "eyJkIjoibiJ9",  # {"d":"n"}: no key
        "eyJkIjoibiIsImsiOlsi56S-5Yy6MSJdfQ",  # one value for a two-field ordering
        "eyJkIjoieCIsImsiOlsiYSIsImIiXX0",  # unknown direction
    ],
)
def test_a_bad_cursor_is_refused(villages, cursor):
    with pytest.raises(InvalidCursor):
        keyset_page(villages, ordering=("name", "code"), cursor=cursor)


def test_a_cursor_value_that_does_not_parse_is_refused(villages):
    # {"d":"n","k":["yesterday-ish","x"]} for a datetime key
    with pytest.raises(InvalidCursor):
        keyset_page(
            villages,
            ordering=("-created_at", "-pk"),
            cursor="eyJkIjoibiIsImsiOlsieWVzdGVyZGF5LWlzaCIsIngiXX0",
        )


def test_a_request_with_a_bad_cursor_gets_the_first_page_and_a_message(villages):
    from django.utils import translation

    request = RequestFactory().get("/geo/", {"q": "社区", "cursor": "garbage!"})
    with translation.override("zh-hans"):
        page = paginate_request(request, villages, ordering=("name", "code"), page_size=5)

    assert [d.code for d in page.rows] == list(
        villages.order_by("name", "code").values_list("code", flat=True)[:5]
    )
    assert page.error == str(INVALID_CURSOR)
    assert page.previous_url is None
    assert page.next_url.startswith("?q=%E7%A4%BE%E5%8C%BA&cursor=")


def test_links_keep_the_other_parameters_and_drop_the_page_number(villages):
    request = RequestFactory().get("/geo/", {"q": "社区", "level": "village", "page": "3"})

    first = paginate_request(request, villages, ordering=("name", "code"), page_size=5)
    second = paginate_request(
        RequestFactory().get("/geo/" + first.next_url), villages, ordering=("name", "code"), page_size=5
    )

    assert first.next_url == f"?q=%E7%A4%BE%E5%8C%BA&level=village&cursor={first.next_cursor}"
    assert second.previous_url == f"?q=%E7%A4%BE%E5%8C%BA&level=village&cursor={second.previous_cursor}"
    assert second.error == ""
    assert cursor_query(request.GET, None) == "?q=%E7%A4%BE%E5%8C%BA&level=village"


def test_an_ordering_must_end_in_a_unique_non_null_field(villages):
    with pytest.raises(ImproperlyConfigured, match="unique"):
        keyset_page(villages, ordering=("name",))
    with pytest.raises(ImproperlyConfigured, match="unique"):
        keyset_page(villages, ordering=("code", "parent"))


@pytest.fixture
def half_dated(villages):
    """Every third village has no parent: a nullable key with NULLs among equal values."""
    Division.objects.filter(code__in=[v.code for v in villages][::3]).update(parent=None)
    return Division.objects.filter(code__startswith=TOWN, level="village")


@pytest.mark.parametrize("ordering", [("parent", "code"), ("-parent", "code"), ("parent", "-code")])
def test_a_nullable_key_sorts_null_last_and_every_row_shows_once(half_dated, ordering):
    rows = list(half_dated.values_list("parent_id", "code"))
    descending = ordering[0].startswith("-")
    # NULL is above every value: last ascending, first descending; ties broken by the code.
    rows.sort(key=lambda r: r[1], reverse=ordering[1].startswith("-"))
    rows.sort(key=lambda r: (r[0] is None, r[0] or ""), reverse=descending)
    expected = [code for _, code in rows]

    pages, last = _walk(half_dated, ordering, page_size=4)

    assert [code for page in pages for code in page] == expected
    backward, page = [[d.code for d in last.rows]], last
    while page.previous_cursor:
        page = keyset_page(half_dated, ordering=ordering, cursor=page.previous_cursor, page_size=4)
        backward.append([d.code for d in page.rows])
    assert list(reversed(backward)) == pages


def test_a_null_in_a_cursor_for_a_non_null_key_is_refused(villages):
    # {"d":"n","k":[null,"x"]}
    with pytest.raises(InvalidCursor):
        keyset_page(villages, ordering=("name", "code"), cursor="eyJkIjoibiIsImsiOltudWxsLCJ4Il19")


def test_sqlite_and_small_sets_are_counted_exactly(villages):
    assert estimated_count(villages, exact_below=10_000) == (23, False)
    assert estimated_count(Division.objects.all(), exact_below=10_000) == (Division.objects.count(), False)


@on_postgresql
def test_a_large_unfiltered_table_is_counted_from_pg_class(villages):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE geo_division")
    total = Division.objects.count()

    count, is_estimate = estimated_count(Division.objects.all(), exact_below=10)

    assert is_estimate is True
    assert count == total


@on_postgresql
def test_a_large_filtered_queryset_is_counted_from_the_plan(villages, django_assert_max_num_queries):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE geo_division")

    with django_assert_max_num_queries(1):
        count, is_estimate = estimated_count(Division.objects.filter(level="village"), exact_below=10)

    assert is_estimate is True
    assert 15 <= count <= 35


@on_postgresql
def test_a_page_of_a_large_table_says_its_count_is_an_estimate(villages):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE geo_division")

    page = keyset_page(Division.objects.all(), ordering=("code",), page_size=5, exact_below=10)

    assert page.count_is_estimate is True
    assert page.count == Division.objects.count()


def test_a_cursor_after_any_row_starts_the_page_at_the_next_row(villages):
    ordering = ("name", "code")
    rows = list(villages.order_by(*ordering))
    cursor = cursor_after(rows[9], model=Division, ordering=ordering)
    page = keyset_page(villages, ordering=ordering, cursor=cursor, page_size=5)
    assert [d.code for d in page.rows] == [d.code for d in rows[10:15]]
    assert page.has_previous and page.has_next


def test_an_empty_scope_counts_zero_without_asking_the_planner(villages, django_assert_max_num_queries):
    """A viewer whose scope holds nothing gets ``.none()``: PostgreSQL has no plan to explain for it."""
    with django_assert_max_num_queries(0):
        assert estimated_count(villages.none()) == (0, False)
        assert estimated_count(villages.filter(code__in=[])) == (0, False)
    page = keyset_page(villages.none(), ordering=("name", "code"))
    assert page.rows == [] and page.count == 0 and not page.has_next
