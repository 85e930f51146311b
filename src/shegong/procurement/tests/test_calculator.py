"""The budget calculator: its minimum budget passes every budget rule; one yuan less fails exactly one."""

import datetime
import shutil
from decimal import Decimal

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.utils import translation

from shegong.policy import library as policy_library
from shegong.policy.engine import evaluate_rule, get_rule
from shegong.procurement.calculator import budget_minimum
from shegong.procurement.domains import ServiceDomain
from shegong.procurement.models import ProjectBudget
from shegong.procurement.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

BUDGET_RULES = ["SZ-06b", "SZ-13b", "SZ-13c", "SZ-13d"]
ON = datetime.date(2022, 3, 1)


def findings_for(estimate, division, *, less: Decimal = Decimal("0")):
    """Feed the estimate back as a project and budget; return the SPEC IDs of the budget findings."""
    project = ProjectFactory(
        purchaser_division=division,
        domain=estimate.domain,
        headcount=estimate.posts,
        professional_posts=estimate.professional_posts,
        starts_on=estimate.on,
        ends_on=datetime.date(estimate.on.year + 2, 12, 31),
    )
    lines = estimate.budget_lines()
    lines["activity_cost"] -= less
    budget = ProjectBudget.objects.create(project=project, year=estimate.on.year, **lines)
    assert budget.assessed_on == estimate.on
    found = []
    for spec_id in BUDGET_RULES:
        result = evaluate_rule(
            get_rule(spec_id), as_of=budget.assessed_on, subjects=ProjectBudget.objects.all()
        )
        found += [spec_id for _ in result.violations]
    return found


@pytest.mark.parametrize(
    ("posts", "professional", "domain", "months"),
    [
        (10, 8, ServiceDomain.COMMUNITY_BUILDING, 12),
        (10, 8, ServiceDomain.MENTAL_HEALTH, 12),
        (7, 6, ServiceDomain.SOCIAL_ASSISTANCE, 12),
        (3, 3, ServiceDomain.CORRECTIONS, 6),
        (25, 20, ServiceDomain.CHARITY, 12),
    ],
)
def test_minimum_budget_yields_no_finding_and_one_yuan_less_yields_one(
    divisions, posts, professional, domain, months
):
    estimate = budget_minimum(
        posts=posts,
        professional_posts=professional,
        domain=domain,
        division_code="440304",
        on=ON,
        months=months,
    )

    assert findings_for(estimate, divisions["440304"]) == []
    ProjectBudget.objects.all().delete()
    assert findings_for(estimate, divisions["440304"], less=Decimal("1")) == ["SZ-13d"]


def test_breakdown_of_ten_posts_in_community_building(divisions):
    estimate = budget_minimum(
        posts=10, professional_posts=8, domain=ServiceDomain.COMMUNITY_BUILDING, division_code="440304", on=ON
    )

    assert estimate.total == Decimal("1630000")
    assert estimate.person_years == Decimal("10.00")
    assert estimate.labour_min == Decimal("1385500.00")
    assert estimate.supervision_min == Decimal("42000")
    assert estimate.other_lines_max == Decimal("202500.00")
    assert estimate.professional_posts_min == 8
    with translation.override("zh-hans"):
        rows = [(str(f.label), f.clause, str(f.working)) for f in estimate.figures]
    assert rows == [
        ("整体打包费最低标准", "（十三）", "每人每年 163,000 元 × 10.00 人年"),
        ("督导经费", "（六）", "350 元 × 120 受督导人月（10 个岗位 × 12 个月）"),
        ("最低预算总额", "（十三）", "整体打包费最低标准"),
        ("人力成本下限", "（十三）", "85% × 1,630,000 元"),
        ("社会工作专业岗位下限", "（十三）", "10 个岗位的 80%，向上取整"),
    ]
    assert "16.3万元/人/年" in estimate.figures[0].clause_text
    assert "350元" in estimate.figures[1].clause_text


def test_high_risk_domain_uses_the_higher_floor(divisions):
    estimate = budget_minimum(
        posts=10, professional_posts=8, domain=ServiceDomain.MENTAL_HEALTH, division_code="440304", on=ON
    )

    assert estimate.total == Decimal("1690000")


def test_professional_posts_below_80_percent_are_reported(divisions):
    estimate = budget_minimum(
        posts=10, professional_posts=5, domain=ServiceDomain.CHARITY, division_code="440304", on=ON
    )

    assert estimate.professional_posts_min == 8
    assert estimate.professional_posts_short == 3


@pytest.fixture
def futian_floor(tmp_path, monkeypatch):
    """A copy of the policy library where Futian sets its own floor of 170,000 from 2022-01-01."""
    root = tmp_path / "documents"
    shutil.copytree(policy_library.DOCUMENTS_ROOT, root)
    (root / "shenzhen-2020-measures" / "overrides.yaml").write_text(
        yaml.safe_dump(
            {
                "overrides": {
                    "package_fee_floor": [
                        {
                            "division": "440304",
                            "division_name": "福田区",
                            "source": "《福田区社会工作服务打包标准》（测试）",
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
    import shegong.procurement.calculator as calculator_module

    monkeypatch.setattr(calculator_module, "load_library", lambda: loaded)
    return loaded


def test_district_floor_applies_inside_the_district_and_the_acceptance_still_holds(divisions, futian_floor):
    estimate = budget_minimum(
        posts=10,
        professional_posts=8,
        domain=ServiceDomain.COMMUNITY_BUILDING,
        division_code="440304001",
        on=ON,
    )
    luohu = budget_minimum(
        posts=10, professional_posts=8, domain=ServiceDomain.COMMUNITY_BUILDING, division_code="440303", on=ON
    )

    assert estimate.total == Decimal("1700000")
    assert estimate.figures[0].source == "《福田区社会工作服务打包标准》（测试）"
    assert luohu.total == Decimal("1630000")
    assert findings_for(estimate, divisions["440304001"]) == []
    ProjectBudget.objects.all().delete()
    assert findings_for(estimate, divisions["440304001"], less=Decimal("1")) == ["SZ-13d"]


def test_outside_shenzhen_is_refused_naming_the_field(divisions):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        budget_minimum(
            posts=10, professional_posts=8, domain=ServiceDomain.CHARITY, division_code="370102", on=ON
        )

    assert exc.value.message_dict["division"] == [
        "《深圳市关于提升社会工作服务水平的若干措施》的预算标准只适用于深圳市的区划。"
    ]


def test_after_the_measures_lapsed_there_is_no_standard(divisions):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        budget_minimum(
            posts=10,
            professional_posts=8,
            domain=ServiceDomain.CHARITY,
            division_code="440304",
            on=datetime.date(2025, 11, 12),
        )

    assert "on" in exc.value.message_dict
    assert exc.value.message_dict["on"][0].startswith("该日期没有适用的预算标准：")


def test_supervision_can_raise_the_total_above_the_floor(divisions, tmp_path, monkeypatch):
    """With a high supervision rate the total rises until supervision fits in the 15 % of other costs."""
    root = tmp_path / "documents"
    shutil.copytree(policy_library.DOCUMENTS_ROOT, root)
    path = root / "shenzhen-2020-measures" / "parameters.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("{value: 350,", "{value: 3000,"), encoding="utf-8"
    )
    loaded = policy_library.load_library_from(root)
    monkeypatch.setattr(policy_library, "load_library", lambda: loaded)
    import shegong.procurement.calculator as calculator_module

    monkeypatch.setattr(calculator_module, "load_library", lambda: loaded)

    estimate = budget_minimum(
        posts=10, professional_posts=8, domain=ServiceDomain.CHARITY, division_code="440304", on=ON
    )

    assert estimate.supervision_min == Decimal("360000")
    assert estimate.total == Decimal("2400000")  # 360,000 / 15 %
    assert estimate.labour_min == Decimal("2040000.00")
    assert estimate.other_lines_max == Decimal("0.00")
    assert findings_for(estimate, divisions["440304"]) == []
