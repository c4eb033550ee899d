"""Is the service helping? Each member's outreach against their own baseline, by weeks since joining.

A member's baseline (member.baseline_weekly) is their own count of outreach in
the week before they joined. Outreach is the contacts they started and logged,
needed ones (children, money, housing) excluded; "texted him 3 times" is three
contacts. Weeks since joining count from consent, and only completed weeks
count. Week 1, 2 and 3 are the first three weeks of the members who joined in
the last COHORT_WEEKS weeks (recent cohorts: the figure says how the service
does now, and the rows read stay bounded however old the service gets); "4+"
is the latest four completed weeks, from the fourth on, of every member
enrolled now. Each member is one value (their weekly outreach divided by their
baseline, minus one), so a growing service cannot fake change by piling new
members into a total, and a member who reached out 40 times cannot outweigh
ten who reached out twice.

Left out, and counted: members without a baseline (or a baseline of 0), who
have nothing to be compared with, and members who went quiet, whose last text
to the bot came before a bucket's weeks began: silence is not reaching out
less.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from peewee import fn

from bot.admin import plans
from bot.admin.intervals import quantile
from bot.admin.trends import WEEK
from bot.db import database, is_postgres
from bot.models import Contact, Member

BUCKETS = ("week 1", "week 2", "week 3", "week 4+")
FIRST_WEEKS = 3
SETTLED_WEEKS = 4  # how many of a member's latest weeks make their "4+" figure
COHORT_WEEKS = 12  # weeks 1-3 read the members who joined this recently


@dataclass(frozen=True)
class Bucket:
    """The distribution of members' change against their baseline (-0.58 means 58% less) in one tenure bucket."""

    label: str
    members: int
    median: float | None = None
    low: float | None = None  # 25th percentile
    high: float | None = None  # 75th percentile
    below: float | None = None  # share of members who reached out less than their baseline
    quiet: int = 0  # members left out: their last text to the bot came before these weeks

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


def _sql() -> dict[str, str]:
    """The dialect's pieces: completed weeks since consent (to {0}: now), a time {1} weeks after {0}."""
    if is_postgres():
        end = "CASE WHEN status = 'opted_out' AND stopped_at < {0} THEN stopped_at ELSE {0} END"
        # date_part is double precision; EXTRACT's numeric made this three times slower.
        return {"tenure": f"FLOOR(date_part('epoch', ({end}) - consent_at) / 604800.0)::integer",
                "after": "({0} + 7 * ({1}) * INTERVAL '1 day')", "least": "LEAST", "mark": "%s"}
    # julianday of the parameter is computed once, not per member. A boundary is written to the second
    # (datetime() costs half of strftime's milliseconds, and the date arithmetic is most of this query):
    # a contact in the second before a week ends may count in the next week.
    end = "CASE WHEN status = 'opted_out' AND stopped_at < {0} THEN julianday(stopped_at) ELSE julianday({0}) END"
    return {"tenure": f"CAST((({end}) - julianday(consent_at)) / 7 AS INTEGER)",
            "after": "datetime(julianday({0}) + 7 * ({1}))", "least": "MIN",
            "mark": "?"}


def _outreach(start: str, end: str) -> str:
    """Contacts a member started (not needed) from `start` to `end`: one range of the contact index
    (member, initiator, needed, at); -1 when the member's last text came before `start` (they went quiet)."""
    return (f"CASE WHEN m.last_inbound_at < {start} THEN -1 ELSE (SELECT COUNT(*) FROM contact c "
            "WHERE c.member_id = m.id AND c.initiator = 'member' "
            f"AND c.needed = FALSE AND c.at >= {start} AND c.at < {end}) END")


def member_buckets(now: datetime) -> list[tuple]:
    """Per member with a baseline above 0: (baseline, completed weeks, and outreach in weeks 1, 2, 3 and in the
    latest four from the fourth on): None where a bucket does not apply, -1 where the member had gone quiet.

    One statement: per member, a few counts over the contact index, so the cost follows the number of
    members, not of contacts. Each week boundary is computed once per member, and only where a bucket
    applies: on SQLite date arithmetic costs more than the index ranges it bounds.
    """
    sql = _sql()
    mark, after = sql["mark"], sql["after"]
    recent = f"consent_at >= {mark}"
    bounds = [f"CASE WHEN k > {b - 1} AND {recent} THEN {after.format('consent_at', b)} END AS b{b}"
              for b in range(1, FIRST_WEEKS + 1)]
    span = f"{sql['least']}({SETTLED_WEEKS}, k - {FIRST_WEEKS})"
    settled = f"k > {FIRST_WEEKS} AND status = 'active'"
    bounds += [f"CASE WHEN {settled} THEN {after.format('consent_at', f'k - {span}')} END AS s0",
               f"CASE WHEN {settled} THEN {after.format('consent_at', 'k')} END AS s1"]
    starts = ["m.consent_at", "m.b1", "m.b2"]
    firsts = [f"CASE WHEN m.k > {b} AND m.b{b + 1} IS NOT NULL THEN {_outreach(starts[b], f'm.b{b + 1}')} END"
              for b in range(FIRST_WEEKS)]
    cohort, at_now = _param(now - COHORT_WEEKS * WEEK), _param(now)
    statement = (
        f"WITH m AS MATERIALIZED (SELECT id, baseline_weekly, k, consent_at, last_inbound_at, status, "
        f"{', '.join(bounds)} FROM (SELECT id, baseline_weekly, consent_at, last_inbound_at, status, "
        f"{sql['tenure'].format(mark)} AS k FROM member WHERE consent_at IS NOT NULL "
        f"AND baseline_weekly > 0 AND consent_at <= {mark}) AS members) "
        f"SELECT m.baseline_weekly, m.k, {', '.join(firsts)}, "
        f"CASE WHEN m.s0 IS NOT NULL THEN {_outreach('m.s0', 'm.s1')} END FROM m")
    with plans.simple():
        rows = list(database.execute_sql(statement, (cohort, cohort, cohort, at_now, at_now, at_now)))
    return [(baseline, max(0, k), *counts) for baseline, k, *counts in rows]


def _param(now: datetime):
    return Contact.at.db_value(now)


def baseline_change(now: datetime) -> BaselineChange:
    """Members' outreach against their own baseline in week 1, 2, 3 and 4+ since joining: two queries."""
    changes: dict[int, list[float]] = defaultdict(list)
    quiet = [0] * len(BUCKETS)
    for baseline, weeks, *counts in member_buckets(now):
        for bucket, count in enumerate(counts):
            if count is None:
                continue  # not in a recent cohort, or not enrolled now, or those weeks are not over
            if count < 0:
                quiet[bucket] += 1
                continue
            span = 1 if bucket < FIRST_WEEKS else min(SETTLED_WEEKS, weeks - FIRST_WEEKS)
            changes[bucket].append(count / span / baseline - 1)
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

