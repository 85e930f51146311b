"""Excel in and out: the import template, an all-or-nothing import, the export of a filtered list.

The import is set-based (issue 11): every row is checked in memory against a fixed number of queries,
then the rows are written with bulk inserts — the same rows ``services.practitioner_apply``,
``employment_add`` and ``certificate_add`` write — and one audit entry lists every id created.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from shegong.accounts.models import OFFICER_ROLES, Role
from shegong.accounts.scoping import scope_queryset
from shegong.common.audit import audit_record
from shegong.common.bulk import bulk_insert
from shegong.common.encryption import keyed_hash
from shegong.common.excel import build_workbook
from shegong.common.imports import (
    BAD_DATE,
    BAD_YES_NO,
    MAX_ROWS,
    NO,
    REQUIRED,
    UNKNOWN_DIVISION,
    YES,
    ImportResult,
    RowError,
    Sheet,
    bad_choice,
    file_error,
    sort_errors,
    template,
)
from shegong.common.masking import mask_id_number
from shegong.common.models import AuditEntry
from shegong.common.uploads import SpreadsheetError, cell_choice, cell_date, cell_text, read_sheet_rows
from shegong.geo.models import Division
from shegong.organizations.models import Organization

from . import services
from .identity import birth_date_of, gender_of, name_spellings, normalize_id_number
from .models import (
    Certificate,
    CertificateLevel,
    EducationLevel,
    Employment,
    FilingState,
    FilingTransition,
    Practitioner,
)

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
SHEET = Sheet(title=_("Practitioners"), columns=COLUMNS)
KEYS = SHEET.keys

UNKNOWN_ORGANIZATION = _("No organisation with this unified social credit code in your jurisdiction.")
DUPLICATE_IN_FILE = _("The same ID number is already in row %(row)s.")
DUPLICATE_CERTIFICATE_IN_FILE = _("The same certificate number is already in row %(row)s.")
# Rows per INSERT statement (Django lowers it where the database allows fewer parameters).
BATCH_SIZE = 500
# The column of each model field a row fills, for the field checks of the models.
FIELD_COLUMNS = {
    Practitioner: {
        "name": "name",
        "name_pinyin": "name",
        "name_initials": "name",
        "phone": "phone",
        "education_level": "education_level",
        "major": "major",
    },
    Employment: {"post": "post", "starts_on": "starts_on", "is_professional_post": "is_professional_post"},
    Certificate: {
        "level": "certificate_level",
        "number": "certificate_number",
        "issued_on": "certificate_issued_on",
        "issuer": "certificate_issuer",
    },
}
# The fields whose values come from the file, checked as ``full_clean`` checks them in the services
# (lengths, choices); the rest the import computes, and foreign keys it looked up itself.
CHECKED_FIELDS = {
    Practitioner: {"name", "name_pinyin", "name_initials", "phone", "education_level", "major"},
    Employment: {"post"},
    Certificate: {"level", "number", "issuer"},
}
NOT_CHECKED = {
    model: [f.name for f in model._meta.fields if f.name not in names]
    for model, names in CHECKED_FIELDS.items()
}


def template_workbook() -> bytes:
    """The empty import template: one header row and a sheet of instructions."""
    return template(
        SHEET,
        instructions=[
            gettext("Fill one practitioner per row on the first sheet, from row 2; keep the header row."),
            gettext("Required: name, resident ID number, division code. Dates as 2024-03-01."),
            gettext("An employer needs a post and a start date; a certificate needs level, number and date."),
            gettext("Education levels: %(choices)s")
            % {"choices": " / ".join(str(c) for c in EducationLevel.labels)},
            gettext("Certificate levels: %(choices)s")
            % {"choices": " / ".join(str(c) for c in CertificateLevel.labels)},
        ],
    )


def read_rows(content: bytes) -> list[tuple[int, dict]]:
    """Return (row number, values by key) of every non-empty row below the header.

    Raises ``SpreadsheetError`` (a Chinese message) for a file that is not a workbook, too many rows
    or a formula (common.uploads).
    """
    return SHEET.values(read_sheet_rows(content, width=len(KEYS), max_rows=MAX_ROWS))


def can_import(actor) -> bool:
    """Officers file practitioners in their jurisdiction, an organisation's administrator its own staff."""
    return actor.is_system_admin or actor.role in OFFICER_ROLES or actor.role == Role.ORG_ADMIN


def practitioners_import(*, actor, content: bytes) -> ImportResult:
    """Check every row, then save all of them or none; every error names its row and column.

    Its queries do not grow row by row: a few look-ups, inserts in batches of ``BATCH_SIZE`` and one
    audit entry naming the practitioners, posts and certificates it created.
    """
    if not can_import(actor):
        raise PermissionDenied(services.NOT_ALLOWED)
    try:
        rows = read_rows(content)
    except SpreadsheetError as exc:
        return ImportResult(errors=[file_error(exc, SHEET)])
    plan, errors = _check(actor, rows)
    if errors:
        return ImportResult(errors=errors)
    try:
        with transaction.atomic():
            created = _save(actor, plan)
    except IntegrityError:
        # Someone registered one of these ID or certificate numbers meanwhile: check again to name the row.
        _plan, errors = _check(actor, rows)
        return ImportResult(errors=errors or [file_error(services.ID_NUMBER_TAKEN, SHEET)])
    return ImportResult(created=created)


@dataclass
class _Planned:
    """The rows one line of the file becomes."""

    practitioner: Practitioner
    employment: Employment | None
    certificate: Certificate | None


def _check(actor, rows: list[tuple[int, dict]]) -> tuple[list[_Planned], list[RowError]]:
    """Validate all rows with a fixed number of queries; return the unsaved objects and the errors."""
    today = timezone.localdate()
    org_admin = actor.role == Role.ORG_ADMIN and not actor.is_system_admin
    texts = [(number, {key: cell_text(value) for key, value in row.items()}, row) for number, row in rows]
    divisions = Division.objects.in_bulk({t["division"] for _n, t, _r in texts} - {""})
    usccs = {t["employer"].upper() for _n, t, _r in texts} - {""}
    if org_admin:
        employers = Organization.objects.filter(uscc__in=usccs, pk=actor.organization_id)
    else:
        employers = scope_queryset(Organization.objects.filter(uscc__in=usccs), viewer=actor)
    organizations = {o.uscc: o for o in employers}
    numbers: dict[int, str] = {}
    errors: list[RowError] = []

    def error(row: int, column: str, message) -> None:
        errors.append(RowError(row, column, str(message), SHEET))

    for number, text, _row in texts:
        try:
            numbers[number] = normalize_id_number(text["id_number"], today=today)
        except ValidationError as exc:
            error(number, "id_number", exc.message_dict["id_number"][0])
    hashes = {n: keyed_hash(v) for n, v in numbers.items()}
    taken = set(
        Practitioner.objects.filter(id_number_hash__in=set(hashes.values())).values_list(
            "id_number_hash", flat=True
        )
    )
    cert_numbers = {t["certificate_number"] for _n, t, _r in texts} - {""}
    certs_taken = set(Certificate.objects.filter(number__in=cert_numbers).values_list("number", flat=True))
    seen_ids: dict[str, int] = {}
    seen_certs: dict[str, int] = {}
    plan: list[_Planned] = []
    for number, text, row in texts:
        before = len(errors)
        out: dict = {}

        def cell_error(column, message, _row=number):
            error(_row, column, message)

        if not text["name"]:
            cell_error("name", REQUIRED)
        if number in hashes:
            digest = hashes[number]
            if digest in seen_ids:
                cell_error("id_number", gettext(DUPLICATE_IN_FILE) % {"row": seen_ids[digest]})
            elif digest in taken:
                cell_error("id_number", services.ID_NUMBER_TAKEN)
            seen_ids.setdefault(digest, number)
        code = text["division"]
        division = divisions.get(code)
        if not code:
            cell_error("division", REQUIRED)
        elif division is None:
            cell_error("division", UNKNOWN_DIVISION)
        elif not org_admin and not services._within_reach(actor, code):
            cell_error("division", services.DIVISION_OUTSIDE_JURISDICTION)
        uscc = text["employer"].upper()
        employer = organizations.get(uscc) if uscc else None
        if uscc and employer is None:
            cell_error("employer", UNKNOWN_ORGANIZATION)
        if not uscc and org_admin:
            cell_error("employer", services.ORGANIZATION_NOT_YOURS)
        try:
            out["education_level"] = cell_choice(row["education_level"], EducationLevel)
        except LookupError:
            cell_error("education_level", bad_choice(EducationLevel))
        for key in ("major_is_social_work", "community_worker", "is_professional_post"):
            value = text[key].lower()
            if value in YES:
                out[key] = True
            elif value in NO:
                out[key] = key == "is_professional_post" and value == "" and bool(uscc)
            else:
                cell_error(key, BAD_YES_NO)
        for key in ("starts_on", "certificate_issued_on"):
            try:
                out[key] = cell_date(row[key])
            except ValueError:
                cell_error(key, BAD_DATE)
                continue
            if out[key] and out[key] > today:
                cell_error(key, services.DATE_IN_FUTURE)
        if uscc:
            if not text["post"]:
                cell_error("post", REQUIRED)
            if "starts_on" in out and out["starts_on"] is None:
                cell_error("starts_on", REQUIRED)
        certificate = [text[k] for k in ("certificate_level", "certificate_number", "certificate_issued_on")]
        has_certificate = any(certificate)
        if has_certificate:
            try:
                out["certificate_level"] = cell_choice(row["certificate_level"], CertificateLevel)
            except LookupError:
                cell_error("certificate_level", bad_choice(CertificateLevel))
            for key, value in zip(
                ("certificate_level", "certificate_number", "certificate_issued_on"), certificate, strict=True
            ):
                if not value:
                    cell_error(key, REQUIRED)
            cert_number = certificate[1]
            if cert_number in seen_certs:
                cell_error(
                    "certificate_number",
                    gettext(DUPLICATE_CERTIFICATE_IN_FILE) % {"row": seen_certs[cert_number]},
                )
            elif cert_number in certs_taken:
                cell_error("certificate_number", services.CERTIFICATE_NUMBER_TAKEN)
            if cert_number:
                seen_certs.setdefault(cert_number, number)
        if len(errors) > before or number not in numbers:  # the ID number's error is already listed
            continue
        # The row's cells are sound: build what the services would save and check it as they do.
        id_number = numbers[number]
        birth_date = birth_date_of(id_number)
        pinyin, initials = name_spellings(text["name"])
        practitioner = Practitioner(
            name=text["name"],
            name_pinyin=pinyin,
            name_initials=initials,
            id_number=id_number,
            id_number_hash=hashes[number],
            id_number_masked=mask_id_number(id_number),
            gender=gender_of(id_number),
            birth_date=birth_date,
            phone=text["phone"],
            education_level=out["education_level"],
            major=text["major"],
            major_is_social_work=out["major_is_social_work"],
            community_worker=out["community_worker"],
            division=division,
            employer=employer,
            filing_state=FilingState.APPLIED,
        )
        _check_fields(practitioner, number, cell_error)
        employment = None
        if employer is not None:
            if out["starts_on"] < birth_date:
                cell_error("starts_on", services.DATE_BEFORE_BIRTH)
            employment = Employment(
                practitioner=practitioner,
                organization=employer,
                post=text["post"],
                is_professional_post=out["is_professional_post"],
                starts_on=out["starts_on"],
            )
            _check_fields(employment, number, cell_error)
        issued = None
        if has_certificate:
            if out["certificate_issued_on"] < birth_date:
                cell_error("certificate_issued_on", services.DATE_BEFORE_BIRTH)
            issued = Certificate(
                practitioner=practitioner,
                level=out["certificate_level"],
                number=certificate[1],
                issued_on=out["certificate_issued_on"],
                issuer=text["certificate_issuer"],
            )
            _check_fields(issued, number, cell_error)
        plan.append(_Planned(practitioner, employment, issued))
    if errors:
        return [], sort_errors(errors)
    return plan, []


def _check_fields(instance: models.Model, number: int, cell_error) -> None:
    """The model's own field checks (lengths, choices) as ``full_clean`` runs them in the services.

    One message per column: the spellings computed from the name report on the name's column.
    """
    model = type(instance)
    try:
        instance.clean_fields(exclude=NOT_CHECKED[model])
    except ValidationError as exc:
        columns = FIELD_COLUMNS[model]
        reported = set()
        for name, messages in exc.message_dict.items():
            column = columns.get(name, "")
            if column not in reported:
                reported.add(column)
                cell_error(column, messages[0])


def _save(actor, plan: list[_Planned]) -> list[Practitioner]:
    """Insert the practitioners, their first filing step, posts and certificates; one audit entry."""
    today = timezone.localdate()
    by = actor if getattr(actor, "is_authenticated", False) else None
    practitioners = bulk_insert(Practitioner, [p.practitioner for p in plan], batch_size=BATCH_SIZE)
    bulk_insert(
        FilingTransition,
        [
            FilingTransition(
                practitioner=p, from_state="", to_state=FilingState.APPLIED, effective_on=today, actor=by
            )
            for p in practitioners
        ],
        batch_size=BATCH_SIZE,
    )
    employments = bulk_insert(
        Employment, [p.employment for p in plan if p.employment is not None], batch_size=BATCH_SIZE
    )
    certificates = bulk_insert(
        Certificate, [p.certificate for p in plan if p.certificate is not None], batch_size=BATCH_SIZE
    )
    audit_record(
        actor=actor,
        action=AuditEntry.Action.IMPORT,
        object_type="workforce.practitioner",
        object_repr=gettext("%(count)s practitioners imported") % {"count": len(practitioners)},
        after={
            "rows": len(practitioners),
            "practitioners": [p.pk for p in practitioners],
            "employments": [e.pk for e in employments],
            "certificates": [c.pk for c in certificates],
        },
    )
    return practitioners


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
