"""Shell pages: home, health check and the styled error pages."""

from django.conf import settings
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET

from shegong.accounts.navigation import navigation_for


@require_GET
def home(request):
    """Welcome anonymous visitors; show a signed-in user what their role can do."""
    user = request.user
    context = {"page_title": _("Home"), "breadcrumbs": [], "is_home": True}
    if user.is_authenticated:
        context.update(
            cards=[item for item in navigation_for(user) if item["description"]],
            role=user.get_role_display() if user.role else "",
            # At most two single-row reads, here rather than from the template.
            jurisdiction=user.division if user.division_id else None,
            organization=user.organization if user.organization_id else None,
        )
    return render(request, "home.html", context)


@require_GET
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


API_PREFIX = "/api/"


def _is_api(request) -> bool:
    """API clients get the API's JSON error body, also for URLs the router does not know."""
    return request.path.startswith(API_PREFIX)


@requires_csrf_token
def page_not_found(request, exception=None):
    """Answer 404 with the styled page; never show the exception (it may name internal paths)."""
    if _is_api(request):
        return JsonResponse({"detail": _("Not found, or outside your jurisdiction.")}, status=404)
    return render(request, "404.html", {"page_title": _("Page not found")}, status=404)


@requires_csrf_token
def permission_denied(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": _("You do not have permission to perform this action.")}, status=403)
    return render(request, "403.html", {"page_title": _("Access denied")}, status=403)


@requires_csrf_token
def csrf_failure(request, reason=""):
    """Answer a refused form post (expired page, cookies off) in the shell's words."""
    return render(
        request,
        "403.html",
        {"page_title": _("Access denied"), "csrf_failure": True},
        status=403,
    )


def server_error(request):
    """Answer 500 without the request: no context processor, no session, no query.

    Whatever broke (the database, a middleware, a template tag) must not break the error page too.
    """
    if _is_api(request):
        return JsonResponse({"detail": _("Server error")}, status=500)
    template = loader.get_template("500.html")
    body = template.render(
        {"page_title": _("Server error"), "shell_title": settings.SHELL_TITLE, "error_page": True}
    )
    return HttpResponseServerError(body)
