"""``shegong loadtest`` (issue 12, reliability): a short run on a live test server; no timed assertions."""

from __future__ import annotations

import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management import CommandError, call_command
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread

from shegong.accounts.models import User
from shegong.bench.loadtest import ROLE_CYCLE, LoopbackOnly, check_loopback, demo_accounts, plan_users
from shegong.demo.foundation import required_division_codes
from shegong.geo.models import ancestor_codes
from shegong.geo.tests.factories import make_tree


class SerialWSGIServer(ThreadedWSGIServer):
    """One request at a time: the threads of an in-memory SQLite test database share one connection."""

    def process_request(self, request, client_address):
        self.process_request_thread(request, client_address)


class SerialLiveServerThread(LiveServerThread):
    server_class = SerialWSGIServer


@pytest.fixture
def live_url(transactional_db):
    """A live server on the test database (serial on in-memory SQLite, threaded on PostgreSQL)."""
    override = {c.alias: c for c in connections.all() if c.vendor == "sqlite" and c.is_in_memory_db()}
    for conn in override.values():
        conn.inc_thread_sharing()
    thread_class = SerialLiveServerThread if override else LiveServerThread
    thread = thread_class("localhost", StaticFilesHandler, connections_override=override, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    try:
        if thread.error:
            raise thread.error
        yield f"http://localhost:{thread.port}"
    finally:
        thread.terminate()
        for conn in override.values():
            conn.dec_thread_sharing()


def load_demo():
    codes = set(required_division_codes())
    codes |= {a for code in codes for a in ancestor_codes(code)}
    make_tree({code: f"区划{code}" for code in codes})
    call_command("demo", verbosity=0)


@pytest.fixture
def demo_server(live_url, settings):
    """The live server with the demo data set, demo passwords allowed (as with SHEGONG_ENV=dev)."""
    load_demo()
    settings.DEMO_PASSWORDS_ALLOWED = True
    return live_url


def run(tmp_path, base_url, *extra) -> dict:
    call_command("loadtest", "--base-url", base_url, "--output", str(tmp_path), *extra, stdout=io.StringIO())
    (path,) = tmp_path.glob("*-loadtest-*.json")
    return json.loads(path.read_text(encoding="utf-8"))


def test_four_users_browse_every_role_without_errors(demo_server, tmp_path):
    results = run(tmp_path, demo_server, "--users", "4", "--seconds", "3", "--think", "0.05")

    assert results["errors"] == 0, results["first_errors"]
    assert results["users_by_role"] == {"officer": 1, "organisation": 1, "worker": 1, "public": 1}
    kinds = results["role_kinds"]
    for role in ("officer", "organisation", "worker"):
        # Signed in once (GET the form, POST it), then its home page and lists from its navigation.
        assert kinds[role]["login"] == 2
        assert kinds[role]["home"] >= 1
        assert kinds[role]["list"] >= 1
    assert kinds["public"]["portal"] >= 2
    assert "login" not in kinds["public"]
    assert results["kinds"]["api"]["requests"] >= 1
    assert results["kinds"]["detail"]["requests"] >= 1  # found by following links from the lists
    assert results["latency"]["p95_ms"] >= results["latency"]["p50_ms"] > 0
    assert results["database"]["vendor"] in {"sqlite", "postgresql"}
    # Each account signed in once and is not locked.
    assert not User.objects.filter(username__in=results["accounts"], is_active=False).exists()


def test_a_refused_sign_in_is_an_error_and_fails_the_command(live_url, tmp_path, settings):
    """Demo passwords refused (not dev): the user stops after one try and the command says why."""
    load_demo()
    settings.DEMO_PASSWORDS_ALLOWED = False

    with pytest.raises(CommandError) as excinfo:
        run(tmp_path, live_url, "--users", "1", "--seconds", "2")

    message = str(excinfo.value)
    assert message.startswith("负载测试出现 1 个错误（共 2 个请求）")
    assert "POST /accounts/login/（officer）：sign-in as sz_city refused: HTTP 200" in message
    (path,) = tmp_path.glob("*-loadtest-*.json")
    assert json.loads(path.read_text(encoding="utf-8"))["errors"] == 1


class Failing(BaseHTTPRequestHandler):
    """A portal that answers 500 on every page but its front page."""

    def do_GET(self):  # noqa: N802 - the stdlib's name
        body = b'<a href="/portal/jobs/">jobs</a>' if self.path == "/portal/" else b"boom"
        self.send_response(200 if self.path == "/portal/" else 500)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002
        pass


def test_server_errors_are_counted_per_page(tmp_path, db):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Failing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        # Users 1-3 sign in (refused here: no login form), user 4 is an anonymous portal visitor.
        with pytest.raises(CommandError, match="GET /portal/jobs/（public）：HTTP 500"):
            run(tmp_path, f"http://127.0.0.1:{server.server_port}", "--users", "4", "--seconds", "1")
    finally:
        server.shutdown()
        server.server_close()
    (path,) = tmp_path.glob("*-loadtest-*.json")
    results = json.loads(path.read_text(encoding="utf-8"))
    assert results["error_paths"]["GET /portal/jobs/ HTTP 500"] >= 1
    assert results["kinds"]["portal"]["status"]["500"] >= 1


@pytest.mark.parametrize("url", ["http://10.0.0.1:8000", "http://example.org", "ftp://127.0.0.1/"])
def test_only_loopback_is_a_target(url, tmp_path, db):
    with pytest.raises(CommandError, match="负载测试只能发往本机回环地址"):
        run(tmp_path, url, "--users", "1", "--seconds", "1")
    assert not list(tmp_path.iterdir())  # nothing sent, nothing written
    with pytest.raises(LoopbackOnly):
        check_loopback(url)
    assert check_loopback("http://[::1]:8000/") == "http://[::1]:8000"


def test_users_are_spread_over_roles_and_accounts():
    plan = plan_users(50, demo_accounts())
    roles = [role for role, _ in plan]
    assert roles[: len(ROLE_CYCLE)] == list(ROLE_CYCLE)
    assert roles.count("public") == 7 and roles.count("officer") == 15
    # Accounts dealt round robin: fifteen officers over the demo's officer accounts.
    officers = [u for role, u in plan if role == "officer"]
    assert len(set(officers)) == len(demo_accounts()["officer"])
    assert all(u is None for role, u in plan if role == "public")


def test_bad_arguments_are_refused_in_chinese(db):
    with pytest.raises(CommandError, match="--users 必须在 1 到 500 之间"):
        call_command("loadtest", "--serve", "--users", "0")
    with pytest.raises(CommandError, match="请指定 --base-url"):
        call_command("loadtest")
