"""A member's own numbers: daily check-in answers, STATS on demand and the weekly reflection.

Weeks are the member's local calendar weeks, Monday to Sunday, and every summary says which week it
means, so "last week" does not shift with the day they ask. In a member's first week there is no
"last week" at all. Each week is set against their own starting point (the baseline they gave),
warmly and briefly; a day or a week without reaching out is celebrated. After QUIET_WEEKS quiet
weeks in a row the weekly reflection offers fewer scheduled texts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from statistics import median

from bot import localtime, rhythm
from bot.models import CheckIn, Contact, Member, UrgeEpisode
from bot.prompts import say

MEDIAN_OVER = timedelta(days=90)
QUIET_MAX = 1  # a week with at most this many reach-outs is a quiet one
QUIET_WEEKS = 3
TAPER_AGAIN = timedelta(days=28)
LATE_CHECKIN = timedelta(hours=12)  # a check-in asked this recently can still be answered after a side talk
TAPER_OFFER = {"daily": "taper.offer", "every_other_day": "taper.offer_weekly"}


def week_start(member: Member, now: datetime, weeks_back: int = 0) -> datetime:
    """Monday 00:00 on the member's clock of the week holding `now` (or `weeks_back` weeks before), in UTC."""
    today = localtime.local(now, member.timezone).date()
    monday = today - timedelta(days=today.weekday() + 7 * weeks_back)
    return datetime.combine(monday, time(0, 0), tzinfo=localtime.zone(member.timezone)).astimezone(UTC)


def short_date(at: datetime, tz: str) -> str:
    """"Mon Nov 23": the day `at` falls on, on the member's clock."""
    here = localtime.local(at, tz)
    return f"{here:%a} {here:%b} {here.day}"


@dataclass(frozen=True)
class Numbers:
    """A week's numbers, Monday (or the day they joined, in their first week) up to now."""

    since: str  # "Mon Nov 23"
    first_week: bool
    week: int
    last_week: int | None  # None in the member's first week
    baseline: int | None
    waited: int
    median_minutes: int | None
    theirs: int
    glad: int
    not_glad: int
    unsure: int

    @property
    def empty(self) -> bool:
        return not (self.week or self.last_week or self.waited or self.theirs or self.median_minutes)


def outreach(member: Member, start: datetime, end: datetime) -> int:
    """Times the member reached out in [start, end): a day's check-in answer where given by `end`, else
    logged contacts.

    Needed contacts (children, money, housing) never count.
    """
    per_day: dict[str, int] = {}
    for contact in Contact.select(Contact.at).where(
        (Contact.member == member.id) & (Contact.initiator == "member") & (Contact.needed == False)
        & (Contact.at >= start) & (Contact.at < end)
    ):
        day = localtime.local(contact.at, member.timezone).date().isoformat()
        per_day[day] = per_day.get(day, 0) + 1
    first_day = localtime.local(start, member.timezone).date().isoformat()
    last_day = localtime.local(end - timedelta(microseconds=1), member.timezone).date().isoformat()
    for checkin in CheckIn.select(CheckIn.local_date, CheckIn.count).where(
        (CheckIn.member == member.id) & CheckIn.count.is_null(False) & (CheckIn.answered_at < end)
        & (CheckIn.local_date >= first_day) & (CheckIn.local_date <= last_day)
    ):
        per_day[checkin.local_date] = checkin.count
    return sum(per_day.values())


def median_minutes(member: Member, now: datetime) -> int | None:
    """The member's own median minutes for an urge to pass: urges waited out in the last 90 days whose
    answer came within its window (UrgeEpisode.minutes; a rating the next morning is not counted)."""
    durations = [e.minutes for e in UrgeEpisode.select(UrgeEpisode.minutes).where(
        (UrgeEpisode.member == member.id) & (UrgeEpisode.outcome == "waited_out") & UrgeEpisode.minutes.is_null(False)
        & (UrgeEpisode.closed_at >= now - MEDIAN_OVER))]
    return round(median(durations)) if durations else None


def numbers(member: Member, now: datetime) -> Numbers:
    """The member's numbers for their calendar week up to `now`, against the week before."""
    start, end = week_start(member, now), now + timedelta(microseconds=1)  # up to and including `now`
    first_week = member.created_at >= start
    waited = UrgeEpisode.select().where(
        (UrgeEpisode.member == member.id) & (UrgeEpisode.outcome == "waited_out") & (UrgeEpisode.closed_at >= start)
        & (UrgeEpisode.closed_at <= now)).count()
    week_contacts = Contact.select(Contact.initiator, Contact.reception).where(
        (Contact.member == member.id) & (Contact.at >= start) & (Contact.at < end))
    receptions = [c.reception for c in week_contacts if c.initiator == "member"]
    return Numbers(
        since=short_date(member.created_at if first_week else start, member.timezone),
        first_week=first_week,
        week=outreach(member, start, end),
        last_week=None if first_week else outreach(member, week_start(member, now, 1), start),
        baseline=member.baseline_weekly,
        waited=waited,
        median_minutes=median_minutes(member, now),
        theirs=sum(1 for c in week_contacts if c.initiator == "spouse"),
        glad=receptions.count("glad"), not_glad=receptions.count("not_glad"), unsure=receptions.count("unsure"),
    )


def progress(member: Member, found: Numbers) -> tuple[str, str] | None:
    """This week against where they started, warmly; None without a starting point."""
    if found.baseline is None:
        return None
    if found.week == 0:
        return say(member, "progress.none", baseline=found.baseline)
    prompt = "progress.fewer" if found.week < found.baseline else "progress.steady"
    return say(member, prompt, baseline=found.baseline, week=found.week)


STATS_WEEK = ("stats.first_week", "stats.week")  # (their first week, any later one)
WEEKLY_WEEK = ("weekly.first", "weekly.summary")


def _week_line(member: Member, found: Numbers, prompts: tuple[str, str]) -> tuple[str, str]:
    values = {"since": found.since, "week": found.week, "theirs": found.theirs, "waited": found.waited}
    if found.first_week:
        return say(member, prompts[0], **values)
    return say(member, prompts[1], last_week=found.last_week, **values)


def _reception(member: Member, found: Numbers) -> list[tuple[str, str]]:
    if not (found.glad or found.not_glad or found.unsure):
        return []
    return [say(member, "stats.reception", glad=found.glad, not_glad=found.not_glad, unsure=found.unsure)]


def stats(turn):
    """STATS: the week so far (stated), set against their start; their urges, when they tend to come
    (offering a note before then, once); how contacts were received."""
    member, now = turn.member, turn.now
    found = numbers(member, now)
    when = rhythm.stats_line(member, now, rhythm.hours_of(member, turn.settings.quiet_hours))
    if found.empty and member.baseline_weekly is None and when is None:
        return [say(member, "stats.empty")]
    texts = [_week_line(member, found, STATS_WEEK)]
    if line := progress(member, found):
        texts.append(line)
    if found.median_minutes is not None:
        texts.append(say(member, "stats.urges", waited=found.waited, median=found.median_minutes))
    texts += _reception(member, found)
    if when is not None:
        texts.append(when)  # last: it may ask a question
    return texts


def weekly(member: Member, due: datetime, hours) -> list[tuple[str, str]]:
    """The Sunday reflection as (outbox kind, text) pairs: the week, where they started, how contacts
    were received, and at most one offer (fewer texts after quiet weeks, else the note before a hard hour)."""
    found = numbers(member, due)
    texts = [("weekly", _week_line(member, found, WEEKLY_WEEK)[1])]
    if line := progress(member, found):
        texts.append(("weekly", line[1]))
    texts += [("weekly", text) for _, text in _reception(member, found)]
    if taper_due(member, due):
        member.taper_offered_at = due
        texts.append(("taper_offer", say(member, TAPER_OFFER[member.frequency])[1]))
    elif offer := rhythm.weekly_offer(member, due, hours):
        texts.append(("nudge_offer", offer))
    return texts


def taper_due(member: Member, now: datetime) -> bool:
    """True after QUIET_WEEKS quiet calendar weeks in a row (this one included), for a member who has
    been here all along, gets more than the weekly reflection, and was not offered fewer lately."""
    if member.frequency not in TAPER_OFFER:
        return False
    if member.taper_offered_at is not None and now - member.taper_offered_at < TAPER_AGAIN:
        return False
    starts = [week_start(member, now, back) for back in range(QUIET_WEEKS)]
    if member.created_at > starts[-1]:
        return False
    ends = [now, *starts[:-1]]
    return all(outreach(member, start, end) <= QUIET_MAX for start, end in zip(starts, ends, strict=True))


def unanswered_checkin(member: Member, now: datetime) -> CheckIn | None:
    """The check-in for the member's local today, asked within LATE_CHECKIN and not yet answered (the
    member may have talked of something else first: "Jess called me crying", then "and 0 for today")."""
    today = localtime.local(now, member.timezone).date().isoformat()
    return (CheckIn.select().where((CheckIn.member == member.id) & CheckIn.answered_at.is_null()
                                   & (CheckIn.local_date == today) & (CheckIn.asked_at >= now - LATE_CHECKIN)
                                   & (CheckIn.asked_at <= now))
            .order_by(CheckIn.asked_at.desc()).first())


def checkin_answer(turn):
    """A number in answer to the daily check-in is that day's outreach count; a zero is celebrated. With no
    check-in to answer (awaiting_ref None: "none today actually", told unasked) a zero is celebrated and
    nothing is recorded."""
    member, count = turn.member, turn.intent.value
    if member.awaiting_ref is not None:
        CheckIn.update(count=count, answered_at=turn.now).where(
            (CheckIn.id == member.awaiting_ref) & (CheckIn.member == member.id)).execute()
    member.expect(None)
    return [say(member, "checkin.zero") if count == 0 else say(member, "checkin.thanks", count=count)]
