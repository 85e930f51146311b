"""Routes of the workforce app for the jurisdiction scope test."""

from shegong.tests.scope import LICHENG, LIXIA, Case
from shegong.workforce.tests.factories import (
    AssessmentFactory,
    ComplaintFactory,
    DisciplinaryDecisionFactory,
    PractitionerFactory,
    make_id_number,
)


def make_practitioners(divisions):
    return (
        PractitionerFactory(
            name="历下社工甲", division=divisions[LIXIA], id_number=make_id_number(901, area="370102")
        ),
        PractitionerFactory(
            name="历城社工乙", division=divisions[LICHENG], id_number=make_id_number(902, area="370112")
        ),
    )


PRACTITIONERS = Case(make=make_practitioners, marker=lambda p: p.name)


def _records(factory, **fields):
    def make(divisions):
        return tuple(factory(practitioner=p, **fields) for p in make_practitioners(divisions))

    return make


def _nested(name):
    return lambda obj: {"pk": obj.practitioner_id, name: obj.pk}


ASSESSMENTS = Case(make=_records(AssessmentFactory, final_on=None), kwargs=_nested("assessment"))
COMPLAINTS = Case(make=_records(ComplaintFactory), kwargs=_nested("complaint"))
# Only discipline-committee members record decisions: the Lixia officer may not use the route at all.
PRACTITIONERS_FOR_COMMITTEE = Case(make=make_practitioners, marker=lambda p: p.name, admin_only=True)
DECISIONS = Case(make=_records(DisciplinaryDecisionFactory), kwargs=_nested("decision"))

QUEUE = Case(make=_records(ComplaintFactory), marker=lambda c: c.practitioner.name)

SCOPED_LISTS = {
    "workforce:practitioner-list": PRACTITIONERS,
    "workforce:complaint-queue": QUEUE,
    "api:practitioner-list": PRACTITIONERS,
}
SCOPED_DETAILS = {
    "workforce:practitioner-detail": PRACTITIONERS,
    "workforce:practitioner-reveal-id": PRACTITIONERS,
    "workforce:practitioner-transition": PRACTITIONERS,
    "workforce:certificate-create": PRACTITIONERS,
    "workforce:training-record-create": PRACTITIONERS,
    "workforce:employment-create": PRACTITIONERS,
    "workforce:assessment-create": PRACTITIONERS,
    "workforce:assessment-sign": ASSESSMENTS,
    "workforce:complaint-create": PRACTITIONERS,
    "workforce:complaint-step-create": COMPLAINTS,
    "workforce:complaint-close": COMPLAINTS,
    "workforce:violation-create": PRACTITIONERS,
    "workforce:decision-create": PRACTITIONERS_FOR_COMMITTEE,
    "workforce:disclosure-create": DECISIONS,
    "api:practitioner-detail": PRACTITIONERS,
    "api:practitioner-certificates": PRACTITIONERS,
    "api:practitioner-training-records": PRACTITIONERS,
    "api:practitioner-employments": PRACTITIONERS,
    "api:practitioner-transition": PRACTITIONERS,
    "api:practitioner-assessments": PRACTITIONERS,
    "api:practitioner-credit-file": PRACTITIONERS,
    "api:practitioner-pay-records": PRACTITIONERS,
    "workforce:rank-set": PRACTITIONERS,
    "workforce:pay-record-create": PRACTITIONERS,
    "workforce:insurance-record-create": PRACTITIONERS,
    "workforce:subsidy-create": PRACTITIONERS,
    "workforce:award-create": PRACTITIONERS,
    "workforce:exam-fee-create": PRACTITIONERS,
}
NOT_SCOPED = {
    "workforce:practitioner-create": "form; the service refuses divisions outside the jurisdiction",
    "workforce:practitioner-import": "upload; rows outside the jurisdiction are refused (test_views_excel)",
    "workforce:practitioner-template": "blank import template, no data",
    "workforce:practitioner-export": "xlsx of the same scoped selector as the list (test_views_excel)",
    "workforce:practitioner-recheck": "POST only; the practitioner is read through the scoped selector (test_views_pay)",
    "workforce:my-file": "the signed-in user's own linked file only (test_views_pay)",
    "workforce:salary-guide-list": "salary guides are public reference data; writes only by city officers",
    "workforce:salary-guide-detail": "salary guides are public reference data",
    "workforce:salary-guide-create": "form; only cities the officer's jurisdiction contains (test_views_pay)",
    "workforce:salary-guide-edit": "public reference data; only the city's officers may edit (test_views_pay)",
    "api:salary-guide-list": "salary guides are public reference data",
    "api:salary-guide-detail": "salary guides are public reference data",
}
