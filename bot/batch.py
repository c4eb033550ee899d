"""A dispatch pass's batch: what it reads once for all its claimed rows, instead of once per message."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot import rules, spool
from bot.bulk import any_of
from bot.db import database
from bot.models import Member, ScheduledMessage
from bot.prepared import stamp

LOOP_WINDOW = timedelta(minutes=5)  # loop protection looks this far back for the same text
# Written out, matching many ids with one parameter (bot.bulk.any_of): peewee composing an IN of a batch's
# members cost more than the database spent answering it.
MEMBERS = 'SELECT * FROM "member" WHERE "id" {among}'
RECENT = ('SELECT "member_id", "body", "scheduled_id" FROM "message" WHERE "member_id" {among} '
          'AND "direction" = \'out\' AND "status" != \'failed\' AND "created_at" >= {p} AND "body" {bodies}')


class Batch:
    """The claimed rows' members, what they were sent today and lately, and whose texts wait in the spool.

    Members, texts sent today and recent bodies are loaded with one query each;
    the pass keeps them current as it sends. The member's state is still
    re-checked atomically for each message, in the UPDATE that renews its claim.
    `waiting` holds the members with texts still in the inbound spool: their
    STOP, PAUSE or crisis text may be among them, so nothing but an essential
    reply goes to them until the spool has been replayed.
    """

    def __init__(self, rows: list[ScheduledMessage], now: datetime, settings):
        ids = {row.member_id for row in rows}
        among, members = any_of(ids)
        self.members = {m.id: m for m in Member.raw(MEMBERS.format(among=among), members)} if ids else {}
        self.sent_today = rules.sent_today_by_member(self.members.values(), now)
        # (member, body) -> the scheduled rows it was sent for: looked up per row, not scanned. Only the texts
        # this batch would send again matter: a burst of others to the same members (a backlog) is not read.
        self.recent: dict[tuple[int, str], list[int | None]] = {}
        if ids:
            bodies, texts = any_of({row.body for row in rows})
            since = stamp(now - LOOP_WINDOW)
            for m, b, s in database.execute_sql(RECENT.format(among=among, bodies=bodies, p=database.obj.param),
                                                (members, since, texts)):
                self.recent.setdefault((m, b), []).append(s)
        keys = spool.waiting_keys(settings.spool_dir) if ids else set()
        self.waiting = {m.id for m in self.members.values()
                        if keys and spool.member_key(m.phone, settings.secret_key) in keys}

    def repeats(self, row: ScheduledMessage) -> int:
        # This row's own earlier attempts are retries, not a loop.
        return sum(1 for s in self.recent.get((row.member_id, row.body), ()) if s != row.id)

    def record(self, row: ScheduledMessage) -> None:
        self.recent.setdefault((row.member_id, row.body), []).append(row.id)
        if row.kind not in rules.REPLIES:
            self.sent_today[row.member_id] = self.sent_today.get(row.member_id, 0) + 1
