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


HOUSEHOLDS = Case(make=make_households, marker=lambda h: h.address)
CASES = Case(make=make_cases, marker=lambda c: c.title)

SCOPED_LISTS = {
    "cases:household-list": HOUSEHOLDS,
    "cases:caseload": CASES,
    "api:household-list": HOUSEHOLDS,
    "api:case-list": CASES,
}
SCOPED_DETAILS = {
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
}
NOT_SCOPED = {
    "cases:household-create": "form; villages are scoped and the service refuses divisions outside the reach",
    "cases:case-advance": "POST only; the case comes from the scoped selector (404), tested in test_views_cases",
}
