"""Planning the recurring messages: daily check-ins and weekly reflections.

Each member row carries its next check-in and next reflection time (UTC). The
planner only reads rows whose time is near, claims each by a conditional
UPDATE that moves the time forward, and queues the message with an
idempotency key, so several workers may plan at once without doubling.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from bot import localtime, outbox, reflections, urges
from bot.models import CheckIn, Member
from bot.prompts import say_scheduled

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


def _plan_checkin(member: Member, now: datetime) -> bool:
    due = member.next_checkin_at
    if not _claim(member, Member.next_checkin_at, due, next_checkin(member, due)):
        return False
    if due < now - MISSED or not _eligible(member, now):
        return False
    local_date = localtime.local(due, member.timezone).date().isoformat()
    checkin, _ = CheckIn.get_or_create(member=member, local_date=local_date, defaults={"asked_at": due})
    _, body = say_scheduled(member, "checkin.ask")
    member.save(only=[Member.prompt_state])
    return outbox.schedule(member, "checkin", body, due, f"checkin:{member.id}:{local_date}", now,
                           ref_id=checkin.id) is not None


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


def plan(now: datetime, *, limit: int = 1000) -> int:
    """Queue the check-ins and reflections due within AHEAD of `now`; returns how many were queued."""
    horizon = now + AHEAD
    queued = 0
    for field, step in ((Member.next_checkin_at, _plan_checkin), (Member.next_weekly_at, _plan_weekly)):
        due = Member.select().where(field.is_null(False) & (field <= horizon)).order_by(field).limit(limit)
        queued += sum(step(member, now) for member in due)
    return queued


def run_planning(now: datetime, settings=None) -> int:
    """The worker's planning job: plan recurring messages and quietly expire unanswered urges."""
    return plan(now) + urges.expire(now)
