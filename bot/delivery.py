"""The writes of one dispatch pass's sends, in as few statements and commits as the guarantees allow.

Per send, two things must reach the database: before the send, the renewed
claim and the outbound message marked "sending" (the evidence that keeps a
crash from resending blindly: bot.claims.recover_expired); after it, the
provider's sid, the row marked "sent" and what the sent text asks the member
(rules.AFTER_SEND). The second one rides in the first one's transaction for
the next send, and the pass flushes the last one when it ends, so a send
costs one commit instead of two while at most one send, the latest, is ever
unrecorded, exactly as before.

The statements are written out in SQL (peewee building them cost more than
running them). On PostgreSQL all of it is one statement (data-modifying CTEs),
prepared once per connection, and, standing alone, its own transaction: no
BEGIN and COMMIT round trips. SQLite has no such CTEs: there a send costs two,
one UPDATE that records the previous send's row and renews this one, and one
INSERT that records the previous send's message and stores this one.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot import rules
from bot.db import database, is_postgres
from bot.models import Member, ScheduledMessage
from bot.prepared import Prepared, execute_on_server, stamp
from bot.transport import SendResult

RENEW = ('UPDATE "scheduled_message" SET "lease_until" = {p}, "updated_at" = {p} '
         'WHERE "id" = {p} AND "claimed_by" = {p} AND "state" = \'claimed\' AND EXISTS ({allowed})')
SENDING = ('INSERT INTO "message" ("member_id", "direction", "body", "status", "kind", "scheduled_id", "created_at", '
           '"updated_at") {source}')
RECORD_MESSAGE = ('UPDATE "message" SET "twilio_sid" = {p}, "status" = CASE WHEN "status" = \'sending\' THEN {p} '
                  'ELSE "status" END, "updated_at" = {p} WHERE "id" = {p} AND "scheduled_id" = {p}')
# SQLite: the renewal of this send's claim and the record of the previous send's row, in one UPDATE of two
# rows (each keeps its own condition); RETURNING says whether this send's row was renewed.
RENEW_AND_RECORD = (
    'UPDATE "scheduled_message" SET "lease_until" = CASE WHEN "id" = ? THEN ? ELSE "lease_until" END, '
    '"state" = CASE WHEN "id" = ? THEN \'sent\' ELSE "state" END, '
    '"claimed_by" = CASE WHEN "id" = ? THEN NULL ELSE "claimed_by" END, '
    '"sent_at" = CASE WHEN "id" = ? THEN ? ELSE "sent_at" END, '
    '"last_error" = CASE WHEN "id" = ? THEN NULL ELSE "last_error" END, '
    '"updated_at" = CASE WHEN "id" = ? THEN ? ELSE ? END '
    'WHERE "claimed_by" = ? AND "state" = \'claimed\' AND ("id" = ? OR ("id" = ? AND EXISTS ({allowed}))) '
    'RETURNING "id"')
# SQLite: the previous send's message record and this send's new message in one INSERT. The previous message
# is proposed again, copied from its own row, so it collides on its id and only takes its sid, status and time
# (DO UPDATE, as RECORD_MESSAGE does); a row since erased is not copied, and nothing is written for it. The new
# message is proposed only when this send's claim was renewed (the last parameter). RETURNING tells the two
# apart by their outbox row: SQLite may give the new message the id of one just erased.
RECORD_AND_SEND = (
    'INSERT INTO "message" ("id", "member_id", "direction", "body", "status", "kind", "scheduled_id", "created_at", '
    '"updated_at", "twilio_sid") '
    'SELECT "id", "member_id", "direction", "body", ?, "kind", "scheduled_id", "created_at", ?, ? FROM "message" '
    'WHERE "id" = ? AND "scheduled_id" = ? '
    "UNION ALL SELECT NULL, ?, 'out', ?, 'sending', ?, ?, ?, ?, NULL WHERE ? "
    'ON CONFLICT ("id") DO UPDATE SET "twilio_sid" = excluded."twilio_sid", '
    '"status" = CASE WHEN "message"."status" = \'sending\' THEN excluded."status" ELSE "message"."status" END, '
    '"updated_at" = excluded."updated_at" RETURNING "id", "scheduled_id"')
RECORD_ROW = ('UPDATE "scheduled_message" SET "state" = \'sent\', "claimed_by" = NULL, "sent_at" = {p}, '
              '"last_error" = NULL, "updated_at" = {p} WHERE "id" = {p} AND "claimed_by" = {p} AND "state" = \'claimed\'')


@dataclass(frozen=True)
class _Shape:
    """What rules.member_allows reads of a row: its kind and prompt kind, and a member id (here a marker)."""

    member_id: object
    kind: str
    prompt_kind: str | None


_ALLOWS: dict[tuple[str, str | None], Prepared] = {}


def _allows(row: ScheduledMessage) -> Prepared:
    """rules.member_allows for rows like `row`, as a subquery built once per kind and prompt kind."""
    key = (row.kind, row.prompt_kind)
    if key not in _ALLOWS:
        _ALLOWS[key] = Prepared(lambda member_id, now: Member.select(Member.id).where(
            rules.member_allows(_Shape(member_id, *key), now)), parameters=2)
    return _ALLOWS[key]


class Ledger:
    """One pass's record of its sends (`token` is the pass's claim).

    `start(row, member, now)` before each send, `sent(...)` after it, and
    `flush()` whenever the pass stops sending (at its end, before a failure is
    recorded): nothing else needs to know that a record is in flight.
    """

    def __init__(self, token: str, lease_seconds: int):
        self.token, self.lease = token, timedelta(seconds=lease_seconds)
        self.pending: tuple[ScheduledMessage, int, SendResult, datetime] | None = None
        self.postgres = is_postgres()

    def start(self, row: ScheduledMessage, member: Member, now: datetime) -> int | None:
        """Renew our claim on `row` and store its message as "sending", if the claim is still ours and the
        member's current row still allows the send (read in the same statement); the message's id, or None.
        The previous send's record is written in the same transaction."""
        allowed, allowed_params = _allows(row).sql(row.member_id, stamp(now))
        lease_until, at = stamp(now + self.lease), stamp(now)
        renew = (lease_until, at, row.id, self.token, *allowed_params)
        message = (member.id, row.body, row.prompt_kind or row.kind)
        if self.postgres:
            # One statement is its own transaction: BEGIN and COMMIT are round trips too, needed only when
            # the previous send's record asks something of its member (rules.AFTER_SEND) in more statements.
            with database.atomic() if self._asks_member() else nullcontext():
                sql = self._recording(f'renewed AS ({RENEW.format(p="%s", allowed=allowed)} RETURNING "id")') \
                    + SENDING.format(source="SELECT %s::integer, 'out', %s::text, 'sending', %s::text, \"id\", "
                                            "%s::timestamptz, %s::timestamptz FROM renewed") + ' RETURNING "id"'
                found = execute_on_server(database, sql, (*self._recorded(), *renew, *message, at, at)).fetchone()
                self._after_send()
            message_id = found[0] if found else None
        else:
            with database.atomic():
                if self.pending is not None:
                    message_id = self._renew_recording(row.id, lease_until, at, allowed, allowed_params, message)
                elif database.execute_sql(RENEW.format(p="?", allowed=allowed), renew).rowcount > 0:
                    message_id = database.execute_sql(SENDING.format(
                        source="VALUES (?, 'out', ?, 'sending', ?, ?, ?, ?)"), (*message, row.id, at, at)).lastrowid
                else:
                    message_id = None
        self.pending = None  # committed with this transaction
        return message_id

    def _renew_recording(self, row_id: int, lease_until, at, allowed: str, allowed_params, message) -> int | None:
        """SQLite: the previous send's record and this send's renewal and message in two statements (both
        outbox rows in one UPDATE, then both messages in one INSERT); this send's message id, or None."""
        previous, _, result, then = self.pending
        p, done = previous.id, stamp(then)
        renewed = database.execute_sql(RENEW_AND_RECORD.format(allowed=allowed), (
            row_id, lease_until, p, p, p, done, p, p, done, at, self.token, p, row_id, *allowed_params)).fetchall()
        renewed = any(found == row_id for (found,) in renewed)
        self._after_send()
        member_id, body, kind = message
        stored = database.execute_sql(RECORD_AND_SEND, (
            result.status, done, result.sid, self.pending[1], p, member_id, body, kind, row_id, at, at, renewed)).fetchall()
        return next((found for found, outbox_row in stored if outbox_row == row_id), None)

    def sent(self, row: ScheduledMessage, message_id: int, result: SendResult, now: datetime) -> None:
        """`row`'s message left as `result` at `now`: recorded with the next start, or at flush()."""
        self.pending = (row, message_id, result, now)

    def flush(self) -> None:
        """Write the record of the latest send, if it is still in flight."""
        if self.pending is not None:
            with database.atomic() if not self.postgres or self._asks_member() else nullcontext():
                self._write()
            self.pending = None

    def _write(self) -> None:
        """The latest send's record, inside the caller's transaction (which clears `pending` once committed)."""
        if self.pending is None:
            return
        if self.postgres:
            database.execute_sql(f"WITH recorded AS ({RECORD_MESSAGE.format(p='%s')}) {RECORD_ROW.format(p='%s')}",
                                 self._recorded())
        else:
            row, at = self._record_message()
            database.execute_sql(RECORD_ROW.format(p="?"), (at, at, row.id, self.token))
        self._after_send()

    def _asks_member(self) -> bool:
        """Whether the send in flight, once recorded, asks something of its member (more statements)."""
        return self.pending is not None and self.pending[0].kind in rules.AFTER_SEND

    def _recording(self, then: str) -> str:
        """PostgreSQL: a WITH clause of the latest send's record, if one is in flight, and the CTE `then`."""
        recording = (f"recorded_message AS ({RECORD_MESSAGE.format(p='%s')}), "
                     f"recorded_row AS ({RECORD_ROW.format(p='%s')}), ") if self.pending is not None else ""
        return f"WITH {recording}{then} "

    def _recorded(self) -> tuple:
        """PostgreSQL: the parameters of the latest send's record (RECORD_MESSAGE's, then RECORD_ROW's)."""
        if self.pending is None:
            return ()
        row, message_id, result, now = self.pending
        at = stamp(now)
        return result.sid, result.status, at, message_id, row.id, at, at, row.id, self.token

    def _record_message(self) -> tuple[ScheduledMessage, object]:
        """SQLite: the latest send's sid and status on its message (a status callback may already have moved
        the message on: its status is kept); its row and stamped time."""
        row, message_id, result, now = self.pending
        at = stamp(now)
        database.execute_sql(RECORD_MESSAGE.format(p="?"), (result.sid, result.status, at, message_id, row.id))
        return row, at

    def _after_send(self) -> None:
        """What the latest sent text asks of the member (rules.AFTER_SEND), in the same transaction."""
        if self.pending is None:
            return
        row, _, _, now = self.pending
        if row.kind in rules.AFTER_SEND:
            rules.AFTER_SEND[row.kind](row, now)
