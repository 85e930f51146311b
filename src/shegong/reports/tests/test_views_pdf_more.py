"""More PDF reports read back with pdftotext: station monthly brief (JN-13), Huizhou assessment summary
(HZ-04), district annual implementation report (JN-15)."""

import datetime

import pytest
from django.urls import reverse

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.cases.tests.factories import CaseFactory, HouseholdFactory
from shegong.geo.tests.factories import make_tree
from shegong.reports import packages
from shegong.reports.tests.test_views_pdf import pdf_text
from shegong.stations.models import SubmissionKind
from shegong.stations.tests.factories import (
    ServiceHoursFactory,
    StationFactory,
    StationStaffFactory,
    SubmissionFactory,
)
from shegong.workforce.models import AssessmentGrade
from shegong.workforce.tests.factories import AssessmentFactory, PractitionerFactory

pytestmark = pytest.mark.django_db
d = datetime.date
HUIZHOU_TREE = {
    "44": "广东省",
    "4413": "惠州市",
    "441302": "惠城区",
    "441302001": "桥东街道",
    "441302002": "桥西街道",
}


@pytest.fixture
def station(divisions):
    station = StationFactory(
        name="解放路街道社工站", division=divisions["370102001"], opened_on=d(2023, 1, 1)
    )
    staff = StationStaffFactory(station=station, name="李社工", on_post_from=d(2023, 1, 1))
    StationStaffFactory(station=station, name="王前任", on_post_from=d(2023, 1, 1), left_on=d(2023, 12, 31))
    ServiceHoursFactory(staff=staff, week_start=d(2024, 3, 4), hours=30)
    ServiceHoursFactory(staff=staff, week_start=d(2024, 3, 11), hours=12)
    ServiceHoursFactory(staff=staff, week_start=d(2024, 4, 1), hours=40)
    household = HouseholdFactory(division=divisions["370102001002"], station=station)
    CaseFactory(household=household, opened_on=d(2024, 3, 5))
    CaseFactory(household=household, opened_on=d(2024, 2, 5))
    return station


def test_station_monthly_brief_counts_the_month(lixia_officer, station):
    brief = packages.station_monthly_brief(viewer=lixia_officer, pk=station.pk, month="2024-03")

    assert [(s.name, hours) for s, hours in brief["staff"]] == [("李社工", 42)]
    assert (brief["households"], brief["cases_opened"], brief["cases_open"], brief["visits"]) == (1, 1, 2, 0)


def test_station_monthly_brief_pdf_reads_back_in_chinese(client, lixia_officer, station, tmp_path):
    client.force_login(lixia_officer)

    response = client.get(reverse("reports:station-brief-pdf", args=[station.pk, "2024-03"]))

    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "解放路街道社工站2024-03月度简报" in text
    assert "李社工" in text and "王前任" not in text


def test_a_month_that_does_not_exist_is_a_clear_400(client, lixia_officer, station):
    client.force_login(lixia_officer)

    response = client.get(reverse("reports:station-brief-pdf", args=[station.pk, "2024-13"]))

    assert response.status_code == 400
    assert response.content.decode() == "请按 YYYY-MM 格式输入月份，例如 2024-03。"


def test_another_districts_station_brief_is_404(client, licheng_officer, station):
    client.force_login(licheng_officer)

    assert client.get(reverse("reports:station-brief-pdf", args=[station.pk, "2024-03"])).status_code == 404


@pytest.fixture
def huizhou():
    tree = make_tree(HUIZHOU_TREE)
    for _n, (grade, final_on) in enumerate(
        [
            (AssessmentGrade.EXCELLENT, d(2023, 10, 31)),
            (AssessmentGrade.QUALIFIED, d(2023, 11, 1)),
            (AssessmentGrade.QUALIFIED, d(2023, 9, 1)),
        ]
    ):
        AssessmentFactory(
            practitioner=PractitionerFactory(division=tree["441302001"]),
            year=2023,
            grade=grade,
            final_on=final_on,
        )
    AssessmentFactory(practitioner=PractitionerFactory(division=tree["441302001"]), year=2022)
    east = StationFactory(division=tree["441302001"], opened_on=d(2022, 1, 1))
    StationFactory(division=tree["441302002"], opened_on=d(2023, 6, 1))
    SubmissionFactory(
        kind=SubmissionKind.STATION_EVALUATION,
        station=east,
        division=tree["441302"],
        period="2023",
        due_on=d(2023, 12, 31),
        submitted_on=d(2023, 12, 20),
    )
    return tree


def test_huizhou_assessment_summary_counts_grades_and_deadlines(huizhou):
    officer = UserFactory(role=Role.CITY_OFFICER, division=huizhou["4413"])

    summary = packages.huizhou_assessment_summary(viewer=officer, within="4413", year=2023)

    assert [(n, on_time) for _label, n, on_time in summary["grades"]] == [(1, 1), (2, 1), (0, 0), (0, 0)]
    assert [label for label, _n, _on_time in summary["grades"]] == list(AssessmentGrade.labels)
    assert (summary["assessed"], summary["assessed_on_time"], summary["worker_deadline"]) == (
        3,
        2,
        d(2023, 10, 31),
    )
    assert (summary["stations"], summary["evaluated"], summary["evaluated_on_time"]) == (2, 1, 1)


def test_huizhou_assessment_summary_pdf_and_its_refusals(client, huizhou, jinan_officer, tmp_path):
    officer = UserFactory(role=Role.CITY_OFFICER, division=huizhou["4413"])
    client.force_login(officer)
    url = reverse("reports:huizhou-assessment-pdf")

    text = pdf_text(client.get(url, {"division": "4413", "year": "2023"}).content, tmp_path)
    assert "惠州市2023年度考核汇总" in text and "优秀" in text

    refused = client.get(url, {"division": "3701", "year": "2023"})
    assert refused.status_code == 400
    assert refused.content.decode() == "请选择您管辖范围内的惠州市或其所辖区（县）。"

    client.force_login(jinan_officer)
    assert client.get(url, {"division": "4413", "year": "2023"}).status_code == 400


def test_district_annual_report_pdf_reads_back(lixia_officer, station, tmp_path):
    content = packages.district_annual_report_pdf(
        viewer=lixia_officer, division=station.division.parent, year=2024
    )

    text = pdf_text(content, tmp_path)
    assert "历下区2024年度实施情况报告" in text
    assert "社工站及覆盖情况" in text


def test_the_first_page_renders_as_an_image_a_person_can_read(client, lixia_officer, station, tmp_path):
    """Issue 10: the first page as a picture (pdftoppm), with ink on it where the text is; the PNG is kept
    in e2e/screenshots for a person to look at."""
    import shutil
    import subprocess
    from pathlib import Path

    from django.conf import settings
    from PIL import Image

    client.force_login(lixia_officer)
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(client.get(reverse("reports:station-brief-pdf", args=[station.pk, "2024-03"])).content)

    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(tmp_path / "page"),
        ],
        check=True,
        capture_output=True,
    )

    image = Image.open(tmp_path / "page.png").convert("L")
    width, height = image.size
    assert width > 500 and height > width  # an A4 portrait page
    dark = sum(1 for value in image.getdata() if value < 128)
    assert 0.002 < dark / (width * height) < 0.5  # text on a white page, neither blank nor black
    screenshots = Path(settings.BASE_DIR) / "e2e" / "screenshots"
    screenshots.mkdir(parents=True, exist_ok=True)
    shutil.copy(tmp_path / "page.png", screenshots / "report-station-brief-page1.png")
