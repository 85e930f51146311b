"""SZ-05 / SM-08 / SM-12: postings are published, candidates apply, only filed practitioners are hired."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from shegong.recruitment import services
from shegong.recruitment.models import Application, ApplicationSource, Posting, PostingState, Stage
from shegong.workforce.models import Employment, Rank, SalaryGuide, SalaryGuideRow

from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _create(actor, station, **overrides):
    data = {
        "title": "专业社工",
        "rank": Rank.ASSISTANT,
        "domain": "social_assistance",
        "requirements": "持证社工",
        "pay_min": Decimal("5000"),
        "pay_max": Decimal("6000"),
        "opens_on": TODAY(),
        "closes_on": TODAY() + datetime.timedelta(days=20),
        "station": station,
        **overrides,
    }
    return services.posting_create(actor=actor, **data)


def test_an_officer_creates_and_publishes_a_posting_with_the_salary_guide_pay(
    station, lixia_officer, divisions
):
    divisions["3701"]  # the city of the guide
    guide = SalaryGuide.objects.create(
        division_id="3701", title="济南市薪酬指导价", effective_from=datetime.date(2024, 1, 1)
    )
    SalaryGuideRow.objects.create(
        guide=guide, rank=Rank.ASSISTANT, domain="social_assistance", monthly_pay=Decimal("5600")
    )

    posting = _create(lixia_officer, station)
    assert (posting.state, posting.employer, posting.division_id) == (
        PostingState.DRAFT,
        station.provider,
        "370102001",
    )
    services.posting_publish(actor=lixia_officer, posting=posting)

    posting.refresh_from_db()
    assert posting.state == PostingState.PUBLISHED
    assert posting.published_on == TODAY()
    assert posting.guide_monthly_pay == Decimal("5600.00")


def test_a_posting_names_a_project_or_a_station_not_both_nor_none(station, lixia_officer):
    with pytest.raises(ValidationError) as exc:
        _create(lixia_officer, None)
    assert exc.value.message_dict == {"project": [str(services.PROJECT_OR_STATION)]}
    assert not Posting.objects.exists()


def test_an_officer_cannot_post_for_a_station_outside_the_jurisdiction(licheng_station, lixia_officer):
    with pytest.raises(ValidationError):
        _create(lixia_officer, licheng_station)
    assert not Posting.objects.exists()


def test_an_organisation_posts_only_for_itself(station, licheng_station, org_admin):
    assert _create(org_admin, station).employer == station.provider
    with pytest.raises(ValidationError) as exc:
        _create(org_admin, licheng_station)
    assert exc.value.message_dict == {"employer": [str(services.NOT_YOUR_ORGANIZATION)]}
    assert Posting.objects.count() == 1


def test_hiring_a_filed_practitioner_records_the_employment_through_the_registry(posting, filed, org_admin):
    application = services.application_add(
        actor=org_admin, posting=posting, practitioner=filed, applied_on=TODAY()
    )

    services.application_hire(actor=org_admin, application=application, hired_on=TODAY())

    application.refresh_from_db()
    employment = Employment.objects.get(practitioner=filed)
    assert (application.stage, application.hired_on, application.employment) == (
        Stage.HIRED,
        TODAY(),
        employment,
    )
    assert (employment.organization, employment.post, employment.starts_on) == (
        posting.employer,
        "社工站专业社工",
        TODAY(),
    )
    filed.refresh_from_db()
    assert filed.employer == posting.employer


def test_hiring_an_unfiled_practitioner_is_refused_in_chinese_citing_sz05_and_nothing_is_written(
    posting, unfiled, org_admin
):
    application = ApplicationFactory(posting=posting, practitioner=unfiled)

    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        services.application_hire(actor=org_admin, application=application, hired_on=TODAY())

    with translation.override("zh-hans"):
        message = exc.value.message_dict["hired_on"][0]
    assert message == (
        "只能通过招聘平台录用已备案的从业人员（深圳市若干措施第（五）条，SZ-05；三明实施办法第二(三)3项"
        "“先注册后执业”，SM-08）；该从业人员的备案状态为“已申请”。"
    )
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED
    assert not Employment.objects.exists()


def test_applications_are_taken_only_while_the_posting_is_open(posting, filed, org_admin):
    with pytest.raises(ValidationError) as exc:
        services.application_add(
            actor=org_admin,
            posting=posting,
            practitioner=filed,
            applied_on=posting.opens_on - datetime.timedelta(days=1),
        )
    assert "applied_on" in exc.value.message_dict
    assert not Application.objects.exists()


def test_a_practitioner_applies_once_per_posting(posting, filed, org_admin):
    services.application_add(actor=org_admin, posting=posting, practitioner=filed, applied_on=TODAY())
    with pytest.raises(ValidationError) as exc:
        services.application_add(actor=org_admin, posting=posting, practitioner=filed, applied_on=TODAY())
    assert exc.value.message_dict == {"practitioner": [str(services.ALREADY_CANDIDATE)]}


def test_an_invitation_from_the_talent_pool_needs_the_practitioners_acceptance(posting, filed, org_admin):
    application = services.application_add(
        actor=org_admin,
        posting=posting,
        practitioner=filed,
        applied_on=TODAY(),
        source=ApplicationSource.INVITED,
    )
    with pytest.raises(ValidationError) as exc:
        services.application_hire(actor=org_admin, application=application, hired_on=TODAY())
    assert exc.value.message_dict == {"hired_on": [str(services.INVITATION_NOT_ACCEPTED)]}

    services.application_accept_invitation(actor=org_admin, application=application, accepted_on=TODAY())
    services.application_hire(actor=org_admin, application=application, hired_on=TODAY())
    assert Employment.objects.filter(practitioner=filed).count() == 1


def test_another_organisation_cannot_hire_for_the_posting(posting, filed, licheng_station):
    from shegong.accounts.models import Role
    from shegong.accounts.tests.factories import UserFactory

    other = UserFactory(role=Role.ORG_ADMIN, organization=licheng_station.provider)
    application = ApplicationFactory(posting=posting, practitioner=filed)
    with pytest.raises(PermissionDenied):
        services.application_hire(actor=other, application=application, hired_on=TODAY())
    assert not Employment.objects.exists()


def test_the_talent_pool_refuses_phone_numbers_in_the_summary(filed, lixia_officer):
    with pytest.raises(ValidationError) as exc:
        services.talent_pool_join(
            actor=lixia_officer, practitioner=filed, summary="联系13812345678", joined_on=TODAY()
        )
    assert exc.value.message_dict == {"summary": [str(services.PRIVATE_DATA)]}
