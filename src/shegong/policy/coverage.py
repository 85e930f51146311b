"""Requirement coverage: which code implements each SPEC ID, and which tests exercised it.

Implementations declare themselves: rules through the engine registry, flows, records and targets with
``@implements("SZ-05", kind="flow")``. At run time an implementation calls ``trace(spec_id)`` (the
decorator and the engine do it for you); the test suite's plugin (src/shegong/conftest.py) records which
tests traced which IDs into ``var/spec-coverage.json``. An ID counts as covered only when a test run
exercised its implementation.
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

_IMPLEMENTATIONS: dict[str, list[tuple[str, str]]] = defaultdict(list)  # id -> [(kind, dotted name)]
_TRACE_SINK: Callable[[str], None] | None = None


def implements(spec_id: str, *, kind: str) -> Callable:
    """Declare that a function or class implements a SPEC ID; calling it traces the ID."""

    def decorate(obj):
        name = f"{obj.__module__}.{obj.__qualname__}"
        if (kind, name) not in _IMPLEMENTATIONS[spec_id]:
            _IMPLEMENTATIONS[spec_id].append((kind, name))
        if isinstance(obj, type):
            return obj

        @functools.wraps(obj)
        def wrapper(*args, **kwargs):
            trace(spec_id)
            return obj(*args, **kwargs)

        return wrapper

    return decorate


def declare(spec_id: str, *, kind: str, name: str) -> None:
    """Declare an implementation that is not a decorated callable (e.g. a registered rule)."""
    if (kind, name) not in _IMPLEMENTATIONS[spec_id]:
        _IMPLEMENTATIONS[spec_id].append((kind, name))


def trace(spec_id: str) -> None:
    """Note that the implementation of ``spec_id`` ran (only recorded under the test suite)."""
    if _TRACE_SINK is not None:
        _TRACE_SINK(spec_id)


def set_trace_sink(sink: Callable[[str], None] | None) -> None:
    global _TRACE_SINK
    _TRACE_SINK = sink


def implementations() -> dict[str, list[tuple[str, str]]]:
    """Every declared implementation, rules included."""
    from . import engine

    for rule in engine.registered_rules():
        declare(rule.spec_id, kind="rule", name=f"{type(rule).__module__}.{type(rule).__qualname__}")
    from .library import load_library

    for slug in load_library().documents:
        for spec_id in engine.validity_requirements(slug):
            declare(spec_id, kind="rule", name="shegong.policy.engine.applicable_subjects")
    return {key: list(value) for key, value in _IMPLEMENTATIONS.items()}


def trace_file() -> Path:
    return Path(settings.VAR_DIR) / "spec-coverage.json"


def load_trace() -> dict:
    """Return the last test run's trace: {"generated": ..., "tests": {spec_id: [test ids]}}."""
    path = trace_file()
    if not path.exists():
        return {"generated": None, "tests": {}}
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass
class CoverageLine:
    spec_id: str
    kind: str
    requirement: str
    implementations: list[tuple[str, str]]
    tests: list[str]

    @property
    def covered(self) -> bool:
        return bool(self.implementations) and bool(self.tests)


def coverage_report() -> list[CoverageLine]:
    """One line per SPEC ID, in catalogue order."""
    from .spec import load_requirements

    impls = implementations()
    tests = load_trace().get("tests", {})
    return [
        CoverageLine(
            spec_id=item.id,
            kind=item.kind,
            requirement=item.requirement,
            implementations=impls.get(item.id, []),
            tests=sorted(tests.get(item.id, [])) if impls.get(item.id) else [],
        )
        for item in load_requirements().values()
    ]
