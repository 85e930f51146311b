"""Routes of the purchased-projects app for the jurisdiction scope test."""

from shegong.procurement.tests.factories import (
    CommitteeMeetingFactory,
    ProjectFactory,
    ReviewCommitteeFactory,
)
from shegong.tests.scope import LICHENG, LIXIA, Case


def make_projects(divisions):
    return (
        ProjectFactory(name="历下区解放路街道社工站项目", purchaser_division=divisions[LIXIA]),
        ProjectFactory(name="历城区山大路街道社工站项目", purchaser_division=divisions[LICHENG]),
    )


PROJECTS = Case(make=make_projects, marker=lambda p: p.name)


def make_libraries(divisions):
    return tuple(
        ReviewCommitteeFactory(library__division=divisions[code], library__name=name).library
        for code, name in (("370102", "历下区项目库"), ("370112", "历城区项目库"))
    )


def make_meetings(divisions):
    return tuple(
        CommitteeMeetingFactory(committee=library.committee) for library in make_libraries(divisions)
    )


def make_payments(divisions):
    import datetime
    from decimal import Decimal

    from shegong.procurement.models import Payment

    return tuple(
        Payment.objects.create(
            project=project,
            paid_on=datetime.date(2022, 3, 1),
            payee=f"{project.name}供应商",
            amount=Decimal("100"),
            category="activity",
            method="cash",
        )
        for project in make_projects(divisions)
    )


def make_reviews(divisions):
    import datetime

    from shegong.procurement.models import PerformanceReview

    return tuple(
        PerformanceReview.objects.create(
            project=project,
            year=2022,
            reviewed_on=datetime.date(2023, 1, 5),
            grade="excellent",
            findings=project.name,
        )
        for project in make_projects(divisions)
    )


def make_rewards(divisions):
    import datetime

    from shegong.procurement.models import RenewalReward

    return tuple(
        RenewalReward.objects.create(
            project=review.project,
            basis="contract_evaluation",
            review=review,
            granted_on=datetime.date(2023, 2, 1),
            note=review.project.name,
        )
        for review in make_reviews(divisions)
    )


PAYMENTS = Case(make=make_payments, marker=lambda p: p.payee)
REVIEWS = Case(make=make_reviews, marker=lambda r: r.findings)
REWARDS = Case(make=make_rewards, marker=lambda r: r.note)
LIBRARIES = Case(make=make_libraries, marker=lambda library: library.name)
MEETINGS = Case(make=make_meetings)

SCOPED_LISTS = {
    "procurement:project-list": PROJECTS,
    "api:project-list": PROJECTS,
    "procurement:library-list": LIBRARIES,
    "api:payment-list": PAYMENTS,
    "api:performance-review-list": REVIEWS,
    "api:renewal-reward-list": REWARDS,
}
SCOPED_DETAILS = {
    "procurement:project-detail": PROJECTS,
    "procurement:project-update": PROJECTS,
    "procurement:budget-submit": PROJECTS,
    "procurement:contract-create": PROJECTS,
    "procurement:evaluation-create": PROJECTS,
    "api:project-detail": PROJECTS,
    "api:project-budgets": PROJECTS,
    "api:project-compliance": PROJECTS,
    "procurement:library-detail": LIBRARIES,
    "procurement:member-add": LIBRARIES,
    "procurement:meeting-create": LIBRARIES,
    "procurement:library-file": LIBRARIES,
    "procurement:meeting-detail": MEETINGS,
    "procurement:item-add": MEETINGS,
    "procurement:performance-review-create": PROJECTS,
    "procurement:reward-create": PROJECTS,
    "procurement:posts-edit": PROJECTS,
    "procurement:payment-import": PROJECTS,
    "api:payment-detail": PAYMENTS,
    "api:performance-review-detail": REVIEWS,
    "api:renewal-reward-detail": REWARDS,
}
NOT_SCOPED = {
    "procurement:evaluation-publish": "POST only; an evaluation outside the jurisdiction answers 404 (procurement view tests)",
    "procurement:payment-template": "empty import template; reads no records",
    "procurement:project-template": "empty import template; reads no records",
    "procurement:budget-template": "empty import template; reads no records",
    "procurement:project-import": "form; the service refuses purchasers outside the jurisdiction, by row and column",
    "procurement:budget-import": "form; projects outside the jurisdiction are refused by row and column",
    "procurement:project-export": "xlsx of the scoped project list (procurement Excel tests)",
    "procurement:budget-export": "xlsx of the scoped budget list (procurement Excel tests)",
    "procurement:public-evaluations": "public page (SZ-16a): published acceptance and evaluation results only, no personal data",
    "procurement:library-create": "form; the service refuses divisions outside the jurisdiction",
    "procurement:vote-cast": "POST only; an item outside the jurisdiction answers 404 (procurement view tests)",
    "procurement:item-decide": "POST only; an item outside the jurisdiction answers 404 (procurement view tests)",
    "procurement:project-create": "form; the service refuses purchasers outside the jurisdiction",
    "procurement:budget-calculator": "calculation from the published policy parameters; reads no records",
    "api:budget-calculator": "calculation from the published policy parameters; reads no records",
}
