"""Import of existing rosters (e.g. a 低保 roster in Excel) into household files (issue 8, HZ-15).

One row per person. Rows with the same head of household's ID number form one household. Households and
members are deduplicated through the keyed hash of the ID number: a household whose head is already
registered is reused, a member already in that household is skipped, so importing the same roster twice
creates nothing new. All or nothing: every row is checked first (a fixed number of queries), then every
write goes through the household services in one transaction; every error names its row and column.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from shegong.common.audit import audit_record
from shegong.common.encryption import keyed_hash
from shegong.common.imports import (
    REQUIRED,
    UNKNOWN_DIVISION,
    ImportResult,
    RowError,
    Sheet,
    bad_choice,
    choice_list,
    file_error,
)
from shegong.common.models import AuditEntry
from shegong.common.uploads import SpreadsheetError, cell_text, choice_names, read_sheet_rows
from shegong.geo.models import Division, DivisionLevel
from shegong.policy.coverage import implements
from shegong.workforce.identity import normalize_id_number

from . import services
from .models import Household, HouseholdCategory, Member, Relation
from .selectors import household_queryset

# (key, header); the import reads the columns by position, so their order is the contract.
COLUMNS = (
    ("head_id_number", _("Head of household's ID number")),
    ("division", _("Village or community code")),
    ("address", _("Address")),
    ("categories", _("Categories")),
    ("name", pgettext_lazy("person", "Name")),
    ("relation", _("Relation to the head")),
    ("id_number", _("Resident ID number")),
    ("health_notes", pgettext_lazy("person", "Health")),
)
ROSTER_SHEET = Sheet(title=_("Roster"), columns=COLUMNS)
KEYS = ROSTER_SHEET.keys
MAX_ROWS = 3000

HEAD_ROW_MISSING = _(
    "The head of household is neither registered nor on a row of this file; add a row for the head."
)
HEAD_RELATION = _("The person whose ID number is the head's must have the relation “head of household”.")
SECOND_HEAD = _("Only the head of household has the relation “head of household”.")
DIFFERS_FROM_ROW = _("Differs from row %(row)s of the same household; leave it empty or write the same.")
DUPLICATE_IN_FILE = _("The same ID number is already in row %(row)s.")
IN_OTHER_HOUSEHOLD = _("A member with this resident ID number is registered in another household file.")
HOUSEHOLD_NOT_YOURS = _("This head of household's file is outside your reach; ask the civil-affairs office.")

_CATEGORY_SEPARATORS = re.compile(r"[,，;；、/\s]+")


@dataclass
class RosterResult(ImportResult):
    """What a roster import did, counted: households created or given new categories, members added or
    skipped (already registered)."""

    households_created: int = 0
    households_updated: int = 0
    members_created: int = 0
    members_skipped: int = 0


def parse_categories(text: str) -> list[str]:
    """Categories written as labels or values, separated by 、 , ; or spaces; raises LookupError."""
    names = choice_names(HouseholdCategory)
    found: list[str] = []
    rest = text.lower()
    # A label may itself hold a separator (留守、空巢老人): take whole labels first, longest first.
    for name in sorted((n for n in names if _CATEGORY_SEPARATORS.search(n)), key=len, reverse=True):
        if name in rest:
            found.append(names[name])
            rest = rest.replace(name, " ")
    for token in _CATEGORY_SEPARATORS.split(rest):
        if not token:
            continue
        if token not in names:
            raise LookupError(token)
        found.append(names[token])
    return list(dict.fromkeys(found))


def template_workbook() -> bytes:
    """The empty roster template: one header row and a sheet of instructions."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = gettext("Roster")
    sheet.append([str(label) for _key, label in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F3")
    for i in range(1, len(COLUMNS) + 1):
        sheet.column_dimensions[get_column_letter(i)].width = 24
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet(gettext("Instructions"))
    lines = [
        gettext("Fill one person per row on the first sheet, from row 2; keep the header row."),
        gettext(
            "Rows with the same head of household's ID number form one household; the head has a row of "
            "their own. The village code, address and categories are read from the household's first row."
        ),
        gettext("Categories: %(choices)s (several separated by commas)")
        % {"choices": choice_list(HouseholdCategory)},
        gettext("Relations: %(choices)s") % {"choices": choice_list(Relation)},
        gettext(
            "People already registered are recognised by their ID number and skipped: importing the same "
            "roster again creates no duplicates."
        ),
        gettext("The import is all or nothing: if any row has an error, no row is saved."),
    ]
    for line in lines:
        notes.append([line])
    notes.column_dimensions["A"].width = 110
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass
class _Person:
    row: int
    name: str
    relation: str
    number: str
    digest: str
    health_notes: str


@dataclass
class _Household:
    row: int  # the first row of the household
    head_digest: str
    division: Division | None = None
    address: str = ""
    categories: list[str] = field(default_factory=list)
    existing: Household | None = None
    people: list[_Person] = field(default_factory=list)
    head_row: int | None = None
    first: dict = field(default_factory=dict)  # the household's cells on its first row
    locked: bool = False  # an existing file the importer may not change


def _number(text: str, today) -> str:
    """The normalised ID number, or raise ValidationError with the Chinese message."""
    try:
        return normalize_id_number(text, today=today)
    except ValidationError as exc:
        raise ValidationError(exc.message_dict["id_number"][0]) from None


def _check(actor, rows) -> tuple[list[_Household], list[RowError]]:
    """Validate every row with a fixed number of queries; return the households to write."""
    errors: list[RowError] = []
    today = timezone.localdate()

    def error(row, column, message):
        errors.append(RowError(row, column, str(message), ROSTER_SHEET))

    values = [(row.number, dict(zip(KEYS, (cell_text(v) for v in row.values), strict=True))) for row in rows]
    relations = choice_names(Relation)
    divisions = Division.objects.in_bulk({v["division"] for _n, v in values} - {""})
    digests: dict[str, str] = {}  # normalised number → hash
    parsed: list[tuple[int, dict, str | None, str | None]] = []
    for number, row in values:
        head = person = None
        for key in ("head_id_number", "id_number"):
            if not row[key]:
                error(number, key, REQUIRED)
                continue
            try:
                normalised = _number(row[key], today)
            except ValidationError as exc:
                error(number, key, exc.messages[0])
                continue
            digests.setdefault(normalised, keyed_hash(normalised))
            if key == "head_id_number":
                head = digests[normalised]
            else:
                person = normalised
        parsed.append((number, row, head, person))
    registered = {
        m.id_number_hash: m
        for m in Member.objects.filter(id_number_hash__in=set(digests.values())).select_related(
            "household", "household__assigned_worker"
        )
    }
    in_reach = set(
        household_queryset(viewer=actor)
        .filter(pk__in={m.household_id for m in registered.values()})
        .values_list("pk", flat=True)
    )
    reach = services.reach_code(actor)
    households: dict[str, _Household] = {}
    seen: dict[str, int] = {}
    for number, row, head, person in parsed:
        if head is None:
            continue
        household = households.get(head)
        if household is None:
            household = households[head] = _Household(row=number, head_digest=head)
            existing = registered.get(head)
            if existing is not None:
                household.existing = existing.household
                # Outside the reach: refused below only if the roster would change the file.
                household.locked = existing.household_id not in in_reach or not services.can_change_household(
                    actor, existing.household
                )
            else:
                _check_household_cells(household, row, number, divisions, reach, actor, error)
        else:
            for key in ("division", "address", "categories"):
                first = household.first
                if row[key] and key in first and row[key] != first[key]:
                    error(number, key, gettext(DIFFERS_FROM_ROW) % {"row": household.row})
        if household.existing is not None and row["categories"]:
            try:
                extra = parse_categories(row["categories"])
            except LookupError:
                error(
                    number,
                    "categories",
                    bad_choice(HouseholdCategory),
                )
            else:
                household.categories = list(dict.fromkeys(household.categories + extra))
        if not row["name"]:
            error(number, "name", REQUIRED)
        relation = relations.get(row["relation"].lower()) if row["relation"] else None
        if row["relation"] and relation is None:
            error(number, "relation", bad_choice(Relation))
        if person is None:
            continue
        digest = digests[person]
        if digest in seen:
            error(number, "id_number", gettext(DUPLICATE_IN_FILE) % {"row": seen[digest]})
            continue
        seen[digest] = number
        if digest == head:
            household.head_row = number
            if relation not in (None, Relation.HEAD):
                error(number, "relation", HEAD_RELATION)
            relation = Relation.HEAD
        elif relation == Relation.HEAD:
            error(number, "relation", SECOND_HEAD)
        elif not row["relation"]:
            error(number, "relation", REQUIRED)
        already = registered.get(digest)
        if already is not None:
            if household.existing is None or already.household_id != household.existing.pk:
                error(number, "id_number", IN_OTHER_HOUSEHOLD)
            continue  # already in this household: skipped
        household.people.append(
            _Person(number, row["name"], relation or "", person, digest, row["health_notes"])
        )
    for household in households.values():
        if household.existing is None and household.head_row is None:
            error(household.row, "head_id_number", HEAD_ROW_MISSING)
        new_categories = household.existing is not None and bool(
            set(household.categories) - set(household.existing.categories)
        )
        if household.locked and (household.people or new_categories):
            error(household.row, "head_id_number", HOUSEHOLD_NOT_YOURS)
    errors.sort(key=lambda e: (e.row, KEYS.index(e.column) if e.column else -1))
    return list(households.values()), errors


def _check_household_cells(household, row, number, divisions, reach, actor, error) -> None:
    household.first = {k: row[k] for k in ("division", "address", "categories")}
    code = row["division"]
    division = divisions.get(code)
    if not code:
        error(number, "division", REQUIRED)
    elif division is None:
        error(number, "division", UNKNOWN_DIVISION)
    elif division.level != DivisionLevel.VILLAGE:
        error(number, "division", services.DIVISION_NOT_VILLAGE)
    elif not actor.is_system_admin and (reach is None or not division.is_within(reach)):
        error(number, "division", services.DIVISION_OUTSIDE_JURISDICTION)
    household.division = division
    household.address = row["address"]
    if not row["address"]:
        error(number, "address", REQUIRED)
    try:
        household.categories = parse_categories(row["categories"])
    except LookupError:
        error(number, "categories", bad_choice(HouseholdCategory))


class _Failed(Exception):
    def __init__(self, errors):
        self.errors = errors


@implements("HZ-15", kind="record")
def roster_import(*, actor, content: bytes) -> RosterResult:
    """Check every row, then save all of them or none; every error names its row and column."""
    if not services.can_register_household(actor):
        raise PermissionDenied(services.NOT_ALLOWED)
    try:
        rows = read_sheet_rows(content, width=len(KEYS), max_rows=MAX_ROWS)
    except SpreadsheetError as exc:
        return RosterResult(errors=[file_error(exc, ROSTER_SHEET)])
    households, errors = _check(actor, rows)
    if errors:
        return RosterResult(errors=errors)
    result = RosterResult(members_skipped=len(rows) - sum(len(h.people) for h in households))
    try:
        with transaction.atomic():
            for planned in households:
                household = planned.existing
                if household is None:
                    household = services.household_register(
                        actor=actor,
                        division=planned.division,
                        address=planned.address,
                        categories=planned.categories,
                    )
                    result.households_created += 1
                elif set(planned.categories) - set(household.categories):
                    services.household_update(
                        actor=actor,
                        household=household,
                        categories=list(dict.fromkeys(household.categories + planned.categories)),
                    )
                    result.households_updated += 1
                for person in planned.people:
                    _add(actor, household, person)
                    result.members_created += 1
            audit_record(
                actor=actor,
                action=AuditEntry.Action.IMPORT,
                object_type="cases.household",
                object_repr=gettext("Roster imported: %(households)s new households, %(members)s new members")
                % {"households": result.households_created, "members": result.members_created},
                after={
                    "rows": len(rows),
                    "households_created": result.households_created,
                    "members_created": result.members_created,
                    "members_skipped": result.members_skipped,
                },
            )
    except _Failed as failed:
        return RosterResult(errors=failed.errors)
    return result


def _add(actor, household: Household, person: _Person) -> None:
    try:
        with transaction.atomic():
            services.member_add(
                actor=actor,
                household=household,
                name=person.name,
                relation=person.relation,
                id_number=person.number,
                health_notes=person.health_notes,
            )
    except (ValidationError, IntegrityError) as exc:  # registered meanwhile by someone else
        message = exc.messages[0] if isinstance(exc, ValidationError) else str(services.ID_NUMBER_TAKEN)
        raise _Failed([RowError(person.row, "id_number", message, ROSTER_SHEET)]) from None
