"""The conversation: one inbound text in, the bot's replies out.

`respond` reads the text in the light of what the bot last asked (`member.awaiting`, see
bot.understanding) and looks the handler up in tables, in this order: safety and compliance
(always), settings commands, the answer to the question the bot asked, then the intent table.
With nothing awaited, a text may still answer an earlier question (`_late_answer`: how strong an
urge is during its wait, or today's check-in after a side conversation). Handlers are plain
functions of a Turn returning replies as (kind, text) pairs. A reading with a risk ("distress" or
"possible") gets its ordinary reply plus a gentle safety check (bot.safety.possible), except a
yes or no to "are you safe?" itself and a first hello the welcome answers.

Every prompt that asks the member something is listed in QUESTIONS with what its answer is read
as, so no question goes out whose plain-language answers the bot cannot take.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from bot import account, contacts, drafts, preferences, reflections, rhythm, safety, support, urges
from bot.models import Member
from bot.prompts import say
from bot.understanding import Intent, classify, member_contact_told, spouse_contact_told

Replies = list[tuple[str, str]]


@dataclass
class Turn:
    member: Member
    text: str
    intent: Intent
    now: datetime
    settings: object
    first: bool = False
    awaiting: str | None = None  # the question this text answers, if it is still open


Handler = Callable[[Turn], Replies]

def _checkin_count(turn: Turn) -> Replies:
    """The day's count, and any spouse contact told with it ("Zero, but he sent a long text"). A count that
    is the spouse's ("he called me twice, i didnt pick up") is their report: the check-in stays open."""
    member = turn.member
    spouse = spouse_contact_told(turn.text, spouse_name=member.spouse_name)
    if spouse is not None and turn.intent.value and member_contact_told(
            turn.text, spouse_name=member.spouse_name) is None:
        return contacts.spouse_reached_out(replace(turn, intent=spouse))
    return reflections.checkin_answer(turn) + contacts.spouse_in_passing(turn)


# Answered whatever the member's state, before anything else.


ALWAYS: dict[str, Handler] = {
    "crisis": safety.crisis,
    "stop": account.stop,
    "start": account.start,
    "help": account.help_info,
}

# (what the bot asked, what the answer was read as) -> handler; ":unsure" marks "not sure" answers.
ANSWERS: dict[tuple[str, str], Handler] = {
    ("consent", "yes"): account.consent_yes,
    ("consent", "no"): account.consent_no,
    ("consent", "other:unsure"): account.consent_unsure,
    ("baseline", "count"): account.baseline,
    ("baseline", "rating"): account.baseline,
    ("baseline", "other:unsure"): account.count_unsure,
    ("checkin", "count"): _checkin_count,
    ("checkin", "rating"): reflections.checkin_answer,
    ("checkin", "other:unsure"): account.count_unsure,
    ("rating", "rating"): urges.rate,
    ("rating", "other:unsure"): urges.rate_unsure,
    ("reception", "reception"): contacts.reception,
    ("draft", "decision"): drafts.decide,
    ("draft_ready", "show"): drafts.show,
    ("draft_ready", "decision"): drafts.decide,
    ("time_offer", "yes"): preferences.take_offered_time,
    ("time_offer", "no"): preferences.keep_time,
    ("time_offer", "other:unsure"): preferences.keep_time,
    ("nudge", "yes"): rhythm.accept,
    ("nudge", "no"): rhythm.decline,
    ("nudge", "other:unsure"): rhythm.unsure,
    ("taper", "frequency"): preferences.taper_answer,
    ("taper", "yes"): preferences.taper_answer,
    ("taper", "no"): preferences.taper_answer,
    ("taper", "other:unsure"): preferences.taper_answer,
    ("safe", "yes"): safety.safe,
    ("safe", "no"): safety.unsafe,
    ("reflection", "reflection"): urges.reflect,
    ("spouse_feeling", "feeling"): contacts.spouse_feeling,
    ("delete", "delete"): account.erase,
    ("delete", "no"): account.keep,
    # An answer the readers could not take ("🙃", a story without a number) is asked for more gently.
    ("rating", "other"): urges.rate_unsure,
    ("checkin", "other"): account.count_unsure,
    ("baseline", "other"): account.count_unsure,
    ("draft", "other"): drafts.decide_later,
    ("reception", "other"): contacts.reception_unclear,
}

# A setting asked for in a sentence ("can the check in come at 6:30?") goes to the keyword command's handler.
SETTINGS = {"time": preferences.set_time, "delay": preferences.set_delay, "tz": preferences.set_zone,
            "name": preferences.set_name}


def setting(turn: Turn) -> Replies:
    return SETTINGS[turn.intent.topic](turn, raw=turn.intent.text)


INTENTS: dict[str, Handler] = {
    "urge": urges.urge,
    "contacted": contacts.member_reached_out,
    "spouse_contacted": contacts.spouse_reached_out,
    "hold": drafts.hold,
    "stats": reflections.stats,
    "pause": account.pause,
    "resume": account.resume,
    "delete": account.ask_delete,
    "rating": urges.rate,
    "thanks": support.thanks,
    "yes": account.yes_unasked,
    "no": support.thanks,
    "feeling": support.feeling,
    "question": support.question,
    "reflection": urges.reflect,
    "setting": setting,
}

# Each prompt that asks a question, and what the member's answer is read as (member.awaiting).
QUESTIONS = {
    "welcome.consent": "consent", "consent.unsure": "consent", "onboarding.baseline": "baseline",
    "count.unsure": "baseline or checkin", "urge.reply": "reflection", "urge.again": "reflection",
    "urge.question": "reflection", "urge.followup": "rating", "urge.followup.open": "rating",
    "rating.unsure": "rating", "contact.logged": "reception", "contact.logged_count": "reception",
    "spouse.contacted": "spouse_feeling", "spouse.contacted_named": "spouse_feeling", "hold.return": "draft_ready",
    "checkin.ask": "checkin", "checkin.ask.open": "checkin", "safety.check": "safe", "safety.check.es": "safe",
    "delete.ask": "delete",
    "hold.return.open": "draft_ready", "hold.shown": "draft", "paused.note": "rating", "held.note": "rating",
    "time.nearest": "time_offer",
    "stats.rhythm_offer": "nudge", "nudge.offer": "nudge", "nudge.unsure": "nudge", "taper.offer": "taper",
    "taper.offer_weekly": "taper",
}


LATE_READS = frozenset(("other", "rating", "thanks", "feeling", "spouse_contacted"))  # may answer an earlier question
ZERO = re.compile(r"\b(?:0|zero|none|nada|nothing)\b")
LATE_RATING = re.compile(r"\b(?:[1-5]|one|two|three|four|five)\b")
# A text that says it is the day's count: "0 today", "and 1 for today", "none so far", or a bare count.
CHECKIN_CUE = re.compile(r"\b(?:today|tonight|so far|all day|for the day|from me)\b"
                         r"|^\W*(?:\d{1,2}|zero|none|nada|once|twice|one|two|three)\W*$")
SMALL_TALK = frozenset(("other", "question", "feeling", "thanks", "yes", "no"))  # a first text answered by the welcome


def fallback(turn: Turn) -> Replies:
    """A text the bot could not place: the menu (with a line for anyone not safe), or for a
    substantial one a human review and 988. A new member's first text gets the welcome alone (a long
    one still goes to a human); during an urge's wait, a word that the bot is still with them (a long
    one still goes to a human too)."""
    long = len(turn.text.split()) >= safety.REVIEW_WORDS
    if long:
        safety.review(turn)
    if turn.first:
        return []
    if urges.open_episode_of(turn.member) is not None:
        # In the middle of a wait, company, not the menu: "I want him to feel as bad as I do".
        return [say(turn.member, "urge.heard_long" if long else "urge.heard")]
    return [say(turn.member, "fallback.long" if long else "fallback")]


def _awaiting(member: Member, now: datetime) -> str | None:
    if not member.awaiting or (member.awaiting_until is not None and member.awaiting_until < now):
        return None
    return member.awaiting


def _handler(turn: Turn) -> Handler:
    intent = turn.intent
    if intent.name == "other" and intent.topic == "passed":
        return urges.passed_on_its_own
    if turn.member.safety_hold and intent.name in ("question", "other", "feeling") and support.asks_why_quiet(turn.text):
        return support.explain_hold  # "u stopped texting me?? did i break it"
    key = intent.name + (":unsure" if intent.unsure else "")
    return (turn.awaiting and ANSWERS.get((turn.awaiting, key))) or INTENTS.get(intent.name) or fallback


def _late_answer(member: Member, text: str, intent: Intent, now: datetime) -> tuple[str, Intent] | None:
    """A question asked earlier that `text` still answers, when nothing is awaited now: during an urge's wait,
    how strong it is ("ok its a 2 now. didnt send anything"); otherwise today's check-in, left unanswered
    while the member talked of something else, when `text` says it is a count for today ("So 1 today", "0")
    or is a bare count. None otherwise; the question found is expected again."""
    if member.status != "active" or intent.name not in LATE_READS:
        return None
    folded = text.casefold()
    # A bare rating goes to the rating handler when an urge is open; in a sentence, only a number says how
    # strong ("ok its a 2 now"; "I want him to feel as bad as I do" does not).
    if intent.name != "rating" and LATE_RATING.search(folded) and (episode := urges.open_episode_of(member)):
        rating = classify(text, "rating", spouse_name=member.spouse_name)
        if rating.name != "rating":
            return None
        member.expect("rating", episode.id, now + urges.TIMED_WINDOW)
        return "rating", rating
    if not CHECKIN_CUE.search(folded):
        return None
    late = reflections.unanswered_checkin(member, now)
    if late is None and intent.name == "rating" and not ZERO.search(folded) or urges.open_episode_of(member) is not None:
        return None  # a bare number with nothing asked is noted; during an urge's wait it is how strong it is
    count = classify(text, "checkin", spouse_name=member.spouse_name)
    if count.name != "count" or intent.name == "spouse_contacted" and count.value or late is None and count.value:
        return None  # "she called me twice today" is her report; only a zero is worth saying unasked
    # A zero told with no check-in open ("none today actually", the morning after) is celebrated, not recorded.
    member.expect("checkin", late.id if late else None, now + reflections.LATE_CHECKIN)
    return "checkin", count


def respond(member: Member, text: str, now: datetime, settings, *, first: bool = False) -> Replies:
    """The replies to `text` from `member` at `now`; changes to the member are left for the caller to save."""
    awaiting = _awaiting(member, now)
    intent = classify(text, awaiting, spouse_name=member.spouse_name)
    if awaiting is None and not first and (late := _late_answer(member, text, intent, now)) is not None:
        awaiting, intent = late
    turn = Turn(member, text, intent, now, settings, first, awaiting)
    safety.note_on_open_flag(turn)
    if member.status == "opted_out" and intent.name == "resume":
        turn.intent = Intent("start", language=intent.language)  # "I'm back" from someone who opted out: rejoin
    if turn.intent.name in ALWAYS:
        replies = ALWAYS[turn.intent.name](turn)
        if not first or turn.intent.name == "stop":
            return replies
        # A first text that is a crisis gets its resources first; the welcome follows.
        return account.welcome(turn, replies, after=turn.intent.name == "crisis")
    if member.status == "opted_out":
        return []  # only a request to rejoin brings an opted-out member back
    command = preferences.parse(text)
    if first and command is None and intent.name in SMALL_TALK:
        replies = []  # "hi, is this the thing for not texting your ex?": the welcome is the answer
        if len(text.split()) >= safety.REVIEW_WORDS and intent.name == "other":
            safety.review(turn)
    else:
        replies = command(turn) if command is not None else _handler(turn)(turn)
    # A first hello answered by the welcome asks "are you safe?" only when the distress is said in words.
    # Nor of a yes or no to "are you safe?" itself ("police came and took him. im ok"): it was just asked.
    answered_safe = awaiting == "safe" and intent.name in ("yes", "no")
    if not answered_safe and (intent.risk == "distress" or intent.risk == "possible"
                              and not (first and intent.name in SMALL_TALK)):
        replies = safety.possible(turn, replies)
    return account.welcome(turn, replies) if first else replies
