"""URLs for the shell tests: the real site plus pages that render, forbid and fail on purpose."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from shegong.urls import handler403, handler404, handler500  # noqa: F401
from shegong.urls import urlpatterns as site_urlpatterns

EXAMPLE_TEMPLATE = """{% extends "base.html" %}
{% block actions %}<a class="btn btn-primary" href="#" data-testid="example-action">Act</a>{% endblock actions %}
{% block content %}<h1>{{ page_title }}</h1><p data-testid="example-body">{{ body }}</p>{% endblock content %}"""


def example_page(request):
    """A page as every app builds one: a page_title, breadcrumbs, an action and a message."""
    messages.error(request, "保存失败：示例错误。")
    template = engines["django"].from_string(EXAMPLE_TEMPLATE)
    context = {
        "page_title": "示例页面",
        "breadcrumbs": [("社会组织", "/organizations/"), ("示例页面", None)],
        "body": "正文",
    }
    return HttpResponse(template.render(context, request))


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("boom: a bug in a view")


urlpatterns = [
    path("__shell__/example/", example_page, name="shell-example"),
    path("__shell__/forbidden/", forbidden),
    path("__shell__/broken/", broken),
    *site_urlpatterns,
]
