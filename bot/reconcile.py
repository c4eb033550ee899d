"""Reconciling what we cannot know from our own rows, against the provider's records.

Two kinds of doubt: an outbox send whose outcome is `unknown` (the request
may have reached Twilio), and a TwiML reply Twilio never reported on (the
webhook's answer may never have reached it).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot import outbox, rules
from bot.claims import FIRST_LOOKUP
from bot.db import database
from bot.models import Member, Message, ScheduledMessage
from bot.transport import SendError, SendResult, Transport

log = logging.getLogger(__name__)

GIVE_UP_AFTER = timedelta(hours=24)  # of lookups, after which an unknown row is an operator's alone
CONFIRM_WINDOW = timedelta(minutes=10)  # Twilio reports on a TwiML reply within seconds when it got the TwiML
RESEND_WITHIN = timedelta(days=1)  # an essential reply found missing later than this is not resent


def _fresh(found: list[SendResult], body: str) -> list[SendResult]:
    """Provider records with this text that no message of ours claims yet."""
    known = {m.twilio_sid for m in Message.select(Message.twilio_sid).where(
        Message.twilio_sid.in_([f.sid for f in found]))} if found else set()
    return [f for f in found if f.sid not in known and (f.body is None or f.body == body)]


def reconcile_unknown(now: datetime, transport: Transport, *, limit: int = 50) -> int:
    """Look up the `unknown` rows that are due a lookup: adopt the provider's record if the message went out.

    A row the provider has no record of is looked up again with the wait
    doubling each time (2, 4, 8 ... minutes after the send); after 24 hours it
    is left `unknown` for an operator, who may retry or cancel it, and never
    looked up again. Nothing is resent automatically. Returns how many rows
    were resolved as sent.
    """
    resolved = 0
    rows = (ScheduledMessage.select().where((ScheduledMessage.state == "unknown")
                                            & (ScheduledMessage.next_check_at <= now))
            .order_by(ScheduledMessage.next_check_at).limit(limit))
    for row in rows:
        attempt = Message.select().where(Message.scheduled == row.id).order_by(Message.id.desc()).first()
        member = Member.get_by_id(row.member_id)
        sent_at = attempt.created_at if attempt else row.updated_at
        try:
            found = transport.find_sent(member.phone, sent_at - timedelta(minutes=1), channel=member.channel)
        except SendError as error:
            log.warning("could not reconcile #%s for %s: %s", row.id, member.masked_phone, error.outcome)
            ScheduledMessage.update(next_check_at=now + FIRST_LOOKUP).where(ScheduledMessage.id == row.id).execute()
            continue
        fresh = _fresh(found, row.body)
        with database.atomic():
            if fresh and attempt is not None:
                Message.update(twilio_sid=fresh[-1].sid, status=fresh[-1].status, updated_at=now).where(
                    Message.id == attempt.id).execute()
                ScheduledMessage.update(state="sent", sent_at=attempt.created_at, updated_at=now, next_check_at=None,
                                        last_error="reconciled: found at the provider").where(
                    (ScheduledMessage.id == row.id) & (ScheduledMessage.state == "unknown")).execute()
                resolved += 1
                continue
            age = now - sent_at
            if age >= GIVE_UP_AFTER:
                next_check, reason = None, ("unknown: not found at the provider in 24 hours of lookups; "
                                            "left for an operator to retry or cancel")
            else:
                next_check = now + max(FIRST_LOOKUP, age)
                reason = (f"unknown: not found at the provider yet (next lookup {next_check:%Y-%m-%d %H:%M} UTC); "
                          "an operator may retry or cancel it")
            ScheduledMessage.update(updated_at=now, next_check_at=next_check, last_error=reason).where(
                ScheduledMessage.id == row.id).execute()
    return resolved


def confirm_replies(now: datetime, transport: Transport, *, limit: int = 50) -> int:
    """TwiML replies Twilio never reported on within CONFIRM_WINDOW: looked up, never left `queued` for ever.

    Found at the provider: the record is adopted. Not found: the reply is
    marked `unknown` (any later word from Twilio still wins), and an essential
    one (crisis resources, a STOP confirmation...) is queued again through the
    outbox, since the member may never have had it. Only meaningful where
    Twilio sends the TwiML and calls back (PUBLIC_URL set); the worker checks.
    Returns how many replies were settled.
    """
    rows = (Message.select(Message, Member).join(Member)
            .where((Message.direction == "out") & Message.scheduled.is_null() & Message.twilio_sid.is_null()
                   & (Message.status == "queued") & (Message.created_at <= now - CONFIRM_WINDOW))
            .order_by(Message.created_at, Message.id).limit(limit))
    settled = 0
    for message in rows:
        member = message.member
        try:
            found = transport.find_sent(member.phone, message.created_at - timedelta(minutes=1),
                                        channel=member.channel)
        except SendError as error:
            log.warning("could not confirm reply #%s to %s: %s", message.id, member.masked_phone, error.outcome)
            break  # the provider cannot be asked now; the same replies come first next time
        fresh = _fresh(found, message.body)
        with database.atomic():
            if fresh:
                Message.update(twilio_sid=fresh[0].sid, status=fresh[0].status, updated_at=now).where(
                    Message.id == message.id).execute()
            else:
                Message.update(status="unknown", updated_at=now).where(
                    (Message.id == message.id) & (Message.status == "queued")).execute()
                if rules.is_essential(message.kind) and now - message.created_at <= RESEND_WITHIN:
                    outbox.schedule(member, "reply", message.body, now, f"resend:{message.id}", now,
                                    prompt_kind=message.kind)
                    log.warning("%s reply #%s to %s was never confirmed; queued again", message.kind, message.id,
                                member.masked_phone)
        settled += 1
    return settled
