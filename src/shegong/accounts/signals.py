"""Audit every sign-in, sign-out and failed sign-in (Django's auth signals)."""

import time

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from shegong.common.audit import audit_record
from shegong.common.models import AuditEntry

REASON_API_TOKEN = "api token"
REASON_WRONG_CREDENTIALS = "wrong credentials"
REASON_LOCKING = "wrong credentials; account now locked"
REASON_LOCKED = "refused: account locked"


def _channel(request) -> str:
    path = getattr(request, "path", "") or ""
    return REASON_API_TOKEN if path.startswith("/api/") else ""


@receiver(user_logged_in, dispatch_uid="shegong_audit_login")
def audit_login(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None:  # the absolute session limit counts from here (accounts.middleware)
        from .middleware import SESSION_STARTED

        session[SESSION_STARTED] = time.time()
    audit_record(actor=user, action=AuditEntry.Action.LOGIN, instance=user, reason=_channel(request))


@receiver(user_logged_out, dispatch_uid="shegong_audit_logout")
def audit_logout(sender, request, user, **kwargs):
    if user is None:  # signing out without a session: nothing happened
        return
    audit_record(actor=user, action=AuditEntry.Action.LOGOUT, instance=user)


@receiver(user_login_failed, dispatch_uid="shegong_audit_login_failed")
def audit_login_failed(sender, credentials, request=None, **kwargs):
    """Log the attempted username (never the password) and whether the account was locked.

    Axes' own receiver runs first (its app is installed earlier), so ``axes_locked_out`` is set.
    """
    User = get_user_model()
    username = str(credentials.get(User.USERNAME_FIELD) or credentials.get("username") or "")[:150]
    user_id = (
        User.objects.filter(**{User.USERNAME_FIELD: username}).values_list("pk", flat=True).first()
        if username
        else None
    )
    locked = bool(getattr(request, "axes_locked_out", False))
    # Axes counts a failure (and sets the running total) unless the account was already locked.
    counted = getattr(request, "axes_failures_since_start", None) is not None
    if locked:
        reason = REASON_LOCKING if counted else REASON_LOCKED
    else:
        reason = REASON_WRONG_CREDENTIALS
    audit_record(
        actor=None,
        action=AuditEntry.Action.LOGIN_FAILED,
        object_type=f"{User._meta.app_label}.{User._meta.model_name}",
        object_id=str(user_id or ""),
        object_repr=username,
        reason=reason,
        outcome=AuditEntry.Outcome.FAILURE,
    )
