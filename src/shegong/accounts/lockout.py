"""The answer given to a locked account (django-axes lockout callable)."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def locked_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(
        "Too many wrong passwords in a row: this account is locked for %(minutes)d minutes. "
        "Try again later or ask your system administrator."
    ) % {"minutes": minutes}


def lockout_response(request, response=None, credentials=None, *args, **kwargs):
    message = locked_message()
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429)
    title = _("Account locked")
    context = {"message": message, "page_title": title, "breadcrumbs": [(title, None)]}
    return render(request, "accounts/locked.html", context, status=429)
