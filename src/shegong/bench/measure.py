"""Measurements of issue 11: scan and floor, page and API latency, Excel import/export, peak memory.

Nothing here asserts a time: the figures are reported (table and JSON) and compared with the targets.
"""

from __future__ import annotations

import contextlib
import http.client
import io
import os
import random
import re
import resource
import statistics
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor

from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

# Targets of issue 11 (2 cores, PostgreSQL, province size).
TARGETS = {
    "scan_seconds": 60,
    "scan_floor_ratio": 3,
    "list_p95_ms": 150,
    "detail_p95_ms": 150,
    "dashboard_p95_ms": 500,
    # The same page targets through gunicorn with 8 concurrent clients (issue 11 asks for both figures).
    "server_list_p95_ms": 150,
    "server_detail_p95_ms": 150,
    "server_dashboard_p95_ms": 500,
    "import_rows_per_second": 2000,
    "scan_peak_mib": 1024,
}


@contextlib.contextmanager
def policy_applied_to(root: str):
    """Apply every policy document to ``root`` for the duration (a what-if for the benchmark).

    The four documents cover only their own cities; the bench generates a city or a province and
    wants every rule to check every generated subject, as if the province had adopted the same
    rules. Restored on exit. Only the bench process (and its server subprocess) does this.
    """
    from shegong.policy.library import load_library

    documents = list(load_library().documents.values())
    saved = [(doc, doc.jurisdiction) for doc in documents]
    try:
        for doc in documents:
            object.__setattr__(doc, "jurisdiction", root)  # frozen dataclass, process-local what-if
        yield
    finally:
        for doc, jurisdiction in saved:
            object.__setattr__(doc, "jurisdiction", jurisdiction)


class RssSampler:
    """Peak resident memory of this process while the block runs (sampled every 20 ms)."""

    def __init__(self):
        self.peak = self.base = _rss()
        self._stop = threading.Event()

    def __enter__(self):
        self.base = self.peak = _rss()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self):
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, _rss())

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss())

    @property
    def peak_mib(self) -> float:
        return round(self.peak / 2**20, 1)

    @property
    def growth_mib(self) -> float:
        return round((self.peak - self.base) / 2**20, 1)


def _rss() -> int:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:  # not Linux: the high-water mark is the best there is
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


TABLE_RE = re.compile(r'(?:FROM|JOIN)\s+"(\w+)"', re.IGNORECASE)


def measure_scan(*, label: str) -> dict:
    """Run a full recorded scan (as of today) and report time, peak memory and tables read."""
    from shegong.policy import scanning

    tables: set[str] = set()
    queries = 0

    def collect(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        tables.update(TABLE_RE.findall(sql))
        return execute(sql, params, many, context)

    with RssSampler() as memory, connection.execute_wrapper(collect):
        started = time.perf_counter()
        report = scanning.scan(actor=None)
        seconds = time.perf_counter() - started
    by_rule = Counter(row.rule.spec_id for row in report.rows)
    return {
        "label": label,
        "seconds": round(seconds, 2),
        "queries": queries,
        "findings": len(report.rows),
        "opened": report.opened,
        "resolved": report.resolved,
        "checked": report.checked,
        "rules_in_force": len(report.rules_in_force),
        "findings_by_rule": dict(sorted(by_rule.items())),
        "peak_rss_mib": memory.peak_mib,
        "rss_growth_mib": memory.growth_mib,
        "tables": sorted(tables),
    }


def measure_floor(tables: list[str]) -> dict:
    """Time one sequential read of every table (count(*) with index scans off on PostgreSQL)."""
    quote = connection.ops.quote_name
    per_table = {}
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for setting in ("enable_indexscan", "enable_indexonlyscan", "enable_bitmapscan"):
                cursor.execute(f"SET LOCAL {setting} = off")
        for table in tables:  # warm the cache first: the scan ran warm too
            cursor.execute(f"SELECT count(*) FROM {quote(table)}")
        for table in tables:
            started = time.perf_counter()
            cursor.execute(f"SELECT count(*) FROM {quote(table)}")
            rows = cursor.fetchone()[0]
            per_table[table] = {"rows": rows, "seconds": round(time.perf_counter() - started, 4)}
    total = sum(t["seconds"] for t in per_table.values())
    if connection.vendor != "postgresql":
        total = max(total, 0.0001)
    return {
        "method": "SELECT count(*) per table, index scans off"
        if connection.vendor == "postgresql"
        else "SELECT count(*) per table",
        "seconds": round(total, 4),
        "rows": sum(t["rows"] for t in per_table.values()),
        "tables": per_table,
    }


def measure_client_read(tables: list[str]) -> dict:
    """Time streaming every row of every table into Python, without building model instances.

    A second, informative floor beside ``measure_floor``: a rules engine that evaluates in Python must at
    least move the rows it checks to the client, which ``count(*)`` never does. Server-side cursor on
    PostgreSQL (``chunked_cursor``), 10,000 rows per fetch, rows discarded.
    """
    quote = connection.ops.quote_name
    per_table = {}
    with transaction.atomic():
        for table in tables:
            started = time.perf_counter()
            rows = 0
            with connection.chunked_cursor() as cursor:
                cursor.execute(f"SELECT * FROM {quote(table)}")
                while batch := cursor.fetchmany(10_000):
                    rows += len(batch)
            per_table[table] = {"rows": rows, "seconds": round(time.perf_counter() - started, 4)}
    return {
        "method": "SELECT * per table streamed to Python (server-side cursor), rows discarded",
        "seconds": round(max(sum(t["seconds"] for t in per_table.values()), 0.0001), 4),
        "rows": sum(t["rows"] for t in per_table.values()),
        "tables": per_table,
    }


# Pages and API ---------------------------------------------------------------------------------


DEEP_ROW = 5000  # the deep list page starts after this many rows (what ?page=100 was before keyset pages)


def deep_practitioner_page(officer) -> str:
    """The practitioner list cut after its ``DEEP_ROW``-th row (or its last), as a "next" link would."""
    from shegong.accounts.scoping import scope_queryset
    from shegong.common.paging import cursor_after
    from shegong.workforce.models import Practitioner
    from shegong.workforce.views import PRACTITIONER_ORDERING

    url = reverse("workforce:practitioner-list")
    rows = scope_queryset(Practitioner.objects.all(), viewer=officer).order_by(*PRACTITIONER_ORDERING)
    row = next(iter(rows[DEEP_ROW - 1 : DEEP_ROW]), None) or rows.last()
    if row is None:
        return url
    return url + "?cursor=" + cursor_after(row, model=Practitioner, ordering=PRACTITIONER_ORDERING)


def endpoints(*, officer, sample: int, rng: random.Random) -> list[tuple[str, str, str]]:
    """(name, kind, path) of the main list, detail, dashboard pages and API endpoints, in scope."""
    from shegong.accounts.scoping import scope_queryset
    from shegong.cases.models import Case, Household
    from shegong.cases.selectors import case_queryset, household_queryset
    from shegong.organizations.models import Organization
    from shegong.policy.models import Finding
    from shegong.procurement.models import Project
    from shegong.stations.models import Station
    from shegong.workforce.models import Practitioner

    # Client files add a restriction to the jurisdiction: minors' files only for named officers.
    visible = {
        Household: lambda: household_queryset(viewer=officer),
        Case: lambda: case_queryset(viewer=officer),
    }

    def pks(model, n=sample):
        queryset = (
            visible[model]() if model in visible else scope_queryset(model.objects.all(), viewer=officer)
        )
        ids = list(queryset.order_by().values_list("pk", flat=True)[:5000])
        return rng.sample(ids, min(n, len(ids))) if ids else []

    out = [
        ("home", "dashboard", reverse("home")),
        ("reports:dashboard", "dashboard", reverse("reports:dashboard")),
        ("workforce:practitioner-list", "list", reverse("workforce:practitioner-list")),
        ("workforce:practitioner-list?cursor=deep", "list", deep_practitioner_page(officer)),
        ("workforce:practitioner-list?q=", "list", reverse("workforce:practitioner-list") + "?q=wang"),
        ("stations:station-list", "list", reverse("stations:station-list")),
        ("cases:household-list", "list", reverse("cases:household-list")),
        ("cases:caseload", "list", reverse("cases:caseload")),
        ("procurement:project-list", "list", reverse("procurement:project-list")),
        ("organizations:organization-list", "list", reverse("organizations:organization-list")),
        ("policy:finding-list", "list", reverse("policy:finding-list")),
        ("api:practitioner-list", "api", reverse("api:practitioner-list")),
        ("api:household-list", "api", reverse("api:household-list")),
        ("api:station-list", "api", reverse("api:station-list")),
        ("api:case-list", "api", reverse("api:case-list")),
    ]
    details = [
        ("workforce:practitioner-detail", Practitioner),
        ("stations:station-detail", Station),
        ("cases:household-detail", Household),
        ("cases:case-detail", Case),
        ("procurement:project-detail", Project),
        ("organizations:organization-detail", Organization),
        ("policy:finding-detail", Finding),
        ("api:practitioner-detail", Practitioner),
    ]
    for name, model in details:
        kind = "api" if name.startswith("api:") else "detail"
        out += [(name, kind, reverse(name, args=[pk])) for pk in pks(model)]
    return out


def _summary(samples: list[float]) -> dict:
    ordered = sorted(samples)

    def pct(p):
        return round(ordered[min(len(ordered) - 1, max(0, round(p * len(ordered) + 0.5) - 1))] * 1000, 1)

    return {
        "n": len(ordered),
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "max_ms": round(ordered[-1] * 1000, 1),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 1),
    }


def _group(results: list[tuple[str, str, float, int]]) -> dict:
    by_name: dict[str, list[float]] = defaultdict(list)
    kinds, statuses = {}, defaultdict(Counter)
    for name, kind, seconds, status in results:
        by_name[name].append(seconds)
        kinds[name] = kind
        statuses[name][status] += 1
    return {
        name: {"kind": kinds[name], **_summary(samples), "status": dict(statuses[name])}
        for name, samples in sorted(by_name.items())
    }


def measure_in_process(*, officer, urls, repeat: int) -> dict:
    """Latency through Django's test client, one request at a time, as the officer."""
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    client.force_login(officer)
    lists = [u for u in urls if u[1] != "detail" and "detail" not in u[0]]
    details = [u for u in urls if u not in lists]
    for _name, _kind, path in urls[:5]:  # warm up (templates, translations, connections)
        client.get(path)
    results = []
    for name, kind, path in lists * repeat + details:
        started = time.perf_counter()
        response = client.get(path)
        results.append((name, kind, time.perf_counter() - started, response.status_code))
    return _group(results)


def session_cookie(officer) -> str:
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    client.force_login(officer)
    from django.conf import settings

    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def measure_server(*, officer, urls, repeat: int, root: str, concurrency: int = 8) -> dict:
    """Latency through a real WSGI server (gunicorn, a process per core), ``concurrency`` clients at once."""
    from .serving import start_server, stop_server

    cookie = session_cookie(officer)
    served = start_server(concurrency=concurrency, bench_root=root, get=http_status)
    port = served.port
    try:
        lists = [u for u in urls if "detail" not in u[0]]
        details = [u for u in urls if "detail" in u[0]]
        work = lists * repeat + details
        random.Random(0).shuffle(work)
        for _name, _kind, path in urls[: 2 * concurrency]:  # warm every worker's connection a little
            http_status(port, path, cookie)

        def one(item):
            name, kind, path = item
            started = time.perf_counter()
            status = http_status(port, path, cookie)
            return name, kind, time.perf_counter() - started, status

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            results = list(pool.map(one, work))
        wall = time.perf_counter() - started
        return {
            "server": served.description,
            "concurrency": concurrency,
            "requests": len(results),
            "wall_seconds": round(wall, 2),
            "requests_per_second": round(len(results) / wall, 1),
            "endpoints": _group(results),
        }
    finally:
        stop_server(served)


def http_status(port: int, path: str, cookie: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


# Excel import and export ------------------------------------------------------------------------


def import_workbook(*, rows: int, division_codes: list[str], employer_uscc: str, seed: int) -> bytes:
    """A practitioner import workbook of ``rows`` valid rows (columns as the import template)."""
    from openpyxl import Workbook
    from stdnum.cn import ric

    from shegong.workforce.spreadsheets import COLUMNS

    rng = random.Random(seed)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([str(header) for _key, header in COLUMNS])
    used = set()
    n = 0
    while n < rows:
        year = rng.randint(1970, 2000)
        body = f"110101{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
        if body in used:
            continue
        used.add(body)
        number = body + ric.calc_check_digit(body + "0")
        values = {
            "name": "测试" + "甲乙丙丁戊己庚辛壬癸"[n % 10] + "一二三四五六七八九十"[n // 10 % 10],
            "id_number": number,
            "division": division_codes[n % len(division_codes)],
            "employer": employer_uscc,
            "phone": f"139{n:08d}",
            "education_level": "bachelor",
            "major": "社会工作",
            "major_is_social_work": "是",
            "community_worker": "否",
            "post": "社会工作者",
            "is_professional_post": "是",
            "starts_on": "2024-03-01",
        }
        sheet.append([values.get(key, "") for key, _header in COLUMNS])
        n += 1
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def measure_import(*, officer, content: bytes, rows: int) -> dict:
    """Time the workforce import service on ``rows`` rows; the transaction is rolled back."""
    from shegong.workforce.spreadsheets import practitioners_import

    with RssSampler() as memory, transaction.atomic():
        started = time.perf_counter()
        result = practitioners_import(actor=officer, content=content)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return {
        "rows": rows,
        "created": len(result.created),
        "errors": [str(e) for e in result.errors[:5]],
        "seconds": round(seconds, 2),
        "rows_per_second": round(len(result.created) / seconds) if seconds else None,
        "peak_rss_mib": memory.peak_mib,
    }


def measure_export(*, officer) -> dict:
    """Time the practitioner export view over the officer's whole list, with its peak memory."""
    from shegong.accounts.scoping import scope_queryset
    from shegong.workforce.models import Practitioner

    rows = scope_queryset(Practitioner.objects.all(), viewer=officer).count()
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    client.force_login(officer)
    with RssSampler() as memory:
        started = time.perf_counter()
        response = client.get(reverse("workforce:practitioner-export"))
        content = b"".join(response.streaming_content) if response.streaming else response.content
        seconds = time.perf_counter() - started
    return {
        "status": response.status_code,
        "rows": rows,
        "bytes": len(content),
        "seconds": round(seconds, 2),
        "rows_per_second": round(rows / seconds) if seconds else None,
        "peak_rss_mib": memory.peak_mib,
        "rss_growth_mib": memory.growth_mib,
    }
