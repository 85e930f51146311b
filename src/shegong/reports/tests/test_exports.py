"""The export centre: every major list to Excel through the scoped selectors (issue 10)."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from shegong.cases.tests.factories import HouseholdFactory
from shegong.common.tests.html import parse
from shegong.geo.tests.factories import make_division
from shegong.organizations.models import Organization, OrganizationKind
from shegong.organizations.tests.factories import OrganizationFactory, valid_uscc
from shegong.policy.models import Finding
from shegong.procurement.tests.factories import ProjectFactory
from shegong.reports.exports import EXPORTS, export_workbook, mask_address
from shegong.reports.models import BackgroundJob, JobState
from shegong.stations.tests.factories import StationFactory
from shegong.workforce.tests.factories import PractitionerFactory

pytestmark = pytest.mark.django_db


def _sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def _data(sheet, header: str) -> list[list]:
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(rows) if r[0] == header)
    return rows[start:]


def test_export_centre_lists_every_major_list(client, lixia_officer):
    client.force_login(lixia_officer)

    links = parse(client.get(reverse("reports:export-center")).content).find(data_testid="export-list")

    assert [a.text for a in links.find_all("a")][:6] == [
        "社会工作者",
        "社会组织",
        "购买服务项目",
        "社工站",
        "问题台账",
        "一户一档（脱敏）",
    ]


def test_an_export_writes_the_filters_on_top_and_freezes_the_header(client, lixia_officer, divisions):
    OrganizationFactory(
        name="历下区阳光社工服务中心", division=divisions["370102"], kind=OrganizationKind.FOUNDATION
    )
    OrganizationFactory(
        name="历下区社工协会", division=divisions["370102"], kind=OrganizationKind.SOCIAL_GROUP
    )
    client.force_login(lixia_officer)

    response = client.post(
        reverse("reports:export", args=["organizations"]), {"kind": "foundation", "within": "370102"}
    )

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = _sheet(response.content)
    top = [sheet.cell(row=n, column=1).value for n in range(1, 5)]
    assert top[0] == "社会组织"
    assert top[2:] == ["区划：历下区", "类型：基金会"]
    table = _data(sheet, "名称")
    assert table[0][:3] == ["名称", "统一社会信用代码", "类型"]
    assert [row[0] for row in table[1:]] == ["历下区阳光社工服务中心"]
    assert sheet.freeze_panes == f"A{6 + 1}"
    assert sheet.column_dimensions["A"].width >= 22


def test_a_bad_filter_is_refused_with_a_chinese_message(client, lixia_officer):
    client.force_login(lixia_officer)

    response = client.post(reverse("reports:export", args=["organizations"]), {"within": "37x"})

    assert response.status_code == 400
    assert "请输入 2 至 12 位数字的区划代码。" in response.content.decode()
    assert BackgroundJob.objects.count() == 0


def test_an_unknown_export_is_404(client, lixia_officer):
    client.force_login(lixia_officer)

    assert client.get(reverse("reports:export", args=["passwords"])).status_code == 404


def test_each_export_is_scoped_to_the_viewer(lixia_officer, divisions):
    day = datetime.date(2022, 6, 30)
    for code, name in (("370102001", "历下"), ("370112001", "历城")):
        town = divisions[code]
        village = town.children.first()
        PractitionerFactory(name=f"{name}社工", division=town)
        OrganizationFactory(name=f"{name}社工中心", division=town)
        ProjectFactory(name=f"{name}项目", purchaser_division=town)
        StationFactory(name=f"{name}社工站", division=town)
        HouseholdFactory(address=f"{name}路12号", division=village)
        Finding.objects.create(
            rule_id="JN-04",
            rule_version=1,
            document="jinan-2021-station-plan",
            clause="三(二)",
            severity="high",
            subject_type="stations.station",
            subject_id=code,
            subject_repr=f"{name}问题",
            division=town,
            as_of=day,
            measured="2",
            threshold="3",
            explanation_zh="x",
            explanation_en="x",
            first_seen=day,
            last_seen=day,
        )
    expected = {
        "practitioners": "历下社工",
        "organizations": "历下社工中心",
        "projects": "历下项目",
        "stations": "历下社工站",
        "findings": "JN-04",
        "households": "解放桥社区居民委员会",
    }
    for name, first_cell in expected.items():
        spec = EXPORTS[name]
        content, rows = export_workbook(spec, viewer=lixia_officer, filters={}, applied=[])
        assert rows == 1, name
        data = _data(_sheet(content), str(spec.headers[0]))
        assert [r[0] for r in data[1:]] == [first_cell], name


def test_household_export_masks_house_numbers_and_lists_no_member(lixia_officer, divisions):
    HouseholdFactory(address="解放路12号3单元", division=divisions["370102001002"])

    content, _rows = export_workbook(EXPORTS["households"], viewer=lixia_officer, filters={}, applied=[])

    data = _data(_sheet(content), "村（社区）")
    assert data[1][1] == "解放路**号*单元"
    assert mask_address("") == ""


def test_an_export_costs_a_bounded_number_of_queries(lixia_officer, divisions, django_assert_max_num_queries):
    for n in range(30):
        StationFactory(name=f"站{n}", division=make_division(f"370102{100 + n:03d}"))

    with django_assert_max_num_queries(3):
        _content, rows = export_workbook(EXPORTS["stations"], viewer=lixia_officer, filters={}, applied=[])
    assert rows == 30


def test_an_export_of_10000_rows_runs_in_the_background_and_opens_with_every_row(
    client, lixia_officer, divisions, settings
):
    settings.SHEGONG_EXPORT_INLINE_ROWS = 5000
    Organization.objects.bulk_create(
        Organization(
            name=f"历下社会组织{n:05d}",
            uscc=valid_uscc(900000 + n),
            kind=OrganizationKind.SOCIAL_WORK_AGENCY,
            division=divisions["370102"],
        )
        for n in range(10_000)
    )
    client.force_login(lixia_officer)

    response = client.post(reverse("reports:export", args=["organizations"]), {})

    assert response.status_code == 302
    assert response["Location"] == reverse("reports:job-list")
    job = BackgroundJob.objects.get()
    assert (job.kind, job.state, job.progress) == ("export", JobState.DONE, 100)
    download = client.get(reverse("reports:job-download", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True).active
    data = _data(sheet, "名称")
    assert len(data) - 1 == 10_000
    assert data[1][0] == "历下社会组织00000" and data[-1][0] == "历下社会组织09999"
