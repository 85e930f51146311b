"""The requirement catalogue copy (policy/spec.yaml) against shared/SPEC.md."""

import pytest
from django.conf import settings

from shegong.policy.library import load_library
from shegong.policy.spec import (
    KINDS,
    load_requirements,
    parse_spec_markdown,
    read_spec_yaml,
    split_clause_reference,
)

SPEC_MD = settings.BASE_DIR / ".." / "shared" / "SPEC.md"


@pytest.fixture
def spec_markdown() -> str:
    if not SPEC_MD.exists():
        pytest.skip(f"{SPEC_MD} is absent: the shared/ folder is not beside the repository")
    return SPEC_MD.read_text(encoding="utf-8")


def test_spec_yaml_equals_the_tables_of_spec_md(spec_markdown):
    assert read_spec_yaml() == parse_spec_markdown(spec_markdown)


def test_every_requirement_row_of_spec_md_is_parsed(spec_markdown):
    rows = [
        line for line in spec_markdown.splitlines() if line.startswith(("| SZ-", "| JN-", "| SM-", "| HZ-"))
    ]
    assert len(parse_spec_markdown(spec_markdown)) == len(rows) == 81


def test_requirement_kinds_are_known():
    assert {r.kind for r in load_requirements().values()} <= set(KINDS)


def test_every_spec_clause_reference_resolves_to_a_clause_of_its_document():
    library = load_library()
    unresolved = [
        (r.id, clause_id)
        for r in load_requirements().values()
        for clause_id in r.clause_ids
        if clause_id not in library.document(r.source).clauses
    ]
    assert unresolved == []


@pytest.mark.parametrize(
    ("reference", "ids"),
    [
        ("(十三)", ("(十三)",)),
        ("三(二)", ("三(二)",)),
        ("二(三)2", ("二(三)2",)),
        ("二(一)(二)", ("二(一)", "二(二)")),
        ("四(二)二, 五(一)", ("四(二)二", "五(一)")),
    ],
)
def test_split_clause_reference(reference, ids):
    assert split_clause_reference(reference) == ids
