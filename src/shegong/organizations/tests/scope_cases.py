"""Routes of the organisations app for the jurisdiction scope test."""

from shegong.organizations.tests.factories import OrganizationFactory
from shegong.tests.scope import LICHENG, LIXIA, Case


def make_organizations(divisions):
    return (
        OrganizationFactory(name="历下区阳光社工服务中心", division=divisions[LIXIA]),
        OrganizationFactory(name="历城区晨曦社工服务中心", division=divisions[LICHENG]),
    )


ORGANIZATIONS = Case(make=make_organizations, marker=lambda o: o.name)


def make_reviews(divisions):
    import datetime

    from shegong.organizations.models import OrganizationKind, RegistrationReview

    return tuple(
        RegistrationReview.objects.create(
            proposed_name=name,
            kind=OrganizationKind.SOCIAL_WORK_AGENCY,
            division=divisions[code],
            founders="张三",
            proposed_leaders="张三 理事长",
            submitted_on=datetime.date(2022, 5, 9),
        )
        for code, name in ((LIXIA, "历下区拟设社工机构"), (LICHENG, "历城区拟设社工机构"))
    )


def make_draws(divisions):
    import datetime

    from shegong.organizations.models import InspectionDraw

    return tuple(
        InspectionDraw.objects.create(
            division=divisions[code],
            drawn_on=datetime.date(2022, 6, 1),
            seed=7,
            sample_size=1,
            population=[],
            sample=[],
            purpose=purpose,
        )
        for code, purpose in ((LIXIA, "历下区年度抽查"), (LICHENG, "历城区年度抽查"))
    )


REVIEWS = Case(make=make_reviews, marker=lambda r: r.proposed_name)
DRAWS = Case(make=make_draws, marker=lambda d: d.purpose)

SCOPED_LISTS = {
    "organizations:organization-list": ORGANIZATIONS,
    "api:organization-list": ORGANIZATIONS,
    "organizations:review-list": REVIEWS,
    "organizations:draw-list": DRAWS,
}
SCOPED_DETAILS = {
    "organizations:organization-detail": ORGANIZATIONS,
    "organizations:organization-update": ORGANIZATIONS,
    "api:organization-detail": ORGANIZATIONS,
    "organizations:review-detail": REVIEWS,
    "organizations:draw-detail": DRAWS,
    "organizations:disclosure-submit": ORGANIZATIONS,
}
NOT_SCOPED = {
    "organizations:disclosure-publish": "POST only; a disclosure outside the jurisdiction answers 404 (organisations view tests)",
    "organizations:review-create": "form; the service refuses divisions outside the jurisdiction",
    "organizations:draw-create": "form; the service refuses divisions outside the jurisdiction",
    "organizations:review-start": "POST only; a review outside the jurisdiction answers 404 (organisations view tests)",
    "organizations:review-check": "POST only; a review outside the jurisdiction answers 404 (organisations view tests)",
    "organizations:review-decide": "POST only; a review outside the jurisdiction answers 404 (organisations view tests)",
    "organizations:organization-create": "form; the service refuses divisions outside the jurisdiction",
}
