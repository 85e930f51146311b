"""Fixtures shared by every app's tests."""

import pytest

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import TEST_PASSWORD, UserFactory
from shegong.geo.tests.factories import JINAN_TREE, SHENZHEN_TREE, make_tree


@pytest.fixture
def divisions(db):
    """A small real-named tree: Jinan's Lixia and Licheng districts, and Shenzhen Futian."""
    tree = make_tree(JINAN_TREE)
    tree.update(make_tree(SHENZHEN_TREE))
    return tree


@pytest.fixture
def password():
    return TEST_PASSWORD


@pytest.fixture
def lixia_officer(divisions):
    return UserFactory(username="lixia_officer", role=Role.DISTRICT_OFFICER, division=divisions["370102"])


@pytest.fixture
def licheng_officer(divisions):
    return UserFactory(username="licheng_officer", role=Role.DISTRICT_OFFICER, division=divisions["370112"])


@pytest.fixture
def jinan_officer(divisions):
    return UserFactory(username="jinan_officer", role=Role.CITY_OFFICER, division=divisions["3701"])


@pytest.fixture
def system_admin(db):
    return UserFactory(username="sysadmin", role=Role.SYSTEM_ADMIN)
