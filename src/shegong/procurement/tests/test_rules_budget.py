"""Budget rules of purchased projects (SZ-13b, SZ-13c, SZ-13d, SZ-06b): thresholds, dates, overrides."""

import datetime
import shutil
from decimal import Decimal

import pytest
import yaml

from shegong.policy import library as policy_library
from shegong.policy.engine import evaluate_rule, get_rule
from shegong.procurement.domains import ServiceDomain
from shegong.procurement.tests.factories import ProjectBudgetFactory, ProjectFactory, budget_with

pytestmark = pytest.mark.django_db

IN_FORCE = datetime.date(2022, 6, 30)
FUTIAN = "440304"


@pytest.fixture
def futian(divisions):
    return divisions[FUTIAN]


def budget(division, *, domain=ServiceDomain.COMMUNITY_BUILDING, headcount=10, professional_posts=8, **lines):
    project = ProjectFactory(
        purchaser_division=division, domain=domain, headcount=headcount, professional_posts=professional_posts
    )
    return ProjectBudgetFactory(project=project, **lines)


def violations(spec_id, as_of=IN_FORCE):
    return evaluate_rule(get_rule(spec_id), as_of=as_of).violations


# SZ-13c ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("labour_share", "fires"),
    [(Decimal("0.85"), False), (Decimal("0.849"), True), (Decimal("0.90"), False), (Decimal("0.5"), True)],
)
def test_labour_share_threshold(futian, labour_share, fires):
    budget(futian, **budget_with(Decimal("1700000"), labour_share))

    assert bool(violations("SZ-13c")) is fires


def test_labour_share_below_85_percent_is_explained_with_the_clause(futian):
    item = budget(futian, **budget_with(Decimal("1000000"), Decimal("0.849")))

    [violation] = violations("SZ-13c")
    from shegong.policy.engine import RuleResult
    from shegong.policy.scanning import rows_for

    [row] = rows_for(RuleResult(rule=get_rule("SZ-13c"), in_force=True, violations=[violation], checked=None))
    assert violation.subject == item
    assert violation.measured == Decimal("0.8490")
    assert violation.threshold == Decimal("0.85")
    assert row.explanation_zh == (
        "人力成本占比 84.9%，低于《深圳市关于提升社会工作服务水平的若干措施》第（十三）条规定的 85%。"
    )
    assert "84.9%" in row.explanation_en and "(十三)" in row.explanation_en


# SZ-13b ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headcount", "professional", "fires"), [(10, 8, False), (10, 7, True), (5, 4, False), (1000, 799, True)]
)
def test_professional_post_share(futian, headcount, professional, fires):
    budget(futian, headcount=headcount, professional_posts=professional)

    assert bool(violations("SZ-13b")) is fires


# SZ-13d ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("domain", "total", "fires"),
    [
        (ServiceDomain.COMMUNITY_BUILDING, Decimal("1630000"), False),  # exactly 163,000 per person-year
        (ServiceDomain.COMMUNITY_BUILDING, Decimal("1629999.90"), True),  # 162,999.99
        (ServiceDomain.MENTAL_HEALTH, Decimal("1690000"), False),  # high-risk floor 169,000 met
        (ServiceDomain.MENTAL_HEALTH, Decimal("1689999.90"), True),
        (ServiceDomain.MENTAL_HEALTH, Decimal("1650000"), True),  # above the normal floor, below high-risk
    ],
)
def test_package_fee_floor(futian, domain, total, fires):
    budget(futian, domain=domain, person_years=Decimal("10"), **budget_with(total, Decimal("0.9")))

    assert bool(violations("SZ-13d")) is fires


@pytest.fixture
def futian_override(tmp_path, monkeypatch):
    """A copy of the policy library where Futian district sets its floor to 170,000 from 2022-01-01."""
    root = tmp_path / "documents"
    shutil.copytree(policy_library.DOCUMENTS_ROOT, root)
    path = root / "shenzhen-2020-measures" / "overrides.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "overrides": {
                    "package_fee_floor": [
                        {
                            "division": FUTIAN,
                            "division_name": "福田区",
                            "source": "测试用区级标准",
                            "values": {datetime.date(2022, 1, 1): {"value": 170000}},
                        }
                    ]
                }
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    loaded = policy_library.load_library_from(root)
    monkeypatch.setattr(policy_library, "load_library", lambda: loaded)
    return loaded


def test_district_override_changes_results_only_inside_that_district(divisions, futian_override):
    from shegong.geo.tests.factories import make_division

    luohu = make_division("440303", "罗湖区")
    inside = budget(
        divisions[FUTIAN], person_years=Decimal("10"), **budget_with(Decimal("1650000"), Decimal("0.9"))
    )
    budget(luohu, person_years=Decimal("10"), **budget_with(Decimal("1650000"), Decimal("0.9")))

    found = violations("SZ-13d")

    assert [v.subject for v in found] == [inside]
    assert found[0].threshold == Decimal("170000")
    assert violations("SZ-13d", as_of=datetime.date(2021, 12, 31)) == []  # before the override starts


# SZ-06b ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("supervision", "fires"), [(Decimal("42000"), False), (Decimal("41999.99"), True)])
def test_supervision_funding_350_per_worker_month(futian, supervision, fires):
    budget(
        futian,
        supervised_worker_months=120,
        **budget_with(Decimal("1700000"), Decimal("0.85"), supervision_cost=supervision),
    )

    assert bool(violations("SZ-06b")) is fires


# Dates and jurisdiction -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "fires"),
    [
        (datetime.date(2020, 11, 11), False),  # the day before the measures took effect
        (datetime.date(2020, 11, 12), True),
        (datetime.date(2025, 11, 11), True),  # last day in force
        (datetime.date(2025, 11, 12), False),  # lapsed
        (datetime.date(2026, 11, 23), False),
    ],
)
@pytest.mark.parametrize("spec_id", ["SZ-13b", "SZ-13c", "SZ-13d", "SZ-06b"])
def test_shenzhen_rules_fire_only_while_the_measures_are_in_force(futian, spec_id, as_of, fires):
    budget(
        futian,
        headcount=10,
        professional_posts=1,
        supervised_worker_months=1000,
        **budget_with(Decimal("100000"), Decimal("0.5")),
    )

    assert bool(violations(spec_id, as_of=as_of)) is fires


def test_shenzhen_rules_ignore_projects_outside_shenzhen(divisions):
    budget(
        divisions["370102"],
        headcount=10,
        professional_posts=1,
        **budget_with(Decimal("100000"), Decimal("0.5")),
    )

    for spec_id in ["SZ-13b", "SZ-13c", "SZ-13d", "SZ-06b"]:
        assert violations(spec_id) == []


@pytest.mark.parametrize("rows", [10, 1000])
def test_query_count_does_not_depend_on_the_number_of_subjects(futian, rows, django_assert_num_queries):
    project = ProjectFactory(purchaser_division=futian, headcount=10, professional_posts=1)
    from shegong.procurement.models import ProjectBudget

    lines = budget_with(Decimal("100000"), Decimal("0.5"))
    ProjectBudget.objects.bulk_create(
        [
            ProjectBudget(
                project=project,
                year=1000 + i,
                person_years=Decimal("1"),
                supervised_worker_months=100,
                **lines,
            )
            for i in range(rows)
        ]
    )

    with django_assert_num_queries(4):
        counts = [len(violations(spec_id)) for spec_id in ["SZ-13b", "SZ-13c", "SZ-13d", "SZ-06b"]]

    assert counts == [rows] * 4
