"""Demo supervision of organisations: loaded once through the services."""

import pytest

from shegong.demo.loaders import DemoContext
from shegong.demo.tests.test_demo import demo_divisions, real_names  # noqa: F401  (fixtures)
from shegong.organizations import demo as demo_organizations
from shegong.organizations.models import Organization, OrganizationPerson, Revocation, SupervisionRecord
from shegong.organizations.selectors import published_organization_sanctions

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(demo_divisions):  # noqa: F811
    from shegong.demo.foundation import load_demo as foundation

    context = DemoContext()
    foundation(context)
    demo_organizations.load_demo(context)
    return context


def test_demo_supervision_in_shenzhen_and_jinan_and_a_second_run_changes_nothing(loaded):
    counts = (
        OrganizationPerson.objects.count(),
        SupervisionRecord.objects.count(),
        Revocation.objects.count(),
    )
    again = DemoContext(actor=loaded.actor)

    demo_organizations.load_demo(again)

    assert counts == (10, 6, 1)
    assert again.changed == 0
    assert {
        r.organization.division_id[:4] for r in SupervisionRecord.objects.select_related("organization")
    } == {
        "4403",
        "3701",
    }
    assert sorted(r.reference for r in published_organization_sanctions()) == [
        "济社协纪〔2023〕2号",
        "深罗民罚〔2023〕12号",
    ]
    assert Organization.objects.filter(registered_on__isnull=False).count() == 6
