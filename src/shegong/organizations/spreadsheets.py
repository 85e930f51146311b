"""Excel in and out for organisations, and the sheet helpers the procurement imports share.

The pattern is the practitioner registry's (workforce/spreadsheets.py): a template with one header row
and instructions, an all-or-nothing import in which every error names its row and column in Chinese,
and an export of the filtered list through common/excel.py.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shegong.common import imports
from shegong.common.audit import audit_record
from shegong.common.excel import build_workbook
from shegong.common.imports import (
    BAD_DATE,
    BAD_YES_NO,
    EMPTY_WORKBOOK,
    MAX_ROWS,
    NO,
    REQUIRED,
    UNKNOWN_DIVISION,
    YES,
    ImportResult,
    RowError,
    Sheet,
    bad_choice,
    file_error,
    template,
)
from shegong.common.models import AuditEntry
from shegong.common.uploads import SpreadsheetError, cell_choice, cell_date, cell_text, read_sheet_rows
from shegong.geo.models import Division

from . import services
from .models import Organization, OrganizationKind

__all__ = ["Cells", "ImportResult", "RowError", "Sheet", "read_sheet", "save_all", "sort_errors", "template"]

BAD_NUMBER = _("Not a number; write it as 12345.67.")
NOT_POSITIVE = _("The amount must be above zero.")
NEGATIVE = _("The number cannot be negative.")
BAD_WHOLE_NUMBER = _("Write a whole number.")


def read_sheet(sheet: Sheet, content: bytes) -> tuple[list[tuple[int, dict]], list[RowError]]:
    """Rows of the first sheet below the header as (row number, values by key), or the file-level error.

    Read through ``common.uploads.read_sheet_rows``: no formulas, full-width digits made half-width,
    reading stops past the row limit.
    """
    try:
        rows = read_sheet_rows(content, width=len(sheet.keys), max_rows=MAX_ROWS, allow_empty=True)
    except SpreadsheetError as exc:
        return [], [file_error(exc, sheet)]
    if not rows:
        return [], [file_error(EMPTY_WORKBOOK, sheet)]
    return sheet.values(rows), []


class Cells:
    """Reads one row's cells, collecting a Chinese error per bad cell."""

    def __init__(self, sheet: Sheet, number: int, row: dict, errors: list[RowError]):
        self.sheet, self.number, self.row, self.errors = sheet, number, row, errors

    def error(self, key: str, message) -> None:
        self.errors.append(RowError(self.number, key, str(message), self.sheet))

    def text(self, key: str, *, required: bool = False) -> str:
        value = cell_text(self.row[key])
        if required and not value:
            self.error(key, REQUIRED)
        return value

    def date(self, key: str, *, required: bool = False) -> datetime.date | None:
        try:
            value = cell_date(self.row[key])
        except ValueError:
            self.error(key, BAD_DATE)
            return None
        if value is None and required:
            self.error(key, REQUIRED)
        return value

    def decimal(self, key: str, *, required: bool = True, positive: bool = False) -> Decimal | None:
        text = self.text(key).replace(",", "").replace("，", "")
        if not text:
            if required:
                self.error(key, REQUIRED)
            return None
        try:
            value = Decimal(text).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            self.error(key, BAD_NUMBER)
            return None
        if positive and value <= 0:
            self.error(key, NOT_POSITIVE)
            return None
        if value < 0:
            self.error(key, NEGATIVE)
            return None
        return value

    def integer(self, key: str, *, required: bool = True) -> int | None:
        value = self.decimal(key, required=required)
        if value is None:
            return None
        if value != value.to_integral_value():
            self.error(key, BAD_WHOLE_NUMBER)
            return None
        return int(value)

    def choice(self, key: str, choices, *, required: bool = True) -> str:
        try:
            value = cell_choice(self.row[key], choices)
        except LookupError:
            self.error(key, bad_choice(choices))
            return ""
        if required and not value:
            self.error(key, REQUIRED)
        return value

    def yes_no(self, key: str) -> bool:
        text = self.text(key).lower()
        if text in YES:
            return True
        if text not in NO:
            self.error(key, BAD_YES_NO)
        return False


class RowFailed(Exception):
    def __init__(self, errors):
        self.errors = errors


def save_all(
    *,
    actor,
    sheet: Sheet,
    cleaned: list[dict],
    save: Callable[[dict], object],
    object_type: str,
    summary: str,
) -> ImportResult:
    """Save every cleaned row in one transaction; a service's refusal undoes them all."""
    try:
        with transaction.atomic():
            created = []
            for row in cleaned:
                try:
                    created.append(save(row))
                except ValidationError as exc:
                    errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
                    raise RowFailed(
                        [
                            RowError(row["row"], name if name in sheet.keys else "", message, sheet)
                            for name, messages in errors.items()
                            for message in messages
                        ]
                    ) from None
            audit_record(
                actor=actor,
                action=AuditEntry.Action.IMPORT,
                object_type=object_type,
                object_repr=summary % {"count": len(created)},
                after={"rows": len(created)},
            )
    except RowFailed as failed:
        return ImportResult(errors=failed.errors)
    return ImportResult(created=created)


def sort_errors(sheet: Sheet, errors: list[RowError]) -> list[RowError]:
    """Errors by row and column (``sheet`` kept for the procurement imports' calls)."""
    return imports.sort_errors(errors)


# Organisations -------------------------------------------------------------------------------------

ORGANIZATION_SHEET = Sheet(
    title=_("Organisations"),
    columns=(
        ("name", _("Name")),
        ("uscc", _("Unified social credit code")),
        ("kind", _("Type")),
        ("division", _("Division code")),
        ("address", _("Address")),
        ("legal_representative", _("Legal representative")),
        ("phone", _("Phone")),
        ("registration_authority", _("Registration authority")),
        ("supervisory_unit", _("Business supervisory unit")),
        ("registered_on", _("Registered on")),
        ("public_interest", _("Public-interest organisation (yes/no)")),
    ),
    instructions=(
        _("Fill one organisation per row on the first sheet, from row 2; keep the header row."),
        _("Required: name, unified social credit code, type, division code. Dates as 2024-03-01."),
    ),
)
USCC_DUPLICATE_IN_FILE = _("The same unified social credit code is already in row %(row)s.")


def organizations_template() -> bytes:
    return template(ORGANIZATION_SHEET)


def organizations_import(*, actor, content: bytes) -> ImportResult:
    """Check every row, then register all the organisations or none; errors name row and column."""
    sheet = ORGANIZATION_SHEET
    rows, errors = read_sheet(sheet, content)
    if errors:
        return ImportResult(errors=errors)
    divisions = Division.objects.in_bulk([c for c in {cell_text(r["division"]) for _n, r in rows} if c])
    codes = {}
    for number, row in rows:
        try:
            codes[number] = services.normalize_uscc(cell_text(row["uscc"]))
        except ValidationError:
            pass
    taken = set(Organization.objects.filter(uscc__in=codes.values()).values_list("uscc", flat=True))
    seen: dict[str, int] = {}
    cleaned = []
    for number, row in rows:
        cells = Cells(sheet, number, row, errors)
        out = {"row": number, "name": cells.text("name", required=True)}
        if number not in codes:
            cells.error("uscc", REQUIRED if not cell_text(row["uscc"]) else services.USCC_INVALID)
        else:
            code = codes[number]
            if code in seen:
                cells.error("uscc", gettext(USCC_DUPLICATE_IN_FILE) % {"row": seen[code]})
            elif code in taken:
                cells.error("uscc", services.USCC_TAKEN)
            seen.setdefault(code, number)
            out["uscc"] = code
        out["kind"] = cells.choice("kind", OrganizationKind)
        code = cells.text("division", required=True)
        out["division"] = divisions.get(code)
        if code and out["division"] is None:
            cells.error("division", UNKNOWN_DIVISION)
        elif out["division"] is not None and not _reaches(actor, code):
            cells.error("division", services.DIVISION_OUTSIDE_JURISDICTION)
        for key in ("address", "legal_representative", "phone", "registration_authority", "supervisory_unit"):
            out[key] = cells.text(key)
        out["registered_on"] = cells.date("registered_on")
        out["public_interest"] = cells.yes_no("public_interest")
        cleaned.append(out)
    if errors:
        return ImportResult(errors=sort_errors(sheet, errors))
    return save_all(
        actor=actor,
        sheet=sheet,
        cleaned=cleaned,
        save=lambda row: services.organization_register(
            actor=actor, **{k: v for k, v in row.items() if k != "row"}
        ),
        object_type="organizations.organization",
        summary=gettext("%(count)s organisations imported"),
    )


def _reaches(actor, code: str) -> bool:
    return (
        actor is None
        or actor.is_system_admin
        or bool(actor.division_id and code.startswith(actor.division_id))
    )


EXPORT_HEADERS = (
    _("Name"),
    _("Unified social credit code"),
    _("Type"),
    _("Registered in"),
    _("Legal representative"),
    _("Registration authority"),
    _("Business supervisory unit"),
    _("Registered on"),
    _("Public-interest organisation"),
    _("Registration revoked on"),
)


def organizations_export(*, organizations: Iterable[Organization], filters: list[tuple[str, str]]) -> bytes:
    """The filtered list as a workbook."""
    kinds = dict(OrganizationKind.choices)
    yes, no = gettext("Yes"), gettext("No")
    rows = (
        (
            o.name,
            o.uscc,
            str(kinds.get(o.kind, o.kind)),
            o.division.name,
            o.legal_representative,
            o.registration_authority,
            o.supervisory_unit,
            o.registered_on,
            yes if o.public_interest else no,
            o.revoked_on,
        )
        for o in organizations
    )
    return build_workbook(
        title=gettext("Organisations"), headers=[str(h) for h in EXPORT_HEADERS], rows=rows, filters=filters
    )
