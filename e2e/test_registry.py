"""The practitioner registry in a real browser: an officer files a practitioner, records 80 hours of
continuing education, and the Shenzhen training-hours finding (SZ-07a) disappears.

The Shenzhen measures lapsed on 2025-11-11, so the officer checks the rules as of 2025-06-30 on the
practitioner's findings tab (the rules evaluated live for that practitioner on the chosen date).
"""

import pytest
from stdnum.cn import ric

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "Shegong@2026"
AS_OF = "2025-06-30"


def id_number() -> str:
    body = "440304199507213" + "57"
    return body + ric.calc_check_digit(body + "0")


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_test_id("login-submit").click()


def submit(page):
    with page.expect_navigation():
        page.get_by_test_id("form-submit").click()


def move_filing(page, state, effective_on):
    with page.expect_navigation():
        page.get_by_test_id("change-filing").click()
    page.select_option("#id_to_state", state)
    page.fill("#id_effective_on", effective_on)
    submit(page)


def check_findings_as_of(page, day):
    page.fill("#findings-as-of", day)
    with page.expect_navigation():
        page.get_by_test_id("findings-check").click()
    return page.get_by_test_id("live-findings")


def test_officer_files_a_practitioner_and_80_hours_clear_the_training_finding(page, screenshot):
    sign_in(page, "sz_futian")

    page.goto("/workforce/new/")
    page.fill("#id_name", "欧阳明")
    page.fill("#id_id_number", id_number())
    page.select_option("#id_division", "440304")
    page.fill("#id_applied_on", "2025-01-02")
    submit(page)
    assert page.locator("h1").inner_text().startswith("欧阳明")
    move_filing(page, "under_review", "2025-01-02")
    move_filing(page, "filed", "2025-01-03")
    assert page.get_by_test_id("filing-state").inner_text() == "已备案"

    findings = check_findings_as_of(page, AS_OF)
    finding = findings.locator('[data-rule="SZ-07a"]')
    assert "0 学时" in finding.inner_text() and "80 学时" in finding.inner_text()
    screenshot("registry-training-finding")

    with page.expect_navigation():
        page.get_by_test_id("add-training").click()
    page.select_option("#id_kind", "continuing_education")
    page.fill("#id_hours", "80")
    page.fill("#id_held_on", "2025-03-01")
    page.fill("#id_provider", "深圳市社会工作者协会")
    submit(page)

    findings = check_findings_as_of(page, AS_OF)
    assert findings.locator('[data-rule="SZ-07a"]').count() == 0
    assert "80.0" in page.get_by_test_id("training-progress").inner_text()
    screenshot("registry-training-finding-cleared")
    assert page.csp_violations == []
