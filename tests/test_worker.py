"""The worker: its loop steps called directly, and `python -m schedules` as a real process (SQLite only)."""

from __future__ import annotations

import dataclasses
import logging
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot import outbox
from bot.db import database, open_database
from bot.models import Member, Message, ScheduledMessage
from bot.timefields import now_utc
from schedules.worker import dispatch_once, plan_once, upkeep_once

ROOT = Path(__file__).resolve().parent.parent
SETTING_NAMES = ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER", "TWILIO_MESSAGING_SERVICE_SID",
                 "PUBLIC_URL", "SECRET_KEY", "QUIET_HOURS", "DISPATCH_BATCH", "LEASE_SECONDS", "LOG_LEVEL")


def queue_due(clock, count=1, *, phone="+12125550123"):
    with database.connection_context():
        member = Member.create(phone=phone, created_at=clock(), consent_at=clock(), status="active")
        return [outbox.schedule(member, "manual", f"hello {i}", clock(), f"manual:{phone}:{i}", clock())
                for i in range(count)]


def states():
    with database.connection_context():
        return [(row.state, row.attempts) for row in ScheduledMessage.select().order_by(ScheduledMessage.id)]


def test_dispatch_step_sends_what_is_due_as_of_the_given_now(app, clock, transport, phone):
    phone.text("I want to call him")
    assert dispatch_once(app, clock() + timedelta(minutes=19), transport).sent == 0
    result = dispatch_once(app, clock() + timedelta(minutes=21), transport)
    assert (result.sent, len(transport.sent)) == (1, 1)


def test_dispatch_step_claims_nothing_once_asked_to_stop(app, clock, transport):
    queue_due(clock, 2)
    assert dispatch_once(app, clock(), transport, stop=lambda: True) is None
    assert states() == [("pending", 0), ("pending", 0)]
    assert transport.sent == []


def test_stop_during_a_pass_finishes_the_current_message_and_hands_back_the_rest(app, clock, transport):
    queue_due(clock, 3)
    result = dispatch_once(app, clock(), transport, stop=lambda: len(transport.sent) >= 1)
    assert result.sent == 1 and len(transport.sent) == 1
    assert states() == [("sent", 1), ("pending", 0), ("pending", 0)]


class ExplodingTransport:
    """A transport failing in a way the outbox does not expect (not a SendError)."""

    name = "exploding"

    def send(self, to, body, *, channel="sms", ref=None):
        raise RuntimeError(f"socket closed while texting {to}: {body}"[:40])


def test_a_failing_pass_is_logged_without_the_number_and_the_next_pass_still_runs(app, clock, transport, caplog):
    queue_due(clock, 1)
    caplog.set_level(logging.ERROR, logger="schedules.worker")
    assert dispatch_once(app, clock(), ExplodingTransport()) is None
    [record] = caplog.records
    assert "dispatch pass as of 2026-11-24T15:00:00+00:00 failed: RuntimeError" in record.getMessage()
    assert "5550123" not in caplog.text and record.exc_info is None
    queue_due(clock, 1, phone="+12125550199")
    assert dispatch_once(app, clock(), transport).sent == 1


def test_planning_step_queues_a_due_checkin(app, clock, phone):
    phone.text("hi")
    phone.text("YES")
    clock.set(datetime(2026, 11, 24, 23, 50, tzinfo=UTC))  # 18:50 in New York, ten minutes before the check-in
    assert plan_once(app, clock()) == 1


def test_dispatch_step_replays_spooled_texts_before_it_sends(app, clock, transport):
    from bot import spool

    settings = app.config["SETTINGS"]
    spool.write(settings.spool_dir, {"type": "text", "sid": "SMspool", "from": "+12125550123", "body": "URGE"},
                clock(), spool.member_key("+12125550123", settings.secret_key))
    result = dispatch_once(app, clock(), transport)
    with database.connection_context():
        assert Message.get(Message.direction == "in").twilio_sid == "SMspool"
    assert result.sent == 3 and len(transport.sent) == 3  # welcome, the urge reply, the consent question


def test_one_failing_upkeep_step_does_not_skip_the_others(app, clock, transport, monkeypatch, caplog):
    from bot import retention
    from bot.admin import throttle
    from bot.admin.models import LoginAttempt

    with database.connection_context():
        LoginAttempt.create(email="k" * 64, address="127.0.0.1", at=clock() - timedelta(days=2), ok=False)

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(retention, "purge", broken)
    caplog.set_level(logging.ERROR, logger="schedules.worker")
    assert upkeep_once(app, clock(), transport) == 1  # the old login attempt, dropped after retention failed
    assert "retention pass as of" in caplog.text and "RuntimeError: disk on fire" in caplog.text
    with database.connection_context():
        assert LoginAttempt.select().count() == 0
    assert throttle.forget_before(clock()) == 0


@pytest.mark.parametrize(("changes", "line"), [
    ({"transport": "console", "twilio_account_sid": None, "twilio_auth_token": None},
     "transport: console (no Twilio credentials)"),
    ({"transport": "console"}, "transport: console (TRANSPORT=console)"),
    ({"transport": "twilio"}, "transport: twilio"),
])
def test_start_line_says_which_transport_is_active_and_why(app, changes, line):
    from schedules.__main__ import transport_line

    assert transport_line(dataclasses.replace(app.config["SETTINGS"], **changes)) == line


# `python -m schedules` as Procfile's `worker:` line runs it: these run once, on SQLite.

def worker_env(tmp_path, **overrides) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in SETTING_NAMES}
    # Empty values shadow anything a developer's .env would set (load_dotenv never overrides).
    env.update(dict.fromkeys(SETTING_NAMES, ""))
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'worker.sqlite3'}", TRANSPORT="console",
               DISPATCH_INTERVAL="0.2", PYTHONUNBUFFERED="1")
    env.update(overrides)
    return env


def flask(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flask", "--app", "bot", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60, check=False)


class Worker:
    """`python -m schedules` in a subprocess; its output (stdout and stderr) arrives line by line in `lines`."""

    def __init__(self, env):
        self.process = subprocess.Popen([sys.executable, "-m", "schedules"], cwd=ROOT, env=env, text=True,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.lines: queue.Queue = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.put(line)

    def close(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        self.reader.join(timeout=5)
        self.process.stdout.close()


def read_until(lines: queue.Queue, text: str, deadline: float) -> list[str]:
    """Lines read until one contains `text`; fails at the deadline with what was seen."""
    seen = []
    while time.monotonic() < deadline:
        try:
            seen.append(lines.get(timeout=max(deadline - time.monotonic(), 0.01)))
        except queue.Empty:
            break
        if text in seen[-1]:
            return seen
    pytest.fail(f"no line with {text!r} in time; saw: {''.join(seen)}")


def test_db_upgrade_twice_applies_then_says_up_to_date(tmp_path):
    env = worker_env(tmp_path)
    first = flask(env, "db", "upgrade")
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[0] == "applied 0001_initial"
    second = flask(env, "db", "upgrade")
    assert (second.returncode, second.stdout) == (0, "up to date\n")


def test_worker_sends_due_messages_and_exits_zero_on_sigterm(tmp_path):
    env = worker_env(tmp_path, QUIET_HOURS="00:00-00:00")  # never quiet, whatever the hour the test runs
    assert flask(env, "db", "upgrade").returncode == 0
    open_database(env["DATABASE_URL"])
    with database.connection_context():
        now = now_utc()
        member = Member.create(phone="+12125550123", created_at=now, consent_at=now, status="active")
        outbox.schedule(member, "manual", "due before the worker starts", now, "manual:1", now)
    worker = Worker(env)
    try:
        seen = read_until(worker.lines, "worker running", time.monotonic() + 30)
        assert "transport: console (no Twilio credentials)" in [line.strip() for line in seen]
        read_until(worker.lines, "[console -> sms ***0123] due before the worker starts", time.monotonic() + 15)
        worker.process.send_signal(signal.SIGTERM)
        assert worker.process.wait(timeout=10) == 0
        read_until(worker.lines, "worker stopped", time.monotonic() + 5)
    finally:
        worker.close()
    with database.connection_context():
        assert Message.get().status == "sent" and ScheduledMessage.get().state == "sent"


def test_worker_refuses_an_unmigrated_database_with_a_clear_message(tmp_path):
    result = subprocess.run([sys.executable, "-m", "schedules"], cwd=ROOT, env=worker_env(tmp_path),
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1
    assert "schema is not current" in result.stderr and "flask --app bot db upgrade" in result.stderr
    assert "worker running" not in result.stdout


def test_worker_refuses_a_malformed_setting_naming_it(tmp_path):
    result = subprocess.run([sys.executable, "-m", "schedules"], cwd=ROOT,
                            env=worker_env(tmp_path, DISPATCH_INTERVAL="abc"), capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 2
    assert result.stderr.startswith("configuration error: DISPATCH_INTERVAL must be a number")


def test_a_backlog_larger_than_a_batch_is_drained_in_one_run_of_the_job(app, clock, transport):
    from schedules.worker import drain

    small = app.config["SETTINGS"].with_overrides({"dispatch_batch": 5, "daily_scheduled_cap": 100})
    app.config["SETTINGS"] = small
    with database.connection_context():
        member = Member.create(phone="+12125550123", created_at=clock(), consent_at=clock(), status="active")
        for n in range(23):
            outbox.schedule(member, "manual", f"text {n}", clock(), f"manual:{n}", clock())
    assert drain(app, clock, transport) == 23
    assert len(transport.sent) == 23
