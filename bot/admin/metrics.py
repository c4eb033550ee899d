"""The overview's tiles and the members list's figures: plain functions of `now`.

Each function runs a fixed number of queries, whatever the number of members,
and reads only indexed ranges (see bot/migrations/0003_admin.py and
0007_outcomes.py). Weekly trends are in bot.admin.trends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from peewee import Case, fn

from bot.admin.trends import FAILED_STATUSES, WEEK
from bot.db import is_postgres
from bot.models import Contact, Member, Message, SafetyFlag, ScheduledMessage, UrgeEpisode

DAY = timedelta(days=1)
RECENT = timedelta(days=30)  # the window for the share waited out and the median minutes
# Outcomes that say nothing about whether the urge passed: a newer urge replaced it.
UNDECIDED = ("open", "superseded")


def minutes_between(start_column, end_column):
    """SQL for the minutes from one time column to another."""
    if is_postgres():
        return fn.date_part("epoch", end_column - start_column) / 60
    return (fn.julianday(end_column) - fn.julianday(start_column)) * 1440


@dataclass(frozen=True)
class Overview:
    active_members: int
    engaged_members: int  # active members who texted the bot in the last 7 days
    new_this_week: int
    urges_today: int
    urges_this_week: int
    waited_share: float | None  # of urges decided in the last 30 days
    median_minutes: float | None  # for an urge waited out to pass, last 30 days
    delivery_failures: int  # outbound texts failed or undelivered in the last 7 days, not yet dealt with
    outbox_problems: int  # scheduled messages failed or unknown, now
    opt_outs_this_week: int
    open_flags: int  # open or acknowledged
    overdue_flags: int  # open (nobody on it yet) for longer than the alert time


def overview(now: datetime, flag_alert: timedelta = timedelta(hours=1)) -> Overview:
    """The overview's tiles as of `now`: eight statements, whatever the number of members."""
    week_ago = now - WEEK
    members = Member.select(
        fn.COUNT(Case(None, [(Member.status == "active", 1)])),
        fn.COUNT(Case(None, [(Member.created_at >= week_ago, 1)])),
        fn.COUNT(Case(None, [((Member.status == "opted_out") & (Member.stopped_at >= week_ago), 1)])),
        fn.COUNT(Case(None, [((Member.status == "active") & (Member.last_inbound_at >= week_ago), 1)])),
    ).tuples().first()
    urges = UrgeEpisode.select(
        fn.COUNT(Case(None, [(UrgeEpisode.opened_at >= now - DAY, 1)])), fn.COUNT(UrgeEpisode.id)
    ).where((UrgeEpisode.opened_at >= week_ago) & (UrgeEpisode.opened_at <= now)).tuples().first()
    decided = dict(
        UrgeEpisode.select(UrgeEpisode.outcome, fn.COUNT(UrgeEpisode.id))
        .where((UrgeEpisode.closed_at >= now - RECENT) & (UrgeEpisode.closed_at <= now)
               & UrgeEpisode.outcome.not_in(UNDECIDED))
        .group_by(UrgeEpisode.outcome).tuples()
    )
    total_decided = sum(decided.values())
    flags = SafetyFlag.select(
        fn.COUNT(SafetyFlag.id),
        fn.COUNT(Case(None, [((SafetyFlag.state == "open") & (SafetyFlag.created_at < now - flag_alert), 1)])),
    ).where(SafetyFlag.state != "resolved").tuples().first()
    return Overview(
        active_members=members[0] or 0,
        engaged_members=members[3] or 0,
        new_this_week=members[1] or 0,
        urges_today=urges[0] or 0,
        urges_this_week=urges[1] or 0,
        waited_share=decided.get("waited_out", 0) / total_decided if total_decided else None,
        median_minutes=median_minutes(now),
        delivery_failures=delivery_failures(now).count(),
        outbox_problems=ScheduledMessage.select().where(ScheduledMessage.state.in_(("failed", "unknown"))).count(),
        opt_outs_this_week=members[2] or 0,
        open_flags=flags[0] or 0,
        overdue_flags=flags[1] or 0,
    )


def delivery_failures(now: datetime):
    """Outbound texts that failed or were not delivered in the last 7 days, that no operator has dealt with."""
    return Message.select().where(
        Message.status.in_(FAILED_STATUSES) & (Message.created_at >= now - WEEK) & (Message.direction == "out")
        & Message.dismissed_at.is_null())


def median_minutes(now: datetime, member_id: int | None = None) -> float | None:
    """The median minutes an urge took to pass (episodes waited out in the last 30 days), in SQL."""
    minutes = minutes_between(UrgeEpisode.opened_at, UrgeEpisode.closed_at)
    condition = ((UrgeEpisode.closed_at >= now - RECENT) & (UrgeEpisode.closed_at <= now)
                 & (UrgeEpisode.outcome == "waited_out"))
    if member_id is not None:
        condition &= UrgeEpisode.member == member_id
    count = UrgeEpisode.select().where(condition).count()
    if not count:
        return None
    middle = (UrgeEpisode.select(minutes.alias("m")).where(condition).order_by(minutes)
              .limit(2 - count % 2).offset((count - 1) // 2).tuples())
    values = [float(m) for (m,) in middle]
    return sum(values) / len(values)


def last_outreach(member_ids: list[int]) -> dict[int, datetime]:
    """Each member's latest member-initiated contact that was not needed, in one grouped query."""
    if not member_ids:
        return {}
    latest = fn.MAX(Contact.at).python_value(Contact.at.python_value)
    rows = (Contact.select(Contact.member, latest)
            .where(Contact.member.in_(member_ids) & (Contact.initiator == "member") & ~Contact.needed)
            .group_by(Contact.member).tuples())
    return dict(rows)


def streak_days(member: Member, last: datetime | None, now: datetime) -> int:
    """Whole days since the member last reached out (or since they joined, if they never have)."""
    since = last or member.consent_at or member.created_at
    return max(0, (now - since).days)

