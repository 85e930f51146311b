"""The public pages: open without login, cacheable, bounded queries, only published records."""

import pytest
from django.urls import reverse

from shegong.common.tests.html import parse
from shegong.geo.tests.factories import make_division
from shegong.stations.tests.factories import StationFactory

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "portal:home",
    "portal:station-directory",
    "portal:sanction-list",
    "portal:pay-disclosure-list",
    "portal:statistics",
    "portal:job-board",
]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_opens_without_login_and_may_be_cached_for_five_minutes(client, public_data, name):
    response = client.get(reverse(name))

    assert response.status_code == 200
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=300"}
    # The language comes from the URL, not a cookie: shared caches need not keep a copy per cookie.
    assert "cookie" not in response.get("Vary", "").lower()
    assert not response.cookies


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_in_english_is_chosen_by_the_url_and_stays_cacheable(client, public_data, name):
    response = client.get(reverse(name), {"lang": "en"})

    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()
    assert "public" in response["Cache-Control"]
    assert "cookie" not in response.get("Vary", "").lower()


def test_a_language_cookie_does_not_change_a_public_page(client, public_data):
    client.cookies["django_language"] = "en"

    response = client.get(reverse("portal:home"))

    assert response["Content-Language"] == "zh-hans"


def test_the_language_links_set_the_cookie_and_return_with_the_language_in_the_url(client, db):
    html = client.get(reverse("portal:job-board")).content.decode()
    assert 'href="/portal/language/?lang=en&amp;next=%2Fportal%2Fjobs%2F%3Flang%3Den"' in html

    response = client.get("/portal/language/", {"lang": "en", "next": "/portal/jobs/?division=3701"})

    assert response.status_code == 302
    assert response["Location"] == "/portal/jobs/?division=3701&lang=en"
    assert response.cookies["django_language"].value == "en"
    assert client.get("/portal/language/", {"lang": "en", "next": "https://evil.example/"})["Location"] == (
        "/portal/?lang=en"
    )


def test_a_signed_in_visitor_gets_a_private_copy(client, public_data, lixia_officer):
    client.force_login(lixia_officer)

    response = client.get(reverse("portal:home"))

    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_complaint_form_is_never_cached(client, public_data):
    response = client.get(reverse("portal:complaint-create"))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_home_links_the_policy_explorer_and_every_portal_page(client, db):
    html = client.get(reverse("portal:home")).content.decode()

    for name in [
        "policy:document-list",
        *PUBLIC_PAGES[1:],
        "portal:complaint-create",
        "portal:complaint-track",
    ]:
        assert f'href="{reverse(name)}"' in html


def test_home_links_disclosure_pages_of_other_apps_only_when_they_exist(client, db, monkeypatch):
    from shegong.portal import views

    monkeypatch.setattr(
        views,
        "OPTIONAL_LINKS",
        (("portal:statistics", "Present page", ""), ("organizations:no-such-page", "Missing page", "")),
    )

    html = client.get(reverse("portal:home")).content.decode()

    assert "Present page" in html
    assert "Missing page" not in html


def test_directory_shows_address_hours_and_services_of_each_station(client, public_data):
    html = client.get(reverse("portal:station-directory")).content.decode()

    assert "解放路街道社会工作服务站" in html
    assert "解放路88号便民服务中心二楼" in html
    assert "周一至周五 9:00-17:00" in html
    assert "老年人关爱<br>困境儿童帮扶" in html
    assert "历下区阳光社工中心" in html
    assert "山大路街道社会工作服务站" in html


def test_division_filter_keeps_only_the_stations_of_that_district(client, public_data):
    html = client.get(reverse("portal:station-directory"), {"division": "370112"}).content.decode()

    assert "山大路街道社会工作服务站" in html
    assert "解放路街道社会工作服务站" not in html
    assert "历下区社会工作服务总站" not in html
    assert '<option value="370112" selected>' in html


def test_an_unknown_division_shows_every_station(client, public_data):
    html = client.get(reverse("portal:station-directory"), {"division": "99"}).content.decode()

    assert "山大路街道社会工作服务站" in html
    assert "解放路街道社会工作服务站" in html


def test_directory_costs_the_same_queries_for_3_and_30_stations(
    client, public_data, django_assert_max_num_queries
):
    for n in range(27):
        StationFactory(name=f"第{n}街道社工站", division=make_division(f"3701020{n + 10:02d}", f"第{n}街道"))
    with django_assert_max_num_queries(4):
        response = client.get(reverse("portal:station-directory"))
    assert response.content.decode().count("card-title") == 30


def test_sanctions_page_lists_only_published_sanctions(client, public_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        html = client.get(reverse("portal:sanction-list")).content.decode()

    assert "张晓明违反职业伦理，予以警告。" in html
    assert "王丽" not in html


def test_pay_disclosures_page_lists_only_published_disclosures(
    client, public_data, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        html = client.get(reverse("portal:pay-disclosure-list")).content.decode()

    assert "历下区阳光社工中心" in html
    assert "1,230,000.50" in html
    assert "未公开机构" not in html


def test_statistics_count_stations_staff_and_coverage_per_city(
    client, public_data, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = client.get(reverse("portal:statistics"))

    row = parse(response.content).find(data_testid="portal-statistics").find_all("tr")[1]
    cells = [cell.text.strip() for cell in row.find_all() if cell.tag in ("th", "td")]
    # Jinan: 2 town stations, 1 hub, 2 staff on post (one left), 2 of 2 towns, 1 of 4 villages served.
    assert cells == ["济南市", "2", "1", "2", "2 / 2 (100.0%)", "1 / 4 (25.0%)"]
