"""Fixtures shared by every app's tests."""

import datetime
import json
from collections import defaultdict
from pathlib import Path

import pytest

from shegong.accounts.models import Role
from shegong.accounts.tests.factories import TEST_PASSWORD, UserFactory
from shegong.geo.tests.factories import JINAN_TREE, SHENZHEN_TREE, make_tree


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """Leave no language active after a test.

    LocaleMiddleware activates the request's language for the thread and nothing deactivates it, so
    without this the tests that run next would see the previous test's language.
    """
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture
def divisions(db):
    """A small real-named tree: Jinan's Lixia and Licheng districts, and Shenzhen Futian."""
    tree = make_tree(JINAN_TREE)
    tree.update(make_tree(SHENZHEN_TREE))
    return tree


@pytest.fixture
def password():
    return TEST_PASSWORD


@pytest.fixture
def lixia_officer(divisions):
    return UserFactory(username="lixia_officer", role=Role.DISTRICT_OFFICER, division=divisions["370102"])


@pytest.fixture
def licheng_officer(divisions):
    return UserFactory(username="licheng_officer", role=Role.DISTRICT_OFFICER, division=divisions["370112"])


@pytest.fixture
def jinan_officer(divisions):
    return UserFactory(username="jinan_officer", role=Role.CITY_OFFICER, division=divisions["3701"])


@pytest.fixture
def system_admin(db):
    return UserFactory(username="sysadmin", role=Role.SYSTEM_ADMIN)


# Requirement coverage: record which tests exercised which SPEC ID (see shegong.policy.coverage).
_SPEC_TRACE: dict[str, set[str]] = defaultdict(set)


@pytest.fixture(autouse=True)
def _trace_spec_ids(request):
    from shegong.policy import coverage

    node = request.node.nodeid
    coverage.set_trace_sink(lambda spec_id: _SPEC_TRACE[spec_id].add(node))
    yield
    coverage.set_trace_sink(None)


def pytest_sessionfinish(session, exitstatus):
    """Merge this run's trace into var/spec-coverage.json (``make test`` starts it afresh)."""
    if not _SPEC_TRACE:
        return
    from django.conf import settings

    path = Path(settings.VAR_DIR) / "spec-coverage.json"
    data = {"generated": None, "tests": {}}
    if path.exists():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            pass
    tests = {key: set(value) for key, value in data.get("tests", {}).items()}
    for spec_id, nodes in _SPEC_TRACE.items():
        tests.setdefault(spec_id, set()).update(nodes)
    data = {
        "generated": datetime.datetime.now().isoformat(timespec="seconds"),
        "tests": {key: sorted(value) for key, value in sorted(tests.items())},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
