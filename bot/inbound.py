"""Receiving a text: dedupe on the Twilio sid, store it and the replies in one transaction.

Used by the webhook and by `flask chat`, so both go through the same path.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from peewee import IntegrityError, fn

from bot import conversation, experiments, outbox, rules, safety, understanding
from bot.db import database, is_postgres
from bot.models import Member, Message, Reason, SafetyFlag, UrgeEpisode
from bot.phones import guess_timezone, parse_address
from bot.prepared import Prepared, create, save_changes, stamp
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
    understanding.prepare(body)  # outside the transaction: on SQLite it holds the one write lock
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


def _member_by_phone(phone, since):
    open_crisis = SafetyFlag.select(SafetyFlag.id).where(
        (SafetyFlag.member == Member.id) & (SafetyFlag.state != "resolved")
        & SafetyFlag.danger.in_(safety.CRISIS_DANGERS))
    # As JSON, so one row carries them: json_agg on PostgreSQL (NULL for none), json_group_array on SQLite.
    bodies = fn.json_agg(Message.body) if is_postgres() else fn.json_group_array(Message.body)
    recent = Message.select(bodies).where(
        (Message.member == Member.id) & (Message.direction == "out") & (Message.created_at >= since))
    episode = UrgeEpisode.select(UrgeEpisode.id).where(
        (UrgeEpisode.member == Member.id) & (UrgeEpisode.outcome == "open")).limit(1)
    reasons = Reason.select(Reason.id).where(Reason.member == Member.id)
    return Member.select(Member, fn.EXISTS(open_crisis).alias("crisis_flag_open"), recent.alias("recent_replies"),
                         episode.alias("open_episode_id"), fn.EXISTS(reasons).alias("has_reasons"),
                         fn.EXISTS(experiments.any_in_force()).alias("experiments_in_force")
                         ).where(Member.phone == phone)


MEMBER = Prepared(_member_by_phone, parameters=2)


def _member(phone: str, now: datetime) -> Member | None:
    """The member texting from `phone`, with what the turn's handlers would otherwise each query for, read in
    the same statement:

    - `crisis_flag_open`, for bot.safety.note_on_open_flag;
    - `recent_replies` (bodies sent within LOOP_WINDOW before `now`), for the reply loop check;
    - `open_episode_id`: bot.urges.open_episode_of needs no query when none is open (most texts);
    - `has_reasons`: bot.reasons.next_reason needs none when the member has no reasons to quote;
    - `experiments_in_force`: bot.experiments.choice needs none when no experiment runs (most of the time).
    """
    member = MEMBER.first(phone, stamp(now - LOOP_WINDOW))
    if member is not None:
        recent = member.recent_replies
        member.recent_replies = json.loads(recent) if isinstance(recent, str) else recent or []
    return member


REPLIES = ('INSERT INTO "message" ("member_id", "direction", "body", "status", "kind", "created_at", "updated_at") '
           'VALUES {rows} RETURNING "id"')
# Written out: the one INSERT every text makes (a duplicate sid raises IntegrityError, as Message.create did).
INBOUND = ('INSERT INTO "message" ("member_id", "direction", "body", "twilio_sid", "status", "kind", "created_at", '
           '"updated_at") VALUES ({p}, \'in\', {p}, {p}, \'received\', \'inbound\', {p}, {p})')


def _receive(sid, address, body, now, settings, reply_later, late) -> list[Reply]:
    member = _member(address.phone, now)
    first = member is None
    if first:
        member = create(Member, phone=address.phone, channel=address.channel, created_at=now,
                               timezone=guess_timezone(address.phone), delay_minutes=settings.urge_delay_minutes)
        member.crisis_flag_open, member.recent_replies, member.open_episode_id = False, [], None  # none yet
    elif member.channel != address.channel:
        member.channel = address.channel  # answer on the channel they last used
    at = stamp(now)
    database.execute_sql(INBOUND.format(p="%s" if is_postgres() else "?"), (member.id, body, sid, at, at))
    texts = conversation.respond(member, body, now, settings, first=first)
    member.last_inbound_at = now
    save_changes(member)
    if reply_later or late():
        for n, (kind, text) in enumerate(texts):
            outbox.schedule(member, "reply", text, now, f"reply:{sid}:{n}", now, prompt_kind=kind)
        if texts and not reply_later:
            log.warning("inbound from %s answered late: %d repl%s queued in the outbox", member.masked_phone,
                        len(texts), "y" if len(texts) == 1 else "ies")
        return []
    replies = []
    recent = member.recent_replies
    kept = [(kind, text) for kind, text in texts
            if rules.is_essential(kind) or recent.count(text) < settings.loop_limit]
    if len(kept) < len(texts):
        log.warning("loop protection: not repeating a reply to %s", member.masked_phone)
        if not kept and not _loop_noted(member, now):
            kept = [say(member, "loop.note")]  # one short line, once, so a person is never met with silence
            member.save(only=[Member.prompt_state])
    if kept:  # one INSERT for all the replies, their ids back from RETURNING (SQLite 3.35+, PostgreSQL)
        mark, at = database.obj.param, stamp(now)
        rows = ", ".join([f"({mark}, 'out', {mark}, 'queued', {mark}, {mark}, {mark})"] * len(kept))
        ids = database.execute_sql(REPLIES.format(rows=rows), [
            value for kind, text in kept for value in (member.id, text, kind, at, at)]).fetchall()
        replies = [Reply(text, message_id) for (_, text), (message_id,) in zip(kept, ids, strict=True)]
    log.info("inbound from %s answered with %d repl%s", member.masked_phone, len(replies),
             "y" if len(replies) == 1 else "ies")
    return replies


def _loop_noted(member: Member, now: datetime) -> bool:
    return Message.select().where((Message.member == member.id) & (Message.kind == "loop.note")
                                  & (Message.created_at >= now - LOOP_WINDOW)).exists()


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
