"""Dashboards per level in a real browser: a town officer and an organisation's administrator click a
bar and land on the filtered list behind it; a city officer drills down from a district to a town; the
public dashboard draws its charts without signing in."""

import pytest

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "Shegong@2026"


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_test_id("login-submit").click()


def biggest_bar(page, chart: str) -> dict:
    """The page coordinates of the middle of the longest bar of a drawn chart, and its list's URL."""
    page.wait_for_selector(f"[data-chart={chart}] canvas")
    return page.evaluate(
        """(chart) => {
            const element = document.querySelector(`[data-chart=${chart}]`);
            const instance = window.echarts.getInstanceByDom(element);
            const data = JSON.parse(document.getElementById("reports-chart-data").textContent)[chart];
            const values = data.values[0];
            const index = values.indexOf(Math.max(...values));
            const [x, y] = instance.convertToPixel({ seriesIndex: 0 }, [values[index] / 2, index]);
            const box = element.getBoundingClientRect();
            return {
                x: box.left + window.scrollX + x, y: box.top + window.scrollY + y,
                url: data.urls[index], value: values[index],
            };
        }""",
        chart,
    )


def click_bar(page, target: dict) -> None:
    page.evaluate("(y) => window.scrollTo(0, Math.max(0, y - 300))", target["y"])
    scroll = page.evaluate("() => window.scrollY")
    with page.expect_navigation():
        page.mouse.click(target["x"], target["y"] - scroll)


def first_chart_with_data(page, charts: list[str]) -> tuple[str, dict]:
    data = page.evaluate("() => JSON.parse(document.getElementById('reports-chart-data').textContent)")
    for chart in charts:
        if chart in data and max(data[chart]["values"][0]) > 0:
            return chart, biggest_bar(page, chart)
    raise AssertionError(f"none of {charts} has a bar in the demo data")


def test_town_officer_clicks_a_bar_and_lands_on_the_list_behind_it(page, screenshot):
    sign_in(page, "jn_jiefanglu")

    page.goto("/reports/")
    assert page.locator("h1").inner_text() == "数据看板：解放路街道"
    assert page.get_by_test_id("stations-table").locator("tbody tr").count() >= 1
    chart, target = first_chart_with_data(page, ["caseload", "filings", "findings", "service_hours"])
    table_links = page.get_by_test_id(f"{chart}-table").locator("a")
    assert target["url"] in [table_links.nth(n).get_attribute("href") for n in range(table_links.count())]
    screenshot("reports-dashboard-town")

    click_bar(page, target)

    assert page.url.endswith(target["url"])
    assert page.locator("h1").count() == 1
    screenshot("reports-dashboard-town-bar-clicked")
    assert page.csp_violations == []


def test_organisation_administrator_clicks_a_project_bar_and_sees_the_filtered_projects(page, screenshot):
    sign_in(page, "jn_org_admin")

    page.goto("/reports/")
    assert page.locator("h1").inner_text().startswith("数据看板：")
    chart, target = first_chart_with_data(page, ["projects", "budgets", "training_hours", "findings"])
    screenshot("reports-dashboard-organisation")

    click_bar(page, target)

    assert page.url.endswith(target["url"])
    screenshot("reports-dashboard-organisation-bar-clicked")
    assert page.csp_violations == []


def test_the_public_dashboard_draws_its_charts_without_signing_in(page, screenshot):
    page.goto("/portal/")
    with page.expect_navigation():
        page.get_by_test_id("portal-dashboard").click()

    page.wait_for_selector("[data-chart=figures] canvas")
    assert page.locator("h1").inner_text() == "社会工作数据一览"
    assert page.get_by_test_id("public-coverage").locator("tbody tr").count() >= 1
    screenshot("reports-dashboard-public")
    assert page.csp_violations == []


def test_city_officer_drills_from_a_district_to_a_town_dashboard(page, screenshot):
    sign_in(page, "jn_city")

    page.goto("/reports/")
    assert page.locator("h1").inner_text() == "数据看板：济南市"
    with page.expect_navigation():
        page.get_by_test_id("drill-370102").click()
    assert page.locator("h1").inner_text() == "数据看板：历下区"
    assert page.url.endswith("/reports/?division=370102")
    screenshot("reports-dashboard-drill-district")

    with page.expect_navigation():
        page.get_by_test_id("drill-370102001").click()

    assert page.locator("h1").inner_text() == "数据看板：解放路街道"
    assert page.get_by_test_id("stations-table").locator("tbody tr").count() >= 1
    crumbs = page.locator(".breadcrumb a")
    assert [crumbs.nth(n).inner_text() for n in range(crumbs.count())] == ["首页", "济南市", "历下区"]
    screenshot("reports-dashboard-drill-town")

    page.locator(".breadcrumb a", has_text="历下区").click()
    page.wait_for_url("**/reports/?division=370102")
    assert page.locator("h1").inner_text() == "数据看板：历下区"
    assert page.csp_violations == []
