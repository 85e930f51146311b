"""``shegong spec_coverage``: every SPEC ID listed, implementations found, the summary line printed."""

import json

import pytest
from django.core.management import call_command

from shegong.policy import coverage
from shegong.policy.spec import load_requirements


@pytest.fixture
def trace_file(tmp_path, settings):
    settings.VAR_DIR = tmp_path
    return tmp_path / "spec-coverage.json"


def test_lists_every_id_of_the_catalogue_and_ends_with_the_summary(trace_file, capsys):
    call_command("spec_coverage")

    out = capsys.readouterr().out.splitlines()
    ids = load_requirements()
    for spec_id in ids:
        assert any(line.split()[1:2] == [spec_id] for line in out if line[:1] in "✔✘"), spec_id
    assert out[-1] == f"covered 0 of {len(ids)}"


def test_an_id_counts_as_covered_only_when_a_test_exercised_its_implementation(
    trace_file, capsys, monkeypatch
):
    trace_file.write_text(
        json.dumps({"generated": "2026-11-23T10:00:00", "tests": {"SZ-13c": ["t::a"], "SM-06": ["t::b"]}}),
        encoding="utf-8",
    )
    # Every ID is implemented by now: pretend SM-06 is not, to see that a trace alone does not count.
    declared = coverage.implementations()
    monkeypatch.setattr(
        coverage, "implementations", lambda: {k: v for k, v in declared.items() if k != "SM-06"}
    )

    call_command("spec_coverage", "--summary")

    out = capsys.readouterr().out.splitlines()
    # SZ-13c has a rule and a test; SM-06 has a test trace but no implementation, so it does not count.
    assert out[-1] == f"covered 1 of {len(load_requirements())}"
    assert "rule: 1 / " in "\n".join(out)


def test_rules_trace_their_id_when_they_run(db):
    seen = []
    coverage.set_trace_sink(seen.append)
    try:
        from shegong.policy.scanning import scan

        scan(rule_ids=["SZ-13b"], record=False)
    finally:
        coverage.set_trace_sink(None)

    # The rule itself, and the validity clause of its document that decided it applies (SZ-20, (二十)).
    assert seen == ["SZ-13b", "SZ-20"]
