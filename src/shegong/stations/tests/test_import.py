"""Excel import of stations and staff: all rows or none, every error by sheet, row and column in Chinese."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from shegong.common.tests.html import parse
from shegong.stations.models import Station, StationStaff
from shegong.stations.spreadsheets import stations_import, template_workbook
from shegong.stations.tests.factories import StationFactory

pytestmark = pytest.mark.django_db

STATION_HEADER = ["名称"] * 9
STAFF_HEADER = ["姓名"] * 12


def workbook(stations=(), staff=()):
    book = Workbook()
    first = book.active
    first.append(STATION_HEADER)
    for row in stations:
        first.append(list(row))
    second = book.create_sheet("staff")
    second.append(STAFF_HEADER)
    for row in staff:
        second.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


STATION = (
    "解放路街道社会工作服务站",
    "街道（镇）社工站",
    "370102001",
    "解放路1号",
    "",
    "",
    "",
    "",
    "2021-04-01",
)
HEAD = ("370102001", "", "王主任", "", "站长", "", "乡镇（街道）", "", "", "", "2021-04-01", "")
WORKER = ("370102001", "", "李社工", "", "驻站社工", "", "", "", "2021-04-01", "3", "2021-04-10", "")


def test_the_template_has_a_stations_sheet_a_staff_sheet_and_instructions():
    book = load_workbook(io.BytesIO(template_workbook()))

    assert book.sheetnames == ["社工站", "人员", "填写说明"]
    assert book["社工站"]["C1"].value == "区划代码"
    assert book["人员"]["A1"].value == "所在社工站的区划代码"


def test_a_station_and_its_staff_are_imported_together(divisions, lixia_officer):
    result = stations_import(actor=lixia_officer, content=workbook([STATION], [HEAD, WORKER]))

    assert result.ok, [str(e) for e in result.errors]
    station = Station.objects.get()
    assert station.division_id == "370102001"
    assert sorted(StationStaff.objects.values_list("name", "role", "contract_years")) == [
        ("李社工", "resident_worker", 3),
        ("王主任", "head", None),
    ]


def test_one_bad_row_saves_nothing_and_every_error_names_sheet_row_and_column(divisions, lixia_officer):
    StationFactory(division=divisions["370112001"])  # Licheng: outside the Lixia officer's reach
    second_in_same_town = ("另一个社工站", "", "370102001", "", "", "", "", "", "2021-05-01")
    bad_staff = ("370102001", "", "赵某", "", "校长", "", "", "", "2021/13/01", "三", "", "")
    unknown_station = ("370112001", "", "钱某", "", "驻站社工", "", "", "", "", "", "2021-04-01", "")

    result = stations_import(
        actor=lixia_officer,
        content=workbook([STATION, second_in_same_town], [WORKER, bad_staff, unknown_station]),
    )

    assert not result.ok
    assert [str(e) for e in result.errors] == [
        "工作表 社工站，第3行，C列（区划代码）：解放路街道已有社工站（解放路街道社会工作服务站），每个街道（镇）只设1个社工站。",
        "工作表 人员，第3行，E列（角色）：无法识别的值，请填写以下之一：站长 / 常务副站长 / 副站长 / 事务性岗位社工 / "
        "残疾人专员社工 / 驻站社工 / 社工点联络人 / 社工点社工。",
        "工作表 人员，第3行，I列（劳动合同签订日期）：不是有效日期，请按 2024-03-01 的格式填写。",
        "工作表 人员，第3行，J列（合同期限（年））：请填写整数。",
        "工作表 人员，第3行，K列（到岗日期）：此项必填。",
        "工作表 人员，第4行，A列（所在社工站的区划代码）：在本文件或您的管辖范围内，该区划没有此类型的社工站。",
    ]
    assert Station.objects.count() == 1
    assert not StationStaff.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused_in_chinese(divisions, lixia_officer):
    result = stations_import(actor=lixia_officer, content=b"not a workbook")

    assert [str(e) for e in result.errors] == ["该文件不是 Excel 工作簿（.xlsx）。"]


def test_the_import_page_lists_the_errors_and_answers_400(client, divisions, lixia_officer):
    client.force_login(lixia_officer)
    upload = SimpleUploadedFile("stations.xlsx", workbook([("", "", "999999999", "", "", "", "", "", "")]))

    response = client.post(
        reverse("stations:station-import"), {"file": upload}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    assert response.status_code == 400
    rows = parse(response.content).find(data_testid="import-errors").find("tbody").find_all("tr")
    assert [[cell.text for cell in row.find_all("td")] for row in rows] == [
        ["社工站", "2", "A 社工站名称", "此项必填。"],
        ["社工站", "2", "C 区划代码", "行政区划代码不存在。"],
        ["社工站", "2", "I 启用日期", "此项必填。"],
    ]
    assert not Station.objects.exists()


def test_the_template_downloads_for_an_officer(client, divisions, lixia_officer):
    client.force_login(lixia_officer)

    response = client.get(reverse("stations:station-template"))

    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).sheetnames[0] == "社工站"
