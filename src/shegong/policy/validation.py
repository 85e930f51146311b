"""Validation of the policy YAML: every problem a rule engine must never meet.

:func:`validate_tree` reads the raw files (it never raises on bad data) and returns a list of
:class:`Problem`. ``shegong check`` reports them (policy/checks.py) and the loader refuses to load
data that has any.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from shegong.geo.models import CODE_LENGTHS, level_of_code
from shegong.policy.library import (
    DOCUMENT_FILES,
    NUMERIC_UNITS,
    OVERRIDES_FILE,
    UNITS,
    convert_value,
    document_dirs,
    read_yaml,
)
from shegong.policy.spec import SPEC_YAML, read_spec_yaml, split_clause_reference

LEVELS = {str(level): length for level, length in CODE_LENGTHS.items()}
MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")
PARAMETER_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
REQUIRED_DOCUMENT_KEYS = ("slug", "code_prefix", "title", "title_en", "jurisdiction", "seed_file")


@dataclass(frozen=True)
class Problem:
    file: str  # path relative to the documents root, e.g. "shenzhen-2020-measures/parameters.yaml"
    where: str  # the parameter, clause or field concerned
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.where}: {self.message}"


def validate_tree(root: Path, spec_path: Path | None = SPEC_YAML) -> list[Problem]:
    """Return every problem found in the documents under ``root`` (and the catalogue at ``spec_path``)."""
    problems: list[Problem] = []
    requirements = _read_requirements(spec_path, problems)
    clauses_by_prefix: dict[str, set[str]] = {}
    slugs_by_prefix: dict[str, str] = {}
    folders = document_dirs(root) if root.is_dir() else []
    if not folders:
        problems.append(Problem(str(root), "documents", "no document folder with a document.yaml"))
    for folder in folders:
        checker = _DocumentChecker(folder, requirements, problems)
        checker.run()
        if checker.prefix:
            if checker.prefix in slugs_by_prefix:
                checker.add(
                    "document.yaml",
                    "code_prefix",
                    f"{checker.prefix} is also used by {slugs_by_prefix[checker.prefix]}",
                )
            slugs_by_prefix[checker.prefix] = folder.name
            clauses_by_prefix[checker.prefix] = checker.clause_ids
    if requirements is not None and folders:
        for row in requirements.values():
            clause_ids = clauses_by_prefix.get(row["source"])
            if clause_ids is None:
                problems.append(
                    Problem("spec.yaml", row["id"], f"no document with code prefix {row['source']}")
                )
                continue
            for clause_id in split_clause_reference(row["clause"]):
                if clause_id not in clause_ids:
                    problems.append(
                        Problem(
                            "spec.yaml",
                            row["id"],
                            f"cites clause {clause_id} that {row['source']} does not have",
                        )
                    )
    return problems


def _read_requirements(spec_path: Path | None, problems: list[Problem]) -> dict[str, dict] | None:
    if spec_path is None:
        return None
    try:
        rows = read_spec_yaml(spec_path)
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        problems.append(Problem(spec_path.name, "requirements", f"cannot be read: {exc}"))
        return None
    return {row["id"]: row for row in rows}


class _DocumentChecker:
    def __init__(self, folder: Path, requirements: Mapping[str, dict] | None, problems: list[Problem]):
        self.folder = folder
        self.requirements = requirements
        self.problems = problems
        self.prefix: str | None = None
        self.clause_ids: set[str] = set()
        self.start: datetime.date | None = None
        self.until: datetime.date | None = None
        self.jurisdiction = ""

    def add(self, file: str, where: str, message: str) -> None:
        self.problems.append(Problem(f"{self.folder.name}/{file}", where, message))

    def load(self, name: str) -> Any:
        try:
            return read_yaml(self.folder / name)
        except FileNotFoundError:
            self.add(name, "file", "is missing")
        except yaml.YAMLError as exc:
            self.add(name, "file", f"is not valid YAML: {exc}")
        return None

    def run(self) -> None:
        meta, clauses, parameters = (self.load(name) for name in DOCUMENT_FILES)
        if isinstance(meta, dict):
            self.check_document(meta)
        elif meta is not None:
            self.add("document.yaml", "file", "must be a mapping")
        if isinstance(clauses, dict) and isinstance(clauses.get("clauses"), list):
            self.check_clauses(clauses["clauses"])
        elif clauses is not None:
            self.add("clauses.yaml", "clauses", "must be a list under the key 'clauses'")
        if meta is not None and isinstance(meta, dict) and meta.get("validity_clause"):
            if meta["validity_clause"] not in self.clause_ids:
                self.add(
                    "document.yaml", "validity_clause", f"clause {meta['validity_clause']} does not exist"
                )
        if isinstance(parameters, dict) and isinstance(parameters.get("parameters"), dict):
            self.parameters = parameters["parameters"]
            for key, row in self.parameters.items():
                self.check_parameter(key, row)
        elif parameters is not None:
            self.parameters = {}
            self.add("parameters.yaml", "parameters", "must be a mapping under the key 'parameters'")
        else:
            self.parameters = {}
        if (self.folder / OVERRIDES_FILE).exists():
            overrides = self.load(OVERRIDES_FILE)
            if overrides is not None:
                self.check_overrides((overrides or {}).get("overrides") or {})

    # document.yaml -------------------------------------------------------------------------------

    def check_document(self, meta: dict) -> None:
        for key in REQUIRED_DOCUMENT_KEYS:
            if not meta.get(key):
                self.add("document.yaml", key, "is required")
        if meta.get("slug") and meta["slug"] != self.folder.name:
            self.add(
                "document.yaml", "slug", f"{meta['slug']} differs from the folder name {self.folder.name}"
            )
        prefix = meta.get("code_prefix")
        if prefix and not re.fullmatch(r"[A-Z]{2}", str(prefix)):
            self.add("document.yaml", "code_prefix", f"{prefix!r} is not two capital letters")
        self.prefix = prefix
        jurisdiction = meta.get("jurisdiction")
        if (
            not isinstance(jurisdiction, str)
            or not jurisdiction.isdigit()
            or len(jurisdiction) not in LEVELS.values()
        ):
            self.add("document.yaml", "jurisdiction", f"{jurisdiction!r} is not a division code (quote it)")
        else:
            self.jurisdiction = jurisdiction
        dates = {}
        for key in ("issue_date", "in_force_from", "valid_until", "known_from"):
            value = meta.get(key)
            if value is not None and not _is_date(value):
                self.add("document.yaml", key, f"{value!r} is not a date")
            elif value is not None:
                dates[key] = value
        issue, start, until = dates.get("issue_date"), dates.get("in_force_from"), dates.get("valid_until")
        if issue and start and start < issue:
            self.add(
                "document.yaml",
                "in_force_from",
                f"dates out of order: in force from {start} before issue date {issue}",
            )
        if until and (start or dates.get("known_from")) and until < (start or dates["known_from"]):
            self.add(
                "document.yaml",
                "valid_until",
                f"dates out of order: valid until {until} before in force from {start}",
            )
        self.start = start or dates.get("known_from")
        self.until = until

    # clauses.yaml --------------------------------------------------------------------------------

    def check_clauses(self, rows: list) -> None:
        for index, row in enumerate(rows):
            if not isinstance(row, dict) or not row.get("id"):
                self.add("clauses.yaml", f"clause #{index + 1}", "has no id")
                continue
            clause_id = str(row["id"])
            if clause_id in self.clause_ids:
                self.add("clauses.yaml", clause_id, "duplicate clause id")
            parent = row.get("parent")
            if parent is not None and parent not in self.clause_ids:
                self.add("clauses.yaml", clause_id, f"parent {parent} does not exist before it")
            if not (row.get("text") or row.get("heading")):
                self.add("clauses.yaml", clause_id, "has neither heading nor text")
            self.clause_ids.add(clause_id)

    # parameters.yaml -----------------------------------------------------------------------------

    def check_parameter(self, key: str, row: Any) -> None:
        file = "parameters.yaml"
        if not PARAMETER_KEY.match(str(key)):
            self.add(file, str(key), "key must be lower_snake_case")
        if not isinstance(row, dict):
            self.add(file, str(key), "must be a mapping")
            return
        for field in ("description", "description_en"):
            if not row.get(field):
                self.add(file, key, f"{field} is required")
        unit = row.get("unit")
        if unit not in UNITS:
            self.add(file, key, f"unknown unit {unit!r}")
        self.check_values(file, key, row.get("values"), unit, need_clause=True)
        for spec_id in row.get("spec_ids") or ():
            if self.requirements is not None and spec_id not in self.requirements:
                self.add(file, key, f"spec_id {spec_id} is not in the requirement catalogue")
            elif self.prefix and not str(spec_id).startswith(f"{self.prefix}-"):
                self.add(file, key, f"spec_id {spec_id} belongs to another document")
        levels = row.get("overridable_by") or ()
        for level in (levels,) if isinstance(levels, str) else levels:
            if level not in LEVELS:
                self.add(file, key, f"overridable_by: unknown level {level!r}")
            elif self.jurisdiction and LEVELS[level] <= len(self.jurisdiction):
                self.add(file, key, f"overridable_by: {level} is not below the document's jurisdiction")

    def check_values(self, file: str, where: str, values: Any, unit: Any, *, need_clause: bool) -> None:
        if not isinstance(values, dict) or not values:
            self.add(file, where, "values must be a non-empty mapping of start date to {value, clause}")
            return
        previous = None
        for position, (start, entry) in enumerate(values.items()):
            label = f"{where} {start}"
            if not _is_date(start):
                self.add(file, label, f"start {start!r} is not a date (YYYY-MM-DD)")
                continue
            if previous is not None and start <= previous:
                self.add(file, label, f"dates out of order: {start} does not come after {previous}")
            previous = start
            if self.start and start < self.start:
                self.add(file, label, f"starts before the document applies ({self.start})")
            if self.until and start > self.until:
                self.add(file, label, f"starts after the document lapsed ({self.until})")
            if not isinstance(entry, dict) or "value" not in entry:
                self.add(file, label, "must be a mapping with a value")
                continue
            clause = entry.get("clause")
            if clause is None and need_clause:
                self.add(file, label, "value without clause")
            elif clause is not None and str(clause) not in self.clause_ids:
                self.add(file, label, f"clause {clause} does not exist in clauses.yaml")
            value = entry["value"]
            if value is None:
                if position == 0:
                    self.add(file, label, "the first value cannot be null")
                continue
            if unit in UNITS:
                self.check_value_type(file, label, value, unit)

    def check_value_type(self, file: str, label: str, value: Any, unit: str) -> None:
        if unit == "date":
            if not _is_date(value):
                self.add(file, label, f"{value!r} is not a date")
            return
        if unit == "month-day":
            match = MONTH_DAY.match(str(value)) if isinstance(value, str) else None
            try:
                valid = bool(match) and bool(datetime.date(2024, int(match[1]), int(match[2])))
            except ValueError:
                valid = False
            if not valid:
                self.add(file, label, f'{value!r} is not a quoted month-day such as "03-31"')
            return
        try:
            number = convert_value(value, unit)
        except (ValueError, ArithmeticError, ZeroDivisionError):
            self.add(file, label, f"{value!r} is not a number")
            return
        if unit in NUMERIC_UNITS and number < 0:
            self.add(file, label, f"{value!r} is negative")
        if unit == "ratio" and number > 1:
            self.add(file, label, f"ratio {value!r} is above 1")

    # overrides.yaml ------------------------------------------------------------------------------

    def check_overrides(self, overrides: Any) -> None:
        file = OVERRIDES_FILE
        if not isinstance(overrides, dict):
            self.add(file, "overrides", "must be a mapping of parameter key to a list of overrides")
            return
        for key, rows in overrides.items():
            parameter = self.parameters.get(key)
            if not isinstance(parameter, dict):
                self.add(file, str(key), "no such parameter in parameters.yaml")
                continue
            levels = parameter.get("overridable_by") or ()
            levels = (levels,) if isinstance(levels, str) else tuple(levels)
            for row in rows or ():
                division = str(row.get("division", "")) if isinstance(row, dict) else ""
                where = f"{key} {division}"
                if not division.isdigit() or len(division) not in LEVELS.values():
                    self.add(file, where, f"division {division!r} is not a division code (quote it)")
                    continue
                level = level_of_code(division)
                if level not in levels:
                    allowed = ", ".join(levels) or "no level"
                    self.add(
                        file, where, f"override at level {level} not allowed (overridable_by: {allowed})"
                    )
                if self.jurisdiction and not division.startswith(self.jurisdiction):
                    self.add(
                        file, where, f"division {division} is outside the jurisdiction {self.jurisdiction}"
                    )
                if not row.get("source"):
                    self.add(file, where, "source is required (the division's own document)")
                self.check_values(file, where, row.get("values"), parameter.get("unit"), need_clause=False)
                if parameter.get("override_not_below"):
                    self.check_not_below(file, where, parameter, row.get("values"))

    def check_not_below(self, file: str, where: str, parameter: dict, values: Any) -> None:
        base = parameter.get("values")
        if not isinstance(values, dict) or not isinstance(base, dict):
            return
        unit = parameter.get("unit")
        for start, entry in values.items():
            if not _is_date(start) or not isinstance(entry, dict) or entry.get("value") is None:
                continue
            base_starts = [s for s in base if _is_date(s) and s <= start]
            if not base_starts or not isinstance(base[max(base_starts)], dict):
                continue
            floor = base[max(base_starts)].get("value")
            try:
                if floor is not None and convert_value(entry["value"], unit) < convert_value(floor, unit):
                    self.add(file, f"{where} {start}", f"{entry['value']} is below the city value {floor}")
            except (ValueError, TypeError, ArithmeticError):
                pass  # reported by check_values


def _is_date(value: Any) -> bool:
    return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)
