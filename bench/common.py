"""What the benchmarks share: temporary databases, free ports, a gunicorn under control, peak memory, tables.

Only 127.0.0.1 is ever contacted. Every context manager here removes what it
made (processes, database files, PostgreSQL databases) in `finally`, also when
the benchmark fails or is interrupted.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
HOST = "127.0.0.1"
PG_ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


class Unavailable(RuntimeError):
    """Something a benchmark needs (wrk, PostgreSQL) is not there; the report says so instead of a figure."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def peak_rss_mib(pid: int) -> float | None:
    """The process's peak resident set (VmHWM) in MiB, or None once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None


def children(pid: int) -> list[int]:
    """Direct child processes of `pid` (gunicorn's workers, for the master)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:  # field 4, after the "(comm)" that may hold spaces
            found.append(int(entry.name))
    return found


def migrate(url: str) -> None:
    """Bring the database at `url` to the current schema (bot.db.upgrade) and close the connection."""
    from bot.db import database, open_database, upgrade

    open_database(url)
    upgrade()
    if not database.is_closed():
        database.close()


@contextlib.contextmanager
def sqlite_database(workdir: Path, name: str = "bench") -> Iterator[str]:
    """A fresh, migrated SQLite file under `workdir`; the file and its WAL are deleted afterwards."""
    path = workdir / f"{name}-{uuid.uuid4().hex[:8]}.sqlite3"
    url = f"sqlite:///{path}"
    try:
        migrate(url)
        yield url
    finally:
        close_database()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


@contextlib.contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh, migrated PostgreSQL database on 127.0.0.1, dropped (WITH FORCE) afterwards.

    Raises Unavailable when no server answers at BENCH_POSTGRES_URL.
    """
    import psycopg2

    if urlsplit(PG_ADMIN_URL).hostname not in ("127.0.0.1", "localhost"):
        raise Unavailable("BENCH_POSTGRES_URL must point at 127.0.0.1")
    name = f"bench_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    try:
        admin = psycopg2.connect(PG_ADMIN_URL, connect_timeout=3)
    except psycopg2.OperationalError as error:
        raise Unavailable(f"no PostgreSQL at {PG_ADMIN_URL}: {str(error).strip()}") from None
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {name}")
        url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
        migrate(url)
        yield url
    finally:
        close_database()
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


def close_database() -> None:
    from bot.db import database

    if database.obj is not None and not database.is_closed():
        database.close()


def wait_for_http(port: int, deadline: float, alive=lambda: True) -> None:
    """Poll until something on 127.0.0.1:`port` answers HTTP (any status); TimeoutError at `deadline` or once
    `alive()` is false."""
    while True:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/__bench_ping__")
            connection.getresponse().read()
            connection.close()
            return
        except OSError:
            if time.monotonic() > deadline or not alive():
                raise TimeoutError(f"nothing answered on {HOST}:{port}") from None
            time.sleep(0.05)


@contextlib.contextmanager
def gunicorn(app: str, options: Sequence[str], env: dict[str, str], log_path: Path) -> Iterator[Server]:
    """Run `gunicorn app options` on a free port of 127.0.0.1 until the block ends; stop it in `finally`."""
    port = free_port()
    # No control socket: its default path is shared by every gunicorn of the user, the bot's and the bare app's.
    command = [GUNICORN, app, "--bind", f"{HOST}:{port}", "--no-control-socket", *options]
    with open(log_path, "ab") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    server = Server(process, port)
    try:
        try:
            wait_for_http(port, time.monotonic() + 30, alive=lambda: process.poll() is None)
        except TimeoutError:
            tail = " / ".join(log_path.read_text(errors="replace").strip().splitlines()[-3:])
            raise RuntimeError(f"gunicorn {app} did not start: {tail}") from None
        yield server
    finally:
        server.stop()


class Server:
    """A running gunicorn master: its port, its workers, their peak memory."""

    def __init__(self, process: subprocess.Popen, port: int):
        self.process, self.port = process, port

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def workers_peak_rss_mib(self) -> float | None:
        """The largest VmHWM among the workers (read before stopping them)."""
        peaks = [p for p in (peak_rss_mib(pid) for pid in children(self.process.pid)) if p is not None]
        return max(peaks) if peaks else None

    def stop(self) -> None:
        """SIGTERM (graceful), then SIGKILL to the server's own process group after 15 s."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)


def clean_env(**values: str) -> dict[str, str]:
    """The current environment without any Breathing Room setting, plus `values`.

    Variables set to "" count as unset for bot.config and stop `.env` from
    filling them in, so a developer's .env never leaks into a benchmark.
    """
    names = ("DATABASE_URL", "SECRET_KEY", "PUBLIC_URL", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN",
             "TWILIO_FROM_NUMBER", "TWILIO_MESSAGING_SERVICE_SID", "TRANSPORT", "QUIET_HOURS", "DAILY_SCHEDULED_CAP",
             "DISPATCH_BATCH", "LOG_LEVEL")
    env = {k: v for k, v in os.environ.items() if k not in names}
    env.update(dict.fromkeys(names, ""))
    env.update(values)
    env["PYTHONPATH"] = str(ROOT)
    return env


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A markdown table."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "MISS")


def mib(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f} MiB"


def profile(function) -> tuple[str, int]:
    """Run `function()` under cProfile: (where the time went, by layer, as text; SQL statements executed)."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(function)
    layers: dict[str, float] = {}
    statements = 0
    for (filename, _, name), entry in pstats.Stats(profiler).stats.items():
        layer = _layer(filename, name)
        layers[layer] = layers.get(layer, 0.0) + entry[2]
        if layer == "driver" and name.startswith("<method 'execute"):
            statements += entry[1]
    total = sum(layers.values()) or 1.0
    ranked = sorted(layers.items(), key=lambda item: item[1], reverse=True)
    return ", ".join(f"{LAYERS[layer]} {seconds / total:.0%}" for layer, seconds in ranked if seconds / total >= 0.01), \
        statements


LAYERS = {"peewee": "peewee (building SQL, mapping rows)", "driver": "database driver (executing SQL, commits)",
          "connection": "opening and closing database connections", "bot": "bot/ and messages/ code",
          "sleep": "sleeping (busy or pacing waits)", "other": "other Python (stdlib, Flask, twilio)"}


CONNECTING = ("'close' of 'sqlite3.Connection'", "_sqlite3.connect>", "'close' of 'psycopg2.extensions.connection'",
              "psycopg2._psycopg._connect>")


def _layer(filename: str, name: str) -> str:
    if filename == "~" and any(marker in name for marker in CONNECTING):
        return "connection"
    if "peewee" in filename or "playhouse" in filename:
        return "peewee"
    if filename == "~" and ("sqlite3" in name or "psycopg2" in name):
        return "driver"
    if filename == "~" and "time.sleep" in name:
        return "sleep"
    if "/bot/" in filename or "/messages/" in filename:
        return "bot"
    return "other"


class _Statements:
    """A logging handler counting the SQL statements peewee executes (it logs each at DEBUG on "peewee")."""

    def __init__(self):
        import logging

        self.count, self.handler = 0, logging.Handler(logging.DEBUG)
        self.handler.emit = self._emit

    def _emit(self, record) -> None:
        if isinstance(record.msg, tuple):  # (sql, params): one statement sent to the database
            self.count += 1


@contextlib.contextmanager
def counting_statements() -> Iterator[_Statements]:
    """`with counting_statements() as counter:` counts the statements run inside the block (counter.count).

    Counts what goes through peewee's Database.execute_sql, as the tests' `statements` fixture does;
    BEGIN and COMMIT (issued on the cursor by peewee's transactions) are not counted.
    """
    import logging

    logger, counter = logging.getLogger("peewee"), _Statements()
    level, propagate = logger.level, logger.propagate
    logger.addHandler(counter.handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        yield counter
    finally:
        logger.removeHandler(counter.handler)
        logger.setLevel(level)
        logger.propagate = propagate
