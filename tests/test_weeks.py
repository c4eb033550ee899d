"""One member's weeks over the signed webhook, with the worker's own jobs run moment by moment (bot.timejump):
a text at 3 a.m., a pause, a safety hold, TIME 9pm, and urges that cluster at one hour for two weeks.
Every promise the bot makes along the way is kept."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot import outbox, timejump
from bot.db import database
from bot.localtime import local
from bot.models import Member, Message

NEW_YORK = ZoneInfo("America/New_York")


def new_york(day: int, hour: int, minute: int = 0) -> datetime:
    """November `day`, 2026 at hour:minute in New York, in UTC."""
    return datetime(2026, 11, day, hour, minute, tzinfo=NEW_YORK).astimezone(UTC)


def test_a_members_weeks_keep_every_promise(phone, clock, app, transport):
    settings = app.config["SETTINGS"]

    def live_until(when: datetime) -> list[tuple[str, str, str]]:
        """The worker's jobs up to `when`: (local send time, kind, body) of each scheduled text on the way."""
        start = clock()
        with database.connection_context():
            timejump.jump(start, when, settings, transport)
            sent = [(f"{local(m.created_at, 'America/New_York'):%a %H:%M}", m.kind, m.body) for m in Message.select()
                    .where(Message.scheduled.is_null(False) & (Message.created_at > start)).order_by(Message.id)]
        clock.set(when)
        return sent

    # Sunday Nov 1, 03:00: a first text in the night. The consent text names the one night exception...
    clock.set(new_york(1, 3))
    assert len(phone.replies("i cant sleep and i want to text him so bad")) == 3
    assert "except to follow up on an urge you just texted about" in phone.replies("yes")[0]
    phone.text("25")
    # ...and the follow-up to that urge comes at 03:20, as it said.
    assert [(at, kind) for at, kind, _ in live_until(new_york(1, 3, 25))] == [("Sun 03:20", "urge_followup")]
    assert "minutes" in phone.replies("2")[0]

    # TIME 9pm is honoured, and said so.
    clock.set(new_york(1, 10))
    assert "at 9:00 PM, as you asked" in phone.replies("TIME 9pm")[0]

    # An urge during a pause says plainly that no follow-up will come, and none does.
    phone.text("PAUSE 2h")
    assert "no follow-up will come" in phone.replies("URGE")[-1]
    assert live_until(new_york(1, 11)) == []
    phone.text("1")

    # An urge during a safety hold says so too; a coach then releases the hold.
    clock.set(new_york(1, 13))
    phone.text("i want to die")
    assert "no follow-up will come" in phone.replies("i want to call him")[-1]
    assert live_until(new_york(1, 14)) == []
    with database.connection_context():
        Member.update(safety_hold=False).execute()
        outbox.release_held(Member.get().id, clock())
    phone.text("1")

    # The first Sunday's reflection at 6 PM; the 9 PM check-in at 9 PM, although that is inside quiet hours.
    sunday = [(at, kind) for at, kind, _ in live_until(new_york(1, 21, 5))]
    assert sunday[-1] == ("Sun 21:00", "checkin") and {at for at, kind in sunday[:-1] if kind == "weekly"} == {"Sun 18:00"}

    # Two weeks of urges at about 21:10, each waited out.
    for day in range(2, 16):
        clock.set(new_york(day, 21, 10))
        phone.text("I really want to text him")
        clock.advance(minutes=15)
        phone.text("2")

    # Sunday Nov 15: the weekly reflection is discreet, sets the week against the start, and offers the note.
    clock.set(new_york(15, 12))
    weekly = [(kind, body) for _, kind, body in live_until(new_york(15, 18, 5)) if kind != "checkin"]
    assert weekly[0][1].startswith("Your week (Mon-Sun, from Mon Nov 9): reached out 0, last week 0.")
    assert "25 a week" in weekly[1][1] and "this week" in weekly[1][1]
    assert weekly[-1] == ("nudge_offer", ("Your urges often come around 9:00 PM. Would a short note at 8:45 PM, "
                                          "a little before, help? Reply YES or NO."))
    assert all("him" not in body and "spouse" not in body for _, body in weekly)
    assert "8:45 PM each day" in phone.replies("yes please")[0]

    # The note comes at 8:45 PM, the check-in at 9 PM, on the evenings that follow.
    evening = [(at, kind) for at, kind, _ in live_until(new_york(16, 21, 30))]
    assert evening == [("Sun 20:45", "nudge"), ("Sun 21:00", "checkin"), ("Mon 20:45", "nudge"), ("Mon 21:00", "checkin")]

    # STATS says when their urges tend to come, and how long they take.
    stats = phone.replies("STATS")
    assert "Your urges ease in about 15 minutes" in " ".join(stats)
    assert stats[-1].startswith("Your urges tend to come around 9:00 PM")
