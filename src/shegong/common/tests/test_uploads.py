"""The spreadsheet reader and upload field (issue 12: bad input), property-tested with hypothesis."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import ValidationError
from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from shegong.common.uploads import (
    SpreadsheetError,
    SpreadsheetUploadField,
    cell_choice,
    cell_date,
    cell_text,
    read_sheet_rows,
)


def _book(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["甲", "乙", "丙"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_rows_come_back_with_their_excel_row_numbers_and_blank_rows_skipped():
    rows = read_sheet_rows(_book([["a", 1, None], [None, None, None], ["b", 2, "x"]]), width=3, max_rows=10)
    assert [(r.number, r.values) for r in rows] == [(2, ("a", 1, None)), (4, ("b", 2, "x"))]


def test_more_rows_than_the_limit_are_refused():
    with pytest.raises(SpreadsheetError, match="最多 3 行"):
        read_sheet_rows(_book([["a", 1, 1]] * 4), width=3, max_rows=3)


def test_a_formula_is_refused_with_its_row_and_column():
    with pytest.raises(SpreadsheetError, match="第 3 行第 B 列是公式"):
        read_sheet_rows(_book([["a", 1, 1], ["b", "=A2*2", 1]]), width=3, max_rows=10)


def test_full_width_digits_and_letters_read_as_typed():
    assert cell_text(" １１０１０１１９９００３０７００１Ｘ ") == "11010119900307001X"
    assert cell_text(370102.0) == "370102"


@pytest.mark.parametrize(
    "text",
    ["2024-03-01", "2024/3/1", "2024.3.1", "2024年3月1日", "20240301", "２０２４年３月１日", " 2024-3-1 "],
)
def test_dates_typed_as_text_are_read(text):
    assert cell_date(text) == datetime.date(2024, 3, 1)


@pytest.mark.parametrize("text", ["二〇二四年三月", "去年", "2024-13-01", "2024-02-30", "3/1/2024"])
def test_text_that_is_not_a_date_is_refused(text):
    with pytest.raises(ValueError):
        cell_date(text)


@pytest.mark.parametrize("text", ["bachelor", "本科", "Bachelor's degree", " ＢＡＣＨＥＬＯＲ "])
def test_a_choice_is_read_from_its_value_or_either_label(text):
    from shegong.workforce.models import EducationLevel

    assert cell_choice(text, EducationLevel) == "bachelor"


def test_an_empty_choice_is_empty_and_an_unknown_one_is_refused():
    from shegong.workforce.models import EducationLevel

    assert cell_choice(None, EducationLevel) == ""
    with pytest.raises(LookupError):
        cell_choice("博士后", EducationLevel)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=4096))
def test_arbitrary_bytes_never_escape_as_anything_but_a_spreadsheet_error(data):
    with pytest.raises(SpreadsheetError):
        read_sheet_rows(data, width=3, max_rows=10)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40))
def test_any_cell_text_parses_to_a_date_or_a_value_error(text):
    try:
        result = cell_date(text)
    except ValueError:
        return
    assert result is None or isinstance(result, datetime.date)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(
            st.one_of(
                st.none(),
                st.integers(-(10**12), 10**12),
                st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=20).filter(
                    lambda t: not t.startswith("=")
                ),
            ),
            min_size=3,
            max_size=3,
        ),
        min_size=1,
        max_size=20,
    )
)
def test_any_workbook_of_values_reads_back_its_non_blank_rows(rows):
    content = _book(rows)
    expected = [r for r in rows if any(cell_text(v) for v in r)]
    if not expected:
        with pytest.raises(SpreadsheetError):
            read_sheet_rows(content, width=3, max_rows=50)
        return
    got = read_sheet_rows(content, width=3, max_rows=50)
    assert len(got) == len(expected)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.csv", b"PK\x03\x04rest", "只能导入"),
        ("a.xlsx", b"not a zip at all", "不是 Excel 工作簿"),
    ],
)
def test_the_upload_field_refuses_wrong_files_in_chinese(name, content, message):
    with pytest.raises(ValidationError, match=message):
        SpreadsheetUploadField().clean(SimpleUploadedFile(name, content))


def test_the_upload_field_refuses_a_file_over_the_limit():
    with override_settings(SHEGONG_MAX_UPLOAD_BYTES=10), pytest.raises(ValidationError, match="上传上限"):
        SpreadsheetUploadField().clean(SimpleUploadedFile("a.xlsx", b"PK\x03\x04" + b"x" * 20))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("报告.exe", b"MZ\x90\x00", "只能上传以下类型"),
        ("报告.pdf", b"MZ\x90\x00 a program renamed", "不是 PDF 文件"),
        ("标牌.png", b"\xff\xd8\xff\xe0 a jpeg named png", "不是 PNG 文件"),
    ],
)
def test_the_document_field_refuses_wrong_types_and_renamed_files(name, content, message):
    from shegong.common.uploads import IMAGE_EXTENSIONS, DocumentUploadField

    field = (
        DocumentUploadField(extensions=IMAGE_EXTENSIONS) if name.endswith(".png") else DocumentUploadField()
    )
    with pytest.raises(ValidationError, match=message):
        field.clean(SimpleUploadedFile(name, content))


def test_the_document_field_takes_a_real_pdf_and_refuses_one_over_the_limit():
    from shegong.common.uploads import DocumentUploadField

    pdf = SimpleUploadedFile("年度计划.pdf", b"%PDF-1.7\n" + b"0" * 100)
    assert DocumentUploadField().clean(pdf).name == "年度计划.pdf"
    with override_settings(SHEGONG_MAX_UPLOAD_BYTES=50), pytest.raises(ValidationError, match="上传上限"):
        DocumentUploadField().clean(SimpleUploadedFile("年度计划.pdf", b"%PDF-1.7\n" + b"0" * 100))
