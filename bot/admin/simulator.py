"""The simulator (console transport only): text the bot as a test number and jump its clock.

Texts go through bot.inbound.receive, the webhook's own code path. The
simulator keeps its own clock in the operator's session; jumping it walks the
test member's check-ins and scheduled messages in time order, each sent as of
its due time through the outbox's rules, so follow-ups, quiet hours and
staleness behave as they will for a member. Only the test number's rows are
touched: other members' messages are never sent ahead of real time.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from flask import flash, redirect, render_template, request, session, url_for
from peewee import fn

from bot import inbound, outbox, planner
from bot.admin.site import audit, now, settings
from bot.admin.site import simulator_blueprint as blueprint
from bot.localtime import local
from bot.models import Member, Message, ScheduledMessage
from bot.transport import SendResult

TEST_NUMBER = "+15555550100"
CLOCK_KEY = "simulator_now"
JUMPS = {"5m": timedelta(minutes=5), "20m": timedelta(minutes=20), "1h": timedelta(hours=1),
         "3h": timedelta(hours=3), "12h": timedelta(hours=12), "1d": timedelta(days=1), "7d": timedelta(days=7)}
MAX_STEPS = 200  # due times walked in one jump; a week of a busy test member is far fewer


def clock() -> datetime:
    stored = session.get(CLOCK_KEY)
    return datetime.fromisoformat(stored) if stored else now()


def test_member() -> Member | None:
    return Member.get_or_none(Member.phone == TEST_NUMBER)


class SimulatorTransport:
    """Records the test member's texts as delivered; nothing leaves the machine."""

    name = "simulator"

    def send(self, to: str, body: str, *, channel: str = "sms", ref: int | None = None) -> SendResult:
        return SendResult("SIM" + uuid.uuid4().hex, "delivered")

    def find_sent(self, to, since, *, channel="sms"):
        return []


def deliver_due(member: Member, at: datetime) -> int:
    """The worker's pass for the test member only, as of `at`; returns how many were sent."""
    result = outbox.send_due(at, SimulatorTransport(), settings(), worker="simulator", member_id=member.id,
                             sleep=lambda seconds: None)
    return result.sent


def _next_event(member: Member, after: datetime, until: datetime) -> datetime | None:
    due = (ScheduledMessage.select(fn.MIN(ScheduledMessage.due_at))
           .where((ScheduledMessage.member == member.id) & (ScheduledMessage.state == "pending")).scalar())
    candidates = [ScheduledMessage.due_at.python_value(due) if due else None,
                  member.next_checkin_at and member.next_checkin_at - planner.AHEAD,
                  member.next_weekly_at and member.next_weekly_at - planner.AHEAD]
    upcoming = [max(c, after) for c in candidates if c is not None and c <= until]
    return min(upcoming) if upcoming else None


def advance(start: datetime, target: datetime) -> int:
    """Walk the test member's due times from `start` to `target`; returns how many messages were sent."""
    sent, at = 0, start
    for _ in range(MAX_STEPS):
        member = test_member()
        step = _next_event(member, at, target) if member else None
        if step is None:
            break
        at = step
        planner.plan_member(member, at)
        sent += deliver_due(member, at)
    return sent


@blueprint.get("/")
def simulator():
    member, at = test_member(), clock()
    transcript = list(Message.select().where(Message.member == member.id)
                      .order_by(Message.created_at, Message.id)) if member else []
    pending = list(ScheduledMessage.select().where((ScheduledMessage.member == member.id)
                                                   & ScheduledMessage.state.in_(outbox.ACTIVE_STATES))
                   .order_by(ScheduledMessage.due_at)) if member else []
    zone = member.timezone if member else "America/New_York"
    return render_template("admin/simulator.html", member=member, transcript=transcript, pending=pending,
                           clock=at, local_clock=local(at, zone), zone=zone, jumps=JUMPS, number=TEST_NUMBER,
                           local=local)


@blueprint.post("/text")
def text():
    body = request.form.get("body", "").strip()
    if body:
        try:
            inbound.receive(("SMsim" + uuid.uuid4().hex)[:34], TEST_NUMBER, body, clock(), settings())
        except inbound.BadInbound as error:
            flash(f"Not sent: {error}", "error")
        else:
            audit("simulator_text", detail=f"{len(body)} characters")
    return redirect(url_for("admin_simulator.simulator"))


@blueprint.post("/jump")
def jump():
    delta = JUMPS.get(request.form.get("by", ""))
    if delta is None:
        flash("Choose how far to jump.", "error")
        return redirect(url_for("admin_simulator.simulator"))
    start = clock()
    target = start + delta
    sent = advance(start, target)
    session[CLOCK_KEY] = target.isoformat()
    audit("simulator_jump", detail=f"+{request.form['by']}, {sent} sent")
    flash(f"Clock moved {request.form['by']} ahead; {sent} scheduled message(s) arrived.")
    return redirect(url_for("admin_simulator.simulator"))


@blueprint.post("/reset")
def reset():
    """Forget the test number entirely and put the simulator clock back to now."""
    Member.delete().where(Member.phone == TEST_NUMBER).execute()
    session.pop(CLOCK_KEY, None)
    audit("simulator_reset")
    flash("The test number starts over, and the clock is back to now.")
    return redirect(url_for("admin_simulator.simulator"))
