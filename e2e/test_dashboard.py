"""The dashboard in a real browser: an officer clicks a chart bar and lands on the list behind it."""

import pytest

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "Shegong@2026"


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_test_id("login-submit").click()


def bar_position(page, chart: str, index: int) -> dict:
    """The page coordinates of the middle of bar ``index`` of the first series of a drawn chart."""
    page.wait_for_selector(f"[data-chart={chart}] canvas")
    return page.evaluate(
        """([chart, index]) => {
            const element = document.querySelector(`[data-chart=${chart}]`);
            const instance = window.echarts.getInstanceByDom(element);
            const data = JSON.parse(document.getElementById("reports-chart-data").textContent)[chart];
            const value = data.values[0][index];
            const [x, y] = instance.convertToPixel({ seriesIndex: 0 }, [value / 2, index]);
            const box = element.getBoundingClientRect();
            return { x: box.left + window.scrollX + x, y: box.top + window.scrollY + y, url: data.urls[index] };
        }""",
        [chart, index],
    )


def test_city_officer_clicks_a_coverage_bar_and_lands_on_the_districts_list(page, screenshot):
    sign_in(page, "jn_city")

    page.goto("/reports/")
    assert page.locator("h1").inner_text() == "数据看板：济南市"
    first_row = page.get_by_test_id("coverage-table").locator("tbody tr").first
    district = first_row.locator("td").first.locator("a").first.inner_text()  # then a "数据看板" link
    expected = first_row.locator("a").first.get_attribute("href")
    target = bar_position(page, "coverage", 0)
    assert target["url"] == expected
    screenshot("reports-dashboard-jinan")

    page.evaluate("([x, y]) => window.scrollTo(0, Math.max(0, y - 300))", [target["x"], target["y"]])
    scroll = page.evaluate("() => window.scrollY")
    with page.expect_navigation():
        page.mouse.click(target["x"], target["y"] - scroll)

    assert page.url.endswith(expected)
    assert district in page.locator("h1").inner_text()
    screenshot("reports-dashboard-bar-clicked")
    assert page.csp_violations == []
