"""Excel import of stations and their staff: a template, then all rows saved or none.

The workbook has two sheets, read by position: stations first, staff second. A staff row names its
station by the station's division code and type, so a file can register a station and its staff
together. Every row goes through the same services as the forms (in a savepoint each), so every
refusal the forms give is reported here too, by sheet, row and column; if any row fails, nothing is
saved. The cell helpers, messages, errors and result are every import's (``common.uploads``,
``common.imports``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

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
from shegong.common.imports import (
    BAD_DATE,
    EMPTY_WORKBOOK,
    MAX_ROWS,
    REQUIRED,
    TOO_MANY_ROWS,
    UNKNOWN_DIVISION,
    ImportResult,
    RowError,
    Sheet,
    bad_choice,
    file_error,
)
from shegong.common.models import AuditEntry
from shegong.common.uploads import (
    MissingSheetError,
    SpreadsheetError,
    cell_choice,
    cell_date,
    cell_text,
    read_sheet_rows,
)
from shegong.geo.models import Division
from shegong.organizations.models import Organization
from shegong.workforce.spreadsheets import UNKNOWN_ORGANIZATION

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
SHEETS = {
    "stations": Sheet(title=_("Stations"), columns=STATION_COLUMNS, named_in_errors=True),
    "staff": Sheet(title=_("Staff"), columns=STAFF_COLUMNS, named_in_errors=True),
}
MISSING_SHEET = _("The workbook needs two sheets: stations first, staff second.")
UNKNOWN_STATION = _("No station of this type in this division, in the file or in your jurisdiction.")
UNKNOWN_POINT = _("The station has no service point with this name.")
UNKNOWN_PRACTITIONER = _("No registered practitioner with this resident ID number in your jurisdiction.")
BAD_NUMBER = _("Write a whole number.")


@dataclass
class StationImportResult(ImportResult):
    """The stations and the staff an import created (``created`` holds both)."""

    stations: list[Station] = field(default_factory=list)
    staff: list[StationStaff] = field(default_factory=list)


def template_workbook() -> bytes:
    """The empty template: a stations sheet, a staff sheet and the instructions."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for spec in SHEETS.values():
        sheet = workbook.create_sheet(str(spec.title))
        columns = spec.columns
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
    for index, (key, sheet) in enumerate(SHEETS.items()):
        rows = read_sheet_rows(
            content, width=len(sheet.keys), max_rows=MAX_ROWS, sheet_index=index, allow_empty=True
        )
        out[key] = sheet.values(rows)
    return out


def stations_import(*, actor, content: bytes) -> StationImportResult:
    """Register every station and put every staff member on post, or nothing; list every error."""
    try:
        sheets = _read(content)
    except MissingSheetError:
        return StationImportResult(errors=[file_error(MISSING_SHEET)])
    except SpreadsheetError as exc:
        return StationImportResult(errors=[file_error(exc)])
    total = len(sheets["stations"]) + len(sheets["staff"])
    if total == 0:
        return StationImportResult(errors=[file_error(EMPTY_WORKBOOK)])
    if total > MAX_ROWS:
        return StationImportResult(errors=[file_error(gettext(TOO_MANY_ROWS) % {"max": MAX_ROWS})])
    importer = _Importer(actor, sheets)
    with transaction.atomic():
        stations = [s for s in (importer.station(n, row) for n, row in sheets["stations"]) if s]
        staff = [s for s in (importer.staff(n, row) for n, row in sheets["staff"]) if s]
        if importer.errors:
            transaction.set_rollback(True)
            return StationImportResult(errors=importer.sorted_errors())
        audit_record(
            actor=actor,
            action=AuditEntry.Action.IMPORT,
            object_type="stations.station",
            object_repr=gettext("%(stations)s stations and %(staff)s staff imported")
            % {"stations": len(stations), "staff": len(staff)},
            after={"stations": len(stations), "staff": len(staff)},
        )
    return StationImportResult(created=[*stations, *staff], stations=stations, staff=staff)


class _Importer:
    """Checks and saves rows one by one (a savepoint each), collecting every error."""

    def __init__(self, actor, sheets: dict[str, list[tuple[int, dict]]]):
        from shegong.workforce.models import Practitioner
        from shegong.workforce.services import id_number_hash

        self.actor = actor
        self.today = timezone.localdate()
        self.errors: list[RowError] = []
        # What the rows name, looked up once for the whole file (issue 11: no query per row).
        codes = {cell_text(row["division"]) for _n, row in sheets["stations"]} - {""}
        self._divisions: dict[str, Division] = Division.objects.in_bulk(codes)
        hashes = {id_number_hash(cell_text(row["id_number"]).upper()) for _n, row in sheets["staff"]}
        self._practitioners = {
            p.id_number_hash: p
            for p in scope_queryset(Practitioner.objects.filter(id_number_hash__in=hashes), viewer=actor)
        }
        self._points: dict[tuple[int, str], ServicePoint | None] = {}
        self._organizations = {
            o.uscc: o
            for o in scope_queryset(Organization.objects.all(), viewer=actor).only("pk", "uscc", "division")
        }
        self._stations = {
            (s.division_id, s.kind): s
            for s in scope_queryset(Station.objects.select_related("division"), viewer=actor)
        }

    def sorted_errors(self) -> list[RowError]:
        def sheet_order(error: RowError) -> int:
            return 0 if error.sheet is None else 1 if error.sheet is SHEETS["stations"] else 2

        return sorted(self.errors, key=lambda e: (sheet_order(e), *e.sort_key))

    def _error(self, sheet: str, number: int, key: str, message) -> None:
        self.errors.append(RowError(number, key, str(message), SHEETS[sheet]))

    def _division(self, code: str) -> Division | None:
        return self._divisions.get(code)

    def _point(self, station: Station, name: str) -> ServicePoint | None:
        key = (station.pk, name)
        if key not in self._points:
            self._points[key] = ServicePoint.objects.filter(station=station, name=name).first()
        return self._points[key]

    def _collect(self, sheet: str, number: int, keys, exc: ValidationError) -> None:
        for name, messages in exc.message_dict.items():
            for message in messages:
                self._error(sheet, number, name if name in keys else "", message)

    def _cells(self, sheet, number, row, *, dates=(), required=(), choices=None):
        """Clean text, dates and choices of a row; errors go to ``self.errors``."""
        out, failed = {}, False
        for key, value in row.items():
            out[key] = cell_text(value)
        for key in required:
            if not out[key]:
                self._error(sheet, number, key, str(REQUIRED))
                failed = True
        for key in dates:
            try:
                out[key] = cell_date(row[key])
            except ValueError:
                self._error(sheet, number, key, str(BAD_DATE))
                failed = True
        for key, (choice_class, default) in (choices or {}).items():
            try:
                out[key] = cell_choice(row[key], choice_class) or default
            except LookupError:
                self._error(sheet, number, key, bad_choice(choice_class))
                failed = True
        return out, failed

    def _organization(self, sheet, number, key, uscc):
        if not uscc:
            return None, False
        organization = self._organizations.get(uscc.upper())
        if organization is None:
            self._error(sheet, number, key, str(UNKNOWN_ORGANIZATION))
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
            self._error("stations", number, "division", str(UNKNOWN_DIVISION))
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
            self._error("staff", number, "station", str(UNKNOWN_STATION))
            failed = True
        years = None
        if out["contract_years"]:
            try:
                years = int(out["contract_years"])
            except ValueError:
                self._error("staff", number, "contract_years", str(BAD_NUMBER))
                failed = True
        practitioner = None
        if out["id_number"]:
            practitioner = self._practitioners.get(id_number_hash(out["id_number"].upper()))
            if practitioner is None:
                self._error("staff", number, "id_number", str(UNKNOWN_PRACTITIONER))
                failed = True
        point = None
        if out["service_point"] and station is not None:
            point = self._point(station, out["service_point"])
            if point is None:
                self._error("staff", number, "service_point", str(UNKNOWN_POINT))
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
