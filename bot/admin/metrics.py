"""Aggregates for the dashboard and the CSV export: plain functions of `now`.

Each function runs a fixed number of queries, whatever the number of members,
and reads only indexed ranges (see bot/migrations/0003_admin.py). Weeks are
rolling: the last one is the seven days up to `now`. A trend is one statement,
a UNION ALL of one index range per week: three to four times faster on SQLite
than grouping by a computed week number, and the same SQL on PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import reduce

from peewee import Case, Value, fn

from bot.db import is_postgres
from bot.models import CheckIn, Contact, Member, Message, SafetyFlag, ScheduledMessage, UrgeEpisode

DAY, WEEK = timedelta(days=1), timedelta(days=7)
TREND_WEEKS = 12
RECENT = timedelta(days=30)  # the window for the share waited out and the median minutes
FAILED_STATUSES = ("failed", "undelivered")
# Outcomes that say nothing about whether the urge passed: a newer urge replaced it.
UNDECIDED = ("open", "superseded")
# How a member said a contact they started was received; None: they never answered the question.
RECEPTIONS = ("glad", "not_glad", "unsure", "no_answer")


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
    """The overview's tiles as of `now`: six statements."""
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


@dataclass
class Week:
    start: datetime
    members: int = 0  # enrolled (consented, not opted out) at some point in the week
    new_members: int = 0
    urges: int = 0
    waited_out: int = 0
    outreach: int = 0  # member-initiated contacts, needed ones (children, money, housing) excluded
    spouse: int = 0
    failures: int = 0
    opt_outs: int = 0
    receptions: dict = field(default_factory=dict)  # RECEPTIONS (and None: unanswered) -> outreach contacts
    checkins_asked: int = 0
    checkins_answered: int = 0

    @property
    def outreach_per_member(self) -> float | None:
        return self.outreach / self.members if self.members else None

    @property
    def spouse_per_member(self) -> float | None:
        return self.spouse / self.members if self.members else None

    @property
    def urges_per_member(self) -> float | None:
        return self.urges / self.members if self.members else None

    @property
    def waited_share(self) -> float | None:
        return self.waited_out / self.urges if self.urges else None

    @property
    def reply_rate(self) -> float | None:
        """The share of check-ins asked this week that the member answered."""
        return self.checkins_answered / self.checkins_asked if self.checkins_asked else None

    def reception_share(self, reception: str | None) -> float | None:
        """The share of this week's outreach received as `reception` (None: the member never said)."""
        return self.receptions.get(reception, 0) / self.outreach if self.outreach else None


def _by_week(query, column, weeks: list[Week], *extra, waited=None):
    """Rows of (week index, *extra, count[, waited]) for `query`'s rows whose `column` falls in each week."""
    counts = [fn.COUNT(query.model.id)] + ([waited] if waited is not None else [])
    parts = [query.select(Value(i).alias("week"), *extra, *counts)
             .where((column >= w.start) & (column < w.start + WEEK)).group_by(*extra)
             for i, w in enumerate(weeks)]
    return reduce(lambda union, part: union.union_all(part), parts).tuples()


def _fill(result: list[Week], rows, setter) -> None:
    for week, *values in rows:
        setter(result[int(week)], *values)


def _set(name: str):
    return lambda week, n: setattr(week, name, n)


def _set_contacts(week: Week, initiator: str, n: int) -> None:
    setattr(week, "outreach" if initiator == "member" else "spouse", n)


def _add_contacts(week: Week, initiator: str, reception: str | None, n: int) -> None:
    if initiator == "member":
        week.outreach += n
        week.receptions[reception] = week.receptions.get(reception, 0) + n
    else:
        week.spouse += n


def _set_checkins(week: Week, n: int, answered) -> None:
    week.checkins_asked, week.checkins_answered = n, int(answered or 0)


def _set_urges(week: Week, n: int, waited_out) -> None:
    week.urges, week.waited_out = n, int(waited_out or 0)


def weeks(now: datetime, count: int = TREND_WEEKS) -> list[Week]:
    """The last `count` rolling weeks up to `now`, oldest first: seven statements."""
    result = [Week(now - (count - i) * WEEK) for i in range(count)]
    enrolled = Member.select(*(
        fn.COUNT(Case(None, [((Member.consent_at < w.start + WEEK)
                              & (Member.stopped_at.is_null() | (Member.stopped_at >= w.start)), 1)]))
        for w in result
    )).tuples().first()
    for week, members in zip(result, enrolled or (), strict=False):
        week.members = members or 0
    _fill(result, _by_week(Member.select(), Member.created_at, result), _set("new_members"))
    _fill(result, _by_week(Member.select().where(Member.status == "opted_out"), Member.stopped_at, result),
          _set("opt_outs"))
    waited = fn.SUM(Case(None, [(UrgeEpisode.outcome == "waited_out", 1)], 0))
    _fill(result, _by_week(UrgeEpisode.select(), UrgeEpisode.opened_at, result, waited=waited), _set_urges)
    _fill(result, _by_week(Contact.select().where(~Contact.needed), Contact.at, result, Contact.initiator,
                           Contact.reception), _add_contacts)
    failed = Message.select().where(Message.status.in_(FAILED_STATUSES) & (Message.direction == "out"))
    _fill(result, _by_week(failed, Message.created_at, result), _set("failures"))
    answered = fn.SUM(Case(None, [(CheckIn.answered_at.is_null(False), 1)], 0))
    _fill(result, _by_week(CheckIn.select(), CheckIn.asked_at, result, waited=answered), _set_checkins)
    return result


def member_weeks(member_id: int, now: datetime, count: int = TREND_WEEKS) -> list[Week]:
    """One member's outreach, spouse-initiated contacts and urges over the last `count` weeks: two statements."""
    result = [Week(now - (count - i) * WEEK) for i in range(count)]
    contacts = Contact.select().where((Contact.member == member_id) & ~Contact.needed)
    _fill(result, _by_week(contacts, Contact.at, result, Contact.initiator), _set_contacts)
    episodes = UrgeEpisode.select().where(UrgeEpisode.member == member_id)
    _fill(result, _by_week(episodes, UrgeEpisode.opened_at, result), _set("urges"))
    return result


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

