"""Sign-in policy and separation of duties, applied to every request (issue 12, docs/security.md).

- :class:`SignInPolicyMiddleware`: the absolute session limit, the two-factor step for officers and
  administrators (``SHEGONG_REQUIRE_2FA``) and the password change forced after an administrator set it.
- :class:`SeparationOfDutiesMiddleware`: the audit administrator changes nothing; the security
  administrator changes accounts only.
- :class:`AuditDeniedMiddleware`: every refused request (401/403, and 404 of an object route for a
  signed-in user) is written to the audit log.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .models import Role

SESSION_STARTED = "shegong_signed_in_at"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# Routes every signed-in user may use before the sign-in is complete (second factor, new password).
SIGN_IN_ROUTES = {
    "accounts:logout",
    "accounts:login",
    "accounts:password_change",
    "accounts:password_change_done",
    "accounts:two-factor-setup",
    "accounts:two-factor-verify",
    "set_language",
    "javascript-catalog",
    "healthz",
}
# What the security and audit administrators may change (POST); everything else answers 403.
WRITABLE_BY = {
    Role.AUDIT_ADMIN: SIGN_IN_ROUTES,
    Role.SECURITY_ADMIN: SIGN_IN_ROUTES
    | {
        "accounts:user-create",
        "accounts:user-update",
        "accounts:user-deactivate",
        "accounts:user-unlock",
        "accounts:user-reset-2fa",
    },
}
REASON_DENIED = "refused: %(status)s %(method)s"


def absolute_limit() -> int:
    return int(getattr(settings, "SHEGONG_SESSION_ABSOLUTE_SECONDS", 12 * 3600))


def two_factor_required(user) -> bool:
    """Return whether ``user`` still owes the second factor of this sign-in."""
    if not getattr(settings, "SHEGONG_REQUIRE_2FA", False):
        return False
    if not (user.is_authenticated and user.needs_two_factor):
        return False
    is_verified = getattr(user, "is_verified", None)
    return not (is_verified and is_verified())


def _route(request) -> str:
    match = request.resolver_match
    return match.view_name if match else ""


def _refuse(request, message: str, target: str):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=401 if target == "accounts:login" else 403)
    messages.warning(request, message)
    return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


class SignInPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not hasattr(request, "session"):
            return None
        now = time.time()
        started = request.session.get(SESSION_STARTED)
        if started is None:
            request.session[SESSION_STARTED] = now
        elif now - float(started) > absolute_limit():
            logout(request)
            hours = absolute_limit() // 3600
            return _refuse(
                request,
                _("You have been signed in for more than %(hours)d hours: please sign in again.")
                % {"hours": hours},
                "accounts:login",
            )
        route = _route(request)
        if route in SIGN_IN_ROUTES or request.path.startswith(settings.STATIC_URL):
            return None
        if two_factor_required(user):
            from django_otp import user_has_device

            target = "accounts:two-factor-verify" if user_has_device(user) else "accounts:two-factor-setup"
            return _refuse(
                request, _("Confirm this sign-in with the code from your authenticator app."), target
            )
        if user.must_change_password:
            return _refuse(
                request,
                _("Your password was set by an administrator: choose your own password before you go on."),
                "accounts:password_change",
            )
        return None


class SeparationOfDutiesMiddleware:
    """Refuse writes outside an administrator's duty, whatever the view does (defence in depth)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if request.method not in UNSAFE_METHODS or user is None or not user.is_authenticated:
            return None
        allowed = WRITABLE_BY.get(user.role)
        if allowed is not None and _route(request) not in allowed:
            raise PermissionDenied(_("Your role does not allow changes here (separation of duties)."))
        return None


class AuditDeniedMiddleware:
    """Write each refused request to the audit log (failed authorisation, issue 12)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        status = response.status_code
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        scoped_404 = (
            status == 404 and signed_in and bool(request.resolver_match and request.resolver_match.kwargs)
        )
        if status in {401, 403} or scoped_404:
            from shegong.common.audit import audit_record
            from shegong.common.models import AuditEntry

            audit_record(
                actor=user if signed_in else None,
                action=AuditEntry.Action.DENIED,
                object_type=_route(request)[:100],
                object_id=_object_id(request),
                reason=REASON_DENIED % {"status": status, "method": request.method},
                outcome=AuditEntry.Outcome.DENIED,
            )
        return response


def _object_id(request) -> str:
    match = request.resolver_match
    if not match or not match.kwargs:
        return ""
    # Secret tokens in a URL (calendar feeds) never reach the log.
    parts = [f"{key}={value}" for key, value in sorted(match.kwargs.items()) if "token" not in key]
    return ",".join(parts)[:64]
