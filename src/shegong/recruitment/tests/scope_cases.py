"""Routes of the recruitment app for the jurisdiction scope test."""

import datetime

from shegong.cases.tests.factories import CaseFactory, HouseholdFactory
from shegong.organizations.tests.factories import OrganizationFactory
from shegong.recruitment.models import Activity, Pairing
from shegong.stations.tests.factories import StationFactory
from shegong.tests.scope import LICHENG, LIXIA, Case
from shegong.workforce.tests.factories import PractitionerFactory

from .factories import ApplicationFactory, PostingFactory, VolunteerFactory


def make_postings(divisions):
    return tuple(
        PostingFactory(
            title=title,
            station=StationFactory(
                division=divisions[code], provider=OrganizationFactory(division=divisions[code[:6]])
            ),
        )
        for title, code in (("历下区解放路社工岗位", LIXIA), ("历城区山大路社工岗位", LICHENG))
    )


def make_applications(divisions):
    return tuple(
        ApplicationFactory(
            posting=posting, practitioner=PractitionerFactory(name=name, division=posting.division)
        )
        for posting, name in zip(make_postings(divisions), ("历下应聘人", "历城应聘人"), strict=True)
    )


def make_volunteers(divisions):
    return (
        VolunteerFactory(name="历下志愿者", division=divisions[LIXIA]),
        VolunteerFactory(name="历城志愿者", division=divisions[LICHENG]),
    )


def make_activities(divisions):
    return tuple(
        Activity.objects.create(title=title, held_on=datetime.date(2025, 5, 1), division=divisions[code])
        for title, code in (("历下敬老活动", LIXIA), ("历城敬老活动", LICHENG))
    )


def make_practitioners_with_volunteers(divisions):
    lixia, licheng = make_volunteers(divisions)
    result = []
    for volunteer in (lixia, licheng):
        practitioner = PractitionerFactory(division=volunteer.division)
        Pairing.objects.create(
            volunteer=volunteer, practitioner=practitioner, starts_on=datetime.date(2025, 1, 1)
        )
        result.append(practitioner)
    return tuple(result)


def make_cases(divisions):
    return (
        CaseFactory(household=HouseholdFactory(division=divisions["370102001002"])),
        CaseFactory(household=HouseholdFactory(division=divisions["370112001001"])),
    )


POSTINGS = Case(make=make_postings, marker=lambda p: p.title)
APPLICATIONS = Case(make=make_applications, marker=lambda a: a.practitioner.name)
VOLUNTEERS = Case(make=make_volunteers, marker=lambda v: v.name)

SCOPED_LISTS = {
    "recruitment:posting-list": POSTINGS,
    "recruitment:volunteer-list": VOLUNTEERS,
    "recruitment:activity-list": Case(make=make_activities, marker=lambda a: a.title),
    "api:posting-list": POSTINGS,
    "api:application-list": APPLICATIONS,
    "api:volunteer-list": VOLUNTEERS,
}

SCOPED_DETAILS = {
    "recruitment:posting-detail": POSTINGS,
    "recruitment:application-detail": APPLICATIONS,
    "recruitment:volunteer-detail": VOLUNTEERS,
    "recruitment:activity-detail": Case(make=make_activities),
    "recruitment:practitioner-volunteers": Case(make=make_practitioners_with_volunteers),
    "recruitment:case-assistance": Case(make=make_cases),
    "api:posting-detail": POSTINGS,
    "api:application-detail": APPLICATIONS,
    "api:volunteer-detail": VOLUNTEERS,
}

POST_ONLY = "POST only; the object is looked up through the scoped selector (out of scope is 404)"
CREATE = "form to create a record; choices and writes are checked against the jurisdiction"
PUBLIC = "public: only published postings with their public fields"

NOT_SCOPED = {
    "recruitment:talent-pool": (
        "officers see their jurisdiction; employers see every practitioner who opted in, by their consent "
        "(test_views_recruitment)"
    ),
    "recruitment:posting-create": CREATE,
    "recruitment:posting-publish": POST_ONLY,
    "recruitment:posting-close": POST_ONLY,
    "recruitment:application-create": POST_ONLY,
    "recruitment:application-advance": POST_ONLY,
    "recruitment:application-hire": POST_ONLY,
    "recruitment:application-reject": POST_ONLY,
    "recruitment:objection-create": POST_ONLY,
    "recruitment:objection-decide": POST_ONLY,
    "recruitment:talent-pool-join": CREATE,
    "recruitment:volunteer-create": CREATE,
    "recruitment:volunteer-pair": POST_ONLY,
    "recruitment:activity-create": CREATE,
    "api:posting-publish": POST_ONLY,
    "api:application-advance": POST_ONLY,
    "api:application-hire": POST_ONLY,
    "api:public-posting-list": PUBLIC,
    "api:public-posting-detail": PUBLIC,
}


def _access():
    from shegong.accounts.models import Role
    from shegong.tests.test_security_access import ALL_ROLES, OFFICERS, Access, Answer, post_only

    recruiters = OFFICERS | {Role.ORG_ADMIN, Role.SYSTEM_ADMIN}
    officers = OFFICERS | {Role.SYSTEM_ADMIN}
    outside = {Role.SECURITY_ADMIN: Answer.NOT_FOUND, Role.AUDIT_ADMIN: Answer.NOT_FOUND}
    # Organisation members see the objects of their organisation only; the Lixia objects of the scope
    # cases belong to other organisations, so they answer 404.
    org_outside = {
        **outside,
        Role.ORG_ADMIN: Answer.NOT_FOUND,
        Role.SOCIAL_WORKER: Answer.NOT_FOUND,
        Role.SUPERVISOR: Answer.NOT_FOUND,
    }
    post = post_only(anonymous=Answer.LOGIN, kwargs=lambda divisions: {"pk": 999999999})
    return {
        "recruitment:posting-list": Access(ok=recruiters),
        "recruitment:posting-create": Access(ok=recruiters),
        "recruitment:posting-detail": Access(ok=ALL_ROLES, special=org_outside),
        "recruitment:posting-publish": post,
        "recruitment:posting-close": post,
        "recruitment:application-create": post,
        "recruitment:application-detail": Access(ok=ALL_ROLES, special=org_outside),
        "recruitment:application-advance": post,
        "recruitment:application-hire": post,
        "recruitment:application-reject": post,
        "recruitment:objection-create": post,
        "recruitment:objection-decide": post,
        "recruitment:talent-pool": Access(ok=recruiters),
        "recruitment:talent-pool-join": Access(ok=recruiters),
        "recruitment:volunteer-list": Access(ok=ALL_ROLES),
        "recruitment:volunteer-create": Access(ok=officers),
        "recruitment:volunteer-detail": Access(ok=ALL_ROLES, special=outside),
        "recruitment:volunteer-pair": post,
        "recruitment:practitioner-volunteers": Access(ok=ALL_ROLES, special=org_outside),
        "recruitment:activity-list": Access(ok=ALL_ROLES),
        "recruitment:activity-create": Access(ok=officers),
        "recruitment:activity-detail": Access(ok=ALL_ROLES, special=outside),
        "recruitment:case-assistance": Access(
            ok=ALL_ROLES, special={**outside, Role.SOCIAL_WORKER: Answer.NOT_FOUND}
        ),
        "api:posting-list": Access(ok=ALL_ROLES),
        "api:posting-detail": Access(ok=ALL_ROLES, special=org_outside),
        "api:posting-publish": post,
        "api:application-list": Access(ok=ALL_ROLES),
        "api:application-detail": Access(ok=ALL_ROLES, special=org_outside),
        "api:application-advance": post,
        "api:application-hire": post,
        "api:volunteer-list": Access(ok=ALL_ROLES),
        "api:volunteer-detail": Access(ok=ALL_ROLES, special=outside),
        "api:public-posting-list": Access(ok=ALL_ROLES, anonymous=Answer.OK),
        "api:public-posting-detail": Access(
            ok=(),
            others=Answer.NOT_FOUND,
            anonymous=Answer.NOT_FOUND,
            kwargs=lambda divisions: {"pk": 999999999},
        ),
    }


ACCESS = _access()
