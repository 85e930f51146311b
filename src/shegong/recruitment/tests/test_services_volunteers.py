"""SM-14: volunteers registered with skills, paired with social workers, their activities and case help."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from shegong.cases.tests.factories import CaseFactory, HouseholdFactory
from shegong.recruitment import selectors, services
from shegong.recruitment.models import CaseAssistance

from .factories import VolunteerFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_an_officer_registers_a_volunteer_in_the_jurisdiction_only(divisions, lixia_officer):
    volunteer = services.volunteer_register(
        actor=lixia_officer,
        name="孙丽",
        division=divisions["370102001"],
        registered_on=TODAY(),
        skills="心理疏导",
    )
    assert (volunteer.name, volunteer.skills, volunteer.registered_by) == ("孙丽", "心理疏导", lixia_officer)

    with pytest.raises(PermissionDenied):
        services.volunteer_register(
            actor=lixia_officer, name="周强", division=divisions["370112001"], registered_on=TODAY()
        )


def test_a_volunteer_is_paired_only_with_a_filed_social_worker(divisions, lixia_officer, filed, unfiled):
    volunteer = VolunteerFactory(division=divisions["370102001"])

    pairing = services.volunteer_pair(
        actor=lixia_officer, volunteer=volunteer, practitioner=filed, starts_on=TODAY()
    )
    assert pairing.practitioner == filed
    with pytest.raises(ValidationError) as exc:
        services.volunteer_pair(
            actor=lixia_officer, volunteer=volunteer, practitioner=unfiled, starts_on=TODAY()
        )
    assert exc.value.message_dict == {"practitioner": [str(services.PAIRING_NEEDS_FILING)]}


def test_service_hours_add_activities_and_case_help(divisions, lixia_officer):
    volunteer = VolunteerFactory(division=divisions["370102001"])
    activity = services.activity_record(
        actor=lixia_officer, title="重阳节敬老活动", held_on=TODAY(), division=divisions["370102001"]
    )
    services.activity_add_volunteer(
        actor=lixia_officer, activity=activity, volunteer=volunteer, hours=Decimal("3.5")
    )
    case = CaseFactory(household=HouseholdFactory(division=divisions["370102001002"]))
    services.case_assistance_record(
        actor=lixia_officer,
        case=case,
        volunteer=volunteer,
        assisted_on=TODAY(),
        hours=2,
        description="陪同就医",
    )

    assert selectors.volunteer_hours([volunteer.pk]) == {volunteer.pk: Decimal("5.5")}


def test_case_assistance_is_visible_to_the_cases_worker_only(divisions, lixia_officer):
    volunteer = VolunteerFactory(division=divisions["370102001"])
    case = CaseFactory(household=HouseholdFactory(division=divisions["370102001002"]))
    other_case = CaseFactory(household=HouseholdFactory(division=divisions["370102001002"]))
    worker, other_worker = case.household.assigned_worker, other_case.household.assigned_worker
    services.case_assistance_record(
        actor=worker, case=case, volunteer=volunteer, assisted_on=TODAY(), hours=1, description="入户探访"
    )

    assert [a.description for a in selectors.case_assistance_for(viewer=worker, case_id=case.pk)] == [
        "入户探访"
    ]
    assert list(selectors.case_assistance_for(viewer=other_worker, case_id=case.pk)) == []
    with pytest.raises(PermissionDenied):
        services.case_assistance_record(
            actor=other_worker, case=case, volunteer=volunteer, assisted_on=TODAY(), hours=1, description="x"
        )
    assert CaseAssistance.objects.count() == 1


def test_hours_outside_0_to_24_are_refused(divisions, lixia_officer):
    volunteer = VolunteerFactory(division=divisions["370102001"])
    activity = services.activity_record(
        actor=lixia_officer, title="活动", held_on=TODAY(), division=divisions["370102001"]
    )
    with pytest.raises(ValidationError) as exc:
        services.activity_add_volunteer(actor=lixia_officer, activity=activity, volunteer=volunteer, hours=25)
    assert exc.value.message_dict == {"hours": [str(services.HOURS_RANGE)]}
    assert not activity.volunteers.exists()


def test_the_date_of_a_record_cannot_be_in_the_future(divisions, lixia_officer):
    with pytest.raises(ValidationError):
        services.volunteer_register(
            actor=lixia_officer,
            name="孙丽",
            division=divisions["370102001"],
            registered_on=TODAY() + datetime.timedelta(days=1),
        )
