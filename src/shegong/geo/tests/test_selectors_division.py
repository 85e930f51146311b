"""Division reads: ancestors from code prefixes, subtrees by index range, counts grouped by prefix."""

import pytest

from shegong.geo import selectors
from shegong.geo.tests.factories import make_division

pytestmark = pytest.mark.django_db


def codes(divisions):
    return [d.code for d in divisions]


def test_ancestors_are_the_code_prefixes_top_first_in_one_query(
    divisions, lixia_officer, django_assert_num_queries
):
    with django_assert_num_queries(1):
        ancestors = selectors.division_ancestors(viewer=lixia_officer, division=divisions["370102001002"])

    assert [(d.code, d.name) for d in ancestors] == [
        ("37", "山东省"),
        ("3701", "济南市"),
        ("370102", "历下区"),
        ("370102001", "解放路街道"),
    ]


def test_a_province_has_no_ancestors_and_costs_no_query(divisions, lixia_officer, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert selectors.division_ancestors(viewer=lixia_officer, division="37") == []


def test_children_are_the_divisions_one_level_below(divisions, lixia_officer):
    assert codes(selectors.division_children(viewer=lixia_officer, division="3701")) == ["370102", "370112"]
    assert codes(selectors.division_children(viewer=lixia_officer, division="370102001002")) == []


def test_descendants_are_the_whole_subtree_without_the_division_itself(divisions, lixia_officer):
    make_division("371202", "莱城区")  # shares no prefix with 3701: must stay out

    assert codes(selectors.division_descendants(viewer=lixia_officer, division="3701")) == [
        "370102",
        "370102001",
        "370102001002",
        "370102001003",
        "370112",
        "370112001",
        "370112001001",
        "370112001002",
    ]
    villages = selectors.division_descendants(viewer=lixia_officer, division="3701", level="village")
    assert codes(villages) == ["370102001002", "370102001003", "370112001001", "370112001002"]


def test_descendant_counts_per_level_take_one_grouped_query_per_code_length(
    divisions, lixia_officer, django_assert_num_queries
):
    with django_assert_num_queries(2):  # provinces (2 digits) and districts (6 digits)
        counts = selectors.division_descendant_counts(
            viewer=lixia_officer, codes=["37", "44", "370102", "370112"]
        )

    assert counts["37"] == {"province": 0, "city": 1, "district": 2, "town": 2, "village": 4}
    assert counts["44"] == {"province": 0, "city": 1, "district": 1, "town": 1, "village": 0}
    assert counts["370102"] == {"province": 0, "city": 0, "district": 0, "town": 1, "village": 2}
    assert counts["370112"] == {"province": 0, "city": 0, "district": 0, "town": 1, "village": 2}


def test_descendant_counts_of_many_divisions_of_one_level_take_one_query(
    divisions, lixia_officer, django_assert_num_queries
):
    towns = [make_division(f"370102{n:03d}") for n in range(2, 42)]
    for town in towns[:3]:
        make_division(town.code + "001")

    with django_assert_num_queries(1):
        counts = selectors.division_descendant_counts(viewer=lixia_officer, codes=[t.code for t in towns])

    assert [counts[t.code]["village"] for t in towns[:4]] == [1, 1, 1, 0]


def test_villages_have_nothing_below_and_cost_no_query(divisions, lixia_officer, django_assert_num_queries):
    with django_assert_num_queries(0):
        counts = selectors.division_descendant_counts(viewer=lixia_officer, codes=["370102001002"])

    assert counts == {"370102001002": {"province": 0, "city": 0, "district": 0, "town": 0, "village": 0}}


def test_summaries_count_children_towns_and_villages(divisions, lixia_officer):
    summaries = selectors.division_summaries(
        viewer=lixia_officer, divisions=[divisions["3701"], divisions["370102001"], divisions["440304001"]]
    )

    assert summaries == {
        "3701": {"children": 2, "towns": 2, "villages": 4},
        "370102001": {"children": 2, "towns": 0, "villages": 2},
        "440304001": {"children": 0, "towns": 0, "villages": 0},
    }


def test_list_filters_by_level_parent_subtree_and_name(divisions, lixia_officer):
    def listed(**filters):
        return codes(selectors.division_list(viewer=lixia_officer, **filters))

    assert listed(level="district") == ["370102", "370112", "440304"]
    assert listed(parent="370102001") == ["370102001002", "370102001003"]
    assert listed(within="370112") == ["370112", "370112001", "370112001001", "370112001002"]
    assert listed(within="37", level="town") == ["370102001", "370112001"]
    assert listed(q="社区") == ["370102001002", "370102001003", "370112001001", "370112001002"]
    assert listed(q="历", level="district") == ["370102", "370112"]


def test_divisions_are_public_reference_data_for_any_signed_in_user_and_hidden_from_anonymous(divisions):
    from django.contrib.auth.models import AnonymousUser

    from shegong.accounts.tests.factories import UserFactory

    worker = UserFactory()  # no jurisdiction, no organisation

    assert selectors.division_list(viewer=worker).count() == len(divisions)
    assert selectors.division_list(viewer=AnonymousUser()).count() == 0
