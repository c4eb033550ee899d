"""The conversation: one inbound text in, the bot's replies out.

`respond` classifies the text and looks the handler up in tables, in this
order: safety and compliance (always), settings commands, the answer to the
question the bot last asked, then the intent table. Handlers are plain
functions of a Turn returning replies as (kind, text) pairs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot import account, contacts, drafts, preferences, reflections, safety, urges
from bot.intents import Intent, classify
from bot.models import Member
from bot.prompts import say

Replies = list[tuple[str, str]]


@dataclass
class Turn:
    member: Member
    text: str
    intent: Intent
    now: datetime
    settings: object
    first: bool = False


Handler = Callable[[Turn], Replies]

# Answered whatever the member's state, before anything else.
ALWAYS: dict[str, Handler] = {
    "crisis": safety.crisis,
    "stop": account.stop,
    "start": account.start,
    "help": account.help_info,
}

# What an answer means depends on the question the bot last asked (member.awaiting).
ANSWERS: dict[tuple[str, str], Handler] = {
    ("consent", "yes"): account.consent_yes,
    ("consent", "no"): account.consent_no,
    ("baseline", "rating"): account.baseline,
    ("rating", "rating"): urges.rate,
    ("reception", "yes"): contacts.reception,
    ("reception", "no"): contacts.reception,
    ("reception", "other"): contacts.reception,
    ("checkin", "rating"): reflections.checkin_answer,
    ("delete", "delete"): account.erase,
    ("draft", "other"): drafts.decide,
    ("draft", "yes"): drafts.decide,
    ("draft", "no"): drafts.decide,
}

INTENTS: dict[str, Handler] = {
    "urge": urges.open_episode,
    "contacted": contacts.member_reached_out,
    "spouse_contacted": contacts.spouse_reached_out,
    "hold": drafts.hold,
    "stats": reflections.stats,
    "pause": account.pause,
    "resume": account.resume,
    "delete": account.ask_delete,
    "yes": account.consent_yes,
    "rating": urges.rate,
}


def fallback(turn: Turn) -> Replies:
    """A text the bot could not place: the menu, or for a substantial one a human review and 988."""
    if len(turn.text.split()) >= safety.REVIEW_WORDS:
        safety.review(turn)
        return [say(turn.member, "fallback.long")]
    return [say(turn.member, "fallback")]


def _answer_handler(turn: Turn) -> Handler | None:
    member = turn.member
    if not member.awaiting or (member.awaiting_until is not None and member.awaiting_until < turn.now):
        return None
    return ANSWERS.get((member.awaiting, turn.intent.name))


def respond(member: Member, text: str, now: datetime, settings, *, first: bool = False) -> Replies:
    """The replies to `text` from `member` at `now`; changes to the member are left for the caller to save."""
    turn = Turn(member, text, classify(text), now, settings, first)
    if turn.intent.name in ALWAYS:
        return ALWAYS[turn.intent.name](turn)
    if member.status == "opted_out":
        return []  # only START brings an opted-out member back
    command = preferences.parse(text)
    if command is not None:
        replies = command(turn)
    else:
        handler = _answer_handler(turn) or INTENTS.get(turn.intent.name)
        if handler is None and first:
            return account.welcome(turn, [])
        replies = (handler or fallback)(turn)
    return account.welcome(turn, replies) if first else replies
