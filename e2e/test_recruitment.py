"""Recruitment in a real browser: a posting published by an officer shows on the public job board on a
phone; hiring a Huizhou candidate before the public notice ends is refused in Chinese."""

import datetime
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "Shegong@2026"
PHONE = {"width": 375, "height": 812}
SCREENSHOT_DIR = Path(__file__).resolve().parent / "screenshots"


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_test_id("login-submit").click()


def page_overflows(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")


def test_an_officer_publishes_a_posting_and_it_shows_on_the_public_job_board_on_a_phone(
    page, browser, server_url, screenshot
):
    title = f"个案社工{datetime.datetime.now():%H%M%S}"
    sign_in(page, "jn_lixia")
    page.goto("/recruitment/postings/new/")
    station = page.evaluate(
        "[...document.querySelectorAll('#id_station option')].find(o => o.text.includes('解放路')).value"
    )
    page.select_option("#id_station", station)
    page.fill("#id_title", title)
    page.select_option("#id_rank", "assistant")
    page.select_option("#id_domain", "social_assistance")
    page.fill("#id_openings", "2")
    page.fill("#id_requirements", "社会工作专业大专以上，持助理社会工作师证书。")
    page.fill("#id_pay_min", "5200")
    page.fill("#id_pay_max", "6500")
    today = datetime.date.today()
    page.fill("#id_opens_on", (today - datetime.timedelta(days=1)).isoformat())
    page.fill("#id_closes_on", (today + datetime.timedelta(days=20)).isoformat())
    with page.expect_navigation():
        page.get_by_test_id("submit").click()
    assert page.get_by_test_id("posting-state").inner_text() == "草稿"
    with page.expect_navigation():
        page.get_by_test_id("posting-publish").click()
    assert page.get_by_test_id("posting-state").inner_text() == "已发布"
    screenshot("recruitment-posting-published")

    visitor = browser.new_context(base_url=server_url, viewport=PHONE, locale="zh-CN")
    phone = visitor.new_page()
    try:
        phone.goto("/portal/")
        with phone.expect_navigation():
            phone.get_by_test_id("portal-jobs").click()
        board = phone.get_by_test_id("job-board").inner_text()
        assert title in board
        assert "5,200–6,500" in board
        assert not page_overflows(phone)
        SCREENSHOT_DIR.mkdir(exist_ok=True)
        phone.screenshot(path=str(SCREENSHOT_DIR / "portal-job-board-375.png"), full_page=True)
        with phone.expect_navigation():
            phone.get_by_role("link", name=title).click()
        assert "社会工作专业大专以上" in phone.get_by_test_id("job-detail").inner_text()
        assert not page_overflows(phone)
    finally:
        visitor.close()


def test_hiring_during_the_public_notice_is_refused_in_chinese(page, screenshot):
    sign_in(page, "hz_huicheng")
    page.goto("/recruitment/")
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("统一招聘")).first.click()
    with page.expect_navigation():
        page.get_by_test_id("candidates").get_by_role("link").first.click()
    assert page.get_by_test_id("application-stage").inner_text() == "公示"

    with page.expect_navigation():
        page.get_by_test_id("application-hire").click()

    errors = page.locator(".invalid-feedback").all_inner_texts()
    assert any("公示期满次日起方可录用" in text for text in errors), errors
    assert page.get_by_test_id("application-stage").inner_text() == "公示"
    screenshot("recruitment-hire-refused-during-notice")
