"""Essential replies (crisis resources, the safety check, STOP, START and HELP answers) always go out at once.

One definition (bot.rules.is_essential), honoured on every path: TwiML, the spool, the outbox. Nothing the
member's own state says (opted out, safety hold, pause, quiet hours, daily cap, loop protection) holds one.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot import outbox, rules
from bot.db import database
from bot.models import Member, ScheduledMessage

QUIET_NIGHT = datetime(2026, 11, 25, 4, 0, tzinfo=UTC)  # 23:00 in New York


@pytest.mark.parametrize(("kind", "essential"), [
    ("crisis.self", True), ("crisis.other", True), ("crisis.both", True), ("crisis.self.es", True),
    ("safety.check", True), ("stop.confirm", True), ("start.confirm", True), ("help.info", True),
    ("urge.reply", False), ("welcome", False), ("stop.confirmed", False), ("crisis", False), ("crisisself", False),
    ("", False), (None, False),
])
def test_a_reply_is_essential_by_its_prompt_kind(kind, essential):
    assert rules.is_essential(kind) is essential


def member_in_every_state(clock) -> Member:
    """Opted out, on a safety hold, paused for a week, nothing texted in hours, and over today's cap."""
    return Member.create(phone="+12125550123", created_at=clock(), consent_at=clock(), status="opted_out",
                         stopped_at=clock(), safety_hold=True, paused_until=clock() + timedelta(days=7),
                         last_inbound_at=clock() - timedelta(hours=6))


def reply(member, prompt_kind: str, body: str, at, n: int = 0) -> ScheduledMessage:
    return outbox.schedule(member, "reply", body, at, f"reply:{prompt_kind}:{n}", at, prompt_kind=prompt_kind)


def test_essential_replies_go_out_whatever_the_members_state_and_the_hour(app, clock, transport, dispatch):
    clock.set(QUIET_NIGHT)
    capped = app.config["SETTINGS"].with_overrides({"daily_scheduled_cap": 1, "loop_limit": 1})
    with database.connection_context():
        member = member_in_every_state(clock)
        for n in range(3):  # the same words three times in five minutes: beyond the loop limit
            reply(member, "crisis.self", "Call or text 988.", clock(), n)
        reply(member, "stop.confirm", "You're unsubscribed.", clock())
        reply(member, "urge.reply", "Let's wait twenty minutes.", clock())
        outbox.send_due(clock(), transport, capped)
        states = {r.prompt_kind: r.state for r in ScheduledMessage.select()}
    assert transport.bodies() == ["Call or text 988."] * 3 + ["You're unsubscribed."]
    assert states["urge.reply"] == "cancelled"  # an ordinary answer to an opted-out member is not sent


def test_an_ordinary_reply_still_waits_out_quiet_hours(app, clock, transport, dispatch):
    clock.set(QUIET_NIGHT)
    with database.connection_context():
        member = Member.create(phone="+12125550123", created_at=clock(), consent_at=clock(), status="active",
                               last_inbound_at=clock() - timedelta(hours=6))
        reply(member, "urge.reply", "Let's wait twenty minutes.", clock())
        reply(member, "help.info", "Text STOP to stop.", clock())
    dispatch()
    assert transport.bodies() == ["Text STOP to stop."]
    with database.connection_context():
        assert ScheduledMessage.get(ScheduledMessage.prompt_kind == "urge.reply").last_error == "quiet hours"


def test_stop_and_a_safety_hold_leave_essential_and_reply_rows_alone(app, clock):
    with database.connection_context():
        member = Member.create(phone="+12125550123", created_at=clock(), consent_at=clock(), status="active")
        crisis = reply(member, "crisis.self", "Call or text 988.", clock())
        answer = reply(member, "urge.reply", "Let's wait.", clock())
        checkin = outbox.schedule(member, "checkin", "How many today?", clock(), "checkin:1", clock())
        assert outbox.hold_all(member.id, clock()) == 1
        member.safety_hold = True
        later = outbox.schedule(member, "reply", "Thanks.", clock(), "reply:later", clock(), prompt_kind="x.y")
        manual = outbox.schedule(member, "manual", "From your coach.", clock(), "manual:1", clock())
        states = {row.id: row.state for row in ScheduledMessage.select()}
        assert (states[crisis.id], states[answer.id], states[checkin.id]) == ("pending", "pending", "held")
        assert (states[later.id], states[manual.id]) == ("pending", "pending")  # a coach reaches a held member
        outbox.opt_out(member, clock(), "member texted STOP")
        states = {row.id: row.state for row in ScheduledMessage.select()}
    assert states[crisis.id] == "pending"
    assert {states[i] for i in (answer.id, checkin.id, later.id, manual.id)} == {"cancelled"}


def test_crisis_replies_through_twiml_are_never_loop_protected(app, phone):
    for _ in range(5):
        assert "988" in " ".join(phone.replies("I want to kill myself"))
