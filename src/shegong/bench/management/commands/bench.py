"""``shegong bench --size tiny|city|province|country``: generate seeded data and measure (issue 11)."""

from __future__ import annotations

import datetime
import json
import os
import platform
import random
import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.utils import timezone

import shegong
from shegong.accounts.models import Role, User
from shegong.bench import measure
from shegong.bench.generate import VERIFIED_RULES, DivisionsMissing, generate
from shegong.bench.sizes import SIZES
from shegong.common.models import AuditEntry
from shegong.geo.models import subtree_q
from shegong.workforce.models import Practitioner

REPO = Path(shegong.__file__).resolve().parents[2]
DEFAULT_OUTPUT = REPO / "bench" / "results"


class Command(BaseCommand):
    help = "Generate seeded benchmark data on the real divisions and measure scan, pages, import and export."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(SIZES), default="tiny")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--skip-generate", action="store_true", help="Measure the data already there.")
        parser.add_argument(
            "--skip-server", action="store_true", help="No measurement through a WSGI server."
        )
        parser.add_argument("--output", default=str(DEFAULT_OUTPUT), help="Directory of the JSON results.")

    def handle(self, *args, **options):
        if os.environ.get("SHEGONG_ENV") == "prod":
            raise CommandError("生产环境（SHEGONG_ENV=prod）不能运行基准测试：它会写入大量测试数据。")
        size = SIZES[options["size"]]
        seed = options["seed"]
        log = self.stdout.write if options["verbosity"] >= 1 else None
        generation = None
        if not options["skip_generate"]:
            existing = Practitioner.objects.all()
            if size.root:
                existing = existing.filter(subtree_q("division", size.root))
            if existing.exists():
                raise CommandError(
                    f"数据库中 {size.root or '全国'} 范围内已有从业人员数据。请使用空数据库生成基准数据，"
                    "或加 --skip-generate 只测量已有数据。"
                )
            try:
                generation = generate(size, seed=seed, log=lambda m: log and log(f"  生成 {m} …"))
            except DivisionsMissing:
                raise CommandError(
                    f"没有找到 {size.root or '全国'} 以下的乡镇（街道）区划。请先运行 shegong load_divisions"
                    "（省级和全国规模用 --all）。"
                ) from None
            generation_info = generation.as_dict()
        else:
            generation_info = last_generation(size.name, seed)
        results = self.measure(size, seed, generation_info, skip_server=options["skip_server"])
        path = write_results(results, Path(options["output"]))
        self.stdout.write(render_table(results))
        self.stdout.write(f"结果已写入 {path}")

    def measure(self, size, seed: int, generation_info: dict | None, *, skip_server: bool) -> dict:
        rng = random.Random(seed)
        out = base_info(size, seed)
        out["generation"] = generation_info
        with measure.policy_applied_to(size.root):
            self.stdout.write("  测量 全量合规扫描 …")
            scan = measure.measure_scan(label="first")
            rescan = measure.measure_scan(label="again")
            floor = measure.measure_floor(scan["tables"])
            out["scan"], out["rescan"], out["floor"] = scan, rescan, floor
            out["scan_floor_ratio"] = (
                round(scan["seconds"] / floor["seconds"], 1) if floor["seconds"] else None
            )
            out["client_read"] = measure.measure_client_read(scan["tables"])
            out["scan_client_read_ratio"] = round(scan["seconds"] / out["client_read"]["seconds"], 1)
            expected = (generation_info or {}).get("expected_findings") or {}
            out["verification"] = {
                rule: {
                    "what": VERIFIED_RULES[rule],
                    "expected": expected.get(rule),
                    "found": scan["findings_by_rule"].get(rule, 0),
                    "ok": expected.get(rule) == scan["findings_by_rule"].get(rule, 0),
                }
                for rule in VERIFIED_RULES
                if rule in expected
            }
            officer = pick_officer(seed)
            out["viewer"] = {
                "username": officer.username,
                "role": officer.role,
                "division": officer.division_id,
            }
            urls = measure.endpoints(officer=officer, sample=size.latency_requests, rng=rng)
            self.stdout.write("  测量 页面与接口延迟（进程内）…")
            out["latency_in_process"] = measure.measure_in_process(
                officer=officer, urls=urls, repeat=size.latency_requests
            )
            if not skip_server:
                self.stdout.write("  测量 页面与接口延迟（WSGI 服务器，并发 8）…")
                out["latency_server"] = measure.measure_server(
                    officer=officer, urls=urls, repeat=size.latency_requests, root=size.root
                )
            self.stdout.write("  测量 Excel 导入与导出 …")
            towns = list(
                officer_towns(officer).values_list("division_id", flat=True)[: max(1, size.import_rows // 50)]
            )
            employer = officer_employer_uscc(officer)
            content = measure.import_workbook(
                rows=size.import_rows, division_codes=towns, employer_uscc=employer, seed=seed
            )
            out["import"] = measure.measure_import(officer=officer, content=content, rows=size.import_rows)
            out["export"] = measure.measure_export(officer=officer)
        out["targets"] = assess(out)
        return out


def officer_towns(officer):
    from shegong.stations.models import Station, StationKind

    return Station.objects.filter(kind=StationKind.TOWN_STATION).filter(
        subtree_q("division", officer.division_id)
    )


def officer_employer_uscc(officer) -> str:
    from shegong.organizations.models import Organization

    org = Organization.objects.filter(subtree_q("division", officer.division_id)).order_by("pk").first()
    return org.uscc if org else ""


def pick_officer(seed: int) -> User:
    """The bench's city officer of the city with the most town stations."""
    from shegong.stations.models import Station, StationKind

    officers = {
        u.division_id: u
        for u in User.objects.filter(role=Role.CITY_OFFICER, username__startswith=f"bench_s{seed}_city_")
    }
    if not officers:
        raise CommandError(f"没有找到种子 {seed} 的基准账号：请先生成数据（不加 --skip-generate）。")
    counts = (
        Station.objects.filter(kind=StationKind.TOWN_STATION)
        .values("division_id")
        .annotate(n=Count("pk"))
        .values_list("division_id", "n")
    )
    per_city: dict[str, int] = {}
    for code, n in counts:
        per_city[code[:4]] = per_city.get(code[:4], 0) + n
    best = max(officers, key=lambda city: per_city.get(city, 0))
    return officers[best]


def last_generation(size: str, seed: int) -> dict | None:
    """The expectations recorded by the last generation of this size and seed (audit entry)."""
    entry = (
        AuditEntry.objects.filter(object_type="bench.generation", object_repr=f"bench {size} seed {seed}")
        .order_by("-at", "-id")
        .first()
    )
    return (entry.after or {}).get("generation") if entry else None


def base_info(size, seed: int) -> dict:
    db = connection.settings_dict
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    return {
        "bench_version": 1,
        "date": timezone.localtime().isoformat(timespec="seconds"),
        "size": size.name,
        "root": size.root,
        "seed": seed,
        "client_ratio": size.client_ratio,
        "database": {
            "vendor": connection.vendor,
            "version": version,
            "name": str(db.get("NAME"))
            if connection.vendor == "postgresql"
            else Path(str(db.get("NAME"))).name,
        },
        "machine": machine(),
        "commit": commit(),
        "policy_what_if": f"every policy document applied to {size.root or 'the whole country'}",
    }


def machine() -> dict:
    memory = None
    try:
        with open("/proc/meminfo") as meminfo:
            memory = round(int(meminfo.readline().split()[1]) / 2**20, 1)
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "memory_gib": memory,
    }


def commit() -> dict:
    def git(*args) -> str:
        try:
            return subprocess.run(
                ["git", *args], cwd=REPO, capture_output=True, text=True, timeout=10, check=True
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    return {
        "sha": git("rev-parse", "HEAD"),
        "dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
    }


def assess(out: dict) -> dict:
    """Each target of issue 11 with the figure reached and whether it is met."""
    t = measure.TARGETS
    reached = {
        "scan_seconds": out["scan"]["seconds"],
        "scan_floor_ratio": out["scan_floor_ratio"],
        "scan_peak_mib": out["scan"]["peak_rss_mib"],
        "import_rows_per_second": out["import"]["rows_per_second"],
    }
    worst = {}
    for prefix, data in (("", out["latency_in_process"]), ("server_", out.get("latency_server"))):
        endpoints = (data or {}).get("endpoints", data) or {}
        for kind in ("list", "detail", "dashboard"):
            measured = {name: e["p95_ms"] for name, e in endpoints.items() if e["kind"] == kind}
            key = f"{prefix}{kind}_p95_ms"
            if measured:
                worst[key] = max(measured, key=measured.get)
                reached[key] = measured[worst[key]]
    result = {}
    for key, target in t.items():
        value = reached.get(key)
        higher_is_better = key == "import_rows_per_second"
        met = None if value is None else (value >= target if higher_is_better else value <= target)
        result[key] = {"target": target, "reached": value, "met": met}
        if key in worst:
            result[key]["slowest"] = worst[key]
    return result


def write_results(results: dict, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    day = datetime.date.fromisoformat(results["date"][:10])
    path = directory / f"{day:%Y-%m-%d}-{results['size']}-{results['database']['vendor']}.json"
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    return path


def render_table(r: dict) -> str:
    """The figures as a plain-text table."""
    lines = [
        "",
        f"基准 benchmark: size={r['size']} root={r['root'] or 'CN'} seed={r['seed']} "
        f"db={r['database']['vendor']} {r['database']['version']} cpus={r['machine']['cpus']} "
        f"commit={r['commit']['sha'][:10]}{'+' if r['commit']['dirty'] else ''}",
    ]
    g = r.get("generation")
    if g and g.get("seconds") is not None:
        lines.append(
            f"生成 generation: {g['rows']:,} rows in {g['seconds']} s ({g['rows_per_second']:,} rows/s)"
        )
    s, f = r["scan"], r["floor"]
    lines += [
        f"扫描 scan (first): {s['seconds']} s, {s['findings']:,} findings, {s['queries']} queries, "
        f"peak RSS {s['peak_rss_mib']} MiB",
        f"扫描 scan (again): {r['rescan']['seconds']} s, peak RSS {r['rescan']['peak_rss_mib']} MiB",
        f"下限 floor: {f['seconds']} s over {len(f['tables'])} tables, {f['rows']:,} rows; ratio {r['scan_floor_ratio']}",
    ]
    if r.get("client_read"):
        c = r["client_read"]
        lines.append(
            f"读取 rows streamed to Python: {c['seconds']} s, {c['rows']:,} rows; "
            f"scan / that {r['scan_client_read_ratio']}"
        )
    for rule, v in r.get("verification", {}).items():
        lines.append(
            f"  核对 {rule}: expected {v['expected']}, found {v['found']} {'OK' if v['ok'] else 'MISMATCH'}"
        )
    for title, key in (("进程内 in-process", "latency_in_process"), ("WSGI ×8", "latency_server")):
        data = r.get(key)
        if not data:
            continue
        endpoints = data.get("endpoints", data)
        extra = f" ({data['requests_per_second']} req/s)" if "requests_per_second" in data else ""
        lines.append(f"{title}{extra}:")
        lines.append(f"  {'endpoint':45} {'kind':9} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} status")
        for name, e in endpoints.items():
            lines.append(
                f"  {name:45} {e['kind']:9} {e['n']:>4} {e['p50_ms']:>8} {e['p95_ms']:>8} {e['status']}"
            )
    i, x = r["import"], r["export"]
    lines += [
        f"导入 import: {i['created']} rows in {i['seconds']} s = {i['rows_per_second']} rows/s {i['errors'] or ''}",
        f"导出 export: {x['rows']:,} rows in {x['seconds']} s = {x['rows_per_second']} rows/s, "
        f"peak RSS {x['peak_rss_mib']} MiB",
        "目标 targets:",
    ]
    for key, v in r["targets"].items():
        mark = {True: "met", False: "MISSED", None: "-"}[v["met"]]
        slowest = f"  ({v['slowest']})" if v.get("slowest") else ""
        lines.append(f"  {key:24} target {v['target']:>6}  reached {v['reached']}  {mark}{slowest}")
    return "\n".join(lines) + "\n"
