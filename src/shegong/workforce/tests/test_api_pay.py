"""API: assessments, credit file, pay records and salary guides — in scope, Chinese errors, nothing saved."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from shegong.organizations.tests.factories import OrganizationFactory
from shegong.workforce.models import PayRecord, Rank
from shegong.workforce.tests.factories import (
    AssessmentFactory,
    ComplaintFactory,
    PractitionerFactory,
    guide_with,
    make_id_number,
)

pytestmark = pytest.mark.django_db


def test_assessments_and_credit_file_of_a_practitioner_in_scope(client, lixia_officer, divisions):
    person = PractitionerFactory(division=divisions["370102"])
    AssessmentFactory(practitioner=person, year=2021)
    complaint = ComplaintFactory(practitioner=person, summary="迟到")
    complaint.steps.create(taken_on=datetime.date(2022, 3, 2), description="电话核实")
    client.force_login(lixia_officer)

    assessments = client.get(reverse("api:practitioner-assessments", args=[person.pk])).json()
    credit = client.get(reverse("api:practitioner-credit-file", args=[person.pk])).json()

    assert [(a["year"], a["grade"]) for a in assessments] == [(2021, "qualified")]
    assert credit["complaints"][0]["summary"] == "迟到"
    assert credit["complaints"][0]["steps"] == [
        {"id": complaint.steps.get().pk, "taken_on": "2022-03-02", "description": "电话核实"}
    ]
    assert credit["violations"] == [] and credit["decisions"] == []


def test_pay_records_are_added_through_the_service(client, lixia_officer, divisions):
    person = PractitionerFactory(division=divisions["370102"])
    employer = OrganizationFactory(division=divisions["370102"])
    client.force_login(lixia_officer)
    url = reverse("api:practitioner-pay-records", args=[person.pk])

    created = client.post(
        url,
        {
            "month": "2024-02-01",
            "employer": employer.pk,
            "rank": Rank.SOCIAL_WORKER,
            "domain": "charity",
            "gross_pay": "7600.00",
        },
        content_type="application/json",
    )

    assert created.status_code == 201
    assert client.get(url).json()[0]["gross_pay"] == "7600.00"


def test_a_pay_month_not_on_the_first_is_a_400_in_chinese_and_nothing_saved(client, lixia_officer, divisions):
    person = PractitionerFactory(division=divisions["370102"])
    employer = OrganizationFactory(division=divisions["370102"])
    client.force_login(lixia_officer)

    response = client.post(
        reverse("api:practitioner-pay-records", args=[person.pk]),
        {
            "month": "2024-02-15",
            "employer": employer.pk,
            "rank": Rank.SOCIAL_WORKER,
            "domain": "charity",
            "gross_pay": "7600",
        },
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.status_code == 400
    assert "月份请填写该月的第一天。" in response.json()["detail"]
    assert PayRecord.objects.count() == 0


def test_pay_records_of_a_practitioner_out_of_scope_are_404(client, lixia_officer, divisions):
    person = PractitionerFactory(division=divisions["370112"], id_number=make_id_number(4, area="370112"))
    client.force_login(lixia_officer)

    assert client.get(reverse("api:practitioner-pay-records", args=[person.pk])).status_code == 404


def test_salary_guides_with_their_cells(client, lixia_officer, divisions):
    guide_with(divisions["3701"], {(Rank.SUPERVISOR, "health"): 12000}, title="济南指导价")
    client.force_login(lixia_officer)

    body = client.get(reverse("api:salary-guide-list"), {"city": "3701"}).json()

    [guide] = body["results"]
    assert guide["title"] == "济南指导价" and guide["city_code"] == "3701"
    assert guide["rows"] == [{"rank": "supervisor", "domain": "health", "monthly_pay": "12000.00"}]
    assert Decimal(guide["rows"][0]["monthly_pay"]) == 12000
