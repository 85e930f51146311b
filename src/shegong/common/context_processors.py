"""Template context for the shell: platform title and the viewer's navigation.

Everything that touches the user is lazy, so a page that never shows the navigation (the 500
page) costs no query, and a broken request (no ``user`` because a middleware failed) still renders.
"""

import logging

from django.conf import settings
from django.utils.functional import SimpleLazyObject

logger = logging.getLogger(__name__)


def _current_url_name(request) -> str | None:
    match = getattr(request, "resolver_match", None)
    return match.view_name if match is not None else None


def _navigation(request) -> list[dict]:
    from shegong.accounts.navigation import navigation_for

    try:
        user = getattr(request, "user", None)
        return navigation_for(user, _current_url_name(request))
    except Exception:  # the shell must render even when the request is half-built
        logger.exception("navigation could not be built for %s", getattr(request, "path", "?"))
        return []


def shell(request):
    """Add ``shell_title``, ``shegong_env`` and ``nav_items`` (lazy) to every template."""
    return {
        "shell_title": settings.SHELL_TITLE,
        "shegong_env": settings.SHEGONG_ENV,
        "nav_items": SimpleLazyObject(lambda: _navigation(request)),
    }
