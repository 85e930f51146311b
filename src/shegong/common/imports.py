"""What every Excel import shares (issue 11): the sheet's columns, errors by row and column, the result.

An import reads its rows through :func:`shegong.common.uploads.read_sheet_rows` and the cell helpers
beside it (``cell_text``, ``cell_date``, ``cell_choice``), checks every row before writing any, and
answers with an :class:`ImportResult`: the created objects, or every :class:`RowError` — each names
its row, column letter and header in Chinese — and nothing saved.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from .uploads import SheetRow

REQUIRED = _("Fill in this cell.")
BAD_DATE = _("Not a date; write it as 2024-03-01.")
BAD_YES_NO = _("Write yes or no (是 / 否).")
BAD_CHOICE = _("Unknown value; use one of: %(choices)s.")
UNKNOWN_DIVISION = _("Unknown division code.")
EMPTY_WORKBOOK = _("The workbook has no rows below the header.")
TOO_MANY_ROWS = _("A workbook may hold at most %(max)s rows.")
ROW_ERROR = _("Row %(row)s, column %(column)s (%(header)s): %(message)s")
SHEET_ROW_ERROR = _("Sheet %(sheet)s, row %(row)s, column %(column)s (%(header)s): %(message)s")
ALL_OR_NOTHING = _("The import is all or nothing: if any row has an error, no row is saved.")

# Rows a workbook may hold, unless an import sets its own limit.
MAX_ROWS = 5000
# How a yes/no cell may be written; an empty cell is "no".
YES = frozenset({"是", "yes", "y", "true", "1", "√"})
NO = frozenset({"否", "no", "n", "false", "0", ""})


def choice_list(choices) -> str:
    """The labels of a choices class, for a message: 本科 / 硕士 / …"""
    return " / ".join(str(label) for label in choices.labels)


def bad_choice(choices) -> str:
    """The message for a value that is none of ``choices``."""
    return gettext(BAD_CHOICE) % {"choices": choice_list(choices)}


@dataclass(frozen=True)
class Sheet:
    """The columns of one sheet of an import: (key, header) in the order the file holds them.

    ``named_in_errors``: a workbook of several sheets names the sheet in every error message.
    """

    title: str
    columns: Sequence[tuple[str, str]]
    instructions: Sequence[str] = ()
    named_in_errors: bool = False

    @cached_property
    def keys(self) -> list[str]:
        return [key for key, _label in self.columns]

    @cached_property
    def _positions(self) -> dict[str, int]:
        return {key: i for i, key in enumerate(self.keys)}

    def position(self, key: str) -> int:
        """The column index of ``key`` (-1 for "" or an unknown key, so file errors sort first)."""
        return self._positions.get(key, -1)

    def letter(self, key: str) -> str:
        position = self.position(key)
        return get_column_letter(position + 1) if position >= 0 else ""

    def header(self, key: str) -> str:
        position = self.position(key)
        return str(self.columns[position][1]) if position >= 0 else ""

    def values(self, rows: Iterable[SheetRow]) -> list[tuple[int, dict]]:
        """The rows read from the file as (row number, values by key)."""
        keys = self.keys
        return [(row.number, dict(zip(keys, row.values, strict=True))) for row in rows]


@dataclass(frozen=True)
class RowError:
    """One refused cell: its row, its column's key ("" for the whole file or row) and the Chinese message."""

    row: int
    column: str
    message: str
    sheet: Sheet | None = None

    @property
    def letter(self) -> str:
        return self.sheet.letter(self.column) if self.sheet else ""

    @property
    def header(self) -> str:
        return self.sheet.header(self.column) if self.sheet else ""

    @property
    def sheet_label(self) -> str:
        return str(self.sheet.title) if self.sheet and self.row else ""

    @property
    def sort_key(self) -> tuple[int, int]:
        return (self.row, self.sheet.position(self.column) if self.sheet else -1)

    def __str__(self) -> str:
        if not self.column or self.sheet is None:
            return self.message
        values = {"row": self.row, "column": self.letter, "header": self.header, "message": self.message}
        if self.sheet.named_in_errors:
            return gettext(SHEET_ROW_ERROR) % {"sheet": self.sheet_label, **values}
        return gettext(ROW_ERROR) % values


def sort_errors(errors: Iterable[RowError]) -> list[RowError]:
    """Errors by row, then by column as the file shows them."""
    return sorted(errors, key=lambda e: e.sort_key)


@dataclass
class ImportResult:
    """What an import did: the objects it created, or the errors that made it save nothing."""

    errors: list[RowError] = field(default_factory=list)
    created: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def file_error(message, sheet: Sheet | None = None) -> RowError:
    """An error about the whole file (not a workbook, empty, too long …)."""
    return RowError(0, "", str(message), sheet)


def template(sheet: Sheet, *, instructions: Sequence[str] | None = None) -> bytes:
    """An empty import template: the header row, then a sheet of instructions ending with the
    all-or-nothing rule."""
    workbook = Workbook()
    first = workbook.active
    first.title = str(sheet.title)[:31]
    first.append([str(label) for _key, label in sheet.columns])
    for cell in first[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F3")
    for i in range(1, len(sheet.columns) + 1):
        first.column_dimensions[get_column_letter(i)].width = 22
    first.freeze_panes = "A2"
    notes = workbook.create_sheet(gettext("Instructions"))
    lines = sheet.instructions if instructions is None else instructions
    for line in [*lines, gettext(ALL_OR_NOTHING)]:
        notes.append([str(line)])
    notes.column_dimensions["A"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
