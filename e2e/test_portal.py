"""The public portal in a real browser on a phone: anonymous, 375 px wide, nothing wider than the screen."""

import re

import pytest

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 812}


def page_overflows(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")


def test_anonymous_visitor_on_a_phone_opens_the_portal_and_the_station_directory(page, screenshot):
    page.set_viewport_size(PHONE)

    page.goto("/portal/")
    assert page.locator("h1").inner_text() == "公众服务"
    assert not page_overflows(page)
    screenshot("portal-home-375")

    with page.expect_navigation():
        page.get_by_test_id("portal-stations").click()
    assert page.locator("h1").inner_text() == "社工站名录"
    assert "解放路街道社会工作服务站" in page.get_by_test_id("station-directory").inner_text()
    assert not page_overflows(page)
    screenshot("portal-stations-375")

    page.get_by_test_id("division-filter").select_option("370102")
    with page.expect_navigation():
        page.get_by_role("button", name="筛选").click()
    assert "division=370102" in page.url
    assert not page_overflows(page)
    assert page.csp_violations == []


def test_anonymous_visitor_complains_about_a_station_and_gets_a_tracking_number(page, screenshot):
    page.set_viewport_size(PHONE)
    page.goto("/portal/stations/?division=370102")
    with page.expect_navigation():
        page.get_by_role("link", name="投诉该社工站").first.click()

    page.fill("#id_summary", "开放时间内无人值守。")
    a, b = map(int, re.findall(r"\d+", page.locator("label[for=id_answer]").inner_text()))
    page.fill("#id_answer", str(a + b))
    assert not page_overflows(page)
    screenshot("portal-complaint-375")
    with page.expect_navigation():
        page.get_by_test_id("complaint-submit").click()

    assert re.fullmatch(r"TS\d{8}[A-Z2-9]{6}", page.get_by_test_id("tracking-number").inner_text())
    screenshot("portal-complaint-received-375")


def test_a_station_complaint_from_the_portal_appears_in_the_district_officers_queue(
    page, browser, server_url
):
    visitor = browser.new_context(base_url=server_url, viewport=PHONE, locale="zh-CN")
    phone = visitor.new_page()
    try:
        phone.goto("/portal/stations/?division=370102")
        with phone.expect_navigation():
            phone.get_by_role("link", name="投诉该社工站").first.click()
        phone.fill("#id_summary", "周三下午开放时间内大门紧锁。")
        a, b = map(int, re.findall(r"\d+", phone.locator("label[for=id_answer]").inner_text()))
        phone.fill("#id_answer", str(a + b))
        with phone.expect_navigation():
            phone.get_by_test_id("complaint-submit").click()
        number = phone.get_by_test_id("tracking-number").inner_text()

        phone.goto(f"/portal/complaints/track/?number={number}")
        assert phone.get_by_test_id("tracking-status").inner_text() == "办理中"
        assert not page_overflows(phone)
    finally:
        visitor.close()

    page.goto("/accounts/login/")
    page.fill("input[name=username]", "jn_lixia")
    page.fill("input[name=password]", "Shegong@2026")
    with page.expect_navigation():
        page.get_by_test_id("login-submit").click()
    page.goto("/portal/queue/")
    queue = page.get_by_test_id("complaint-queue").inner_text()
    assert number in queue
    assert "周三下午开放时间内大门紧锁。" in queue
