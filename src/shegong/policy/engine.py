"""The rule engine: registered rules, evaluated set-based against dated policy parameters.

A rule names its SPEC ID, the document and clause it enforces, the kind of subject it checks and the
parameters it reads. Given a queryset of subjects and an as-of date it returns violations with the
measured value and the threshold, in a number of queries that does not depend on the number of subjects.
A rule applies only to subjects inside its document's jurisdiction while the document is in force.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import Model, QuerySet
from django.utils import translation

from shegong.geo.models import subtree_q


class Severity:
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


@dataclass(frozen=True)
class Violation:
    """One subject that breaks a rule, with what was measured and against which threshold."""

    subject: Model
    measured: Any
    threshold: Any
    parameters: Mapping[str, Any]
    inputs: Mapping[str, Any]
    context: Mapping[str, Any] = field(default_factory=dict)


class RuleContext:
    """What a rule may read while it runs: the as-of date and the dated parameters."""

    def __init__(self, *, rule: Rule, as_of: datetime.date, parameters: ParameterSource):
        self.rule = rule
        self.as_of = as_of
        self._parameters = parameters
        self._values: dict[tuple[str, str | None], Any] = {}

    def param(self, key: str, division_code: str | None = None) -> Any:
        """Return the parameter's value on the as-of date for a subject in ``division_code``.

        Looked up once per key and division during an evaluation (the date and the source are fixed),
        not once per subject: a province has 150,000 practitioners in a few thousand divisions.
        """
        try:
            return self._values[(key, division_code)]
        except KeyError:
            value = self._parameters.value(self.rule.document, key, self.as_of, division_code)
            self._values[(key, division_code)] = value
            return value

    def params_for(self, division_code: str | None) -> dict[str, Any]:
        """Return every parameter the rule reads, for a subject in ``division_code``."""
        return {key: self.param(key, division_code) for key in self.rule.parameters}


class Rule:
    """Base class of a rule. Subclasses set the class attributes and implement :meth:`evaluate`."""

    spec_id: str = ""
    # A requirement whose parts check different subjects (HZ-04: each worker's assessment by 31 October,
    # each station's third-party evaluation by 31 December) has one rule per part; the main part has
    # part "", the others a short name. Each part keeps its own findings (by subject type).
    part: str = ""
    version: int = 1
    document: str = ""  # policy document slug
    clause: str = ""  # clause number as the document writes it, e.g. "(十三)"
    subject_model: str = ""  # "app_label.ModelName"
    subject_kind: str = ""  # practitioner, organisation, project, contract, station …
    division_path: str = ""  # lookup path from the subject to its geo.Division
    organization_path: str | None = None
    parameters: tuple[str, ...] = ()
    severity: str = Severity.MEDIUM
    title: str = ""  # translated short title
    explanation: str = ""  # translated template with %(name)s placeholders from Violation.context

    @classmethod
    def model(cls) -> type[Model]:
        return apps.get_model(cls.subject_model)

    def subjects(self) -> QuerySet:
        """Return every subject the rule could check (before jurisdiction and scope filters)."""
        return self.model()._default_manager.all()

    def evaluate(self, subjects: QuerySet, ctx: RuleContext) -> Iterable[Violation]:  # pragma: no cover
        raise NotImplementedError

    def explain(
        self,
        violation: Violation,
        *,
        language: str,
        document_title: str,
        clause_label: str,
        template: str | None = None,
    ) -> str:
        """Render the explanation of a violation in ``language``.

        ``template`` is :attr:`explanation` already translated into ``language`` (a scan translates it
        once per rule instead of once per finding).
        """
        with translation.override(language):
            values = {"document": document_title, "clause": clause_label, **violation.context}
            return (template if template is not None else str(self.explanation)) % values


class MissingParameterError(LookupError):
    """A rule in force asked for a parameter that has no value on the date (a data error)."""


class ParameterSource:
    """Reads dated parameter values from the policy library; a what-if source overrides some of them.

    ``overrides`` maps ``(document slug, key)`` to a value that replaces the library's everywhere.
    """

    def __init__(self, overrides: Mapping[tuple[str, str], Any] | None = None):
        self.overrides = dict(overrides or {})

    def value(self, document: str, key: str, as_of: datetime.date, division_code: str | None) -> Any:
        if (document, key) in self.overrides:
            return self.overrides[(document, key)]
        from shegong.policy.library import load_library

        found = load_library().parameter(document, key).value_on(as_of, division_code)
        if not found:
            raise MissingParameterError(found.message)
        return found.value


_REGISTRY: dict[str, Rule] = {}


def _registry_key(rule_class: type[Rule]) -> str:
    return f"{rule_class.spec_id}/{rule_class.part}" if rule_class.part else rule_class.spec_id


def register(rule_class: type[Rule]) -> type[Rule]:
    """Class decorator: add a rule to the registry (one rule per SPEC ID and part)."""
    if not rule_class.spec_id:
        raise ValueError(f"{rule_class.__name__} has no spec_id")
    key = _registry_key(rule_class)
    existing = _REGISTRY.get(key)
    if existing is not None and type(existing).__qualname__ != rule_class.__qualname__:
        raise ValueError(f"two rules claim {key}")
    for other in _REGISTRY.values():
        if (
            other.spec_id == rule_class.spec_id
            and type(other).__qualname__ != rule_class.__qualname__
            and other.subject_model == rule_class.subject_model
        ):
            raise ValueError(f"two parts of {rule_class.spec_id} check the same subjects")
    _REGISTRY[key] = rule_class()
    return rule_class


def registered_rules() -> list[Rule]:
    """Every registered rule, ordered by SPEC ID (the main part first)."""
    return [_REGISTRY[key] for key in sorted(_REGISTRY)]


def get_rule(spec_id: str) -> Rule:
    """The main part of a SPEC ID's rule."""
    return _REGISTRY[spec_id]


def validity_requirements(slug: str) -> list[str]:
    """SPEC IDs whose requirement is the document's period of validity (e.g. SZ-20, clause (二十))."""
    from shegong.policy.library import load_library
    from shegong.policy.spec import load_requirements

    document = load_library().document(slug)
    clause = document.extra.get("validity_clause")
    if not clause:
        return []
    return [
        requirement.id
        for requirement in load_requirements().values()
        if requirement.source == document.prefix and clause in requirement.clause_ids
    ]


def applicable_subjects(rule: Rule, *, as_of: datetime.date, within: str | None = None) -> QuerySet | None:
    """Return the rule's subjects inside its document's jurisdiction, or ``None`` when not in force."""
    from shegong.policy.library import load_library

    from .coverage import trace

    document = load_library().document(rule.document)
    for spec_id in validity_requirements(document.slug):
        trace(spec_id)  # the document's own validity clause (SZ-20) is what decides here
    if not document.status_on(as_of).in_force:
        return None
    qs = rule.subjects().filter(subtree_q(rule.division_path, document.jurisdiction))
    if within:
        qs = qs.filter(subtree_q(rule.division_path, within))
    return qs


@dataclass
class RuleResult:
    rule: Rule
    in_force: bool
    violations: list[Violation]
    checked: QuerySet | None


def evaluate_rule(
    rule: Rule,
    *,
    as_of: datetime.date,
    within: str | None = None,
    subjects: QuerySet | None = None,
    parameters: ParameterSource | None = None,
) -> RuleResult:
    """Evaluate one rule as of a date; ``subjects`` narrows the subjects further (e.g. a viewer's scope)."""
    from .coverage import trace

    trace(rule.spec_id)
    qs = applicable_subjects(rule, as_of=as_of, within=within)
    if qs is None:
        return RuleResult(rule=rule, in_force=False, violations=[], checked=None)
    if subjects is not None:
        qs = qs.filter(pk__in=subjects.values("pk"))
    ctx = RuleContext(rule=rule, as_of=as_of, parameters=parameters or ParameterSource())
    return RuleResult(rule=rule, in_force=True, violations=list(rule.evaluate(qs, ctx)), checked=qs)


def division_code_of(subject: Model, path: str) -> str:
    """Follow ``path`` (``a__b``) on an instance whose relations were selected, to the division code."""
    value: Any = subject
    parts = path.split("__")
    for part in parts[:-1]:
        value = getattr(value, part)
    return getattr(value, parts[-1] + "_id")


def percent(value: Decimal, places: int = 1) -> str:
    """Format a ratio as a percentage with the given decimals (0.849 → '84.9%')."""
    quantum = Decimal(1).scaleb(-places)
    return f"{(Decimal(value) * 100).quantize(quantum)}%"


def money(value: Decimal) -> str:
    """Format an amount in yuan with thousands separators (163000 → '163,000')."""
    value = Decimal(value)
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"


Measure = Callable[[Model], Any]
