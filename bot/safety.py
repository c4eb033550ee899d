"""Safety first: crisis resources at once, scheduled messages held, a flag for a human."""

from __future__ import annotations

import logging

from bot import outbox
from bot.models import Message, SafetyFlag
from bot.prompts import say

log = logging.getLogger(__name__)


def crisis(turn):
    """Crisis resources (plus the domestic violence line when someone else is the danger), a hold and a flag.

    A text that also asks to stop ("stop, I want to die") gets the opt-out
    too, after the resources.
    """
    member, danger = turn.member, turn.intent.danger or "self"
    inbound = _latest_inbound(member)
    SafetyFlag.create(member=member, message=inbound, danger=danger, created_at=turn.now)
    member.safety_hold = True
    outbox.hold_all(member.id, turn.now)
    log.warning("safety flag (%s) raised for member #%s", danger, member.id)
    replies = [say(member, "crisis.other" if danger == "other" else "crisis.self")]
    if turn.intent.also_stop:
        outbox.opt_out(member, turn.now, "member texted STOP with a crisis message")
        replies.append(say(member, "stop.confirm"))
    return replies


REVIEW_WORDS = 8  # an unrecognised text this long may be something a human should read


def review(turn) -> None:
    """Flag an unrecognised, substantial text for a human, at most one open review per member.

    Word lists miss new ways of saying one is in danger; a person reading
    what the bot could not place is the safety net. No hold, no crisis reply.
    """
    member = turn.member
    if SafetyFlag.select().where((SafetyFlag.member == member.id) & (SafetyFlag.state == "open")).exists():
        return
    SafetyFlag.create(member=member, message=_latest_inbound(member), danger="review", created_at=turn.now)


def _latest_inbound(member) -> Message | None:
    return (Message.select().where((Message.member == member.id) & (Message.direction == "in"))
            .order_by(Message.id.desc()).first())
