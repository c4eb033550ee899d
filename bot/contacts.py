"""Contacts between member and spouse: logged without shame, with how they were received.

A report may log several contacts ("texted him 3 times"), an attempt that never connected ("called,
he didn't pick up": no reception to ask about), or necessary contact (kids, money, housing: never
a slip). The spouse reaching out is the signal the advice is about, and is acknowledged warmly.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from bot import urges
from bot.models import Contact
from bot.prepared import create
from bot.prompts import say
from bot.understanding import spouse_contact_told

RECENT = timedelta(hours=24)
NEEDED_ONLY = re.compile(r"^\W*(?:it was |that was |that one was )?(?:needed|necessary)\b")
FEELING_WINDOW = timedelta(hours=6)
AGAIN = re.compile(r"\bagain\b|\bsecond time\b|\banother\b")
ALREADY_TOLD = timedelta(hours=12)  # a spouse contact told in passing this soon after one was logged is that one
MAX_LOGGED = 20  # contacts one text may log ("like 40 times" is logged as 20)
RECEPTION_REPLY = {"glad": "contact.reception_yes", "not_glad": "contact.reception_no",
                   "unsure": "contact.reception_unsure", "no_answer": "contact.reception_no_answer"}


def member_reached_out(turn):
    """The member reached out: log each contact; ask how it was received unless it never connected.

    NEEDED alone marks their latest contact as necessary instead.
    """
    member, now, intent = turn.member, turn.now, turn.intent
    if NEEDED_ONLY.match(turn.text.strip().lower()):  # "needed", "it was needed, about the kids"
        latest = (Contact.select().where((Contact.member == member.id) & (Contact.initiator == "member")
                                         & (Contact.at >= now - RECENT)).order_by(Contact.at.desc()).first())
        if latest is not None:
            Contact.update(needed=True).where((Contact.member == member.id) & (Contact.at == latest.at)
                                              & (Contact.initiator == "member")).execute()
        member.expect(None)
        return [say(member, "contact.needed")]
    times = min(intent.value or 1, MAX_LOGGED)
    reception = "no_answer" if intent.attempt else None
    first = None
    for _ in range(times):
        contact = create(Contact, member=member, at=now, initiator="member", channel=intent.channel,
                                 needed=intent.needed, reception=reception)
        first = first or contact
    urges.contacted(member, now)
    if intent.needed:
        return [say(member, "contact.needed")]
    if intent.attempt:
        member.expect(None)
        return [say(member, "contact.attempt")]
    if intent.answer in RECEPTION_REPLY:  # "called her, she picked up and was nice": nothing left to ask
        Contact.update(reception=intent.answer).where((Contact.member == member.id) & (Contact.at == now)
                                                       & (Contact.initiator == "member")).execute()
        member.expect(None)
        return [say(member, RECEPTION_REPLY[intent.answer])]
    member.expect("reception", first.id, now + RECENT)
    if times > 1:
        return [say(member, "contact.logged_count", count=f"{times} contacts")]
    return [say(member, "contact.logged")]


def reception(turn):
    """How the contact was received, in the member's words: glad, not glad, not sure, or no answer."""
    member, answer = turn.member, turn.intent.answer
    logged = Contact.get_or_none((Contact.id == member.awaiting_ref) & (Contact.member == member.id))
    if logged is not None:  # every contact that one report logged ("texted him 3 times"), not an earlier attempt
        Contact.update(reception=answer).where((Contact.member == member.id) & (Contact.at == logged.at)
                                               & (Contact.id >= logged.id) & (Contact.initiator == "member")
                                               & Contact.reception.is_null()).execute()
    member.expect(None)
    return [say(member, RECEPTION_REPLY[answer])]


def reception_unclear(turn):
    """An answer to "did they seem glad?" that says neither: kept as not sure."""
    return reception(replace(turn, intent=replace(turn.intent, name="reception", answer="unsure")))


def spouse_reached_out(turn):
    """The spouse reached out: recorded, acknowledged warmly, and "how did it feel?" asked."""
    member = turn.member
    for _ in range(min(turn.intent.value or 1, MAX_LOGGED)):  # "he called at 11 and again at 7"
        create(Contact, member=member, at=turn.now, initiator="spouse", channel=turn.intent.channel)
    member.expect("spouse_feeling", until=turn.now + FEELING_WINDOW)
    if member.spouse_name:
        return [say(member, "spouse.contacted_named", name=member.spouse_name)]
    return [say(member, "spouse.contacted")]


def spouse_in_passing(turn):
    """A spouse contact told inside another answer ("Zero, but he sent a long text"): recorded and met
    as its own report, unless one was logged within ALREADY_TOLD ("0 today, she called me, not the other
    way round" is the call already told)."""
    said = spouse_contact_told(turn.text, spouse_name=turn.member.spouse_name)
    if said is None:
        return []
    if not AGAIN.search(turn.text.casefold()) and Contact.select().where(
            (Contact.member == turn.member.id) & (Contact.initiator == "spouse")
            & (Contact.at >= turn.now - ALREADY_TOLD)).exists():
        return []  # "he called again tonight" is a new one
    return spouse_reached_out(replace(turn, intent=said))


def spouse_feeling(turn):
    """How it felt to hear from them: met with warmth, and a word on replying gently."""
    turn.member.expect(None)
    return [say(turn.member, "spouse.feeling")]
