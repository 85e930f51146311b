"""Demo projects: created once through the services, some compliant, some breaking the policies."""

import pytest

from shegong.demo.foundation import required_division_codes
from shegong.demo.loaders import DemoContext
from shegong.demo.tests.test_demo import demo_divisions, real_names  # noqa: F401  (fixtures)
from shegong.procurement import demo as demo_projects
from shegong.procurement import selectors
from shegong.procurement.models import (
    Contract,
    ItemOutcome,
    LibraryEntry,
    MeetingItem,
    Project,
    ProjectBudget,
    Vote,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(demo_divisions):  # noqa: F811
    from shegong.demo.foundation import load_demo as foundation

    context = DemoContext()
    foundation(context)
    demo_projects.load_demo(context)
    return context


def test_demo_projects_are_in_shenzhen_and_jinan_and_a_second_run_changes_nothing(loaded):
    assert {p.purchaser_division_id[:4] for p in Project.objects.all()} == {"4403", "3701"}
    assert all(p.purchaser_division in required_division_codes() for p in demo_projects.PROJECTS)
    counts = (Project.objects.count(), ProjectBudget.objects.count(), Contract.objects.count())
    again = DemoContext(actor=loaded.actor)

    demo_projects.load_demo(again)

    assert counts == (4, 4, 2)
    assert (Project.objects.count(), ProjectBudget.objects.count(), Contract.objects.count()) == counts
    assert again.changed == 0
    assert again.tally(Project).unchanged == 4


def test_demo_projects_include_compliant_and_non_compliant_ones(loaded):
    verdicts = {
        project.name: sorted({b.spec_id for b in selectors.project_compliance(project=project).breaches})
        for project in Project.objects.all()
    }

    assert verdicts == {
        "福田区南园街道社区社会工作服务项目": [],
        "福田区长者关爱社会工作服务项目": ["SZ-06b", "SZ-12c", "SZ-13b", "SZ-13c", "SZ-13d", "SZ-15c"],
        "历下区解放路街道社会工作服务站项目": [],
        "历城区山大路街道社会工作服务站项目": ["JN-11", "JN-16"],
    }


def test_demo_library_admits_the_compliant_project_with_the_linked_member_recused(loaded):
    outcomes = dict(MeetingItem.objects.values_list("project__name", "outcome"))

    assert outcomes == {
        "福田区南园街道社区社会工作服务项目": ItemOutcome.APPROVED,
        "福田区长者关爱社会工作服务项目": ItemOutcome.REJECTED,
    }
    assert list(LibraryEntry.objects.values_list("project__name", flat=True)) == [
        "福田区南园街道社区社会工作服务项目"
    ]
    assert not Vote.objects.filter(
        member__name="梁振华", item__project__provider__name__contains="鹏城"
    ).exists()


def test_demo_posts_results_and_ledgers_are_loaded_once(loaded):
    from shegong.procurement.models import Evaluation, Payment, PerformanceReview, ProjectPost, RenewalReward

    counts = (
        ProjectPost.objects.count(),
        PerformanceReview.objects.count(),
        RenewalReward.objects.count(),
        Payment.objects.count(),
    )
    again = DemoContext(actor=loaded.actor)

    demo_projects.load_demo(again)

    assert counts == (5, 1, 1, 6)
    assert again.changed == 0
    assert list(
        Evaluation.objects.filter(published_on__isnull=False).values_list("project__name", flat=True)
    ) == ["福田区南园街道社区社会工作服务项目"]
    assert Project.objects.get(name="福田区南园街道社区社会工作服务项目").headcount == 10
