"""Start and stop the application under gunicorn for the bench and the load test (issue 11, issue 12).

One worker process per core with a few threads each — the production layout of docs/operations.md — on a free
loopback port. Standard error goes to a temporary file (a pipe nobody reads could fill and stall the server);
``stop_server`` returns its tail, the tracebacks of any server error.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


class ServerFailed(RuntimeError):
    """The server did not start or did not answer /healthz in time (message in Chinese)."""


@dataclass
class Served:
    process: subprocess.Popen
    log: object
    port: int
    workers: int
    threads: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def description(self) -> str:
        return f"gunicorn {self.workers} worker processes × {self.threads} threads (gthread)"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_command(*, port: int, workers: int, threads: int) -> list[str]:
    """The gunicorn command line serving ``shegong.bench.server:application`` on 127.0.0.1:``port``."""
    return [
        str(Path(sys.executable).with_name("gunicorn")),
        "shegong.bench.server:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread",
        "--timeout",
        "300",
        "--log-level",
        "warning",
    ]


def start_server(*, concurrency: int = 8, bench_root: str | None = None, get=None) -> Served:
    """Start gunicorn sized for ``concurrency`` clients; return once ``/healthz`` answers 200.

    ``bench_root`` applies the policy documents to that division in every worker (``SHEGONG_BENCH_ROOT``).
    ``get(port, path, cookie) -> status`` is the HTTP probe (``measure.http_status``).
    """
    if get is None:
        from .measure import http_status as get
    workers = os.cpu_count() or 1
    threads = max(1, -(-concurrency // workers))
    port = free_port()
    env = dict(os.environ)
    if bench_root is not None:
        env["SHEGONG_BENCH_ROOT"] = bench_root
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        server_command(port=port, workers=workers, threads=threads),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    served = Served(process=process, log=log, port=port, workers=workers, threads=threads)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise ServerFailed(f"测试服务器启动失败：\n{stop_server(served)}")
            try:
                if get(port, "/healthz", "") == 200:
                    return served
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise ServerFailed(f"测试服务器 60 秒内没有响应 /healthz：\n{stop_server(served)}")
            time.sleep(0.2)
    except BaseException:
        stop_server(served)
        raise


def stop_server(served: Served) -> str:
    """Stop the server (terminate, then kill); return the last 4,000 characters of its standard error."""
    process = served.process
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    log = served.log
    if log.closed:
        return ""
    log.seek(0)
    text = log.read().decode("utf-8", errors="replace")[-4000:]
    log.close()
    return text
