"""A member's own numbers: local calendar weeks, stated; their baseline, warmly; zero days celebrated;
durations that count only answers within their window; fewer texts offered after quiet weeks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot import timejump
from bot.db import database
from bot.models import Member, Message, UrgeEpisode
from bot.planner import run_planning
from bot.reflections import median_minutes

SUNDAY_EVENING = datetime(2026, 11, 29, 22, 50, tzinfo=UTC)  # Sunday 17:50 in New York


def consented(phone, baseline="25"):
    phone.text("hi")
    phone.text("YES")
    phone.text(baseline)


def member():
    with database.connection_context():
        return Member.get()


def test_the_first_week_has_no_last_week_and_says_which_week_it_is(phone):
    consented(phone)
    phone.text("I texted him")
    stats = phone.replies("STATS")
    assert stats[0] == "Your first week, since Tue Nov 24: you reached out 1. Urges waited out: 0. They reached out: 0."
    assert "last week" not in " ".join(stats)


def test_last_week_does_not_shift_with_the_day_they_ask(phone, clock):
    consented(phone)
    phone.text("I texted him")  # Tuesday Nov 24
    clock.advance(days=2)
    phone.text("called her")  # Thursday Nov 26
    clock.set(datetime(2026, 12, 1, 15, 0, tzinfo=UTC))  # the next Tuesday
    tuesday = phone.replies("STATS")[0]
    clock.set(datetime(2026, 12, 5, 15, 0, tzinfo=UTC))  # that Saturday
    saturday = phone.replies("STATS")[0]
    assert "(Mon-Sun, from Mon Nov 30): you reached out 0, last week 2" in tuesday
    assert "(Mon-Sun, from Mon Nov 30): you reached out 0, last week 2" in saturday


def test_weeks_are_the_members_local_calendar_weeks(phone, clock):
    consented(phone)
    phone.text("TZ Pacific")
    clock.set(datetime(2026, 11, 30, 6, 0, tzinfo=UTC))  # Sunday 22:00 in Los Angeles, Monday in UTC
    phone.text("I texted him")
    stats = phone.replies("STATS")[0]
    assert "first week, since Tue Nov 24: you reached out 1" in stats  # still Sunday there
    clock.set(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))  # Monday 01:00 there
    assert "from Mon Nov 30): you reached out 0, last week 1" in phone.replies("STATS")[0]


def test_the_week_is_set_against_their_starting_point_warmly(phone, clock):
    consented(phone, "25")
    clock.set(datetime(2026, 12, 1, 15, 0, tzinfo=UTC))
    for _ in range(3):
        phone.text("I texted him")
        phone.text("not sure")
    assert phone.replies("STATS")[1] == "25 a week at the start, 3 this week: that's a lot of room you gave."


def test_a_week_no_better_than_the_start_is_met_gently(phone, clock):
    consented(phone, "2")
    phone.text("I texted him 3 times")
    line = phone.replies("STATS")[1]
    assert "3 this week" in line and "2 a week at the start" in line and "harder" in line


def test_a_zero_contact_day_is_celebrated_not_one_data_point(phone, dispatch, transport, clock):
    consented(phone)
    clock.set(datetime(2026, 11, 24, 23, 50, tzinfo=UTC))
    with database.connection_context():
        run_planning(clock())
    dispatch(datetime(2026, 11, 25, 0, 0, tzinfo=UTC))
    reply = phone.replies("0")[0]
    assert "data point" not in reply and "room you gave" in reply


def test_the_sunday_reflection_names_the_week_and_sets_it_against_the_start(phone, app, transport, clock):
    consented(phone, "25")
    clock.set(datetime(2026, 12, 1, 15, 0, tzinfo=UTC))
    phone.text("I texted him")
    with database.connection_context():
        timejump.jump(clock(), datetime(2026, 12, 6, 23, 0, tzinfo=UTC), app.config["SETTINGS"], transport)
        weekly = [m.body for m in Message.select().where(Message.kind == "weekly").order_by(Message.id)]
    assert weekly[-2:] == [
        "Your week (Mon-Sun, from Mon Nov 30): reached out 1, last week 0. Urges waited out: 0. They reached out: 0.",
        "25 a week at the start, 1 this week: that's a lot of room you gave."]


def test_the_median_counts_only_urges_answered_within_their_window(app, clock):
    with database.connection_context():
        someone = Member.create(phone="+12125550123", created_at=clock(), timezone="America/New_York")
        for minutes in (10, 20, None):
            UrgeEpisode.create(member=someone, opened_at=clock() - timedelta(hours=13), closed_at=clock(),
                               outcome="waited_out", minutes=minutes)
        assert median_minutes(someone, clock()) == 15


def three_weeks_in(phone, clock):
    """A member who joined three weeks before this Sunday."""
    with database.connection_context():
        Member.update(created_at=datetime(2026, 11, 5, 15, 0, tzinfo=UTC)).execute()


def test_after_three_quiet_weeks_the_sunday_reflection_offers_fewer_texts_and_a_yes_tapers(phone, dispatch, transport,
                                                                                        clock):
    consented(phone)
    three_weeks_in(phone, clock)
    clock.set(SUNDAY_EVENING)
    with database.connection_context():
        run_planning(clock())
    dispatch(SUNDAY_EVENING + timedelta(minutes=10))
    offer = transport.bodies()[-1]
    assert "Three quiet weeks" in offer and "every other day" in offer
    assert "every other day" in phone.replies("sure, lets try that")[0]
    assert member().frequency == "every_other_day"


def test_no_offer_of_fewer_texts_after_a_week_that_was_not_quiet(phone, dispatch, transport, clock):
    consented(phone)
    three_weeks_in(phone, clock)
    phone.text("I texted him 3 times")
    clock.set(SUNDAY_EVENING)
    with database.connection_context():
        run_planning(clock())
    dispatch(SUNDAY_EVENING + timedelta(minutes=10))
    assert transport.sent and not any("quiet weeks" in body for body in transport.bodies())


def test_keeping_them_as_they_are_is_an_answer_too(phone, dispatch, clock):
    consented(phone)
    three_weeks_in(phone, clock)
    clock.set(SUNDAY_EVENING)
    with database.connection_context():
        run_planning(clock())
    dispatch(SUNDAY_EVENING + timedelta(minutes=10))
    assert "stay as they are" in phone.replies("no, keep them as they are")[0]
    assert member().frequency == "daily"
