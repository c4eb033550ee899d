"""Is the service helping? Each member's outreach against their own baseline, by weeks since joining.

A member's baseline (member.baseline_weekly) is their own count of outreach in
the week before they joined. Outreach is the contacts they started and logged,
needed ones (children, money, housing) excluded; "texted him 3 times" is three
contacts. Weeks since joining count from consent, and only completed weeks
count (up to `now`, or the opt-out): week 1, 2 and 3 are a member's first
three; "4+" is their latest four completed weeks from the fourth on, so a
member three months in is judged on how they are doing now. Each member is one
value (their weekly outreach divided by their baseline, minus one), so a
growing service cannot fake change by piling new members into a total, and a
member who reached out 40 times cannot outweigh ten who reached out twice.
Members without a baseline, or with a baseline of 0, have nothing to be
compared with, and members who went quiet in a bucket's weeks told us
nothing about them: both are left out, and counted as such.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from peewee import fn

from bot.admin.intervals import quantile
from bot.admin.metrics import WEEK
from bot.db import database, is_postgres
from bot.models import Contact, Member

BUCKETS = ("week 1", "week 2", "week 3", "week 4+")
SETTLED_WEEKS = 4  # how many of a member's latest weeks make their "4+" figure
FIRST_WEEKS = 3


@dataclass(frozen=True)
class Bucket:
    """The distribution of members' change against their baseline (-0.58 means 58% less) in one tenure bucket."""

    label: str
    members: int
    median: float | None = None
    low: float | None = None  # 25th percentile
    high: float | None = None  # 75th percentile
    below: float | None = None  # share of members who reached out less than their baseline
    quiet: int = 0  # members left out: nothing logged, no urge, no check-in answered in those weeks

    @classmethod
    def of(cls, label: str, changes: list[float], quiet: int = 0) -> Bucket:
        if not changes:
            return cls(label, 0, quiet=quiet)
        ordered = sorted(changes)
        return cls(label, len(ordered), quantile(ordered, 0.5), quantile(ordered, 0.25), quantile(ordered, 0.75),
                   sum(1 for c in ordered if c < 0) / len(ordered), quiet)


@dataclass(frozen=True)
class BaselineChange:
    buckets: list[Bucket]
    without_baseline: int  # consented members with no usable baseline

    @property
    def settled(self) -> Bucket:
        return self.buckets[-1]


def _sql(now_param: str) -> dict[str, str]:
    """The dialect's pieces: whole weeks from one time to another, and the end of a member's time with us."""
    if is_postgres():
        weeks = "FLOOR(EXTRACT(EPOCH FROM ({0} - {1})) / 604800.0)::integer"
        end = f"LEAST({now_param}, COALESCE(CASE WHEN m.status = 'opted_out' THEN m.stopped_at END, {now_param}))"
    else:
        weeks = "CAST((julianday({0}) - julianday({1})) / 7 AS INTEGER)"
        end = f"MIN({now_param}, COALESCE(CASE WHEN m.status = 'opted_out' THEN m.stopped_at END, {now_param}))"
    return {"weeks": weeks, "end": end}


def completed_weeks(now: datetime) -> dict[int, tuple[int, int]]:
    """member id -> (baseline, completed weeks since consent) for members with a baseline above 0: one query."""
    mark = "%s" if is_postgres() else "?"
    sql = _sql(mark)
    completed = sql["weeks"].format(sql["end"], "m.consent_at")
    rows = database.execute_sql(
        f"SELECT m.id, m.baseline_weekly, {completed} FROM member m "
        "WHERE m.consent_at IS NOT NULL AND m.baseline_weekly > 0 AND m.consent_at <= " + mark,
        (_param(now), _param(now), _param(now)))
    return {member_id: (baseline, max(0, weeks)) for member_id, baseline, weeks in rows}


# Rows (member_id, at) per source: the contacts counted, and the signs that a member was with us that week.
OUTREACH = "SELECT member_id, at FROM contact WHERE initiator = 'member' AND NOT needed"
PRESENCE = ("SELECT member_id, opened_at AS at FROM urge_episode UNION ALL "
            "SELECT member_id, answered_at AS at FROM check_in WHERE answered_at IS NOT NULL")


def by_bucket(source: str, now: datetime) -> dict[tuple[int, int], int]:
    """(member id, bucket 0-3) -> rows of `source` in that bucket's completed weeks: one query."""
    mark = "%s" if is_postgres() else "?"
    sql = _sql(mark)
    week = sql["weeks"].format("s.at", "m.consent_at")
    completed = sql["weeks"].format(sql["end"], "m.consent_at")
    rows = database.execute_sql(
        f"SELECT member_id, CASE WHEN wk < {FIRST_WEEKS} THEN wk ELSE {FIRST_WEEKS} END AS bucket, COUNT(*) FROM ("
        f"  SELECT s.member_id, {week} AS wk, {completed} AS k FROM ({source}) AS s JOIN member m ON m.id = s.member_id"
        f"  WHERE s.at >= m.consent_at AND s.at < {mark} AND m.consent_at IS NOT NULL AND m.baseline_weekly > 0"
        f") AS t WHERE wk < k AND (wk < {FIRST_WEEKS} OR wk >= k - {SETTLED_WEEKS}) GROUP BY member_id, bucket",
        (_param(now), _param(now), _param(now)))
    return {(member_id, bucket): count for member_id, bucket, count in rows}


def _param(now: datetime):
    return Contact.at.db_value(now)


def baseline_change(now: datetime) -> BaselineChange:
    """Members' outreach against their own baseline in week 1, 2, 3 and 4+ since joining: four queries.

    A member counts in a bucket only if they were with us then: they logged a
    contact, texted an urge or answered a check-in in those weeks. A member
    who went quiet has told us nothing, and must not look like one who stopped
    reaching out.
    """
    members = completed_weeks(now)
    counts, present = by_bucket(OUTREACH, now), by_bucket(PRESENCE, now)
    changes: dict[int, list[float]] = defaultdict(list)
    quiet = [0] * len(BUCKETS)
    for member_id, (baseline, weeks) in members.items():
        spans = [(bucket, 1) for bucket in range(min(weeks, FIRST_WEEKS))]
        if weeks > FIRST_WEEKS:
            spans.append((FIRST_WEEKS, min(SETTLED_WEEKS, weeks - FIRST_WEEKS)))
        for bucket, span in spans:
            outreach = counts.get((member_id, bucket), 0)
            if not outreach and (member_id, bucket) not in present:
                quiet[bucket] += 1
                continue
            changes[bucket].append(outreach / span / baseline - 1)
    without = Member.select().where(Member.consent_at.is_null(False) & (Member.consent_at <= now)
                                    & (Member.baseline_weekly.is_null() | (Member.baseline_weekly <= 0))).count()
    return BaselineChange([Bucket.of(label, changes[i], quiet[i]) for i, label in enumerate(BUCKETS)], without)


@dataclass(frozen=True)
class Trend:
    """One member's last seven days against their baseline, for the members list."""

    week: int
    baseline: int | None

    @property
    def change(self) -> float | None:
        return None if not self.baseline else self.week / self.baseline - 1


def week_against_baseline(members: list[Member], now: datetime) -> dict[int, Trend]:
    """Outreach in the seven days up to `now` for each of `members` (one grouped query), with their baseline."""
    if not members:
        return {}
    counts = dict(Contact.select(Contact.member, fn.COUNT(Contact.id))
                  .where(Contact.member.in_([m.id for m in members]) & (Contact.initiator == "member")
                         & ~Contact.needed & (Contact.at >= now - WEEK) & (Contact.at < now))
                  .group_by(Contact.member).tuples())
    return {m.id: Trend(counts.get(m.id, 0), m.baseline_weekly) for m in members}
