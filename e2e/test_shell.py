"""The shell in a real browser: Chinese first, sign-in, language switch, phone width, styled 404."""

import re

import pytest

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "Shegong@2026"
ENGLISH_SHELL_TITLE = "Shegong social work platform"
CHINESE_SHELL_TITLE = "社工平台"
CJK = re.compile(r"[\u4e00-\u9fff]")


def shows_chinese(page) -> None:
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.title().endswith(CHINESE_SHELL_TITLE), page.title()
    assert CJK.search(page.locator("main").inner_text())


def test_sign_in_and_switch_language(page, screenshot):
    page.goto("/")
    shows_chinese(page)

    page.goto("/accounts/login/")
    shows_chinese(page)
    page.fill("input[name=username]", "jn_lixia")
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_test_id("login-submit").click()
    assert "/accounts/login/" not in page.url
    assert page.get_by_test_id("current-user").inner_text() == "李霞"
    shows_chinese(page)

    with page.expect_navigation():
        page.get_by_test_id("language-en").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert ENGLISH_SHELL_TITLE in page.title()
    assert page.get_by_test_id("current-user").inner_text() == "李霞"
    assert page.get_by_test_id("logout").inner_text() == "Sign out"
    screenshot("home-en")

    with page.expect_navigation():
        page.get_by_test_id("language-zh-hans").click()
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    shows_chinese(page)
    assert page.get_by_test_id("logout").inner_text() == "退出登录"
    screenshot("home-zh-hans")

    page.set_viewport_size({"width": 375, "height": 812})
    page.reload()
    shows_chinese(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot("home-zh-hans-375")
    assert page.csp_violations == []


def test_unknown_address_shows_the_styled_chinese_404(page, screenshot):
    response = page.goto("/no-such-page/")

    assert response.status == 404
    shows_chinese(page)
    assert page.locator("h1").inner_text() == "页面未找到"
    assert page.title() == "页面未找到 · 社工平台"
    # The shell is there: header with the language switch, and the project's stylesheets applied.
    assert page.get_by_test_id("language-en").is_visible()
    loaded = page.evaluate("[...document.styleSheets].filter(s => s.cssRules.length > 0).length")
    assert loaded >= 2
    assert page.evaluate("getComputedStyle(document.body).marginTop") == "0px"
    screenshot("404-zh-hans")
    assert page.csp_violations == []
