"""A per-address limit on complaint submissions, counted in Django's cache."""

from __future__ import annotations

from django.core.cache import cache

COMPLAINTS_PER_WINDOW = 5
WINDOW_SECONDS = 60 * 60


def client_address(request) -> str:
    """The address the request came from (the proxy in front sets REMOTE_ADDR)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def complaint_attempt_allowed(address: str) -> bool:
    """Count one submission from ``address``; False once it passed the limit of the current window."""
    key = f"portal:complaints:{address}"
    if cache.add(key, 1, timeout=WINDOW_SECONDS):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=WINDOW_SECONDS)
        return True
    return count <= COMPLAINTS_PER_WINDOW
