"""The requirement catalogue (SPEC.md's tables) as data: ``policy/spec.yaml``.

Each requirement has an ID (``SZ-13d``), a kind (rule, flow, record, target), its text and the
clause(s) it implements, in the notation of the document's clauses.yaml (``(十三)``, ``三(二)``,
``二(三)2``, ``四(二)三``). A test keeps spec.yaml equal to /work/shared/SPEC.md.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

SPEC_YAML = Path(__file__).resolve().parent / "spec.yaml"
KINDS = ("rule", "flow", "record", "target")
ROW = re.compile(r"^\|\s*(?P<id>[A-Z]{2}-\d{2}[a-z]?)\s*\|(?P<rest>.*)\|\s*$")
MULTI_SECTION = re.compile(
    r"(?P<head>[一二三四五六七八九十]+)(?P<groups>(?:\([一二三四五六七八九十]+\)){2,})"
)


@dataclass(frozen=True)
class Requirement:
    id: str
    kind: str
    requirement: str
    clause: str  # as SPEC.md writes it, e.g. "四(二)二, 五(一)"
    source: str  # the document's code prefix: SZ, JN, SM, HZ

    @property
    def clause_ids(self) -> tuple[str, ...]:
        return split_clause_reference(self.clause)


def split_clause_reference(reference: str) -> tuple[str, ...]:
    """Split a SPEC clause reference into clause IDs.

    ``"四(二)二, 五(一)"`` -> ``("四(二)二", "五(一)")``; ``"二(一)(二)"`` (sections one and two of
    chapter two) -> ``("二(一)", "二(二)")``.
    """
    ids: list[str] = []
    for part in re.split(r"\s*[,，]\s*", reference.strip()):
        if match := MULTI_SECTION.fullmatch(part):
            ids += [match["head"] + group for group in re.findall(r"\([^)]+\)", match["groups"])]
        elif part:
            ids.append(part)
    return tuple(ids)


def parse_spec_markdown(text: str) -> list[dict[str, str]]:
    """Return the requirement rows of SPEC.md's tables, in document order."""
    rows = []
    for line in text.splitlines():
        match = ROW.match(line)
        if not match:
            continue
        cells = [cell.strip() for cell in match["rest"].split("|")]
        kind, clause = cells[0], cells[-1]
        requirement = " | ".join(cells[1:-1])
        rows.append(
            {
                "id": match["id"],
                "kind": kind,
                "requirement": requirement,
                "clause": clause,
                "source": match["id"].split("-")[0],
            }
        )
    return rows


def read_spec_yaml(path: Path = SPEC_YAML) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)["requirements"]


@functools.cache
def load_requirements() -> dict[str, Requirement]:
    """Return the catalogue keyed by requirement ID."""
    return {
        row["id"]: Requirement(
            id=row["id"],
            kind=row["kind"],
            requirement=row["requirement"],
            clause=row["clause"],
            source=row["source"],
        )
        for row in read_spec_yaml()
    }
