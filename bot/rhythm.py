"""A member's rhythm: the hours (and weekdays) their urges cluster, learned from their own urge texts,
and the opt-in note shortly before that window.

`find` reads the urges of the last LOOKBACK, counting texts closer than WAVE apart as one wave. Once
there are MIN_EPISODES it looks for the WINDOW-long stretch of the day holding the most, and calls it
their window when it holds at least CLUSTER_SHARE of them (and MIN_IN_WINDOW). With DAYS_AFTER of
history it also names the weekdays, when at most MAX_DAYS hold DAYS_SHARE of the window's urges.

The note comes LEAD before the window, only if the member said yes to it, on those weekdays, and
only at a time a chosen text may come (bot.rules.chosen_time_allowed); the send-time rules keep
quiet hours and the daily cap (a note that cannot come at its moment is dropped, not sent late).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from bot import localtime, rules
from bot.models import Member, UrgeEpisode
from bot.prompts import say

LOOKBACK = timedelta(days=28)
WAVE = timedelta(minutes=30)
MIN_EPISODES = 6
WINDOW = 120  # minutes of the day
STEP = 15
CLUSTER_SHARE = 0.4
MIN_IN_WINDOW = 4
DAYS_AFTER = timedelta(days=14)
DAYS_SHARE = 0.75
MAX_DAYS = 3
LEAD = 15  # minutes before the window the note comes
DAY_NAMES = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays")


@dataclass(frozen=True)
class Rhythm:
    """What the member's urges show: how many waves were read, and their window if they cluster."""

    total: int
    found: int = 0  # waves inside the window
    start: int | None = None  # the window's start, minutes after local midnight
    typical: int | None = None  # their usual time in it, to the half hour
    days: tuple[int, ...] = ()  # weekdays (0=Monday) the window's urges fall on; () any day

    @property
    def enough(self) -> bool:
        return self.total >= MIN_EPISODES

    @property
    def known(self) -> bool:
        return self.start is not None

    @property
    def nudge_at(self) -> time:
        minutes = (self.start - LEAD) % 1440
        return time(minutes // 60, minutes % 60)

    @property
    def nudge_days(self) -> tuple[int, ...]:
        """The weekdays the note falls on: a day earlier when the lead crosses midnight."""
        shift = 1 if (self.start - LEAD) < 0 else 0
        return tuple(sorted((day - shift) % 7 for day in self.days))


def _clock(minutes: int) -> str:
    return time(minutes // 60, minutes % 60).strftime("%I:%M %p").lstrip("0")


def days_phrase(days) -> str:
    """" on weekends", " on Fridays and Saturdays", or "" for every day."""
    days = sorted(days)
    if not days:
        return ""
    if days == [5, 6]:
        return " on weekends"
    names = [DAY_NAMES[d] for d in days]
    return " on " + (names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1])


def window_phrase(rhythm: Rhythm) -> str:
    """When their urges tend to come: "around 9:30 PM on Fridays and Saturdays"."""
    return f"around {_clock(rhythm.typical)}{days_phrase(rhythm.days)}"


def nudge_phrase(member: Member) -> str:
    """When the note comes: "8:45 PM on Fridays and Saturdays", "8:45 PM each day"."""
    hour, minute = map(int, member.nudge_at.split(":"))
    return _clock(hour * 60 + minute) + (days_phrase(int(d) for d in member.nudge_days or "") or " each day")


def waves(member: Member, now: datetime) -> list[datetime]:
    """The member's urges of the last LOOKBACK in local time; texts closer than WAVE apart are one wave."""
    opened = [e.opened_at for e in UrgeEpisode.select(UrgeEpisode.opened_at).where(
        (UrgeEpisode.member == member.id) & (UrgeEpisode.opened_at >= now - LOOKBACK)
        & (UrgeEpisode.opened_at <= now)).order_by(UrgeEpisode.opened_at)]
    starts = [at for n, at in enumerate(opened) if n == 0 or at - opened[n - 1] >= WAVE]
    return [localtime.local(at, member.timezone) for at in starts]


def find(member: Member, now: datetime) -> Rhythm:
    """The member's rhythm as of `now` (see the module docstring)."""
    local = waves(member, now)
    if len(local) < MIN_EPISODES:
        return Rhythm(len(local))
    minutes = [t.hour * 60 + t.minute for t in local]
    best = None
    for start in range(0, 1440, STEP):
        offsets = [(m - start) % 1440 for m in minutes]
        inside = [n for n, offset in enumerate(offsets) if offset < WINDOW]
        if not inside:
            continue
        key = (len(inside), -min(offsets[n] for n in inside))  # the most urges, the window starting nearest them
        if best is None or key > best[0]:
            best = (key, start, inside)
    (found, _), start, inside = best
    if found < max(MIN_IN_WINDOW, math.ceil(CLUSTER_SHARE * len(local))):
        return Rhythm(len(local))
    offsets = sorted((minutes[n] - start) % 1440 for n in inside)
    typical = (start + 30 * round(offsets[len(offsets) // 2] / 30)) % 1440
    days = ()
    if now - min(local) >= DAYS_AFTER:
        days = _cluster_days([local[n].weekday() for n in inside])
    return Rhythm(len(local), found, start, typical, days)


def _cluster_days(weekdays: list[int]) -> tuple[int, ...]:
    counts = sorted(((weekdays.count(d), d) for d in set(weekdays)), reverse=True)
    chosen, covered = [], 0
    for count, day in counts:
        if covered >= DAYS_SHARE * len(weekdays):
            break
        chosen.append((count, day))
        covered += count
    if len(chosen) > MAX_DAYS or any(count < 2 for count, _ in chosen):
        return ()
    return tuple(sorted(day for _, day in chosen))


def next_nudge(member: Member, now: datetime) -> datetime | None:
    """The next note's moment after `now`, or None when the member has not said yes (or wants weekly only)."""
    if not (member.nudge_on and member.nudge_at) or member.frequency == "weekly" or member.consent_at is None:
        return None
    hour, minute = map(int, member.nudge_at.split(":"))
    at, days = time(hour, minute), [int(d) for d in member.nudge_days or ""]
    return min(localtime.next_local_time(now, member.timezone, at, weekday=day) for day in (days or [None]))


def hours_of(member: Member, default) -> tuple[time, time]:
    """The member's quiet hours, given the service default."""
    return localtime.member_hours(member.quiet_hours, default)


def may_offer(member: Member, rhythm: Rhythm, hours) -> bool:
    """True when the note may be offered: a window, a time it may come at, never offered, not weekly only."""
    return (rhythm.known and not member.nudge_on and member.nudge_offered_at is None and member.frequency != "weekly"
            and member.consent_at is not None and rules.chosen_time_allowed(rhythm.nudge_at, hours))


def remember_offer(member: Member, rhythm: Rhythm, now: datetime) -> None:
    """Keep the note's time and days as offered, so a yes takes exactly what was offered."""
    member.nudge_at, member.nudge_offered_at = rhythm.nudge_at.strftime("%H:%M"), now
    member.nudge_days = "".join(str(d) for d in rhythm.nudge_days)


def stats_line(member: Member, now: datetime, hours) -> tuple[str, str] | None:
    """What STATS says about when their urges come (offering the note once, when it may); None before any urge."""
    rhythm = find(member, now)
    if rhythm.total == 0:
        return None
    if not rhythm.enough:
        return say(member, "stats.rhythm_soon", count=rhythm.total, needed=MIN_EPISODES)
    if not rhythm.known:
        return say(member, "stats.rhythm_none", total=rhythm.total)
    values = {"window": window_phrase(rhythm), "found": rhythm.found, "total": rhythm.total}
    if may_offer(member, rhythm, hours):
        remember_offer(member, rhythm, now)
        member.expect("nudge", until=now + timedelta(days=2))
        return say(member, "stats.rhythm_offer", at=_clock((rhythm.start - LEAD) % 1440), **values)
    return say(member, "stats.rhythm", **values)


def weekly_offer(member: Member, now: datetime, hours) -> str | None:
    """The offer of the note, for the weekly reflection, when it may be made (remembered as offered)."""
    rhythm = find(member, now)
    if not may_offer(member, rhythm, hours):
        return None
    remember_offer(member, rhythm, now)
    return say(member, "nudge.offer", window=window_phrase(rhythm), at=_clock((rhythm.start - LEAD) % 1440))[1]


def accept(turn):
    """Yes to the note before a hard hour: it comes at the offered time (or their window now, if never offered)."""
    member, now = turn.member, turn.now
    if member.consent_at is None:
        return [say(member, "consent.needed")]
    if not member.nudge_at:
        rhythm = find(member, now)
        if not rhythm.known:
            return [say(member, "nudge.unknown", count=rhythm.total, needed=MIN_EPISODES)]
        if not rules.chosen_time_allowed(rhythm.nudge_at, hours_of(member, turn.settings.quiet_hours)):
            return [say(member, "nudge.night", window=window_phrase(rhythm))]
        remember_offer(member, rhythm, now)
    member.nudge_on = True
    member.next_nudge_at = next_nudge(member, now)
    member.expect(None)
    return [say(member, "nudge.on", nudge=nudge_phrase(member))]


def decline(turn):
    """No to the note (or NUDGE OFF): nothing extra comes; NUDGE ON brings it back."""
    member = turn.member
    member.nudge_on, member.next_nudge_at = False, None
    member.expect(None)
    return [say(member, "nudge.off")]


def unsure(turn):
    """"Maybe, what would it say?": what the note is; the question stays open."""
    return [say(turn.member, "nudge.unsure")]


def switch(turn, raw: str):
    """NUDGE ON / NUDGE OFF."""
    if raw.lower() == "off":
        return decline(turn)
    if turn.member.consent_at is not None:
        turn.member.nudge_at = None  # a fresh ON takes their window as it is now
    return accept(turn)
