"""Excel in and out for purchased projects: the payment ledger (SZ-15c), projects and budgets.

Same pattern as the registry: a template, an all-or-nothing import whose errors name row and column in
Chinese, an export of the filtered list (helpers in organizations/spreadsheets.py and common/excel.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shegong.accounts.scoping import scope_queryset
from shegong.common.excel import build_workbook
from shegong.geo.models import Division
from shegong.organizations.models import Organization
from shegong.organizations.spreadsheets import (
    Cells,
    ImportResult,
    Sheet,
    read_sheet,
    save_all,
    sort_errors,
    template,
)
from shegong.policy.coverage import implements
from shegong.workforce.spreadsheets import UNKNOWN_DIVISION

from . import services
from .domains import ServiceDomain
from .models import PaymentCategory, PaymentMethod, Programme, Project, ProjectBudget, PurchaserKind

# Payment ledger (SZ-15c) ---------------------------------------------------------------------------

LEDGER_SHEET = Sheet(
    title=_("Payment ledger"),
    columns=(
        ("paid_on", _("Paid on")),
        ("payee", _("Payee")),
        ("amount", _("Amount (yuan)")),
        ("category", _("Budget line")),
        ("method", _("Payment method")),
        ("voucher", _("Voucher number")),
    ),
    instructions=(
        _("Fill one payment of this project per row on the first sheet, from row 2; keep the header row."),
        _("Required: date, payee, amount, budget line, payment method. Dates as 2024-03-01."),
        _(
            "Budget lines: labour cost / supervision / activities / management / insurance and tax / training."
        ),
        _("Payment methods: Cash / Bank transfer / Other."),
    ),
)
PAID_OUTSIDE_TERM = _("The payment date lies outside the project's term (%(start)s–%(end)s).")


def ledger_template() -> bytes:
    return template(LEDGER_SHEET)


@implements("SZ-15c", kind="flow")
def payments_import(*, actor, project: Project, content: bytes) -> ImportResult:
    """Import a project's payment ledger: every row checked, then all saved or none (SZ-15c)."""
    sheet = LEDGER_SHEET
    rows, errors = read_sheet(sheet, content)
    if errors:
        return ImportResult(errors=errors)
    cleaned = []
    for number, row in rows:
        cells = Cells(sheet, number, row, errors)
        out = {
            "row": number,
            "paid_on": cells.date("paid_on", required=True),
            "payee": cells.text("payee", required=True),
            "amount": cells.decimal("amount", positive=True),
            "category": cells.choice("category", PaymentCategory),
            "method": cells.choice("method", PaymentMethod),
            "voucher": cells.text("voucher"),
        }
        paid_on = out["paid_on"]
        if paid_on and not project.starts_on <= paid_on <= project.ends_on:
            cells.error(
                "paid_on", gettext(PAID_OUTSIDE_TERM) % {"start": project.starts_on, "end": project.ends_on}
            )
        cleaned.append(out)
    if errors:
        return ImportResult(errors=sort_errors(sheet, errors))
    return save_all(
        actor=actor,
        sheet=sheet,
        cleaned=cleaned,
        save=lambda row: services.payment_record(
            actor=actor, project=project, **{k: v for k, v in row.items() if k != "row"}
        ),
        object_type="procurement.payment",
        summary=gettext("%(count)s payments imported"),
    )


# Projects ------------------------------------------------------------------------------------------

PROJECT_SHEET = Sheet(
    title=_("Purchased projects"),
    columns=(
        ("name", _("Project name")),
        ("purchaser_division", _("Purchaser's division code")),
        ("purchaser_kind", _("Purchaser type")),
        ("purchaser_name", _("Purchaser")),
        ("provider", _("Provider's unified social credit code")),
        ("programme", _("Programme")),
        ("domain", _("Service domain")),
        ("headcount", _("Posts")),
        ("professional_posts", _("Professional social-work posts")),
        ("starts_on", _("Project starts on")),
        ("ends_on", _("Project ends on")),
        ("contract_signed_on", _("Contract signed on")),
        ("needs_survey_summary", _("Needs survey summary")),
        ("post_ranks", _("Post ranks")),
        ("service_standards", _("Service standards")),
        ("performance_indicators", _("Performance indicators")),
    ),
    instructions=(
        _("Fill one project per row on the first sheet, from row 2; keep the header row."),
        _(
            "Required: name, purchaser's division code, domain, posts, professional posts, start and end dates."
        ),
    ),
)
UNKNOWN_PROVIDER = _("No organisation with this unified social credit code in your city.")


def projects_template() -> bytes:
    return template(PROJECT_SHEET)


def projects_import(*, actor, content: bytes) -> ImportResult:
    """Register all the projects of the workbook or none; each error names its row and column."""
    sheet = PROJECT_SHEET
    rows, errors = read_sheet(sheet, content)
    if errors:
        return ImportResult(errors=errors)
    codes = {Cells(sheet, 0, r, []).text("purchaser_division") for _n, r in rows} - {""}
    divisions = Division.objects.in_bulk(list(codes))
    usccs = {Cells(sheet, 0, r, []).text("provider").upper() for _n, r in rows} - {""}
    providers = {o.uscc: o for o in Organization.objects.filter(uscc__in=usccs)}
    cleaned = []
    for number, row in rows:
        cells = Cells(sheet, number, row, errors)
        out = {"row": number, "name": cells.text("name", required=True)}
        code = cells.text("purchaser_division", required=True)
        out["purchaser_division"] = divisions.get(code)
        if code and out["purchaser_division"] is None:
            cells.error("purchaser_division", UNKNOWN_DIVISION)
        out["purchaser_kind"] = cells.choice("purchaser_kind", PurchaserKind, required=False) or (
            PurchaserKind.CIVIL_AFFAIRS
        )
        out["purchaser_name"] = cells.text("purchaser_name")
        uscc = cells.text("provider").upper()
        out["provider"] = providers.get(uscc) if uscc else None
        if uscc and out["provider"] is None:
            cells.error("provider", UNKNOWN_PROVIDER)
        out["programme"] = cells.choice("programme", Programme, required=False) or Programme.GENERAL
        out["domain"] = cells.choice("domain", ServiceDomain)
        out["headcount"] = cells.integer("headcount")
        out["professional_posts"] = cells.integer("professional_posts")
        out["starts_on"] = cells.date("starts_on", required=True)
        out["ends_on"] = cells.date("ends_on", required=True)
        out["contract_signed_on"] = cells.date("contract_signed_on")
        for key in ("needs_survey_summary", "post_ranks", "service_standards", "performance_indicators"):
            out[key] = cells.text(key)
        cleaned.append(out)
    if errors:
        return ImportResult(errors=sort_errors(sheet, errors))
    return save_all(
        actor=actor,
        sheet=sheet,
        cleaned=cleaned,
        save=lambda row: services.project_create(actor=actor, **{k: v for k, v in row.items() if k != "row"}),
        object_type="procurement.project",
        summary=gettext("%(count)s projects imported"),
    )


PROJECT_EXPORT_HEADERS = (
    _("Project name"),
    _("Purchaser's division"),
    _("Purchaser"),
    _("Provider"),
    _("Service domain"),
    _("Posts"),
    _("Professional social-work posts"),
    _("Project starts on"),
    _("Project ends on"),
)


def projects_export(*, projects: Iterable[Project], filters: list[tuple[str, str]]) -> bytes:
    domains = dict(ServiceDomain.choices)
    rows = (
        (
            p.name,
            p.purchaser_division.name,
            p.purchaser_name,
            p.provider.name if p.provider else "",
            str(domains.get(p.domain, p.domain)),
            p.headcount,
            p.professional_posts,
            p.starts_on,
            p.ends_on,
        )
        for p in projects
    )
    return build_workbook(
        title=gettext("Purchased projects"),
        headers=[str(h) for h in PROJECT_EXPORT_HEADERS],
        rows=rows,
        filters=filters,
    )


# Budgets -------------------------------------------------------------------------------------------

BUDGET_SHEET = Sheet(
    title=_("Project budgets"),
    columns=(
        ("project", _("Project ID")),
        ("year", _("Year")),
        ("labour_cost", _("Labour cost")),
        ("supervision_cost", _("Supervision")),
        ("activity_cost", _("Activities")),
        ("management_cost", _("Management")),
        ("insurance_tax_cost", _("Insurance and tax")),
        ("training_cost", _("Training")),
        ("person_years", _("Person-years")),
        ("supervised_worker_months", _("Supervised worker-months")),
    ),
    instructions=(
        _("Fill one budget per row: the project's ID as shown on its page, the year, the six lines in yuan."),
        _("A budget of a project and year that already has one replaces it."),
    ),
)
UNKNOWN_PROJECT = _("No project with this ID in your jurisdiction.")
BUDGET_DUPLICATE_IN_FILE = _("The same project and year are already in row %(row)s.")


def budgets_template() -> bytes:
    return template(BUDGET_SHEET)


def budgets_import(*, actor, content: bytes) -> ImportResult:
    """Enter all the budgets of the workbook or none; each error names its row and column."""
    sheet = BUDGET_SHEET
    rows, errors = read_sheet(sheet, content)
    if errors:
        return ImportResult(errors=errors)
    ids = set()
    for _n, row in rows:
        text = Cells(sheet, 0, row, []).text("project")
        if text.isdigit():
            ids.add(int(text))
    projects = {p.pk: p for p in scope_queryset(Project.objects.filter(pk__in=ids), viewer=actor)}
    seen: dict[tuple, int] = {}
    cleaned = []
    for number, row in rows:
        cells = Cells(sheet, number, row, errors)
        pk = cells.integer("project")
        project = projects.get(pk) if pk is not None else None
        if pk is not None and project is None:
            cells.error("project", UNKNOWN_PROJECT)
        out = {"row": number, "project": project, "year": cells.integer("year")}
        for line in services.BUDGET_LINES:
            out[line] = cells.decimal(line)
        out["person_years"] = cells.decimal("person_years", positive=True)
        out["supervised_worker_months"] = cells.integer("supervised_worker_months")
        key = (pk, out["year"])
        if project is not None and out["year"] is not None:
            if key in seen:
                cells.error("year", gettext(BUDGET_DUPLICATE_IN_FILE) % {"row": seen[key]})
            seen.setdefault(key, number)
        cleaned.append(out)
    if errors:
        return ImportResult(errors=sort_errors(sheet, errors))
    return save_all(
        actor=actor,
        sheet=sheet,
        cleaned=cleaned,
        save=lambda row: services.project_budget_submit(
            actor=actor, **{k: v for k, v in row.items() if k != "row"}
        ),
        object_type="procurement.projectbudget",
        summary=gettext("%(count)s budgets imported"),
    )


BUDGET_EXPORT_HEADERS = tuple(label for _key, label in BUDGET_SHEET.columns) + (_("Total"),)


def budgets_export(*, budgets: Iterable[ProjectBudget], filters: list[tuple[str, str]]) -> bytes:
    rows = (
        (
            b.project_id,
            b.year,
            *(getattr(b, line) for line in services.BUDGET_LINES),
            b.person_years,
            b.supervised_worker_months,
            b.total,
        )
        for b in budgets
    )
    return build_workbook(
        title=gettext("Project budgets"),
        headers=[str(h) for h in BUDGET_EXPORT_HEADERS],
        rows=rows,
        filters=filters,
    )
