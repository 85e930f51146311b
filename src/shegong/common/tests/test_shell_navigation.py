"""Role-based navigation: each role sees its own entries; apps extend the registry."""

import pytest

from shegong.accounts import navigation
from shegong.accounts.models import Role
from shegong.accounts.navigation import navigation_for, register_nav, unregister_nav
from shegong.accounts.tests.factories import UserFactory

from .html import nav_links, parse

pytestmark = pytest.mark.django_db


def test_only_the_audit_admin_sees_the_audit_log(client, system_admin):
    client.force_login(system_admin)
    links = nav_links(parse(client.get("/").content))
    assert links["用户"] == "/accounts/users/"
    assert "审计日志" not in links

    client.force_login(UserFactory(role=Role.AUDIT_ADMIN))
    links = nav_links(parse(client.get("/").content))
    assert links["审计日志"] == "/audit/"


def test_social_worker_sees_neither_audit_log_nor_users(client):
    worker = UserFactory(role=Role.SOCIAL_WORKER)
    client.force_login(worker)

    links = nav_links(parse(client.get("/").content))

    assert "审计日志" not in links
    assert "用户" not in links
    assert links["首页"] == "/"


def test_anonymous_visitors_see_only_public_entries(client):
    links = nav_links(parse(client.get("/").content))

    assert list(links) == ["首页", "公众服务"]


def test_current_page_is_marked_in_the_navigation(client):
    client.force_login(UserFactory(role=Role.AUDIT_ADMIN))

    document = parse(client.get("/audit/").content)

    current = [
        a for a in document.find("div", id="sg-nav").find_all("a") if a.attrs.get("aria-current") == "page"
    ]
    assert [a.text for a in current] == ["审计日志"]


@pytest.fixture
def registered():
    """Register entries for a test and remove them afterwards."""
    names = []

    def register(*args, **kwargs):
        item = register_nav(*args, **kwargs)
        names.append(item.url_name)
        return item

    yield register
    for name in names:
        unregister_nav(name)


def test_an_app_registers_an_entry_for_its_roles(registered, lixia_officer):
    worker = UserFactory(role=Role.SOCIAL_WORKER)
    registered("Stations", "admin:index", roles={Role.DISTRICT_OFFICER}, description="Stations.", order=15)

    officer_entries = [item["label"] for item in navigation_for(lixia_officer)]
    worker_entries = [item["label"] for item in navigation_for(worker)]

    # order 15 sits right after Divisions (order 10)
    assert officer_entries.index("Stations") == officer_entries.index("行政区划") + 1
    assert "Stations" not in worker_entries


def test_registering_the_same_url_name_again_replaces_the_entry(registered):
    registered("Old label", "admin:index")
    registered("New label", "admin:index")

    assert [item.label for item in navigation.NAVIGATION if item.url_name == "admin:index"] == ["New label"]


def test_an_entry_for_a_page_not_built_yet_is_left_out(registered, system_admin):
    registered("Later", "nowhere:page-list")

    assert "Later" not in [item["label"] for item in navigation_for(system_admin)]


def test_navigation_costs_no_query(lixia_officer, django_assert_num_queries):
    with django_assert_num_queries(0):
        entries = navigation_for(lixia_officer, "organizations:organization-detail")

    assert [item["label"] for item in entries if item["active"]] == ["社会组织"]


def test_shell_context_survives_a_request_without_a_user():
    from django.test import RequestFactory

    from shegong.common.context_processors import shell

    context = shell(RequestFactory().get("/"))  # no AuthenticationMiddleware ran

    assert list(context["nav_items"]) == navigation_for(None)
    assert str(context["shell_title"]) == "社工平台"
