"""A Lixia station with its provider, filed and unfiled practitioners, and the provider's administrator."""

import pytest

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.organizations.tests.factories import OrganizationFactory
from shegong.stations.tests.factories import StationFactory
from shegong.workforce.tests.factories import PractitionerFactory

from .factories import PostingFactory


@pytest.fixture
def provider(divisions):
    return OrganizationFactory(name="历下区阳光社工中心", division=divisions["370102"])


@pytest.fixture
def station(divisions, provider):
    return StationFactory(name="解放路街道社会工作服务站", division=divisions["370102001"], provider=provider)


@pytest.fixture
def licheng_station(divisions):
    return StationFactory(
        name="山大路街道社会工作服务站",
        division=divisions["370112001"],
        provider=OrganizationFactory(name="历城区同心社工中心", division=divisions["370112"]),
    )


@pytest.fixture
def org_admin(provider):
    return UserFactory(username="sunshine_admin", role=Role.ORG_ADMIN, organization=provider)


@pytest.fixture
def filed(divisions):
    return PractitionerFactory(name="赵敏", division=divisions["370102"])


@pytest.fixture
def unfiled(divisions):
    return PractitionerFactory(name="钱坤", division=divisions["370102"], filed_since=None)


@pytest.fixture
def posting(station):
    return PostingFactory(station=station)


@pytest.fixture
def unified_posting(station):
    return PostingFactory(station=station, unified=True, title="统一招聘社工")
