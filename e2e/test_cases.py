"""Case management in a real browser (issue 8): a Huizhou social worker registers a household, walks the
case through the six steps, and the overdue-visit finding (HZ-15) appears and disappears as visits are logged."""

import datetime

import pytest

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "Shegong@2026"
DONGHU = "441302001001"  # 东湖社区居委会, 惠城区桥东街道: the HZ-15 rule applies in Huizhou
ID_NUMBER = "441302198806120035"


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_test_id("login-submit").click()


def save(page):
    with page.expect_navigation():
        page.get_by_test_id("cases-save").click()


def advance(page, expected_step):
    with page.expect_navigation():
        page.get_by_test_id("advance").click()
    assert page.get_by_test_id("case-step").inner_text() == expected_step


def record(page, fields):
    with page.expect_navigation():
        page.get_by_test_id("record-step").click()
    for selector, value in fields.items():
        page.fill(selector, value)
    save(page)


def recheck(page):
    with page.expect_navigation():
        page.get_by_test_id("recheck").click()
    return page.get_by_test_id("case-findings").inner_text()


def test_worker_registers_a_household_and_walks_a_case_through_six_steps(page, screenshot):
    today = datetime.date.today()
    sign_in(page, "hz_worker")

    page.goto("/cases/households/new/")
    page.select_option("#id_division", DONGHU)
    page.fill("#id_address", "东湖社区东湖花园5栋302")
    page.check("input[name=categories][value=left_behind_elderly]")
    save(page)
    assert page.locator("h1").inner_text() == "东湖社区东湖花园5栋302"

    with page.expect_navigation():
        page.get_by_test_id("member-create").click()
    page.fill("#id_name", "陈桂芳")
    page.select_option("#id_relation", "head")
    page.fill("#id_id_number", ID_NUMBER)
    save(page)
    assert page.locator("h1").inner_text() == "东湖社区东湖花园5栋302", page.locator("main").inner_text()
    members = page.get_by_test_id("members").inner_text()
    assert "陈桂芳" in members and ID_NUMBER not in members  # masked in the file's list

    with page.expect_navigation():
        page.get_by_test_id("case-create").click()
    page.fill("#id_title", "独居老人照料与探访")
    page.fill("#id_identification", "网格员入户走访发现老人独居、行动不便。")
    page.select_option("#id_service_type", index=1)
    page.select_option("#id_domain", index=1)
    save(page)
    assert page.get_by_test_id("case-step").inner_text() == "识别对象"

    advance(page, "分析需求")
    record(page, {"#id_summary": "需要日常照料与情感陪伴。", "#id_assessed_on": today.isoformat()})
    advance(page, "制定计划")
    planned = today - datetime.timedelta(days=10)
    record(
        page,
        {
            "#id_visit_frequency_days": "7",
            "#id_goals": "保障基本生活，减少孤独感。",
            "#id_steps": "每周探访一次，链接助餐服务。",
            "#id_planned_on": planned.isoformat(),
        },
    )
    assert "已超期" in page.get_by_test_id("next-visit-due").inner_text()

    findings = recheck(page)
    assert "HZ-15" in findings and "独居老人照料与探访" in findings
    screenshot("cases-overdue-visit-finding")

    with page.expect_navigation():
        page.get_by_test_id("visit-create").click()
    page.fill("#id_visited_on", today.isoformat())
    page.fill("#id_notes", "老人精神状态良好。")
    save(page)
    assert "已超期" not in page.get_by_test_id("next-visit-due").inner_text()
    assert "HZ-15" not in recheck(page)

    advance(page, "协调资源")
    record(page, {"#id_resource": "社区长者饭堂助餐", "#id_linked_on": today.isoformat()})
    advance(page, "专业介入")
    record(page, {"#id_method": "个案辅导", "#id_held_on": today.isoformat()})
    advance(page, "跟踪问效")
    record(page, {"#id_outcome": "老人每日按时用餐，情绪稳定。", "#id_evaluated_on": today.isoformat()})
    advance(page, "已结案")

    timeline = page.get_by_test_id("timeline").inner_text()
    for step in ("识别对象", "分析需求", "制定计划", "协调资源", "专业介入", "跟踪问效", "已结案"):
        assert step in timeline
    assert page.get_by_test_id("advance").count() == 0
    screenshot("cases-closed")
    assert page.csp_violations == []
