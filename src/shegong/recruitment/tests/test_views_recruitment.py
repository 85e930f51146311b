"""Recruitment and volunteer pages and API: what an officer, an employer and a social worker see."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from shegong.cases.tests.factories import CaseFactory, HouseholdFactory
from shegong.recruitment.models import Application, Pairing, Posting, PostingState, Stage, TalentPoolEntry
from shegong.workforce.models import Employment
from shegong.workforce.tests.factories import PractitionerFactory

from .factories import ApplicationFactory, PostingFactory, VolunteerFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


def test_an_officer_creates_and_publishes_a_posting_that_shows_on_the_job_board(
    client, station, lixia_officer
):
    client.force_login(lixia_officer)
    response = client.post(
        reverse("recruitment:posting-create"),
        {
            "station": station.pk,
            "title": "社工站专业社工",
            "rank": "assistant",
            "domain": "social_assistance",
            "openings": 2,
            "requirements": "持证社工优先",
            "pay_min": "5000",
            "pay_max": "6000",
            "opens_on": TODAY().isoformat(),
            "closes_on": (TODAY() + 20 * DAY).isoformat(),
        },
    )
    posting = Posting.objects.get()
    assert response.status_code == 302
    assert posting.state == PostingState.DRAFT
    assert "社工站专业社工" not in client.get(reverse("portal:job-board")).content.decode()

    client.post(reverse("recruitment:posting-publish", args=[posting.pk]))

    client.logout()
    assert "社工站专业社工" in client.get(reverse("portal:job-board")).content.decode()


def test_bad_posting_input_answers_400_in_chinese_and_writes_nothing(client, station, lixia_officer):
    client.force_login(lixia_officer)
    response = client.post(
        reverse("recruitment:posting-create"),
        {
            "station": station.pk,
            "title": "社工",
            "rank": "assistant",
            "domain": "social_assistance",
            "openings": 1,
            "requirements": "联系电话13812345678",
            "pay_min": "6000",
            "pay_max": "5000",
            "opens_on": TODAY().isoformat(),
            "closes_on": (TODAY() - DAY).isoformat(),
        },
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "请勿填写身份证号码或电话号码。" in html
    assert not Posting.objects.exists()


def test_hiring_before_the_notice_ends_is_refused_on_the_page(client, unified_posting, filed, lixia_officer):
    application = ApplicationFactory(
        posting=unified_posting,
        practitioner=filed,
        stage=Stage.NOTICE,
        notice_starts_on=TODAY() - 2 * DAY,
        notice_ends_on=TODAY() + 4 * DAY,
    )
    client.force_login(lixia_officer)

    page = client.get(reverse("recruitment:application-detail", args=[application.pk])).content.decode()
    response = client.post(
        reverse("recruitment:application-hire", args=[application.pk]), {"hired_on": TODAY().isoformat()}
    )

    end = (TODAY() + 4 * DAY).isoformat()
    assert f"该拟录用人员的公示期至{end}" in page
    assert response.status_code == 400
    errors = re.search(r'id="id_hired_on_error">(.*?)</div>\s*</div>', response.content.decode(), re.S)
    assert f"该拟录用人员的公示期至{end}" in errors.group(1)
    assert not Employment.objects.exists()


def test_a_candidate_is_added_by_id_number_and_hired_through_the_page(client, posting, filed, org_admin):
    client.force_login(org_admin)
    response = client.post(
        reverse("recruitment:application-create", args=[posting.pk]),
        {"id_number": filed.id_number, "applied_on": TODAY().isoformat(), "source": "applied"},
    )
    application = Application.objects.get()
    assert response.status_code == 302

    client.post(
        reverse("recruitment:application-hire", args=[application.pk]), {"hired_on": TODAY().isoformat()}
    )

    application.refresh_from_db()
    assert application.stage == Stage.HIRED
    assert Employment.objects.get(practitioner=filed).organization == posting.employer


def test_officers_see_the_talent_pool_of_their_jurisdiction_employers_see_all_of_it(
    client, divisions, lixia_officer, org_admin
):
    for name, code in (("历下人才", "370102"), ("历城人才", "370112")):
        TalentPoolEntry.objects.create(
            practitioner=PractitionerFactory(name=name, division=divisions[code]),
            joined_on=TODAY(),
            summary=f"{name}擅长老年服务",
        )
    TalentPoolEntry.objects.create(
        practitioner=PractitionerFactory(name="未备案人才", division=divisions["370102"], filed_since=None),
        joined_on=TODAY(),
        summary="未备案人才擅长",
    )

    client.force_login(lixia_officer)
    html = client.get(reverse("recruitment:talent-pool")).content.decode()
    assert "历下人才擅长老年服务" in html
    assert "历城人才擅长老年服务" not in html
    client.force_login(org_admin)
    html = client.get(reverse("recruitment:talent-pool")).content.decode()
    assert "历下人才擅长老年服务" in html and "历城人才擅长老年服务" in html
    assert "未备案人才擅长" not in html
    assert PractitionerFactory._meta.model.objects.get(name="历下人才").id_number not in html


def test_the_pairing_shows_on_the_volunteer_page_and_on_the_social_workers_page(
    client, divisions, lixia_officer, filed
):
    volunteer = VolunteerFactory(name="孙丽", division=divisions["370102001"])
    Pairing.objects.create(volunteer=volunteer, practitioner=filed, starts_on=TODAY())
    client.force_login(lixia_officer)

    volunteer_page = client.get(reverse("recruitment:volunteer-detail", args=[volunteer.pk])).content.decode()
    worker_page = client.get(reverse("recruitment:practitioner-volunteers", args=[filed.pk])).content.decode()

    assert "赵敏" in volunteer_page
    assert reverse("recruitment:practitioner-volunteers", args=[filed.pk]) in volunteer_page
    assert "孙丽" in worker_page


def test_the_cases_social_worker_records_and_sees_volunteer_help(client, divisions):
    case = CaseFactory(household=HouseholdFactory(division=divisions["370102001002"]))
    volunteer = VolunteerFactory(name="孙丽", division=divisions["370102001"])
    worker = case.household.assigned_worker
    client.force_login(worker)

    response = client.post(
        reverse("recruitment:case-assistance", args=[case.pk]),
        {
            "volunteer": volunteer.pk,
            "assisted_on": TODAY().isoformat(),
            "hours": "2",
            "description": "陪同就医",
        },
    )

    assert response.status_code == 302
    html = client.get(reverse("recruitment:case-assistance", args=[case.pk])).content.decode()
    assert "孙丽" in html and "陪同就医" in html


def test_volunteer_list_costs_the_same_queries_for_3_and_30(
    client, divisions, lixia_officer, django_assert_max_num_queries
):
    for _n in range(30):
        VolunteerFactory(division=divisions["370102001"])
    client.force_login(lixia_officer)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("recruitment:volunteer-list"))
    assert response.content.decode().count("/recruitment/volunteers/") >= 30


def test_posting_list_costs_the_same_queries_for_any_number(
    client, station, lixia_officer, django_assert_max_num_queries
):
    for _ in range(25):
        PostingFactory(station=station)
    client.force_login(lixia_officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("recruitment:posting-list"))
    assert response.content.decode().count("/recruitment/postings/") >= 25


def test_api_creates_a_posting_and_refuses_an_unfiled_hire_in_chinese(
    client, station, lixia_officer, unfiled
):
    client.force_login(lixia_officer)
    created = client.post(
        "/api/v1/postings/",
        {
            "station": station.pk,
            "title": "社工",
            "rank": "assistant",
            "domain": "social_assistance",
            "requirements": "持证",
            "pay_min": "5000",
            "pay_max": "6000",
            "opens_on": TODAY().isoformat(),
            "closes_on": (TODAY() + 10 * DAY).isoformat(),
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    posting_id = created.json()["id"]
    assert client.post(f"/api/v1/postings/{posting_id}/publish/").json()["state"] == "published"
    application = client.post(
        "/api/v1/applications/",
        {"posting": posting_id, "practitioner": unfiled.pk, "applied_on": TODAY().isoformat()},
        content_type="application/json",
    ).json()

    response = client.post(
        f"/api/v1/applications/{application['id']}/hire/",
        {"hired_on": TODAY().isoformat()},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.status_code == 400
    assert "只能通过招聘平台录用已备案的从业人员" in response.json()["detail"]
    assert not Employment.objects.exists()


def test_the_volunteer_api_shows_no_phone_numbers(client, divisions, lixia_officer):
    VolunteerFactory(name="孙丽", division=divisions["370102001"], phone="13812345678")
    client.force_login(lixia_officer)

    body = client.get("/api/v1/volunteers/").content.decode()

    assert "孙丽" in body
    assert "13812345678" not in body


def test_the_public_posting_api_needs_no_login_and_lists_published_postings_only(client, posting, station):
    PostingFactory(station=station, title="草稿岗位", state=PostingState.DRAFT, published_on=None)

    body = client.get("/api/v1/public/postings/").json()

    assert [row["title"] for row in body["results"]] == ["社工站专业社工"]
    assert Decimal(body["results"][0]["pay_min"]) == Decimal("5000")
