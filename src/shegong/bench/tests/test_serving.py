"""The bench and the load test serve the application through gunicorn, a worker process per core (issue 11)."""

import os
import subprocess

import pytest

from shegong.bench import serving
from shegong.bench.measure import http_status


@pytest.fixture
def file_database(tmp_path, monkeypatch):
    """The server runs in other processes: give them a database file instead of the in-memory test one."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'served.sqlite3'}")
    monkeypatch.setenv("SHEGONG_ENV", "dev")
    monkeypatch.delenv("DJANGO_SETTINGS_MODULE", raising=False)


def _children(pid: int) -> list[str]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return out.stdout.split()


def test_gunicorn_answers_with_a_worker_per_core_and_stops(file_database):
    served = serving.start_server(concurrency=8)
    try:
        assert http_status(served.port, "/healthz", "") == 200
        assert served.workers == (os.cpu_count() or 1)
        assert served.workers * served.threads >= 8
        assert len(_children(served.process.pid)) == served.workers
        assert "gunicorn" in served.description
    finally:
        log = serving.stop_server(served)
    assert served.process.poll() is not None
    assert "Traceback" not in log
    with pytest.raises(OSError):
        http_status(served.port, "/healthz", "")


def test_a_server_that_cannot_start_is_reported_in_chinese(file_database, monkeypatch):
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "shegong.settings.does_not_exist")
    with pytest.raises(serving.ServerFailed, match="测试服务器启动失败"):
        serving.start_server(concurrency=2)
