"""Pay disclosure (SZ-16a): entered, published once, then fixed and public on the portal's selector."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import UserFactory
from shegong.common.models import AuditEntry
from shegong.organizations import selectors, services
from shegong.organizations.models import PayDisclosure
from shegong.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

D = datetime.date
TOTALS = {
    "pay_policy": "本机构薪酬按岗位等级和绩效确定，每年调整一次。",
    "paid_directors_total": Decimal("0"),
    "executives_total": Decimal("486000"),
    "managers_total": Decimal("1230000.50"),
}


@pytest.fixture
def organization(divisions):
    return OrganizationFactory(name="历下区阳光社工中心", division=divisions["370102"])


def test_a_published_disclosure_is_public_and_can_no_longer_change(organization, lixia_officer):
    disclosure = services.pay_disclosure_submit(
        actor=lixia_officer, organization=organization, year=2022, **TOTALS
    )
    assert list(selectors.published_disclosures()) == []

    services.pay_disclosure_publish(actor=lixia_officer, disclosure=disclosure, published_on=D(2023, 3, 1))
    with pytest.raises(ValidationError) as exc, translation.override("zh-hans"):
        services.pay_disclosure_submit(
            actor=lixia_officer,
            organization=organization,
            year=2022,
            **{**TOTALS, "managers_total": Decimal("1")},
        )

    assert [(d.organization.name, d.year, d.managers_total) for d in selectors.published_disclosures()] == [
        ("历下区阳光社工中心", 2022, Decimal("1230000.50"))
    ]
    with translation.override("zh-hans"):
        assert [str(m) for m in exc.value.message_dict["year"]] == ["2022年度的信息已公开，不能再修改。"]
    assert AuditEntry.objects.filter(object_type="organizations.paydisclosure").count() == 2


def test_published_disclosures_filter_by_year_and_division(divisions, organization, lixia_officer):
    other = OrganizationFactory(division=divisions["370112"])
    for org, year in ((organization, 2021), (organization, 2022), (other, 2022)):
        d = services.pay_disclosure_submit(actor=None, organization=org, year=year, **TOTALS)
        services.pay_disclosure_publish(actor=None, disclosure=d, published_on=D(year + 1, 3, 1))

    assert [
        (d.organization_id, d.year) for d in selectors.published_disclosures(year=2022, within="370102")
    ] == [(organization.pk, 2022)]
    assert selectors.published_disclosures().count() == 3


def test_organisation_admin_enters_and_publishes_on_the_organisation_page(client, organization):
    admin = UserFactory(username="yangguang_admin", role=Role.ORG_ADMIN, organization=organization)
    client.force_login(admin)

    client.post(
        reverse("organizations:disclosure-submit", args=[organization.pk]),
        {"year": "2022", **{k: str(v) for k, v in TOTALS.items()}},
    )
    disclosure = PayDisclosure.objects.get()
    client.post(reverse("organizations:disclosure-publish", args=[disclosure.pk]))
    page = client.get(
        reverse("organizations:organization-detail", args=[organization.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    disclosure.refresh_from_db()
    assert disclosure.published_on is not None
    assert "1,230,000.50" in page.text
    assert 'data-testid="disclosure-publish"' not in page.text


def test_publishing_another_organisations_disclosure_answers_404(
    client, divisions, organization, lixia_officer
):
    disclosure = services.pay_disclosure_submit(
        actor=lixia_officer, organization=organization, year=2022, **TOTALS
    )
    client.force_login(
        UserFactory(username="licheng", role=Role.DISTRICT_OFFICER, division=divisions["370112"])
    )

    response = client.post(reverse("organizations:disclosure-publish", args=[disclosure.pk]))

    assert response.status_code == 404
    assert PayDisclosure.objects.get().published_on is None
