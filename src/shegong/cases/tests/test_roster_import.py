"""Roster import (issue 8): template, deduplication by the ID number's keyed hash, all or nothing."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from shegong.cases import roster
from shegong.cases.models import Household, Member
from shegong.cases.tests.factories import LICHENG_VILLAGE, LIXIA_VILLAGE, adult_id, minor_id
from shegong.common.models import AuditEntry
from shegong.common.tests.html import parse
from shegong.workforce.tests.factories import with_wrong_check_digit

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}

HEAD_A, WIFE_A, CHILD_A = adult_id(1), adult_id(2), minor_id(3)
HEAD_B = adult_id(4)


def workbook(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append([str(label) for _key, label in roster.COLUMNS])
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def dibao_roster() -> bytes:
    return workbook(
        [
            (HEAD_A, LIXIA_VILLAGE, "解放桥社区3号楼", "低保、残疾人", "王建国", "户主", HEAD_A, "高血压"),
            (HEAD_A, "", "", "", "李秀梅", "配偶", WIFE_A, ""),
            (HEAD_A, "", "", "", "王小雨", "子女", CHILD_A, ""),
            (HEAD_B, LIXIA_VILLAGE, "解放桥社区5号楼", "留守、空巢老人", "赵桂兰", "", HEAD_B, ""),
        ]
    )


def test_a_roster_creates_households_and_members_with_encrypted_numbers(lixia_officer):
    result = roster.roster_import(actor=lixia_officer, content=dibao_roster())

    assert result.ok, [str(e) for e in result.errors]
    assert (result.households_created, result.members_created, result.members_skipped) == (2, 4, 0)
    first = Household.objects.get(address="解放桥社区3号楼")
    assert first.categories == ["dibao", "disabled"]
    assert Household.objects.get(address="解放桥社区5号楼").categories == ["left_behind_elderly"]
    members = {m.name: m for m in first.members.all()}
    assert {n: m.relation for n, m in members.items()} == {
        "王建国": "head",
        "李秀梅": "spouse",
        "王小雨": "child",
    }
    assert members["王建国"].id_number == HEAD_A and members["王建国"].health_notes == "高血压"
    assert (
        AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT, object_type="cases.household").count() == 1
    )


def test_importing_the_same_roster_twice_creates_no_duplicates(lixia_officer):
    assert roster.roster_import(actor=lixia_officer, content=dibao_roster()).ok

    again = roster.roster_import(actor=lixia_officer, content=dibao_roster())

    assert again.ok, [str(e) for e in again.errors]
    assert (again.households_created, again.members_created, again.members_skipped) == (0, 0, 4)
    assert (Household.objects.count(), Member.objects.count()) == (2, 4)


def test_a_later_roster_adds_new_members_and_categories_to_the_existing_household(lixia_officer):
    roster.roster_import(
        actor=lixia_officer,
        content=workbook([(HEAD_A, LIXIA_VILLAGE, "解放桥社区3号楼", "低保", "王建国", "户主", HEAD_A, "")]),
    )

    result = roster.roster_import(
        actor=lixia_officer,
        content=workbook(
            [
                (HEAD_A, LIXIA_VILLAGE, "解放桥社区3号楼", "低保 特困", "王建国", "户主", HEAD_A, ""),
                (HEAD_A, "", "", "", "王小雨", "子女", CHILD_A, ""),
            ]
        ),
    )

    assert result.ok and (result.households_created, result.members_created, result.households_updated) == (
        0,
        1,
        1,
    )
    household = Household.objects.get()
    assert household.categories == ["dibao", "tekun"]
    assert sorted(household.members.values_list("name", flat=True)) == ["王小雨", "王建国"]


def test_any_bad_row_saves_nothing_and_every_error_names_its_row_and_column(lixia_officer):
    bad = workbook(
        [
            (HEAD_A, LIXIA_VILLAGE, "解放桥社区3号楼", "低保", "王建国", "户主", HEAD_A, ""),
            (HEAD_A, "", "", "", "", "配偶", with_wrong_check_digit(WIFE_A), ""),
            (HEAD_A, "", "", "", "王小雨", "表亲", CHILD_A, ""),
            (HEAD_B, "999999999999", "解放桥社区5号楼", "低保户", "赵桂兰", "户主", HEAD_B, ""),
            (HEAD_B, "", "", "", "赵二", "子女", HEAD_A, ""),
            (adult_id(9), LICHENG_VILLAGE, "甸柳社区1号", "低保", "孙立", "子女", adult_id(10), ""),
        ]
    )

    with translation.override("zh-hans"):
        result = roster.roster_import(actor=lixia_officer, content=bad)
        messages = [str(e) for e in result.errors]
        duplicate = str(roster.DUPLICATE_IN_FILE) % {"row": 2}

    assert (Household.objects.count(), Member.objects.count()) == (0, 0)
    cells = [(e.row, e.letter) for e in result.errors]
    assert cells == [(3, "E"), (3, "G"), (4, "F"), (5, "B"), (5, "D"), (6, "G"), (7, "A"), (7, "B")]
    assert messages[1] == "第 3 行 G 列（居民身份证号码）：居民身份证号码的校验码不正确。"
    assert messages[5] == f"第 6 行 G 列（居民身份证号码）：{duplicate}"
    assert messages[6] == f"第 7 行 A 列（户主身份证号码）：{roster.HEAD_ROW_MISSING}"


def test_an_existing_member_in_another_household_is_refused(lixia_officer):
    roster.roster_import(actor=lixia_officer, content=dibao_roster())

    result = roster.roster_import(
        actor=lixia_officer,
        content=workbook(
            [
                (adult_id(20), LIXIA_VILLAGE, "解放桥社区7号楼", "低保", "孙立", "户主", adult_id(20), ""),
                (adult_id(20), "", "", "", "李秀梅", "配偶", WIFE_A, ""),
            ]
        ),
    )

    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (3, "id_number", str(roster.IN_OTHER_HOUSEHOLD))
    ]
    assert Household.objects.count() == 2


def test_a_household_outside_the_officers_reach_is_not_touched(lixia_officer, licheng_officer):
    roster.roster_import(actor=lixia_officer, content=dibao_roster())

    result = roster.roster_import(
        actor=licheng_officer,
        content=workbook([(HEAD_A, LICHENG_VILLAGE, "甸柳社区1号", "特困", "王建国", "户主", HEAD_A, "")]),
    )

    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (2, "head_id_number", str(roster.HOUSEHOLD_NOT_YOURS))
    ]
    assert Household.objects.get(address="解放桥社区3号楼").categories == ["dibao", "disabled"]


def test_the_check_costs_a_fixed_number_of_queries(lixia_officer, django_assert_max_num_queries):
    rows = [
        (
            adult_id(100 + n),
            LIXIA_VILLAGE,
            f"解放桥社区{n}号",
            "低保",
            f"居民{n}",
            "户主",
            adult_id(100 + n),
            "",
        )
        for n in range(40)
    ]
    from shegong.common.uploads import read_sheet_rows

    parsed = read_sheet_rows(workbook(rows), width=len(roster.KEYS), max_rows=roster.MAX_ROWS)
    with django_assert_max_num_queries(6):
        households, errors = roster._check(lixia_officer, parsed)
    assert not errors and len(households) == 40


def test_the_import_page_offers_the_template_and_lists_errors_in_chinese(client, lixia_officer):
    client.force_login(lixia_officer)

    template = client.get(reverse("cases:roster-template"), **ZH)
    header = [c.value for c in load_workbook(io.BytesIO(template.content)).worksheets[0][1]]
    upload = io.BytesIO(workbook([(HEAD_A, LIXIA_VILLAGE, "", "低保", "王建国", "户主", HEAD_A, "")]))
    upload.name = "低保名册.xlsx"
    response = client.post(reverse("cases:roster-import"), {"file": upload}, **ZH)

    assert header[:3] == ["户主身份证号码", "村（社区）代码", "地址"]
    assert response.status_code == 400
    errors = parse(response.content).find(data_testid="import-errors").text
    assert "C 地址" in errors and "此项必填" in errors
    assert Household.objects.count() == 0


def test_the_import_page_accepts_a_roster_and_reports_counts(client, worker, divisions):
    client.force_login(worker)
    upload = io.BytesIO(dibao_roster())
    upload.name = "roster.xlsx"

    response = client.post(reverse("cases:roster-import"), {"file": upload}, **ZH)

    assert response.status_code == 302 and response["Location"] == reverse("cases:household-list")
    assert set(Household.objects.values_list("assigned_worker", flat=True)) == {worker.pk}


def test_a_file_that_is_not_a_workbook_is_refused_in_chinese(client, lixia_officer):
    client.force_login(lixia_officer)
    upload = io.BytesIO(b"name,id\n")
    upload.name = "roster.csv"

    response = client.post(reverse("cases:roster-import"), {"file": upload}, **ZH)

    assert response.status_code == 400 and ".xlsx" in response.content.decode()
    assert Household.objects.count() == 0
