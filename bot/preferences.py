"""Settings a member changes by text: DELAY 30, TZ Pacific, NAME Sam, TIME 8pm."""

from __future__ import annotations

import functools
import re
from datetime import time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot import localtime, planner
from bot.prompts import say

ZONE_ALIASES = {
    "pacific": "America/Los_Angeles", "pt": "America/Los_Angeles", "pst": "America/Los_Angeles",
    "mountain": "America/Denver", "mt": "America/Denver", "arizona": "America/Phoenix",
    "central": "America/Chicago", "ct": "America/Chicago", "cst": "America/Chicago",
    "eastern": "America/New_York", "et": "America/New_York", "est": "America/New_York",
    "alaska": "America/Anchorage", "hawaii": "Pacific/Honolulu", "uk": "Europe/London", "london": "Europe/London",
}
_ZONES_BY_LOWER = {name.lower(): name for name in available_timezones()}


def find_zone(raw: str) -> str | None:
    """An IANA zone name for what the member typed, or None."""
    key = raw.strip().lower().replace(" ", "_")
    name = ZONE_ALIASES.get(key.replace("_", " ")) or ZONE_ALIASES.get(key) or _ZONES_BY_LOWER.get(key)
    try:
        return name if name and ZoneInfo(name) else None
    except ZoneInfoNotFoundError:
        return None


def parse_clock(raw: str) -> time | None:
    """'8pm', '8:30 pm', '20:00', '7' (taken as 7:00 PM) -> a time, else None."""
    match = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?\s*(am|pm|a|p)?", raw.strip().lower().replace(".", ""))
    if not match:
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if minute > 59 or hour > 23 or (half and not 1 <= hour <= 12):
        return None
    if half:
        hour = hour % 12 + (12 if half.startswith("p") else 0)
    elif hour < 8:
        hour += 12  # a bare "7" for an evening check-in means 7 PM
    return time(hour, minute)


def set_delay(turn, raw):
    minutes = int(raw) if raw.isdigit() else 0
    if not 1 <= minutes <= 240:
        return [say(turn.member, "delay.bad")]
    turn.member.delay_minutes = minutes
    return [say(turn.member, "delay.set", delay=minutes)]


def set_zone(turn, raw):
    zone = find_zone(raw)
    if zone is None:
        return [say(turn.member, "tz.bad")]
    turn.member.timezone = zone
    if turn.member.consent_at:
        planner.reschedule(turn.member, turn.now)
    return [say(turn.member, "tz.set", tz=zone)]


def set_name(turn, raw):
    name = raw.strip()[:40]
    turn.member.spouse_name = name or None
    return [say(turn.member, "name.set", name=name)] if name else [say(turn.member, "name.cleared")]


def set_time(turn, raw):
    member = turn.member
    at = parse_clock(raw)
    hours = localtime.member_hours(member.quiet_hours, turn.settings.quiet_hours)
    if at is None or localtime.in_range(at, *hours):
        return [say(member, "time.bad")]
    member.checkin_time = at.strftime("%H:%M")
    if member.consent_at:
        planner.reschedule(member, turn.now)
    return [say(member, "time.set", time=at.strftime("%I:%M %p").lstrip("0"))]


def set_discreet(turn, raw):
    turn.member.discreet = raw.lower() != "off"
    return [say(turn.member, "discreet.on" if turn.member.discreet else "discreet.off")]


COMMANDS = (
    (re.compile(r"^\s*discreet\s*:?\s*(on|off)\s*$", re.IGNORECASE), set_discreet),
    (re.compile(r"^\s*delay\s*:?\s*(.*?)\s*(?:min(?:ute)?s?)?\s*$", re.IGNORECASE), set_delay),
    (re.compile(r"^\s*(?:tz|time\s*zone|timezone)\s*:?\s+(.+?)\s*$", re.IGNORECASE), set_zone),
    (re.compile(r"^\s*name\b\s*:?\s*(.*?)\s*$", re.IGNORECASE), set_name),
    (re.compile(r"^\s*time\s*:?\s+(.+?)\s*$", re.IGNORECASE), set_time),
)


def parse(text: str):
    """A handler for a settings command in `text`, or None if it is not one."""
    for pattern, handler in COMMANDS:
        match = pattern.match(text)
        if match:
            return functools.partial(handler, raw=match.group(1))
    return None
