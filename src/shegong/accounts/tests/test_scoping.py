"""The one scoping function: officers see their jurisdiction and below, nothing else."""

import pytest

from shegong.accounts.models import Role, User
from shegong.accounts.scoping import scope_queryset
from shegong.accounts.tests.factories import UserFactory
from shegong.organizations.models import Organization
from shegong.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_district_officer_sees_own_district_organisations_only(divisions, lixia_officer, jinan_officer):
    in_lixia = OrganizationFactory(division=divisions["370102001"])
    in_licheng = OrganizationFactory(division=divisions["370112"])

    assert list(scope_queryset(Organization.objects.all(), viewer=lixia_officer)) == [in_lixia]
    assert set(scope_queryset(Organization.objects.all(), viewer=jinan_officer)) == {in_lixia, in_licheng}


def test_organisation_user_sees_own_organisation_only(divisions):
    mine = OrganizationFactory(division=divisions["370102"])
    OrganizationFactory(division=divisions["370102"])
    admin = UserFactory(role=Role.ORG_ADMIN, organization=mine, division=divisions["370102"])

    assert list(scope_queryset(Organization.objects.all(), viewer=admin)) == [mine]


def test_user_without_reach_sees_nothing(divisions):
    OrganizationFactory(division=divisions["370102"])
    worker = UserFactory(role=Role.SOCIAL_WORKER)

    assert not scope_queryset(Organization.objects.all(), viewer=worker).exists()
    assert not scope_queryset(User.objects.all(), viewer=worker).exclude(pk=worker.pk).exists()


def test_system_admin_sees_everything(divisions, system_admin):
    OrganizationFactory(division=divisions["370102"])
    OrganizationFactory(division=divisions["440304"])

    assert scope_queryset(Organization.objects.all(), viewer=system_admin).count() == 2
