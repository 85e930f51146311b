"""A real Celery worker with a real Redis runs a scan and an export (issue 11).

Skipped only when ``redis-server`` is not installed and ``CI`` is not set: in CI it must run (the CI
installs Debian's ``redis-server``). The worker and a driver process share the test database: on
PostgreSQL the test database itself, on SQLite a file copied from the in-memory test database.
"""

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time

import pytest
from django.db import connection

from shegong.bench.serving import free_port
from shegong.organizations.tests.factories import OrganizationFactory

REDIS = shutil.which("redis-server")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        REDIS is None and not os.environ.get("CI"),
        reason="redis-server is not installed (apt-get install redis-server); required in CI",
    ),
]


def _wait_for_port(port: int, process: subprocess.Popen, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"redis-server exited with {process.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError("redis-server did not start")


def _database_url(tmp_path) -> str:
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        return (
            f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:{settings['PORT']}"
            f"/{settings['NAME']}"
        )
    # SQLite in memory lives in this process only: copy it (schema and the committed rows) to a file.
    path = tmp_path / "jobs.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    return f"sqlite:///{path}"


@pytest.fixture
def redis_url():
    assert REDIS, "redis-server must be installed in CI (Debian package redis-server)"
    port = free_port()
    process = subprocess.Popen(
        [REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_port(port, process)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def worker_env(tmp_path, redis_url, jinan_officer):
    OrganizationFactory(name="历下区阳光社工服务中心", division=jinan_officer.division.children.first())
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "shegong.settings.test",
        "DATABASE_URL": _database_url(tmp_path),
        "CELERY_BROKER_URL": redis_url,
        "SHEGONG_JOB_RUNNER": "celery",
        "SHEGONG_VAR_DIR": str(tmp_path),
    }


def test_a_celery_worker_runs_a_scan_and_an_export(worker_env, jinan_officer, tmp_path):
    log = open(tmp_path / "worker.log", "w+")
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "shegong.celery",
            "worker",
            "--pool",
            "solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel",
            "INFO",
        ],
        env=worker_env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        driver = subprocess.run(
            [sys.executable, "-m", "shegong.reports.tests.celery_driver", jinan_officer.username],
            env=worker_env,
            capture_output=True,
            text=True,
            timeout=180,
        )
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        log.seek(0)
        worker_log = log.read()
        log.close()
    assert driver.returncode == 0, driver.stderr[-3000:]
    result = json.loads(driver.stdout.strip().splitlines()[-1])

    assert "run_job" in worker_log  # the worker, not the driver, ran the jobs
    assert result["scan"]["state"] == "done", result["scan"]
    assert result["scan"]["message"].startswith("检查完成：发现 ")
    export = result["export"]
    assert (export["state"], export["progress"]) == ("done", 100)
    assert export["rows"][0][0] == "社会组织"
    assert export["rows"][-1][0] == "历下区阳光社工服务中心"
