"""Station records and designations in a real browser: a district overview, a station's working rules and
signs, and a Sanming county's training base."""

import pytest

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "Shegong@2026"


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_test_id("login-submit").click()


def test_district_officer_files_a_missing_rule_from_the_district_overview(page, screenshot):
    sign_in(page, "jn_lixia")

    page.goto("/stations/coverage/370102/")
    with page.expect_navigation():
        page.get_by_test_id("district-overview-link").click()
    stations = page.get_by_test_id("district-stations")
    assert "解放路街道社会工作服务站" in stations.inner_text()
    assert "人员管理" in page.get_by_test_id("district-regulations").inner_text()
    screenshot("stations-district-overview-lixia")

    with page.expect_navigation():
        stations.get_by_role("link", name="千佛山街道社会工作服务站").click()
    signs = page.get_by_test_id("station-signs").inner_text()
    assert "户外标牌：千佛山街道社会工作服务站" in signs  # the demo sign lacks the district's name
    assert "文书档案管理" not in page.get_by_test_id("station-regulations").inner_text()

    with page.expect_navigation():
        page.get_by_role("link", name="登记工作制度").click()
    page.select_option("#id_kind", "archives")
    page.fill("#id_title", "千佛山街道社工站文书档案管理制度")
    page.fill("#id_adopted_on", "2021-06-01")
    page.fill("#id_text", "档案分类、借阅和保管要求。")
    screenshot("stations-regulation-form")
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()

    assert (
        "文书档案管理：千佛山街道社工站文书档案管理制度"
        in page.get_by_test_id("station-regulations").inner_text()
    )
    screenshot("stations-qianfoshan-records")
    assert page.csp_violations == []


def test_sanming_officer_designates_a_training_base(page, screenshot):
    sign_in(page, "sm_district")

    page.goto("/stations/designations/")
    assert "三元区社会工作者教育培训基地" in page.get_by_test_id("training-bases").inner_text()
    assert "三元区社会工作专业人才队伍建设综合试点" in page.get_by_test_id("pilot-sites").inner_text()
    with page.expect_navigation():
        page.get_by_role("link", name="认定培训基地").click()
    page.select_option("#id_division", "350404")
    page.fill("#id_name", "三元区社区社会工作实训中心")
    page.fill("#id_host", "三元区社区教育学校")
    page.fill("#id_designated_on", "2016-03-01")
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()

    assert "三元区社区社会工作实训中心" in page.get_by_test_id("training-bases").inner_text()
    screenshot("stations-sanming-training-bases")
    assert page.csp_violations == []
