"""The worker's loop steps and the scheduler that runs them.

Every step takes `now` and does one pass over the database, so tests call the
steps directly and several workers can run side by side: the outbox rows are
claimed, and APScheduler's in-memory store holds only the fixed jobs.
A step never raises: a failed pass is logged and the next one tries again.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import threading
import traceback
from dataclasses import asdict
from datetime import UTC, datetime

from apscheduler.events import EVENT_SCHEDULER_STARTED
from apscheduler.schedulers.blocking import BlockingScheduler

from bot import replay, retention
from bot.admin import throttle
from bot.db import database
from bot.outbox import send_due
from bot.planner import run_planning
from bot.reconcile import confirm_replies, reconcile_unknown

log = logging.getLogger(__name__)

PLAN_INTERVAL = 60  # seconds; planning looks for check-ins due within the minute
_DIGITS = re.compile(r"\+?\d[\d ().-]{5,}\d")


def worker_name() -> str:
    """Who holds a claim, as the outbox records it: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


def describe(error: BaseException) -> str:
    """Type, place and first message line of `error`, with anything like a phone number masked.

    Not the traceback's full text: database errors can quote row values
    (PostgreSQL's DETAIL line names the duplicate key, a phone number, say).
    """
    lines = str(error).strip().splitlines()
    message = _DIGITS.sub("***", lines[0])[:200] if lines else ""
    frames = traceback.extract_tb(error.__traceback__)[-3:]
    where = " <- ".join(f"{os.path.basename(f.filename)}:{f.lineno} {f.name}" for f in reversed(frames))
    return f"{type(error).__name__}: {message} (at {where or 'unknown'})"


def dispatch_once(app, now: datetime, transport, stop=lambda: False):
    """Replay spooled texts, then one outbox pass as of `now`; its PassResult, or None if stopping or failed.

    Replaying first means a STOP, PAUSE or crisis text that waited out an
    outage in the spool is applied before anything else goes to its member.
    """
    if stop():
        return None  # a pass started now would only claim rows to hand them back
    settings = app.config["SETTINGS"]
    _guarded("spool replay", now, lambda: replay.replay(settings))
    try:
        with database.connection_context():
            result = send_due(now, transport, settings, worker=worker_name(), stop=stop)
    except Exception as error:  # noqa: BLE001 - one bad pass must not stop the worker
        log.error("dispatch pass as of %s failed: %s", now.isoformat(timespec="seconds"), describe(error))
        return None
    if any(asdict(result).values()):
        log.info("dispatch pass as of %s: %s", now.isoformat(timespec="seconds"), result.summary())
    return result


MAX_PASSES = 200  # full passes in one run of the job before yielding to the scheduler


def drain(app, clock, transport, stop=lambda: False) -> int:
    """Run outbox passes, each as of a fresh `clock()`, while they come back full; returns how many were sent.

    One pass per interval would cap a worker at a batch every few seconds; a
    backlog (a 19:00 spike of check-ins) is worked through at once instead.
    """
    sent, batch = 0, app.config["SETTINGS"].dispatch_batch
    for _ in range(MAX_PASSES):
        result = dispatch_once(app, clock(), transport, stop)
        if result is None:
            break
        sent += result.sent
        if result.total < batch:
            break
    return sent


def plan_once(app, now: datetime) -> int | None:
    """Plan check-ins and reflections and expire stale episodes as of `now`; rows touched, or None."""
    return _guarded("planning", now, lambda: run_planning(now, app.config["SETTINGS"]))


def upkeep_once(app, now: datetime, transport) -> int | None:
    """Reconcile unknown sends and unconfirmed TwiML replies, purge old bodies and login attempts.

    Each step is guarded on its own, so one failing never skips the others.
    Returns the rows touched, or None if every step failed.
    """
    settings = app.config["SETTINGS"]
    steps = {
        "reconcile": lambda: reconcile_unknown(now, transport),
        "retention": lambda: retention.purge(now, settings.retention_days),
        "login attempts": lambda: throttle.forget_before(now),
    }
    if settings.transport == "twilio" and settings.public_url:  # only Twilio confirms a TwiML reply, via PUBLIC_URL
        steps["reply confirmation"] = lambda: confirm_replies(now, transport)
    touched = [_guarded(name, now, work) for name, work in steps.items()]
    return None if all(t is None for t in touched) else sum(t or 0 for t in touched)


def _guarded(name: str, now: datetime, work) -> int | None:
    try:
        with database.connection_context():
            touched = work()
    except Exception as error:  # noqa: BLE001 - one bad pass must not stop the worker
        log.error("%s pass as of %s failed: %s", name, now.isoformat(timespec="seconds"), describe(error))
        return None
    if touched:
        log.info("%s pass as of %s touched %d rows", name, now.isoformat(timespec="seconds"), touched)
    return touched


def run(app, stopping: threading.Event, *, announce=lambda: None) -> None:
    """Run the jobs until `stopping` is set, then let running passes finish and return.

    Signal handlers only set `stopping`; a helper thread does the shutdown,
    since the main thread is inside the scheduler's loop. `announce` is called
    once the scheduler is running.
    """
    settings, clock = app.config["SETTINGS"], app.config["CLOCK"]
    transport = app.extensions["transport_factory"]()
    scheduler = BlockingScheduler(timezone=UTC)
    periodic = {"max_instances": 1, "coalesce": True, "misfire_grace_time": None, "next_run_time": datetime.now(UTC)}
    scheduler.add_job(lambda: drain(app, clock, transport, stopping.is_set), "interval",
                      seconds=settings.dispatch_interval, id="dispatch", name="dispatch", **periodic)
    scheduler.add_job(lambda: plan_once(app, clock()), "interval", seconds=PLAN_INTERVAL, id="plan", name="plan",
                      **periodic)
    scheduler.add_job(lambda: upkeep_once(app, clock(), transport), "interval", seconds=PLAN_INTERVAL, id="upkeep",
                      name="upkeep", **periodic)
    started = threading.Event()

    def on_start(event):
        started.set()
        announce()

    def stop_when_asked():
        stopping.wait()
        started.wait()  # shutting down a scheduler that is not running yet would raise
        scheduler.pause()  # no new pass starts while the running ones finish
        scheduler.shutdown(wait=True)

    scheduler.add_listener(on_start, EVENT_SCHEDULER_STARTED)
    threading.Thread(target=stop_when_asked, name="worker-stop", daemon=True).start()
    scheduler.start()
