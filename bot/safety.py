"""Safety first: crisis resources at once, scheduled messages held, a flag for a human.

Three levels (bot.understanding): a crisis gets the full resources in the member's language (the
National Domestic Violence Hotline too when someone else is the danger), a hold on scheduled texts
and a flag; a possible crisis gets its ordinary reply plus "are you safe right now?" and a flag,
nothing held, and a no or a doubt in answer escalates to a crisis; a text the bot could not place
gets a human's look. While a crisis flag is open, everything the member texts is added to it.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot import outbox
from bot.models import FlagNote, Message, SafetyFlag
from bot.prompts import say

log = logging.getLogger(__name__)

CRISIS_DANGERS = ("self", "other", "both")
SAFE_WINDOW = timedelta(hours=12)  # how long "are you safe right now?" waits for its answer
REVIEW_WORDS = 8  # an unrecognised text this long may be something a human should read


def _resources(member, danger: str, language: str) -> tuple[str, str]:
    prompt = f"crisis.{danger}" + (".es" if language == "es" else "")
    return say(member, prompt)


def crisis(turn):
    """Crisis resources for the danger (self, other or both), a hold and a flag; a text that also
    asks to stop ("stop, I want to die") gets the opt-out too, after the resources."""
    intent = turn.intent
    return _raise_crisis(turn, intent.danger or "self", intent.language, also_stop=intent.also_stop)


def _raise_crisis(turn, danger: str, language: str, *, also_stop: bool = False):
    member = turn.member
    SafetyFlag.create(member=member, message=_latest_inbound(member), danger=danger, created_at=turn.now)
    member.safety_hold = True
    outbox.hold_all(member.id, turn.now)
    log.warning("safety flag (%s) raised for member #%s", danger, member.id)
    replies = [_resources(member, danger, language)]
    if also_stop:
        outbox.opt_out(member, turn.now, "member texted STOP with a crisis message")
        replies.append(say(member, "stop.confirm.es" if language == "es" else "stop.confirm"))
    else:
        member.expect("safe", until=_safe_window(turn.now))
    return replies


def possible(turn, replies):
    """A text with distress cues: its ordinary replies, then a gentle safety check and a flag, no hold."""
    member = turn.member
    if not _open_flag(member):
        SafetyFlag.create(member=member, message=_latest_inbound(member), danger="possible", created_at=turn.now)
        log.info("possible-distress flag raised for member #%s", member.id)
    member.expect("safe", until=_safe_window(turn.now))
    check = "safety.check.es" if turn.intent.language == "es" else "safety.check"
    return [*replies, say(member, check)]


def safe(turn):
    """"Yes, I'm safe" after a safety check: thanked; after a crisis it is added to the flag and clears nothing."""
    member = turn.member
    member.expect(None)
    flag = _open_flag(member)
    if flag is not None and flag.danger in CRISIS_DANGERS:
        return [say(member, "safety.noted.es" if turn.intent.language == "es" else "safety.noted")]
    return [say(member, "safety.thanks")]


def unsafe(turn):
    """A no, or a doubt, in answer to "are you safe right now?": the full crisis reply."""
    flag = _open_flag(turn.member)
    danger = flag.danger if flag is not None and flag.danger in CRISIS_DANGERS else "both"
    if flag is not None and flag.danger not in CRISIS_DANGERS:
        SafetyFlag.update(danger=danger).where(SafetyFlag.id == flag.id).execute()
        turn.member.safety_hold = True
        outbox.hold_all(turn.member.id, turn.now)
        turn.member.expect("safe", until=_safe_window(turn.now))
        return [_resources(turn.member, danger, turn.intent.language)]
    return _raise_crisis(turn, danger, turn.intent.language)


def note_on_open_flag(turn) -> None:
    """Add the member's text to their open crisis flag, for the human who takes it on.

    A member loaded by bot.inbound carries `crisis_flag_open` (read with the member itself):
    False means there is no such flag, and nothing is queried.
    """
    if not getattr(turn.member, "crisis_flag_open", True):
        return
    flag = _open_flag(turn.member)
    if flag is not None and flag.danger in CRISIS_DANGERS:
        FlagNote.create(flag=flag, message=_latest_inbound(turn.member), created_at=turn.now)


def review(turn) -> None:
    """Flag an unrecognised, substantial text for a human, at most one open flag per member.

    Word lists and models miss new ways of saying one is in danger; a person reading what the bot
    could not place is the safety net. No hold, no crisis reply.
    """
    member = turn.member
    if _open_flag(member) is None:
        SafetyFlag.create(member=member, message=_latest_inbound(member), danger="review", created_at=turn.now)


def _open_flag(member) -> SafetyFlag | None:
    return (SafetyFlag.select().where((SafetyFlag.member == member.id) & (SafetyFlag.state != "resolved"))
            .order_by(SafetyFlag.id.desc()).first())


def _safe_window(now: datetime) -> datetime:
    return now + SAFE_WINDOW


def _latest_inbound(member) -> Message | None:
    return (Message.select().where((Message.member == member.id) & (Message.direction == "in"))
            .order_by(Message.id.desc()).first())
