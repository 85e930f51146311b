"""Excel import and export of organisations: all or nothing, every error by row and column in Chinese."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from shegong.organizations.models import Organization
from shegong.organizations.spreadsheets import ORGANIZATION_SHEET, organizations_import
from shegong.organizations.tests.factories import OrganizationFactory, valid_uscc

pytestmark = pytest.mark.django_db


def workbook(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append([str(label) for _key, label in ORGANIZATION_SHEET.columns])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def row(name, uscc, kind="social_work_agency", division="370102"):
    return [name, uscc, kind, division, "", "", "", "济南市民政局", "", "2023-05-01", "是"]


def test_a_clean_workbook_registers_every_organisation(lixia_officer):
    content = workbook([row("甲社工中心", valid_uscc(901)), row("乙社工中心", valid_uscc(902))])

    result = organizations_import(actor=lixia_officer, content=content)

    assert result.ok
    assert sorted(Organization.objects.values_list("name", flat=True)) == ["乙社工中心", "甲社工中心"]
    first = Organization.objects.get(name="甲社工中心")
    assert first.public_interest is True and str(first.registered_on) == "2023-05-01"


def test_one_bad_row_saves_nothing_and_every_error_names_row_and_column(lixia_officer):
    OrganizationFactory(uscc=valid_uscc(903), division=lixia_officer.division)
    content = workbook(
        [
            row("甲社工中心", valid_uscc(901)),
            row("", "12345", kind="外星机构", division="999999"),
            row("丙社工中心", valid_uscc(903), division="370112"),
            row("丁社工中心", valid_uscc(901)),
        ]
    )

    with translation.override("zh-hans"):
        result = organizations_import(actor=lixia_officer, content=content)
        messages = [str(error) for error in result.errors]

    assert Organization.objects.count() == 1
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "name"),
        (3, "uscc"),
        (3, "kind"),
        (3, "division"),
        (4, "uscc"),
        (4, "division"),
        (5, "uscc"),
    ]
    assert messages[0] == "第 3 行 A 列（名称）：此项必填。"
    assert messages[-1].startswith("第 5 行 B 列（统一社会信用代码）：")


def test_a_file_that_is_not_a_workbook_is_refused_in_chinese(lixia_officer):
    with translation.override("zh-hans"):
        result = organizations_import(actor=lixia_officer, content=b"not excel")

        assert [str(e) for e in result.errors] == ["该文件不是 Excel 工作簿（.xlsx）。"]


def test_import_page_shows_errors_and_template_downloads(client, lixia_officer):
    client.force_login(lixia_officer)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("orgs.xlsx", workbook([row("", valid_uscc(905))]))
    response = client.post(reverse("organizations:organization-import"), {"file": upload})
    template = client.get(reverse("organizations:organization-template"))

    assert response.status_code == 400
    assert 'data-testid="import-errors"' in response.content.decode()
    assert load_workbook(io.BytesIO(template.content)).active["B1"].value


def test_the_export_holds_only_organisations_in_scope(client, divisions, lixia_officer):
    OrganizationFactory(name="历下机构", division=divisions["370102"])
    OrganizationFactory(name="历城机构", division=divisions["370112"])
    client.force_login(lixia_officer)

    response = client.get(reverse("organizations:organization-export"))

    values = [
        c for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True) for c in r
    ]
    assert "历下机构" in values and "历城机构" not in values
