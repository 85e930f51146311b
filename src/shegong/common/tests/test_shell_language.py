"""The language switch: Chinese by default, English after a POST to set_language, and back."""

import pytest

from .html import parse

pytestmark = pytest.mark.django_db


def test_pages_are_chinese_by_default(client):
    document = parse(client.get("/").content)

    assert document.find("html").attrs["lang"] == "zh-hans"
    assert document.find("a", cls="navbar-brand").text == "社工平台"
    assert document.find("button", data_testid="language-zh-hans").attrs["aria-pressed"] == "true"


def test_switching_to_english_turns_the_next_page_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    document = parse(client.get("/").content)
    assert document.find("html").attrs["lang"] == "en"
    assert document.find("title").text == "Home · Shegong social work platform"
    assert document.find("a", cls="navbar-brand").text == "Shegong social work platform"
    assert document.find("button", data_testid="language-en").attrs["aria-pressed"] == "true"


def test_switching_back_to_chinese(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})

    document = parse(client.get("/").content)

    assert document.find("title").text == "首页 · 社工平台"


def test_language_form_posts_to_set_language_and_returns_to_the_current_page(client):
    document = parse(client.get("/?tab=2").content)

    form = document.find("form", cls="sg-language")
    assert form.attrs["action"] == "/i18n/setlang/"
    assert form.attrs["method"] == "post"
    assert form.find("input", name="next").attrs["value"] == "/?tab=2"
    assert form.find_all("input", name="csrfmiddlewaretoken")
    buttons = {
        b.attrs["data-testid"]: (b.attrs["name"], b.attrs["value"], b.text) for b in form.find_all("button")
    }
    assert buttons == {
        "language-zh-hans": ("language", "zh-hans", "中文"),
        "language-en": ("language", "en", "English"),
    }


def test_signed_in_user_keeps_the_chosen_language_across_pages(client, lixia_officer):
    client.force_login(lixia_officer)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    response = client.get("/no/such/page/")

    assert parse(response.content).find("h1").text == "Page not found"


@pytest.mark.django_db
def test_an_english_browser_still_gets_chinese_pages_until_the_user_switches(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response.headers["Content-Language"] == "zh-hans"
    assert "社工平台" in response.text


@pytest.mark.django_db
def test_api_clients_may_ask_for_english(client):
    response = client.get("/api/v1/organizations/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code in {401, 403}
    assert response.headers["Content-Language"] == "en"
