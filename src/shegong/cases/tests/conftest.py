import pytest

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.cases.tests.factories import LIXIA_VILLAGE, HouseholdFactory


@pytest.fixture
def worker(divisions):
    return UserFactory(
        username="worker_han", full_name="韩雪", role=Role.SOCIAL_WORKER, division=divisions["370102"]
    )


@pytest.fixture
def other_worker(divisions):
    return UserFactory(
        username="worker_cai", full_name="蔡晓敏", role=Role.SOCIAL_WORKER, division=divisions["370102"]
    )


@pytest.fixture
def household(divisions, worker):
    return HouseholdFactory(
        address="解放桥社区3号楼2单元", division=divisions[LIXIA_VILLAGE], assigned_worker=worker
    )
