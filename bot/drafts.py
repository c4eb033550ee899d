"""Held drafts: the member parks a message, the bot hands it back after a cooling-off period.

The bot never sends a draft to anyone: it only returns it to the member.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from bot import localtime, outbox
from bot.models import HeldDraft, Member
from bot.prompts import say

MORNING = time(9, 0)
REPLY = {"send": "hold.send", "rework": "hold.rework", "let_go": "hold.letgo"}


def hold(turn):
    """HOLD <text> or HOLD 2h <text>: keep it and schedule its return (default: next 09:00 local)."""
    member, now, intent = turn.member, turn.now, turn.intent
    if not intent.text:
        return [say(member, "hold.empty")]
    return_at = now + intent.duration if intent.duration else localtime.next_local_time(now, member.timezone, MORNING)
    draft = HeldDraft.create(member=member, body=intent.text, created_at=now, return_at=return_at)
    _, body = say(member, "hold.return", draft=intent.text)
    outbox.schedule(member, "hold_return", body, return_at, f"hold:{draft.id}", now, ref_id=draft.id)
    when = (f"in {_duration(intent.duration)}" if intent.duration
            else localtime.describe(return_at, now, member.timezone))
    return [say(member, "hold.saved", when=when)]


def returned_draft(member: Member, now: datetime) -> HeldDraft | None:
    """The member's latest draft that has been handed back and not yet decided on."""
    return (HeldDraft.select().where((HeldDraft.member == member.id) & (HeldDraft.state == "returned"))
            .order_by(HeldDraft.return_at.desc()).first())


def decide(turn):
    """What to do with a returned draft, in the member's words ("i'll let it go", "maybe rework it").

    Not sure yet: the draft stays kept and the question stays open.
    """
    member, choice = turn.member, turn.intent.answer
    draft = returned_draft(member, turn.now)
    if draft is None:
        member.expect(None)
        return [say(member, "fallback")]
    if choice == "unsure":
        return [say(member, "hold.unsure")]
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
