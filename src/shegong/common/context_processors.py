"""Template context for the shell: navigation for the viewer's role."""

from django.conf import settings


def shell(request):
    from shegong.accounts.navigation import navigation_for

    return {
        "shell_title": settings.SHELL_TITLE,
        "shegong_env": settings.SHEGONG_ENV,
        "nav_items": navigation_for(getattr(request, "user", None)),
    }
