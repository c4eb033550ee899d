"""Everyday texts get everyday replies: thanks answered, feelings met with empathy and one offer that
fits, questions answered from the advice (shared/ADVICE.md) and the member's own reasons."""

from __future__ import annotations

import re

from bot import reasons
from bot.prompts import note, say
from bot.reflections import median_minutes

LAST_FEELING = "feeling.kind"  # in prompt_state: whether the last hard-day reply quoted a reason

QUESTION_REPLIES = {
    "normal": "question.normal",
    "will_they": "question.will_they",
    "what_to_do": "question.what_to_do",
    "bot": "question.bot",
    "why_ask": "question.why_ask",
    "when_texts": "question.when_texts",
    "other": "question.other",
}


def thanks(turn):
    """Thanks, ok, lol or a kind emoji: a short warm line."""
    return [say(turn.member, "thanks.reply")]


def feeling(turn):
    """A good day is noticed; a hard one gets empathy and, every other time, the member's own words back."""
    member = turn.member
    if turn.intent.answer == "good":
        return [say(member, "feeling.good")]
    if member.last_variants().get(LAST_FEELING) != "reason" and (reason := reasons.next_reason(member)):
        note(member, LAST_FEELING, "reason")
        return [say(member, "feeling.low_reason", reason=reason)]
    note(member, LAST_FEELING, "plain")
    return [say(member, "feeling.low")]


def question(turn):
    """A question for the bot, answered by topic: their reasons, is it normal, will they, how long, what now."""
    member, topic = turn.member, turn.intent.topic or "other"
    if topic == "reasons":
        reason = reasons.next_reason(member)
        return [say(member, "question.reasons", reason=reason)] if reason else [say(member, "question.reasons_none")]
    if topic == "how_long":
        median = median_minutes(member, turn.now)
        if median is not None:
            return [say(member, "question.how_long_yours", median=median)]
        return [say(member, "question.how_long")]
    return [say(member, QUESTION_REPLIES.get(topic, "question.other"))]


WHY_QUIET = re.compile(
    r"\b(?:(?:you|u) (?:stopped|stop|havent been|arent|quit) (?:texting|messaging|sending|checking)|(?:texts?|messages"
    r"|check ?-?ins?|reflections?) (?:stopped|arent coming|have stopped|dont come)|(?:no|didnt get (?:a|my|any)|never got"
    r" (?:a|my|any)) (?:more )?(?:texts?|messages|check ?-?ins?)|why (?:did|have) (?:they|the texts|you|u|it) stop"
    r"|did i break (?:it|something|the bot|you)|(?:dejaste|dejo) de (?:escribir|mandar)|ya no (?:me )?(?:llegan|mandas"
    r"|escribes))")


def asks_why_quiet(text: str) -> bool:
    """True when a text asks why the bot's scheduled texts stopped coming."""
    return bool(WHY_QUIET.search(" ".join(text.casefold().replace("'", "").replace("\u2019", "").split())))


def explain_hold(turn):
    """A held member asking where their check-ins went: why, that it is nobody's fault, and what still works."""
    return [say(turn.member, "held.explained")]
