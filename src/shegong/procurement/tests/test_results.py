"""Contract evaluations (SZ-14b), renewal rewards (SZ-13e), public results (SZ-16a) and the Excel
import and export of projects and budgets."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from shegong.organizations.tests.factories import OrganizationFactory
from shegong.procurement import services
from shegong.procurement.models import (
    Evaluation,
    EvaluationGrade,
    EvaluationKind,
    ItemKind,
    PerformanceReview,
    Project,
    ProjectBudget,
    RenewalReward,
    RewardBasis,
)
from shegong.procurement.spreadsheets import BUDGET_SHEET, PROJECT_SHEET, budgets_import, projects_import
from shegong.procurement.tests.factories import (
    CommitteeMeetingFactory,
    ContinuationApplicationFactory,
    ProjectFactory,
    ReviewCommitteeFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2023, 1, 10)


@pytest.fixture
def project(divisions):
    return ProjectFactory(purchaser_division=divisions["370102"])


def review(project, grade=EvaluationGrade.EXCELLENT, year=2022):
    return services.performance_review_record(
        actor=None, project=project, year=year, reviewed_on=DAY, grade=grade, findings="按合同履约"
    )


def test_a_second_contract_evaluation_of_the_same_year_is_refused_in_chinese(project):
    review(project)

    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        review(project, grade=EvaluationGrade.GOOD)

    assert refused.value.message_dict["year"] == ["购买主体已对该项目2022年度的合同履约情况作出评价。"]
    assert PerformanceReview.objects.count() == 1


def test_a_contract_evaluation_outside_the_term_is_refused(project):
    with pytest.raises(ValidationError) as refused:
        review(project, year=2030)

    assert list(refused.value.message_dict) == ["year"]


def test_an_excellent_result_earns_a_renewal_reward_a_good_one_does_not(project):
    excellent = review(project)
    good = review(project, grade=EvaluationGrade.GOOD, year=2023)

    reward = services.renewal_reward_grant(actor=None, project=project, granted_on=DAY, review=excellent)
    with pytest.raises(ValidationError):
        services.renewal_reward_grant(actor=None, project=project, granted_on=DAY, review=good)
    with pytest.raises(ValidationError):  # the same result twice
        services.renewal_reward_grant(actor=None, project=project, granted_on=DAY, review=excellent)

    assert reward.basis == RewardBasis.CONTRACT_EVALUATION
    assert RenewalReward.objects.count() == 1


def test_an_excellent_acceptance_earns_a_reward_by_acceptance(project):
    acceptance = Evaluation.objects.create(
        project=project,
        kind=EvaluationKind.ACCEPTANCE,
        period=1,
        evaluated_on=DAY,
        grade=EvaluationGrade.EXCELLENT,
    )

    reward = services.renewal_reward_grant(actor=None, project=project, granted_on=DAY, evaluation=acceptance)

    assert reward.basis == RewardBasis.ACCEPTANCE


def test_a_result_of_another_project_earns_nothing(project, divisions):
    other = review(ProjectFactory(purchaser_division=divisions["370102"]))

    with pytest.raises(ValidationError):
        services.renewal_reward_grant(actor=None, project=project, granted_on=DAY, review=other)

    assert RenewalReward.objects.count() == 0


def test_the_continuation_decision_shows_rewards_and_contract_evaluations(client, lixia_officer, divisions):
    committee = ReviewCommitteeFactory(library__division=divisions["370102"])
    project = ProjectFactory(purchaser_division=divisions["370102"])
    from shegong.procurement.models import LibraryEntry, LibraryEntryRoute, MeetingItem

    LibraryEntry.objects.create(
        library=committee.library, project=project, route=LibraryEntryRoute.COMMITTEE, entered_on=DAY
    )
    excellent = review(project)
    services.renewal_reward_grant(actor=None, project=project, granted_on=DAY, review=excellent)
    application = ContinuationApplicationFactory(project=project)
    meeting = CommitteeMeetingFactory(committee=committee)
    MeetingItem.objects.create(
        meeting=meeting, project=project, kind=ItemKind.CONTINUATION, application=application
    )
    client.force_login(lixia_officer)

    response = client.get(
        reverse("procurement:meeting-detail", args=[meeting.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    text = response.content.decode()
    assert 'data-testid="item-rewards"' in text
    assert str(RewardBasis.CONTRACT_EVALUATION.label) in text or "合同履约评价优秀" in text
    assert "2022: 优秀" in text


def test_contract_evaluation_page_records_and_refuses_duplicates(client, lixia_officer, project):
    client.force_login(lixia_officer)
    url = reverse("procurement:performance-review-create", args=[project.pk])
    data = {"year": 2022, "reviewed_on": "2023-01-10", "grade": "good", "findings": "基本履约"}

    first = client.post(url, data)
    second = client.post(url, data, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert first.status_code == 302
    assert second.status_code == 400
    assert PerformanceReview.objects.count() == 1


# Public results (SZ-16a) ---------------------------------------------------------------------------


def test_the_public_page_shows_only_published_results(client, project, lixia_officer):
    shown = Evaluation.objects.create(
        project=project,
        kind=EvaluationKind.PERFORMANCE,
        period=1,
        evaluated_on=DAY,
        grade="good",
        evaluator="张评估员",
    )
    hidden_project = ProjectFactory(name="未公开结果的项目", purchaser_division=project.purchaser_division)
    Evaluation.objects.create(
        project=hidden_project, kind=EvaluationKind.PERFORMANCE, period=1, evaluated_on=DAY, grade="good"
    )
    services.evaluation_publish(actor=lixia_officer, evaluation=shown, published_on=DAY)

    response = client.get(reverse("procurement:public-evaluations"))

    text = response.content.decode()
    assert response.status_code == 200
    assert project.name in text and "未公开结果的项目" not in text
    assert "张评估员" not in text


def test_publishing_a_result_twice_is_refused(project, lixia_officer):
    evaluation = Evaluation.objects.create(
        project=project, kind=EvaluationKind.PERFORMANCE, period=1, evaluated_on=DAY, grade="good"
    )
    services.evaluation_publish(actor=lixia_officer, evaluation=evaluation, published_on=DAY)

    with pytest.raises(ValidationError):
        services.evaluation_publish(actor=lixia_officer, evaluation=evaluation, published_on=DAY)


# Excel of projects and budgets -------------------------------------------------------------------


def workbook(sheet, rows) -> bytes:
    book = Workbook()
    first = book.active
    first.append([str(label) for _key, label in sheet.columns])
    for row in rows:
        first.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def project_row(name, division="370102", provider="", headcount=10, professional=8):
    return [
        name,
        division,
        "",
        "历下区民政局",
        provider,
        "",
        "community_building",
        headcount,
        professional,
        "2022-01-01",
        "2024-12-31",
        "",
        "需求调研",
        "",
        "",
        "",
    ]


def test_projects_import_all_or_nothing(lixia_officer, divisions):
    provider = OrganizationFactory(division=divisions["370102"])
    good = workbook(PROJECT_SHEET, [project_row("甲项目", provider=provider.uscc), project_row("乙项目")])
    bad = workbook(
        PROJECT_SHEET,
        [project_row("丙项目"), project_row("丁项目", division="370112", headcount=5, professional=6)],
    )

    assert projects_import(actor=lixia_officer, content=good).ok
    with translation.override("zh-hans"):
        result = projects_import(actor=lixia_officer, content=bad)

    assert sorted(Project.objects.values_list("name", flat=True)) == ["乙项目", "甲项目"]
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "purchaser_division"),
        (3, "professional_posts"),
    ]


def test_budgets_import_names_row_and_column_and_saves_nothing_on_error(lixia_officer, divisions, project):
    other = ProjectFactory(purchaser_division=divisions["370112"])
    lines = [1445000, 42000, 100000, 60000, 33000, 20000, 10, 120]
    content = workbook(
        BUDGET_SHEET,
        [
            [project.pk, 2022, *lines],
            [project.pk, 2022, *lines],
            [other.pk, 2022, *lines],
            [project.pk, 2023, "x", *lines[1:]],
        ],
    )

    result = budgets_import(actor=lixia_officer, content=content)

    assert ProjectBudget.objects.count() == 0
    assert [(e.row, e.column) for e in result.errors] == [(3, "year"), (4, "project"), (5, "labour_cost")]
    ok = budgets_import(actor=lixia_officer, content=workbook(BUDGET_SHEET, [[project.pk, 2022, *lines]]))
    assert ok.ok and ProjectBudget.objects.get().total == Decimal("1700000")


def test_exports_hold_only_projects_in_scope(client, lixia_officer, divisions, project):
    ProjectFactory(name="历城项目", purchaser_division=divisions["370112"])
    client.force_login(lixia_officer)

    sheet = load_workbook(io.BytesIO(client.get(reverse("procurement:project-export")).content)).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row]
    budgets = client.get(reverse("procurement:budget-export"))

    assert project.name in values and "历城项目" not in values
    assert budgets.status_code == 200


def test_the_contract_evaluation_api_records_and_refuses_a_duplicate(client, lixia_officer, project):
    client.force_login(lixia_officer)
    url = reverse("api:performance-review-list")
    body = {"project": project.pk, "year": 2022, "reviewed_on": "2023-01-10", "grade": "excellent"}

    first = client.post(url, body)
    second = client.post(url, body, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert first.status_code == 201
    assert second.status_code == 400
    assert "2022" in second.json()["detail"]
    assert client.get(url, {"project": project.pk}).json()["count"] == 1


def test_the_providers_page_shows_its_contract_evaluations_and_rewards(client, lixia_officer, divisions):
    provider = OrganizationFactory(division=divisions["370102"])
    project = ProjectFactory(purchaser_division=divisions["370102"], provider=provider)
    excellent = review(project)
    services.renewal_reward_grant(actor=None, project=project, granted_on=DAY, review=excellent)
    client.force_login(lixia_officer)

    response = client.get(
        reverse("organizations:organization-detail", args=[provider.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    record = response.context["provider_record"]
    assert [r.year for r in record["reviews"]] == [2022]
    assert record["rewards"] == 1
    assert "已获得 1 项合同续期奖励" in response.content.decode()
