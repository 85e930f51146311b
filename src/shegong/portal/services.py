"""Writes of the public portal: a complaint from the public, with a tracking number."""

from __future__ import annotations

import datetime
import secrets

from django.db import transaction

from shegong.common.audit import audit_write
from shegong.workforce.models import ComplaintSource
from shegong.workforce.services import complaint_receive

from .models import ComplaintSubject, PortalComplaint

# Days an officer has to handle a complaint from the portal (the officer may record a step or close it
# earlier). No policy document of the four cities sets a figure; 15 days is the usual time limit of
# letters-and-visits handling, to be replaced by a dated parameter once a document gives one.
TIME_LIMIT_DAYS = 15
TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _tracking_number(day: datetime.date) -> str:
    suffix = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(6))
    return f"TS{day:%Y%m%d}{suffix}"


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
) -> PortalComplaint:
    """Record a complaint from the public and return it with its tracking number.

    A complaint about a practitioner goes into the practitioner's credit file as well
    (``workforce.services.complaint_receive`` with source "portal"), so it appears in the queue of the
    officers of the practitioner's jurisdiction.
    """
    complaint = None
    if subject == ComplaintSubject.PRACTITIONER:
        complaint = complaint_receive(
            actor=None,
            practitioner=practitioner,
            source=ComplaintSource.PORTAL,
            received_on=received_on,
            summary=summary,
            time_limit_days=TIME_LIMIT_DAYS,
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
    )
    record.full_clean()
    record.save()
    audit_write(actor=None, instance=record, before=None)
    return record
