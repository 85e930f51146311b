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


def make_supervision_records(divisions):
    import datetime

    from shegong.organizations.models import SupervisionKind, SupervisionRecord

    return tuple(
        SupervisionRecord.objects.create(
            organization=organization,
            kind=SupervisionKind.INTERVIEW,
            occurred_on=datetime.date(2024, 3, 1),
            summary=f"{organization.name}约谈",
        )
        for organization in make_organizations(divisions)
    )


def make_revocations(divisions):
    import datetime

    from shegong.organizations.models import Revocation

    return tuple(
        Revocation.objects.create(organization=o, proposed_on=datetime.date(2024, 3, 1), reasons="严重违法")
        for o in make_organizations(divisions)
    )


SUPERVISION = Case(make=make_supervision_records, marker=lambda r: r.summary)
REVOCATIONS = Case(make=make_revocations)
REVIEWS = Case(make=make_reviews, marker=lambda r: r.proposed_name)
DRAWS = Case(make=make_draws, marker=lambda d: d.purpose)

SCOPED_LISTS = {
    "organizations:organization-list": ORGANIZATIONS,
    "api:organization-list": ORGANIZATIONS,
    "organizations:review-list": REVIEWS,
    "organizations:draw-list": DRAWS,
    "organizations:supervision-list": SUPERVISION,
    "api:supervision-record-list": SUPERVISION,
}
SCOPED_DETAILS = {
    "organizations:organization-detail": ORGANIZATIONS,
    "organizations:organization-update": ORGANIZATIONS,
    "api:organization-detail": ORGANIZATIONS,
    "organizations:review-detail": REVIEWS,
    "organizations:draw-detail": DRAWS,
    "organizations:disclosure-submit": ORGANIZATIONS,
    "organizations:person-add": ORGANIZATIONS,
    "organizations:supervision-create": ORGANIZATIONS,
    "organizations:revocation-propose": ORGANIZATIONS,
    "organizations:revocation-decide": REVOCATIONS,
    "api:supervision-record-detail": SUPERVISION,
}
NOT_SCOPED = {
    "organizations:supervision-publish": "POST only; a record outside the jurisdiction answers 404 (organisations view tests)",
    "organizations:weeding-list": "candidates come from scope_queryset (test_weeding: another district's candidates are hidden); the shared Jinan fixture lies outside the Shenzhen measures that define SZ-15d",
    "organizations:organization-export": "xlsx of the scoped organisation list (organisations Excel tests)",
    "organizations:organization-import": "form; rows outside the jurisdiction are refused by row and column",
    "organizations:organization-template": "empty import template; reads no records",
    "organizations:public-penalties": "public page (SZ-16b): published penalties and discipline only, no personal data",
    "organizations:disclosure-publish": "POST only; a disclosure outside the jurisdiction answers 404 (organisations view tests)",
    "organizations:review-create": "form; the service refuses divisions outside the jurisdiction",
    "organizations:draw-create": "form; the service refuses divisions outside the jurisdiction",
    "organizations:review-start": "POST only; a review outside the jurisdiction answers 404 (organisations view tests)",
    "organizations:review-check": "POST only; a review outside the jurisdiction answers 404 (organisations view tests)",
    "organizations:review-decide": "POST only; a review outside the jurisdiction answers 404 (organisations view tests)",
    "organizations:organization-create": "form; the service refuses divisions outside the jurisdiction",
}
