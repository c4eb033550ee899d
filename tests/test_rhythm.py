"""A member's rhythm: when their urges cluster, said in STATS, and the opt-in note shortly before it."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot import outbox, rhythm, timejump
from bot.db import database
from bot.models import Member, ScheduledMessage, UrgeEpisode

NEW_YORK = ZoneInfo("America/New_York")
MONDAY = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)  # Monday Nov 2, 07:00 in New York (just after DST ended)


def at_local(day: datetime, hour: int, minute: int = 0) -> datetime:
    """`day`'s date at hour:minute on New York's clock, in UTC."""
    here = day.astimezone(NEW_YORK)
    return here.replace(hour=hour, minute=minute, second=0, microsecond=0).astimezone(UTC)


def member(clock, **fields) -> Member:
    return Member.create(phone=fields.pop("phone", "+12125550123"), created_at=clock() - timedelta(days=30),
                         consent_at=clock() - timedelta(days=30), status="active", timezone="America/New_York",
                         **fields)


def urges(someone: Member, moments) -> None:
    for opened in moments:
        UrgeEpisode.create(member=someone, opened_at=opened, closed_at=opened + timedelta(minutes=20),
                           outcome="waited_out", minutes=20)


def nightly(start: datetime, days: int, hour: int = 21, minute: int = 10):
    return [at_local(start + timedelta(days=n), hour, minute + (n % 3) * 10) for n in range(days)]


def test_urges_clustering_at_one_hour_for_two_weeks_give_a_window_just_before_it(app, clock):
    with database.connection_context():
        someone = member(clock)
        urges(someone, nightly(MONDAY, 14))  # 21:10, 21:20, 21:30 in New York, across the DST change
        found = rhythm.find(someone, MONDAY + timedelta(days=14))
    assert (found.total, found.found) == (14, 14)
    assert rhythm.window_phrase(found) == "around 9:30 PM"
    assert found.nudge_at == time(20, 45) and found.days == ()


def test_fewer_than_six_urges_are_not_enough_to_say(app, clock):
    with database.connection_context():
        someone = member(clock)
        urges(someone, nightly(MONDAY, 5))
        found = rhythm.find(someone, MONDAY + timedelta(days=5))
    assert found.total == 5 and not found.enough and not found.known


def test_urges_scattered_over_the_day_have_no_window(app, clock):
    with database.connection_context():
        someone = member(clock)
        urges(someone, [at_local(MONDAY + timedelta(days=n), 9 + 2 * n) for n in range(7)])
        found = rhythm.find(someone, MONDAY + timedelta(days=8))
    assert found.enough and not found.known


def test_texts_a_few_minutes_apart_are_one_wave(app, clock):
    with database.connection_context():
        someone = member(clock)
        first = at_local(MONDAY, 21)
        urges(someone, [first, first + timedelta(minutes=10), first + timedelta(minutes=25)])
        assert len(rhythm.waves(someone, MONDAY + timedelta(days=1))) == 1


def test_after_two_weeks_the_weekdays_they_cluster_on_are_named(app, clock):
    fridays_and_saturdays = [at_local(MONDAY + timedelta(days=week * 7 + day), 22) for week in range(3) for day in (4, 5)]
    with database.connection_context():
        someone = member(clock)
        urges(someone, fridays_and_saturdays)
        found = rhythm.find(someone, MONDAY + timedelta(days=21))
    assert found.days == (4, 5)
    assert rhythm.window_phrase(found) == "around 10:00 PM on Fridays and Saturdays"


def consented(phone):
    phone.text("hi")
    phone.text("YES")
    phone.text("25")


def two_weeks_of_nine_pm_urges(phone, clock):
    """The member texts an urge at about 21:10 each evening for two weeks, and waits each one out."""
    for day in range(14):
        clock.set(at_local(MONDAY + timedelta(days=day), 21, 10))
        phone.text("I really want to text him")
        clock.advance(minutes=15)
        phone.text("2")


def test_stats_say_when_their_urges_come_and_a_yes_in_plain_words_turns_the_note_on(phone, clock):
    clock.set(MONDAY - timedelta(days=1))
    consented(phone)
    two_weeks_of_nine_pm_urges(phone, clock)
    clock.set(at_local(MONDAY + timedelta(days=14), 12))
    replies = phone.replies("STATS")
    assert replies[-1] == ("Your urges tend to come around 9:00 PM (14 of 14). Want a short note at 8:45 PM, "
                           "a little before? Reply YES or NO.")
    assert "8:45 PM each day" in phone.replies("yes please")[0]
    with database.connection_context():
        someone = Member.get()
    assert someone.nudge_on and someone.next_nudge_at == at_local(MONDAY + timedelta(days=14), 20, 45)
    assert "Your urges tend to come around 9:00 PM: 14 of your last 14" in phone.replies("stats")[-1]  # offered once


def test_the_note_comes_before_the_hour_inside_quiet_hours_since_they_chose_it(phone, clock, app, transport):
    clock.set(MONDAY - timedelta(days=1))
    consented(phone)
    two_weeks_of_nine_pm_urges(phone, clock)
    clock.set(at_local(MONDAY + timedelta(days=14), 12))
    phone.text("STATS")
    phone.text("yes")
    with database.connection_context():
        # The worker's jobs, moment by moment, as the worker and `flask chat` run them.
        timejump.jump(clock(), at_local(MONDAY + timedelta(days=15), 12), app.config["SETTINGS"], transport)
        [note] = ScheduledMessage.select().where(ScheduledMessage.kind == "nudge")
    assert note.state == "sent" and note.sent_at == at_local(MONDAY + timedelta(days=14), 20, 45)
    assert "text URGE" in note.body and "him" not in note.body


def test_a_note_is_dropped_not_sent_late_when_the_daily_cap_is_reached(phone, clock, app, transport):
    clock.set(MONDAY - timedelta(days=1))
    consented(phone)
    two_weeks_of_nine_pm_urges(phone, clock)
    clock.set(at_local(MONDAY + timedelta(days=14), 12))
    phone.text("STATS")
    phone.text("yes")
    capped = app.config["SETTINGS"].with_overrides({"daily_scheduled_cap": 1})
    with database.connection_context():
        outbox.schedule(Member.get(), "manual", "A word from your coach", clock() + timedelta(hours=1), "coach", clock())
        timejump.jump(clock(), at_local(MONDAY + timedelta(days=15), 12), capped, transport)
        note = ScheduledMessage.get(ScheduledMessage.kind == "nudge")
    assert transport.bodies()[0] == "A word from your coach"
    assert (note.state, note.last_error) == ("cancelled", "daily cap reached")


def test_urges_deep_in_the_night_are_named_but_no_note_is_offered(phone, clock):
    clock.set(MONDAY - timedelta(days=1))
    consented(phone)
    for day in range(8):
        clock.set(at_local(MONDAY + timedelta(days=day), 2, 10))
        phone.text("URGE")
        clock.advance(minutes=20)
        phone.text("1")
    clock.set(at_local(MONDAY + timedelta(days=8), 12))
    assert phone.replies("STATS")[-1].startswith("Your urges tend to come around 2:00 AM: 8 of your last 8.")
    assert "in your night" in phone.replies("NUDGE ON")[0]
    with database.connection_context():
        assert not Member.get().nudge_on


def test_stats_say_how_many_urges_are_needed_before_the_rhythm_shows(phone, clock):
    consented(phone)
    phone.text("URGE")
    clock.advance(minutes=10)
    phone.text("2")
    assert phone.replies("STATS")[-1] == "Once you've texted URGE 6 times, I can tell you when yours tend to come. So far: 1."


def test_nudge_off_stops_the_notes(phone, clock, app, transport):
    clock.set(MONDAY - timedelta(days=1))
    consented(phone)
    two_weeks_of_nine_pm_urges(phone, clock)
    clock.set(at_local(MONDAY + timedelta(days=14), 12))
    phone.text("STATS")
    phone.text("yes")
    assert "NUDGE ON" in phone.replies("NUDGE OFF")[0]
    with database.connection_context():
        timejump.jump(clock(), at_local(MONDAY + timedelta(days=16), 12), app.config["SETTINGS"], transport)
        assert not ScheduledMessage.select().where(ScheduledMessage.kind == "nudge").exists()


@pytest.mark.parametrize("answer", ["no thanks", "nah"])
def test_a_no_to_the_note_sends_nothing_extra(phone, clock, answer):
    clock.set(MONDAY - timedelta(days=1))
    consented(phone)
    two_weeks_of_nine_pm_urges(phone, clock)
    clock.set(at_local(MONDAY + timedelta(days=14), 12))
    phone.text("STATS")
    assert "NUDGE ON" in phone.replies(answer)[0]
    with database.connection_context():
        someone = Member.get()
    assert not someone.nudge_on and someone.next_nudge_at is None
