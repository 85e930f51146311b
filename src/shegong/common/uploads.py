"""Spreadsheet uploads: size and type limits, and a careful reader of the rows (issue 12: bad input).

Every import goes through :class:`SpreadsheetUploadField` (a file that is too large, not .xlsx or not a
zip container is refused before any parsing) and :func:`read_sheet_rows`, which stops reading at the
row limit, refuses formulas (their results are not in the file unless Excel computed them), and gives
every cell as it was meant: full-width digits and letters made half-width, surrounding spaces
removed. The cell helpers every import uses: :func:`cell_text`, :func:`cell_date` (the date spellings
people use in Chinese offices) and :func:`cell_choice` (a stored value or a label in either language).
"""

from __future__ import annotations

import datetime
import functools
import io
import re
import zipfile
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

ZIP_MAGIC = b"PK\x03\x04"
DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024

FILE_TOO_LARGE = _("The file is %(size)s MB; at most %(max)s MB may be uploaded.")
NOT_XLSX_NAME = _("Only Excel workbooks (.xlsx) can be imported; this file is named %(name)s.")
NOT_A_WORKBOOK = _("The file is not an Excel workbook (.xlsx).")
NO_SHEET_ROWS = _("The first sheet has no rows below the header; put the data on the first sheet.")
TOO_MANY_ROWS = _("A workbook may hold at most %(max)s rows; this one has more.")
FORMULA_CELL = _(
    "Row %(row)s, column %(column)s holds a formula (%(formula)s); paste the values instead of formulas."
)


def max_upload_bytes() -> int:
    return int(getattr(settings, "SHEGONG_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


class SpreadsheetUploadField(forms.FileField):
    """A file field for .xlsx imports: size limit, name and content type checked, in Chinese."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Excel file (.xlsx)"))
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ".xlsx"}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload is None:
            return upload
        limit = max_upload_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                FILE_TOO_LARGE % {"size": round(upload.size / 1048576, 1), "max": round(limit / 1048576, 1)},
                code="too_large",
            )
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(NOT_XLSX_NAME % {"name": upload.name[:80]}, code="not_xlsx")
        head = upload.read(4)
        upload.seek(0)
        if head != ZIP_MAGIC:
            raise forms.ValidationError(NOT_A_WORKBOOK, code="not_a_workbook")
        return upload


class SpreadsheetError(ValueError):
    """The file as a whole cannot be read; ``str()`` is the Chinese message for the user."""


@dataclass(frozen=True)
class SheetRow:
    number: int  # the row number Excel shows
    values: tuple


# Full-width digits and Latin letters (an ID number typed with a Chinese input method) and the
# ideographic space become their ASCII forms; Chinese punctuation such as （） stays as it is, because
# labels like 街道（镇）社工站 are written with it.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)}
_HALF_WIDTH.update({code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)})
_HALF_WIDTH.update({code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)})
_HALF_WIDTH[0x3000] = 0x20


def cell_text(value) -> str:
    """A cell as text the way a person meant it: full-width digits and letters made half-width, stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).translate(_HALF_WIDTH).strip()


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


class MissingSheetError(SpreadsheetError):
    """The workbook has fewer sheets than the import needs."""


def read_sheet_rows(
    content: bytes, *, width: int, max_rows: int, sheet_index: int = 0, allow_empty: bool = False
) -> list[SheetRow]:
    """The non-empty rows below the header of a sheet (the first by default), ``width`` cells each.

    Raises :class:`MissingSheetError` when the sheet does not exist, and :class:`SpreadsheetError` for a
    file that is not a workbook, a sheet without rows (unless ``allow_empty``),
    more than ``max_rows`` rows (reading stops at the first row past the limit), or a formula in a cell.
    """
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise SpreadsheetError(gettext(NOT_A_WORKBOOK))
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds on a zip that is not a workbook
        raise SpreadsheetError(gettext(NOT_A_WORKBOOK)) from exc
    try:
        sheet = workbook.worksheets[sheet_index]
    except IndexError as exc:
        workbook.close()
        raise MissingSheetError(gettext(NO_SHEET_ROWS)) from exc
    try:
        # Excel declares the used range (<dimension>): a sheet that says it is far too long is refused
        # before a single row is read. Without the declaration, reading stops past the limit.
        if (sheet.max_row or 0) - 1 > max_rows:
            raise SpreadsheetError(gettext(TOO_MANY_ROWS) % {"max": max_rows})
        rows: list[SheetRow] = []
        for number, values in enumerate(sheet.iter_rows(min_row=2, max_col=width, values_only=True), start=2):
            values = tuple(values) + (None,) * (width - len(values))
            if all(cell_text(v) == "" for v in values):
                continue
            for index, value in enumerate(values):
                if isinstance(value, str) and value.startswith("=") and len(value) > 1:
                    raise SpreadsheetError(
                        gettext(FORMULA_CELL)
                        % {"row": number, "column": _column_letter(index), "formula": value[:30]}
                    )
            rows.append(SheetRow(number, values))
            if len(rows) > max_rows:
                raise SpreadsheetError(gettext(TOO_MANY_ROWS) % {"max": max_rows})
    finally:
        workbook.close()
    if not rows and not allow_empty:
        raise SpreadsheetError(gettext(NO_SHEET_ROWS))
    return rows


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def cell_date(value) -> datetime.date | None:
    """A date from a cell: a real date, or text like 2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日, 20240301.

    Returns ``None`` for an empty cell; raises ``ValueError`` for anything else.
    """
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value).replace(" ", "")
    if not text:
        return None
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
    raise ValueError(text)


@functools.cache
def choice_names(choices) -> dict[str, str]:
    """Every spelling of a choice, lower-cased → stored value: the value, the Chinese and English label."""
    names: dict[str, str] = {}
    for stored, label in choices.choices:
        names.setdefault(str(stored).lower(), stored)
        for language in ("zh-hans", "en"):
            with translation.override(language):
                names.setdefault(str(label).lower(), stored)
    return names


def cell_choice(value, choices) -> str:
    """A choice from a cell: the stored value or the label in either language ("" for an empty cell).

    Raises ``LookupError`` for anything else; ``choices`` is a ``TextChoices`` class.
    """
    text = cell_text(value).lower()
    if not text:
        return ""
    try:
        return choice_names(choices)[text]
    except KeyError:
        raise LookupError(text) from None


DOCUMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ofd", ".jpg", ".jpeg", ".png")
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png")
# Leading bytes of the accepted types (OFD, DOCX and XLSX are zip containers; DOC and XLS are OLE files).
_SIGNATURES = {
    ".pdf": (b"%PDF",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
    ".docx": (ZIP_MAGIC,),
    ".xlsx": (ZIP_MAGIC,),
    ".ofd": (ZIP_MAGIC,),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}
WRONG_TYPE = _("Only these file types can be uploaded: %(types)s.")
CONTENT_MISMATCH = _("The file's content is not a %(type)s file; upload the original document.")


class DocumentUploadField(forms.FileField):
    """A file field for documents and photos: size limit, allowed types, and the content checked
    against the name (a renamed executable is refused)."""

    def __init__(self, *, extensions=DOCUMENT_EXTENSIONS, **kwargs):
        self.extensions = tuple(extensions)
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ",".join(self.extensions)}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return upload
        limit = max_upload_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                FILE_TOO_LARGE % {"size": round(upload.size / 1048576, 1), "max": round(limit / 1048576, 1)},
                code="too_large",
            )
        name = upload.name.lower()
        extension = next((ext for ext in self.extensions if name.endswith(ext)), None)
        if extension is None:
            raise forms.ValidationError(WRONG_TYPE % {"types": " ".join(self.extensions)}, code="wrong_type")
        head = upload.read(8)
        upload.seek(0)
        if not head.startswith(_SIGNATURES[extension]):
            raise forms.ValidationError(
                CONTENT_MISMATCH % {"type": extension.lstrip(".").upper()}, code="mismatch"
            )
        return upload
