"""The rules: a table of readers tried in order after crisis and opt-out; the first that matches wins.

The order is the contract:
1. start, help, hold, pause, resume, delete, stats - commands (bot.understanding.commands).
2. spouse_contacted, contacted, urge - what happened, or what is about to.
3. rating, "not sure" (other with unsure=True), yes, no - short answers read without a question.
4. thanks, feeling, question - everyday texts that ask for no command.
Crisis and opt-out come before all of them (bot.understanding.classify). The words live in
bot.understanding.vocabulary and bot.understanding.everyday; this is the logic that reads them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.understanding import answer_words as v
from bot.understanding import answers, commands, everyday, settings
from bot.understanding import vocabulary as w
from bot.understanding.clauses import asserted, by_someone, doer
from bot.understanding.intent import Intent
from bot.understanding.message import Message
from bot.understanding.optout import plain
from bot.understanding.patterns import alt, any_of

Rule = Callable[[Message, frozenset[str]], "Intent | None"]
MEMBER_LEADS = frozenset(w.MEMBER_LEADS)

SPOUSE_CONTACTED, CONTACTED, CHANNEL = re.compile(w.SPOUSE_CONTACTED), re.compile(w.CONTACTED), re.compile(w.CHANNEL)
NAMED_DOER = re.compile(r"\b(?:called|texted|messaged|emailed|facetimed|rang|phoned|wrote|reached out|came by|came over"
                        r"|stopped by|showed up|dropped by|replied|answered|responded|sent|left|asked|wanted|said)\b")
NEEDED = re.compile(r"^(?:needed|necessary|it was needed)\b|\b" + alt(w.NEEDED) + r"\b")
ATTEMPT = re.compile(w.ATTEMPT)
UNNEEDED = re.compile(r"\b(?:didnt|did not) (?:need|have) to\b|\bwasnt (?:necessary|needed)\b|\bno reason\b"
                      r"|\b(?:told myself|pretended|pretending|said|acted like) (?:it was|its) (?:about|for)\b[^.!?]{0,40}\bbut\b"
                      r"|\b(?:excuse|pretext)\b")
TIMES = re.compile(w.TIMES)
URGE, URGE_QUESTION = any_of(*w.URGE), re.compile(w.URGE_QUESTION)
# "is it normal that part of me still wants to text him": a question first, the wish inside it second.
NORMAL_QUESTION = re.compile(r"^(?:is (?:it|this|that) (?:normal|ok|okay|weird|bad|crazy) (?:that|to|if)|am i (?:crazy|weird|pathetic)"
                             r" (?:for|that|to)|is something wrong with me)\b")
RATING, RATING_FILLER = re.compile(w.RATING), frozenset(w.RATING_FILLER)
UNSURE, YES, NO = any_of(*w.UNSURE), any_of(*w.YES), any_of(*w.NO)


def _channel(m: Message) -> str | None:
    return (found := CHANNEL.search(m.norm)) and found.lastgroup


AGAIN = re.compile(r"\b(?:and|then) again (?:at|this|last|around|later|in|on|after)\b")


def spouse_contacted(m: Message, names) -> Intent | None:
    found = any(asserted(m.norm, f.start()) and (f["from"] or f["es"] or by_someone(m.norm, f.start(), bool(f["me"]), names))
                for f in SPOUSE_CONTACTED.finditer(m.norm))
    # "Dave called to ask how I was", once the member has told us the name.
    found = found or bool(names) and any(
        asserted(m.norm, f.start()) and (words := doer(m.norm, f.start())) and words[-1] in names
        for f in NAMED_DOER.finditer(m.norm))
    return Intent("spouse_contacted", value=times(m), channel=_channel(m)) if found else None


def times(m: Message) -> int | None:
    """How many contacts a report logs ("called him 3 times", "texted twice"), when it says."""
    found = TIMES.search(m.norm)
    again = len(AGAIN.findall(m.norm))  # "called at 11 and again at 7": one more each time
    if not found:
        return 1 + again if again else None
    n = found["n"] or found["m"]
    said = min(int(n) if n.isdigit() else w.TIMES_WORDS[n], 50) if n else w.TIMES_WORDS[found["word"]]
    return min(said + again, 50)


def contacted(m: Message, names) -> Intent | None:
    def by_member(start: int) -> bool:  # "i called", "caved and called", or a clause that starts with it
        words = doer(m.norm, start, ".!?,;")
        return not words or words[-1] in MEMBER_LEADS

    if not (re.match(r"(?:needed|necessary)\b", m.core)
            or any(asserted(m.norm, f.start()) and by_member(f.start()) for f in CONTACTED.finditer(m.norm))):
        return None
    count = times(m)
    needed = not UNNEEDED.search(m.core) and any(
        not re.search(r"\b(?:not|wasnt|isnt|nothing to do with|had nothing to do)\W+(?:\w+\W+)?(?:about\W+)?$",
                      m.core[:f.start()]) for f in NEEDED.finditer(m.core))
    # "called her, she picked up and was nice": how it was received, told with the report.
    received = next((answer for answer, pattern in v.REPORTED_RECEPTION if pattern.search(f" {plain(m.norm)} ")), None)
    return Intent("contacted", channel=_channel(m), needed=needed, answer=received,
                  attempt=bool(ATTEMPT.search(m.norm)), value=count if count and count > 1 else None)


def _rating(m: Message, names) -> Intent | None:
    found = len(m.core) < 40 and RATING.fullmatch(" ".join(re.sub(r"[^\w/ ]+", " ", m.core).split()))
    if not found or not RATING_FILLER.issuperset((found["pre"] + found["post"]).split()):
        return None
    n = found["n"]
    return Intent("rating", value=int(n) if n.isdigit() else w.RATING_WORDS[n])


def matching(name: str, pattern: re.Pattern[str], field: str = "core", **fields) -> Rule:
    """A rule that returns Intent(name, **fields) when `pattern` is found in the message's `field`."""
    def rule(m: Message, names) -> Intent | None:
        text = plain(m.bare) if field == "core" else getattr(m, field)
        return Intent(name, **fields) if pattern.search(text) else None
    return rule


def everyday_rule(reader) -> Rule:
    return lambda m, names: reader(m)


RULES: tuple[tuple[str, Rule], ...] = (
    *((name, everyday_rule(reader)) for name, reader in commands.READERS),
    ("setting", everyday_rule(settings.setting)),
    ("normal_question", matching("question", NORMAL_QUESTION, field="norm", topic="normal")),
    ("urge_question", matching("urge", URGE_QUESTION, field="norm", topic="reply")),
    ("spouse_contacted", spouse_contacted),
    ("contacted", contacted),
    ("urge", matching("urge", URGE, field="norm")),
    # "ok i didnt text him after all": the urge passed, if one is open (bot.urges.rate); otherwise just news.
    ("passed", everyday_rule(lambda m: answers.passed(m) and Intent("other", topic="passed"))),
    ("rating", _rating),
    ("unsure", matching("other", UNSURE, unsure=True)),
    ("thanks", everyday_rule(everyday.thanks)),
    ("yes", matching("yes", YES)),
    ("no", matching("no", NO)),
    ("feeling", everyday_rule(everyday.feeling)),
    ("question", everyday_rule(everyday.question)),
)
COMMAND_RULES = commands.NAMES


OTHER_PERSON = re.compile(rf"\b(?:my |a |the |his |her )?{alt(w.PEOPLE)}\b")
TOLD_TO = re.compile(r"\b(?:told|asked|begged|said|says|tells|wants) (?:me )?(?:to )?(?:stop|not|quit|never)\b"
                     r"|\bno (?:point|use|reason|need)\b")
CONTACT_VERB = re.compile(r"\b(?:call\w*|text\w*|messag\w*|email\w*|facetim\w*|rang|phoned|reach\w* out|wrote|visit\w*"
                          r"|contact\w*)\b")


def declined(m: Message) -> bool:
    """True when the text names contact that the rules read as not happening, or not with the spouse
    ("i didn't call him", "i called my mom"): the model's guess may not overrule that."""
    verbs = list(CONTACT_VERB.finditer(m.norm))
    return any(not asserted(m.norm, f.start()) for f in verbs) or bool(verbs and (
        OTHER_PERSON.search(m.norm) or TOLD_TO.search(m.norm)))


def first_match(m: Message, names: frozenset[str] = frozenset()) -> Intent | None:
    """The Intent of the first rule in RULES that matches `m`, or None.

    A report of both sides ("texted him about the kids and he replied 'k'") is the contact that
    came first in the text.
    """
    found = next((intent for _, rule in RULES if (intent := rule(m, names)) is not None), None)
    if found is not None and found.name == "spouse_contacted" and (mine := contacted(m, names)) is not None:
        theirs = min((f.start() for f in SPOUSE_CONTACTED.finditer(m.norm)), default=len(m.norm))
        if min((f.start() for f in CONTACTED.finditer(m.norm)), default=len(m.norm)) < theirs:
            return mine
    return found
