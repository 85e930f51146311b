"""Writes on organisations: every change goes through here and is audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc as uscc_std
from stdnum.exceptions import ValidationError as StdnumError

from shegong.common.audit import audit_write, snapshot

from .models import Organization

USCC_INVALID = _("The unified social credit code is not valid (18 characters with a correct check digit).")
USCC_TAKEN = _("An organisation with this unified social credit code is already registered.")
DIVISION_OUTSIDE_JURISDICTION = _("The division is outside your jurisdiction.")


def normalize_uscc(value: str) -> str:
    """Return the compact upper-case code, or raise a Chinese ValidationError naming the field."""
    try:
        return uscc_std.validate(value or "")
    except StdnumError:
        raise ValidationError({"uscc": USCC_INVALID}, code="invalid_uscc") from None


ORGANIZATION_FIELDS = ("name", "uscc", "kind", "division", "address", "legal_representative", "phone")


@transaction.atomic
def organization_register(*, actor, **fields) -> Organization:
    """Register an organisation in the platform (name, USCC, type, address in the division tree)."""
    fields["uscc"] = normalize_uscc(fields.get("uscc", ""))
    if Organization.objects.filter(uscc=fields["uscc"]).exists():
        raise ValidationError({"uscc": USCC_TAKEN}, code="uscc_taken")
    _check_division(actor, fields.get("division"))
    organization = Organization(**{k: v for k, v in fields.items() if k in ORGANIZATION_FIELDS})
    organization.full_clean()
    organization.save()
    audit_write(actor=actor, instance=organization, before=None)
    return organization


@transaction.atomic
def organization_update(*, actor, organization: Organization, **fields) -> Organization:
    """Change an organisation's registered details."""
    before = snapshot(organization)
    if "uscc" in fields:
        fields["uscc"] = normalize_uscc(fields["uscc"])
        if Organization.objects.filter(uscc=fields["uscc"]).exclude(pk=organization.pk).exists():
            raise ValidationError({"uscc": USCC_TAKEN}, code="uscc_taken")
    if "division" in fields:
        _check_division(actor, fields["division"])
    for name, value in fields.items():
        if name in ORGANIZATION_FIELDS:
            setattr(organization, name, value)
    organization.full_clean()
    organization.save()
    audit_write(actor=actor, instance=organization, before=before)
    return organization


def _check_division(actor, division) -> None:
    if division is None or actor is None or actor.is_system_admin:
        return
    reach = actor.division_id
    if not reach or not division.code.startswith(reach):
        raise ValidationError({"division": DIVISION_OUTSIDE_JURISDICTION}, code="division_outside")
