"""Local time at the edges: quiet hours, the next local hh:mm, and times as a member reads them.

Times are stored in UTC; only here do they meet the member's wall clock.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.config import parse_clock_range


def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local(now: datetime, tz: str) -> datetime:
    return now.astimezone(ZoneInfo(tz))


def in_range(t: time, start: time, end: time) -> bool:
    if start == end:
        return False
    if start < end:
        return start <= t < end
    return t >= start or t < end  # the range wraps midnight


def is_quiet(now: datetime, tz: str, hours: tuple[time, time]) -> bool:
    """True when `now` falls inside the quiet range on the member's wall clock."""
    return in_range(local(now, tz).time(), *hours)


def next_allowed(now: datetime, tz: str, hours: tuple[time, time]) -> datetime:
    """`now` if it is outside quiet hours, else the first minute after they end (in UTC).

    The end is built as a wall-clock time on the right local date and then
    resolved through the zone, so a quiet range spanning a DST change still
    ends at the stated local hour.
    """
    if not is_quiet(now, tz, hours):
        return now
    end = hours[1]
    here = local(now, tz)
    day = here.date() if here.time() < end else here.date() + timedelta(days=1)
    wall = datetime.combine(day, end, tzinfo=ZoneInfo(tz))
    # A wall time skipped by a spring-forward gap resolves forward, after the gap.
    resolved = wall.astimezone(ZoneInfo("UTC"))
    return max(resolved, now)


def member_hours(member_quiet: str | None, default: tuple[time, time]) -> tuple[time, time]:
    """The member's own quiet range if set, else the service default."""
    if member_quiet:
        return parse_clock_range("quiet hours", member_quiet)
    return default


def next_local_time(now: datetime, tz: str, at: time, *, weekday: int | None = None) -> datetime:
    """The next moment strictly after `now` when the member's clock reads `at` (on `weekday`, 0=Monday)."""
    here = local(now, tz)
    for offset in range(8):
        day = here.date() + timedelta(days=offset)
        if weekday is not None and day.weekday() != weekday:
            continue
        candidate = datetime.combine(day, at, tzinfo=ZoneInfo(tz)).astimezone(ZoneInfo("UTC"))
        if candidate > now:
            return candidate
    raise AssertionError("unreachable: a matching day exists within 8 days")


def describe(when: datetime, now: datetime, tz: str) -> str:
    """A time as the member reads it: "9:00 AM", "tomorrow at 9:00 AM", "Sunday at 6:00 PM"."""
    there, today = local(when, tz), local(now, tz).date()
    clock = there.strftime("%I:%M %p").lstrip("0")
    days = (there.date() - today).days
    if days == 0:
        return f"today at {clock}"
    if days == 1:
        return f"tomorrow at {clock}"
    if 1 < days < 7:
        return f"{there.strftime('%A')} at {clock}"
    return f"{there.strftime('%b')} {there.day} at {clock}"
