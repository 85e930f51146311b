"""Fund supervision (SZ-15c): the payment ledger import and the rule on large cash payments and
management fees drawn above the budget line."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from shegong.common.models import AuditEntry
from shegong.policy.engine import RuleResult, evaluate_rule, get_rule
from shegong.policy.scanning import rows_for
from shegong.procurement import services
from shegong.procurement.models import Payment
from shegong.procurement.spreadsheets import LEDGER_SHEET, payments_import
from shegong.procurement.tests.factories import ProjectBudgetFactory, ProjectFactory

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2022, 6, 30)
THRESHOLD = Decimal("50000")


@pytest.fixture
def budget(divisions):
    project = ProjectFactory(purchaser_division=divisions["440304"])
    return ProjectBudgetFactory(project=project, year=2022, management_cost=Decimal("60000"))


def pay(budget, amount, *, method="cash", category="activity", paid_on=datetime.date(2022, 3, 1)):
    return services.payment_record(
        actor=None,
        project=budget.project,
        paid_on=paid_on,
        payee="某某供应商",
        amount=Decimal(amount),
        category=category,
        method=method,
    )


def violations(as_of=AS_OF):
    return evaluate_rule(get_rule("SZ-15c"), as_of=as_of).violations


@pytest.mark.parametrize(
    ("amount", "method", "fires"),
    [
        (THRESHOLD - 1, "cash", False),  # one yuan below the threshold
        (THRESHOLD, "cash", True),  # at the threshold (含5万元)
        (THRESHOLD * 3, "transfer", False),  # a large transfer is not cash
    ],
)
def test_large_cash_payment_threshold(budget, amount, method, fires):
    pay(budget, amount, method=method)

    assert bool(violations()) is fires


@pytest.mark.parametrize(("drawn", "fires"), [("60000", False), ("60000.01", True)])
def test_management_fees_above_the_budget_line(budget, drawn, fires):
    pay(budget, drawn, method="transfer", category="management")

    assert bool(violations()) is fires


def test_payments_of_another_year_do_not_count(budget):
    pay(budget, THRESHOLD, paid_on=datetime.date(2021, 12, 31))

    assert violations() == []


def test_the_finding_cites_the_clause_and_the_threshold_in_chinese(budget):
    pay(budget, "80000")
    pay(budget, "70000", method="transfer", category="management")

    [violation] = violations()
    [row] = rows_for(RuleResult(rule=get_rule("SZ-15c"), in_force=True, violations=[violation], checked=None))

    assert violation.threshold == THRESHOLD and violation.measured == Decimal("80000")
    assert violation.parameters == {"large_cash_payment_threshold": THRESHOLD}
    assert "（十五）" in row.explanation_zh and "50,000" in row.explanation_zh
    assert "70,000" in row.explanation_zh and "60,000" in row.explanation_zh


def test_the_rule_does_not_apply_outside_shenzhen_or_after_the_measures_lapse(divisions, budget):
    jinan = ProjectBudgetFactory(project=ProjectFactory(purchaser_division=divisions["370102"]), year=2022)
    pay(jinan, "90000")
    pay(budget, "90000")

    assert [v.subject for v in violations()] == [budget]
    assert evaluate_rule(get_rule("SZ-15c"), as_of=datetime.date(2025, 11, 12)).in_force is False


def test_the_rule_costs_the_same_queries_for_1_and_10_budgets(divisions, django_assert_num_queries):
    def run():
        return evaluate_rule(get_rule("SZ-15c"), as_of=AS_OF).violations

    first = ProjectBudgetFactory(project=ProjectFactory(purchaser_division=divisions["440304"]), year=2022)
    pay(first, "90000")
    with django_assert_num_queries(2) as one:
        assert len(run()) == 1
    for _n in range(9):
        other = ProjectBudgetFactory(
            project=ProjectFactory(purchaser_division=divisions["440304"]), year=2022
        )
        pay(other, "90000")
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(run()) == 10


# Ledger import -------------------------------------------------------------------------------------


def workbook(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append([str(label) for _key, label in LEDGER_SHEET.columns])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_clean_ledger_is_imported_and_audited(budget):
    content = workbook(
        [
            ["2022-03-01", "张三工资", 8000, "人力成本", "银行转账", "PZ-001"],
            [datetime.date(2022, 3, 5), "文具店", "1,200.50", "activity", "现金", ""],
        ]
    )

    result = payments_import(actor=None, project=budget.project, content=content)

    assert result.ok
    assert sorted(Payment.objects.values_list("amount", "method")) == [
        (Decimal("1200.50"), "cash"),
        (Decimal("8000.00"), "transfer"),
    ]
    assert AuditEntry.objects.filter(action="import", object_type="procurement.payment").count() == 1


def test_one_bad_row_imports_nothing_and_names_row_and_column_in_chinese(budget):
    content = workbook(
        [
            ["2022-03-01", "张三工资", 8000, "人力成本", "银行转账", ""],
            ["2030-01-01", "", -5, "吃喝", "支票", ""],
            ["昨天", "某店", "abc", "管理费", "现金", ""],
        ]
    )

    with translation.override("zh-hans"):
        result = payments_import(actor=None, project=budget.project, content=content)
        messages = [str(error) for error in result.errors]

    assert Payment.objects.count() == 0
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "paid_on"),
        (3, "payee"),
        (3, "amount"),
        (3, "category"),
        (3, "method"),
        (4, "paid_on"),
        (4, "amount"),
    ]
    assert messages[1] == "第 3 行 B 列（收款方）：此项必填。"
    assert messages[2] == "第 3 行 C 列（金额（元））：金额必须大于零。"


def test_the_import_page_and_the_template(client, lixia_officer, divisions):
    project = ProjectFactory(purchaser_division=divisions["370102"])
    client.force_login(lixia_officer)

    template = client.get(reverse("procurement:payment-template"))
    upload = SimpleUploadedFile(
        "ledger.xlsx", workbook([["2022-03-01", "某店", 100, "activity", "cash", ""]])
    )
    response = client.post(reverse("procurement:payment-import", args=[project.pk]), {"file": upload})

    assert load_workbook(io.BytesIO(template.content)).active["A1"].value
    assert response.status_code == 302
    assert Payment.objects.filter(project=project).count() == 1
