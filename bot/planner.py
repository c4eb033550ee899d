"""Planning the recurring messages: check-ins, weekly reflections, and the note before a hard hour.

Each member row carries its next check-in, next reflection and next note time
(UTC). The planner only reads rows whose time is near, claims each by a
conditional UPDATE that moves the time forward, and queues the message with an
idempotency key, so several workers may plan at once without doubling.

How often check-ins come follows the member's `frequency` (LESS / MORE):
daily, every other day, or none (weekly: the Sunday reflection only). The note
before a hard hour (bot.rhythm) comes only once the member said yes to it.
"""

from __future__ import annotations

from collections import namedtuple
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, time, timedelta

import messages
from bot import localtime, outbox, reflections, rhythm, rules, urges
from bot.bulk import converter, insert_ignoring, rows_of
from bot.config import parse_clock_range
from bot.db import database, is_postgres
from bot.models import CheckIn, Member, ScheduledMessage
from bot.prompts import say_scheduled

AHEAD = timedelta(minutes=15)  # plan this far ahead, so the texts are rendered fresh
MISSED = timedelta(hours=2)  # a slot older than this (worker down) is skipped, not sent late
SUNDAY = 6
WEEKLY_AT = time(18, 0)
CHECKIN_EVERY = {"daily": 1, "every_other_day": 2, "weekly": 0}  # days between check-ins; 0: none
# The service's default quiet hours, for callers that pass no settings (tests, the simulator).
DEFAULT_QUIET = parse_clock_range("QUIET_HOURS", "20:00-09:00")


def clock_time(hhmm: str) -> time:
    hours, minutes = hhmm.split(":")
    return time(int(hours), int(minutes))


def next_checkin(member: Member, now: datetime) -> datetime | None:
    """The first check-in after `now` (None when the member wants the weekly reflection only)."""
    if not CHECKIN_EVERY.get(member.frequency, 1):
        return None
    return localtime.next_local_time(now, member.timezone, clock_time(member.checkin_time))


def following_checkin(member: Member, due: datetime) -> datetime | None:
    """The check-in after the one at `due`: the next day, or the day after for every other day."""
    upcoming = None
    for _ in range(CHECKIN_EVERY.get(member.frequency, 1)):
        upcoming = localtime.next_local_time(upcoming or due, member.timezone, clock_time(member.checkin_time))
    return upcoming


def next_weekly(member: Member, now: datetime) -> datetime:
    return localtime.next_local_time(now, member.timezone, WEEKLY_AT, weekday=SUNDAY)


def reschedule(member: Member, now: datetime) -> None:
    """Recompute the member's next slots (after consent, a new time zone, check-in time or frequency)."""
    member.next_checkin_at = next_checkin(member, now)
    member.next_weekly_at = next_weekly(member, now)
    member.next_nudge_at = rhythm.next_nudge(member, now)


def _claim(member: Member, field, current: datetime, upcoming: datetime) -> bool:
    """Move one slot forward; True only for the planner that moved it (another may race us)."""
    return bool(Member.update({field: upcoming}).where((Member.id == member.id) & (field == current)).execute())


def _eligible(member: Member, now: datetime) -> bool:
    paused = member.paused_until is not None and member.paused_until > now
    return member.status == "active" and member.consent_at is not None and not paused and not member.safety_hold


def _checkin_text(member: Member, local_date: str) -> str:
    """The check-in wording for a day: variants rotate by date, so two days running never match."""
    prompt_id = "checkin.ask" if member.discreet else "checkin.ask.open"
    day = datetime.fromisoformat(local_date).toordinal()
    return messages.load().render(prompt_id, {"name": member.spouse_name or "them"}, after=day - 1).text


def _advance(field, moves: list[tuple[int, datetime]]) -> None:
    """Move each member's slot on, for a whole batch in a few prepared statements."""
    if not moves:
        return
    column = field.column_name
    if is_postgres():
        # One UPDATE per distinct next slot (the 19:00 spike shares one), by id = ANY: a join with a VALUES list
        # led PostgreSQL to a sequential scan of every member for every batch.
        slots: dict[datetime | None, list[int]] = {}
        for member_id, upcoming in moves:
            slots.setdefault(upcoming, []).append(member_id)
        with database.atomic():
            for upcoming, ids in slots.items():
                database.execute_sql(f'UPDATE "member" SET "{column}" = %s WHERE "id" = ANY(%s)',
                                     (field.db_value(upcoming), ids))
    else:
        value = converter(field.db_value)
        database.cursor().executemany(f'UPDATE "member" SET "{column}" = ? WHERE "id" = ?',
                                      [(value(upcoming), member_id) for member_id, upcoming in moves])


def _plan_checkins(members: list[Member], now: datetime) -> int:
    """Queue one batch of check-ins with a handful of statements, whatever the batch size.

    Idempotency keys make a race between two planners harmless: both compute
    the same rows and the same next slots, and nothing is inserted twice.
    """
    planned = []
    # Members at 19:00 share a zone, a time and a frequency: each slot and each wording is computed once per
    # batch, not once per member (that was most of the Python in a 100,000-member spike).
    following, days, texts = {}, {}, {}

    def upcoming(m) -> datetime | None:
        key = (m.timezone, m.checkin_time, m.frequency, m.next_checkin_at)
        if key not in following:
            following[key] = following_checkin(m, m.next_checkin_at)
        return following[key]

    def local_day(due: datetime, zone: str) -> str:
        if (due, zone) not in days:
            days[due, zone] = localtime.local(due, zone).date().isoformat()
        return days[due, zone]

    def text(m, day: str) -> str:
        key = (m.discreet, m.spouse_name, day)
        if key not in texts:
            texts[key] = _checkin_text(m, day)
        return texts[key]

    _advance(Member.next_checkin_at, [(m.id, upcoming(m)) for m in members])
    for member in members:
        due = member.next_checkin_at
        if due >= now - MISSED and _eligible(member, now):
            planned.append((member, due, local_day(due, member.timezone)))
    if not planned:
        return 0
    inserted = insert_ignoring(CheckIn, [CheckIn.member, CheckIn.local_date, CheckIn.asked_at],
                               [(m.id, day, due) for m, due, day in planned], returning=CHECKIN_KEY)
    ids = {(member_id, day): checkin_id for member_id, day, checkin_id in inserted or ()}
    missing = [(m.id, day) for m, _, day in planned if (m.id, day) not in ids]  # all, where nothing is returned
    if missing:
        ids.update(_checkin_ids([member_id for member_id, _ in missing], {day for _, day in missing}))
    S = ScheduledMessage
    fields = [S.member, S.kind, S.body, S.due_at, S.state, S.attempts, S.idempotency_key, S.ref_id, S.created_at,
              S.updated_at]
    rows = [(m.id, "checkin", text(m, day), due, "pending", 0, f"checkin:{m.id}:{day}", ids[(m.id, day)],
             now, now) for m, due, day in planned]
    insert_ignoring(S, fields, rows)
    return len(rows)


CHECKIN_KEY = '"member_id", "local_date", "id"'


def _checkin_ids(member_ids: list[int], days: set[str]) -> dict[tuple[int, str], int]:
    """(member, local date) -> check-in id, for the rows the insert did not return (SQLite returns none; a
    racing planner may have inserted some). Written out: peewee spent longer composing an IN of a thousand
    ids than the database spent answering it."""
    mark = database.obj.param
    sql = (f'SELECT {CHECKIN_KEY} FROM "check_in" WHERE "member_id" IN '
           f'({", ".join([mark] * len(member_ids))}) AND "local_date" IN ({", ".join([mark] * len(days))})')
    return {(member_id, day): checkin_id for member_id, day, checkin_id
            in database.execute_sql(sql, [*member_ids, *days])}


OFFER_FIELDS = (Member.prompt_state, Member.nudge_at, Member.nudge_days, Member.nudge_offered_at,
                Member.taper_offered_at)


def _plan_weekly(member: Member, now: datetime, quiet) -> bool:
    due = member.next_weekly_at
    if not _claim(member, Member.next_weekly_at, due, next_weekly(member, due)):
        return False
    if due < now - MISSED or not _eligible(member, now):
        return False
    texts = reflections.weekly(member, due, rhythm.hours_of(member, quiet))
    member.save(only=OFFER_FIELDS)
    stamp = due.date().isoformat()
    return sum(
        outbox.schedule(member, kind, body, due, f"weekly:{member.id}:{stamp}:{n}", now) is not None
        for n, (kind, body) in enumerate(texts)
    ) > 0


def _plan_nudge(member: Member, now: datetime) -> bool:
    """The note shortly before the member's usual hour, on its day; none once it would come too late."""
    due = member.next_nudge_at
    if not _claim(member, Member.next_nudge_at, due, rhythm.next_nudge(member, due)):
        return False
    if due < now - rules.NUDGE_LATE or not _eligible(member, now) or not member.nudge_on:
        return False
    _, body = say_scheduled(member, "nudge.checkin")
    member.save(only=[Member.prompt_state])
    day = localtime.local(due, member.timezone).date().isoformat()
    return outbox.schedule(member, "nudge", body, due, f"nudge:{member.id}:{day}", now) is not None


# Check-ins read plain rows (a few columns, no model objects, conversions remembered): the 19:00 spike is large.
LIGHT_FIELDS = (Member.id, Member.status, Member.consent_at, Member.paused_until, Member.safety_hold,
                Member.timezone, Member.checkin_time, Member.discreet, Member.spouse_name, Member.frequency,
                Member.next_checkin_at)
LIGHT = Member.select(*LIGHT_FIELDS)
LightMember = namedtuple("LightMember", [f.name for f in LIGHT_FIELDS])


def _light(query) -> list[LightMember]:
    return [LightMember(*row) for row in rows_of(query, LIGHT_FIELDS)]


# PostgreSQL: the check-ins of a spike are planned on this many connections at once. Each lane's batch is read
# FOR UPDATE SKIP LOCKED in the transaction that plans it, so lanes (and other workers) never share a member, and
# the database's half of the work (ten index entries per member moved, two rows inserted) runs on both cores.
LANES = 2


def plan(now: datetime, settings=None, *, batch: int = 1000) -> int:
    """Queue the check-ins, reflections and notes due within AHEAD of `now`; returns how many were queued.

    Reads only members whose next slot is near (an index range), batch by
    batch until none is left, so its cost follows what is due.
    """
    horizon = now + AHEAD
    quiet = settings.quiet_hours if settings is not None else DEFAULT_QUIET

    def due(field, query):
        return query.where(field.is_null(False) & (field <= horizon)).order_by(field).limit(batch)

    def checkins() -> int:
        queued, query = 0, due(Member.next_checkin_at, LIGHT)
        if is_postgres():
            query = query.for_update(skip_locked=True)
        while True:
            with database.atomic():
                rows = _light(query)
                queued += _plan_checkins(rows, now)
            if len(rows) < batch:
                return queued

    queued = _in_lanes(checkins, LANES if is_postgres() else 1)
    for field, step in ((Member.next_weekly_at, lambda m: _plan_weekly(m, now, quiet)),
                        (Member.next_nudge_at, lambda m: _plan_nudge(m, now))):
        while True:
            rows = list(due(field, Member.select()))
            with database.atomic():
                queued += sum(step(m) for m in rows)
            if len(rows) < batch:
                break
    return queued


def _in_lanes(work, lanes: int) -> int:
    """The sum of `work()` run in `lanes` threads at once, each on its own connection (this thread's is one)."""
    if lanes == 1:
        return work()

    def lane() -> int:
        with database.connection_context():
            return work()

    with ThreadPoolExecutor(lanes - 1, thread_name_prefix="planner-lane") as pool:
        others = [pool.submit(lane) for _ in range(lanes - 1)]
        return work() + sum(other.result() for other in others)


def plan_member(member: Member, now: datetime) -> int:
    """Plan one member's recurring texts if due within AHEAD (for a test clock that runs ahead)."""
    queued = 0
    with database.atomic():
        if member.next_checkin_at is not None and member.next_checkin_at <= now + AHEAD:
            queued += _plan_checkins([member], now)
        if member.next_weekly_at is not None and member.next_weekly_at <= now + AHEAD:
            queued += _plan_weekly(member, now, DEFAULT_QUIET)
        if member.next_nudge_at is not None and member.next_nudge_at <= now + AHEAD:
            queued += _plan_nudge(member, now)
    return queued


def run_planning(now: datetime, settings=None) -> int:
    """The worker's planning job: plan recurring messages and quietly expire unanswered urges."""
    return plan(now, settings) + urges.expire(now)
