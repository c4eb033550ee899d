"""Receiving a text: dedupe on the Twilio sid, store it and the replies in one transaction.

Used by the webhook and by `flask chat`, so both go through the same path.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from peewee import IntegrityError

from bot import conversation, outbox, rules
from bot.db import database
from bot.models import Member, Message
from bot.phones import guess_timezone, parse_address
from bot.prompts import say

log = logging.getLogger(__name__)

MAX_BODY = 1600  # Twilio's own limit for one message
LOOP_WINDOW = timedelta(minutes=5)

# Twilio's statuses in lifecycle order; a status only ever moves to a higher rank.
STATUS_RANK = {
    "accepted": 1, "scheduled": 1, "queued": 2, "sending": 3, "sent": 4,
    "delivered": 5, "undelivered": 5, "failed": 5, "read": 6,
}


class BadInbound(ValueError):
    """The inbound request cannot be processed as a text from a member."""


def check_body(body: str) -> None:
    """BadInbound unless `body` could be one text: at most MAX_BODY characters, no NUL."""
    if len(body) > MAX_BODY or "\x00" in body:
        raise BadInbound("Body is longer than a text can be")


@dataclass(frozen=True)
class Reply:
    text: str
    message_id: int


def receive(sid: str, sender: str, body: str, now: datetime, settings, *,
            reply_later: bool = False, late=lambda: False) -> list[Reply] | None:
    """Store an inbound text and the bot's replies; None if this sid was already received.

    Everything happens in one transaction, so a crash leaves either nothing or
    the text with its replies, and a replay (same sid) changes nothing. With
    `reply_later` (texts replayed from the spool, whose webhook request is long
    gone) the replies are queued in the outbox instead of returned. `late()`
    is asked once the replies are known: True means the webhook request has
    taken too long for its TwiML to be trusted to arrive, so they are queued
    in the outbox too, and an empty list is returned.
    """
    address = parse_address(sender, settings.default_region)
    check_body(body)
    for attempt in range(2):
        try:
            with database.atomic():
                return _receive(sid, address, body, now, settings, reply_later, late)
        except IntegrityError:
            # Either the same sid raced us (a replay: nothing to do) or a new
            # member's first two texts raced on the phone number (try again).
            if Message.select().where(Message.twilio_sid == sid).exists() or attempt:
                return None
    return None


def _receive(sid, address, body, now, settings, reply_later, late) -> list[Reply]:
    member = Member.get_or_none(Member.phone == address.phone)
    first = member is None
    if first:
        member = Member.create(phone=address.phone, channel=address.channel, created_at=now,
                               timezone=guess_timezone(address.phone), delay_minutes=settings.urge_delay_minutes)
    elif member.channel != address.channel:
        member.channel = address.channel  # answer on the channel they last used
    Message.create(member=member, direction="in", body=body, twilio_sid=sid, status="received", kind="inbound",
                   created_at=now, updated_at=now)
    texts = conversation.respond(member, body, now, settings, first=first)
    member.last_inbound_at = now
    member.save()
    if reply_later or late():
        for n, (kind, text) in enumerate(texts):
            outbox.schedule(member, "reply", text, now, f"reply:{sid}:{n}", now, prompt_kind=kind)
        if texts and not reply_later:
            log.warning("inbound from %s answered late: %d repl%s queued in the outbox", member.masked_phone,
                        len(texts), "y" if len(texts) == 1 else "ies")
        return []
    replies = []
    recent = _recent_replies(member, now)
    kept = [(kind, text) for kind, text in texts
            if rules.is_essential(kind) or recent.count(text) < settings.loop_limit]
    if len(kept) < len(texts):
        log.warning("loop protection: not repeating a reply to %s", member.masked_phone)
        if not kept and not _loop_noted(member, now):
            kept = [say(member, "loop.note")]  # one short line, once, so a person is never met with silence
            member.save(only=[Member.prompt_state])
    for kind, text in kept:
        message = Message.create(member=member, direction="out", body=text, status="queued", kind=kind,
                                 created_at=now, updated_at=now)
        replies.append(Reply(text, message.id))
    log.info("inbound from %s answered with %d repl%s", member.masked_phone, len(replies),
             "y" if len(replies) == 1 else "ies")
    return replies


def _loop_noted(member: Member, now: datetime) -> bool:
    return Message.select().where((Message.member == member.id) & (Message.kind == "loop.note")
                                  & (Message.created_at >= now - LOOP_WINDOW)).exists()


def _recent_replies(member: Member, now: datetime) -> list[str]:
    """Bodies sent to the member in the last few minutes, to stop a reply loop with an auto-responder."""
    return [m.body for m in Message.select(Message.body).where(
        (Message.member == member.id) & (Message.direction == "out") & (Message.created_at >= now - LOOP_WINDOW))]


def record_status(sid: str, status: str, error_code: int | None, now: datetime, *, reply_id: int | None = None) -> bool:
    """Move a message's delivery status forward (never back); False if no such message."""
    lower = [name for name, rank in STATUS_RANK.items() if rank < STATUS_RANK[status]]
    if reply_id is not None:
        target = (Message.id == reply_id) & (Message.twilio_sid.is_null() | (Message.twilio_sid == sid))
    else:
        target = Message.twilio_sid == sid
    with database.atomic():
        if not Message.select().where(target).exists():
            return False
        changes = {"status": status, "updated_at": now, "twilio_sid": sid}
        if error_code:
            changes["error_code"] = error_code
        # "unknown" (our own state after a timeout) yields to any word from Twilio.
        Message.update(**changes).where(target & (Message.status.in_(lower + ["unknown"]))).execute()
        if reply_id is not None:
            Message.update(twilio_sid=sid).where((Message.id == reply_id) & Message.twilio_sid.is_null()).execute()
    return True
