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


# Words that show the text is a sentence, not a name: "Name calling again from her mom".
NOT_A_NAME = frozenset(("calling", "called", "again", "from", "is", "was", "the", "my", "his", "her", "your", "a", "an",
                        "to", "for", "of", "and", "but", "on", "in", "it", "this", "that", "change", "changed",
                        "tag", "brand", "game", "names", "day", "please", "pls", "just", "me", "him", "them"))
NAME_WORD = re.compile(r"[^\W\d_][\w'.-]*")


def _is_name(raw: str) -> bool:
    words = raw.split()
    return len(words) <= 3 and all(NAME_WORD.fullmatch(w) and w.casefold() not in NOT_A_NAME for w in words)


def _is_clock(raw: str) -> bool:
    return bool(re.search(r"\d", raw)) and len(raw.split()) <= 3  # "TIME 25:00" is a bad time; "time to go" is no command


COMMANDS = (
    (re.compile(r"^\s*discreet\s*:?\s*(on|off)\s*$", re.IGNORECASE), set_discreet, None),
    (re.compile(r"^\s*delay\s*:?\s*(\S*?)\s*(?:min(?:ute)?s?)?\s*$", re.IGNORECASE), set_delay, None),
    (re.compile(r"^\s*(?:tz|time\s*zone|timezone)\s*:?\s+(.+?)\s*$", re.IGNORECASE), set_zone,
     lambda raw: len(raw.split()) <= 3),
    (re.compile(r"^\s*name\b\s*:?\s*(.*?)\s*$", re.IGNORECASE), set_name, lambda raw: raw == "" or _is_name(raw)),
    (re.compile(r"^\s*time\s*:?\s+(.+?)\s*$", re.IGNORECASE), set_time, _is_clock),
)


def parse(text: str):
    """A handler for a settings command in `text`, or None if it is not one.

    Commands are read only as commands: "TIME 8pm", "NAME Sam", "DELAY 30", "TZ Pacific"; never
    inside a sentence ("Time to call him...", "Name calling again...").
    """
    for pattern, handler, plausible in COMMANDS:
        match = pattern.match(text)
        if match and (plausible is None or plausible(match.group(1))):
            return functools.partial(handler, raw=match.group(1))
    return None
