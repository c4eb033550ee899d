"""Understanding members: what a text means, read in the light of what the bot last asked.

`classify(text, expecting=None, *, spouse_name=None) -> Intent` never raises and never touches the
network, the clock or the database. In this order:

1. Crisis wins over everything: the rules' cues (bot.understanding.crisis) or the learned model's
   probability at or above its threshold. The danger is self, other or both; a crisis text that
   also opts out has also_stop.
2. Opt-out, in any words or language (bot.understanding.optout).
3. With `expecting` (the member's `awaiting`: rating, baseline, checkin, reception, draft, draft_ready,
   consent, safe, reflection, spouse_feeling, delete, time_offer, nudge, taper), the answer to that question
   (bot.understanding.answers), unless the text is plainly something else that outranks it
   (OVERRULED_BY: a command, or "i already called him" when a reflection was asked for).
4. The rules' table (bot.understanding.rules), then the model's intent head for a text the rules
   leave as "other", when it is confident enough.
Then `risk`: "distress" when a feeling is heavy in words ("i cant cope", "falling apart";
bot.understanding.distress) or a text tells of danger calmly ("the restraining order came
through"); "possible" when the model's crisis probability is in its lower band (not for a plain
answer to the bot's question, a command, an urge or a report) or a text the bot could not place
carries distress cues. Both take the possible path (bot.safety.possible).
`spouse_name` (the name the member gave) lets "Dave called to ask how I was" be the spouse.
`language` is "es" for Spanish texts, whatever the intent.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from bot.understanding import answers, commands, concepts, crisis, distress, language, rules
from bot.understanding.intent import BASE_NAMES, NAMES, Intent
from bot.understanding.message import Message, read
from bot.understanding.model import Model
from bot.understanding.model import default as committed_model
from bot.understanding.optout import opts_out

__all__ = ["BASE_NAMES", "EXPECTING", "NAMES", "Intent", "classify", "heavy", "logistics_only", "member_contact_told",
           "spouse_contact_told"]

EXPECTING = answers.EXPECTING
COMMANDS = rules.COMMAND_RULES | {"setting"}
REPORTS = frozenset(("contacted", "spouse_contacted"))
OVERRULED_BY = {
    "rating": COMMANDS | REPORTS,
    "baseline": COMMANDS,
    "checkin": COMMANDS,
    "reception": COMMANDS | {"urge", "contacted"},
    "draft": (COMMANDS - {"delete"}),
    "consent": COMMANDS | REPORTS | {"urge"},
    "safe": COMMANDS | REPORTS | {"urge"},
    "reflection": COMMANDS | REPORTS | {"rating", "question"},
    "spouse_feeling": COMMANDS | REPORTS | {"rating"},
    "delete": frozenset(),
}
# A new urge outranks an answer to a reflective question, unless the text speaks of what the member
# hopes or feels ("i guess i want to hear him say he misses me").
HOPES = re.compile(r"\b(?:feel|feeling|hope|hoping|hoped|closure|miss(?:es|ed)? me|loved|love me|calm|peace|comfort|safe"
                   r"|better|wanted|heard|sorry|know (?:that|if|he|she|they)|understood|connected|close to|relief"
                   r"|because|so that|reassur\w*|sentir|saber|paz|calma)\b")
# Never a command or a crisis: those come from the rules (a crisis also from the crisis head).
MODEL_MAY_SAY = frozenset(("urge", "contacted", "spouse_contacted", "thanks", "feeling", "question"))
REPORTED = frozenset(("urge", "contacted", "spouse_contacted"))
# The model's lower band asks "are you safe?" only of texts that are not already something else: not of
# "PAUSE", "ok", "is it normal to miss him this much?", an urge or a logged contact.
ASKED_BACK = frozenset(("why_ask", "what_to_do"))  # "why do u keep asking that": a question, with or without "?"
QUIET = frozenset((*COMMANDS, "yes", "no", "thanks", "rating", "question", "urge", "contacted", "spouse_contacted"))
REPORT_MIN = 0.5  # a guess that opens an episode or logs a contact must be at least this sure
SURE_BAR = 0.97
TERSE = 5  # words
URGE_FIRST = re.compile(r"urge(?: (?:like |about )?(?:a )?[1-5])?$")  # the keyword, maybe with a strength
EVERYDAY_SUBJECT = re.compile(r"\b(?:traffic|commute|back|feet|knees?|neck|head|headache|migraine|hangover|heat"
                              r"|cold|weather|job|work|boss|meetings?|homework|taxes|toddler|baby|dog|puppy|cat|shoes"
                              r"|laundry|allergies|cramps|exams?|school|class|gym|workout|diet|line|wifi|printer)\b")
FIGURE_ONLY = 8  # words
SURE_OF_DANGER = 0.8


def _reading(m, expecting: str | None, answer: Intent | None, names: frozenset[str]) -> Intent:
    ruled = rules.first_match(m, names)
    if answer is not None:
        asked_back = ruled is not None and ruled.name == "question" and (
            "?" in m.norm and ruled.topic != "other" or ruled.topic in ASKED_BACK)
        outranked = ruled is not None and (
            ruled.name in OVERRULED_BY.get(expecting, COMMANDS) and (ruled.name != "question" or asked_back) or (
            ruled.name == "urge" and expecting in ("reflection", "spouse_feeling")
            and (ruled.topic == "reply" or not HOPES.search(m.norm))) or (
            # "URGE 4" after the check-in: the keyword is a new urge, not the day's count.
            ruled.name == "urge" and expecting in ("checkin", "baseline") and URGE_FIRST.match(m.core)))
        if not outranked:
            return answer
    return ruled or Intent("other")


def _look(text: str, model: Model) -> tuple[Message, str, dict, str | None]:
    """What a text says before any question is weighed: its reading, its language, the model's scores and
    the rules' crisis cue (pure functions of the text)."""
    m = read(text)
    return m, language.of(m.raw), model.score(text, norm=m.norm), crisis.danger(m)


@functools.lru_cache(maxsize=256)
def _seen(text: str) -> tuple[Message, str, dict, str | None]:
    """_look with the committed model, remembered: a turn that reads one text several ways (as an answer,
    as a late answer, for a contact told in passing) reads it once."""
    return _look(text, committed_model())


def prepare(text: str) -> None:
    """Read `text` ahead of classify(): the webhook calls this before it takes the database's write lock,
    so the reading and the model's scores (most of classify's time) are not spent holding it."""
    if isinstance(text, str):
        _seen(text)


def classify(text: str, expecting: str | None = None, *, spouse_name: str | None = None,
             model: Model | None = None) -> Intent:
    """What `text` means, read as an answer to `expecting` when given (see the module docstring).

    `model` is the learned second opinion (the committed one unless given, as training does).
    """
    if not isinstance(text, str):
        return Intent("other")
    if model is None:
        model, (m, lang, scores, found) = committed_model(), _seen(text)
    else:
        m, lang, scores, found = _look(text, model)
    p_crisis, limits = scores["crisis"]["crisis"], model.thresholds
    answer = answers.read(expecting, m) if expecting else None
    # A plain answer to the bot's own question ("safe. home", "better"), or a text whose scary words the
    # rules read as a figure of speech ("he hit me up"), needs a surer model to be a crisis.
    sure = answer is not None or crisis.figurative(m) or commands.hold(m) is not None  # a draft held, not sent
    bar = max(limits["crisis_high"], SURE_BAR) if sure else limits["crisis_high"]
    if expecting == "safe" and answer is not None and answer.name == "yes":
        bar = 2.0  # "im safe, just scared": the member's own word stands; only the rules' cues overrule it
        if found and crisis.reassured(m):
            found = None  # "yes im safe, im not going to hurt myself" is the answer, not a new crisis
    # "I'm not suicidal, please don't worry": a plain denial is not a new crisis (the model reads the word it
    # denies), but it still gets a gentle "are you safe?" (below).
    denial = found is not None and crisis.denied(m)
    if denial:
        found, bar = None, 2.0
    # A few words with nothing in them that can carry danger ("i wont") are never a crisis on the model's word
    # alone: the model is as sure of "i wont" as of "i wont be here" (a rule's cue). They get "are you safe?".
    terse = len(m.norm.split()) <= TERSE and not concepts.alarming(crisis.readable(m))
    if found or (p_crisis >= bar and not terse):
        return Intent("crisis", danger=_danger(found, scores["danger"]), also_stop=opts_out(m), language=lang)
    if opts_out(m):
        # "stop the check ins for a few days but dont unsubscribe me" is a pause, not an opt-out.
        return commands.pause(m, stopping=True) or Intent("stop", language=lang)
    names = frozenset(spouse_name.casefold().split()) if spouse_name else frozenset()
    intent = _reading(m, expecting, answer, names)
    if intent.name == "other" and not intent.unsure:
        guesses = scores["intent"]
        best = max(guesses, key=guesses.get)
        minimum = max(limits["intent_min"], REPORT_MIN) if best in REPORTED else limits["intent_min"]
        if best in MODEL_MAY_SAY and guesses[best] >= minimum and not (
                best in REPORTED and (rules.declined(m) or crisis.figurative(m))):
            intent = Intent(best)
    figure = crisis.figurative(m)
    # The lower band asks "are you safe?" of a text that is not already something else, and not of a plain answer
    # to the bot's own question ("way better"). An answer asks it when it says in words that it is too much;
    # never an answer to "are you safe?" itself. The model alone does not: on plain answers ("I will send it
    # myself", "4. I think I'm going to go") its middle band was wrong far more often than right.
    answered_darkly = answer is not None and expecting != "safe" and distress.strong(m)
    # Nor of a figure of speech alone: the model reads "killing me" literally.
    banded = (p_crisis >= limits["crisis_low"] and answer is None and intent.name not in QUIET
              and not figure) or answered_darkly
    said = (intent.name == "feeling" and distress.strong(m)) or crisis.context(m)
    # A short text whose weight is a figure of speech about an everyday thing ("this traffic is killing me")
    # is not distress: the lexicon scores the figure. "this is killing me" keeps its cues, and so does a longer
    # text ("...says im a dead man and hes on his way").
    idiom_only = (figure and len(m.norm.split()) <= FIGURE_ONLY and not distress.strong(m)
                  and EVERYDAY_SUBJECT.search(m.norm) is not None)
    lexicon = intent.name == "other" and distress.cues(m) and not idiom_only
    risk = "distress" if said else "possible" if banded or lexicon or denial else None
    return replace(intent, risk=risk, language=lang)


ASKS_LEAVE = re.compile(r"\b(?:is (?:that|it|this) (?:ok|okay|alright|fine)|am i allowed|is it allowed|do i (?:have|need) to"
                        r"|i (?:do )?(?:have|need) to|its (?:actual |just )?logistics)\b")
LONGING = re.compile(r"\b(?:miss|love|so bad|cant stop|need (?:him|her|them)|want (?:him|her|them)|hear (?:his|her) voice)\b")


def logistics_only(text: str) -> bool:
    """True when an urge text is a practical contact the member asks leave for ("I need to text him back about
    Lily's dentist appt, is that ok?"): contact about kids, money or home, with no longing in it."""
    m = read(text)
    return bool(rules.NEEDED.search(m.core) and not rules.UNNEEDED.search(m.core)
                and ASKS_LEAVE.search(m.norm) and not LONGING.search(m.norm))


def heavy(text: str) -> bool:
    """True when `text` reads as distressed (a distress phrase, a heavy emoji, strongly negative words)."""
    return distress.cues(read(text))


def spouse_contact_told(text: str, *, spouse_name: str | None = None) -> Intent | None:
    """The spouse's contact when `text` tells of it in the rules' own words ("he sent a long text"), else None.
    For a report inside another answer, where the model's looser guess would log contacts nobody told of."""
    names = frozenset(spouse_name.casefold().split()) if spouse_name else frozenset()
    return rules.spouse_contacted(read(text), names)


def member_contact_told(text: str, *, spouse_name: str | None = None) -> Intent | None:
    """The member's own contact when `text` tells of it in the rules' words ("i texted him once"), else None."""
    names = frozenset(spouse_name.casefold().split()) if spouse_name else frozenset()
    return rules.contacted(read(text), names)


def _danger(found: str | None, head: dict[str, float]) -> str:
    """The rules' danger, widened to "both" when the model is sure of the side the rules missed."""
    guess = max(head, key=head.get)
    if found is None:
        return guess
    if found != "both" and guess != found and head[guess] >= SURE_OF_DANGER:
        return "both"
    return found
