"""Scenario tests: whole conversations over the signed webhook with a fake clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.db import database
from bot.models import CheckIn, Contact, HeldDraft, Member, Message, SafetyFlag, ScheduledMessage, UrgeEpisode
from bot.planner import run_planning


def consented(phone):
    """A member who has said hello and YES, and answered the baseline question."""
    phone.text("hi")
    phone.text("YES")
    phone.text("12")


def only(model, **where):
    with database.connection_context():
        return model.get(**where) if where else model.get()


def test_first_text_gets_a_welcome_that_says_what_this_is_and_how_to_stop(phone):
    replies = phone.replies("hi")
    welcome = " ".join(replies)
    assert "automated" in welcome.lower() and "STOP" in welcome and "988" in welcome
    assert "YES" in replies[-1]


def test_a_first_text_that_is_an_urge_is_helped_at_once(phone):
    replies = phone.replies("I really want to call him right now")
    assert len(replies) == 3
    assert "20" in replies[1]
    assert only(UrgeEpisode).outcome == "open"


def test_yes_gives_consent_states_the_guessed_zone_and_asks_for_a_baseline(phone):
    phone.text("hello")
    replies = phone.replies("yes")
    assert "America/New_York" in replies[0]
    assert "last week" in replies[1]
    assert phone.replies("about 9")
    member = only(Member)
    assert (member.status, member.baseline_weekly) == ("active", 9)
    assert member.consent_at is not None


def test_time_zone_name_and_checkin_time_are_changeable(phone):
    consented(phone)
    assert "America/Los_Angeles" in phone.replies("TZ Pacific")[0]
    assert "America/Chicago" in phone.replies("tz America/Chicago")[0]
    phone.replies("TZ Narnia")
    phone.replies("NAME Sam")
    phone.replies("TIME 7:30pm")
    bad = phone.replies("TIME 3am")
    member = only(Member)
    assert (member.timezone, member.spouse_name, member.checkin_time) == ("America/Chicago", "Sam", "19:30")
    assert "TIME" in bad[0]


def test_urge_that_passes_is_celebrated_and_recorded_with_its_duration(phone, dispatch, transport, clock):
    consented(phone)
    phone.text("URGE")
    clock.advance(minutes=20)
    dispatch()
    assert "how strong" in transport.bodies()[-1].lower()
    clock.advance(minutes=3)
    assert "23" in phone.replies("2")[0]
    episode = only(UrgeEpisode)
    assert episode.outcome == "waited_out"
    assert episode.closed_at - episode.opened_at == timedelta(minutes=23)


def test_a_strong_urge_gets_three_rounds_then_less_not_never(phone, dispatch, transport, clock):
    consented(phone)
    phone.text("urgw")
    answers = []
    for rating in ("4", "5", "4"):
        clock.advance(minutes=20)
        dispatch()
        answers.append(phone.replies(rating)[0])
    assert "20" in answers[0] and "20" in answers[1]
    assert "short" in answers[2].lower()
    clock.advance(hours=2)
    dispatch()
    assert len(transport.sent) == 3
    assert only(UrgeEpisode).outcome == "still_strong"


def test_an_unanswered_urge_expires_quietly(phone, dispatch, transport, clock):
    consented(phone)
    phone.text("URGE")
    clock.advance(minutes=20)
    dispatch()
    clock.advance(hours=7)
    with database.connection_context():
        run_planning(clock())
    dispatch()
    assert len(transport.sent) == 1
    assert only(UrgeEpisode).outcome == "expired"


def test_a_newer_urge_replaces_the_stale_followup(phone, dispatch, transport, clock):
    consented(phone)
    phone.text("URGE")
    clock.advance(minutes=10)
    phone.text("i want to text her so bad")
    clock.advance(minutes=10)
    dispatch()
    assert transport.sent == []
    clock.advance(minutes=10)
    dispatch()
    assert len(transport.sent) == 1
    with database.connection_context():
        assert [e.outcome for e in UrgeEpisode.select().order_by(UrgeEpisode.id)] == ["superseded", "open"]


def test_logged_contact_cancels_the_followup_and_asks_how_it_was_received(phone, dispatch, transport, clock):
    consented(phone)
    phone.text("URGE")
    clock.advance(minutes=5)
    assert phone.replies("I called him")
    assert only(Member).awaiting == "reception"
    phone.replies("no")
    clock.advance(hours=1)
    dispatch()
    assert transport.sent == []
    contact = only(Contact)
    assert (contact.initiator, contact.reception, contact.needed) == ("member", "not_glad", False)
    assert only(UrgeEpisode).outcome == "contacted"


def test_not_sure_is_a_reception_answer(phone):
    consented(phone)
    phone.text("texed him again")
    phone.text("not sure")
    assert only(Contact).reception == "unsure"


def test_needed_contact_never_counts_as_a_slip(phone):
    consented(phone)
    phone.text("I called him about the kids pickup")
    phone.text("CALLED")
    phone.text("NEEDED")
    with database.connection_context():
        assert [c.needed for c in Contact.select().order_by(Contact.id)] == [True, True]
    stats = " ".join(phone.replies("STATS"))
    assert "you reached out 0" in stats


def test_spouse_reaching_out_is_recorded_as_spouse_initiated(phone):
    consented(phone)
    phone.text("NAME Sam")
    replies = phone.replies("he called me!")
    assert replies and "Sam" in replies[0]
    assert only(Contact).initiator == "spouse"


def test_held_draft_comes_back_next_morning_and_can_be_let_go(phone, dispatch, transport, clock):
    consented(phone)
    saved = phone.replies("HOLD I miss you so much, can we talk tonight?")
    assert "tomorrow at 9:00 AM" in saved[0]
    clock.set(datetime(2026, 11, 25, 13, 59, tzinfo=UTC))
    dispatch()
    assert transport.sent == []
    clock.set(datetime(2026, 11, 25, 14, 0, tzinfo=UTC))  # 09:00 in New York
    dispatch()
    assert transport.bodies()[-1] == "Your note from yesterday is ready. Reply SHOW to see it."
    assert "I miss you so much, can we talk tonight?" in phone.replies("SHOW")[0]
    phone.replies("let it go")
    assert only(HeldDraft).state == "let_go"


def test_hold_with_a_duration_returns_after_it(phone, dispatch, transport, clock):
    consented(phone)
    assert "2 hours" in phone.replies("hold 2h call me when you can")[0]
    clock.advance(hours=2)
    dispatch()
    assert "earlier today" in transport.bodies()[-1] and "call me" not in transport.bodies()[-1]
    assert "call me when you can" in phone.replies("what did i write")[0]
    phone.replies("SEND")
    assert only(HeldDraft).state == "send"


def test_the_bot_only_ever_texts_its_member(phone, dispatch, transport, clock):
    consented(phone)
    phone.text("HOLD hey it's me")
    phone.text("URGE")
    clock.advance(days=2)
    for _ in range(3):
        with database.connection_context():
            run_planning(clock())
        dispatch()
        clock.advance(hours=12)
    assert {to for (to, _, _) in transport.sent} <= {phone.number}


def test_daily_checkin_at_seven_records_a_number(phone, dispatch, transport, clock):
    consented(phone)
    clock.set(datetime(2026, 11, 24, 23, 50, tzinfo=UTC))  # 18:50 New York
    with database.connection_context():
        assert run_planning(clock()) == 1
        assert run_planning(clock()) == 0
    clock.set(datetime(2026, 11, 25, 0, 0, tzinfo=UTC))
    dispatch()
    assert "today" in transport.bodies()[-1]
    assert phone.replies("3")
    assert only(CheckIn).count == 3


def test_stats_compare_this_week_last_week_and_baseline(phone, clock):
    consented(phone)
    for _ in range(2):
        phone.text("I texted him")
        phone.text("yes")
    clock.advance(days=8)
    phone.text("I called her")
    phone.text("he texted me")
    phone.text("URGE")
    clock.advance(minutes=15)
    phone.text("1")
    stats = " ".join(phone.replies("stats"))
    assert "from Mon Nov 30): you reached out 1, last week 2" in stats and "12 a week" in stats
    assert "ease in about 15 minutes" in stats  # median minutes for an urge to pass


def test_weekly_reflection_arrives_sunday_evening(phone, dispatch, transport, clock):
    consented(phone)
    phone.text("I called him")
    clock.set(datetime(2026, 11, 29, 22, 50, tzinfo=UTC))  # Sunday 17:50 New York
    with database.connection_context():
        run_planning(clock())
    clock.set(datetime(2026, 11, 29, 23, 0, tzinfo=UTC))
    dispatch()
    assert any("Your first week, since Tue Nov 24: reached out 1." in body for body in transport.bodies())


def test_pause_stops_checkins_and_resume_brings_them_back(phone, dispatch, transport, clock):
    consented(phone)
    assert phone.replies("PAUSE 3d")
    for day in range(3):
        clock.set(datetime(2026, 11, 24 + day, 23, 50, tzinfo=UTC))
        with database.connection_context():
            run_planning(clock())
        dispatch(clock() + timedelta(minutes=10))
    assert transport.sent == []
    phone.text("RESUME")
    clock.set(datetime(2026, 11, 27, 23, 50, tzinfo=UTC))
    with database.connection_context():
        run_planning(clock())
    dispatch(clock() + timedelta(minutes=10))
    assert len(transport.sent) == 1


def test_delete_needs_confirmation_within_ten_minutes_then_erases_everything(phone, clock):
    consented(phone)
    phone.text("URGE")
    phone.text("DELETE")
    clock.advance(minutes=11)
    phone.text("DELETE")
    assert only(Member).baseline_weekly == 12  # the first request lapsed
    replies = phone.replies("DELETE")
    assert replies
    with database.connection_context():
        member = Member.get()
        assert (member.baseline_weekly, member.consent_at, member.status) == (None, None, "new")
        assert UrgeEpisode.select().count() == ScheduledMessage.select().count() == 0
        assert Message.select().where(Message.direction == "in").count() == 0


@pytest.mark.parametrize("text", ["I want to kill myself", "i took a bunch of pills", "been cutting again"])
def test_crisis_text_gets_crisis_lines_holds_messages_and_flags_a_human(phone, dispatch, transport, clock, text):
    consented(phone)
    phone.text("URGE")
    reply = " ".join(phone.replies(text))
    assert "988" in reply and "741741" in reply and "911" in reply
    clock.advance(minutes=30)
    dispatch()
    assert transport.sent == []
    flag = only(SafetyFlag)
    assert flag.state == "open" and flag.danger == "self"
    assert only(ScheduledMessage).state == "held"


def test_fear_of_the_spouse_adds_the_domestic_violence_hotline(phone):
    consented(phone)
    reply = " ".join(phone.replies("he hit me and I'm scared he'll come back"))
    assert "1-800-799-7233" in reply and "88788" in reply and "988" in reply
    assert only(SafetyFlag).danger == "other"


def test_stop_with_a_crisis_gets_both_the_crisis_reply_and_the_opt_out(phone):
    consented(phone)
    replies = phone.replies("stop, I want to die")
    assert "988" in replies[0] and "START" in replies[-1]
    assert only(Member).status == "opted_out"
    assert only(SafetyFlag).state == "open"


def test_scheduled_texts_stay_discreet_unless_the_member_opts_in(phone, dispatch, transport, clock):
    consented(phone)
    phone.text("NAME Sam")
    phone.text("URGE")
    clock.advance(minutes=20)
    dispatch()
    assert "Sam" not in transport.bodies()[-1]
    phone.text("1")
    assert "DISCREET ON" in phone.replies("discreet off")[0]
    phone.text("URGE")
    clock.advance(minutes=20)
    dispatch()
    assert "Sam" in transport.bodies()[-1]


def test_the_whole_loop_reads_as_a_transcript(phone, dispatch, clock, runner):
    import json

    phone.text("I want to text him so bad")
    phone.text("YES")
    phone.text("8")
    clock.advance(minutes=20)
    dispatch()
    clock.advance(minutes=4)
    phone.text("2")
    result = runner.invoke(args=["transcript", phone.number, "--json"])
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [(line["direction"], line["kind"]) for line in lines] == [
        ("in", "inbound"), ("out", "welcome"), ("out", "urge.reply"), ("out", "welcome.consent"),
        ("in", "inbound"), ("out", "consent.given"), ("out", "onboarding.baseline"),
        ("in", "inbound"), ("out", "onboarding.baseline_saved"),
        ("out", "urge_followup"),
        ("in", "inbound"), ("out", "urge.passed"),
    ]
    assert lines[-1]["at"] == "2026-11-24T15:24:00+00:00" and "24" in lines[-1]["body"]


def test_a_draft_due_during_an_open_pause_comes_back_on_resume(phone, dispatch, transport, clock):
    consented(phone)
    phone.text("HOLD 1h are you free this weekend")
    phone.text("PAUSE")
    clock.advance(hours=2)
    dispatch()
    assert transport.sent == []
    phone.text("RESUME")
    dispatch()
    assert "SHOW" in transport.bodies()[-1]
    assert "are you free this weekend" in phone.replies("show me")[0]


def test_a_long_text_the_bot_cannot_place_goes_to_a_human_with_988_in_the_reply(phone, dispatch, transport, clock):
    consented(phone)
    phone.text("URGE")
    phone.text("to feel close to him")  # the answer to the reflective question
    reply = phone.replies("the quarterly report needs formatting changes before the meeting on thursday afternoon")[0]
    assert "988" in reply
    flag = only(SafetyFlag)
    assert (flag.danger, flag.state) == ("review", "open")
    clock.advance(minutes=20)
    dispatch()
    assert len(transport.sent) == 1  # a review holds nothing back
    phone.text("and another long message that the bot will not understand at all today")
    with database.connection_context():
        assert SafetyFlag.select().count() == 1  # one open review per member


def test_a_short_unclear_text_gets_the_menu_and_no_flag(phone):
    consented(phone)
    assert "URGE" in phone.replies("hmm")[0]
    with database.connection_context():
        assert SafetyFlag.select().count() == 0


def test_urge_with_a_number_records_its_strength_before_the_delay(phone, dispatch, clock):
    consented(phone)
    phone.text("URGE 4")
    clock.advance(minutes=20)
    dispatch()
    phone.text("1")
    episode = only(UrgeEpisode)
    assert (episode.first_rating, episode.last_rating, episode.outcome) == (4, 1, "waited_out")
