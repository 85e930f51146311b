"""Who sees which household: the assigned worker, officers of the jurisdiction; minors are restricted."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shegong.accounts.models import Role, User
from shegong.accounts.scoping import scope_queryset
from shegong.accounts.tests.factories import UserFactory
from shegong.cases import selectors
from shegong.cases.models import Case, Household, Visit
from shegong.cases.tests.factories import (
    LICHENG_VILLAGE,
    LIXIA_VILLAGE,
    CaseFactory,
    HouseholdFactory,
    add_member,
    minor_id,
)
from shegong.organizations.models import Organization
from shegong.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_a_social_worker_sees_only_households_assigned_to_them(divisions, worker, other_worker, household):
    HouseholdFactory(division=divisions[LIXIA_VILLAGE], assigned_worker=other_worker)
    HouseholdFactory(division=divisions[LIXIA_VILLAGE], assigned_worker=None)

    assert list(selectors.household_list(viewer=worker)) == [household]
    assert list(scope_queryset(Household.objects.all(), viewer=worker)) == [household]


def test_the_worker_path_follows_relations_for_cases_and_visits(divisions, worker, other_worker, household):
    mine = CaseFactory(household=household)
    CaseFactory(household=HouseholdFactory(division=divisions[LIXIA_VILLAGE], assigned_worker=other_worker))
    Visit.objects.create(case=mine, visited_on="2026-01-10", worker=worker)

    assert list(scope_queryset(Case.objects.all(), viewer=worker)) == [mine]
    assert scope_queryset(Visit.objects.all(), viewer=worker).count() == 1
    assert scope_queryset(Visit.objects.all(), viewer=other_worker).count() == 0


def test_a_social_worker_keeps_the_organisation_scope_on_models_without_a_worker_path(divisions):
    organization = OrganizationFactory(division=divisions["370102"])
    OrganizationFactory(division=divisions["370102"])
    worker = UserFactory(role=Role.SOCIAL_WORKER, organization=organization)

    assert list(scope_queryset(Organization.objects.all(), viewer=worker)) == [organization]
    assert list(scope_queryset(User.objects.filter(role=Role.SOCIAL_WORKER), viewer=worker)) == [worker]


def test_an_officer_sees_the_households_of_the_jurisdiction(
    divisions, lixia_officer, licheng_officer, household
):
    licheng = HouseholdFactory(division=divisions[LICHENG_VILLAGE])

    assert list(selectors.household_list(viewer=lixia_officer)) == [household]
    assert list(selectors.household_list(viewer=licheng_officer)) == [licheng]


@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.FINANCE_OFFICER, Role.DISCIPLINE_COMMITTEE])
def test_a_minors_household_is_hidden_from_everyone_but_named_officers_and_the_assigned_worker(
    divisions, household, worker, lixia_officer, role
):
    adults_only = HouseholdFactory(division=divisions[LIXIA_VILLAGE], assigned_worker=worker)
    add_member(household, name="小明", number=minor_id(1), relation="child")
    other = UserFactory(role=role, division=divisions["370102"])

    assert list(selectors.household_list(viewer=other)) == [adults_only]
    assert set(selectors.household_list(viewer=lixia_officer)) == {adults_only}
    household.named_officers.add(lixia_officer)
    assert set(selectors.household_list(viewer=lixia_officer)) == {household, adults_only}
    assert set(selectors.household_list(viewer=worker)) == {household, adults_only}
    with pytest.raises(Household.DoesNotExist):
        selectors.household_get(viewer=other, pk=household.pk)


def test_the_household_list_costs_the_same_queries_for_1_and_20_households(divisions, worker):
    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            shown = [
                (
                    row.division.name,
                    str(row.assigned_worker),
                    row.station,
                    row.member_count,
                    row.category_labels,
                )
                for row in selectors.household_list(viewer=worker)
            ]
        assert shown
        return len(ctx.captured_queries)

    HouseholdFactory(division=divisions[LIXIA_VILLAGE], assigned_worker=worker)
    one = count_queries()
    for n in range(19):
        add_member(HouseholdFactory(division=divisions[LIXIA_VILLAGE], assigned_worker=worker), n=n + 10)

    assert count_queries() == one == 1
