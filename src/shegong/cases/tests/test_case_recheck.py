"""The re-check on the case page: the HZ-15 overdue-visit finding appears, then goes once a visit is logged."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.cases.models import CaseStep, IndividualPlan
from shegong.cases.tests.factories import CaseFactory, HouseholdFactory
from shegong.cases.tests.test_rules_visits import DONGHU, HUIZHOU_TREE
from shegong.common.tests.html import parse
from shegong.geo.tests.factories import make_tree
from shegong.policy.models import Finding

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def huizhou(divisions):
    return make_tree(HUIZHOU_TREE)


@pytest.fixture
def hz_worker(huizhou):
    return UserFactory(
        username="hz_zhong", full_name="钟嘉琪", role=Role.SOCIAL_WORKER, division=huizhou["441302"]
    )


def worker_case(division, worker, *, planned_on, frequency=7, title="独居老人照料"):
    case = CaseFactory(
        household=HouseholdFactory(division=division, assigned_worker=worker),
        step=CaseStep.COORDINATE,
        opened_on=planned_on,
        title=title,
    )
    IndividualPlan.objects.create(
        case=case, visit_frequency_days=frequency, goals="稳定生活", steps="每周探访", planned_on=planned_on
    )
    return case


def findings_text(client, case) -> str:
    page = parse(client.get(reverse("cases:case-detail", args=[case.pk]), **ZH).content)
    return page.find(data_testid="case-findings").text


def test_the_overdue_finding_appears_on_recheck_and_goes_after_a_visit(client, huizhou, hz_worker):
    today = timezone.localdate()
    case = worker_case(huizhou[DONGHU], hz_worker, planned_on=today - datetime.timedelta(days=10))
    client.force_login(hz_worker)
    assert "HZ-15" not in findings_text(client, case)

    response = client.post(reverse("cases:case-recheck", args=[case.pk]), **ZH)

    assert response.status_code == 302
    text = findings_text(client, case)
    assert "HZ-15" in text and "独居老人照料" in text
    finding = Finding.objects.get(rule_id="HZ-15", subject_id=str(case.pk), state="open")
    assert finding.measured == "3"  # due 3 days ago: planned 10 days ago, a visit every 7 days

    client.post(reverse("cases:visit-create", args=[case.pk]), {"visited_on": today.isoformat()}, **ZH)
    client.post(reverse("cases:case-recheck", args=[case.pk]), **ZH)

    assert "HZ-15" not in findings_text(client, case)
    assert Finding.objects.get(rule_id="HZ-15", subject_id=str(case.pk)).state == "resolved"


def test_another_worker_cannot_recheck_someone_elses_case(client, huizhou, hz_worker):
    case = worker_case(
        huizhou[DONGHU], hz_worker, planned_on=timezone.localdate() - datetime.timedelta(days=30)
    )
    other = UserFactory(role=Role.SOCIAL_WORKER, division=huizhou["441302"])
    client.force_login(other)

    response = client.post(reverse("cases:case-recheck", args=[case.pk]), **ZH)

    assert response.status_code == 404
    assert not Finding.objects.exists()
