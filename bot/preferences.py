"""Settings a member changes by text: DELAY 30, TZ Pacific, NAME Sam, TIME 8pm, LESS / MORE, NUDGE ON;
and SHOW, for the note the bot is keeping for them.

A check-in time the member chooses is their explicit wish: an evening time inside quiet hours is
honoured (and said so); one in their night is explained, with the nearest time that may come offered.
How often scheduled texts come is one of three levels (bot.planner.CHECKIN_EVERY), in commands or
plain requests ("text me less", "every other day is enough", "just the weekly one").
"""

from __future__ import annotations

import functools
import re
from datetime import time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot import drafts, localtime, planner, rhythm, rules
from bot.prompts import say

OFFER_WINDOW = timedelta(days=1)
LEVELS = ("weekly", "every_other_day", "daily")  # fewest scheduled texts first

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


HALF_WORDS = re.compile(r"\s*\b(?:(?:at|in the|every|each) (night|nite|evening|morning)|(tonight)|de la (noche|tarde|manana))\b")


def _half(part: str, raw: str) -> str:
    """am or pm for a part of the day: "12 at night" is midnight and "3 at night" 3 AM."""
    if part in ("morning", "manana"):
        return " am"
    hour = re.match(r"\s*(\d{1,2})", raw)
    late = part in ("night", "nite", "noche", "tonight") and hour is not None and int(hour[1]) in (12, 1, 2, 3, 4)
    return " am" if late else " pm"


def parse_clock(raw: str) -> time | None:
    """'8pm', '8:30 pm', '20:00', '9 at night', '7' or '6:30' (taken as PM) -> a time, else None."""
    raw = HALF_WORDS.sub(lambda said: _half(said[said.lastindex], raw), raw.lower())
    match = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?\s*(am|pm|a|p)?", raw.strip().replace(".", ""))
    if not match:
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if minute > 59 or hour > 23 or (half and not 1 <= hour <= 12):
        return None
    if half:
        hour = hour % 12 + (12 if half.startswith("p") else 0)
    elif 1 <= hour <= 8:
        hour += 12  # a bare "7", "8" or "6:30" for an evening check-in means the evening
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


def _clock(at: time) -> str:
    return at.strftime("%I:%M %p").lstrip("0")


def set_time(turn, raw):
    """TIME 9pm: honoured, inside quiet hours too while it is the member's evening (and said so); a time in
    their night is explained, and the nearest time that may come is offered (a yes takes it)."""
    member = turn.member
    at = parse_clock(raw)
    if at is None:
        return [say(member, "time.bad")]
    hours = localtime.member_hours(member.quiet_hours, turn.settings.quiet_hours)
    if not rules.chosen_time_allowed(at, hours):
        nearest = rules.nearest_allowed(at, hours)
        # The offered time rides in awaiting_ref, as minutes after midnight.
        member.expect("time_offer", nearest.hour * 60 + nearest.minute, turn.now + OFFER_WINDOW)
        return [say(member, "time.nearest", time=_clock(at), nearest=_clock(nearest))]
    return _apply_time(turn, at, hours)


def _apply_time(turn, at: time, hours):
    member = turn.member
    member.checkin_time = at.strftime("%H:%M")
    if member.consent_at:
        planner.reschedule(member, turn.now)
    if not planner.CHECKIN_EVERY.get(member.frequency, 1):
        return [say(member, "time.set_weekly", time=_clock(at))]
    return [say(member, "time.set_evening" if localtime.in_range(at, *hours) else "time.set", time=_clock(at))]


def take_offered_time(turn):
    """Yes to "the nearest time I can do is 9:00 AM, want that?"."""
    member = turn.member
    offered = member.awaiting_ref or 0
    member.expect(None)
    hours = localtime.member_hours(member.quiet_hours, turn.settings.quiet_hours)
    return _apply_time(turn, time(offered // 60, offered % 60), hours)


def keep_time(turn):
    """No (or not sure) to the offered time: the check-in stays where it was."""
    member = turn.member
    member.expect(None)
    hour, minute = map(int, member.checkin_time.split(":"))
    return [say(member, "time.kept", time=_clock(time(hour, minute)))]


def set_frequency(turn, level: str):
    """How often scheduled texts come: daily, every_other_day or weekly (the Sunday reflection only)."""
    member = turn.member
    member.frequency = level
    member.expect(None)
    if member.consent_at:
        planner.reschedule(member, turn.now)
    return [say(member, f"frequency.{level}")]


def step(turn, by: int):
    """LESS (by -1) or MORE (by +1): one level fewer or more; at either end, say so."""
    current = LEVELS.index(turn.member.frequency) if turn.member.frequency in LEVELS else len(LEVELS) - 1
    wanted = current + by
    if not 0 <= wanted < len(LEVELS):
        turn.member.expect(None)
        return [say(turn.member, "frequency.least" if by < 0 else "frequency.most")]
    return set_frequency(turn, LEVELS[wanted])


def taper_answer(turn):
    """The answer to "fewer texts, after these quiet weeks?": yes is one level fewer; a level, less or more
    is taken as said; no or "keep them as they are" changes nothing."""
    answer = turn.intent.answer if turn.intent.name == "frequency" else turn.intent.name
    if answer in ("yes", "less"):
        return step(turn, -1)
    if answer == "more":
        return step(turn, +1)
    if answer in LEVELS:
        return set_frequency(turn, answer)
    turn.member.expect(None)
    return [say(turn.member, "taper.kept")]


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


def _command_frequency(turn, raw):
    """LESS, MORE, "every other day is enough"... unless the text answers the question still open
    ("less" to "how strong is it now?", "every day" to "how many times last week?")."""
    if turn.awaiting:
        from bot.conversation import ANSWERS  # imported here: the conversation imports this module

        answer = ANSWERS.get((turn.awaiting, turn.intent.name))
        if answer is not None:
            return answer(turn)
    words = " ".join(re.sub(r"[^a-z ]+", " ", raw.lower()).split())
    for level, pattern in FREQUENCY_WORDS:
        if pattern.search(words):
            return step(turn, -1 if level == "less" else 1) if level in ("less", "more") else set_frequency(turn, level)
    return [say(turn.member, "fallback")]


ASK_WORDS = r"(?:(?:can you|could you|can u|would you|please|pls|plz|ok|okay|hey|i want|i want you to|id like|i d like" \
            r"|i would like|i need|i prefer|maybe|just|can we|lets|let s)\s+)*"
TEXTS = r"(?:texts?|messages?|msgs?|check ?-?ins?|checkins?|reminders?|notes?)"
# Requests about the bot's own texts, never a report about the spouse ("i texted him less").
FREQUENCY_WORDS = (
    ("every_other_day", re.compile(r"\bevery (?:other|second|2nd) day\b|\bevery (?:two|2|couple of|couple) days\b")),
    ("weekly", re.compile(r"\b(?:weekly only|only weekly|(?:just|only) (?:the )?(?:weekly|sunday)(?: one| note| summary"
                          r"| text| message)?|once a week)\b")),
    ("daily", re.compile(r"\b(?:daily|every day)\b")),
    ("less", re.compile(r"\b(?:less|fewer)\b|\b(?:too|so) many\b|\btoo much\b|\bcut (?:it|that|them|the \w+) (?:back|down)\b")),
    ("more", re.compile(r"\bmore\b")),
)
FREQUENCY_REQUEST = re.compile(
    rf"^{ASK_WORDS}(?:(?:less|more)(?: often)?(?: please| pls)?"
    rf"|(?:text|message|msg|check in with|check on) me (?:less|more)(?: often)?(?: please| pls)?"
    rf"|(?:fewer|less|more) {TEXTS}(?: please| pls)?"
    rf"|(?:too many|so many) {TEXTS}"
    rf"|(?:you |u )?(?:text|message|msg) me (?:way |a bit |a little )?too much(?: (?:can|could) (?:you|u) cut (?:it|that|them)"
    rf" (?:back|down))?(?: please| pls)?|(?:can|could) (?:you|u) cut (?:it|that|them|the {TEXTS}) (?:back|down)(?: a bit)?"
    rf"(?: please| pls)?"
    rf"|(?:(?:the )?{TEXTS} )?(?:daily|every day|every other day|every second day|weekly only|only weekly|once a week)"
    rf"(?: (?:is|would be) (?:enough|fine|better|plenty|good))?(?: please| pls)?"
    rf"|(?:just|only) (?:the )?(?:weekly|sunday)(?: one| note| summary| text| message)?(?: please| pls)?"
    rf"|(?:back to|go back to) (?:daily|every day)(?: please| pls)?)$")


def _is_frequency_request(raw: str) -> bool:
    words = " ".join(re.sub(r"[^a-z0-9 ]+", " ", raw.lower().replace("'", "")).split())
    return len(words) <= 60 and bool(FREQUENCY_REQUEST.match(words))


COMMANDS = (
    (re.compile(r"^\s*discreet\s*:?\s*(on|off)\s*$", re.IGNORECASE), set_discreet, None),
    (re.compile(r"^\s*nudges?\s*:?\s*(on|off)\s*[.!]*$", re.IGNORECASE), rhythm.switch, None),
    (re.compile(r"^\s*(show(?:\s+(?:me|it|my|the|note|draft|what i wrote))*)\s*[.!?]*$", re.IGNORECASE),
     lambda turn, raw: drafts.show(turn), None),
    (re.compile(r"^(.*)$", re.DOTALL), _command_frequency, _is_frequency_request),
    (re.compile(r"^\s*delay\s*:?\s*(\S*?)\s*(?:min(?:ute)?s?)?\s*$", re.IGNORECASE), set_delay, None),
    (re.compile(r"^\s*(?:tz|time\s*zone|timezone)\s*:?\s+(.+?)\s*$", re.IGNORECASE), set_zone,
     lambda raw: len(raw.split()) <= 3),
    (re.compile(r"^\s*name\b\s*:?\s*(.*?)\s*$", re.IGNORECASE), set_name, lambda raw: raw == "" or _is_name(raw)),
    (re.compile(r"^\s*time\s*:?\s+(.+?)\s*$", re.IGNORECASE), set_time, _is_clock),
)


def parse(text: str):
    """A handler for a settings command in `text`, or None if it is not one.

    Commands are read only as commands: "TIME 8pm", "NAME Sam", "DELAY 30", "TZ Pacific", "LESS",
    "SHOW"; never inside a sentence ("Time to call him...", "Name calling again...", "i texted him less").
    """
    for pattern, handler, plausible in COMMANDS:
        match = pattern.match(text)
        if match and (plausible is None or plausible(match.group(1))):
            return functools.partial(handler, raw=match.group(1))
    return None
