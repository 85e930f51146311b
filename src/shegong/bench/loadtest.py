"""A bounded load test on loopback (issue 12, reliability): simulated users sign in and browse.

Each simulated user is one thread with its own cookie jar. A signed-in user (officer, organisation
or social worker, from the demo accounts) signs in once — GET the login page for the CSRF token, POST
the form — then until the deadline: the home page, a list page found in its navigation, one or two
details found by following links from that list, now and then the dashboard and one API call. Some
users are anonymous visitors of the public portal. Every request has a timeout and the whole run a
global deadline: the load test always ends by itself. Nothing here asserts a time.
"""

from __future__ import annotations

import html
import http.cookiejar
import ipaddress
import random
import re
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field

DEMO_PASSWORD = "Shegong@2026"  # shegong.demo.loaders.DEMO_PASSWORD (dev only)

# The roles a simulated user plays, in the order users are dealt out (one in seven is anonymous).
ROLE_CYCLE = ("officer", "organisation", "worker", "public", "officer", "organisation", "worker")
KINDS = ("login", "home", "list", "detail", "dashboard", "api", "portal")

LOGIN_PATH = "/accounts/login/"
DASHBOARD_PATH = "/reports/"
PORTAL_PATH = "/portal/"
API_PATHS = ("/api/v1/auth/me/",)
OFFICER_API_PATHS = ("/api/v1/auth/me/", "/api/v1/practitioners/", "/api/v1/stations/")

HREF_RE = re.compile(r'href="([^"#]+)"')
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Links a browsing user does not follow: they write, download, or leave the pages under test.
SKIP_RE = re.compile(
    r"^/(static|media|i18n|jsi18n|admin|api)/|/(export|import|new|edit|delete|close|steps|setup|verify|"
    r"logout|password|language|track|template)/|^/accounts/login/|\?"
)
DETAIL_RE = re.compile(r"^\d+/$")


class LoopbackOnly(ValueError):
    """The load test sends traffic only to this machine."""


def check_loopback(base_url: str) -> str:
    """Return ``base_url`` without a trailing slash; refuse any host that is not loopback."""
    parts = urllib.parse.urlsplit(base_url)
    host = parts.hostname or ""
    if parts.scheme not in {"http", "https"} or not host:
        raise LoopbackOnly(base_url)
    if host != "localhost":
        try:
            if not ipaddress.ip_address(host).is_loopback:
                raise LoopbackOnly(base_url)
        except ValueError:
            raise LoopbackOnly(base_url) from None
    return base_url.rstrip("/")


def demo_accounts() -> dict[str, list[str]]:
    """Usernames of the demo accounts by simulated role (shegong.demo.foundation.USERS)."""
    from shegong.accounts.models import Role
    from shegong.demo.foundation import USERS

    groups = {
        "officer": {Role.CITY_OFFICER, Role.DISTRICT_OFFICER, Role.TOWN_OFFICER},
        "organisation": {Role.ORG_ADMIN},
        "worker": {Role.SOCIAL_WORKER, Role.SUPERVISOR},
    }
    return {group: [u.username for u in USERS if u.role in roles] for group, roles in groups.items()}


def plan_users(n: int, accounts: dict[str, list[str]]) -> list[tuple[str, str | None]]:
    """(role, username) of ``n`` users: roles dealt in ``ROLE_CYCLE`` order, accounts round robin."""
    used: Counter = Counter()
    out = []
    for i in range(n):
        role = ROLE_CYCLE[i % len(ROLE_CYCLE)]
        if role == "public":
            out.append((role, None))
            continue
        names = accounts[role]
        out.append((role, names[used[role] % len(names)]))
        used[role] += 1
    return out


@dataclass
class Sample:
    role: str
    kind: str
    method: str
    path: str
    status: int | None
    seconds: float
    error: str | None = None


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Count each response on its own: redirects are answered, not followed."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


@dataclass
class Run:
    """What the users share: the server, the deadline, the samples and the stop signal."""

    base_url: str
    deadline: float
    timeout: float
    think: float
    stop: threading.Event = field(default_factory=threading.Event)
    samples: list[Sample] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def over(self) -> bool:
        return self.stop.is_set() or time.monotonic() >= self.deadline

    def record(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)


class SimulatedUser:
    """One user with its own cookie jar, browsing until the deadline."""

    def __init__(self, run: Run, *, role: str, username: str | None, seed: int):
        self.run, self.role, self.username = run, role, username
        self.rng = random.Random(seed)
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)
        self.signed_in = False

    # One request --------------------------------------------------------------------------------

    def request(
        self, kind: str, path: str, *, data: dict | None = None, expect=(200,), failure: str = ""
    ) -> str | None:
        """Send one request; record it; return the body when the status was expected."""
        method = "POST" if data is not None else "GET"
        url = self.run.base_url + path
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(url, data=body, method=method, headers={"Accept-Language": "zh-hans"})
        if data is not None:
            req.add_header("Referer", url)
        started = time.perf_counter()
        status, text, error = None, "", None
        try:
            with self.opener.open(req, timeout=self.run.timeout) as response:
                status = response.status
                text = response.read().decode("utf-8", errors="replace")
        except urllib.error.HTTPError as exc:
            status = exc.code
            text = exc.read().decode("utf-8", errors="replace")
            exc.close()
        except (OSError, urllib.error.URLError) as exc:  # refused, reset, timed out
            error = f"{type(exc).__name__}: {exc}"
        seconds = time.perf_counter() - started
        if error is None and status not in expect:
            error = f"{failure}HTTP {status}"
            if status in (301, 302, 303) and self.signed_in:
                error += " (signed out?)"
        self.run.record(Sample(self.role, kind, method, path, status, seconds, error))
        return None if error else text

    def pause(self) -> None:
        """Think time (0 to twice ``think`` seconds), cut short by the deadline."""
        wait = self.rng.uniform(0, 2 * self.run.think)
        self.run.stop.wait(max(0.0, min(wait, self.run.deadline - time.monotonic())))

    # Behaviour ----------------------------------------------------------------------------------

    def sign_in(self) -> bool:
        """Sign in once (never again: repeated failures would lock the account)."""
        page = self.request("login", LOGIN_PATH)
        token = CSRF_RE.search(page or "")
        if token is None:
            return False
        answer = self.request(
            "login",
            LOGIN_PATH,
            data={
                "csrfmiddlewaretoken": html.unescape(token.group(1)),
                "username": self.username,
                "password": DEMO_PASSWORD,
            },
            expect=(302,),
            failure=f"sign-in as {self.username} refused: ",
        )
        self.signed_in = answer is not None
        return self.signed_in

    def links(self, page: str | None, *, under: str | None = None) -> list[str]:
        """Paths linked from ``page`` a browsing user may follow (details of ``under`` if given)."""
        found = []
        for raw in HREF_RE.findall(page or ""):
            path = html.unescape(raw)
            if not path.startswith("/") or path.startswith("//") or SKIP_RE.search(path):
                continue
            if under is not None:
                if path.startswith(under) and DETAIL_RE.match(path[len(under) :]):
                    found.append(path)
            elif path not in found:
                found.append(path)
        return found

    def browse(self, start: str, kind_of_start: str) -> None:
        """Open ``start``, then until the deadline: a list from its links, details, now and then more."""
        front = self.request(kind_of_start, start)
        lists = [p for p in self.links(front) if p not in {"/", start, DASHBOARD_PATH, PORTAL_PATH}]
        if kind_of_start == "portal":  # the public stays on public pages
            lists = [p for p in lists if p.startswith(PORTAL_PATH) or "/public/" in p]
        dashboard = DASHBOARD_PATH in self.links(front)
        apis = OFFICER_API_PATHS if self.role == "officer" else API_PATHS
        rounds = 0
        while not self.run.over():
            rounds += 1
            if lists:
                path = self.rng.choice(lists)
                page = self.request(kind_of_start if kind_of_start == "portal" else "list", path)
                self.pause()
                details = self.links(page, under=path)
                for detail in self.rng.sample(details, min(2, len(details))):
                    if self.run.over():
                        return
                    self.request("portal" if kind_of_start == "portal" else "detail", detail)
                    self.pause()
            if self.run.over():
                return
            if rounds % 3 == 1:
                self.request(kind_of_start, start)
            elif self.signed_in and rounds % 3 == 2:
                self.request("api", self.rng.choice(apis))
            elif dashboard:
                self.request("dashboard", DASHBOARD_PATH)
            self.pause()

    def __call__(self, start_at: float) -> None:
        self.run.stop.wait(max(0.0, min(start_at, self.run.deadline) - time.monotonic()))
        if self.run.over():
            return
        if self.role == "public":
            self.browse(PORTAL_PATH, "portal")
        elif self.sign_in():
            self.browse("/", "home")


def run_load(
    base_url: str,
    *,
    users: int,
    seconds: float,
    timeout: float = 30.0,
    think: float = 0.5,
    ramp: float | None = None,
    seed: int = 1,
    accounts: dict[str, list[str]] | None = None,
) -> dict:
    """Run ``users`` simulated users against ``base_url`` for ``seconds``; return the figures.

    Sign-ins are spread over the first ``ramp`` seconds (default: a quarter of the run, at most 10 s),
    so the server is not asked for fifty password hashes at once. Every thread is joined by the
    deadline plus one request timeout; one that is still running then is reported as an error.
    """
    base_url = check_loopback(base_url)
    plan = plan_users(users, accounts or demo_accounts())
    ramp = min(10.0, seconds / 4) if ramp is None else ramp
    started = time.monotonic()
    run = Run(base_url=base_url, deadline=started + seconds, timeout=timeout, think=think)
    threads = []
    for i, (role, username) in enumerate(plan):
        user = SimulatedUser(run, role=role, username=username, seed=seed * 1000 + i)
        thread = threading.Thread(
            target=user, args=(started + ramp * i / max(1, users),), name=f"loadtest-{i}", daemon=True
        )
        thread.start()
        threads.append(thread)
    try:
        for thread in threads:
            thread.join(max(0.0, run.deadline + timeout + 5 - time.monotonic()))
    finally:
        run.stop.set()
    wall = time.monotonic() - started
    stuck = [t.name for t in threads if t.is_alive()]
    with run.lock:
        samples = list(run.samples)
    for name in stuck:
        samples.append(Sample("-", "-", "-", name, None, 0.0, "thread still running after the deadline"))
    return summarise(samples, plan=plan, wall=wall, seconds=seconds, base_url=base_url)


def _percentiles(values: list[float]) -> dict:
    ordered = sorted(values)

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, max(0, round(p * len(ordered) + 0.5) - 1))] * 1000, 1)

    return {
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "max_ms": round(ordered[-1] * 1000, 1),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 1),
    }


def summarise(samples: list[Sample], *, plan, wall: float, seconds: float, base_url: str) -> dict:
    """Counts, errors and latency per page kind and per role."""
    by_kind: dict[str, list[Sample]] = defaultdict(list)
    by_role: dict[str, list[Sample]] = defaultdict(list)
    for s in samples:
        by_kind[s.kind].append(s)
        by_role[s.role].append(s)
    duration = max(wall, 0.001)

    def figures(group: list[Sample]) -> dict:
        return {
            "requests": len(group),
            "errors": sum(1 for s in group if s.error),
            **_percentiles([s.seconds for s in group]),
            "requests_per_second": round(len(group) / duration, 2),
            "status": dict(sorted(Counter(str(s.status) for s in group).items())),
        }

    errors = [s for s in samples if s.error]
    timed = [s.seconds for s in samples if s.status is not None]
    return {
        "base_url": base_url,
        "users": len(plan),
        "users_by_role": dict(Counter(role for role, _ in plan)),
        "accounts": sorted({u for _, u in plan if u}),
        "seconds": seconds,
        "wall_seconds": round(wall, 2),
        "requests": len(samples),
        "errors": len(errors),
        "requests_per_second": round(len(samples) / duration, 2),
        "latency": _percentiles(timed) if timed else None,
        "kinds": {kind: figures(by_kind[kind]) for kind in KINDS if by_kind.get(kind)},
        "roles": {role: figures(group) for role, group in sorted(by_role.items())},
        "role_kinds": {
            role: dict(sorted(Counter(s.kind for s in group).items()))
            for role, group in sorted(by_role.items())
        },
        "pages": dict(Counter(s.path for s in samples).most_common(40)),
        "first_errors": [
            {
                "role": s.role,
                "kind": s.kind,
                "method": s.method,
                "path": s.path,
                "status": s.status,
                "error": s.error,
            }
            for s in errors[:20]
        ],
        "error_paths": dict(Counter(f"{s.method} {s.path} {s.error}" for s in errors).most_common(20)),
    }


def render_table(r: dict) -> str:
    """The figures as a plain-text table."""
    lat = r["latency"] or {}
    lines = [
        "",
        f"负载测试 load test: {r['users']} users {r['users_by_role']} for {r['seconds']} s "
        f"(wall {r['wall_seconds']} s) against {r['base_url']}",
        f"  requests {r['requests']}, errors {r['errors']}, {r['requests_per_second']} req/s, "
        f"p50 {lat.get('p50_ms')} ms, p95 {lat.get('p95_ms')} ms, max {lat.get('max_ms')} ms",
        f"  {'kind':12} {'n':>6} {'errors':>6} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} status",
    ]
    for title, group in (("kind", r["kinds"]), ("role", r["roles"])):
        if title == "role":
            lines.append(f"  {'role':12}")
        for name, f in group.items():
            lines.append(
                f"  {name:12} {f['requests']:>6} {f['errors']:>6} {f['requests_per_second']:>7} "
                f"{f['p50_ms']:>8} {f['p95_ms']:>8} {f['max_ms']:>8} {f['status']}"
            )
    for key, n in r["error_paths"].items():
        lines.append(f"  ERROR ×{n}: {key}")
    return "\n".join(lines) + "\n"
