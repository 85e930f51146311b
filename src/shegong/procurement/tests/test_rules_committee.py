"""SZ-12a: a review committee meets at least once in every 12 months (a check of the flow, not a ledger rule)."""

import datetime

import pytest
from django.utils import translation

from shegong.policy.engine import RuleResult, evaluate_rule, registered_rules
from shegong.policy.scanning import rows_for
from shegong.procurement import selectors
from shegong.procurement.models import ReviewCommittee
from shegong.procurement.rules import COMMITTEE_MEETING_CHECK
from shegong.procurement.tests.factories import (
    CommitteeMeetingFactory,
    ProjectLibraryFactory,
    ReviewCommitteeFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def violations(as_of):
    return evaluate_rule(COMMITTEE_MEETING_CHECK, as_of=as_of).violations


def explanation_zh(violation):
    [row] = rows_for(
        RuleResult(rule=COMMITTEE_MEETING_CHECK, in_force=True, violations=[violation], checked=None)
    )
    return row.explanation_zh


@pytest.mark.parametrize(
    ("as_of", "fires"),
    [
        (D(2023, 3, 15), False),  # the 12 months ending today still hold the meeting
        (D(2023, 3, 16), True),  # one day past
    ],
)
def test_committee_that_has_not_met_for_12_months_is_a_finding(divisions, as_of, fires):
    committee = ReviewCommitteeFactory(library__division=divisions["440304"], established_on=D(2021, 1, 1))
    CommitteeMeetingFactory(committee=committee, held_on=D(2022, 3, 16))

    assert bool(violations(as_of)) is fires


def test_committee_younger_than_12_months_is_not_yet_due(divisions):
    ReviewCommitteeFactory(library__division=divisions["440304"], established_on=D(2022, 3, 16))

    assert violations(D(2023, 3, 15)) == []
    assert len(violations(D(2023, 3, 16))) == 1


def test_explanation_cites_clause_twelve_in_chinese(divisions):
    committee = ReviewCommitteeFactory(library__division=divisions["440304"], name="福田区评审委员会")
    CommitteeMeetingFactory(committee=committee, held_on=D(2021, 6, 1))

    [violation] = violations(D(2022, 12, 31))

    with translation.override("zh-hans"):
        text = explanation_zh(violation)
    assert "（十二）" in text
    assert "2022-01-01" in text and "0次" in text
    assert violation.parameters == {"committee_meetings_per_year_min": 1}


@pytest.mark.parametrize(("code", "as_of"), [("370102", D(2023, 1, 1)), ("440304", D(2025, 11, 12))])
def test_outside_shenzhen_or_after_the_measures_lapsed_nothing_fires(divisions, code, as_of):
    ReviewCommitteeFactory(library__division=divisions[code])

    assert violations(as_of) == []


@pytest.mark.parametrize("rows", [3, 60])
def test_query_count_does_not_depend_on_committees(divisions, rows, django_assert_max_num_queries):
    from shegong.geo.tests.factories import make_division

    for i in range(rows):
        library = ProjectLibraryFactory(division=make_division(f"44030{i:04d}"[:9], f"街道{i}"))
        ReviewCommittee.objects.create(library=library, name=f"委员会{i}", established_on=D(2021, 1, 1))

    with django_assert_max_num_queries(3):
        assert len(violations(D(2023, 1, 1))) == rows


def test_the_check_is_not_in_the_rule_registry_because_sz_12a_is_a_flow():
    assert "SZ-12a" not in {rule.spec_id for rule in registered_rules()}


def test_library_pages_list_only_the_viewers_overdue_committees(divisions, jinan_officer):
    from shegong.accounts.models import Role
    from shegong.accounts.tests.factories import UserFactory

    futian = UserFactory(username="futian", role=Role.DISTRICT_OFFICER, division=divisions["440304"])
    committee = ReviewCommitteeFactory(library__division=divisions["440304"], name="福田区评审委员会")

    with translation.override("zh-hans"):
        [warning] = selectors.committees_not_meeting(viewer=futian, as_of=D(2022, 6, 30))
    assert (warning.committee_id, warning.name) == (committee.pk, "福田区评审委员会")
    assert warning.explanation.startswith("评审委员会在2021-07-01至2022-06-30的12个月内召开评审会议0次")
    assert selectors.committees_not_meeting(viewer=jinan_officer, as_of=D(2022, 6, 30)) == []
