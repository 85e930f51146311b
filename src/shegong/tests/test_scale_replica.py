"""The read-replica router (issue 11): reads in use_replica() go to a streaming replica, writes never.

The end-to-end test starts its own PostgreSQL primary and a streaming replica of it (initdb,
pg_basebackup -R) in temporary directories, runs a Django process against the pair, and stops both
servers whatever happens.
"""

from __future__ import annotations

import glob
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from shegong.bench.serving import free_port
from shegong.common.db_router import (
    PRIMARY,
    REPLICA,
    ReplicaRouter,
    reading_from_replica,
    use_primary,
    use_replica,
)
from shegong.geo.models import Division

NEEDED = ("initdb", "pg_ctl", "pg_basebackup", "postgres")


@pytest.fixture
def replica_declared(monkeypatch):
    """Declare a replica alias in settings (the router only asks whether one exists)."""
    monkeypatch.setitem(
        settings.DATABASES, REPLICA, {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
    )


# --- The router's decisions (any database) ------------------------------------------------------------


def test_without_a_replica_every_read_and_write_goes_to_default():
    router = ReplicaRouter()
    with use_replica():
        assert reading_from_replica() is False
        assert router.db_for_read(Division) == PRIMARY
        assert router.db_for_write(Division) == PRIMARY


def test_with_a_replica_only_reads_inside_use_replica_go_there(replica_declared):
    router = ReplicaRouter()

    assert router.db_for_read(Division) == PRIMARY
    with use_replica():
        assert router.db_for_read(Division) == REPLICA
        assert router.db_for_write(Division) == PRIMARY
        with use_primary():
            assert router.db_for_read(Division) == PRIMARY
        assert router.db_for_read(Division) == REPLICA
    assert router.db_for_read(Division) == PRIMARY
    assert router.allow_migrate(REPLICA, "geo") is False
    assert router.allow_migrate(PRIMARY, "geo") is None


def test_use_replica_decorates_a_function_and_ends_even_on_error(replica_declared):
    @use_replica()
    def dashboard():
        return ReplicaRouter().db_for_read(Division)

    assert dashboard() == REPLICA
    with pytest.raises(RuntimeError), use_replica():
        raise RuntimeError("boom")
    assert ReplicaRouter().db_for_read(Division) == PRIMARY


def test_a_decorated_function_serves_many_threads_at_once(replica_declared):
    """A threaded server calls one decorated selector from several threads: each call keeps its own state
    (one shared instance made the second thread reset the first's token: a 500 on the dashboard)."""
    import threading

    entered = threading.Barrier(4)

    @use_replica()
    def dashboard():
        entered.wait(timeout=10)  # all four inside at the same time
        return ReplicaRouter().db_for_read(Division)

    answers, errors = [], []

    def call():
        try:
            answers.append(dashboard())
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=call) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert errors == []
    assert answers == [REPLICA] * 4


# --- A real streaming replica (PostgreSQL only) ---------------------------------------------------------


def _binaries() -> Path | None:
    """Return a directory holding initdb, pg_ctl, pg_basebackup and postgres of one version."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name), reverse=True
    )
    found = shutil.which("pg_ctl")
    candidates += [os.path.dirname(os.path.realpath(found))] if found else []
    candidates.append("/usr/local/bin")
    for directory in candidates:
        if all(os.access(os.path.join(directory, name), os.X_OK) for name in NEEDED):
            return Path(directory)
    return None


class _Cluster:
    """Run PostgreSQL tools as the `postgres` OS user when the tests run as root."""

    def __init__(self, bin_dir: Path, base: Path):
        self.bin_dir, self.base = bin_dir, base
        self.prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.started: list[Path] = []

    def run(self, tool: str, *args: str, timeout: int = 120) -> None:
        command = [*self.prefix, str(self.bin_dir / tool), *args]
        done = subprocess.run(
            command, cwd=self.base, capture_output=True, text=True, timeout=timeout, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")

    def start(self, data: Path, port: int, *extra: str) -> None:
        options = " ".join(
            [
                f"-p {port}",
                "-c listen_addresses=127.0.0.1",
                f"-c unix_socket_directories={self.base}",
                "-c fsync=off",
                "-c shared_buffers=16MB",
                *extra,
            ]
        )
        self.started.append(data)
        self.run(
            "pg_ctl", "-D", str(data), "-l", str(self.base / f"{data.name}.log"), "-o", options, "-w", "start"
        )

    def stop_all(self) -> None:
        for data in reversed(self.started):
            if (data / "postmaster.pid").exists():
                try:
                    self.run("pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop", timeout=60)
                except (RuntimeError, subprocess.TimeoutExpired):
                    pass


@pytest.fixture
def primary_and_replica() -> Iterator[tuple[str, str]]:
    """Start a primary and a streaming replica of it; yield their URLs; always stop both."""
    if connection.vendor != "postgresql":
        pytest.skip("streaming replication needs PostgreSQL: run with DATABASE_URL=postgres://…")
    bin_dir = _binaries()
    if bin_dir is None:
        pytest.skip(
            f"PostgreSQL server binaries ({', '.join(NEEDED)}) not found under /usr/lib/postgresql/*/bin"
        )
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no `postgres` OS user to run the servers as")
        if not shutil.which("runuser"):
            pytest.skip("running as root and `runuser` is missing")
    base = Path(tempfile.mkdtemp(prefix="shegong-replica-"))
    if os.geteuid() == 0:
        os.chown(base, owner.pw_uid, owner.pw_gid)
    cluster = _Cluster(bin_dir, base)
    try:
        primary, replica = base / "primary", base / "replica"
        primary_port, replica_port = free_port(), free_port()
        cluster.run(
            "initdb", "-D", str(primary), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale"
        )
        with (primary / "pg_hba.conf").open("a") as hba:
            hba.write("host replication postgres 127.0.0.1/32 trust\n")
        cluster.start(primary, primary_port, "-c wal_level=replica", "-c max_wal_senders=4")
        cluster.run(
            "pg_basebackup", "-h", "127.0.0.1", "-p", str(primary_port), "-U", "postgres",
            "-D", str(replica), "-R", "-X", "stream",
        )  # fmt: skip
        cluster.start(replica, replica_port, "-c hot_standby=on")
        yield (
            f"postgres://postgres@127.0.0.1:{primary_port}/postgres",
            f"postgres://postgres@127.0.0.1:{replica_port}/postgres",
        )
    finally:
        cluster.stop_all()
        shutil.rmtree(base, ignore_errors=True)


# Runs in a fresh Django process whose settings read DATABASE_URL and SHEGONG_REPLICA_URL.
PROBE = r"""
import json, time
import django
django.setup()
from django.db import ProgrammingError, connection, connections
from django.db.models.expressions import RawSQL
from shegong.common.db_router import use_replica
from shegong.geo.models import Division

def served_by_replica(qs):
    return qs.annotate(recovery=RawSQL("pg_is_in_recovery()", [])).values_list("recovery", flat=True).get()

def wait_on_replica(code):
    deadline = time.monotonic() + 30
    with use_replica():
        while True:
            try:
                if Division.objects.filter(code=code).exists():
                    return
            except ProgrammingError:  # the table itself has not been replayed yet
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"replica never received {code}")
            time.sleep(0.1)

with connection.schema_editor() as editor:
    editor.create_model(Division)
Division.objects.create(code="44", name="广东省", level="province", dataset="replica-test")
wait_on_replica("44")
out = {"aliases": sorted(connections.settings)}
out["outside_read_in_recovery"] = served_by_replica(Division.objects.filter(code="44"))
with use_replica():
    out["inside_read_in_recovery"] = served_by_replica(Division.objects.filter(code="44"))
    out["inside_read_name"] = Division.objects.get(code="44").name
    written = Division.objects.create(code="4403", name="深圳市", level="city", dataset="replica-test")
    out["written_to"] = written._state.db
    written.name = "深圳市（改）"
    written.save()
with connection.cursor() as cursor:
    cursor.execute("SELECT name, pg_is_in_recovery() FROM geo_division WHERE code = '4403'")
    out["on_primary"] = list(cursor.fetchone())
wait_on_replica("4403")
with use_replica():
    out["replica_after_write"] = Division.objects.get(code="4403").name
print("RESULT " + json.dumps(out, ensure_ascii=False))
"""


def test_reads_in_use_replica_are_served_by_the_streaming_replica_and_writes_by_the_primary(
    primary_and_replica,
):
    primary_url, replica_url = primary_and_replica
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "shegong.settings.test",
        "DATABASE_URL": primary_url,
        "SHEGONG_REPLICA_URL": replica_url,
    }

    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=180, check=False
    )

    assert done.returncode == 0, done.stderr[-3000:]
    line = next(line for line in done.stdout.splitlines() if line.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    assert result["aliases"] == ["default", "replica"]
    assert result["outside_read_in_recovery"] is False
    assert result["inside_read_in_recovery"] is True
    assert result["inside_read_name"] == "广东省"
    assert result["written_to"] == "default"
    assert result["on_primary"] == ["深圳市（改）", False]
    assert result["replica_after_write"] == "深圳市（改）"
