"""The demo loader of case management: a case at each step, a referral with consent; idempotent."""

import pytest

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.cases import demo
from shegong.cases.models import Case, Household, Member, Referral, WalkInRequest
from shegong.demo.loaders import DemoContext
from shegong.geo.tests.factories import make_tree
from shegong.stations.tests.factories import StationFactory

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_case_at_each_step_and_a_second_run_changes_nothing():
    tree = make_tree(
        {"4413": "惠州市", "441302": "惠城区", "441302001": "桥东街道", demo.VILLAGE: "新建社区居委会"}
    )
    UserFactory(username=demo.WORKER, role=Role.SOCIAL_WORKER, division=tree["441302"])
    StationFactory(division=tree[demo.TOWN])

    demo.load_demo(DemoContext())
    again = DemoContext()
    demo.load_demo(again)

    assert sorted(Case.objects.values_list("step", flat=True)) == sorted(step for _t, step in demo.CASES)
    assert (Household.objects.count(), Member.objects.count()) == (2, 3)
    referral = Referral.objects.get()
    assert referral.consent is not None and referral.shared_data == ["contact", "health"]
    assert WalkInRequest.objects.get().notified_on is not None
    assert again.changed == 0
