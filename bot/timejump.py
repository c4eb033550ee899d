"""A jump of a simulated clock: what the worker would have done between two moments, moment by moment.

The worker runs two member-facing jobs: planning every minute
(bot.planner.run_planning, which queues whatever recurring text falls due
within planner.AHEAD of its `now`) and an outbox pass every few seconds
(bot.outbox.send_due). A jump runs those same two functions, in time order, at
every moment something can happen: each pending row's due time, and at least
every AHEAD so that planning never misses a slot. It knows no kind of message:
a recurring text a planning job adds later arrives without a change here.

Only for a database whose clock is simulated (the terminal chat's own): it
plans and sends for every member in it, ahead of real time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from peewee import fn

from bot import planner
from bot.models import ScheduledMessage
from bot.outbox import send_due
from bot.transport import Transport

MAX_MOMENTS = 100_000  # a year of planning ticks is 35,000; a bound, so a bug cannot spin forever


def next_due(after: datetime) -> datetime | None:
    """The earliest due time of a pending row strictly after `after`, or None."""
    raw = (ScheduledMessage.select(fn.MIN(ScheduledMessage.due_at))
           .where((ScheduledMessage.state == "pending") & (ScheduledMessage.due_at > after)).scalar())
    return ScheduledMessage.due_at.python_value(raw) if raw is not None else None


def run_moment(at: datetime, settings, transport: Transport) -> int:
    """Plan, then send everything due, as of `at` (passes repeat while they come back full); returns sends."""
    planner.run_planning(at, settings)
    sent = 0
    while True:
        result = send_due(at, transport, settings, worker="timejump", sleep=lambda seconds: None)
        sent += result.sent
        if result.total < settings.dispatch_batch:
            return sent


def jump(start: datetime, target: datetime, settings, transport: Transport, *,
         before: Callable[[datetime], None] = lambda at: None) -> int:
    """Run the worker's jobs at each moment from `start` through `target`, in order; returns how many were sent.

    `before(at)` is called ahead of each moment (the chat stamps its output
    with it). Moments: `start`, every pending due time, a planning tick at
    most planner.AHEAD after the previous moment, and `target`.
    """
    sent, at = 0, start
    for _ in range(MAX_MOMENTS):
        before(at)
        sent += run_moment(at, settings, transport)
        if at >= target:
            return sent
        upcoming = next_due(at)
        at = min(moment for moment in (upcoming, at + planner.AHEAD, target) if moment is not None)
    raise RuntimeError(f"a clock jump from {start:%Y-%m-%d %H:%M} to {target:%Y-%m-%d %H:%M} did not finish")
