"""The public policy explorer in a real browser: the Shenzhen measures, clause (十三) and its rules."""

import pytest

pytestmark = pytest.mark.e2e


def test_visitor_reads_clause_13_of_the_shenzhen_measures_and_sees_its_rules(page, screenshot):
    page.goto("/policy/?on=2026-11-23")
    status = page.get_by_test_id("status-SZ")
    assert "2025年11月11日" in status.inner_text()  # lapsed, with the date

    with page.expect_navigation():
        page.get_by_role("link", name="深圳市关于提升社会工作服务水平的若干措施").click()
    clause = page.locator('section[data-clause="(十三)"]')
    clause.scroll_into_view_if_needed()
    assert "整体打包费" in clause.inner_text()
    for spec_id in ["SZ-13b", "SZ-13c", "SZ-13d"]:
        assert clause.get_by_test_id(f"rule-{spec_id}").is_visible()
    screenshot("policy-shenzhen-clause-13")
    assert page.csp_violations == []


def test_officer_runs_a_what_if_on_the_package_fee_floor(page):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", "sz_futian")
    page.fill("input[name=password]", "Shegong@2026")
    with page.expect_navigation():
        page.get_by_test_id("login-submit").click()

    page.goto("/policy/what-if/")
    page.fill("input[name=on]", "2022-06-30")
    with page.expect_navigation():
        page.get_by_test_id("what-if-run").click()
    # Changing nothing re-runs no rule; the page says so instead of failing.
    assert page.locator("main").inner_text().count("没有修改") == 1
