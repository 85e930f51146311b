"""The client file's PDF export (issue 8): it asks for a reason, logs it, and masks the ID numbers."""

import pytest
from django.urls import reverse

from shegong.cases.tests.factories import add_member, adult_id
from shegong.common.models import AuditEntry
from shegong.reports.tests.test_views_pdf import pdf_text

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def test_the_export_needs_a_reason_and_is_logged_with_it(client, household, worker, tmp_path):
    member = add_member(household, name="王建国", number=adult_id(3), health_notes="糖尿病")
    client.force_login(worker)
    url = reverse("cases:household-pdf", args=[household.pk])

    refused = client.post(url, {"reason": " "}, **ZH)
    assert refused.status_code == 400
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()

    response = client.post(url, {"reason": "转介残联办理辅具"}, **ZH)

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "王建国" in text and member.id_number_masked in text
    assert adult_id(3) not in text and "糖尿病" not in text
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert (entry.actor, entry.reason, entry.object_id) == (worker, "转介残联办理辅具", str(household.pk))


def test_another_worker_cannot_export_the_file(client, household, other_worker):
    client.force_login(other_worker)

    response = client.post(reverse("cases:household-pdf", args=[household.pk]), {"reason": "查看"}, **ZH)

    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()
