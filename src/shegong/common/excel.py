"""Excel exports: Chinese headers, filters written on top, frozen header row, safe cells."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """Neutralise formula injection: text that a spreadsheet would run as a formula gets a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, Decimal):
        return float(value) if value == value.to_integral_value() or abs(value) < 10**12 else str(value)
    return value


def _width(value) -> int:
    text = str(value if value is not None else "")
    # CJK characters take about two columns.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def build_workbook(
    *, title: str, headers: Sequence[str], rows: Iterable[Sequence], filters: Sequence[tuple[str, str]] = ()
) -> bytes:
    """Return an .xlsx: title, the filters applied, a frozen header row, then the rows."""
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([safe_cell(title)])
    sheet["A1"].font = Font(bold=True, size=14)
    generated = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    sheet.append([safe_cell(f"导出时间 / Exported: {generated}")])
    for label, value in filters:
        sheet.append([safe_cell(f"{label}：{value}")])
    sheet.append([])
    sheet.append([safe_cell(h) for h in headers])
    header_row = sheet.max_row
    fill = PatternFill("solid", fgColor="DDE7F3")
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    widths = [_width(h) for h in headers]
    for row in rows:
        values = [safe_cell(v) for v in row]
        sheet.append(values)
        for i, value in enumerate(values[: len(widths)]):
            widths[i] = max(widths[i], min(_width(value), 60))
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = max(8, width + 2)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """Return the workbook as a download with a UTF-8 file name."""
    from urllib.parse import quote

    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
