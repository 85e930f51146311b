"""An iCalendar (RFC 5545) feed of due plans and reports: one all-day VEVENT per due item.

Lines end with CRLF and are folded at 75 octets; text values escape backslash, semicolon, comma and
newline. No package is needed for this small subset.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from .deadlines import DueItem, Status

PRODID = "-//Shegong//Deadline calendar//ZH"
STATUS_LABELS = {
    Status.ON_TIME: lambda: _("filed on time"),
    Status.LATE: lambda: _("filed late"),
    Status.MISSING: lambda: _("overdue, not filed"),
    Status.UPCOMING: lambda: _("due"),
}


def escape(text: str) -> str:
    return (
        str(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets, continuation lines starting with a space."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    pieces, current, limit = [], b"", 75
    for char in line:
        data = char.encode("utf-8")
        if len(current) + len(data) > limit:
            pieces.append(current.decode("utf-8"))
            current, limit = b"", 74  # the leading space counts
        current += data
    pieces.append(current.decode("utf-8"))
    return "\r\n ".join(pieces)


def calendar_text(items: list[DueItem], *, as_of: datetime.date, host: str, now: datetime.datetime) -> str:
    """Return the VCALENDAR text of ``items`` (status as of ``as_of``)."""
    stamp = now.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(_('Deadlines of plans and reports'))}",
    ]
    for item in items:
        status = item.status(as_of)
        owner = item.station.pk if item.station else item.division_id
        summary = _("%(what)s (%(period)s) – %(owner)s") % {
            "what": item.kind_label,
            "period": item.period,
            "owner": item.owner_name,
        }
        if status in (Status.LATE, Status.MISSING):
            summary = f"[{STATUS_LABELS[status]()}] {summary}"
        description = _("Status: %(status)s. Clause %(clause)s (%(spec)s).") % {
            "status": STATUS_LABELS[status](),
            "clause": item.clause,
            "spec": item.spec_id,
        }
        if item.submission is not None:
            description += " " + _("Filed on %(date)s.") % {"date": item.submission.submitted_on.isoformat()}
        lines += [
            "BEGIN:VEVENT",
            f"UID:{item.kind}-{owner}-{item.period}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{item.due_on:%Y%m%d}",
            f"DTEND;VALUE=DATE:{item.due_on + datetime.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape(summary)}",
            f"DESCRIPTION:{escape(description)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
