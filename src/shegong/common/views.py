"""Shell pages: home, health check and the styled error pages."""

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET


@require_GET
def home(request):
    return render(request, "home.html", {"page_title": _("Home")})


@require_GET
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def page_not_found(request, exception=None):
    return render(request, "404.html", {"page_title": _("Page not found")}, status=404)


def permission_denied(request, exception=None):
    return render(request, "403.html", {"page_title": _("Access denied")}, status=403)


def server_error(request):
    return render(request, "500.html", {"page_title": _("Server error")}, status=500)
