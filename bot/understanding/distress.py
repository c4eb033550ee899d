"""Distress cues: a heavy feeling that is not (yet) a crisis, found by a lexicon and a few phrases.

vaderSentiment's lexicon (emoji included) gives a text's negative intensity; the phrases catch what
a general-purpose lexicon scores mildly ("i cant cope", "falling apart"). A text the bot cannot
otherwise place that carries these cues takes the "possible" path: the ordinary reply, a gentle
"are you safe right now?" and a human's look.
"""

from __future__ import annotations

import functools
import re

from bot.understanding.message import Message
from bot.understanding.optout import plain

NEGATIVE_ENOUGH = -0.6  # VADER compound score at or below which a text reads as distressed
PHRASES = re.compile(
    r"\b(?:hopeless|worthless|numb|empty inside|dead inside|cant cope|cant take (?:it|this|much more)|cant breathe"
    r"|falling apart|breaking down|broken inside|drowning|cant handle (?:it|this|anything)|cant do this|cant go on"
    r"|no energy|cant get out of bed|havent eaten|havent slept|cant sleep|cant stop crying|crying all (?:day|night)"
    r"|so alone|all alone|nobody cares|no one cares|i hate myself|i hate my life|what is wrong with me|im a mess"
    r"|im a wreck|losing it|losing my mind|shaking|panic attack|panicking|spiraling|spiralling|at my limit"
    r"|rock bottom|end of my rope|cant anymore|so done|im done|too much for me|overwhelmed|exhausted|desesperad[ao]"
    r"|(?:its|it is|this is|everything is|all of (?:it|this)) (?:(?:just|all|getting|really|so|way) )*too much"
    r"|too much (?:pain|to (?:bear|handle|take))|^ ?(?:its |this is )?(?:all )?(?:just )?too much ?$"
    r"|whats (?:even )?the point|(?:dont|cant) see the point|feel(?:ing)? like disappearing|want to disappear"
    r"|so empty|feel empty|nothing matters"
    r"|no puedo mas|no aguanto|me siento vaci[ao]|sin ganas|no tengo ganas de nada|ya no le veo sentido)\b")
HEAVY_EMOJI = frozenset("💔😩😫😞😢🥀😿")  # not 😭, which is as often laughter


@functools.lru_cache(maxsize=1)
def _analyzer():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def strong(m: Message) -> bool:
    """True when `m` says in words that it is too much ("i cant cope", "falling apart")."""
    return bool(PHRASES.search(plain(m.norm)))


def cues(m: Message) -> bool:
    """True when `m` reads as distressed: a distress phrase, a heavy emoji, or strongly negative words."""
    if PHRASES.search(plain(m.norm)) or any(c in HEAVY_EMOJI for c in m.raw):
        return True
    return _analyzer().polarity_scores(m.raw[:400])["compound"] <= NEGATIVE_ENOUGH
