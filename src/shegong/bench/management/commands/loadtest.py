"""``shegong loadtest [--users 50] [--seconds 60] [--base-url URL | --serve]`` (issue 12, reliability).

Simulated users sign in with the demo accounts and browse on loopback until the deadline; the figures
are printed and written to ``bench/results/<date>-loadtest-<db>.json``; any error fails the command.
With ``--serve`` the application is served by gunicorn (``bench.serving``, a process per core) on a free
loopback port against the current database and always stopped at the end. The caller prepares the
database: ``migrate``, ``load_divisions``, ``demo``, with SHEGONG_ENV=dev (demo passwords).
"""

from __future__ import annotations

import datetime
import json
import signal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from shegong.bench import loadtest, measure, serving
from shegong.bench.management.commands.bench import DEFAULT_OUTPUT, commit, machine


class Command(BaseCommand):
    help = "Bounded load test on loopback: simulated demo users sign in and browse; fails on any error."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=50, help="Simulated users at once (default 50).")
        parser.add_argument("--seconds", type=float, default=60, help="Duration in seconds (default 60).")
        where = parser.add_mutually_exclusive_group()
        where.add_argument("--base-url", help="A running server on this machine, e.g. http://127.0.0.1:8000")
        where.add_argument(
            "--serve", action="store_true", help="Start the WSGI server on the current database."
        )
        parser.add_argument("--timeout", type=float, default=30, help="Timeout of each request (s).")
        parser.add_argument("--think", type=float, default=0.5, help="Mean think time between pages (s).")
        parser.add_argument("--ramp", type=float, default=None, help="Spread sign-ins over these seconds.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--output", default=str(DEFAULT_OUTPUT), help="Directory of the JSON results.")

    def handle(self, *args, **options):
        users, seconds = options["users"], options["seconds"]
        if not 1 <= users <= 500:
            raise CommandError("--users 必须在 1 到 500 之间。")
        if not 0 < seconds <= 3600:
            raise CommandError("--seconds 必须大于 0 且不超过 3600 秒。")
        if options["timeout"] <= 0 or options["think"] < 0:
            raise CommandError("--timeout 必须大于 0，--think 不能为负数。")
        if not options["base_url"] and not options["serve"]:
            raise CommandError(
                "请指定 --base-url（本机已运行的服务器）或 --serve（启动项目的 WSGI 服务器）。"
            )
        server = None
        previous = signal.signal(signal.SIGTERM, _interrupt) if _main_thread() else None
        try:
            if options["serve"]:
                try:
                    server = serving.start_server(get=measure.http_status)
                except serving.ServerFailed as failed:
                    raise CommandError(str(failed)) from None
                base_url = server.url
            else:
                base_url = options["base_url"]
            self.stdout.write(f"负载测试：{users} 个模拟用户，{seconds:g} 秒，目标 {base_url} …")
            try:
                results = loadtest.run_load(
                    base_url,
                    users=users,
                    seconds=seconds,
                    timeout=options["timeout"],
                    think=options["think"],
                    ramp=options["ramp"],
                    seed=options["seed"],
                )
            except loadtest.LoopbackOnly:
                raise CommandError(
                    f"负载测试只能发往本机回环地址（127.0.0.1、localhost 或 ::1），不能发往 {base_url}。"
                ) from None
        except KeyboardInterrupt:
            raise CommandError("负载测试被中断，服务器已停止。") from None
        finally:
            server_log = serving.stop_server(server) if server is not None else ""
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)
        results = {**info(server=server.description if server is not None else None), **results}
        if results["errors"] and server_log:
            results["server_log_tail"] = server_log
        path = write_results(results, Path(options["output"]))
        self.stdout.write(loadtest.render_table(results))
        self.stdout.write(f"结果已写入 {path}")
        if results["errors"]:
            first = "\n".join(
                f"  {e['method']} {e['path']}（{e['role']}）：{e['error']}"
                for e in results["first_errors"][:10]
            )
            raise CommandError(
                f"负载测试出现 {results['errors']} 个错误（共 {results['requests']} 个请求）。前几个错误：\n{first}"
            )


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def info(*, server: str | None) -> dict:
    return {
        "loadtest_version": 1,
        "date": timezone.localtime().isoformat(timespec="seconds"),
        "server": server or "given by --base-url",
        "database": {"vendor": connection.vendor},
        "machine": machine(),
        "commit": commit(),
    }


def write_results(results: dict, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    day = datetime.date.fromisoformat(results["date"][:10])
    path = directory / f"{day:%Y-%m-%d}-loadtest-{results['database']['vendor']}.json"
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8")
    return path
