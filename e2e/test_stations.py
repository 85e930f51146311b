"""The station network in a real browser: a district officer finds a street without a station and registers one."""

import pytest

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "Shegong@2026"
ZHIYUAN = "370102013"  # 智远街道, Lixia: the demo leaves it without a station


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_test_id("login-submit").click()


def test_district_officer_registers_a_station_in_a_town_without_one(page, screenshot):
    sign_in(page, "jn_lixia")

    page.goto("/stations/")
    with page.expect_navigation():
        page.get_by_test_id("coverage-link").click()
    assert page.url.endswith("/stations/coverage/370102/")
    table = page.get_by_test_id("coverage-table")
    assert "解放路街道社会工作服务站" in table.get_by_test_id("coverage-row-370102001").inner_text()
    row = table.get_by_test_id(f"coverage-row-{ZHIYUAN}")
    assert "无社工站" in row.inner_text()
    screenshot("stations-coverage-lixia")

    with page.expect_navigation():
        row.get_by_role("link", name="智远街道").click()
    assert "智远街道尚未建立社工站" in page.get_by_test_id("town-without-station").inner_text()
    with page.expect_navigation():
        page.get_by_test_id("register-station-here").click()
    assert page.locator("#id_division").input_value() == ZHIYUAN
    assert page.locator("#id_name").input_value() == "智远街道社会工作服务站"
    page.fill("#id_address", "智远街道党群服务中心一楼")
    page.fill("#id_opened_on", "2026-11-02")
    screenshot("stations-register-zhiyuan")
    with page.expect_navigation():
        page.get_by_test_id("station-save").click()

    assert page.locator("h1").inner_text() == "智远街道社会工作服务站"
    assert "智远街道党群服务中心一楼" in page.locator("main").inner_text()
    screenshot("stations-zhiyuan-detail")

    page.goto("/stations/coverage/370102/")
    assert "智远街道社会工作服务站" in page.get_by_test_id(f"coverage-row-{ZHIYUAN}").inner_text()
    assert page.csp_violations == []
