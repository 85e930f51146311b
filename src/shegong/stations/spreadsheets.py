"""Excel import of stations and their staff: a template, then all rows saved or none.

The workbook has two sheets, read by position: stations first, staff second. A staff row names its
station by the station's division code and type, so a file can register a station and its staff
together. Every row goes through the same services as the forms (in a savepoint each), so every
refusal the forms give is reported here too, by sheet, row and column; if any row fails, nothing is
saved. The cell helpers and messages are the practitioner import's (``workforce.spreadsheets``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from shegong.accounts.scoping import scope_queryset
from shegong.common.audit import audit_record
from shegong.common.models import AuditEntry
from shegong.common.uploads import MissingSheetError, SpreadsheetError, read_sheet_rows
from shegong.geo.models import Division
from shegong.organizations.models import Organization
from shegong.workforce.spreadsheets import (
    BAD_CHOICE,
    BAD_DATE,
    EMPTY_WORKBOOK,
    MAX_ROWS,
    REQUIRED,
    TOO_MANY_ROWS,
    UNKNOWN_DIVISION,
    UNKNOWN_ORGANIZATION,
    _choice,
    _date,
    _text,
)

from . import services
from .models import Employer, ServicePoint, StaffRole, Station, StationKind, StationStaff

STATION_COLUMNS = (
    ("name", _("Station name")),
    ("kind", _("Type")),
    ("division", _("Division code")),
    ("address", _("Address")),
    ("opening_hours", _("Opening hours")),
    ("services", _("Services offered")),
    ("provider", _("Provider's unified social credit code")),
    ("service_contract_signed_on", _("Service contract signed on")),
    ("opened_on", _("Opened on")),
)
STAFF_COLUMNS = (
    ("station", _("Station's division code")),
    ("station_kind", _("Station type")),
    ("name", pgettext_lazy("person", "Name")),
    ("id_number", _("Resident ID number (registered practitioners)")),
    ("role", _("Role")),
    ("service_point", _("Service point")),
    ("employer_kind", _("Employer")),
    ("employer", _("Employer's unified social credit code")),
    ("contract_signed_on", _("Labour contract signed on")),
    ("contract_years", _("Contract term (years)")),
    ("on_post_from", _("On post from")),
    ("left_on", _("Left on")),
)
SHEETS = (("stations", _("Stations"), STATION_COLUMNS), ("staff", _("Staff"), STAFF_COLUMNS))

ROW_ERROR = _("Sheet %(sheet)s, row %(row)s, column %(column)s (%(header)s): %(message)s")
MISSING_SHEET = _("The workbook needs two sheets: stations first, staff second.")
UNKNOWN_STATION = _("No station of this type in this division, in the file or in your jurisdiction.")
UNKNOWN_POINT = _("The station has no service point with this name.")
UNKNOWN_PRACTITIONER = _("No registered practitioner with this resident ID number in your jurisdiction.")
BAD_NUMBER = _("Write a whole number.")


@dataclass(frozen=True)
class RowError:
    sheet: str  # "stations" or "staff", or "" for the whole file
    row: int
    column: str  # a key of the sheet's columns, or ""
    message: str

    @property
    def _columns(self):
        return dict(STATION_COLUMNS if self.sheet == "stations" else STAFF_COLUMNS)

    @property
    def sheet_label(self) -> str:
        return str(dict((key, label) for key, label, _c in SHEETS).get(self.sheet, ""))

    @property
    def letter(self) -> str:
        keys = list(self._columns)
        return get_column_letter(keys.index(self.column) + 1) if self.column in keys else ""

    @property
    def header(self) -> str:
        return str(self._columns.get(self.column, ""))

    def __str__(self) -> str:
        if not self.column:
            return self.message
        return gettext(ROW_ERROR) % {
            "sheet": self.sheet_label,
            "row": self.row,
            "column": self.letter,
            "header": self.header,
            "message": self.message,
        }


@dataclass
class ImportResult:
    errors: list[RowError]
    stations: list[Station]
    staff: list[StationStaff]

    @property
    def ok(self) -> bool:
        return not self.errors


def template_workbook() -> bytes:
    """The empty template: a stations sheet, a staff sheet and the instructions."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for _key, title, columns in SHEETS:
        sheet = workbook.create_sheet(str(title))
        sheet.append([str(label) for _k, label in columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDE7F3")
        for i in range(1, len(columns) + 1):
            sheet.column_dimensions[get_column_letter(i)].width = 22
        sheet.freeze_panes = "A2"
    notes = workbook.create_sheet(gettext("Instructions"))
    lines = [
        gettext(
            "Sheet 1: one station per row from row 2; sheet 2: one staff member per row. Keep the headers."
        ),
        gettext("Station types: %(choices)s") % {"choices": " / ".join(map(str, StationKind.labels))},
        gettext("Roles: %(choices)s") % {"choices": " / ".join(map(str, StaffRole.labels))},
        gettext("Employers: %(choices)s") % {"choices": " / ".join(map(str, Employer.labels))},
        gettext(
            "A staff row names its station by the station's division code and type (a town station if empty)."
        ),
        gettext("Dates as 2024-03-01."),
        gettext("The import is all or nothing: if any row has an error, no row is saved."),
    ]
    for line in lines:
        notes.append([line])
    notes.column_dimensions["A"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _read(content: bytes) -> dict[str, list[tuple[int, dict]]]:
    """Rows of the stations sheet and the staff sheet, read through common.uploads (no formulas,
    full-width digits made half-width, reading stops past the row limit)."""
    out = {}
    for index, (key, _title, columns) in enumerate(SHEETS):
        keys = [k for k, _label in columns]
        rows = read_sheet_rows(
            content, width=len(keys), max_rows=MAX_ROWS, sheet_index=index, allow_empty=True
        )
        out[key] = [(row.number, dict(zip(keys, row.values, strict=True))) for row in rows]
    return out


def stations_import(*, actor, content: bytes) -> ImportResult:
    """Register every station and put every staff member on post, or nothing; list every error."""
    try:
        sheets = _read(content)
    except MissingSheetError:
        return ImportResult(errors=[RowError("", 0, "", str(MISSING_SHEET))], stations=[], staff=[])
    except SpreadsheetError as exc:
        return ImportResult(errors=[RowError("", 0, "", str(exc))], stations=[], staff=[])
    total = len(sheets["stations"]) + len(sheets["staff"])
    if total == 0:
        return ImportResult(errors=[RowError("", 0, "", str(EMPTY_WORKBOOK))], stations=[], staff=[])
    if total > MAX_ROWS:
        message = gettext(TOO_MANY_ROWS) % {"max": MAX_ROWS}
        return ImportResult(errors=[RowError("", 0, "", message)], stations=[], staff=[])
    importer = _Importer(actor)
    with transaction.atomic():
        stations = [s for s in (importer.station(n, row) for n, row in sheets["stations"]) if s]
        staff = [s for s in (importer.staff(n, row) for n, row in sheets["staff"]) if s]
        if importer.errors:
            transaction.set_rollback(True)
            return ImportResult(errors=importer.sorted_errors(), stations=[], staff=[])
        audit_record(
            actor=actor,
            action=AuditEntry.Action.IMPORT,
            object_type="stations.station",
            object_repr=gettext("%(stations)s stations and %(staff)s staff imported")
            % {"stations": len(stations), "staff": len(staff)},
            after={"stations": len(stations), "staff": len(staff)},
        )
    return ImportResult(errors=[], stations=stations, staff=staff)


class _Importer:
    """Checks and saves rows one by one (a savepoint each), collecting every error."""

    def __init__(self, actor):
        self.actor = actor
        self.today = timezone.localdate()
        self.errors: list[RowError] = []
        self._divisions: dict[str, Division | None] = {}
        self._organizations = {
            o.uscc: o
            for o in scope_queryset(Organization.objects.all(), viewer=actor).only("pk", "uscc", "division")
        }
        self._stations = {
            (s.division_id, s.kind): s
            for s in scope_queryset(Station.objects.select_related("division"), viewer=actor)
        }

    def sorted_errors(self) -> list[RowError]:
        order = {"": 0, "stations": 1, "staff": 2}
        return sorted(self.errors, key=lambda e: (order[e.sheet], e.row, e.letter.rjust(3)))

    def _division(self, code: str) -> Division | None:
        if code not in self._divisions:
            self._divisions[code] = Division.objects.filter(code=code).first()
        return self._divisions[code]

    def _collect(self, sheet: str, number: int, keys, exc: ValidationError) -> None:
        for field, messages in exc.message_dict.items():
            for message in messages:
                self.errors.append(RowError(sheet, number, field if field in keys else "", message))

    def _cells(self, sheet, number, row, *, dates=(), required=(), choices=None):
        """Clean text, dates and choices of a row; errors go to ``self.errors``."""
        out, failed = {}, False
        for key, value in row.items():
            out[key] = _text(value)
        for key in required:
            if not out[key]:
                self.errors.append(RowError(sheet, number, key, str(REQUIRED)))
                failed = True
        for key in dates:
            try:
                out[key] = _date(row[key])
            except ValueError:
                self.errors.append(RowError(sheet, number, key, str(BAD_DATE)))
                failed = True
        for key, (choice_class, default) in (choices or {}).items():
            try:
                out[key] = _choice(row[key], choice_class) or default
            except LookupError:
                message = gettext(BAD_CHOICE) % {"choices": " / ".join(map(str, choice_class.labels))}
                self.errors.append(RowError(sheet, number, key, message))
                failed = True
        return out, failed

    def _organization(self, sheet, number, key, uscc):
        if not uscc:
            return None, False
        organization = self._organizations.get(uscc.upper())
        if organization is None:
            self.errors.append(RowError(sheet, number, key, str(UNKNOWN_ORGANIZATION)))
            return None, True
        return organization, False

    def station(self, number: int, row: dict) -> Station | None:
        keys = [k for k, _label in STATION_COLUMNS]
        out, failed = self._cells(
            "stations",
            number,
            row,
            dates=("service_contract_signed_on", "opened_on"),
            required=("name", "division", "opened_on"),
            choices={"kind": (StationKind, StationKind.TOWN_STATION)},
        )
        division = self._division(out["division"]) if out["division"] else None
        if out["division"] and division is None:
            self.errors.append(RowError("stations", number, "division", str(UNKNOWN_DIVISION)))
            failed = True
        provider, bad = self._organization("stations", number, "provider", out["provider"])
        if failed or bad:
            return None
        try:
            with transaction.atomic():
                station = services.station_register(
                    actor=self.actor,
                    name=out["name"],
                    kind=out["kind"],
                    division=division,
                    address=out["address"],
                    opening_hours=out["opening_hours"],
                    services=out["services"],
                    provider=provider,
                    service_contract_signed_on=out["service_contract_signed_on"],
                    opened_on=out["opened_on"],
                )
        except ValidationError as exc:
            self._collect("stations", number, keys, exc)
            return None
        self._stations[(station.division_id, station.kind)] = station
        return station

    def staff(self, number: int, row: dict) -> StationStaff | None:
        from shegong.workforce.models import Practitioner
        from shegong.workforce.services import id_number_hash

        keys = [k for k, _label in STAFF_COLUMNS]
        out, failed = self._cells(
            "staff",
            number,
            row,
            dates=("contract_signed_on", "on_post_from", "left_on"),
            required=("station", "role", "on_post_from"),
            choices={
                "station_kind": (StationKind, StationKind.TOWN_STATION),
                "role": (StaffRole, ""),
                "employer_kind": (Employer, Employer.TOWN),
            },
        )
        station = self._stations.get((out["station"], out["station_kind"])) if out["station"] else None
        if out["station"] and station is None:
            self.errors.append(RowError("staff", number, "station", str(UNKNOWN_STATION)))
            failed = True
        years = None
        if out["contract_years"]:
            try:
                years = int(out["contract_years"])
            except ValueError:
                self.errors.append(RowError("staff", number, "contract_years", str(BAD_NUMBER)))
                failed = True
        practitioner = None
        if out["id_number"]:
            practitioner = (
                scope_queryset(Practitioner.objects.all(), viewer=self.actor)
                .filter(id_number_hash=id_number_hash(out["id_number"].upper()))
                .first()
            )
            if practitioner is None:
                self.errors.append(RowError("staff", number, "id_number", str(UNKNOWN_PRACTITIONER)))
                failed = True
        point = None
        if out["service_point"] and station is not None:
            point = ServicePoint.objects.filter(station=station, name=out["service_point"]).first()
            if point is None:
                self.errors.append(RowError("staff", number, "service_point", str(UNKNOWN_POINT)))
                failed = True
        employer, bad = self._organization("staff", number, "employer", out["employer"])
        if failed or bad:
            return None
        try:
            with transaction.atomic():
                return services.station_staff_add(
                    actor=self.actor,
                    station=station,
                    practitioner=practitioner,
                    name=out["name"],
                    role=out["role"],
                    service_point=point,
                    employer_kind=out["employer_kind"],
                    employer=employer,
                    contract_signed_on=out["contract_signed_on"],
                    contract_years=years,
                    on_post_from=out["on_post_from"],
                    left_on=out["left_on"],
                )
        except ValidationError as exc:
            self._collect("staff", number, keys, exc)
            return None
