"""The policy library: documents, clauses and dated parameters read from YAML.

Each folder ``policy/documents/<slug>/`` holds one policy document as data (see docs/policy-data.md):
``document.yaml`` (metadata and validity), ``clauses.yaml`` (every clause's cleaned text),
``parameters.yaml`` (every number a rule uses, dated, each value citing its clause) and optionally
``overrides.yaml`` (values a lower division sets where a parameter allows it).

Rules read a parameter by key and as-of date, never "today"::

    library = load_library()
    floor = library.parameter("SZ", "package_fee_floor").value_on(contract.signed_on, division_code="440304")
    if not floor:          # NoValue: the document had lapsed, or no value was in force on that date
        ...
    floor.value, floor.clause

Loading validates the data first (:func:`shegong.policy.validation.validate_tree`) and refuses bad
data with :class:`PolicyDataError`; ``shegong check`` reports the same problems.
"""

from __future__ import annotations

import datetime
import enum
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml
from django.utils.formats import date_format
from django.utils.translation import gettext as _

DOCUMENTS_ROOT = Path(__file__).resolve().parent / "documents"
DOCUMENT_FILES = ("document.yaml", "clauses.yaml", "parameters.yaml")
OVERRIDES_FILE = "overrides.yaml"

# The closed list of units a parameter may use (docs/policy-data.md explains each).
UNITS = {
    "CNY": "yuan",
    "CNY per person-year": "yuan per person (worker) per year",
    "CNY per person-month": "yuan per person (worker) per month",
    "ratio": "a share between 0 and 1 (0.85 = 85 %); fractions such as 2/3 are allowed",
    "hours": "hours in total",
    "hours per year": "hours per calendar year",
    "hours per week": "hours per week",
    "hours per visit": "hours per visit",
    "visits per month": "visits per calendar month",
    "persons": "number of people",
    "count": "number of things (stations, organisations, villages...)",
    "years": "a duration in years",
    "months": "a duration in months",
    "days": "a duration in days",
    "age in years": "a person's age in completed years",
    "month-day": "a yearly date as MM-DD, e.g. 03-31",
    "date": "a calendar date",
}
NUMERIC_UNITS = frozenset(UNITS) - {"month-day", "date"}


class PolicyDataError(Exception):
    """The policy YAML has problems; ``problems`` lists them."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class Status(enum.StrEnum):
    IN_FORCE = "in_force"
    LAPSED = "lapsed"
    NOT_YET_IN_FORCE = "not_yet_in_force"


def _day(value: datetime.date | None) -> str:
    return date_format(value, "DATE_FORMAT") if value else ""


@dataclass(frozen=True)
class DocumentStatus:
    """A document's state on a date; ``date`` is the date that explains it.

    In force: ``date`` is the last day of validity (``None`` when open-ended). Lapsed: the last day
    it was in force. Not yet in force: the first day it will be in force.
    """

    state: Status
    date: datetime.date | None

    @property
    def in_force(self) -> bool:
        return self.state == Status.IN_FORCE

    @property
    def message(self) -> str:
        if self.state == Status.LAPSED:
            return _("Lapsed after %(date)s") % {"date": _day(self.date)}
        if self.state == Status.NOT_YET_IN_FORCE:
            return _("Not yet in force (in force from %(date)s)") % {"date": _day(self.date)}
        if self.date:
            return _("In force until %(date)s") % {"date": _day(self.date)}
        return _("In force")


@dataclass(frozen=True)
class Validity:
    """The period a document applies: ``start`` to ``until`` inclusive (either may be open)."""

    start: datetime.date | None
    until: datetime.date | None

    def status_on(self, on: datetime.date) -> DocumentStatus:
        _check_date(on)
        if self.start and on < self.start:
            return DocumentStatus(Status.NOT_YET_IN_FORCE, self.start)
        if self.until and on > self.until:
            return DocumentStatus(Status.LAPSED, self.until)
        return DocumentStatus(Status.IN_FORCE, self.until)


class NoValueReason(enum.StrEnum):
    DOCUMENT_NOT_YET_IN_FORCE = "document_not_yet_in_force"
    DOCUMENT_LAPSED = "document_lapsed"
    BEFORE_FIRST_VALUE = "before_first_value"
    ENDED = "ended"


@dataclass(frozen=True)
class NoValue:
    """The answer when a parameter has no value on a date. It is falsy."""

    parameter: str
    on: datetime.date
    reason: NoValueReason
    date: datetime.date | None = None  # the lapse date, start date or end date that explains it

    def __bool__(self) -> bool:
        return False

    @property
    def message(self) -> str:
        params = {"parameter": self.parameter, "on": _day(self.on), "date": _day(self.date)}
        if self.reason == NoValueReason.DOCUMENT_LAPSED:
            return _("No value for %(parameter)s on %(on)s: the document lapsed after %(date)s.") % params
        if self.reason == NoValueReason.DOCUMENT_NOT_YET_IN_FORCE:
            return (
                _("No value for %(parameter)s on %(on)s: the document is in force only from %(date)s.")
                % params
            )
        if self.reason == NoValueReason.ENDED:
            return _("No value for %(parameter)s on %(on)s: the value ended on %(date)s.") % params
        return _("No value for %(parameter)s on %(on)s: the first value starts on %(date)s.") % params


@dataclass(frozen=True)
class ParameterValue:
    """One dated value: in force from ``start`` (inclusive) to ``end`` (exclusive, ``None`` = open).

    ``value`` is ``None`` for an entry that ends the parameter. A city value cites ``clause``; a
    lower division's override names its ``division_code`` and ``source`` (and a clause if it has one).
    """

    parameter: str
    start: datetime.date
    end: datetime.date | None
    value: Any
    clause: str | None
    division_code: str | None = None
    source: str | None = None

    def covers(self, on: datetime.date) -> bool:
        return self.start <= on and (self.end is None or on < self.end)


@dataclass(frozen=True)
class Override:
    """Values a lower division (e.g. a district) sets for a parameter inside its own area."""

    division_code: str
    division_name: str
    source: str
    values: tuple[ParameterValue, ...]


def _pick(values: tuple[ParameterValue, ...], on: datetime.date) -> ParameterValue | None:
    return next((v for v in values if v.covers(on)), None)


@dataclass(frozen=True)
class Parameter:
    key: str
    document: str  # slug
    prefix: str  # SZ, JN, SM, HZ
    description: str
    description_en: str
    unit: str
    values: tuple[ParameterValue, ...]
    spec_ids: tuple[str, ...]
    validity: Validity
    overridable_by: tuple[str, ...] = ()
    override_not_below: bool = False
    overrides: tuple[Override, ...] = ()

    @property
    def ref(self) -> str:
        return f"{self.prefix}.{self.key}"

    def value_on(self, on: datetime.date, division_code: str | None = None) -> ParameterValue | NoValue:
        """Return the value in force on ``on`` (start <= on < next start), or a falsy :class:`NoValue`.

        With ``division_code``, an override of a division containing it (codes nest by prefix; the
        nearest division wins) takes precedence while the override has a value on that date.
        """
        status = self.validity.status_on(on)
        if status.state == Status.LAPSED:
            return NoValue(self.ref, on, NoValueReason.DOCUMENT_LAPSED, status.date)
        if status.state == Status.NOT_YET_IN_FORCE:
            return NoValue(self.ref, on, NoValueReason.DOCUMENT_NOT_YET_IN_FORCE, status.date)
        if division_code:
            containing = [o for o in self.overrides if division_code.startswith(o.division_code)]
            for override in sorted(containing, key=lambda o: len(o.division_code), reverse=True):
                found = _pick(override.values, on)
                if found is not None and found.value is not None:
                    return found
        found = _pick(self.values, on)
        if found is None:
            return NoValue(self.ref, on, NoValueReason.BEFORE_FIRST_VALUE, self.values[0].start)
        if found.value is None:
            return NoValue(self.ref, on, NoValueReason.ENDED, found.start)
        return found


@dataclass(frozen=True)
class Clause:
    id: str
    document: str
    parent: str | None
    heading: str | None
    text: str
    closing_text: str = ""
    note: str | None = None
    children: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """Return the clause number as printed in the text (``（十三）``, ``三、``, ``1.``, ``二是``)."""
        nested = self.parent and self.id.startswith(self.parent)
        own = self.id[len(self.parent) :] if nested else self.id
        if own.isdigit():
            return f"{own}."
        if own.startswith("("):
            return own.replace("(", "（").replace(")", "）")
        if self.parent is None:
            return "" if own in ("序言", "通知") else f"{own}、"
        return f"{own}是"


@dataclass(frozen=True)
class Document:
    slug: str
    prefix: str
    title: str
    title_en: str
    issuer: str | None
    document_number: str | None
    jurisdiction: str
    jurisdiction_name: str
    issue_date: datetime.date | None
    in_force_from: datetime.date | None
    valid_until: datetime.date | None
    known_from: datetime.date | None
    seed_file: str
    source_note: str
    validity: Validity
    clauses: Mapping[str, Clause]
    parameters: Mapping[str, Parameter]
    extra: Mapping[str, Any] = field(default_factory=dict)

    def status_on(self, on: datetime.date) -> DocumentStatus:
        """Return whether the document is in force on ``on``, lapsed, or not yet in force."""
        return self.validity.status_on(on)

    def covers(self, division_code: str) -> bool:
        """Return whether ``division_code`` lies inside the document's jurisdiction."""
        return division_code.startswith(self.jurisdiction)

    def clause(self, clause_id: str) -> Clause:
        return self.clauses[clause_id]

    def full_text(self, clause_id: str) -> str:
        """Return a clause with everything under it, numbered as in the document."""
        clause = self.clauses[clause_id]
        if clause.parent is None:  # a chapter, the preamble or the issuing notice: heading on its own line
            lines = [clause.label + (clause.heading or ""), clause.text]
        else:
            lines = [clause.label + (f"{clause.heading}。" if clause.heading else "") + clause.text]
        lines += [self.full_text(child) for child in clause.children]
        if clause.closing_text:
            lines.append(clause.closing_text)
        return "\n".join(line for line in lines if line)


@dataclass(frozen=True)
class Library:
    documents: Mapping[str, Document]

    def document(self, slug_or_prefix: str) -> Document:
        """Return a document by slug (``shenzhen-2020-measures``) or code prefix (``SZ``)."""
        if slug_or_prefix in self.documents:
            return self.documents[slug_or_prefix]
        for document in self.documents.values():
            if document.prefix == slug_or_prefix:
                return document
        raise KeyError(slug_or_prefix)

    def parameter(self, document: str, key: str) -> Parameter:
        return self.document(document).parameters[key]

    def clause(self, document: str, clause_id: str) -> Clause:
        return self.document(document).clauses[clause_id]


def _check_date(on: Any) -> None:
    if isinstance(on, datetime.datetime) or not isinstance(on, datetime.date):
        raise TypeError(f"expected a datetime.date, got {on!r}")


def convert_value(raw: Any, unit: str) -> Any:
    """Turn a YAML value into its Python form: Decimal for decimals, Fraction for ``2/3``."""
    if raw is None or unit in ("month-day", "date"):
        return raw
    if isinstance(raw, bool):
        raise ValueError(f"not a number: {raw!r}")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        return Decimal(str(raw))
    if isinstance(raw, str) and "/" in raw:
        numerator, denominator = raw.split("/")
        return Fraction(int(numerator), int(denominator))
    if isinstance(raw, str):
        return Decimal(raw)
    raise ValueError(f"not a number: {raw!r}")


def read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def document_dirs(root: Path) -> list[Path]:
    """Return the document folders under ``root`` (those holding a document.yaml), sorted."""
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / "document.yaml").exists())


def _dated(key: str, raw_values: Mapping, unit: str, **extra) -> tuple[ParameterValue, ...]:
    starts = list(raw_values)
    out = []
    for i, start in enumerate(starts):
        entry = raw_values[start] or {}
        out.append(
            ParameterValue(
                parameter=key,
                start=start,
                end=starts[i + 1] if i + 1 < len(starts) else None,
                value=convert_value(entry.get("value"), unit),
                clause=entry.get("clause"),
                **extra,
            )
        )
    return tuple(out)


def _build_document(folder: Path) -> Document:
    meta = read_yaml(folder / "document.yaml")
    raw_clauses = read_yaml(folder / "clauses.yaml")["clauses"]
    raw_parameters = read_yaml(folder / "parameters.yaml")["parameters"]
    raw_overrides = {}
    if (folder / OVERRIDES_FILE).exists():
        raw_overrides = (read_yaml(folder / OVERRIDES_FILE) or {}).get("overrides") or {}
    slug, prefix = meta["slug"], meta["code_prefix"]
    validity = Validity(meta.get("in_force_from") or meta.get("known_from"), meta.get("valid_until"))

    children: dict[str, list[str]] = {}
    for row in raw_clauses:
        if row.get("parent"):
            children.setdefault(row["parent"], []).append(row["id"])
    clauses = {
        row["id"]: Clause(
            id=row["id"],
            document=slug,
            parent=row.get("parent"),
            heading=row.get("heading"),
            text=row.get("text") or "",
            closing_text=row.get("closing_text") or "",
            note=row.get("note"),
            children=tuple(children.get(row["id"], ())),
        )
        for row in raw_clauses
    }

    parameters = {}
    for key, row in raw_parameters.items():
        overrides = tuple(
            Override(
                division_code=str(o["division"]),
                division_name=o.get("division_name", ""),
                source=o["source"],
                values=tuple(
                    ParameterValue(
                        parameter=v.parameter,
                        start=v.start,
                        end=v.end,
                        value=v.value,
                        clause=v.clause,
                        division_code=str(o["division"]),
                        source=o["source"],
                    )
                    for v in _dated(key, o["values"], row["unit"])
                ),
            )
            for o in raw_overrides.get(key, ())
        )
        levels = row.get("overridable_by") or ()
        parameters[key] = Parameter(
            key=key,
            document=slug,
            prefix=prefix,
            description=row["description"],
            description_en=row["description_en"],
            unit=row["unit"],
            values=_dated(key, row["values"], row["unit"]),
            spec_ids=tuple(row.get("spec_ids") or ()),
            validity=validity,
            overridable_by=(levels,) if isinstance(levels, str) else tuple(levels),
            override_not_below=bool(row.get("override_not_below")),
            overrides=overrides,
        )

    known = {
        "slug", "code_prefix", "title", "title_en", "issuer", "document_number", "jurisdiction",
        "jurisdiction_name", "issue_date", "in_force_from", "valid_until", "known_from", "seed_file",
        "source_note",
    }  # fmt: skip
    return Document(
        slug=slug,
        prefix=prefix,
        title=meta["title"],
        title_en=meta["title_en"],
        issuer=meta.get("issuer"),
        document_number=meta.get("document_number"),
        jurisdiction=str(meta["jurisdiction"]),
        jurisdiction_name=meta.get("jurisdiction_name", ""),
        issue_date=meta.get("issue_date"),
        in_force_from=meta.get("in_force_from"),
        valid_until=meta.get("valid_until"),
        known_from=meta.get("known_from"),
        seed_file=meta["seed_file"],
        source_note=meta.get("source_note", ""),
        validity=validity,
        clauses=MappingProxyType(clauses),
        parameters=MappingProxyType(parameters),
        extra=MappingProxyType({k: v for k, v in meta.items() if k not in known}),
    )


def load_library_from(root: Path) -> Library:
    """Validate and load the documents under ``root``; raise :class:`PolicyDataError` on problems."""
    from shegong.policy.validation import validate_tree

    problems = validate_tree(root)
    if problems:
        raise PolicyDataError(problems)
    documents = {}
    for folder in document_dirs(root):
        document = _build_document(folder)
        documents[document.slug] = document
    return Library(documents=MappingProxyType(documents))


@functools.cache
def load_library() -> Library:
    """Return the project's policy library (loaded once per process)."""
    return load_library_from(DOCUMENTS_ROOT)
