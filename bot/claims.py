"""Claims on outbox rows: taken atomically by one worker with a lease, recovered when the worker died.

`claim_due` never gives two claimers the same row; `recover_expired` hands
back the rows of a claimer whose lease ran out without deciding anything that
may already have reached the provider.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.db import database, is_postgres
from bot.models import Message, ScheduledMessage

# An `unknown` row is first looked up at the provider this long after its send
# (bot.reconcile), giving the provider time to list a message it accepted.
FIRST_LOOKUP = timedelta(minutes=2)


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
                ScheduledMessage.update(state=new_state, last_error=reason, claimed_by=None, updated_at=now,
                                        next_check_at=now + FIRST_LOOKUP if attempted else None)
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
