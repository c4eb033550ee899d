"""The outbox: scheduled messages as rows, claimed atomically, sent once.

States: pending -> claimed -> sent | failed | unknown, or pending -> cancelled,
or pending -> held (a safety hold) -> pending. A row is claimed by a token and
a lease; only the holder of a live claim may send it.
"""

from __future__ import annotations

import logging
import random
import time
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from peewee import Case, IntegrityError, fn

import messages
from bot import pacing, rules
from bot.db import database, is_postgres
from bot.models import Member, Message, ScheduledMessage
from bot.transport import SendError, Transport

log = logging.getLogger(__name__)

ACTIVE_STATES = ("pending", "claimed", "held")
LOOP_WINDOW = timedelta(minutes=5)
MAX_PACE_WAIT = 2.0  # seconds a worker waits for the sender's next slot before deferring the row


def schedule(member: Member, kind: str, body: str, due_at: datetime, key: str, now: datetime,
             ref_id: int | None = None) -> ScheduledMessage | None:
    """Queue one message; a second call with the same idempotency `key` adds nothing and returns None."""
    try:
        with database.atomic():  # a savepoint inside a turn, so a duplicate key leaves the turn intact
            return ScheduledMessage.create(
                member=member, kind=kind, body=body, due_at=due_at, idempotency_key=key, ref_id=ref_id,
                state="held" if member.safety_hold else "pending", created_at=now, updated_at=now,
            )
    except IntegrityError:
        return None


def cancel_pending(member_id: int, now: datetime, reason: str, *, kinds: tuple[str, ...] | None = None,
                   ref_id: int | None = None) -> int:
    """Cancel the member's not-yet-sent messages (optionally only some kinds or one ref); returns how many."""
    query = ScheduledMessage.update(state="cancelled", last_error=reason, updated_at=now).where(
        (ScheduledMessage.member == member_id) & (ScheduledMessage.state.in_(("pending", "held")))
    )
    if kinds is not None:
        query = query.where(ScheduledMessage.kind.in_(kinds))
    if ref_id is not None:
        query = query.where(ScheduledMessage.ref_id == ref_id)
    return query.execute()


def hold_all(member_id: int, now: datetime) -> int:
    """Hold every pending message of a member (safety); they wait for an operator."""
    return (
        ScheduledMessage.update(state="held", updated_at=now)
        .where((ScheduledMessage.member == member_id) & (ScheduledMessage.state == "pending"))
        .execute()
    )


def release_held(member_id: int, now: datetime) -> int:
    """Put a member's held messages back in the queue (an operator's explicit decision)."""
    return (
        ScheduledMessage.update(state="pending", updated_at=now)
        .where((ScheduledMessage.member == member_id) & (ScheduledMessage.state == "held"))
        .execute()
    )


def recover_expired(now: datetime, member_id: int | None = None) -> int:
    """Deal with claims whose worker died: back to pending if nothing was attempted, else `unknown`.

    A row with an outbound message still marked "sending" may have reached
    Twilio, so it is never resent blindly: it waits as `unknown` for
    reconciliation or an operator.
    """
    expired = ScheduledMessage.select(ScheduledMessage.id).where(
        (ScheduledMessage.state == "claimed") & (ScheduledMessage.lease_until < now)
    )
    if member_id is not None:
        expired = expired.where(ScheduledMessage.member == member_id)
    count = 0
    for row in expired:
        with database.atomic():  # the row and its message move together, or not at all
            attempted = Message.select().where((Message.scheduled == row.id) & (Message.status == "sending")).exists()
            new_state, reason = ("unknown", "worker stopped during send") if attempted else ("pending", None)
            moved = (
                ScheduledMessage.update(state=new_state, last_error=reason, claimed_by=None, updated_at=now)
                .where((ScheduledMessage.id == row.id) & (ScheduledMessage.state == "claimed")
                       & (ScheduledMessage.lease_until < now))  # another worker may have recovered it first
                .execute()
            )
            if moved and attempted:
                Message.update(status="unknown", updated_at=now).where(
                    (Message.scheduled == row.id) & (Message.status == "sending")).execute()
            count += moved
    return count


CLAIM_POSTGRES = """
WITH due AS (
    SELECT id FROM scheduled_message
    WHERE state = 'pending' AND due_at <= %s {member_filter}
    ORDER BY due_at, id LIMIT %s
    FOR UPDATE SKIP LOCKED
)
UPDATE scheduled_message AS s
SET state = 'claimed', claimed_by = %s, lease_until = %s, attempts = s.attempts + 1, updated_at = %s
FROM due WHERE s.id = due.id
"""


def claim_due(now: datetime, token: str, limit: int, lease_seconds: int,
              member_id: int | None = None) -> list[ScheduledMessage]:
    """Atomically claim up to `limit` due pending rows (of one member, if given) for `token`.

    No two claimers ever get the same row.
    """
    lease_until = now + timedelta(seconds=lease_seconds)
    if is_postgres():
        # A CTE, not "id IN (subquery LIMIT n)": PostgreSQL may run such a
        # subquery more than once and claim more than `limit` rows.
        only = "AND member_id = %s" if member_id is not None else ""
        params = (now, member_id) if member_id is not None else (now,)
        database.execute_sql(CLAIM_POSTGRES.format(member_filter=only), (*params, limit, token, lease_until, now))
    else:
        due = (
            ScheduledMessage.select(ScheduledMessage.id)
            .where((ScheduledMessage.state == "pending") & (ScheduledMessage.due_at <= now))
            .order_by(ScheduledMessage.due_at, ScheduledMessage.id)
            .limit(limit)
        )
        if member_id is not None:
            due = due.where(ScheduledMessage.member == member_id)
        # One UPDATE statement is atomic on SQLite: no other writer runs between its read and write.
        ScheduledMessage.update(
            state="claimed", claimed_by=token, lease_until=lease_until,
            attempts=ScheduledMessage.attempts + 1, updated_at=now,
        ).where(ScheduledMessage.id.in_(due)).execute()
    return list(
        ScheduledMessage.select()
        .where((ScheduledMessage.claimed_by == token) & (ScheduledMessage.state == "claimed"))
        .order_by(ScheduledMessage.due_at, ScheduledMessage.id)
    )


@dataclass
class PassResult:
    sent: int = 0
    deferred: int = 0
    cancelled: int = 0
    failed: int = 0
    unknown: int = 0
    retried: int = 0

    @property
    def total(self) -> int:
        return sum(asdict(self).values())

    def summary(self) -> str:
        """One line: "sent 1, deferred 0, cancelled 0, failed 0, unknown 0, retried 0"."""
        return ", ".join(f"{name} {count}" for name, count in asdict(self).items())


class _Pass:
    """What one dispatch pass reads once for its whole batch instead of once per message.

    Members, texts sent today and recent bodies are loaded with one query each;
    the pass keeps them current as it sends. Consent is still re-checked
    atomically for each message, in the UPDATE that renews its claim.
    """

    def __init__(self, rows: list[ScheduledMessage], now: datetime):
        ids = {row.member_id for row in rows}
        self.members = {m.id: m for m in Member.select().where(Member.id.in_(ids))} if ids else {}
        self.sent_today = rules.sent_today_by_member(self.members.values(), now)
        self.recent = [(m, b, s) for m, b, s in Message.select(Message.member, Message.body, Message.scheduled).where(
            Message.member.in_(ids) & (Message.direction == "out") & (Message.status != "failed")
            & (Message.created_at >= now - LOOP_WINDOW)).tuples()] if ids else []

    def repeats(self, row: ScheduledMessage) -> int:
        # This row's own earlier attempts are retries, not a loop.
        return sum(1 for m, b, s in self.recent if m == row.member_id and b == row.body and s != row.id)

    def record(self, row: ScheduledMessage) -> None:
        self.recent.append((row.member_id, row.body, row.id))
        self.sent_today[row.member_id] = self.sent_today.get(row.member_id, 0) + 1


def send_due(now: datetime, transport: Transport, settings, *, worker: str | None = None,
             stop=lambda: False, sleep=time.sleep, member_id: int | None = None) -> PassResult:
    """One dispatch pass as of `now`: recover dead claims, claim due rows, send each at most once.

    `stop()` is asked between messages so SIGTERM finishes the current one and
    returns. `sleep` paces sends to the shared per-sender rate; each row is
    judged as of `now` plus the time the pass has waited so far.
    `member_id` limits the pass to one member: a test clock running ahead of
    real time (the chat, the simulator) must never touch anyone else's rows.
    """
    result = PassResult()
    token = f"{worker or 'worker'}:{uuid.uuid4().hex[:12]}"
    recover_expired(now, member_id)
    waited = timedelta()

    def pace(seconds: float) -> None:
        nonlocal waited
        sleep(seconds)
        waited += timedelta(seconds=seconds)

    rows = claim_due(now, token, settings.dispatch_batch, settings.lease_seconds, member_id)
    batch = _Pass(rows, now)
    for row in rows:
        if stop():
            _release(row, token, now)
            continue
        outcome = _deliver(row, token, now + waited, transport, settings, pace, batch)
        setattr(result, outcome, getattr(result, outcome) + 1)
    return result


def _release(row: ScheduledMessage, token: str, now: datetime) -> None:
    ScheduledMessage.update(state="pending", claimed_by=None, attempts=ScheduledMessage.attempts - 1,
                            updated_at=now).where(
        (ScheduledMessage.id == row.id) & (ScheduledMessage.claimed_by == token)).execute()


def _finish(row: ScheduledMessage, token: str, now: datetime, **changes) -> bool:
    """Move our claimed row to its next state; False if the claim was lost meanwhile."""
    changes.setdefault("claimed_by", None)
    return bool(
        ScheduledMessage.update(updated_at=now, **changes)
        .where((ScheduledMessage.id == row.id) & (ScheduledMessage.claimed_by == token)
               & (ScheduledMessage.state == "claimed"))
        .execute()
    )


def _deliver(row: ScheduledMessage, token: str, now: datetime, transport: Transport, settings, sleep,
             batch: _Pass) -> str:
    member = batch.members[row.member_id]
    verdict = rules.check(row, member, now, settings, already_sent=batch.sent_today.get(member.id, 0))
    if verdict.action == "send":
        verdict, now = _pace(row, now, transport, settings, sleep, batch)
    if verdict.action == "cancel":
        _finish(row, token, now, state="cancelled", last_error=verdict.reason)
        return "cancelled"
    if verdict.action == "hold":
        _finish(row, token, now, state="held", last_error=verdict.reason, attempts=row.attempts - 1)
        return "deferred"
    if verdict.action == "defer":
        _finish(row, token, now, state="pending", due_at=verdict.until, last_error=verdict.reason,
                attempts=row.attempts - 1)
        return "deferred"

    with database.atomic():
        # Renewing the claim proves it is still ours, and that the member has
        # not opted out since the pass began, in the same statement.
        still_subscribed = Member.select(Member.id).where((Member.id == member.id) & (Member.status != "opted_out"))
        renewed = (ScheduledMessage.update(lease_until=now + timedelta(seconds=settings.lease_seconds), updated_at=now)
                   .where((ScheduledMessage.id == row.id) & (ScheduledMessage.claimed_by == token)
                          & (ScheduledMessage.state == "claimed") & fn.EXISTS(still_subscribed)).execute())
        if not renewed:
            _finish(row, token, now, state="cancelled", last_error="member opted out")
            return "cancelled"
        message = Message.create(member=member, direction="out", body=row.body, status="sending", kind=row.kind,
                                 scheduled=row, created_at=now, updated_at=now)
    try:
        sent = transport.send(member.phone, row.body, channel=member.channel, ref=message.id)
    except SendError as error:
        return _record_failure(row, token, message, member, error, now, settings)
    batch.record(row)
    with database.atomic():
        # A status callback may already have moved the message on: keep its status.
        status = Case(None, [(Message.status == "sending", sent.status)], Message.status)
        Message.update(twilio_sid=sent.sid, status=status, updated_at=now).where(Message.id == message.id).execute()
        _finish(row, token, now, state="sent", sent_at=now, last_error=None)
        if row.kind in rules.AFTER_SEND:
            rules.AFTER_SEND[row.kind](row, now)
    log.info("sent %s #%s to %s via %s", row.kind, row.id, member.masked_phone, transport.name)
    return "sent"


def sender_of(settings, transport: Transport) -> str:
    """The key the send rate is shared under: the Messaging Service or From number, else the transport."""
    return settings.twilio_messaging_service_sid or settings.twilio_from_number or transport.name


def _pace(row: ScheduledMessage, now: datetime, transport: Transport, settings, sleep,
          batch: _Pass) -> tuple[rules.Verdict, datetime]:
    """Loop protection, then a slot in the sender's rate; waits briefly for a near slot, defers for a far one.

    Returns the verdict and the time the send happens at.
    """
    repeats = batch.repeats(row)
    if repeats >= settings.loop_limit and row.kind != "reply":
        return rules.Verdict("cancel", f"loop protection: same text {repeats} times in 5 minutes"), now
    if not settings.send_rate:
        return rules.SEND, now  # SEND_RATE=0: no shared limit (a test double, or the provider paces)
    sender = sender_of(settings, transport)
    start = pacing.reserve(sender, messages.count(row.body).segments, now, settings.send_rate, max_wait=MAX_PACE_WAIT)
    if start is None:
        return rules.Verdict("defer", "send rate", pacing.next_free(sender, now)), now
    if start > now:
        sleep((start - now).total_seconds())
    return rules.SEND, max(start, now)


def _record_failure(row, token, message, member, error: SendError, now, settings) -> str:
    log.warning("send of %s #%s to %s failed: %s (%s)", row.kind, row.id, member.masked_phone, error.outcome,
                error.code or error.http_status)
    reason = f"{error.outcome}: {error}"
    with database.atomic():
        status = "unknown" if error.outcome == "unknown" else "failed"
        Message.update(status=status, error_code=error.code, updated_at=now).where(
            Message.id == message.id).execute()
        if error.outcome == "opted_out":
            _finish(row, token, now, state="failed", last_error=reason)
            opt_out(member, now, "carrier opt-out (21610)")
            return "failed"
        if error.outcome == "unknown":
            _finish(row, token, now, state="unknown", last_error=reason)
            return "unknown"
        if error.outcome == "retry" and row.attempts < settings.max_attempts:
            _finish(row, token, now, state="pending", due_at=now + backoff(row.attempts, error.retry_after),
                    last_error=reason)
            return "retried"
        _finish(row, token, now, state="failed", last_error=reason)
        return "failed"


def backoff(attempts: int, retry_after: float | None = None, *, rng=random.random) -> timedelta:
    """Exponential backoff with full jitter, never sooner than Twilio's Retry-After."""
    ceiling = min(15 * 2 ** max(attempts - 1, 0), 3600)
    delay = max(rng() * ceiling, retry_after or 0, 1)
    return timedelta(seconds=delay)


def opt_out(member: Member, now: datetime, reason: str) -> int:
    """Opt a member out and cancel everything pending; returns how many messages were cancelled."""
    with database.atomic():
        Member.update(status="opted_out", stopped_at=now, awaiting=None, awaiting_ref=None).where(
            Member.id == member.id).execute()
        member.status, member.stopped_at = "opted_out", now
        return cancel_pending(member.id, now, reason)
