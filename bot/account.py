"""The member's relationship with the service: welcome, consent, opt-out, help, pause, deletion."""

from __future__ import annotations

from datetime import time, timedelta

from bot import localtime, outbox, planner, support
from bot.db import database
from bot.models import (
    CheckIn,
    Contact,
    FlagNote,
    HeldDraft,
    Member,
    Message,
    Reason,
    SafetyFlag,
    ScheduledMessage,
    UrgeEpisode,
)
from bot.prompts import say

DELETE_WINDOW = timedelta(minutes=10)
OPEN_PAUSE = timedelta(days=3650)
DAY = timedelta(days=1)
PAUSE_BACK_AT = time(9, 0)  # a pause "until monday" ends that morning, member time
QUESTION_WINDOW = timedelta(days=2)


def welcome(turn, replies, *, after: bool = False):
    """First contact: who we are, then the help they came for, then the consent question.

    With `after` (a first text that is a crisis) the resources come first and the welcome follows.
    Consent is only ever given in answer to the consent question (member.awaiting == "consent").
    """
    member = turn.member
    if member.status == "opted_out":
        return replies
    member.expect("consent", until=turn.now + QUESTION_WINDOW)  # the last question asked is the one answered
    texts = [say(member, "welcome"), say(member, "welcome.consent")]
    return [*replies, *texts] if after else [texts[0], *replies, texts[1]]


def consent_yes(turn):
    member = turn.member
    member.status, member.consent_at = "active", turn.now
    planner.reschedule(member, turn.now)
    member.expect("baseline", until=turn.now + QUESTION_WINDOW)
    return [say(member, "consent.given", tz=member.timezone), say(member, "onboarding.baseline")]


def yes_unasked(turn):
    """A yes with no question open: consent from a member who has not given it yet (the question may have
    lapsed after a "no" or a side conversation), else an ordinary thanks."""
    if turn.member.consent_at is None and turn.member.status == "new":
        return consent_yes(turn)
    return support.thanks(turn)


def consent_no(turn):
    turn.member.expect(None)
    return [say(turn.member, "consent.needed")]


def consent_unsure(turn):
    """"Maybe, what kind of texts?": say what they are; the question stays open."""
    return [say(turn.member, "consent.unsure")]


def baseline(turn):
    member = turn.member
    member.baseline_weekly = turn.intent.value
    member.expect(None)
    return [say(member, "onboarding.baseline_saved", count=turn.intent.value)]


def count_unsure(turn):
    """"idk", "too many to count": a rough guess is fine; the question stays open."""
    return [say(turn.member, "count.unsure")]


def stop(turn):
    """Opt out and cancel everything pending, confirmed in the member's language; crisis is bot.safety's."""
    outbox.opt_out(turn.member, turn.now, "member texted STOP")
    turn.member.expect(None)
    return [say(turn.member, "stop.confirm.es" if turn.intent.language == "es" else "stop.confirm")]


def start(turn):
    member = turn.member
    member.status = "active" if member.consent_at else "new"
    member.stopped_at = None
    if member.consent_at:
        planner.reschedule(member, turn.now)
    return [say(member, "start.confirm")]


def help_info(turn):
    return [say(turn.member, "help.info")]


def pause(turn):
    member = turn.member
    duration = turn.intent.duration
    topic = turn.intent.topic or ""
    if topic.startswith("until:"):  # "pause until monday": texts come again that morning, their time
        weekday = int(topic[6:])
        # Said on a Monday, "until monday" means the next one.
        start = turn.now + DAY if localtime.local(turn.now, member.timezone).weekday() == weekday else turn.now
        back = localtime.next_local_time(start, member.timezone, PAUSE_BACK_AT, weekday=weekday)
        duration = back - turn.now
    member.paused_until = turn.now + (duration or OPEN_PAUSE)
    outbox.cancel_pending(member.id, turn.now, "member paused",
                          kinds=("urge_followup", "checkin", "weekly", "nudge", "nudge_offer", "taper_offer"))
    if duration is None:
        return [say(member, "pause.confirm_open")]
    until = localtime.describe(member.paused_until, turn.now, member.timezone)
    return [say(member, "pause.confirm", until=until)]


def resume(turn):
    """End a pause; texts that waited it out (a held draft coming back) are due again now."""
    member = turn.member
    member.paused_until = None
    ScheduledMessage.update(due_at=turn.now, updated_at=turn.now).where(
        (ScheduledMessage.member == member.id) & (ScheduledMessage.state == "pending")
        & (ScheduledMessage.last_error == "member paused") & (ScheduledMessage.due_at > turn.now)).execute()
    if member.safety_hold:  # the pause is over, but a person on the team still holds scheduled texts
        return [say(member, "resume.confirm_held")]
    return [say(member, "resume.confirm")]


def ask_delete(turn):
    turn.member.expect("delete", until=turn.now + DELETE_WINDOW)
    return [say(turn.member, "delete.ask")]


def erase(turn):
    """DELETE, confirmed: erase everything about the member, then say so."""
    erase_member(turn.member, turn.now)
    return [say(turn.member, "delete.done")]


def keep(turn):
    """A no to "reply DELETE again to confirm": nothing is erased."""
    turn.member.expect(None)
    return [say(turn.member, "delete.kept")]


def erase_member(member: Member, now) -> None:
    """Erase everything stored about `member`; an opt-out survives, because honouring it needs the number.

    The member row is reset in memory too; the caller saves it (a turn saves its member at the end).
    """
    with database.atomic():
        flags = SafetyFlag.select(SafetyFlag.id).where(SafetyFlag.member == member.id)
        FlagNote.delete().where(FlagNote.flag.in_(flags)).execute()
        for model in (Message, ScheduledMessage, UrgeEpisode, Contact, HeldDraft, CheckIn, SafetyFlag, Reason):
            model.delete().where(model.member == member.id).execute()
        opted_out = member.status == "opted_out"
        fresh = Member(phone=member.phone, channel=member.channel, created_at=now,
                       status="opted_out" if opted_out else "new", stopped_at=member.stopped_at if opted_out else None)
        for field in Member._meta.sorted_fields:
            if field.name not in ("id", "phone"):
                setattr(member, field.name, getattr(fresh, field.name))
