"""Held drafts: discreet on the lock screen, shown on SHOW (or plain words), and the decision left open."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.db import database
from bot.models import HeldDraft

NIGHT = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # Tuesday 22:00 in New York
MORNING = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)  # Wednesday 09:00


def consented(phone):
    phone.text("hi")
    phone.text("YES")
    phone.text("12")
    phone.text("NAME Dave")


def draft():
    with database.connection_context():
        return HeldDraft.get()


@pytest.mark.parametrize("words", ["SHOW", "show me", "what did i write?", "ok", "lemme see it"])
def test_a_returned_draft_is_discreet_on_the_lock_screen_and_shown_when_asked(phone, dispatch, transport, clock,
                                                                               words):
    consented(phone)
    clock.set(NIGHT)
    assert "tomorrow at 9:00 AM" in phone.replies("HOLD Dave I miss you so much, can we talk?")[0]
    clock.set(MORNING)
    dispatch()
    assert transport.bodies()[-1] == "Your note from last night is ready. Reply SHOW to see it."
    shown = phone.replies(words)[0]
    assert "Dave I miss you so much, can we talk?" in shown and "SEND, REWORK or LET GO" in shown
    assert draft().state == "returned"  # the question stays open
    phone.replies("i'll let it go")
    assert draft().state == "let_go"


def test_not_now_keeps_the_note_and_show_later_still_shows_it(phone, dispatch, clock):
    consented(phone)
    phone.text("HOLD 1h are you around this weekend")
    clock.advance(hours=1)
    dispatch()
    assert "SHOW" in phone.replies("not now")[0]
    assert draft().state == "returned"
    clock.advance(hours=3)
    assert "are you around this weekend" in phone.replies("SHOW")[0]
    phone.text("rework it")
    assert draft().state == "rework"


def test_a_member_who_opted_out_of_discretion_gets_the_draft_in_full_and_decides_at_once(phone, dispatch, transport,
                                                                                          clock):
    consented(phone)
    phone.text("DISCREET OFF")
    phone.text("HOLD 2h Dave call me")
    clock.advance(hours=2)
    dispatch()
    assert "Dave call me" in transport.bodies()[-1]
    phone.text("send it")
    assert draft().state == "send"


def test_a_note_held_late_in_the_evening_says_when_it_will_really_come(phone, clock):
    consented(phone)
    clock.set(NIGHT)
    reply = phone.replies("HOLD 1h we should talk")[0]
    assert "tomorrow at 9:00 AM" in reply and "1 hour" not in reply
    assert draft().return_at == MORNING


def test_a_note_held_during_an_open_pause_comes_back_after_resume_and_says_so(phone, clock):
    consented(phone)
    phone.text("PAUSE")
    assert "after you text RESUME" in phone.replies("HOLD 1h thinking of you")[0]


def test_show_with_no_note_back_yet_says_when_it_comes(phone, clock):
    consented(phone)
    assert "HOLD" in phone.replies("SHOW")[0]  # nothing held: how to keep one
    phone.text("HOLD thinking of you")
    assert "tomorrow at 9:00 AM" in phone.replies("show me")[0]
    assert draft().state == "held"


def test_the_returned_note_says_when_it_was_held_as_the_member_reads_it():
    from bot.drafts import held_phrase

    def at(day, hour):
        return datetime(2026, 11, day, hour, 0, tzinfo=UTC)  # UTC; New York is five hours behind

    back = at(25, 14)  # Wednesday 09:00 in New York
    assert [held_phrase(at(day, hour), back, "America/New_York") for day, hour in
            ((25, 8), (25, 13), (25, 3), (24, 19), (21, 15))] == [
        "last night", "earlier today", "last night", "yesterday", "on Saturday"]
