"""Urge episodes: no silent dead ends during a pause or a safety hold, and how long an urge took, counted
only when the answer came within its window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.db import database
from bot.models import Member, ScheduledMessage, UrgeEpisode
from bot.planner import run_planning
from bot.reflections import median_minutes


def consented(phone):
    phone.text("hi")
    phone.text("YES")
    phone.text("12")


def only(model, **where):
    with database.connection_context():
        return model.get(**where) if where else model.get()


def test_an_urge_during_a_pause_says_no_followup_will_come_and_takes_the_rating_when_it_comes(
        phone, dispatch, transport, clock):
    consented(phone)
    phone.text("PAUSE 3d")
    replies = phone.replies("I really want to call him")
    assert "20 minutes" in replies[0]
    assert replies[-1] == ("Your scheduled texts are paused, so no follow-up will come. When the wait is up, "
                           "text me how strong it is, 1 to 5, or RESUME.")
    clock.advance(minutes=25)
    dispatch()
    assert transport.sent == []
    with database.connection_context():
        assert not ScheduledMessage.select().where(ScheduledMessage.kind == "urge_followup").exists()
    assert "25 minutes" in phone.replies("2")[0]
    episode = only(UrgeEpisode)
    assert (episode.outcome, episode.minutes) == ("waited_out", 25)


def test_an_urge_during_a_safety_hold_says_plainly_what_will_not_follow(phone, dispatch, transport, clock):
    consented(phone)
    phone.text("I want to kill myself")
    replies = phone.replies("URGE")
    assert "no follow-up will come" in replies[-1] and "988" in replies[-1]
    clock.advance(minutes=30)
    dispatch()
    assert transport.sent == []
    assert "how strong" not in " ".join(transport.bodies())


def test_a_pause_that_ends_before_the_delay_still_gets_the_followup(phone, dispatch, transport, clock):
    consented(phone)
    phone.text("PAUSE 10m")
    assert only(Member).paused_until == clock() + timedelta(minutes=10)
    assert len(phone.replies("URGE")) == 1  # no note: the follow-up can come
    clock.advance(minutes=20)
    dispatch()
    assert "how strong" in transport.bodies()[-1].lower()


def test_a_rating_the_next_morning_does_not_become_the_duration_or_move_the_median(phone, dispatch, clock):
    consented(phone)
    phone.text("URGE")
    clock.advance(minutes=15)
    phone.text("1")  # 15 minutes: counted
    clock.set(datetime(2026, 11, 25, 3, 0, tzinfo=UTC))  # 22:00 in New York
    phone.text("URGE")
    clock.advance(minutes=20)
    dispatch()  # the follow-up goes: the member texted in the last hour
    clock.set(datetime(2026, 11, 25, 14, 30, tzinfo=UTC))  # 09:30 next morning, 12 and a half hours later
    with database.connection_context():
        run_planning(clock())  # the worker has quietly expired the unanswered urge
    reply = phone.replies("2")[0]
    assert "minutes" not in reply and "eased" in reply
    with database.connection_context():
        late = UrgeEpisode.select().order_by(UrgeEpisode.id.desc()).get()
        assert (late.outcome, late.minutes) == ("waited_out", None)
        assert median_minutes(Member.get(), clock()) == 15


def test_a_rating_within_an_hour_of_the_followup_counts_its_whole_length(phone, dispatch, clock):
    consented(phone)
    phone.text("URGE")
    clock.advance(minutes=20)
    dispatch()
    clock.advance(minutes=55)
    assert "75 minutes" in phone.replies("2")[0]
    assert only(UrgeEpisode).minutes == 75


def test_a_strong_rating_long_after_it_was_asked_is_a_new_wave(phone, dispatch, clock):
    consented(phone)
    phone.text("URGE")
    clock.advance(minutes=20)
    dispatch()
    clock.advance(hours=2)
    reply = phone.replies("4")[0]
    assert "20 minutes" in reply  # a new wait, not "20 more minutes" of the old one
    with database.connection_context():
        assert [e.outcome for e in UrgeEpisode.select().order_by(UrgeEpisode.id)] == ["superseded", "open"]


def test_a_member_who_texts_at_three_am_is_told_of_the_night_exception_and_gets_the_followup(
        phone, dispatch, transport, clock):
    clock.set(datetime(2026, 11, 25, 8, 0, tzinfo=UTC))  # 03:00 in New York
    phone.text("i cant sleep and i want to text him")
    consent = phone.replies("yes")[0]
    assert "At night I stay quiet, except to follow up on an urge you just texted about" in consent
    clock.advance(minutes=20)
    dispatch()
    assert "how strong" in transport.bodies()[-1].lower()  # 03:20, as the consent text said it might


def urge_left_strong(phone, clock):
    """A consented member's urge that stayed strong through every round."""
    consented(phone)
    phone.text("I really want to call him")
    for rating in ("5", "4", "4"):
        clock.advance(minutes=21)
        phone.text(rating)


def test_a_call_made_soon_after_an_urge_stayed_strong_is_how_that_urge_ended(phone, clock):
    urge_left_strong(phone, clock)
    assert only(UrgeEpisode).outcome == "still_strong"
    clock.advance(minutes=40)
    phone.text("ok i called him. he picked up and was nice about it")
    assert only(UrgeEpisode).outcome == "contacted"


def test_a_call_the_next_day_leaves_the_urge_that_stayed_strong_as_it_was(phone, clock):
    urge_left_strong(phone, clock)
    clock.advance(hours=20)
    phone.text("ok i called him. he picked up and was nice about it")
    assert only(UrgeEpisode).outcome == "still_strong"
