"""Excel in and out: the import template, an all-or-nothing import, the export of a filtered list."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from shegong.accounts.scoping import scope_queryset
from shegong.common.audit import audit_record
from shegong.common.encryption import keyed_hash
from shegong.common.excel import build_workbook
from shegong.common.models import AuditEntry
from shegong.common.uploads import SpreadsheetError, cell_text, parse_date_text, read_sheet_rows
from shegong.geo.models import Division
from shegong.organizations.models import Organization

from . import services
from .identity import normalize_id_number
from .models import Certificate, CertificateLevel, EducationLevel, FilingState, Practitioner

# (key, header); the import reads the columns by position, so their order is the contract.
COLUMNS = (
    ("name", pgettext_lazy("person", "Name")),
    ("id_number", _("Resident ID number")),
    ("division", _("Division code")),
    ("employer", _("Employer's unified social credit code")),
    ("phone", _("Phone")),
    ("education_level", _("Education level")),
    ("major", _("Major")),
    ("major_is_social_work", _("Social work or a related major (yes/no)")),
    ("community_worker", _("Works in a community (yes/no)")),
    ("post", _("Post")),
    ("is_professional_post", _("Professional social-work post (yes/no)")),
    ("starts_on", _("Start date")),
    ("certificate_level", _("Certificate level")),
    ("certificate_number", _("Certificate number")),
    ("certificate_issued_on", _("Certificate date")),
    ("certificate_issuer", _("Certificate issued by")),
)
KEYS = [key for key, _label in COLUMNS]
LETTER = {key: get_column_letter(i) for i, key in enumerate(KEYS, start=1)}
HEADER = dict(COLUMNS)

REQUIRED = _("Fill in this cell.")
BAD_DATE = _("Not a date; write it as 2024-03-01.")
BAD_YES_NO = _("Write yes or no (是 / 否).")
BAD_CHOICE = _("Unknown value; use one of: %(choices)s.")
UNKNOWN_DIVISION = _("Unknown division code.")
UNKNOWN_ORGANIZATION = _("No organisation with this unified social credit code in your jurisdiction.")
DUPLICATE_IN_FILE = _("The same ID number is already in row %(row)s.")
DUPLICATE_CERTIFICATE_IN_FILE = _("The same certificate number is already in row %(row)s.")
NOT_A_WORKBOOK = _("The file is not an Excel workbook (.xlsx).")
EMPTY_WORKBOOK = _("The workbook has no rows below the header.")
ROW_ERROR = _("Row %(row)s, column %(column)s (%(header)s): %(message)s")
TOO_MANY_ROWS = _("A workbook may hold at most %(max)s rows.")
MAX_ROWS = 5000

YES = {"是", "yes", "y", "true", "1", "√"}
NO = {"否", "no", "n", "false", "0", ""}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str  # key of COLUMNS, or "" for the whole file
    message: str

    @property
    def letter(self) -> str:
        return LETTER.get(self.column, "")

    @property
    def header(self) -> str:
        return str(HEADER.get(self.column, ""))

    def __str__(self) -> str:
        if not self.column:
            return self.message
        return gettext(ROW_ERROR) % {
            "row": self.row,
            "column": self.letter,
            "header": self.header,
            "message": self.message,
        }


@dataclass
class ImportResult:
    errors: list[RowError]
    created: list[Practitioner]

    @property
    def ok(self) -> bool:
        return not self.errors


def template_workbook() -> bytes:
    """The empty import template: one header row and a sheet of instructions."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = gettext("Practitioners")
    sheet.append([str(label) for _key, label in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F3")
    for i in range(1, len(COLUMNS) + 1):
        sheet.column_dimensions[get_column_letter(i)].width = 22
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet(gettext("Instructions"))
    lines = [
        gettext("Fill one practitioner per row on the first sheet, from row 2; keep the header row."),
        gettext("Required: name, resident ID number, division code. Dates as 2024-03-01."),
        gettext("An employer needs a post and a start date; a certificate needs level, number and date."),
        gettext("Education levels: %(choices)s")
        % {"choices": " / ".join(str(c) for c in EducationLevel.labels)},
        gettext("Certificate levels: %(choices)s")
        % {"choices": " / ".join(str(c) for c in CertificateLevel.labels)},
        gettext("The import is all or nothing: if any row has an error, no row is saved."),
    ]
    for line in lines:
        notes.append([line])
    notes.column_dimensions["A"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text(value) -> str:
    """A cell as typed: full-width digits made half-width, spaces trimmed (common.uploads)."""
    return cell_text(value)


def _date(value) -> datetime.date | None:
    """A real date or a date typed as text (2024-03-01, 2024/3/1, 2024年3月1日 …); ValueError otherwise."""
    return parse_date_text(value)


def _choice(value, choices) -> str:
    """Accept the stored value or the label in either language."""
    text = _text(value).lower()
    if not text:
        return ""
    for stored, label in choices.choices:
        names = {stored}
        for language in ("zh-hans", "en"):
            with translation.override(language):
                names.add(str(label).lower())
        if text in names:
            return stored
    raise LookupError


def read_rows(content: bytes) -> list[tuple[int, dict]]:
    """Return (row number, values by key) of every non-empty row below the header.

    Raises ``SpreadsheetError`` (a Chinese message) for a file that is not a workbook, too many rows
    or a formula (common.uploads).
    """
    rows = read_sheet_rows(content, width=len(KEYS), max_rows=MAX_ROWS)
    return [(row.number, dict(zip(KEYS, row.values, strict=True))) for row in rows]


def practitioners_import(*, actor, content: bytes) -> ImportResult:
    """Check every row, then save all of them or none; every error names its row and column."""
    try:
        rows = read_rows(content)
    except SpreadsheetError as exc:
        return ImportResult(errors=[RowError(0, "", str(exc))], created=[])
    errors: list[RowError] = []
    cleaned = _check(actor, rows, errors)
    if errors:
        return ImportResult(errors=errors, created=[])
    try:
        with transaction.atomic():
            created = [_save(actor, row) for row in cleaned]
            audit_record(
                actor=actor,
                action=AuditEntry.Action.IMPORT,
                object_type="workforce.practitioner",
                object_repr=gettext("%(count)s practitioners imported") % {"count": len(created)},
                after={"rows": len(created)},
            )
    except _RowFailed as failed:
        return ImportResult(errors=failed.errors, created=[])
    return ImportResult(errors=[], created=created)


class _RowFailed(Exception):
    def __init__(self, errors):
        self.errors = errors


def _check(actor, rows, errors: list[RowError]) -> list[dict]:
    """Validate all rows with a fixed number of queries; return the cleaned rows."""
    today = timezone.localdate()
    codes = {_text(r["division"]) for _n, r in rows}
    divisions = Division.objects.in_bulk([c for c in codes if c])
    usccs = {_text(r["employer"]).upper() for _n, r in rows} - {""}
    organizations = (
        {o.uscc: o for o in scope_queryset(Organization.objects.filter(uscc__in=usccs), viewer=actor)}
        if actor.role != "org_admin"
        else {o.uscc: o for o in Organization.objects.filter(uscc__in=usccs, pk=actor.organization_id)}
    )
    numbers: dict[int, str] = {}
    for number, row in rows:
        try:
            numbers[number] = normalize_id_number(_text(row["id_number"]), today=today)
        except ValidationError as exc:
            errors.append(RowError(number, "id_number", exc.message_dict["id_number"][0]))
    hashes = {n: keyed_hash(v) for n, v in numbers.items()}
    taken = set(
        Practitioner.objects.filter(id_number_hash__in=hashes.values()).values_list(
            "id_number_hash", flat=True
        )
    )
    cert_numbers = {_text(r["certificate_number"]) for _n, r in rows} - {""}
    certs_taken = set(Certificate.objects.filter(number__in=cert_numbers).values_list("number", flat=True))
    seen_ids: dict[str, int] = {}
    seen_certs: dict[str, int] = {}
    cleaned = []
    for number, row in rows:

        def error(column, message, _row=number):
            errors.append(RowError(_row, column, str(message)))

        out = {"row": number}
        out["name"] = _text(row["name"])
        if not out["name"]:
            error("name", REQUIRED)
        if number in hashes:
            digest = hashes[number]
            if digest in seen_ids:
                error("id_number", gettext(DUPLICATE_IN_FILE) % {"row": seen_ids[digest]})
            elif digest in taken:
                error("id_number", services.ID_NUMBER_TAKEN)
            seen_ids.setdefault(digest, number)
            out["id_number"] = numbers[number]
        code = _text(row["division"])
        division = divisions.get(code)
        if not code:
            error("division", REQUIRED)
        elif division is None:
            error("division", UNKNOWN_DIVISION)
        elif actor.role != "org_admin" and not services._within_reach(actor, code):
            error("division", services.DIVISION_OUTSIDE_JURISDICTION)
        out["division"] = division
        uscc = _text(row["employer"]).upper()
        out["employer"] = organizations.get(uscc) if uscc else None
        if uscc and out["employer"] is None:
            error("employer", UNKNOWN_ORGANIZATION)
        if not uscc and actor.role == "org_admin":
            error("employer", services.ORGANIZATION_NOT_YOURS)
        out["phone"] = _text(row["phone"])
        out["major"] = _text(row["major"])
        try:
            out["education_level"] = _choice(row["education_level"], EducationLevel)
        except LookupError:
            error(
                "education_level",
                gettext(BAD_CHOICE) % {"choices": " / ".join(map(str, EducationLevel.labels))},
            )
        for key in ("major_is_social_work", "community_worker", "is_professional_post"):
            text = _text(row[key]).lower()
            if text in YES:
                out[key] = True
            elif text in NO:
                out[key] = key == "is_professional_post" and text == "" and bool(uscc)
            else:
                error(key, BAD_YES_NO)
        out["post"] = _text(row["post"])
        for key in ("starts_on", "certificate_issued_on"):
            try:
                out[key] = _date(row[key])
            except ValueError:
                error(key, BAD_DATE)
                continue
            if out[key] and out[key] > today:
                error(key, services.DATE_IN_FUTURE)
        if uscc:
            if not out["post"]:
                error("post", REQUIRED)
            if "starts_on" in out and out["starts_on"] is None:
                error("starts_on", REQUIRED)
        certificate = [
            _text(row[k]) for k in ("certificate_level", "certificate_number", "certificate_issued_on")
        ]
        out["certificate"] = any(certificate)
        if out["certificate"]:
            try:
                out["certificate_level"] = _choice(row["certificate_level"], CertificateLevel)
            except LookupError:
                error(
                    "certificate_level",
                    gettext(BAD_CHOICE) % {"choices": " / ".join(map(str, CertificateLevel.labels))},
                )
            for key, value in zip(
                ("certificate_level", "certificate_number", "certificate_issued_on"), certificate, strict=True
            ):
                if not value:
                    error(key, REQUIRED)
            cert_number = certificate[1]
            if cert_number in seen_certs:
                error(
                    "certificate_number",
                    gettext(DUPLICATE_CERTIFICATE_IN_FILE) % {"row": seen_certs[cert_number]},
                )
            elif cert_number in certs_taken:
                error("certificate_number", services.CERTIFICATE_NUMBER_TAKEN)
            if cert_number:
                seen_certs.setdefault(cert_number, number)
            out["certificate_number"] = cert_number
            out["certificate_issuer"] = _text(row["certificate_issuer"])
        cleaned.append(out)
    errors.sort(key=lambda e: (e.row, KEYS.index(e.column) if e.column in KEYS else -1))
    return cleaned


def _save(actor, row: dict) -> Practitioner:
    try:
        practitioner = services.practitioner_apply(
            actor=actor,
            name=row["name"],
            id_number=row["id_number"],
            division=row["division"],
            employer=row["employer"],
            phone=row["phone"],
            education_level=row["education_level"],
            major=row["major"],
            major_is_social_work=row["major_is_social_work"],
            community_worker=row["community_worker"],
        )
        if row["employer"] is not None:
            services.employment_add(
                actor=actor,
                practitioner=practitioner,
                organization=row["employer"],
                post=row["post"],
                is_professional_post=row["is_professional_post"],
                starts_on=row["starts_on"],
            )
        if row["certificate"]:
            services.certificate_add(
                actor=actor,
                practitioner=practitioner,
                level=row["certificate_level"],
                number=row["certificate_number"],
                issued_on=row["certificate_issued_on"],
                issuer=row["certificate_issuer"],
            )
    except ValidationError as exc:
        raise _RowFailed(
            [
                RowError(row["row"], field if field in KEYS else "", message)
                for field, messages in exc.message_dict.items()
                for message in messages
            ]
        ) from None
    return practitioner


# Export --------------------------------------------------------------------------------------------

EXPORT_HEADERS = (
    pgettext_lazy("person", "Name"),
    _("Resident ID number"),
    _("Gender"),
    _("Birth date"),
    _("Filed in"),
    _("Current employer"),
    _("Highest certificate"),
    _("Filing state"),
    _("Training hours this year"),
)


def practitioners_export(*, practitioners: Iterable[Practitioner], filters: list[tuple[str, str]]) -> bytes:
    """The filtered list as a workbook; ID numbers are masked."""
    levels = dict(CertificateLevel.choices)
    states = dict(FilingState.choices)
    rows = (
        (
            p.name,
            p.id_number_masked,
            p.get_gender_display(),
            p.birth_date,
            p.division.name,
            p.employer.name if p.employer else "",
            str(levels.get(p.top_level, "")),
            str(states.get(p.filing_state, p.filing_state)),
            p.hours_this_year,
        )
        for p in practitioners
    )
    return build_workbook(
        title=gettext("Practitioners"), headers=[str(h) for h in EXPORT_HEADERS], rows=rows, filters=filters
    )
