"""SZ-06a: posts by rank costed from the salary guide; the budget calculator uses the same guide."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from shegong.policy.engine import evaluate_rule, get_rule
from shegong.procurement import calculator, services
from shegong.procurement.domains import ServiceDomain
from shegong.procurement.models import ProjectBudget
from shegong.procurement.selectors import budget_check
from shegong.procurement.tests.factories import ProjectBudgetFactory, ProjectFactory, budget_with
from shegong.workforce.models import Rank
from shegong.workforce.tests.factories import guide_with

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2022, 6, 30)
DOMAIN = ServiceDomain.COMMUNITY_BUILDING


@pytest.fixture
def guide(divisions):
    return guide_with(
        divisions["4403"],
        {
            (Rank.SOCIAL_WORKER, DOMAIN): "9000",
            (Rank.ASSISTANT, DOMAIN): "7000",
            (Rank.SUPERVISOR, DOMAIN): "15000",
        },
        effective_from=datetime.date(2021, 1, 1),
    )


def project_with_posts(divisions, posts):
    project = ProjectFactory(purchaser_division=divisions["440304"], domain=DOMAIN)
    services.project_posts_set(actor=None, project=project, posts=posts)
    return project


POSTS = [
    {"rank": Rank.SOCIAL_WORKER, "count": 6, "professional": True},
    {"rank": Rank.ASSISTANT, "count": 2, "professional": True},
    {"rank": Rank.ASSISTANT, "count": 2, "professional": False},
]
# 12 months each: 6 × 9000 × 12 + 4 × 7000 × 12 = 648,000 + 336,000
GUIDE_LABOUR = Decimal("984000")


def test_posts_set_the_headcount_and_professional_posts(divisions):
    project = project_with_posts(divisions, POSTS)

    project.refresh_from_db()
    assert (project.headcount, project.professional_posts) == (10, 8)
    assert project.post_ranks


@pytest.mark.parametrize(("labour", "fires"), [(GUIDE_LABOUR, False), (GUIDE_LABOUR - Decimal("0.01"), True)])
def test_labour_must_cover_the_posts_at_the_guide(divisions, guide, labour, fires):
    project = project_with_posts(divisions, POSTS)
    ProjectBudgetFactory(project=project, labour_cost=labour, person_years=Decimal("10"))

    found = evaluate_rule(get_rule("SZ-06a"), as_of=AS_OF).violations

    assert bool(found) is fires
    if fires:
        assert found[0].threshold == GUIDE_LABOUR


def test_no_posts_or_no_guide_is_not_judged(divisions):
    ProjectBudgetFactory(
        project=ProjectFactory(purchaser_division=divisions["440304"]), labour_cost=Decimal("1")
    )
    project_with_posts(divisions, POSTS)  # no guide in force

    assert evaluate_rule(get_rule("SZ-06a"), as_of=AS_OF).violations == []


def test_a_guide_not_yet_in_force_is_not_used(divisions, guide):
    project = project_with_posts(divisions, POSTS)
    ProjectBudgetFactory(project=project, year=2022, labour_cost=Decimal("1000"))

    assert evaluate_rule(get_rule("SZ-06a"), as_of=datetime.date(2020, 12, 31)).violations == []
    assert len(evaluate_rule(get_rule("SZ-06a"), as_of=datetime.date(2021, 1, 1)).violations) == 1


def test_posts_with_an_unknown_rank_or_none_at_all_are_refused(divisions):
    project = ProjectFactory(purchaser_division=divisions["440304"])

    with pytest.raises(ValidationError):
        services.project_posts_set(actor=None, project=project, posts=[])
    with pytest.raises(ValidationError):
        services.project_posts_set(actor=None, project=project, posts=[{"rank": "general", "count": 3}])

    assert project.posts.count() == 0


# The calculator with the guide ----------------------------------------------------------------------


def estimate(ranks, **kwargs):
    fields = {
        "posts": sum(ranks.values()),
        "professional_posts": sum(ranks.values()),
        "domain": DOMAIN,
        "division_code": "440304",
        "on": datetime.date(2022, 1, 1),
        "ranks": ranks,
    }
    fields.update(kwargs)
    return calculator.budget_minimum(**fields)


def test_expensive_posts_raise_the_minimum_above_the_package_fee(guide):
    result = estimate({Rank.SUPERVISOR: 10})  # 10 × 15,000 × 12 = 1,800,000, plus 42,000 supervision

    assert result.guide_labour == Decimal("1800000")
    assert result.labour_min == Decimal("1800000")
    assert result.total == Decimal("1842000")
    assert any("（六）" in figure.clause for figure in result.figures)


def test_the_calculators_minimum_with_the_guide_passes_and_one_yuan_less_fails(divisions, guide):
    result = estimate({Rank.SUPERVISOR: 10})
    project = project_with_posts(divisions, [{"rank": Rank.SUPERVISOR, "count": 10, "professional": True}])
    budget = ProjectBudget.objects.create(project=project, year=2022, **result.budget_lines())

    assert budget_check(budget=budget).breaches == []

    budget.labour_cost -= 1
    budget.save()
    [breach] = budget_check(budget=budget).breaches
    assert breach.spec_id == "SZ-06a"
    assert "附件2" in breach.clause_text or "薪酬" in breach.clause_text


def test_ranks_that_do_not_add_up_or_lack_a_guide_pay_are_refused(guide):
    with pytest.raises(ValidationError) as wrong_sum:
        estimate({Rank.SOCIAL_WORKER: 3}, posts=5)
    with pytest.raises(ValidationError) as no_pay:
        estimate({Rank.SENIOR_SUPERVISOR: 2})

    assert "posts" in wrong_sum.value.message_dict
    assert "posts" in no_pay.value.message_dict


def test_the_calculator_page_shows_the_guide_figure(client, lixia_officer, divisions, guide):
    client.force_login(lixia_officer)

    response = client.get(
        reverse("procurement:budget-calculator"),
        {
            "posts": 10,
            "professional_posts": 10,
            "domain": DOMAIN,
            "division": "440304",
            "on": "2022-01-01",
            "months": 12,
            "rank_supervisor": 10,
        },
    )

    assert response.status_code == 200
    assert response.context["estimate"].guide_labour == Decimal("1800000")


def test_without_ranks_the_calculator_is_unchanged(guide):
    plain = calculator.budget_minimum(
        posts=10, professional_posts=8, domain=DOMAIN, division_code="440304", on=datetime.date(2022, 1, 1)
    )

    assert plain.total == Decimal("1630000")
    assert plain.guide_labour == 0


def test_a_compliant_budget_of_the_old_example_stays_compliant(divisions, guide):
    project = project_with_posts(divisions, POSTS)
    budget = ProjectBudgetFactory(project=project, **budget_with(Decimal("1700000"), Decimal("0.9")))

    assert budget_check(budget=budget).breaches == []
