"""TOTP two-factor sign-in (django-otp) for officers and administrators (issue 12).

After the password, an account that needs a second factor is sent here by
:class:`~shegong.accounts.middleware.SignInPolicyMiddleware`: to ``setup`` when it has no confirmed
authenticator yet (the secret and the ``otpauth://`` URI are shown as text, no QR image), else to
``verify``. Wrong codes are throttled by django-otp and audited as failed sign-ins.
"""

from __future__ import annotations

import base64

from django import forms
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from shegong.common.audit import audit_record
from shegong.common.models import AuditEntry

from .forms import BootstrapMixin

WRONG_CODE = gettext_lazy("The code is not correct or has expired. Enter the current 6-digit code.")
REASON_SETUP = "two-factor authenticator confirmed"
REASON_VERIFIED = "two-factor code accepted"
REASON_WRONG_CODE = "wrong two-factor code"
DEVICE_NAME = "authenticator"


class TokenForm(BootstrapMixin, forms.Form):
    token = forms.RegexField(
        label=gettext_lazy("6-digit code"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={"invalid": WRONG_CODE},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


def _pending_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def _failed(request) -> None:
    audit_record(
        actor=request.user,
        action=AuditEntry.Action.LOGIN_FAILED,
        instance=request.user,
        reason=REASON_WRONG_CODE,
        outcome=AuditEntry.Outcome.FAILURE,
    )


@login_required
def setup(request):
    """Show a new authenticator secret and confirm it with a first code."""
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect("accounts:two-factor-verify")
    device = _pending_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                otp_login(request, device)
                audit_record(
                    actor=request.user,
                    action=AuditEntry.Action.LOGIN,
                    instance=request.user,
                    reason=REASON_SETUP,
                )
            return redirect(_next_url(request))
        _failed(request)
        form.add_error("token", WRONG_CODE)
    title = _("Set up two-factor sign-in")
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "page_title": title,
            "breadcrumbs": [(title, None)],
            "form": form,
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "otpauth_uri": device.config_url,
            "next": _next_url(request),
        },
        status=400 if form.errors else 200,
    )


@login_required
def verify(request):
    """Ask for the current code of the confirmed authenticator."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).order_by("id").first()
    if device is None:
        return redirect("accounts:two-factor-setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _data = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["token"].strip()):
            otp_login(request, device)
            audit_record(
                actor=request.user,
                action=AuditEntry.Action.LOGIN,
                instance=request.user,
                reason=REASON_VERIFIED,
            )
            return redirect(_next_url(request))
        _failed(request)
        form.add_error("token", WRONG_CODE)
    title = _("Two-factor sign-in")
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"page_title": title, "breadcrumbs": [(title, None)], "form": form, "next": _next_url(request)},
        status=400 if form.errors else 200,
    )
