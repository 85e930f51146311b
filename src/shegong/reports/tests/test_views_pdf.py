"""PDF reports: Chinese text rendered in Noto Sans CJK, read back from the PDF with pdftotext."""

import datetime
import shutil
import subprocess

import pytest
from django.urls import reverse

from shegong.organizations.tests.factories import OrganizationFactory
from shegong.policy.models import Finding
from shegong.workforce.models import CertificateLevel
from shegong.workforce.tests.factories import CertificateFactory, PractitionerFactory

pytestmark = pytest.mark.django_db

CLAUSE_TEXT = "每个街道（镇）应设立1个社工站，每个社工站原则上配备不少于3人。"


def _poppler(tool: str, content: bytes, tmp_path, *args: str) -> str:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed: cannot read the PDF back")
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    result = subprocess.run(
        [tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])], capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")


def pdf_text(content: bytes, tmp_path) -> str:
    """The text of a PDF as pdftotext reads it, whitespace removed."""
    return "".join(_poppler("pdftotext", content, tmp_path, "-enc", "UTF-8").split())


def pdf_fonts(content: bytes, tmp_path) -> str:
    """The font table of a PDF as pdffonts prints it."""
    return _poppler("pdffonts", content, tmp_path)


@pytest.fixture
def organization(divisions):
    organization = OrganizationFactory(name="历下区阳光社会工作服务中心", division=divisions["370102"])
    day = datetime.date(2022, 6, 30)
    for n, state in enumerate(("open", "resolved")):
        Finding.objects.create(
            rule_id="JN-04",
            rule_version=1,
            document="jinan-2021-station-plan",
            clause="三(二)",
            severity="high",
            subject_type="stations.station",
            subject_id=str(n),
            subject_repr=f"解放路街道社工站{n}",
            division=divisions["370102001"],
            organization=organization,
            as_of=day,
            measured="2",
            threshold="3",
            explanation_zh=f"社工站仅有2名驻站人员{n}",
            explanation_en="Only 2 staff",
            first_seen=day,
            last_seen=day,
            state=state,
        )
    return organization


def test_compliance_report_lists_open_findings_with_their_clause_text(
    client, lixia_officer, organization, tmp_path
):
    client.force_login(lixia_officer)

    response = client.get(reverse("reports:organization-compliance-pdf", args=[organization.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "+Noto-Sans-CJK-SC" in pdf_fonts(response.content, tmp_path)  # the CJK font is embedded
    text = pdf_text(response.content, tmp_path)
    assert "合规报告：历下区阳光社会工作服务中心" in text
    assert "社工站仅有2名驻站人员0" in text
    assert "社工站仅有2名驻站人员1" not in text  # resolved findings are not in the report
    assert CLAUSE_TEXT in text


def test_compliance_report_of_an_organisation_outside_the_jurisdiction_is_404(
    client, licheng_officer, organization
):
    client.force_login(licheng_officer)

    response = client.get(reverse("reports:organization-compliance-pdf", args=[organization.pk]))

    assert response.status_code == 404


def test_credit_file_summarises_the_practitioner(client, lixia_officer, divisions, tmp_path):
    practitioner = PractitionerFactory(name="王芳", division=divisions["370102001"])
    CertificateFactory(practitioner=practitioner, level=CertificateLevel.INTERMEDIATE, number="ZJ2019000123")
    client.force_login(lixia_officer)

    response = client.get(reverse("reports:practitioner-credit-file-pdf", args=[practitioner.pk]))

    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    assert "信用档案：王芳" in text
    assert "社会工作师ZJ2019000123" in text
    assert practitioner.id_number not in text  # only the masked number is printed
    assert practitioner.id_number_masked in text
