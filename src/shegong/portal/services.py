"""Writes of the public portal: complaints from the public or taken in by officers, and their handling.

SZ-16b: complaints about organisations and stations reach the officers of the jurisdiction (the
division of the station or organisation), who record handling steps and close them with an outcome
within a time limit. A complaint about a practitioner also goes into the credit file (SZ-09b).
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shegong.accounts.models import OFFICER_ROLES
from shegong.common.audit import audit_write, snapshot
from shegong.policy.coverage import implements
from shegong.policy.library import load_library
from shegong.workforce.models import ComplaintSource
from shegong.workforce.services import complaint_receive

from .models import ComplaintStatus, ComplaintSubject, IntakeChannel, PortalComplaint, PortalComplaintStep

TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
NOT_ALLOWED = _(
    "Only civil-affairs officers of the jurisdiction handle complaints about organisations and stations."
)
COMPLAINT_CLOSED = _("This complaint is closed.")
OUTCOME_REQUIRED = _("Choose the outcome of the complaint.")
BEFORE_RECEIPT = _("The date cannot be before the complaint was received (%(date)s).")
DATE_IN_FUTURE = _("The date cannot be in the future.")
DESCRIPTION_REQUIRED = _("Describe what happened.")
PRACTITIONER_COMPLAINTS_IN_CREDIT_FILE = _(
    "A complaint about a social worker is handled in the social worker's credit file."
)


@dataclass(frozen=True)
class TimeLimit:
    days: int
    source: str  # "SZ (十六) from 2020-11-12", kept with the complaint


def complaint_time_limit(on: datetime.date) -> TimeLimit:
    """The days allowed to handle a complaint received on ``on`` (dated parameter, a platform default).

    The Shenzhen measures that call for the complaint intake lapsed on 2025-11-11; as the parameter's
    note says, the platform keeps the last value until a document sets one, and records which it used.
    """
    parameter = load_library().parameter("SZ", "complaint_time_limit_days")
    value = parameter.value_on(on)
    if not value:
        value = parameter.values[-1]
    return TimeLimit(days=value.value, source=f"SZ {value.clause} {value.start.isoformat()}")


def _tracking_number(day: datetime.date) -> str:
    suffix = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(6))
    return f"TS{day:%Y%m%d}{suffix}"


def _jurisdiction(subject: str, station_id, organization_id) -> str | None:
    from shegong.organizations.models import Organization
    from shegong.stations.models import Station

    if subject == ComplaintSubject.ORGANIZATION:
        return Organization.objects.filter(pk=organization_id).values_list("division_id", flat=True).first()
    return Station.objects.filter(pk=station_id).values_list("division_id", flat=True).first()


@implements("SZ-16b", kind="flow")
@transaction.atomic
def portal_complaint_submit(
    *,
    subject: str,
    summary: str,
    received_on: datetime.date,
    station_id: int | None = None,
    organization_id: int | None = None,
    practitioner=None,
    practitioner_name: str = "",
    channel: str = IntakeChannel.PORTAL,
    actor=None,
) -> PortalComplaint:
    """Record a complaint and return it with its tracking number.

    From the public (``actor=None``) or taken in by an officer (telephone, letter, visit). A complaint
    about a practitioner goes into the practitioner's credit file as well
    (``workforce.services.complaint_receive``), so it appears in the queue of the officers of the
    practitioner's jurisdiction.
    """
    if actor is not None and not (actor.is_system_admin or actor.role in OFFICER_ROLES):
        raise PermissionDenied(NOT_ALLOWED)
    limit = complaint_time_limit(received_on)
    complaint = None
    if subject == ComplaintSubject.PRACTITIONER:
        complaint = complaint_receive(
            actor=actor,
            practitioner=practitioner,
            source=ComplaintSource.PORTAL if actor is None else ComplaintSource.OFFICER,
            received_on=received_on,
            summary=summary,
            time_limit_days=limit.days,
        )
    record = PortalComplaint(
        tracking_number=_tracking_number(received_on),
        subject=subject,
        station_id=station_id,
        organization_id=organization_id,
        practitioner_name=practitioner_name,
        summary=summary.strip(),
        received_on=received_on,
        complaint=complaint,
        channel=channel,
        division_id=_jurisdiction(subject, station_id, organization_id),
        time_limit_days=limit.days,
        time_limit_clause=limit.source,
        due_on=received_on + datetime.timedelta(days=limit.days),
        received_by=actor,
    )
    record.full_clean()
    record.save()
    audit_write(actor=actor, instance=record, before=None)
    return record


def can_handle(actor, record: PortalComplaint) -> bool:
    """Officers whose jurisdiction contains the complaint's division; practitioner complaints are not here."""
    if actor is None or actor.is_system_admin:
        return True
    return (
        actor.role in OFFICER_ROLES
        and bool(actor.division_id)
        and (record.division_id or "").startswith(actor.division_id)
    )


def _check(actor, record: PortalComplaint, day: datetime.date, field: str) -> None:
    if not can_handle(actor, record):
        raise PermissionDenied(NOT_ALLOWED)
    if record.subject == ComplaintSubject.PRACTITIONER:
        raise ValidationError({field: PRACTITIONER_COMPLAINTS_IN_CREDIT_FILE}, code="credit_file")
    if record.status != ComplaintStatus.PENDING:
        raise ValidationError({field: COMPLAINT_CLOSED}, code="complaint_closed")
    if day > timezone.localdate():
        raise ValidationError({field: DATE_IN_FUTURE}, code="date_in_future")
    if day < record.received_on:
        raise ValidationError(
            {field: BEFORE_RECEIPT % {"date": record.received_on.isoformat()}}, code="before_receipt"
        )


@transaction.atomic
def portal_complaint_add_step(
    *, actor, record: PortalComplaint, description: str, taken_on: datetime.date
) -> PortalComplaintStep:
    """Record a handling step of an open complaint about an organisation or a station."""
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": DESCRIPTION_REQUIRED}, code="required")
    _check(actor, record, taken_on, "taken_on")
    step = PortalComplaintStep.objects.create(
        complaint=record, description=description, taken_on=taken_on, actor=actor
    )
    audit_write(actor=actor, instance=step, before=None)
    return step


@transaction.atomic
def portal_complaint_close(
    *, actor, record: PortalComplaint, status: str, closed_on: datetime.date, outcome_note: str = ""
) -> PortalComplaint:
    """Close a complaint with its outcome (upheld, partly upheld, dismissed)."""
    if status == ComplaintStatus.PENDING or status not in ComplaintStatus.values:
        raise ValidationError({"status": OUTCOME_REQUIRED}, code="outcome_required")
    _check(actor, record, closed_on, "closed_on")
    before = snapshot(record)
    record.status, record.closed_on = status, closed_on
    record.outcome_note = (outcome_note or "").strip()
    record.save(update_fields=["status", "closed_on", "outcome_note", "updated_at"])
    audit_write(actor=actor, instance=record, before=before)
    return record
