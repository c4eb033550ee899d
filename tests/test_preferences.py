"""Settings by text: an evening check-in time honoured, a night one explained; how often texts come (LESS / MORE)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot import localtime, timejump
from bot.db import database
from bot.models import Member, Message, ScheduledMessage


def consented(phone):
    phone.text("hi")
    phone.text("YES")
    phone.text("12")


def member():
    with database.connection_context():
        return Member.get()


def new_york(at: datetime) -> str:
    return localtime.local(at, "America/New_York").strftime("%a %H:%M")


def lived(app, transport, start: datetime, end: datetime, kind: str) -> list[str]:
    """Run the worker's jobs from `start` to `end`; the local send times of the texts of `kind`."""
    with database.connection_context():
        timejump.jump(start, end, app.config["SETTINGS"], transport)
        return [new_york(m.created_at) for m in Message.select().where(
            (Message.kind == kind) & (Message.direction == "out")).order_by(Message.created_at)]


@pytest.mark.parametrize(("command", "stored", "said"), [
    ("TIME 8pm", "20:00", "8:00 PM"), ("TIME 9pm", "21:00", "9:00 PM"), ("TIME 9:00 PM", "21:00", "9:00 PM"),
    ("time 10:30 pm", "22:30", "10:30 PM"), ("TIME 8", "20:00", "8:00 PM"),
])
def test_an_evening_checkin_time_inside_quiet_hours_is_honoured_and_said_so(phone, command, stored, said):
    consented(phone)
    reply = phone.replies(command)[0]
    assert f"at {said}, as you asked" in reply and "only scheduled text that late" in reply
    assert member().checkin_time == stored


@pytest.mark.parametrize(("command", "stored", "said"), [("TIME 6:30", "18:30", "6:30 PM"), ("TIME 7", "19:00", "7:00 PM"),
                                                         ("TIME 18:30", "18:30", "6:30 PM")])
def test_a_bare_evening_hour_is_read_as_the_evening(phone, command, stored, said):
    consented(phone)
    assert said in phone.replies(command)[0]
    assert member().checkin_time == stored


def test_a_checkin_at_nine_pm_comes_at_nine_while_other_texts_still_wait_for_morning(phone, app, transport, clock):
    from bot import outbox

    consented(phone)
    phone.text("TIME 9pm")
    with database.connection_context():
        outbox.schedule(Member.get(), "manual", "a note from your coach", datetime(2026, 11, 25, 2, 0, tzinfo=UTC),
                        "coach", clock())  # 21:00 in New York
    checkins = lived(app, transport, clock(), datetime(2026, 11, 26, 15, 0, tzinfo=UTC), "checkin")
    manual = lived(app, transport, clock(), clock(), "manual")
    assert checkins == ["Tue 21:00", "Wed 21:00"]
    assert manual == ["Wed 09:00"]


@pytest.mark.parametrize(("command", "offered", "kept"), [("TIME 3am", "11:00 PM", "23:00"),
                                                          ("TIME 1am", "11:00 PM", "23:00"),
                                                          ("TIME 7am", "9:00 AM", "09:00")])
def test_a_time_in_the_night_is_explained_with_the_nearest_allowed_time_and_a_yes_takes_it(phone, command, offered,
                                                                                          kept):
    consented(phone)
    reply = phone.replies(command)[0]
    assert "in your night" in reply and f"nearest time I can do is {offered}" in reply
    assert member().checkin_time == "19:00"
    phone.text("ok that works")
    assert member().checkin_time == kept


def test_a_no_to_the_nearest_time_keeps_the_checkin_where_it_was(phone):
    consented(phone)
    phone.text("TIME 4am")
    assert "stays at 7:00 PM" in phone.replies("no thanks")[0]
    assert member().checkin_time == "19:00"


def test_the_readme_settings_examples_work_as_written(phone):
    consented(phone)
    replies = [phone.replies(text)[0] for text in ("DELAY 30", "TZ Pacific", "NAME Sam", "TIME 8pm", "LESS", "MORE")]
    assert "30 minutes" in replies[0] and "America/Los_Angeles" in replies[1] and "Sam" in replies[2]
    assert "8:00 PM" in replies[3] and "every other day" in replies[4] and "every day" in replies[5]
    someone = member()
    assert (someone.delay_minutes, someone.checkin_time, someone.frequency) == (30, "20:00", "daily")


@pytest.mark.parametrize(("text", "frequency"), [
    ("LESS", "every_other_day"), ("text me less please", "every_other_day"), ("fewer check-ins", "every_other_day"),
    ("every other day is enough", "every_other_day"), ("just the weekly one please", "weekly"),
    ("weekly only", "weekly"), ("too many texts", "every_other_day"), ("so many check ins", "every_other_day"),
    ("u text me too much. can u cut it back", "every_other_day"),
])
def test_how_often_scheduled_texts_come_is_set_in_commands_or_plain_words(phone, text, frequency):
    consented(phone)
    phone.replies(text)
    assert member().frequency == frequency


@pytest.mark.parametrize("text", ["i texted him less this week", "I want to text her more", "he texts me every day"])
def test_a_report_about_the_spouse_is_not_a_request_for_fewer_texts(phone, text):
    consented(phone)
    phone.text(text)
    assert member().frequency == "daily"


def test_every_other_day_brings_a_checkin_on_alternate_evenings(phone, app, transport, clock):
    consented(phone)
    assert "every other day" in phone.replies("LESS")[0]
    assert lived(app, transport, clock(), clock() + timedelta(days=7), "checkin") == [
        "Tue 19:00", "Thu 19:00", "Sat 19:00", "Mon 19:00"]


def test_weekly_only_sends_the_sunday_note_and_no_checkins_and_more_brings_them_back(phone, app, transport, clock):
    consented(phone)
    phone.text("weekly only")
    assert "fewest" in phone.replies("LESS")[0]
    assert lived(app, transport, clock(), clock() + timedelta(days=6), "checkin") == []
    assert lived(app, transport, clock(), clock(), "weekly")[0] == "Sun 18:00"
    clock.advance(days=6)
    phone.text("back to daily")
    assert member().frequency == "daily"
    assert lived(app, transport, clock(), clock() + timedelta(days=1), "checkin") == ["Mon 19:00"]


def test_less_in_answer_to_how_strong_is_it_is_a_rating_not_a_setting(phone, dispatch, clock):
    consented(phone)
    phone.text("URGE")
    clock.advance(minutes=20)
    dispatch()
    assert "minutes" in phone.replies("less")[0]
    assert member().frequency == "daily"


def test_every_day_in_answer_to_the_baseline_question_is_seven(phone):
    phone.text("hi")
    phone.text("YES")
    phone.text("every day")
    someone = member()
    assert (someone.baseline_weekly, someone.frequency) == (7, "daily")


def test_a_paused_member_gets_no_checkins_whatever_the_frequency(phone, app, transport, clock):
    consented(phone)
    phone.text("PAUSE 3d")
    lived(app, transport, clock(), clock() + timedelta(days=2), "checkin")
    with database.connection_context():
        assert not ScheduledMessage.select().where(ScheduledMessage.state == "sent").exists()
