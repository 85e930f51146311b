"""A corpus of bad Excel files against every import page (issue 12: bad input everywhere).

Each bad file must get a clear Chinese message, a non-5xx answer and leave the data as it was. The corpus:
not a zip, a zip that is not a workbook, data on the wrong sheet, 200,000 rows, formulas, dates as
text, full-width digits, an oversized upload and a wrong file name. Add every new import page to
IMPORTERS.
"""

from __future__ import annotations

import functools
import io
import zipfile
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import Workbook

from shegong.common.models import AuditEntry

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Importer:
    url_name: str
    user_fixture: str
    models: tuple[str, ...]  # labels of the tables an import writes


IMPORTERS = [
    Importer(
        "workforce:practitioner-import", "lixia_officer", ("workforce.Practitioner", "workforce.Certificate")
    ),
    Importer("organizations:organization-import", "lixia_officer", ("organizations.Organization",)),
    Importer("procurement:project-import", "lixia_officer", ("procurement.Project",)),
    Importer("procurement:budget-import", "lixia_officer", ("procurement.ProjectBudget",)),
    Importer("stations:station-import", "lixia_officer", ("stations.Station", "stations.StationStaff")),
    Importer("cases:roster-import", "lixia_officer", ("cases.Household", "cases.Member")),
]


def _book(rows, *, sheets=1, first_empty=False) -> bytes:
    book = Workbook()
    sheet = book.active
    if first_empty:
        sheet.title = "说明"
        sheet = book.create_sheet("数据")
    sheet.append([f"列{i}" for i in range(1, 8)])
    for row in rows:
        sheet.append(row)
    for n in range(1, sheets):
        book.create_sheet(f"附表{n}")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@functools.cache
def _many_rows(count: int) -> bytes:
    """A real .xlsx of ``count`` rows, its sheet XML written directly (openpyxl would take 20 s)."""
    book = Workbook()
    book.active.append(["姓名", "身份证号", "区划"])
    buffer = io.BytesIO()
    book.save(buffer)
    cells = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>社工{n}</t></is></c>'
        f'<c r="B{n}" t="inlineStr"><is><t>110101199003070000</t></is></c><c r="C{n}"><v>370102</v></c></row>'
        for n in range(2, count + 2)
    )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="A1:C{count + 1}"/><sheetData>{cells}</sheetData></worksheet>'
    )
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = sheet.encode() if item.filename == "xl/worksheets/sheet1.xml" else source.read(item)
            target.writestr(item, data)
    return out.getvalue()


def _zip_not_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "这不是工作簿")
    return buffer.getvalue()


CORPUS = {
    "not_a_zip": ("名单.xlsx", lambda: "姓名,身份证号\n张三,110101199003070011\n".encode("gbk")),
    "zip_not_workbook": ("名单.xlsx", _zip_not_workbook),
    "wrong_sheet": ("名单.xlsx", lambda: _book([["张三", "110101199003070011", "370102"]], first_empty=True)),
    "formulas": ("名单.xlsx", lambda: _book([['=HYPERLINK("http://x","张三")', "=1+1", "370102"]])),
    "dates_as_text": (
        "名单.xlsx",
        lambda: _book([["张三", "110101199003070011", "370102", "二〇二四年三月", "去年"]]),
    ),
    "full_width_digits": (
        "名单.xlsx",
        lambda: _book([["张三", "１１０１０１１９９００３０７００１Ｘ", "３７０１０２"]]),
    ),
    "wrong_name": ("名单.csv", lambda: _book([["张三", "110101199003070011", "370102"]])),
}


def _counts(importer: Importer) -> dict[str, int]:
    counts = {label: apps.get_model(label).objects.count() for label in importer.models}
    counts["audit"] = AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT).count()
    return counts


def _post(client, importer: Importer, name: str, content: bytes):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(reverse(importer.url_name), {"file": upload}, HTTP_ACCEPT_LANGUAGE="zh-hans")


def _assert_refused_in_chinese(response) -> None:
    assert response.status_code < 500
    assert response.status_code in (200, 400)
    body = response.content.decode()
    assert any(word in body for word in ("工作簿", "公式", "行", "上限", "列", "日期", "身份证")), body[
        -2000:
    ]


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.url_name)
@pytest.mark.parametrize("case", sorted(CORPUS))
def test_a_bad_file_is_refused_in_chinese_and_changes_nothing(request, client, importer, case):
    client.force_login(request.getfixturevalue(importer.user_fixture))
    name, make = CORPUS[case]
    before = _counts(importer)

    response = _post(client, importer, name, make())

    _assert_refused_in_chinese(response)
    assert _counts(importer) == before


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.url_name)
def test_two_hundred_thousand_rows_are_refused_without_reading_them_all(request, client, importer):
    client.force_login(request.getfixturevalue(importer.user_fixture))
    before = _counts(importer)

    response = _post(client, importer, "名单.xlsx", _many_rows(200_000))

    _assert_refused_in_chinese(response)
    assert _counts(importer) == before


@pytest.mark.parametrize("importer", IMPORTERS, ids=lambda i: i.url_name)
def test_an_oversized_upload_is_refused(request, client, importer):
    client.force_login(request.getfixturevalue(importer.user_fixture))
    before = _counts(importer)

    with override_settings(SHEGONG_MAX_UPLOAD_BYTES=1024):
        response = _post(
            client, importer, "名单.xlsx", _book([["张三", "110101199003070011", "370102"]] * 50)
        )

    assert response.status_code == 400
    assert "上传上限" in response.content.decode()
    assert _counts(importer) == before
