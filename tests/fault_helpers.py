"""What the fault tests share: child processes that never outlive a test, a live gunicorn, a due backlog.

Plain functions and context managers (no fixtures), imported by the tests/test_faults_*.py modules.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from playhouse.db_url import parse

from bot.db import database
from bot.models import Member, ScheduledMessage
from tests.conftest import AUTH_TOKEN, PUBLIC_URL
from tests.processes import free_port

ROOT = Path(__file__).resolve().parent.parent
SETTING_NAMES = ("DATABASE_URL", "SECRET_KEY", "PUBLIC_URL", "TRANSPORT", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN",
                 "TWILIO_FROM_NUMBER", "TWILIO_MESSAGING_SERVICE_SID", "TWILIO_TIMEOUT", "DISPATCH_INTERVAL",
                 "DISPATCH_BATCH", "LEASE_SECONDS", "MAX_ATTEMPTS", "QUIET_HOURS", "DAILY_SCHEDULED_CAP",
                 "DEFAULT_REGION", "LOG_LEVEL", "URGE_DELAY_MINUTES", "SEND_RATE", "LOOP_LIMIT", "RETENTION_DAYS",
                 "SPOOL_DIR", "LOCK_WAIT")


def child_env(**settings: str) -> dict[str, str]:
    """os.environ without any Breathing Room setting, then `settings`.

    Names not given are set empty, which shadows a developer's .env (load_dotenv never overrides).
    """
    env = {key: value for key, value in os.environ.items() if key not in SETTING_NAMES}
    env.update(dict.fromkeys(SETTING_NAMES, ""))
    env.update(settings, PYTHONUNBUFFERED="1")
    return env


def wait_for(condition: Callable[[], object], deadline: float, what: str, *, interval: float = 0.02):
    """Poll `condition` until it returns something truthy; AssertionError naming `what` at the deadline."""
    end = time.monotonic() + deadline
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"timed out after {deadline:g}s waiting for {what}")
        time.sleep(interval)


class Children:
    """Child processes started through it; `close()` SIGKILLs and reaps whatever is still running."""

    def __init__(self, log_dir: Path):
        self.log_dir, self.processes = log_dir, []

    def start(self, args: list[str], *, env: dict[str, str], name: str) -> subprocess.Popen:
        log = (self.log_dir / f"{name}.stderr").open("wb")
        try:
            process = subprocess.Popen(args, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                                       stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
        finally:
            log.close()  # the child holds its own descriptor
        process.fault_name = name
        self.processes.append(process)
        return process

    def stderr(self, process: subprocess.Popen) -> str:
        path = self.log_dir / f"{process.fault_name}.stderr"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def wait(self, process: subprocess.Popen, deadline: float) -> int:
        try:
            return process.wait(timeout=deadline)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"{process.fault_name} still running after {deadline:g}s:\n"
                                 f"{self.stderr(process)}") from None

    def close(self) -> None:
        """SIGKILL each child's process group (gunicorn's workers too), then reap the children."""
        for process in self.processes:
            try:
                os.killpg(process.pid, signal.SIGKILL)  # each child leads its own session, so its group id is its pid
            except ProcessLookupError:
                pass  # the child and everything it started are gone already
        for process in self.processes:
            process.wait(timeout=10)


@contextmanager
def children(log_dir: Path) -> Iterator[Children]:
    group = Children(log_dir)
    try:
        yield group
    finally:
        group.close()


def start_recording_worker(group: Children, database_url: str, record: Path, name: str, *options: str):
    """`python -m tests.recording_worker` (see there) as a child of `group`."""
    return group.start([sys.executable, "-m", "tests.recording_worker", database_url, str(record), name, *options],
                       env=child_env(), name=name)


def recorded_sends(paths) -> list[tuple[str, str, str]]:
    """(worker, to, body) for every line the recording workers wrote to `paths`."""
    lines = []
    for path in paths:
        if Path(path).exists():
            lines += [tuple(line.split("\t")) for line in Path(path).read_text().splitlines()]
    return lines


def queue_backlog(members: int, per_member: int, now: datetime) -> None:
    """`members` consenting members with `per_member` manual texts each, due now; bodies are unique."""
    with database.connection_context(), database.atomic():
        for m in range(members):
            member = Member.create(phone=f"+1555{m:07d}", created_at=now, consent_at=now, status="active",
                                   quiet_hours="00:00-00:00")
            ScheduledMessage.insert_many([
                {"member": member.id, "kind": "manual", "body": f"text {m}-{i}", "due_at": now,
                 "idempotency_key": f"fault:{m}:{i}", "created_at": now, "updated_at": now}
                for i in range(per_member)
            ]).execute()


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=1).close()
    except urllib.error.HTTPError:
        return True  # a 404 on "/" is an answer: the app is up
    except OSError:
        return False
    return True


@contextmanager
def database_locked(database_url: str) -> Iterator[None]:
    """Another connection holds the database's locks until the block ends: SQLite's write lock (BEGIN
    EXCLUSIVE on the file), or on PostgreSQL exclusive locks on the tables a text writes and reads."""
    if database_url.startswith("sqlite"):
        holder = sqlite3.connect(parse(database_url)["database"], isolation_level=None, timeout=10)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        return
    import psycopg2

    holder = psycopg2.connect(database_url)
    try:
        with holder.cursor() as cursor:
            cursor.execute("LOCK TABLE member, message, scheduled_message IN ACCESS EXCLUSIVE MODE")
        yield
    finally:
        holder.rollback()
        holder.close()


SPOOL_SECRET = "fault-test-secret"  # SECRET_KEY of the servers below: the spool's sender keys depend on it


@contextmanager
def gunicorn(database_url: str, log_dir: Path, *, workers: int = 3, start_deadline: float = 30.0,
             settings: dict[str, str] | None = None, args: tuple[str, ...] = ()) -> Iterator[str]:
    """`gunicorn 'bot:create_app()'` on a free 127.0.0.1 port with signatures on; yields its base URL.

    `settings` adds or overrides environment settings; `args` are more gunicorn options.
    """
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = child_env(**{"DATABASE_URL": database_url, "TWILIO_AUTH_TOKEN": AUTH_TOKEN, "PUBLIC_URL": PUBLIC_URL,
                       "SECRET_KEY": SPOOL_SECRET, "TRANSPORT": "console", "LOG_LEVEL": "warning",
                       "SPOOL_DIR": str(log_dir / "spool"), **(settings or {})})
    with children(log_dir) as group:
        server = group.start([sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind",
                              f"127.0.0.1:{port}", "--graceful-timeout", "5", *args, "bot:create_app()"],
                             env=env, name="gunicorn")
        try:
            end = time.monotonic() + start_deadline
            while not _answers(base_url + "/"):
                if server.poll() is not None:
                    raise AssertionError(f"gunicorn exited with {server.returncode}:\n{group.stderr(server)}")
                if time.monotonic() > end:
                    raise AssertionError(f"gunicorn did not answer within {start_deadline:g}s:\n"
                                         f"{group.stderr(server)}")
                time.sleep(0.05)
            yield base_url
        finally:
            if server.poll() is None:
                server.send_signal(signal.SIGTERM)  # the arbiter stops its workers; close() kills if it must
                try:
                    server.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    pass
