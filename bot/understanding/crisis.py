"""Crisis found by its cues: danger to the member, from someone else, or both.

`danger(msg)` reads the rules' answer. Crisis words spelt any which way are spelt out first
(bot.understanding.spelling.repair: "gona kil myslef"), figures of speech are blanked out ("this urge is
killing me"), then any cue of danger to self (death words about the member, methods, farewells,
euphemisms, warning signs) or from someone else (threats, violence, stalking, fear of them) counts.
A weapon is danger from someone else unless the member is the one holding it.
"""

from __future__ import annotations

import re

from bot.understanding import crisis_words as w
from bot.understanding import cues
from bot.understanding.clauses import before, by_someone
from bot.understanding.message import Message
from bot.understanding.patterns import any_of
from bot.understanding.patterns import cues as cue_table
from bot.understanding.spelling import repair
from bot.understanding.vocabulary import NAME

FIRST_PERSON, THIRD_PARTY, OTHER_PEOPLE = frozenset(w.FIRST_PERSON), frozenset(w.THIRD_PARTY), frozenset(w.OTHER_PEOPLE)
NEAR_ONLY = frozenset(w.NEAR_ONLY)
IDIOM = re.compile(cue_table((*w.IDIOMS, *cues.IDIOMS)))
SELF = re.compile(cue_table((*w.SELF, *cues.SELF)))
MEMBERS_OWN = re.compile(rf"(?P<death>{w.DEATH})|(?P<ending>{w.ENDING})")
OTHER = re.compile(rf"(?P<hit>{cue_table(w.HIT)})|(?P<harm>{w.HARM})|(?P<other>{cue_table((*w.OTHER, *cues.OTHER))})"
                   rf"|(?P<watch>{cue_table(cues.WATCHING)})|(?P<weapon>{w.WEAPONS})")
WATCHERS = frozenset(cues.ACTOR_WORDS)
PEOPLE = frozenset((*cues.ACTOR_WORDS, "him", "his", "her", "hers", "hed", "shed", "hell", "shell", "el", "ella"))
THREATENER = any_of(*w.THREATENER)
OWN_WEAPON = re.compile(w.OWN_WEAPON)
WEAPON_DANGER = re.compile(w.WEAPON_DANGER)
WEAPON_ORDINARY = re.compile(w.WEAPON_ORDINARY)


def _about_member(text: str, start: int, others: frozenset[str]) -> bool:
    """True when the clause before `start` is the member's own: the nearest person word is
    first person ("id rather be dead"), or there is none ("wanna die", "better off dead")."""
    for back, word in enumerate(reversed(re.findall(NAME, before(text, start, ".!?,;:", width=60))[-8:])):
        if word in FIRST_PERSON:
            return True
        if word in others and (back < 3 or word not in NEAR_ONLY):
            return False
    return True


def _weapon_is_theirs(text: str, found: re.Match) -> bool:
    """A weapon someone else has; False when the member holds it, or no one else is in the text at all."""
    before_words = re.findall(NAME, before(text, found.start(), width=60))
    after = re.split(r"[.!?]", text[found.end():found.end() + 40])[0]
    near = PEOPLE.intersection(before_words[-4:])
    if OWN_WEAPON.search(" ".join(before_words) + " " + after) and not near:
        return False
    return bool(near or PEOPLE.intersection(re.findall(NAME, text)))


def _weapon_matters(text: str, found: re.Match) -> bool:
    """A weapon mentioned with danger around it: someone has or shows it, the member holds it, or
    fear; not a rifle for deer season or one sold at the gun shop."""
    window = text[max(0, found.start() - 80):found.end() + 60]
    if WEAPON_ORDINARY.search(window):  # "he has a knife. we were watching a movie" still counts: the knife is his
        return bool(PEOPLE.intersection(re.findall(NAME, before(text, found.start(), width=25))))
    return bool(WEAPON_DANGER.search(window) or OWN_WEAPON.search(window) or PEOPLE.intersection(
        re.findall(NAME, before(text, found.start(), width=40))))


def _from_someone(text: str, found: re.Match) -> bool:
    if found["other"]:
        return True
    if found["hit"]:
        return by_someone(text, found.start())
    if found["harm"]:
        return bool(THREATENER.search(before(text, found.start(), width=60)))
    if found["watch"]:
        return not WATCHERS.isdisjoint(re.findall(NAME, before(text, found.start(), width=80)))
    return _weapon_matters(text, found) and _weapon_is_theirs(text, found)


def _to_self(text: str) -> bool:
    return bool(SELF.search(text)) or any(
        _about_member(text, f.start(), THIRD_PARTY if f["death"] else OTHER_PEOPLE) for f in MEMBERS_OWN.finditer(text))


def readable(m: Message) -> str:
    """The text crisis cues are looked for in: crisis words spelt out, figures of speech blanked."""
    return IDIOM.sub(" ~ ", repair(m.norm))


CONTEXT = re.compile(w.CONTEXT)


def context(m: Message) -> bool:
    """True when the text tells of past danger from someone else (police, a protective order) calmly."""
    return bool(CONTEXT.search(readable(m)))


def figurative(m: Message) -> bool:
    """True when the text holds a figure of speech the rules blank out ("this urge is killing me")."""
    return bool(IDIOM.search(repair(m.norm)))


REASSURING = re.compile(r"\b(?:not|never|wont|wouldnt|no plans? to|not planning to)(?: \w+){0,2} (?:going to |gonna )?$")


def reassured(m: Message) -> bool:
    """True when each of the rules' cues for harm to self is a promise not to ("im not going to hurt myself"),
    and none is of danger from someone else: what a member says to "are you safe?" to reassure."""
    text = readable(m)
    cues = list(SELF.finditer(text))
    return bool(cues) and not any(OTHER.finditer(text)) and all(
        REASSURING.search(text[max(0, f.start() - 40):f.start()]) for f in cues)


# A plain denial of harm to self, standing as its own clause ("im not suicidal, please dont worry", "i would
# never hurt myself"): narrow on purpose. Nothing may hedge it before ("cant promise i wont hurt myself", "told
# my therapist im not suicidal") or qualify it after ("not today", "yet", "unless", "but i lied", "a plan").
DENIAL = re.compile(r"(?:^|[.,;!?]\s*|\b(?:and|but|so|ok|okay|no|relax|honestly)\s+)(?:(?:i|im|i am|id|i would)\s+)?"
                    r"(?:not|never|wont|wouldnt|would never|no plans? to|not planning to|not going to|not gonna)"
                    r"(?: be| ever)? (?:suicidal|(?:kill|hurt|harm)(?:ing)? (?:myself|my self)|end(?:ing)? my life)"
                    r"(?=\s*(?:$|[.,;!?]|please\b|dont worry\b|i promise\b|i just\b|just\b|im just\b|i meant\b))")
HEDGED = re.compile(r"\b(?:promise[ds]?|sure|know|knows|scared|afraid|able|can|cant|could|told|tell|say|said|says|if"
                    r"|who|believe|believes|pretend|lie|lied|lying|anymore|yet|today|tonight|tomorrow|unless|until"
                    r"|though|plan|planned|decision|decided|accident|might|maybe|probably|eventually|later|soon"
                    r"|how much longer|instead)\b")


def denied(m: Message) -> bool:
    """True when the text's only cues of harm to self are plain denials of it, with nothing hedging or
    qualifying them anywhere in the text: "I'm not suicidal, please don't worry. I meant the waiting feels
    useless." A denial is heard as said; classify still asks "are you safe?"."""
    text = readable(m)
    if not DENIAL.search(text):
        return False
    rest = DENIAL.sub(" ~ ", text)
    return not HEDGED.search(text) and danger(Message(raw=rest, norm=rest, core=rest)) is None


def danger(m: Message) -> str | None:
    """"self", "other" or "both" when the rules find a crisis cue in `m`, else None."""
    text = readable(m)
    weapons = [f for f in OTHER.finditer(text) if f["weapon"] and _weapon_matters(text, f)]
    other = any(_from_someone(text, f) for f in OTHER.finditer(text))
    own_weapon = any(not _weapon_is_theirs(text, f) for f in weapons)
    to_self = own_weapon or _to_self(text)
    if other and to_self:
        return "both"
    return "other" if other else "self" if to_self else None

