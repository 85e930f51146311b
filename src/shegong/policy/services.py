"""Writes on the findings ledger by people: waivers (scans write through scanning.scan)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shegong.common.audit import audit_write, snapshot

from .models import Finding, FindingState

WAIVE_REASON_REQUIRED = _("Give the reason for the waiver.")
WAIVE_ONLY_OPEN = _("Only an open finding can be waived.")


@transaction.atomic
def finding_waive(*, actor, finding: Finding, reason: str) -> Finding:
    """Waive an open finding with a reason; who and when are recorded and audited."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": WAIVE_REASON_REQUIRED}, code="reason_required")
    if finding.state != FindingState.OPEN:
        raise ValidationError({"reason": WAIVE_ONLY_OPEN}, code="not_open")
    before = snapshot(finding)
    finding.state = FindingState.WAIVED
    finding.waived_at = timezone.now()
    finding.waived_by = actor
    finding.waive_reason = reason[:500]
    finding.save(update_fields=["state", "waived_at", "waived_by", "waive_reason", "updated_at"])
    audit_write(actor=actor, instance=finding, before=before, action="transition", reason=reason)
    return finding
