"""Planning the recurring messages: daily check-ins and weekly reflections.

Each member row carries its next check-in and next reflection time (UTC). The
planner only reads rows whose time is near, claims each by a conditional
UPDATE that moves the time forward, and queues the message with an
idempotency key, so several workers may plan at once without doubling.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

import messages
from bot import localtime, outbox, reflections, urges
from bot.db import database, execute_values, insert_ignoring, is_postgres
from bot.models import CheckIn, Member, ScheduledMessage

AHEAD = timedelta(minutes=15)  # plan this far ahead, so the texts are rendered fresh
MISSED = timedelta(hours=2)  # a slot older than this (worker down) is skipped, not sent late
SUNDAY = 6
WEEKLY_AT = time(18, 0)


def clock_time(hhmm: str) -> time:
    hours, minutes = hhmm.split(":")
    return time(int(hours), int(minutes))


def next_checkin(member: Member, now: datetime) -> datetime:
    return localtime.next_local_time(now, member.timezone, clock_time(member.checkin_time))


def next_weekly(member: Member, now: datetime) -> datetime:
    return localtime.next_local_time(now, member.timezone, WEEKLY_AT, weekday=SUNDAY)


def reschedule(member: Member, now: datetime) -> None:
    """Recompute the member's next slots (after consent, a new time zone or check-in time)."""
    member.next_checkin_at = next_checkin(member, now)
    member.next_weekly_at = next_weekly(member, now)


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
    """Move each member's slot on, for a whole batch in one prepared statement."""
    if not moves:
        return
    column = field.column_name
    if is_postgres():
        execute_values(f'UPDATE "member" SET "{column}" = v.upcoming FROM (VALUES %s) AS v(id, upcoming) '
                       'WHERE "member"."id" = v.id', [(member_id, upcoming) for member_id, upcoming in moves])
    else:
        database.cursor().executemany(f'UPDATE "member" SET "{column}" = ? WHERE "id" = ?',
                                      [(field.db_value(upcoming), member_id) for member_id, upcoming in moves])


def _plan_checkins(members: list[Member], now: datetime) -> int:
    """Queue one batch of check-ins with a handful of statements, whatever the batch size.

    Idempotency keys make a race between two planners harmless: both compute
    the same rows and the same next slots, and nothing is inserted twice.
    """
    planned = []
    _advance(Member.next_checkin_at, [(m.id, next_checkin(m, m.next_checkin_at)) for m in members])
    for member in members:
        due = member.next_checkin_at
        if due >= now - MISSED and _eligible(member, now):
            planned.append((member, due, localtime.local(due, member.timezone).date().isoformat()))
    if not planned:
        return 0
    insert_ignoring(CheckIn, [CheckIn.member, CheckIn.local_date, CheckIn.asked_at],
                    [(m.id, day, due) for m, due, day in planned])
    ids = {(member_id, day): checkin_id for checkin_id, member_id, day in
           CheckIn.select(CheckIn.id, CheckIn.member, CheckIn.local_date).where(
               CheckIn.member.in_([m.id for m, _, _ in planned]) & CheckIn.local_date.in_({d for *_, d in planned}))
           .tuples()}
    S = ScheduledMessage
    fields = [S.member, S.kind, S.body, S.due_at, S.state, S.attempts, S.idempotency_key, S.ref_id, S.created_at,
              S.updated_at]
    rows = [(m.id, "checkin", _checkin_text(m, day), due, "pending", 0, f"checkin:{m.id}:{day}", ids[(m.id, day)],
             now, now) for m, due, day in planned]
    insert_ignoring(S, fields, rows)
    return len(rows)


def _plan_weeklies(members: list[Member], now: datetime) -> int:
    return sum(_plan_weekly(member, now) for member in members)


def _plan_weekly(member: Member, now: datetime) -> bool:
    due = member.next_weekly_at
    if not _claim(member, Member.next_weekly_at, due, next_weekly(member, due)):
        return False
    if due < now - MISSED or not _eligible(member, now):
        return False
    texts = reflections.summary(member, due, "weekly.summary")
    member.save(only=[Member.prompt_state])
    stamp = due.date().isoformat()
    return sum(
        outbox.schedule(member, "weekly", body, due, f"weekly:{member.id}:{stamp}:{n}", now) is not None
        for n, (_, body) in enumerate(texts)
    ) > 0


def plan(now: datetime, *, batch: int = 1000) -> int:
    """Queue the check-ins and reflections due within AHEAD of `now`; returns how many were queued.

    Reads only members whose next slot is near (an index range), batch by
    batch until none is left, so its cost follows what is due.
    """
    horizon = now + AHEAD
    queued = 0
    # Check-ins read plain rows (a few columns, no model objects): the 19:00 spike is large.
    light = Member.select(Member.id, Member.status, Member.consent_at, Member.paused_until, Member.safety_hold,
                          Member.timezone, Member.checkin_time, Member.discreet, Member.spouse_name,
                          Member.next_checkin_at)
    for field, query, step in ((Member.next_checkin_at, light.namedtuples(), _plan_checkins),
                               (Member.next_weekly_at, Member.select(), _plan_weeklies)):
        while True:
            due = list(query.where(field.is_null(False) & (field <= horizon)).order_by(field).limit(batch))
            with database.atomic():
                queued += step(due, now)
            if len(due) < batch:
                break
    return queued


def plan_member(member: Member, now: datetime) -> int:
    """Plan one member's check-in and reflection if due within AHEAD (for a test clock that runs ahead)."""
    queued = 0
    with database.atomic():
        if member.next_checkin_at is not None and member.next_checkin_at <= now + AHEAD:
            queued += _plan_checkins([member], now)
        if member.next_weekly_at is not None and member.next_weekly_at <= now + AHEAD:
            queued += _plan_weekly(member, now)
    return queued


def run_planning(now: datetime, settings=None) -> int:
    """The worker's planning job: plan recurring messages and quietly expire unanswered urges."""
    return plan(now) + urges.expire(now)
