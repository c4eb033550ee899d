"""Reconciling sends whose outcome is unknown, against the provider's own records."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.db import database
from bot.models import Member, Message, ScheduledMessage
from bot.transport import SendError, Transport

log = logging.getLogger(__name__)

RECONCILE_AFTER = timedelta(minutes=2)  # give Twilio time to list a message it accepted


def reconcile_unknown(now: datetime, transport: Transport, *, limit: int = 50) -> int:
    """Look up rows whose send outcome is unknown: adopt the provider's record if the message went out.

    A row the provider has no record of stays `unknown` with a reason for an
    operator, who may retry it: nothing is resent automatically. Returns how
    many rows were resolved as sent.
    """
    resolved = 0
    rows = (ScheduledMessage.select().where((ScheduledMessage.state == "unknown") & (ScheduledMessage.updated_at
            <= now - RECONCILE_AFTER)).order_by(ScheduledMessage.updated_at).limit(limit))
    for row in rows:
        attempt = (Message.select().where(Message.scheduled == row.id).order_by(Message.id.desc()).first())
        member = Member.get_by_id(row.member_id)
        since = (attempt.created_at if attempt else row.updated_at) - timedelta(minutes=1)
        try:
            found = transport.find_sent(member.phone, since, channel=member.channel)
        except SendError as error:
            log.warning("could not reconcile #%s for %s: %s", row.id, member.masked_phone, error.outcome)
            continue
        known = {m.twilio_sid for m in Message.select(Message.twilio_sid).where(
            Message.twilio_sid.in_([f.sid for f in found]))} if found else set()
        # Same recipient, same time window, same text, and not a message we already know about.
        fresh = [f for f in found if f.sid not in known and (f.body is None or f.body == row.body)]
        with database.atomic():
            if fresh and attempt is not None:
                Message.update(twilio_sid=fresh[-1].sid, status=fresh[-1].status, updated_at=now).where(
                    Message.id == attempt.id).execute()
                ScheduledMessage.update(state="sent", sent_at=attempt.created_at, updated_at=now,
                                        last_error="reconciled: found at the provider").where(
                    (ScheduledMessage.id == row.id) & (ScheduledMessage.state == "unknown")).execute()
                resolved += 1
            else:
                ScheduledMessage.update(updated_at=now, last_error="unknown: not found at the provider; "
                                        "left for an operator").where(ScheduledMessage.id == row.id).execute()
    return resolved
