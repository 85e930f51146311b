"""Registration review and random inspection pages: the flow through forms, Chinese errors, scope."""

import datetime

import pytest
from django.urls import reverse

from shegong.common.tests.html import parse
from shegong.organizations import services
from shegong.organizations.models import (
    CheckItem,
    InspectionDraw,
    OrganizationKind,
    RegistrationCheck,
    RegistrationReview,
    ReviewState,
)
from shegong.organizations.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
D = datetime.date


@pytest.fixture
def review(divisions, lixia_officer):
    return services.registration_review_submit(
        actor=lixia_officer,
        proposed_name="历下区晨光社工中心",
        kind=OrganizationKind.SOCIAL_WORK_AGENCY,
        division=divisions["370102"],
        founders="王明",
        proposed_leaders="王明 理事长",
        submitted_on=D(2022, 5, 9),
    )


def test_officer_records_an_application(client, divisions, lixia_officer):
    client.force_login(lixia_officer)

    response = client.post(
        reverse("organizations:review-create"),
        {
            "proposed_name": "历下区晨光社工中心",
            "kind": "social_work_agency",
            "division": "370102",
            "founders": "王明",
            "proposed_leaders": "王明 理事长",
            "submitted_on": "2022-05-09",
        },
    )

    review = RegistrationReview.objects.get()
    assert response["Location"] == reverse("organizations:review-detail", args=[review.pk])
    assert review.state == ReviewState.SUBMITTED


def test_review_runs_through_the_pages_to_approval(client, lixia_officer, review):
    client.force_login(lixia_officer)
    client.post(reverse("organizations:review-start", args=[review.pk]))
    for item in CheckItem.values:
        client.post(
            reverse("organizations:review-check", args=[review.pk]),
            {"item": item, "passed": "1", "note": "核查无误。", "checked_on": "2022-05-20"},
        )

    client.post(
        reverse("organizations:review-decide", args=[review.pk]),
        {"decision": "approved", "reasons": "四项审查均合格。", "decided_on": "2022-05-25"},
    )
    page = client.get(reverse("organizations:review-detail", args=[review.pk]), **ZH)

    document = parse(page.content)
    assert RegistrationCheck.objects.count() == 4
    assert document.find(data_testid="review-state").text == "已通过"
    assert document.find(data_testid="decision-reasons").text == "四项审查均合格。"


def test_approval_with_open_items_is_refused_on_the_page(client, lixia_officer, review):
    client.force_login(lixia_officer)
    client.post(reverse("organizations:review-start", args=[review.pk]))

    response = client.post(
        reverse("organizations:review-decide", args=[review.pk]),
        {"decision": "approved", "reasons": "同意。", "decided_on": "2022-05-25"},
        **ZH,
    )

    assert response.status_code == 400
    assert (
        "批准须逐项审查并全部合格；尚未审查或不合格：合法性、必要性、可行性、发起人、拟任负责人资格。"
        in response.text
    )
    assert RegistrationReview.objects.get().state == ReviewState.UNDER_REVIEW


@pytest.mark.parametrize(
    "route", ["organizations:review-start", "organizations:review-check", "organizations:review-decide"]
)
def test_posts_on_a_review_outside_the_jurisdiction_answer_404(client, licheng_officer, review, route):
    client.force_login(licheng_officer)

    response = client.post(reverse(route, args=[review.pk]), {})

    assert response.status_code == 404
    assert RegistrationReview.objects.get().state == ReviewState.SUBMITTED


def test_draw_page_shows_the_seed_and_confirms_the_sample_is_reproducible(client, divisions, lixia_officer):
    for _ in range(6):
        OrganizationFactory(division=divisions["370102"])
    client.force_login(lixia_officer)

    response = client.post(
        reverse("organizations:draw-create"),
        {"division": "370102", "sample_size": "3", "drawn_on": "2022-06-01", "purpose": "年度随机抽查"},
    )
    draw = InspectionDraw.objects.get()
    page = client.get(response["Location"], **ZH)

    document = parse(page.content)
    assert document.find(data_testid="draw-seed").text == str(draw.seed)
    assert (
        document.find(data_testid="draw-reproduced").text
        == "用记录的随机种子和抽取范围重新抽取，结果与本次抽取相同。"
    )
    assert len(document.find(data_testid="inspections").find_all("tr")) == 1 + 3
