"""Division browser pages: provinces, drill-down (full page or htmx panel), breadcrumbs, search."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shegong.accounts.tests.factories import UserFactory
from shegong.geo.tests.factories import make_division

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def reader(client):
    client.force_login(UserFactory(username="reader"))
    return client


def table_rows(html: str) -> list[list[str]]:
    """Return the text of each cell of the division table's body rows."""
    body = html.split('data-testid="division-table"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    return [
        [re.sub(r"<[^>]+>|\s+", "", cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in rows
    ]


def test_pages_need_a_signed_in_user(client, divisions):
    for url in (reverse("geo:division-list"), reverse("geo:division-detail", args=["3701"])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_list_shows_the_provinces_with_their_counts(reader, divisions):
    response = reader.get(reverse("geo:division-list"))

    assert response.status_code == 200
    assert response.context["page_title"] == "行政区划"
    assert table_rows(response.content.decode()) == [
        ["37", "山东省", "省", "1", "2", "4"],
        ["44", "广东省", "省", "1", "1", "0"],
    ]


def test_detail_shows_breadcrumbs_from_the_ancestors_and_the_children(reader, divisions):
    response = reader.get(reverse("geo:division-detail", args=["370102"]))

    assert response.status_code == 200
    assert response.context["breadcrumbs"] == [
        ("行政区划", "/geo/"),
        ("山东省", "/geo/37/"),
        ("济南市", "/geo/3701/"),
        ("历下区", None),
    ]
    html = response.content.decode()
    assert "<html" in html
    assert table_rows(html) == [["370102001", "解放路街道", "乡镇（街道）", "2", "0", "2"]]
    # The drill-down link works with htmx and without JavaScript alike.
    assert 'href="/geo/370102001/" hx-get="/geo/370102001/"' in html
    assert 'hx-target="#division-panel"' in html


def test_htmx_drill_down_returns_the_panel_and_the_breadcrumbs_out_of_band(reader, divisions):
    response = reader.get(reverse("geo:division-detail", args=["370102001"]), **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="division-panel"' in html
    assert 'id="geo-breadcrumbs" hx-swap-oob="true"' in html
    assert '<a href="/geo/370102/">历下区</a>' in html
    assert table_rows(html) == [
        ["370102001002", "解放桥社区居民委员会", "村（社区）", "0", "0", "0"],
        ["370102001003", "历山路社区居民委员会", "村（社区）", "0", "0", "0"],
    ]
    assert "HX-Request" in response["Vary"]


def test_search_by_name_shows_where_each_division_lies(reader, divisions):
    response = reader.get(reverse("geo:division-list"), {"q": "街道"})

    assert table_rows(response.content.decode()) == [
        ["370102001", "解放路街道", "乡镇（街道）", "山东省›济南市›历下区", "2", "0", "2"],
        ["370112001", "山大路街道", "乡镇（街道）", "山东省›济南市›历城区", "2", "0", "2"],
        ["440304001", "南园街道", "乡镇（街道）", "广东省›深圳市›福田区", "0", "0", "0"],
    ]


def test_search_within_a_division_stays_inside_it(reader, divisions):
    response = reader.get(reverse("geo:division-list"), {"q": "街道", "within": "370112"})

    assert [row[0] for row in table_rows(response.content.decode())] == ["370112001"]


def test_search_without_a_match_says_so(reader, divisions):
    response = reader.get(reverse("geo:division-list"), {"q": "不存在的地名"})

    assert "没有名称符合的行政区划。" in response.content.decode()


def test_unknown_division_is_404(reader, divisions):
    assert reader.get(reverse("geo:division-detail", args=["370199"])).status_code == 404


def detail_queries(client, towns: int) -> int:
    district = make_division(f"3798{towns:02d}", "测试区")
    for n in range(1, towns + 1):
        make_division(f"{district.code}{n:03d}001")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("geo:division-detail", args=[district.code]))
    assert len(table_rows(response.content.decode())) == towns
    return len(ctx.captured_queries)


def test_detail_page_query_count_does_not_grow_with_children(reader, divisions):
    assert detail_queries(reader, 5) == detail_queries(reader, 50)
