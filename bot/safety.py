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
    inbound = (Message.select().where((Message.member == member.id) & (Message.direction == "in"))
               .order_by(Message.id.desc()).first())
    SafetyFlag.create(member=member, message=inbound, danger=danger, created_at=turn.now)
    member.safety_hold = True
    outbox.hold_all(member.id, turn.now)
    log.warning("safety flag (%s) raised for member #%s", danger, member.id)
    replies = [say(member, "crisis.other" if danger == "other" else "crisis.self")]
    if turn.intent.also_stop:
        outbox.opt_out(member, turn.now, "member texted STOP with a crisis message")
        replies.append(say(member, "stop.confirm"))
    return replies
