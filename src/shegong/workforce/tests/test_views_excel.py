"""Excel in and out: the template, an all-or-nothing import with errors by row and column, the export."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from shegong.common.models import AuditEntry
from shegong.organizations.tests.factories import OrganizationFactory
from shegong.workforce.models import Certificate, Employment, Practitioner
from shegong.workforce.spreadsheets import KEYS, practitioners_import
from shegong.workforce.tests.factories import PractitionerFactory, make_id_number, with_wrong_check_digit

pytestmark = pytest.mark.django_db


def workbook(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(KEYS)
    for row in rows:
        sheet.append([row.get(key) for key in KEYS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def row(n, **extra):
    values = {"name": f"社工{n}", "id_number": make_id_number(n, area="370102"), "division": "370102"}
    values.update(extra)
    return values


def test_the_template_has_the_columns_in_chinese(client, lixia_officer):
    client.force_login(lixia_officer)

    response = client.get(reverse("workforce:practitioner-template"), HTTP_ACCEPT_LANGUAGE="zh-hans")

    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:3] == ["姓名", "居民身份证号码", "区划代码"]
    assert len(headers) == len(KEYS)


def test_a_clean_workbook_saves_every_row_with_post_and_certificate(divisions, lixia_officer):
    organization = OrganizationFactory(division=divisions["370102"])
    content = workbook(
        [
            row(
                1,
                employer=organization.uscc,
                post="个案社工",
                starts_on=datetime.date(2021, 3, 1),
                certificate_level="社会工作师",
                certificate_number="Z001",
                certificate_issued_on="2020-06-01",
                education_level="本科",
                major_is_social_work="是",
            ),
            row(2),
        ]
    )

    result = practitioners_import(actor=lixia_officer, content=content)

    assert result.errors == []
    assert Practitioner.objects.count() == 2
    first = Practitioner.objects.get(name="社工1")
    assert (first.employer, first.education_level, first.major_is_social_work) == (
        organization,
        "bachelor",
        True,
    )
    assert Employment.objects.get().is_professional_post is True
    assert Certificate.objects.get().level == "intermediate"
    assert AuditEntry.objects.filter(action="import").count() == 1


def test_every_error_is_listed_by_row_and_column_and_nothing_is_saved(client, divisions, lixia_officer):
    PractitionerFactory(division=divisions["370102"], id_number=make_id_number(9, area="370102"))
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    content = workbook(
        [
            row(1),
            row(2, id_number=with_wrong_check_digit(make_id_number(2, area="370102"))),
            row(3, employer="91440300MA5XXXXXXX", post="社工", starts_on="2021-01-01"),
            row(4, id_number=make_id_number(1, area="370102")),  # the same as row 2 of the sheet
            row(5, id_number=make_id_number(9, area="370102")),  # already registered
            row(6, certificate_level="助理社会工作师", certificate_number="Z9", certificate_issued_on=future),
        ]
    )
    client.force_login(lixia_officer)
    upload = io.BytesIO(content)
    upload.name = "社工.xlsx"

    response = client.post(
        reverse("workforce:practitioner-import"), {"file": upload}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    assert response.status_code == 400
    messages = [str(e) for e in response.context["import_errors"]]
    assert messages == [
        "第 3 行 B 列（居民身份证号码）：居民身份证号码的校验码不正确。",
        "第 4 行 D 列（工作单位统一社会信用代码）：您的管辖区域内没有该统一社会信用代码的社会组织。",
        "第 5 行 B 列（居民身份证号码）：与第 2 行的身份证号码重复。",
        "第 6 行 B 列（居民身份证号码）：该居民身份证号码的社会工作者已登记。",
        "第 7 行 O 列（发证日期）：日期不能晚于今天。",
    ]
    assert Practitioner.objects.count() == 1
    assert not AuditEntry.objects.filter(action="import").exists()


def test_an_organisation_outside_the_jurisdiction_is_unknown(divisions, lixia_officer):
    licheng = OrganizationFactory(division=divisions["370112"])

    result = practitioners_import(
        actor=lixia_officer,
        content=workbook(
            [
                row(1, employer=licheng.uscc, post="社工", starts_on="2021-01-01"),
                row(2, division="370112"),
            ]
        ),
    )

    assert [(e.row, e.column) for e in result.errors] == [(2, "employer"), (3, "division")]
    assert Practitioner.objects.count() == 0


@pytest.mark.slow
def test_a_thousand_rows_with_one_bad_row_save_nothing_and_a_clean_thousand_save_all(
    divisions, lixia_officer
):
    rows = [row(i, born=None) for i in range(1000)]
    for r in rows:
        r.pop("born")
    bad = dict(rows[700], id_number=with_wrong_check_digit(rows[700]["id_number"]))

    result = practitioners_import(actor=lixia_officer, content=workbook(rows[:700] + [bad] + rows[701:]))

    assert [(e.row, e.column) for e in result.errors] == [(702, "id_number")]
    assert Practitioner.objects.count() == 0

    result = practitioners_import(actor=lixia_officer, content=workbook(rows))

    assert result.errors == [] and Practitioner.objects.count() == 1000


def test_a_file_that_is_not_a_workbook_is_refused(lixia_officer, divisions):
    result = practitioners_import(actor=lixia_officer, content=b"name,id\n")

    assert [e.column for e in result.errors] == [""]


def test_the_export_holds_the_filtered_list_in_scope_with_masked_ids(client, lixia_officer, divisions):
    inside = PractitionerFactory(
        division=divisions["370102"], name="张三", id_number=make_id_number(1, area="370102")
    )
    PractitionerFactory(
        division=divisions["370102"],
        name="李四",
        id_number=make_id_number(2, area="370102"),
        filed_since=None,
    )
    PractitionerFactory(division=divisions["370112"], name="王芳", id_number=make_id_number(3, area="370112"))
    client.force_login(lixia_officer)

    response = client.get(
        reverse("workforce:practitioner-export"), {"state": "filed"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    values = [[c for c in r if c is not None] for r in sheet.iter_rows(values_only=True)]
    flat = [str(v) for r in values for v in r]
    assert "张三" in flat and inside.id_number_masked in flat
    assert "李四" not in flat and "王芳" not in flat
    assert inside.id_number not in flat
    assert "备案状态：已备案" in flat
    assert AuditEntry.objects.filter(action="export", object_type="workforce.practitioner").count() == 1
