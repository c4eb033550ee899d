"""Contacts between member and spouse: logged without shame, with how they were received."""

from __future__ import annotations

from datetime import timedelta

from bot import urges
from bot.models import Contact
from bot.prompts import say

RECENT = timedelta(hours=24)
RECEPTION = {"yes": "glad", "no": "not_glad", "other": "unsure"}


def member_reached_out(turn):
    """The member reached out. NEEDED alone marks their latest contact as necessary instead."""
    member, now, intent = turn.member, turn.now, turn.intent
    if turn.text.strip(" .!").lower() == "needed":
        latest = (Contact.select().where((Contact.member == member.id) & (Contact.initiator == "member")
                                         & (Contact.at >= now - RECENT)).order_by(Contact.at.desc()).first())
        if latest is not None:
            Contact.update(needed=True).where(Contact.id == latest.id).execute()
            member.expect(None)
            return [say(member, "contact.needed")]
    contact = Contact.create(member=member, at=now, initiator="member", channel=intent.channel, needed=intent.needed)
    urges.close(member, "contacted", now)
    if intent.needed:
        return [say(member, "contact.needed")]
    member.expect("reception", contact.id, now + RECENT)
    return [say(member, "contact.logged")]


def reception(turn):
    """YES / NO / NOT SURE to "did they seem glad to hear from you?"."""
    member, intent = turn.member, turn.intent
    if intent.name == "other" and not intent.unsure:
        member.expect(None)
        return [say(member, "fallback")]
    answer = RECEPTION[intent.name]
    Contact.update(reception=answer).where((Contact.id == member.awaiting_ref) & (Contact.member == member.id)).execute()
    member.expect(None)
    return [say(member, {"glad": "contact.reception_yes", "not_glad": "contact.reception_no",
                         "unsure": "contact.reception_unsure"}[answer])]


def spouse_reached_out(turn):
    """The spouse reached out: the signal the advice is about, acknowledged warmly."""
    member = turn.member
    Contact.create(member=member, at=turn.now, initiator="spouse", channel=turn.intent.channel)
    if member.spouse_name:
        return [say(member, "spouse.contacted_named", name=member.spouse_name)]
    return [say(member, "spouse.contacted")]
