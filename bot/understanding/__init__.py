"""Understanding members: what a text means, read in the light of what the bot last asked.

`classify(text, expecting=None, *, spouse_name=None) -> Intent` never raises and never touches the
network, the clock or the database. In this order:

1. Crisis wins over everything: the rules' cues (bot.understanding.crisis) or the learned model's
   probability at or above its threshold. The danger is self, other or both; a crisis text that
   also opts out has also_stop.
2. Opt-out, in any words or language (bot.understanding.optout).
3. With `expecting` (the member's `awaiting`: rating, baseline, checkin, reception, draft, consent,
   safe, reflection, spouse_feeling, delete), the answer to that question
   (bot.understanding.answers), unless the text is plainly something else that outranks it
   (OVERRULED_BY: a command, or "i already called him" when a reflection was asked for).
4. The rules' table (bot.understanding.rules), then the model's intent head for a text the rules
   leave as "other", when it is confident enough.
Then `risk="possible"` when the model's crisis probability is in its lower band, or a text the
bot could not place, or a feeling, carries distress cues (bot.understanding.distress).
`spouse_name` (the name the member gave) lets "Dave called to ask how I was" be the spouse.
`language` is "es" for Spanish texts, whatever the intent.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.understanding import answers, commands, crisis, distress, language, rules
from bot.understanding.intent import BASE_NAMES, NAMES, Intent
from bot.understanding.message import read
from bot.understanding.model import Model
from bot.understanding.model import default as committed_model
from bot.understanding.optout import opts_out

__all__ = ["BASE_NAMES", "EXPECTING", "NAMES", "Intent", "classify"]

EXPECTING = answers.EXPECTING
COMMANDS = rules.COMMAND_RULES
REPORTS = frozenset(("contacted", "spouse_contacted"))
OVERRULED_BY = {
    "rating": COMMANDS | REPORTS,
    "baseline": COMMANDS,
    "checkin": COMMANDS,
    "reception": COMMANDS | {"urge", "spouse_contacted"},
    "draft": (COMMANDS - {"delete"}),
    "consent": COMMANDS | REPORTS | {"urge", "question"},
    "safe": frozenset(),
    "reflection": COMMANDS | REPORTS | {"rating"},
    "spouse_feeling": COMMANDS | REPORTS | {"rating"},
    "delete": frozenset(),
}
# An urge about to be acted on outranks an answer to a reflective question; a wish does not.
IMMINENT = re.compile(r"\b(?:about to|going to|gonna|ready to|on my way|typing|hovering|finger|thumb|dialing|dialling"
                      r"|right now|rn|cant stop myself|doing it)\b")
# Never a command or a crisis: those come from the rules (a crisis also from the crisis head).
MODEL_MAY_SAY = frozenset(("urge", "contacted", "spouse_contacted", "thanks", "feeling", "question"))
PLACELESS = frozenset(("other", "feeling"))


def _reading(m, expecting: str | None, names: frozenset[str]) -> Intent:
    ruled = rules.first_match(m, names)
    if expecting:
        answer = answers.read(expecting, m)
        outranked = ruled is not None and (ruled.name in OVERRULED_BY.get(expecting, COMMANDS) or (
            ruled.name == "urge" and expecting in ("reflection", "spouse_feeling") and IMMINENT.search(m.norm)))
        if answer is not None and not outranked:
            return answer
    return ruled or Intent("other")


def classify(text: str, expecting: str | None = None, *, spouse_name: str | None = None,
             model: Model | None = None) -> Intent:
    """What `text` means, read as an answer to `expecting` when given (see the module docstring).

    `model` is the learned second opinion (the committed one unless given, as training does).
    """
    if not isinstance(text, str):
        return Intent("other")
    model = model or committed_model()
    m = read(text)
    lang = language.of(m.norm)
    scores = model.score(text)
    p_crisis, limits = scores["crisis"]["crisis"], model.thresholds
    found = crisis.danger(m)
    if found or p_crisis >= limits["crisis_high"]:
        danger = found or max(scores["danger"], key=scores["danger"].get)
        return Intent("crisis", danger=danger, also_stop=opts_out(m), language=lang)
    if opts_out(m):
        # "stop the check ins for a few days but dont unsubscribe me" is a pause, not an opt-out.
        return commands.pause(m, stopping=True) or Intent("stop", language=lang)
    names = frozenset(spouse_name.casefold().split()) if spouse_name else frozenset()
    intent = _reading(m, expecting, names)
    if intent.name == "other" and not intent.unsure:
        guesses = scores["intent"]
        best = max(guesses, key=guesses.get)
        if best in MODEL_MAY_SAY and guesses[best] >= limits["intent_min"]:
            intent = Intent(best)
    possible = p_crisis >= limits["crisis_low"] or (intent.name in PLACELESS and distress.cues(m))
    return replace(intent, risk="possible" if possible else None, language=lang)
