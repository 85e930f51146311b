"""Practitioner API: masked reads in scope, the same writes as the pages, Chinese errors naming the field."""

import pytest
from django.urls import reverse

from shegong.workforce.models import FilingState, Practitioner, TrainingRecord
from shegong.workforce.tests.factories import PractitionerFactory, make_id_number, with_wrong_check_digit

pytestmark = pytest.mark.django_db

LIST = reverse("api:practitioner-list")


def test_the_api_lists_practitioners_in_scope_with_masked_id_numbers(client, lixia_officer, divisions):
    inside = PractitionerFactory(
        division=divisions["370102"], name="张三", id_number=make_id_number(1, area="370102")
    )
    PractitionerFactory(division=divisions["370112"], name="李四", id_number=make_id_number(2, area="370112"))
    client.force_login(lixia_officer)

    body = client.get(LIST, {"q": "zs"}).json()

    assert [row["name"] for row in body["results"]] == ["张三"]
    assert body["results"][0]["id_number"] == inside.id_number_masked
    assert inside.id_number not in str(client.get(LIST).json())


def test_a_bad_id_number_is_a_400_in_chinese_naming_the_field(client, lixia_officer, divisions):
    client.force_login(lixia_officer)

    response = client.post(
        LIST,
        {
            "name": "张三",
            "id_number": with_wrong_check_digit(make_id_number(1, area="370102")),
            "division": "370102",
        },
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.status_code == 400
    assert response.json()["detail"] == "居民身份证号码：居民身份证号码的校验码不正确。"
    assert Practitioner.objects.count() == 0


def test_training_hours_and_filing_steps_through_the_api(client, lixia_officer, divisions):
    person = PractitionerFactory(division=divisions["370102"], filed_since=None)
    client.force_login(lixia_officer)

    added = client.post(
        reverse("api:practitioner-training-records", args=[person.pk]),
        {"kind": "continuing_education", "hours": "8", "held_on": "2022-03-01"},
        content_type="application/json",
    )
    moved = client.post(
        reverse("api:practitioner-transition", args=[person.pk]),
        {"to_state": "under_review"},
        content_type="application/json",
    )
    refused = client.post(
        reverse("api:practitioner-transition", args=[person.pk]),
        {"to_state": "suspended"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert added.status_code == 201 and TrainingRecord.objects.get().hours == 8
    assert moved.status_code == 200 and moved.json()["filing_state"] == FilingState.UNDER_REVIEW
    assert refused.status_code == 400
    assert refused.json()["detail"] == "新的备案状态：备案状态为“审核中”的社会工作者不能变更为“已暂停”。"
    history = client.get(reverse("api:practitioner-transition", args=[person.pk])).json()
    assert [step["to_state"] for step in history] == ["applied", "under_review"]


def test_writes_outside_the_jurisdiction_answer_404_and_change_nothing(client, lixia_officer, divisions):
    outside = PractitionerFactory(division=divisions["370112"])
    client.force_login(lixia_officer)

    response = client.post(
        reverse("api:practitioner-transition", args=[outside.pk]),
        {"to_state": "suspended", "reason": "投诉"},
        content_type="application/json",
    )

    assert response.status_code == 404
    outside.refresh_from_db()
    assert outside.filing_state == FilingState.FILED


def test_an_organisation_admin_may_not_move_the_filing_through_the_api(client, divisions):
    from shegong.accounts.models import Role
    from shegong.accounts.tests.factories import UserFactory
    from shegong.organizations.tests.factories import OrganizationFactory

    organization = OrganizationFactory(division=divisions["370102"])
    admin = UserFactory(role=Role.ORG_ADMIN, organization=organization)
    person = PractitionerFactory(division=divisions["370102"], employer=organization)
    client.force_login(admin)

    response = client.post(
        reverse("api:practitioner-transition", args=[person.pk]),
        {"to_state": "suspended", "reason": "投诉"},
        content_type="application/json",
    )

    assert response.status_code == 403
