"""Held drafts: the member parks a message, the bot hands it back after a cooling-off period.

The bot never sends a draft to anyone: it only returns it to the member. On a lock screen the return
is discreet ("Your note from last night is ready. Reply SHOW to see it") unless the member opted out
of discretion (DISCREET OFF); SHOW, or plain words ("what did i write"), then shows it, and the
question of what to do with it stays open.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from bot import localtime, outbox
from bot.models import HeldDraft, Member
from bot.prepared import create
from bot.prompts import say, say_scheduled

MORNING = time(9, 0)
EVENING = time(17, 0)  # a note held from this hour on and returned the next day is "from last night"
SMALL_HOURS_END = time(4, 0)  # so is one held in the small hours and returned that morning
OPEN_ENDED = timedelta(days=365)  # a pause this long lasts until RESUME
REPLY = {"send": "hold.send", "rework": "hold.rework", "let_go": "hold.letgo"}


def hold(turn):
    """HOLD <text> or HOLD 2h <text>: keep it and schedule its return (default: next 09:00 local).

    A return that would fall in quiet hours comes when they end, and the reply says when it will
    really come: after a pause, or once scheduled texts start again after a safety hold.
    """
    member, now, intent = turn.member, turn.now, turn.intent
    if not intent.text:
        return [say(member, "hold.empty")]
    hours = localtime.member_hours(member.quiet_hours, turn.settings.quiet_hours)
    asked = now + intent.duration if intent.duration else localtime.next_local_time(now, member.timezone, MORNING)
    return_at = localtime.next_allowed(asked, member.timezone, hours)
    draft = create(HeldDraft, member=member, body=intent.text, created_at=now, return_at=return_at)
    _, body = say_scheduled(member, "hold.return", draft=intent.text, held=held_phrase(now, return_at, member.timezone))
    outbox.schedule(member, "hold_return", body, return_at, f"hold:{draft.id}", now, ref_id=draft.id)
    when = _when(member, now, intent.duration if return_at == asked else None, return_at, hours)
    return [say(member, "hold.saved", when=when)]


def _when(member: Member, now: datetime, duration: timedelta | None, return_at: datetime, hours) -> str:
    """When the draft will really come back, as the reply says it."""
    if member.safety_hold:
        return "once my scheduled texts start again"
    if member.paused_until is not None and member.paused_until > return_at:
        if member.paused_until - now > OPEN_ENDED:
            return "after you text RESUME"
        back = localtime.next_allowed(member.paused_until, member.timezone, hours)
        return "when your pause ends, " + localtime.describe(back, now, member.timezone)
    if duration is not None:
        return f"in {_duration(duration)}"
    return localtime.describe(return_at, now, member.timezone)


def held_phrase(held: datetime, back: datetime, tz: str) -> str:
    """When the note was held, as the member reads it on its return: "earlier today", "last night",
    "yesterday", "on Sunday"."""
    there, then = localtime.local(back, tz), localtime.local(held, tz)
    days = (there.date() - then.date()).days
    if days == 0:
        return "last night" if then.time() < SMALL_HOURS_END else "earlier today"
    if days == 1:
        return "last night" if then.time() >= EVENING else "yesterday"
    return f"on {then.strftime('%A')}" if days < 7 else f"on {then.strftime('%b')} {then.day}"


def returned_draft(member: Member, now: datetime) -> HeldDraft | None:
    """The member's latest draft that has been handed back and not yet decided on."""
    return (HeldDraft.select().where((HeldDraft.member == member.id) & (HeldDraft.state == "returned"))
            .order_by(HeldDraft.return_at.desc()).first())


def show(turn):
    """SHOW (or "what did i write"): the returned draft in full, and the question what to do with it.

    A draft still resting is not handed back early; with none, how to keep one.
    """
    member, now = turn.member, turn.now
    draft = returned_draft(member, now)
    if draft is not None:
        member.expect("draft", draft.id, now + timedelta(hours=12))
        return [say(member, "hold.shown", draft=draft.body)]
    resting = (HeldDraft.select().where((HeldDraft.member == member.id) & (HeldDraft.state == "held"))
               .order_by(HeldDraft.return_at).first())
    if resting is not None:
        return [say(member, "hold.resting", when=localtime.describe(resting.return_at, now, member.timezone))]
    return [say(member, "hold.none")]


def decide(turn):
    """What to do with a returned draft, in the member's words ("i'll let it go", "maybe rework it").

    Not sure yet: the draft stays kept and the question stays open (before it has been shown: SHOW
    whenever they like).
    """
    member, choice = turn.member, turn.intent.answer
    draft = returned_draft(member, turn.now)
    if draft is None:
        member.expect(None)
        return [say(member, "fallback")]
    if choice == "unsure":
        return [say(member, "hold.later" if member.awaiting == "draft_ready" else "hold.unsure")]
    member.expect(None)
    HeldDraft.update(state=choice).where(HeldDraft.id == draft.id).execute()
    return [say(member, REPLY[choice])]


def decide_later(turn):
    """A reply to a returned draft that decides nothing yet: it stays kept, the question open."""
    return [say(turn.member, "hold.unsure")] if returned_draft(turn.member, turn.now) else [say(turn.member, "fallback")]


def _duration(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes % 1440 == 0:
        days = minutes // 1440
        return f"{days} day{'s' if days != 1 else ''}"
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{minutes} minutes"
