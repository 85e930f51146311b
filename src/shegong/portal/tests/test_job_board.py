"""The public job board (SZ-05): published openings only, public fields only, bounded queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from shegong.geo.tests.factories import make_division
from shegong.recruitment.models import PostingState
from shegong.recruitment.tests.factories import PostingFactory
from shegong.stations.tests.factories import StationFactory

pytestmark = pytest.mark.django_db


def test_the_board_shows_published_open_postings_only(client, public_data):
    station = public_data["lixia"]
    PostingFactory(station=station, title="社工站专业社工")
    PostingFactory(station=station, title="草稿岗位", state=PostingState.DRAFT, published_on=None)
    PostingFactory(
        station=station,
        title="已截止岗位",
        closes_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    PostingFactory(station=station, title="已关闭岗位", state=PostingState.CLOSED)

    html = client.get(reverse("portal:job-board")).content.decode()

    assert "社工站专业社工" in html
    assert "历下区阳光社工中心" in html
    assert "5,000–6,500" in html
    for hidden in ("草稿岗位", "已截止岗位", "已关闭岗位"):
        assert hidden not in html


def test_a_draft_posting_has_no_public_page(client, public_data):
    draft = PostingFactory(station=public_data["lixia"], state=PostingState.DRAFT, published_on=None)

    assert client.get(reverse("portal:job-detail", args=[draft.pk])).status_code == 404


def test_the_detail_shows_rank_pay_guide_and_requirements(client, public_data):
    posting = PostingFactory(station=public_data["lixia"], guide_monthly_pay=5600)

    html = client.get(reverse("portal:job-detail", args=[posting.pk])).content.decode()

    assert "助理社工" in html or "助理" in html
    assert "5,600" in html
    assert "社会工作专业本科及以上，持助理社会工作师证书。" in html


def test_the_board_costs_the_same_queries_for_2_and_30_postings(
    client, public_data, django_assert_max_num_queries
):
    for n in range(30):
        station = StationFactory(division=make_division(f"3701020{n + 10:02d}", f"第{n}街道"))
        PostingFactory(station=station, title=f"岗位{n}", employer=public_data["provider"])
    with django_assert_max_num_queries(4):
        response = client.get(reverse("portal:job-board"))
    assert response.content.decode().count("card-title") == 30
