"""The bench runs at size tiny and writes its JSON (issue 11); no timed assertions."""

import json

import pytest
from django.core.management import CommandError, call_command

from shegong.geo.models import Division, DivisionLevel
from shegong.workforce.models import Practitioner

pytestmark = pytest.mark.django_db

TOP_KEYS = {
    "bench_version",
    "date",
    "size",
    "root",
    "seed",
    "database",
    "machine",
    "commit",
    "generation",
    "scan",
    "rescan",
    "floor",
    "scan_floor_ratio",
    "client_read",
    "scan_client_read_ratio",
    "verification",
    "viewer",
    "latency_in_process",
    "import",
    "export",
    "targets",
    "policy_what_if",
    "client_ratio",
}


def divisions():
    """Jinan, one district, three towns with four villages each (enough for the tiny size)."""
    rows = [("37", "山东省", DivisionLevel.PROVINCE, None), ("3701", "济南市", DivisionLevel.CITY, "37")]
    rows.append(("370102", "历下区", DivisionLevel.DISTRICT, "3701"))
    for t in range(1, 4):
        town = f"370102{t:03d}"
        rows.append((town, f"第{t}街道", DivisionLevel.TOWN, "370102"))
        rows += [(f"{town}{v:03d}", f"第{t}街道第{v}社区", DivisionLevel.VILLAGE, town) for v in range(1, 5)]
    Division.objects.bulk_create(
        Division(code=c, name=n, level=lvl, parent_id=p, dataset="test") for c, n, lvl, p in rows
    )


def run(tmp_path, *extra):
    call_command("bench", "--size", "tiny", "--skip-server", "--output", str(tmp_path), *extra, verbosity=0)
    (path,) = tmp_path.glob("*-tiny-*.json")
    return path, json.loads(path.read_text(encoding="utf-8"))


def test_the_tiny_bench_measures_verifies_and_writes_its_json(tmp_path):
    """One run (the bench takes a while even at tiny size): everything a run promises, checked on it."""
    from django.db import connection
    from stdnum.cn import ric

    divisions()
    path, results = run(tmp_path)

    # The JSON: where, what and how it was measured.
    assert path.name.endswith("-tiny-sqlite.json") or path.name.endswith("-tiny-postgresql.json")
    assert TOP_KEYS <= set(results)
    assert results["generation"]["counts"]["practitioners"] == 60
    assert results["generation"]["counts"]["towns"] == 3
    assert set(results["targets"]) == {
        "scan_seconds",
        "scan_floor_ratio",
        "list_p95_ms",
        "detail_p95_ms",
        "dashboard_p95_ms",
        "server_list_p95_ms",
        "server_detail_p95_ms",
        "server_dashboard_p95_ms",
        "import_rows_per_second",
        "scan_peak_mib",
    }
    # In-process figures are assessed, each naming its slowest page; --skip-server leaves the server's open.
    assert results["targets"]["list_p95_ms"]["slowest"] in results["latency_in_process"]
    assert results["targets"]["server_list_p95_ms"]["reached"] is None
    assert {"seconds", "findings", "peak_rss_mib", "tables", "findings_by_rule"} <= set(results["scan"])
    assert "workforce_practitioner" in results["floor"]["tables"]
    # The rows streamed to Python are the rows of the tables the scan read.
    assert results["client_read"]["tables"]["workforce_practitioner"]["rows"] == 60
    assert set(results["client_read"]["tables"]) == set(results["floor"]["tables"])
    assert {"p50_ms", "p95_ms", "status"} <= set(results["latency_in_process"]["workforce:practitioner-list"])

    # The scan finds exactly the violations the generator planted.
    verification = results["verification"]
    assert set(verification) == {"HZ-17", "SM-03", "HZ-12", "HZ-04", "HZ-08", "SM-08", "JN-07"}
    assert {rule: v["found"] for rule, v in verification.items()} == {
        rule: v["expected"] for rule, v in verification.items()
    }

    # Every measured page answered, the import saved every row and was rolled back.
    statuses = {name: e["status"] for name, e in results["latency_in_process"].items()}
    assert all(set(s) == {"200"} for s in statuses.values()), statuses
    assert results["import"]["created"] == 20
    assert results["import"]["errors"] == []
    assert Practitioner.objects.count() == 60
    assert results["export"]["status"] == 200

    # Generated resident ID numbers are valid, and only their ciphertext is at rest.
    numbers = [p.id_number for p in Practitioner.objects.all()]
    assert len(numbers) == 60 and all(ric.is_valid(n) for n in numbers)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM workforce_practitioner")
        stored = [row[0] for row in cursor.fetchall()]
    assert not set(stored) & set(numbers)

    # A second run refuses to generate over the data and writes nothing.
    with pytest.raises(CommandError, match="已有从业人员数据"):
        call_command("bench", "--size", "tiny", "--skip-server", "--output", str(tmp_path), verbosity=0)
    assert Practitioner.objects.count() == 60


def test_without_divisions_the_command_says_so_in_chinese(tmp_path):
    with pytest.raises(CommandError, match="请先运行 shegong load_divisions"):
        call_command("bench", "--size", "tiny", "--skip-server", "--output", str(tmp_path), verbosity=0)
    assert not list(tmp_path.iterdir())
