"""The error pages: styled, in Chinese, without tracebacks; the 500 page without queries."""

import pytest
from django.test import RequestFactory

from shegong.common import views

from .html import parse

pytestmark = [pytest.mark.django_db, pytest.mark.urls("shegong.common.tests.urls")]


def test_unknown_url_answers_a_styled_chinese_404_page(client, settings):
    settings.DEBUG = False

    response = client.get("/no/such/page/?x=1")

    assert response.status_code == 404
    html = response.content.decode()
    document = parse(html)
    assert document.find("title").text == "页面未找到 · 社工平台"
    assert document.find("html").attrs["lang"] == "zh-hans"
    assert document.find("h1").text == "页面未找到"
    assert "您访问的页面不存在，或不在您的管辖区域内。" in html
    assert document.find("a", cls="btn-primary").attrs["href"] == "/"
    assert document.find_all("link", href="/static/vendor/bootstrap/css/bootstrap.min.css")
    assert "Traceback" not in html
    assert "urlpatterns" not in html and "URLconf" not in html


def test_404_page_follows_the_chosen_language(client):
    client.cookies["django_language"] = "en"

    response = client.get("/no/such/page/")

    assert response.status_code == 404
    document = parse(response.content)
    assert document.find("title").text == "Page not found · Shegong social work platform"
    assert document.find("html").attrs["lang"] == "en"


def test_404_keeps_the_header_of_a_signed_in_user(client, lixia_officer):
    client.force_login(lixia_officer)

    response = client.get("/no/such/page/")

    assert response.status_code == 404
    document = parse(response.content)
    assert document.find(data_testid="current-user").text == lixia_officer.full_name


def test_forbidden_page_is_styled_and_chinese(client, lixia_officer):
    client.force_login(lixia_officer)

    response = client.get("/__shell__/forbidden/")

    assert response.status_code == 403
    document = parse(response.content)
    assert document.find("title").text == "无权访问 · 社工平台"
    assert "您的角色无权进行此操作或访问此页面。" in response.content.decode()


def test_server_error_page_is_styled_and_chinese_without_traceback(client, lixia_officer):
    client.raise_request_exception = False
    client.force_login(lixia_officer)

    response = client.get("/__shell__/broken/")

    assert response.status_code == 500
    html = response.content.decode()
    document = parse(html)
    assert document.find("title").text == "服务器错误 · 社工平台"
    assert "系统出现错误，错误已记录。" in html
    assert "boom" not in html and "Traceback" not in html
    # Rendered without the request: no user name, no navigation that would need the database.
    assert not document.find_all(data_testid="current-user")


class _UnusableUser:
    """A user whose every use fails, as when the database is down."""

    def __getattr__(self, name):
        raise AssertionError(f"the 500 page touched request.user.{name}")


def test_server_error_view_makes_no_query_and_never_touches_the_user(django_assert_num_queries):
    request = RequestFactory().get("/anything/")
    request.user = _UnusableUser()
    request.session = None

    with django_assert_num_queries(0):
        response = views.server_error(request)

    assert response.status_code == 500
    assert "服务器错误" in response.content.decode()


def test_refused_form_post_explains_itself_in_chinese(settings):
    from django.test import Client

    settings.CSRF_FAILURE_VIEW = "shegong.common.views.csrf_failure"
    client = Client(enforce_csrf_checks=True)

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert response.status_code == 403
    document = parse(response.content)
    assert document.find("title").text == "无权访问 · 社工平台"
    assert "表单未能提交：页面打开时间过长，或浏览器禁用了 Cookie。" in response.content.decode()
