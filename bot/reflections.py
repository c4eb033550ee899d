"""A member's own numbers: daily check-in answers, STATS on demand and the weekly reflection."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from bot import localtime
from bot.models import CheckIn, Contact, Member, UrgeEpisode
from bot.prompts import say

WEEK = timedelta(days=7)
MEDIAN_OVER = timedelta(days=90)


@dataclass(frozen=True)
class Numbers:
    """What a weekly reflection reports; None where nothing is known yet."""

    week: int
    last_week: int
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

    def values(self) -> dict[str, object]:
        return {"week": self.week, "last_week": self.last_week, "theirs": self.theirs, "waited": self.waited,
                "baseline": "-" if self.baseline is None else self.baseline,
                "median": "-" if self.median_minutes is None else self.median_minutes}


def outreach(member: Member, start: datetime, end: datetime) -> int:
    """Times the member reached out in [start, end): a day's check-in answer where given, else logged contacts.

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
    last_day = localtime.local(end, member.timezone).date().isoformat()
    for checkin in CheckIn.select(CheckIn.local_date, CheckIn.count).where(
        (CheckIn.member == member.id) & CheckIn.count.is_null(False)
        & (CheckIn.local_date >= first_day) & (CheckIn.local_date < last_day)
    ):
        per_day[checkin.local_date] = checkin.count
    return sum(per_day.values())


def median_minutes(member: Member, now: datetime) -> int | None:
    """The member's own median minutes for an urge to pass (urges waited out in the last 90 days)."""
    durations = [
        (e.closed_at - e.opened_at).total_seconds() / 60
        for e in UrgeEpisode.select(UrgeEpisode.opened_at, UrgeEpisode.closed_at).where(
            (UrgeEpisode.member == member.id) & (UrgeEpisode.outcome == "waited_out")
            & (UrgeEpisode.closed_at >= now - MEDIAN_OVER))
    ]
    return round(median(durations)) if durations else None


def numbers(member: Member, now: datetime) -> Numbers:
    """The member's numbers for the seven days up to `now`, against the seven before."""
    week_start = now - WEEK
    waited = UrgeEpisode.select().where(
        (UrgeEpisode.member == member.id) & (UrgeEpisode.outcome == "waited_out") & (UrgeEpisode.closed_at >= week_start)
    ).count()
    week_contacts = Contact.select(Contact.initiator, Contact.reception).where(
        (Contact.member == member.id) & (Contact.at >= week_start) & (Contact.at < now))
    receptions = [c.reception for c in week_contacts if c.initiator == "member"]
    return Numbers(
        week=outreach(member, week_start, now),
        last_week=outreach(member, week_start - WEEK, week_start),
        baseline=member.baseline_weekly,
        waited=waited,
        median_minutes=median_minutes(member, now),
        theirs=sum(1 for c in week_contacts if c.initiator == "spouse"),
        glad=receptions.count("glad"), not_glad=receptions.count("not_glad"), unsure=receptions.count("unsure"),
    )


def summary(member: Member, now: datetime, prompt_id: str) -> list[tuple[str, str]]:
    """The numbers as texts: the summary, plus how contacts were received when any were rated."""
    found = numbers(member, now)
    texts = [say(member, prompt_id, **found.values())]
    if found.glad or found.not_glad or found.unsure:
        texts.append(say(member, "stats.reception", glad=found.glad, not_glad=found.not_glad, unsure=found.unsure))
    return texts


def stats(turn):
    found = numbers(turn.member, turn.now)
    if found.empty and turn.member.baseline_weekly is None:
        return [say(turn.member, "stats.empty")]
    return summary(turn.member, turn.now, "stats.reply")


def checkin_answer(turn):
    """A number in answer to the daily check-in is that day's outreach count."""
    member, count = turn.member, turn.intent.value
    CheckIn.update(count=count, answered_at=turn.now).where(
        (CheckIn.id == member.awaiting_ref) & (CheckIn.member == member.id)).execute()
    member.expect(None)
    return [say(member, "checkin.thanks", count=count)]
