"""Minors' files (issue 8, privacy): only the assigned worker and the officers named on the household."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.cases import services
from shegong.cases.models import CaseStep
from shegong.cases.tests.factories import CaseFactory, add_member, minor_id
from shegong.common.models import AuditEntry

pytestmark = pytest.mark.django_db
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def minor_household(household):
    add_member(household, name="小明", number=minor_id(1), relation="child")
    return household


def test_an_unnamed_officer_of_the_jurisdiction_gets_404_on_every_page_of_the_file(
    client, minor_household, lixia_officer
):
    case = CaseFactory(household=minor_household, step=CaseStep.ASSESS)
    client.force_login(lixia_officer)

    urls = [
        reverse("cases:household-detail", args=[minor_household.pk]),
        reverse("cases:household-full-file", args=[minor_household.pk]),
        reverse("cases:case-detail", args=[case.pk]),
        reverse("api:household-detail", args=[minor_household.pk]),
        reverse("api:case-detail", args=[case.pk]),
    ]

    assert [client.get(url, **ZH).status_code for url in urls] == [404] * 5
    assert minor_household.address not in client.get(reverse("cases:household-list"), **ZH).content.decode()


def test_the_assigned_worker_names_an_officer_who_then_sees_the_file(
    client, minor_household, worker, lixia_officer
):
    client.force_login(worker)

    response = client.post(
        reverse("cases:household-officers", args=[minor_household.pk]), {"officers": [lixia_officer.pk]}, **ZH
    )

    assert response.status_code == 302
    assert list(minor_household.named_officers.all()) == [lixia_officer]
    assert AuditEntry.objects.filter(
        object_type="cases.household", after__named_officers=[lixia_officer.pk]
    ).exists()
    client.force_login(lixia_officer)
    page = client.get(reverse("cases:household-detail", args=[minor_household.pk]), **ZH)
    assert page.status_code == 200 and "小明" in page.content.decode()


def test_an_officer_outside_the_jurisdiction_or_a_non_officer_cannot_be_named(
    divisions, minor_household, worker, licheng_officer
):
    evaluator = UserFactory(role=Role.EVALUATOR, division=divisions["370102"])

    for person in (licheng_officer, evaluator):
        with pytest.raises(ValidationError) as refused:
            services.household_name_officers(actor=worker, household=minor_household, officers=[person])
        assert refused.value.message_dict == {"officers": [str(services.NAMED_NOT_OFFICER)]}
    assert not minor_household.named_officers.exists()


def test_another_worker_cannot_name_officers(client, minor_household, other_worker, lixia_officer):
    client.force_login(other_worker)

    response = client.post(
        reverse("cases:household-officers", args=[minor_household.pk]), {"officers": [lixia_officer.pk]}, **ZH
    )

    assert response.status_code == 404
    assert not minor_household.named_officers.exists()
