"""Send-time rules: quiet hours (with the urge exception), the daily cap, staleness."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import localtime, outbox, rules
from bot.db import database
from bot.models import Member, ScheduledMessage
from tests.conftest import FakeTransport

ZONES = ["America/New_York", "America/Phoenix", "Pacific/Honolulu", "Europe/London", "Asia/Kolkata"]


def member_in(zone, clock, phone="+12125550123", **fields):
    return Member.create(phone=phone, created_at=clock(), consent_at=clock(), status="active", timezone=zone, **fields)


def test_a_message_due_at_night_is_deferred_to_the_morning_not_dropped(app, clock, transport):
    night = datetime(2026, 11, 25, 4, 0, tzinfo=UTC)  # 23:00 New York
    with database.connection_context():
        member = member_in("America/New_York", clock)
        outbox.schedule(member, "manual", "hello", night, "k1", night)
        outbox.send_due(night, transport, app.config["SETTINGS"])
        row = ScheduledMessage.get()
        assert row.state == "pending"
        assert localtime.local(row.due_at, "America/New_York").strftime("%H:%M") == "09:00"
        outbox.send_due(row.due_at, transport, app.config["SETTINGS"])
    assert transport.bodies() == ["hello"]


def test_an_urge_followup_may_break_quiet_hours_within_an_hour_of_the_urge(phone, dispatch, transport, clock):
    clock.set(datetime(2026, 11, 25, 3, 30, tzinfo=UTC))  # 22:30 New York
    phone.text("I want to call him so bad")
    clock.advance(minutes=20)
    dispatch()
    assert len(transport.sent) == 1


def test_an_urge_followup_long_after_the_member_texted_waits_then_lapses(phone, dispatch, transport, clock):
    clock.set(datetime(2026, 11, 25, 1, 0, tzinfo=UTC))  # 20:00 New York
    phone.text("DELAY 90")
    phone.text("URGE")
    clock.advance(minutes=90)
    dispatch()
    assert transport.sent == []
    clock.set(datetime(2026, 11, 25, 14, 0, tzinfo=UTC))  # 09:00 next morning
    dispatch()
    assert transport.sent == []
    with database.connection_context():
        row = ScheduledMessage.get()
    assert row.state == "cancelled" and "late" in row.last_error


def test_the_daily_cap_defers_the_rest_to_the_next_day(app, clock):
    transport = FakeTransport()
    cap_settings = app.config["SETTINGS"].with_overrides({"daily_scheduled_cap": 2})
    with database.connection_context():
        member = member_in("America/New_York", clock)
        for n in range(3):
            outbox.schedule(member, "manual", f"m{n}", clock(), f"k{n}", clock())
        outbox.send_due(clock(), transport, cap_settings)
        assert len(transport.sent) == 2
        deferred = ScheduledMessage.get(ScheduledMessage.state == "pending")
        assert localtime.local(deferred.due_at, "America/New_York").date().isoformat() == "2026-11-25"


def test_texts_sent_today_count_from_each_members_own_midnight(app, clock):
    now = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)  # 01:00 in New York, 22:00 the day before in Los Angeles
    evening = now - timedelta(hours=2)  # 20:00 in Los Angeles, 23:00 in New York: yesterday there
    with database.connection_context():
        east = member_in("America/New_York", clock, phone="+12125550101")
        west = member_in("America/Los_Angeles", clock, phone="+13105550102")
        quiet = member_in("Europe/London", clock, phone="+442075550103")
        for member in (east, west):
            for n, at in enumerate((evening, now - timedelta(minutes=30))):
                row = outbox.schedule(member, "manual", f"m{n}", at, f"{member.id}:{n}", at)
                ScheduledMessage.update(state="sent", sent_at=at).where(ScheduledMessage.id == row.id).execute()
        reply = outbox.schedule(west, "reply", "answer", now, "reply", now)
        ScheduledMessage.update(state="sent", sent_at=now).where(ScheduledMessage.id == reply.id).execute()
        counted = rules.sent_today_by_member([east, west, quiet], now)
    assert counted == {east.id: 1, west.id: 2}  # the 23:00 text was yesterday in New York; replies don't count
    assert rules.sent_today_by_member([], now) == {}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    zone=st.sampled_from(ZONES),
    minutes=st.integers(min_value=0, max_value=60 * 24 * 3),
    kind=st.sampled_from(["checkin", "weekly", "manual", "hold_return"]),
)
def test_nothing_scheduled_is_delivered_inside_quiet_hours(app, clock, zone, minutes, kind):
    transport = FakeTransport()
    settings_ = app.config["SETTINGS"]
    start = datetime(2026, 10, 30, 0, 0, tzinfo=UTC)
    due = start + timedelta(minutes=minutes)
    with database.connection_context():
        ScheduledMessage.delete().execute()
        Member.delete().execute()
        member = member_in(zone, clock)
        outbox.schedule(member, kind, "hi", due, f"{kind}:prop", due)
        now = due
        for _ in range(4):  # follow the row through its deferrals
            outbox.send_due(now, transport, settings_)
            row = ScheduledMessage.get()
            if row.state != "pending":
                break
            now = row.due_at
        if transport.sent:
            assert row.state == "sent"
            assert not localtime.is_quiet(row.sent_at, zone, settings_.quiet_hours)


def test_a_safety_hold_stops_automated_texts_but_not_an_operators_message_or_a_reply(app, clock):
    from bot.rules import check

    with database.connection_context():
        member = member_in("America/New_York", clock, safety_hold=True)
        verdicts = {kind: check(ScheduledMessage(member=member, kind=kind, body="x", due_at=clock(),
                                                 created_at=clock(), ref_id=None), member, clock(),
                                app.config["SETTINGS"]).action
                    for kind in ("checkin", "weekly", "urge_followup", "hold_return", "manual", "reply")}
    assert verdicts == {"checkin": "hold", "weekly": "hold", "urge_followup": "hold", "hold_return": "hold",
                        "manual": "send", "reply": "send"}


def test_an_evening_time_the_member_chose_may_come_inside_quiet_hours_a_night_one_may_not():
    from datetime import time

    from bot.rules import chosen_time_allowed, nearest_allowed

    hours = (time(20, 0), time(9, 0))
    assert [chosen_time_allowed(time(h, m), hours) for h, m in ((19, 0), (20, 0), (21, 0), (23, 0), (23, 1), (3, 0),
                                                                  (8, 59), (9, 0))] == [
        True, True, True, True, False, False, False, True]
    assert [nearest_allowed(time(h, 0), hours) for h in (0, 4, 6)] == [time(23, 0), time(23, 0), time(9, 0)]


def test_a_checkin_at_a_chosen_evening_time_goes_while_other_texts_wait(app, clock):
    from bot.models import CheckIn
    from bot.rules import check

    evening = datetime(2026, 11, 25, 2, 30, tzinfo=UTC)  # Tuesday 21:30 in New York
    with database.connection_context():
        member = member_in("America/New_York", clock, checkin_time="21:00", nudge_at="20:45")
        today = CheckIn.create(member=member, local_date="2026-11-24", asked_at=evening)
        verdicts = {kind: check(ScheduledMessage(member=member, kind=kind, body="x", due_at=evening, created_at=evening,
                                                 ref_id=today.id), member, evening, app.config["SETTINGS"]).action
                    for kind in ("checkin", "nudge", "weekly", "manual")}
        late = evening + timedelta(hours=1)  # 22:30: more than an hour after either chosen time
        too_late = check(ScheduledMessage(member=member, kind="nudge", body="x", due_at=late, created_at=late),
                         member, late, app.config["SETTINGS"])
    assert verdicts == {"checkin": "send", "nudge": "send", "weekly": "defer", "manual": "defer"}
    assert (too_late.action, too_late.reason) == ("cancel", "quiet hours")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    zone=st.sampled_from(ZONES),
    chosen=st.sampled_from(["19:30", "20:00", "21:15", "22:45", "23:00"]),
    minutes=st.integers(min_value=0, max_value=60 * 24 * 2),
    kind=st.sampled_from(["checkin", "weekly", "manual"]),
)
def test_only_a_checkin_at_the_members_own_evening_time_is_delivered_inside_quiet_hours(app, clock, zone, chosen,
                                                                                         minutes, kind):
    transport = FakeTransport()
    settings_ = app.config["SETTINGS"]
    due = datetime(2026, 10, 30, 0, 0, tzinfo=UTC) + timedelta(minutes=minutes)
    with database.connection_context():
        ScheduledMessage.delete().execute()
        Member.delete().execute()
        member = member_in(zone, clock, checkin_time=chosen)
        outbox.schedule(member, kind, "hi", due, f"{kind}:chosen", due)
        outbox.send_due(due, transport, settings_)
        row = ScheduledMessage.get()
    if row.state == "sent" and localtime.is_quiet(row.sent_at, zone, settings_.quiet_hours):
        here = localtime.local(row.sent_at, zone)
        hour, minute = map(int, chosen.split(":"))
        assert kind == "checkin"
        assert 0 <= (here.hour * 60 + here.minute - hour * 60 - minute) % 1440 < 60
