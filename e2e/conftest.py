"""Browser-test fixtures: a real server in a subprocess and Debian's Chromium driven by Playwright.

The server gets its own temporary SQLite database, migrated, with the divisions of the four policy
cities and the demo data loaded, even when the rest of the suite runs on PostgreSQL. Playwright
never downloads a browser: it launches /usr/bin/chromium.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

E2E_DIR = Path(__file__).resolve().parent
REPO_DIR = E2E_DIR.parent
SCREENSHOT_DIR = E2E_DIR / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SERVER_START_TIMEOUT = 60  # seconds
PREPARE_STEPS = (["migrate", "--noinput"], ["load_divisions"], ["demo"])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_environment(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    env.update(
        {
            "SHEGONG_ENV": "dev",
            "DJANGO_SETTINGS_MODULE": "server_settings",
            "PYTHONPATH": os.pathsep.join([str(E2E_DIR), str(REPO_DIR / "src")]),
            "DATABASE_URL": f"sqlite:///{tmp / 'e2e.sqlite3'}",
            "SHEGONG_VAR_DIR": str(tmp),
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def shegong(*args: str) -> list[str]:
    return [sys.executable, "-m", "shegong.cli", *args]


def wait_until_serving(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"The server stopped with exit code {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    pytest.fail(f"The server did not answer within {SERVER_START_TIMEOUT} s:\n{log.read_text()}")


@pytest.fixture(scope="session")
def server_url(tmp_path_factory) -> Iterator[str]:
    """Start the app on a free port of 127.0.0.1 and return its base URL; stop it at the end."""
    tmp = tmp_path_factory.mktemp("e2e-server")
    env = server_environment(tmp)
    for step in PREPARE_STEPS:
        result = subprocess.run(
            shegong(*step), env=env, cwd=REPO_DIR, capture_output=True, text=True, timeout=600
        )
        if result.returncode != 0:
            pytest.fail(f"shegong {' '.join(step)} failed:\n{result.stdout}\n{result.stderr}")
    port = free_port()
    log = tmp / "server.log"
    with open(log, "w") as log_file:
        process = subprocess.Popen(
            shegong("runserver", f"127.0.0.1:{port}", "--noreload"),
            env=env,
            cwd=REPO_DIR,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server_url) -> Iterator:
    """A fresh browser context (no cookies) at desktop size, with the server as base URL."""
    context = browser.new_context(
        base_url=server_url, viewport={"width": 1280, "height": 900}, locale="zh-CN"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.csp_violations = []
    page.on(
        "console",
        lambda message: (
            page.csp_violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot to e2e/screenshots/<name>.png for a person to look at."""
    SCREENSHOT_DIR.mkdir(exist_ok=True)

    def take(name: str) -> Path:
        path = SCREENSHOT_DIR / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
