"""Settings asked for in plain words: "can the evening check in come at 6:30 instead?", "make the wait
half an hour", "im in oakland so pacific time", "his name is Kevin".

`setting(m)` returns Intent("setting", topic=time|delay|tz|name, text=<the value in the form the
keyword commands take: "6:30", "30", "Pacific", "Kevin">), or None. The keyword commands (TIME 8pm,
DELAY 30, TZ Pacific, NAME Sam) are read by bot.preferences before any of this.
"""

from __future__ import annotations

import re

from bot.understanding.intent import Intent
from bot.understanding.message import Message
from bot.understanding.optout import plain

CLOCK = (r"(?P<t>\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|(?:at|in the|every|each) (?:night|nite|evening|morning)"
         r"|tonight|de la (?:noche|tarde|manana))?)")
TIME = tuple(re.compile(p) for p in (
    (r"\b(?:check ?-?ins?|checkin|(?:evening|daily|nightly|night) (?:text|message|check ?-?in)s?|the texts?)\b"
     rf"[^.?!]{{0,40}}?\b(?:at|to|for|around|by|be)\s+{CLOCK}(?!\d)"),
    rf"\b(?:move|change|switch|push|make) (?:it|the check ?-?in|my check ?-?in|the time)\s+(?:to|at|for)\s+{CLOCK}(?!\d)",
    rf"\b(?:text|check on) me (?:at|around) {CLOCK}(?!\d) (?:instead|every (?:night|evening|day)|from now on)",
))
MINUTES = {"half an hour": 30, "a half hour": 30, "an hour": 60, "one hour": 60, "fifteen": 15, "ten": 10, "five": 5,
           "twenty": 20, "thirty": 30, "forty": 40, "forty five": 45, "forty-five": 45, "sixty": 60, "45": 45}
AMOUNT = r"(?P<n>\d{1,3}|" + "|".join(sorted(MINUTES, key=len, reverse=True)) + r")"
DELAY = tuple(re.compile(p) for p in (
    rf"\b(?:wait|waiting time|delay|timer|make the wait)\b[^.?!]{{0,30}}?\b{AMOUNT}\s*(?:min\w*|m\b)",
    rf"\b(?:give it|make it|do)\s+{AMOUNT}\s*(?:min\w*)\b(?=[^.?!]{{0,30}}\b(?:instead|wait|delay|next time|each time))",
    rf"\b(?:wait|delay|timer)\b[^.?!]{{0,30}}?\b(?:to|be|for|at)\s+{AMOUNT}\b(?!:)(?! ?(?:am|pm))",
    (rf"\b(?:make it|can we do|lets do|how about) {AMOUNT}(?: min\w*)?(?: instead)?\b(?=[^.?!]{{0,30}}\b(?:wait|minutes"
    rf"|instead|delay))"),
    rf"\b{AMOUNT} (?:min\w* )?instead of (?:20|twenty)\b",
    rf"\bmake it {AMOUNT}\W*$",
    r"\b(?:wait|delay|timer)\b[^.?!]{0,15}?\b(?P<n>half an hour|a half hour|an hour)\b",
    rf"\btoo (?:long|much|short)\b[^?!]{{0,40}}\b(?:can we do|make it|lets do|how about|try|do) {AMOUNT}\b",
))
BEFORE_CONTACT = re.compile(r"\bbefore (?:i )?(?:call|text|messag|reach|writ|answer|repl)")  # an urge, not a setting
CITIES = {
    "Pacific": ("pacific", "oakland", "san francisco", "sf", "los angeles", "la", "seattle", "portland", "san diego",
                "sacramento", "las vegas", "vegas", "san jose", "fresno", "california", "washington state", "oregon"),
    "Mountain": ("mountain", "denver", "salt lake", "salt lake city", "boise", "albuquerque", "colorado", "utah"),
    "Arizona": ("arizona", "phoenix", "tucson"),
    "Central": ("central", "chicago", "dallas", "houston", "austin", "san antonio", "minneapolis", "st louis",
                "nashville", "new orleans", "kansas city", "milwaukee", "texas", "oklahoma", "memphis"),
    "Eastern": ("eastern", "new york", "nyc", "boston", "miami", "atlanta", "philly", "philadelphia", "dc",
                "detroit", "orlando", "charlotte", "pittsburgh", "tampa", "baltimore", "florida", "ohio", "jersey"),
    "Alaska": ("alaska", "anchorage"),
    "Hawaii": ("hawaii", "honolulu"),
    "London": ("london", "uk", "england"),
}
PLACE = {place: zone for zone, places in CITIES.items() for place in places}
PLACES = "|".join(sorted(map(re.escape, PLACE), key=len, reverse=True))
ZONE = re.compile(
    rf"\b(?:im in|i am in|i live in|living in|moved to|im on|i am on|we are in|based in|im out in|here in)\s+"
    rf"(?P<z>{PLACES})\b|\b(?P<y>pacific|eastern|central|mountain|alaska|hawaii)(?: time| standard time| tz)\b"
    rf"|\b(?:my )?time ?zone is (?P<x>{PLACES})\b")
NAME = re.compile(r"(?i:\b(?:his|her|their|(?:my|the) (?:husband|wife|ex|partner|boyfriend|girlfriend|spouse)s?)\s+name"
                  r"(?:'s|s| is)\s+)(?P<n>[A-Za-z][A-Za-z'-]{1,30})\b"
                  r"|(?i:\b(?:you can call (?:him|her|them)|(?:hes|shes|he's|she's) called)\s+)(?P<m>[A-Z][A-Za-z'-]{1,30})\b")
NOT_NAMES = frozenset(("is", "not", "the", "a", "my", "his", "her", "still", "just", "so", "really", "was"))


def _first(patterns, text: str) -> re.Match | None:
    return next((found for pattern in patterns if (found := pattern.search(text))), None)


def setting(m: Message) -> Intent | None:
    """A setting asked for in a sentence, or None."""
    text = plain(m.norm)
    if found := _first(TIME, text):
        return Intent("setting", topic="time", text=" ".join(found["t"].replace(".", "").split()))
    if (found := _first(DELAY, text)) and not BEFORE_CONTACT.search(text):
        n = found["n"]
        return Intent("setting", topic="delay", text=n if n.isdigit() else str(MINUTES[n]))
    if found := ZONE.search(text):
        place = found["z"] or found["y"] or found["x"]
        return Intent("setting", topic="tz", text=PLACE[place])
    if found := NAME.search(m.raw):
        name = found["n"] or found["m"]
        if name.casefold() not in NOT_NAMES:
            return Intent("setting", topic="name", text=name[0].upper() + name[1:])
    return None
