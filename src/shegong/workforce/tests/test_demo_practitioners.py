"""Demo practitioners: created once through the services, some compliant, some short of hours."""

import pytest

from shegong.demo.foundation import required_division_codes
from shegong.demo.loaders import DemoContext
from shegong.demo.tests.test_demo import demo_divisions, real_names  # noqa: F401  (fixtures)
from shegong.policy.engine import evaluate_rule, get_rule
from shegong.workforce import demo as demo_practitioners
from shegong.workforce.models import Practitioner


@pytest.fixture
def loaded(demo_divisions):  # noqa: F811
    from shegong.demo.foundation import load_demo as foundation

    context = DemoContext()
    foundation(context)
    demo_practitioners.load_demo(context)
    return context


@pytest.mark.django_db
def test_demo_practitioners_cover_the_four_cities_and_a_second_run_changes_nothing(loaded):
    assert {p.division_id[:4] for p in Practitioner.objects.all()} == {"4403", "3701", "3504", "4413"}
    assert set(demo_practitioners.PRACTITIONERS) and all(
        p.division in required_division_codes() for p in demo_practitioners.PRACTITIONERS
    )
    again = DemoContext(actor=loaded.actor)

    demo_practitioners.load_demo(again)

    tally = again.tally(Practitioner)
    assert (tally.created, tally.unchanged) == (0, len(demo_practitioners.PRACTITIONERS))


@pytest.mark.django_db
def test_some_demo_practitioners_fall_short_of_the_training_rules(loaded):
    from django.utils import timezone

    today = timezone.localdate()
    short = {
        spec_id: sorted(v.subject.name for v in evaluate_rule(get_rule(spec_id), as_of=today).violations)
        for spec_id in ("SM-03", "HZ-17", "HZ-12", "SM-08")
    }

    assert short == {"SM-03": ["林志勇"], "HZ-17": ["李嘉豪"], "HZ-12": ["李嘉豪"], "SM-08": ["邱文斌"]}


@pytest.mark.django_db
def test_demo_pay_records_break_the_pay_rules_on_purpose_and_load_once(loaded):
    import datetime

    from shegong.workforce.models import PayRecord, SalaryGuide

    as_of = datetime.date(2025, 6, 30)  # the Shenzhen measures were still in force
    found = {
        spec_id: sorted(v.subject.name for v in evaluate_rule(get_rule(spec_id), as_of=as_of).violations)
        for spec_id in ("SZ-06d", "SM-09", "SM-10", "HZ-06")
    }

    assert found == {"SZ-06d": ["黄俊杰"], "SM-09": ["林志勇"], "SM-10": ["林志勇"], "HZ-06": ["李嘉豪"]}
    assert set(SalaryGuide.objects.values_list("division_id", "is_sample")) == {
        ("4403", True),
        ("4413", True),
    }
    assert Practitioner.objects.get(name="蔡晓敏").user.username == "sz_worker"
    counts = (SalaryGuide.objects.count(), PayRecord.objects.count())
    demo_practitioners.load_demo(DemoContext(actor=loaded.actor))
    assert (SalaryGuide.objects.count(), PayRecord.objects.count()) == counts
