"""Read-side of the policy explorer: documents, clauses with their rules and parameters, search."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from . import engine
from .library import Clause, Document, Parameter, load_library
from .spec import Requirement, load_requirements


@dataclass
class ClauseView:
    clause: Clause
    depth: int
    requirements: list[Requirement] = field(default_factory=list)
    rules: list[engine.Rule] = field(default_factory=list)
    parameters: list[Parameter] = field(default_factory=list)
    open_findings: dict[str, int] = field(default_factory=dict)

    @property
    def rule_items(self) -> list[tuple[engine.Rule, int]]:
        """Each rule with the number of open findings the viewer may see (0 when not shown)."""
        return [(rule, self.open_findings.get(rule.spec_id, 0)) for rule in self.rules]

    @property
    def anchor(self) -> str:
        return "clause-" + self.clause.id


def documents_on(on: datetime.date) -> list[tuple[Document, object]]:
    """Every document with its status on ``on``."""
    return [(doc, doc.status_on(on)) for doc in load_library().documents.values()]


def _clause_order(document: Document) -> list[tuple[Clause, int]]:
    ordered: list[tuple[Clause, int]] = []

    def walk(clause_id: str, depth: int):
        clause = document.clauses[clause_id]
        ordered.append((clause, depth))
        for child in clause.children:
            walk(child, depth + 1)

    for clause in document.clauses.values():
        if clause.parent is None:
            walk(clause.id, 0)
    return ordered


def document_clauses(document: Document, *, finding_counts: dict[str, int] | None = None) -> list[ClauseView]:
    """The document's clauses in order, each with the requirements, rules and parameters citing it."""
    requirements: dict[str, list[Requirement]] = defaultdict(list)
    for requirement in load_requirements().values():
        if requirement.source == document.prefix:
            for clause_id in requirement.clause_ids:
                requirements[clause_id].append(requirement)
    rules: dict[str, list[engine.Rule]] = defaultdict(list)
    for rule in engine.registered_rules():
        if rule.document == document.slug:
            rules[rule.clause].append(rule)
    parameters: dict[str, list[Parameter]] = defaultdict(list)
    for parameter in document.parameters.values():
        for clause_id in sorted({v.clause for v in parameter.values if v.clause}):
            parameters[clause_id].append(parameter)
    counts = finding_counts or {}
    views = []
    for clause, depth in _clause_order(document):
        clause_rules = rules.get(clause.id, [])
        views.append(
            ClauseView(
                clause=clause,
                depth=depth,
                requirements=requirements.get(clause.id, []),
                rules=clause_rules,
                parameters=parameters.get(clause.id, []),
                open_findings={r.spec_id: counts[r.spec_id] for r in clause_rules if counts.get(r.spec_id)},
            )
        )
    return views


@dataclass
class SearchHit:
    document: Document
    clause: Clause
    before: str
    match: str
    after: str


def search_clauses(query: str, *, limit: int = 100) -> list[SearchHit]:
    """Chinese full-text search over every clause (substring match on the cleaned text)."""
    query = (query or "").strip()
    if not query:
        return []
    hits = []
    for document in load_library().documents.values():
        for clause in document.clauses.values():
            text = f"{clause.heading or ''}{clause.text}"
            position = text.find(query)
            if position < 0:
                continue
            hits.append(
                SearchHit(
                    document=document,
                    clause=clause,
                    before=text[max(0, position - 40) : position],
                    match=text[position : position + len(query)],
                    after=text[position + len(query) : position + len(query) + 60],
                )
            )
            if len(hits) >= limit:
                return hits
    return hits


def numeric_parameters(on: datetime.date) -> list[tuple[Document, Parameter, object]]:
    """Parameters with a numeric value on ``on`` in documents in force, used by a registered rule."""
    used = {(rule.document, key) for rule in engine.registered_rules() for key in rule.parameters}
    rows = []
    for document in load_library().documents.values():
        if not document.status_on(on).in_force:
            continue
        for parameter in document.parameters.values():
            if (document.slug, parameter.key) not in used:
                continue
            value = parameter.value_on(on)
            if (
                value
                and isinstance(value.value, (int, float))
                or (value and hasattr(value.value, "as_tuple"))
            ):
                rows.append((document, parameter, value.value))
    return rows
