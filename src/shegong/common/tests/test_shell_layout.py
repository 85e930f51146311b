"""The page frame every page shares: title, breadcrumbs, header, messages, assets, CSP-safe markup."""

import re

import pytest
from django.contrib.staticfiles import finders

from .html import breadcrumbs, parse

pytestmark = pytest.mark.django_db


@pytest.mark.urls("shegong.common.tests.urls")
def test_page_title_and_breadcrumbs_come_from_the_view(client, lixia_officer):
    client.force_login(lixia_officer)

    document = parse(client.get("/__shell__/example/").content)

    assert document.find("title").text == "示例页面 · 社工平台"
    assert breadcrumbs(document) == [
        ("首页", "/", False),
        ("社会组织", "/organizations/", False),
        ("示例页面", None, True),
    ]
    assert document.find(data_testid="example-action").text == "Act"
    assert document.find(data_testid="example-body").text == "正文"


@pytest.mark.urls("shegong.common.tests.urls")
def test_messages_show_as_alerts_in_their_colour(client, lixia_officer):
    client.force_login(lixia_officer)

    document = parse(client.get("/__shell__/example/").content)

    alert = document.find("div", cls="alert")
    assert "alert-danger" in alert.classes
    assert alert.attrs["role"] == "alert"
    assert "保存失败：示例错误。" in alert.text


def test_home_page_breadcrumb_is_home_alone(client):
    document = parse(client.get("/").content)

    assert breadcrumbs(document) == [("首页", None, True)]
    assert document.find("title").text == "首页 · 社工平台"


def test_signed_in_header_names_the_user_and_offers_a_logout_post(client, lixia_officer):
    client.force_login(lixia_officer)

    document = parse(client.get("/").content)

    assert document.find(data_testid="current-user").text == lixia_officer.full_name
    logout = document.find("button", data_testid="logout")
    form = [f for f in document.find_all("form") if logout in list(f.iter())][0]
    assert form.attrs["method"] == "post"
    assert form.attrs["action"] == "/accounts/logout/"
    assert logout.text == "退出登录"


def test_anonymous_header_offers_sign_in_and_no_user(client):
    document = parse(client.get("/").content)

    assert not document.find_all(data_testid="current-user")
    assert not document.find_all(data_testid="logout")
    assert [a.attrs["href"] for a in document.find_all("a") if a.text == "登录"][0] == "/accounts/login/"


def test_accessibility_basics_skip_link_landmarks_and_labelled_navigation(client, lixia_officer):
    client.force_login(lixia_officer)

    document = parse(client.get("/").content)

    skip = document.find("a", cls="sg-skip-link")
    assert skip.attrs["href"] == "#main" and skip.text == "跳到正文"
    assert document.find("main").attrs["id"] == "main"
    assert document.find_all("header") and document.find_all("footer")
    for nav in document.find_all("nav"):
        assert nav.attrs.get("aria-label"), "every navigation landmark is labelled"
    toggler = document.find("button", cls="navbar-toggler")
    assert toggler.attrs["aria-controls"] == "sg-nav" and toggler.attrs["aria-label"] == "显示或隐藏菜单"
    assert document.find("meta", name="viewport").attrs["content"] == "width=device-width, initial-scale=1"


def test_pages_have_no_inline_scripts_or_styles_for_the_content_security_policy(client, lixia_officer):
    client.force_login(lixia_officer)

    html = client.get("/").content.decode()

    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline <script> is blocked by the CSP"
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html), "inline event handlers are blocked by the CSP"


def test_base_loads_bootstrap_htmx_and_the_shell_script_from_our_own_static_files(client):
    document = parse(client.get("/").content)

    scripts = [s.attrs["src"] for s in document.find_all("script")]
    assert scripts[:3] == [
        "/static/vendor/bootstrap/js/bootstrap.bundle.min.js",
        "/static/vendor/htmx/htmx.min.js",
        "/static/js/shegong.js",
    ]
    styles = [link.attrs["href"] for link in document.find_all("link", rel="stylesheet")]
    assert styles == ["/static/vendor/bootstrap/css/bootstrap.min.css", "/static/css/shegong.css"]
    for path in (
        "vendor/bootstrap/css/bootstrap.min.css",
        "vendor/bootstrap/js/bootstrap.bundle.min.js",
        "vendor/htmx/htmx.min.js",
        "js/shegong.js",
        "css/shegong.css",
    ):
        assert finders.find(path), f"static file {path} is missing (run npm ci)"


def test_htmx_requests_carry_the_csrf_token():
    script = open(finders.find("js/shegong.js"), encoding="utf-8").read()

    assert 'addEventListener("htmx:configRequest"' in script
    assert 'event.detail.headers["X-CSRFToken"]' in script


def test_home_for_anonymous_visitors_welcomes_and_links_to_sign_in(client):
    document = parse(client.get("/").content)

    assert document.find("h1").text == "社工平台"
    assert document.find("a", cls="btn-primary").attrs["href"] == "/accounts/login/"
    assert not document.find_all("ul", cls="sg-cards")


def test_home_for_an_officer_shows_role_jurisdiction_and_what_the_role_does(client, lixia_officer):
    client.force_login(lixia_officer)

    document = parse(client.get("/").content)

    assert document.find("h1").text == f"{lixia_officer.full_name}，您好"
    assert document.find(data_testid="home-role").text == lixia_officer.get_role_display()
    assert document.find(data_testid="home-jurisdiction").text == "历下区 (370102)"
    cards = {
        a.find(cls="card-title").text: a.attrs["href"] for a in document.find_all("a", cls="sg-card-link")
    }
    assert cards["用户"] == "/accounts/users/"
    assert cards["社会组织"] == "/organizations/"
    assert "审计日志" not in cards


def test_home_for_an_organisation_admin_names_the_organisation(client, divisions):
    from shegong.accounts.models import Role
    from shegong.accounts.tests.factories import UserFactory
    from shegong.organizations.tests.factories import OrganizationFactory

    organization = OrganizationFactory(name="历下区阳光社会工作服务中心", division=divisions["370102"])
    admin = UserFactory(role=Role.ORG_ADMIN, organization=organization)
    client.force_login(admin)

    document = parse(client.get("/").content)

    assert document.find(data_testid="home-organization").text == "历下区阳光社会工作服务中心"
    assert not document.find_all(data_testid="home-jurisdiction")
