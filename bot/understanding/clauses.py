"""Who does what in a sentence: the words before a match, and whether they name the member."""

from __future__ import annotations

import re

from bot.understanding import vocabulary as w

ACTORS = frozenset(("he", "she", "they", *w.SPOUSE_WORDS))
NOT_ACTOR, ADVERBS = frozenset(w.NOT_ACTOR), frozenset(w.ADVERBS)
NEGATORS = frozenset(w.NEGATORS)


def before(norm: str, start: int, stops: str = ".!?", width: int = 40) -> str:
    """The part of the sentence (ended by one of `stops`) that comes before `start`."""
    return re.split(f"[{stops}]", norm[max(0, start - width):start])[-1].rstrip()


def doer(norm: str, start: int, stops: str = ".!?") -> list[str]:
    """The words before `start` in its sentence, minus trailing adverbs ("he just called")."""
    words = re.findall(w.NAME, before(norm, start, stops))
    while words and words[-1] in ADVERBS:
        words.pop()
    return words


def by_someone(norm: str, start: int, alone: bool = True, names: frozenset[str] = frozenset()) -> bool:
    """True when the words before `start` name someone other than the member (a pronoun,
    "my husband", a first name, one of `names`); `alone` says whether a sentence with no doer counts."""
    words = doer(norm, start)
    if not words:
        return alone
    return words[-1] not in NOT_ACTOR or not ACTORS.isdisjoint(words) or not names.isdisjoint(words)


def asserted(norm: str, start: int) -> bool:
    """False when one of the three words before `start` negates or hypothesises the report."""
    return not NEGATORS.intersection(norm[max(0, start - 30):start].split()[-3:])
