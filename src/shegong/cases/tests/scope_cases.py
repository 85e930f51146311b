"""Routes of the cases app for the jurisdiction scope test."""

from shegong.cases.tests.factories import LICHENG_VILLAGE, LIXIA_VILLAGE, CaseFactory, HouseholdFactory
from shegong.tests.scope import Case


def make_households(divisions):
    return (
        HouseholdFactory(address="历下区解放桥社区3号楼", division=divisions[LIXIA_VILLAGE]),
        HouseholdFactory(address="历城区甸柳社区8号楼", division=divisions[LICHENG_VILLAGE]),
    )


def make_cases(divisions):
    lixia, licheng = make_households(divisions)
    return (
        CaseFactory(household=lixia, title="历下低保户就业帮扶"),
        CaseFactory(household=licheng, title="历城困境儿童助学"),
    )


def make_referrals(divisions):
    from shegong.cases.models import Referral

    lixia, licheng = make_cases(divisions)
    return tuple(
        Referral.objects.create(
            case=case,
            recipient_kind="department",
            recipient=name,
            need="申请临时救助",
            sent_on=case.opened_on,
        )
        for case, name in ((lixia, "历下区医疗保障局"), (licheng, "历城区残疾人联合会"))
    )


def make_consents(divisions):
    import datetime

    from shegong.cases.models import Consent
    from shegong.cases.tests.factories import add_member

    lixia, licheng = make_households(divisions)
    return tuple(
        Consent.objects.create(
            member=add_member(household, name=name, n=n),
            data=["contact"],
            recipient=recipient,
            given_on=datetime.date(2026, 1, 5),
            valid_until=datetime.date(2026, 12, 31),
        )
        for n, (household, name, recipient) in enumerate(
            ((lixia, "王秀兰", "历下区医疗保障局"), (licheng, "刘建国", "历城区残疾人联合会"))
        )
    )


def make_visits(divisions):
    import datetime

    from shegong.cases.models import Visit

    return tuple(
        Visit.objects.create(
            case=case, visited_on=datetime.date(2026, 2, day), worker=case.household.assigned_worker
        )
        for day, case in zip((3, 4), make_cases(divisions), strict=True)
    )


def make_walk_ins(divisions):
    import datetime

    from shegong.cases.models import WalkInRequest
    from shegong.stations.tests.factories import StationFactory

    lixia, licheng = make_households(divisions)
    rows = []
    for household, visitor in ((lixia, "王秀兰"), (licheng, "刘建国")):
        station = StationFactory(division=divisions[household.division_id[:9]])
        rows.append(
            WalkInRequest.objects.create(
                station=station,
                received_on=datetime.date(2026, 3, 2),
                received_by=household.assigned_worker,
                visitor=visitor,
                matter="咨询临时救助申请",
                household=household,
                due_on=datetime.date(2026, 3, 7),
            )
        )
    return tuple(rows)


HOUSEHOLDS = Case(make=make_households, marker=lambda h: h.address)
REFERRALS = Case(make=make_referrals, marker=lambda r: r.recipient)
CONSENTS = Case(make=make_consents, marker=lambda c: c.recipient)
VISITS = Case(make=make_visits, marker=lambda v: f'"visited_on":"{v.visited_on.isoformat()}"')
CASES = Case(make=make_cases, marker=lambda c: c.title)

WALK_INS = Case(make=make_walk_ins, marker=lambda r: r.visitor)

SCOPED_LISTS = {
    "cases:walk-in-list": WALK_INS,
    "cases:household-list": HOUSEHOLDS,
    "cases:caseload": CASES,
    "api:household-list": HOUSEHOLDS,
    "api:case-list": CASES,
    "cases:referral-list": REFERRALS,
    "api:referral-list": REFERRALS,
    "api:consent-list": CONSENTS,
    "api:visit-list": VISITS,
}
SCOPED_DETAILS = {
    "cases:household-pdf": HOUSEHOLDS,
    "cases:household-officers": HOUSEHOLDS,
    "cases:walk-in-detail": WALK_INS,
    "cases:linkage-create": CASES,
    "cases:household-detail": HOUSEHOLDS,
    "cases:household-update": HOUSEHOLDS,
    "cases:member-create": HOUSEHOLDS,
    "cases:household-full-file": HOUSEHOLDS,
    "cases:case-create": HOUSEHOLDS,
    "cases:case-detail": CASES,
    "cases:case-record": Case(make=make_cases, kwargs=lambda c: {"pk": c.pk, "step": "assess"}),
    "cases:visit-create": CASES,
    "api:household-detail": HOUSEHOLDS,
    "api:case-detail": CASES,
    "cases:consent-create": HOUSEHOLDS,
    "cases:referral-create": CASES,
    "cases:referral-answer": REFERRALS,
    "cases:referral-close": REFERRALS,
    "api:referral-detail": REFERRALS,
    "api:consent-detail": CONSENTS,
    "api:visit-detail": VISITS,
}
NOT_SCOPED = {
    "cases:walk-in-create": "form; stations and households offered are scoped, the service refuses stations outside the reach",
    "cases:case-recheck": "POST only; the case comes from the scoped selector (404), tested in test_case_recheck",
    "cases:roster-import": "upload form; the import checks every village and existing household against the reach",
    "cases:roster-template": "an empty Excel template; no data",
    "cases:household-create": "form; villages are scoped and the service refuses divisions outside the reach",
    "cases:case-advance": "POST only; the case comes from the scoped selector (404), tested in test_views_cases",
    "cases:consent-withdraw": "POST only; the consent comes from the scoped selector (404), tested in test_referrals",
    "api:referral-answer": "POST only; get_object on the scoped queryset (404), tested in test_api_referrals",
    "api:referral-close": "POST only; get_object on the scoped queryset (404), tested in test_api_referrals",
    "api:consent-withdraw": "POST only; get_object on the scoped queryset (404), tested in test_api_referrals",
}


def _access():
    """Who may use the routes added after the access matrix was written (issue 8, second part)."""
    from shegong.accounts.models import Role
    from shegong.tests.test_security_access import Access, Answer

    officers = {Role.CITY_OFFICER, Role.DISTRICT_OFFICER, Role.TOWN_OFFICER}
    case_workers = officers | {Role.SOCIAL_WORKER}
    # The matrix's social worker is not the one the Lixia objects are assigned to: 404.
    assigned_elsewhere = {Role.SOCIAL_WORKER: Answer.NOT_FOUND}
    return {
        "cases:roster-import": Access(ok=case_workers),
        "cases:roster-template": Access(ok=case_workers),
        "cases:case-recheck": Access(others=Answer.POST_ONLY),
        "cases:walk-in-list": Access(ok=case_workers),
        "cases:walk-in-create": Access(ok=case_workers),
        "cases:walk-in-detail": Access(ok=officers, special=assigned_elsewhere),
        "cases:linkage-create": Access(ok=officers, special=assigned_elsewhere),
        "cases:household-officers": Access(ok=officers, special=assigned_elsewhere),
        "cases:household-pdf": Access(ok=officers, special=assigned_elsewhere),
    }


ACCESS = _access()
