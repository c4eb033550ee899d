"""The outbox: scheduled messages as rows, claimed atomically, sent once.

States: pending -> claimed -> sent | failed | unknown, or pending -> cancelled,
or pending -> held (a safety hold) -> pending. A row is claimed by a token and
a lease (bot.claims); only the holder of a live claim may send it, and only if
the member's current state, read in the statement that renews the claim,
still allows it. Essential replies (bot.rules.is_essential) are never held or
cancelled by the member's own state.
"""

from __future__ import annotations

import logging
import random
import time
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

import messages
from bot import pacing, rules
from bot.batch import Batch
from bot.claims import FIRST_LOOKUP, claim_due, recover_expired
from bot.db import database, is_postgres
from bot.delivery import Ledger
from bot.models import Member, Message, ScheduledMessage
from bot.prepared import Prepared, stamp
from bot.transport import SendError, Transport

# claim_due and recover_expired live in bot.claims; callers know them as bot.outbox's.
__all__ = ["PassResult", "backoff", "cancel_pending", "claim_due", "hold_all", "opt_out", "recover_expired",
           "release_held", "schedule", "send_due"]

log = logging.getLogger(__name__)

ACTIVE_STATES = ("pending", "claimed", "held")
MAX_PACE_WAIT = 2.0  # seconds a worker waits for the sender's next slot before deferring the row


SCHEDULE_FIELDS = ("member", "kind", "body", "due_at", "idempotency_key", "ref_id", "prompt_kind", "state",
                   "attempts", "created_at", "updated_at")
SCHEDULE = ('INSERT INTO "scheduled_message" ({columns}) VALUES ({marks}) '
            'ON CONFLICT ("idempotency_key") DO NOTHING RETURNING "id"')


def schedule(member: Member, kind: str, body: str, due_at: datetime, key: str, now: datetime,
             ref_id: int | None = None, prompt_kind: str | None = None) -> ScheduledMessage | None:
    """Queue one message; a second call with the same idempotency `key` adds nothing and returns None.

    A reply (kind "reply") names the prompt it renders in `prompt_kind`. A reply or an
    operator's own message is never held by a safety hold; anything else is while one is on.
    One statement: a duplicate key is skipped by ON CONFLICT DO NOTHING (SQLite 3.35+ and
    PostgreSQL alike), so neither a savepoint nor an aborted transaction is needed inside a turn.
    """
    held = member.safety_hold and kind not in rules.THROUGH_SAFETY_HOLD
    values = {"member": member.id, "kind": kind, "body": body, "due_at": due_at, "idempotency_key": key,
              "ref_id": ref_id, "prompt_kind": prompt_kind, "state": "held" if held else "pending", "attempts": 0,
              "created_at": now, "updated_at": now}
    fields = [ScheduledMessage._meta.fields[name] for name in SCHEDULE_FIELDS]
    marks = ", ".join(["%s" if is_postgres() else "?"] * len(fields))
    sql = SCHEDULE.format(columns=", ".join(f'"{f.column_name}"' for f in fields), marks=marks)
    # fetchall, not fetchone: SQLite finishes an INSERT ... RETURNING only once its rows are read.
    found = database.execute_sql(sql, [f.db_value(values[f.name]) for f in fields]).fetchall()
    if not found:
        return None
    row = ScheduledMessage(id=found[0][0], **values)
    row._dirty.clear()  # as stored: a later save() writes only what the caller changes
    return row


def cancel_pending(member_id: int, now: datetime, reason: str, *, kinds: tuple[str, ...] | None = None,
                   ref_id: int | None = None) -> int:
    """Cancel the member's not-yet-sent messages (optionally only some kinds or one ref); returns how many.

    Essential replies are left alone: a STOP never cancels its own confirmation
    or the crisis resources a text just before it asked for.
    """
    shape = (kinds, ref_id is not None)
    if shape not in _CANCELS:
        _CANCELS[shape] = Prepared(lambda member, at, why, ref: _cancel(member, at, why, ref, *shape), parameters=4)
    sql, params = _CANCELS[shape].sql(member_id, stamp(now), reason, ref_id)
    return database.execute_sql(sql, params).rowcount


_CANCELS: dict[tuple, Prepared] = {}  # one UPDATE per shape of call, composed once (it runs on every urge)


def _cancel(member_id, now, reason, ref_id, kinds: tuple[str, ...] | None, by_ref: bool):
    query = ScheduledMessage.update(state="cancelled", last_error=reason, updated_at=now).where(
        (ScheduledMessage.member == member_id) & (ScheduledMessage.state.in_(("pending", "held")))
        & rules.not_essential()
    )
    if kinds is not None:
        query = query.where(ScheduledMessage.kind.in_(kinds))
    if by_ref:
        query = query.where(ScheduledMessage.ref_id == ref_id)
    return query


def hold_all(member_id: int, now: datetime) -> int:
    """Hold every pending message of a member (safety) but replies to their texts; they wait for an operator.

    Rows already claimed are stopped when their claim is renewed (see `send_due`).
    """
    return (
        ScheduledMessage.update(state="held", updated_at=now)
        .where((ScheduledMessage.member == member_id) & (ScheduledMessage.state == "pending")
               & ScheduledMessage.kind.not_in(rules.REPLIES))
        .execute()
    )


def release_held(member_id: int, now: datetime) -> int:
    """Put a member's held messages back in the queue (an operator's explicit decision)."""
    return (
        ScheduledMessage.update(state="pending", updated_at=now)
        .where((ScheduledMessage.member == member_id) & (ScheduledMessage.state == "held"))
        .execute()
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
    batch, ledger = Batch(rows, now, settings), Ledger(token, settings.lease_seconds)
    try:
        for row in rows:
            if stop():
                _release(row, token, now)
                continue
            outcome = _deliver(row, token, now + waited, transport, settings, pace, batch, ledger)
            setattr(result, outcome, getattr(result, outcome) + 1)
    finally:
        ledger.flush()  # the last send's record (each earlier one rode with the next send's claim renewal)
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


def _settle(row: ScheduledMessage, token: str, now: datetime, verdict: rules.Verdict) -> str:
    """Apply a verdict other than "send" to our claimed row; returns the PassResult field it counts under."""
    if verdict.action == "cancel":
        _finish(row, token, now, state="cancelled", last_error=verdict.reason)
        return "cancelled"
    if verdict.action == "hold":
        _finish(row, token, now, state="held", last_error=verdict.reason, attempts=row.attempts - 1)
        return "deferred"
    _finish(row, token, now, state="pending", due_at=verdict.until, last_error=verdict.reason,
            attempts=row.attempts - 1)
    return "deferred"


def _recheck(row: ScheduledMessage, token: str, now: datetime, settings) -> str:
    """The claim could not be renewed: judge the row again on the member as they are now.

    Their state changed since the pass began (STOP, a safety hold, PAUSE), or
    the member was erased, or the claim itself was lost to another worker.
    """
    member = Member.get_or_none(Member.id == row.member_id)
    verdict = rules.check(row, member, now, settings) if member else rules.Verdict("cancel", "member erased")
    if verdict.action == "send":
        _release(row, token, now)  # a no-op unless the claim is still ours
        return "deferred"
    return _settle(row, token, now, verdict)


def _deliver(row: ScheduledMessage, token: str, now: datetime, transport: Transport, settings, sleep,
             batch: Batch, ledger: Ledger) -> str:
    member = batch.members[row.member_id]
    if row.member_id in batch.waiting and not rules.essential_row(row):
        _release(row, token, now)  # due again as soon as the spool has been replayed
        return "deferred"
    verdict = rules.check(row, member, now, settings, already_sent=batch.sent_today.get(member.id, 0))
    if verdict.action == "send":
        verdict, now = _pace(row, now, transport, settings, sleep, batch)
    if verdict.action != "send":
        return _settle(row, token, now, verdict)

    # Renewing the claim proves it is still ours, and that the member's current
    # row still allows the send, in the statement that stores the message.
    message_id = ledger.start(row, member, now)
    if message_id is None:
        return _recheck(row, token, now, settings)
    try:
        sent = transport.send(member.phone, row.body, channel=member.channel, ref=message_id)
    except SendError as error:
        ledger.flush()
        return _record_failure(row, token, message_id, member, error, now, settings)
    batch.record(row)
    ledger.sent(row, message_id, sent, now)
    log.info("sent %s #%s to %s via %s", row.prompt_kind or row.kind, row.id, member.masked_phone, transport.name)
    return "sent"


def sender_of(settings, transport: Transport) -> str:
    """The key the send rate is shared under: the Messaging Service or From number, else the transport."""
    return settings.twilio_messaging_service_sid or settings.twilio_from_number or transport.name


def _pace(row: ScheduledMessage, now: datetime, transport: Transport, settings, sleep,
          batch: Batch) -> tuple[rules.Verdict, datetime]:
    """Loop protection, then a slot in the sender's rate; waits briefly for a near slot, defers for a far one.

    Returns the verdict and the time the send happens at.
    """
    repeats = batch.repeats(row)
    if repeats >= settings.loop_limit and not rules.essential_row(row):
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


def _record_failure(row, token, message_id, member, error: SendError, now, settings) -> str:
    log.warning("send of %s #%s to %s failed: %s (%s)", row.kind, row.id, member.masked_phone, error.outcome,
                error.code or error.http_status)
    reason = f"{error.outcome}: {error}"
    with database.atomic():
        status = "unknown" if error.outcome == "unknown" else "failed"
        Message.update(status=status, error_code=error.code, updated_at=now).where(
            Message.id == message_id).execute()
        if error.outcome == "opted_out":
            _finish(row, token, now, state="failed", last_error=reason)
            opt_out(member, now, "carrier opt-out (21610)")
            return "failed"
        if error.outcome == "unknown":
            _finish(row, token, now, state="unknown", last_error=reason, next_check_at=now + FIRST_LOOKUP)
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
