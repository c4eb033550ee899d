"""Does the service help? The outcome metrics on small hand-built histories whose answers are worked out by hand."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.admin import intervals, metrics, outcomes, trends
from bot.db import database
from bot.models import CheckIn, Contact, Member, Message, SafetyFlag, UrgeEpisode

DAY, WEEK = timedelta(days=1), timedelta(days=7)


def member(now, phone, *, joined_days=None, baseline=None, status="active", stopped_days=None, last=None):
    """A member; their last text to the bot is `last`, else a day ago (or at their opt-out)."""
    consent = now - joined_days * DAY if joined_days is not None else None
    stopped = now - stopped_days * DAY if stopped_days is not None else None
    return Member.create(phone=phone, status=status, created_at=(consent or now) - timedelta(minutes=5),
                         consent_at=consent, baseline_weekly=baseline, stopped_at=stopped,
                         last_inbound_at=last or stopped or now - DAY)


def reach_out(m, week_index: int, count: int, *, needed=False, initiator="member", reception=None):
    """`count` contacts in the member's tenure week `week_index` (0 = the week after consent), one day into it."""
    at = m.consent_at + week_index * WEEK + DAY
    for i in range(count):
        Contact.create(member=m, at=at + timedelta(minutes=i), initiator=initiator, needed=needed,
                       reception=reception)


def tenure_world(now):
    """Members whose weekly outreach against their baseline is known (see each comment)."""
    a = member(now, "+12125550001", joined_days=40, baseline=10)  # 5 completed weeks
    for week, count in ((0, 8), (1, 6), (2, 5), (3, 4), (4, 2), (5, 9)):  # week 6 (index 5) is not over yet
        reach_out(a, week, count)
    reach_out(a, 0, 3, needed=True)  # needed contacts are not outreach
    reach_out(a, 0, 2, initiator="spouse")  # nor is the spouse reaching out
    b = member(now, "+12125550002", joined_days=10, baseline=4)  # 1 completed week
    reach_out(b, 0, 2)
    reach_out(b, 1, 5)
    c = member(now, "+12125550003", joined_days=100, baseline=7)  # joined before the cohort window: 4+ only
    for week, count in ((0, 7), (2, 14), (5, 30), (10, 4), (11, 3), (12, 4), (13, 3)):  # 4+ is weeks 11-14
        reach_out(c, week, count)
    d = member(now, "+12125550004", joined_days=60, baseline=5, status="opted_out", stopped_days=20)
    for week, count in ((1, 5), (3, 5), (4, 5), (6, 8)):  # left after 5 weeks: in weeks 1-3, not in 4+
        reach_out(d, week, count)
    quiet = member(now, "+12125550008", joined_days=50, baseline=6, last=now - 48 * DAY)  # silent after week 1
    reach_out(quiet, 3, 1)  # a contact logged later (by the other side of a shared phone, say) changes nothing
    member(now, "+12125550005", joined_days=30, baseline=None)  # no baseline: left out, counted
    member(now, "+12125550006", joined_days=30, baseline=0)  # a baseline of 0 cannot be compared with
    member(now, "+12125550007", status="new")  # never consented: not a member of any cohort


def test_outreach_against_each_members_baseline_by_weeks_since_joining(app, clock):
    now = clock()
    with database.connection_context():
        tenure_world(now)
        change = outcomes.baseline_change(now)
    week1, week2, week3, settled = change.buckets
    # week 1: a 8/10, b 2/4, d 0/5, quiet 0/6 -> -0.2, -0.5, -1.0, -1.0
    assert week1.members == 4 and week1.median == pytest.approx(-0.75) and week1.below == 1.0
    # week 2: a 6/10, d 5/5 (b has not finished week 2; the quiet member had stopped texting)
    assert week2.members == 2 and week2.median == pytest.approx(-0.2)
    assert (week2.low, week2.high) == (pytest.approx(-0.3), pytest.approx(-0.1))
    assert week3.members == 2 and week3.median == pytest.approx(-0.75)  # a 5/10, d 0/5
    # 4+, members enrolled now: a (4 + 2) / 2 weeks / 10, c (4 + 3 + 4 + 3) / 4 weeks / 7
    assert settled.members == 2 and settled.median == pytest.approx(-0.6) and settled.below == 1.0
    assert [b.quiet for b in change.buckets] == [0, 1, 1, 1]
    assert change.settled is settled and change.without_baseline == 2


def test_a_growing_service_does_not_fake_change(app, clock):
    """Ten new members in their first week, each at their baseline, leave the settled members' figure alone."""
    now = clock()
    with database.connection_context():
        settled = member(now, "+12125550100", joined_days=60, baseline=10)
        for week in range(4, 8):
            reach_out(settled, week, 2)
        before = outcomes.baseline_change(now)
        for i in range(10):
            newcomer = member(now, f"+1212555020{i}", joined_days=8, baseline=20)
            reach_out(newcomer, 0, 20)
        after = outcomes.baseline_change(now)
    assert before.settled.median == after.settled.median == pytest.approx(-0.8)
    assert after.buckets[0].members == 11 and after.buckets[0].median == pytest.approx(0.0)


def test_members_list_trend_is_the_last_seven_days_against_the_baseline(app, clock):
    now = clock()
    with database.connection_context():
        a = member(now, "+12125550001", joined_days=30, baseline=8)
        b = member(now, "+12125550002", joined_days=30)
        for ago in (1, 2, 6, 8):
            Contact.create(member=a, at=now - ago * DAY, initiator="member")
        Contact.create(member=a, at=now - DAY, initiator="member", needed=True)
        trends = outcomes.week_against_baseline([a, b], now)
    assert (trends[a.id].week, trends[a.id].baseline, trends[a.id].change) == (3, 8, pytest.approx(-0.625))
    assert trends[b.id].change is None


def test_weekly_trends_are_per_enrolled_member_with_reception_and_check_in_replies(app, clock):
    now = clock()
    with database.connection_context():
        a = member(now, "+12125550001", joined_days=30, baseline=5)
        b = member(now, "+12125550002", joined_days=30, baseline=5)
        for reception in ("glad", "glad", "not_glad", "no_answer", None):
            Contact.create(member=a, at=now - DAY, initiator="member", reception=reception)
        Contact.create(member=b, at=now - DAY, initiator="member", needed=True, reception=None)
        for who in (a, b, b):
            Contact.create(member=who, at=now - 2 * DAY, initiator="spouse")
        for days, answered in ((1, True), (2, True), (3, False), (9, False)):
            asked = now - days * DAY
            CheckIn.create(member=a, local_date=str(asked.date()), asked_at=asked, count=1 if answered else None,
                           answered_at=asked + timedelta(minutes=30) if answered else None)
        UrgeEpisode.create(member=b, opened_at=now - DAY, closed_at=now - DAY + timedelta(minutes=20),
                           outcome="waited_out")
        this, last = trends.weeks(now)[-1], trends.weeks(now)[-2]
    assert this.members == 2 and this.spouse_per_member == pytest.approx(1.5)
    assert this.outreach == 5 and this.outreach_per_member == pytest.approx(2.5)
    assert this.urges_per_member == pytest.approx(0.5)
    assert this.reception_share("glad") == pytest.approx(0.4) and this.reception_share(None) == pytest.approx(0.2)
    assert this.reception_share("no_answer") == pytest.approx(0.2)
    assert (this.checkins_asked, this.checkins_answered, this.reply_rate) == (3, 2, pytest.approx(2 / 3))
    assert (last.checkins_asked, last.reply_rate) == (1, 0.0)


def test_overview_counts_engagement_overdue_flags_and_undealt_failures(app, clock):
    now = clock()
    with database.connection_context():
        a = member(now, "+12125550001", joined_days=30, baseline=5, last=now - 2 * DAY)
        member(now, "+12125550002", joined_days=30, baseline=5, last=now - 9 * DAY)
        for ago, state in ((timedelta(hours=2), "open"), (timedelta(minutes=10), "open"),
                           (timedelta(hours=3), "acknowledged"), (timedelta(days=3), "resolved")):
            SafetyFlag.create(member=a, danger="self", created_at=now - ago, state=state)
        for dismissed in (None, now):
            Message.create(member=a, direction="out", body="x", status="undelivered", kind="checkin",
                           created_at=now - DAY, updated_at=now, dismissed_at=dismissed)
        found = metrics.overview(now, timedelta(hours=1))
    assert (found.active_members, found.engaged_members) == (2, 1)
    assert (found.open_flags, found.overdue_flags) == (3, 1)  # only an open flag nobody took on is overdue
    assert found.delivery_failures == 1  # the dismissed one was dealt with


@pytest.mark.parametrize(("successes", "trials", "low", "high"), [
    (81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605), (0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718),
])
def test_wilson_intervals_match_newcombes_published_values(successes, trials, low, high):
    found = intervals.wilson(successes, trials)
    assert (round(found.low, 4), round(found.high, 4)) == (low, high)
    assert intervals.wilson(0, 0) is None


@pytest.mark.parametrize(("first", "second", "low", "high"), [
    ((56, 70), (48, 80), 0.0524, 0.3339), ((9, 10), (3, 10), 0.1705, 0.8090), ((5, 56), (0, 29), -0.0381, 0.1926),
])
def test_differences_of_shares_use_newcombes_hybrid_score_interval(first, second, low, high):
    found = intervals.difference(first, second)
    assert (round(found.low, 4), round(found.high, 4)) == (low, high)


def test_median_interval_is_between_order_statistics():
    assert intervals.median_ranks(100) == (40, 50, 51, 61)  # the textbook 95% ranks for n = 100
    found = intervals.median_interval([float(v) for v in range(41, 0, -1)])
    assert (found.estimate, found.low, found.high) == (21.0, 14.0, 28.0)
    assert intervals.quantile([1.0, 2.0, 4.0, 8.0], 0.5) == 3.0
    assert intervals.z_value(comparisons=2) == pytest.approx(2.2414, abs=1e-4)
