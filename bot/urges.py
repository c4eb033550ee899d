"""Urge episodes: validate, delay, reflect, follow up, and learn how long the member's urges take to pass."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta

from bot import outbox, reasons
from bot.models import Member, Message, UrgeEpisode
from bot.prompts import Spoken, note, say, say_scheduled, speak

MAX_ROUNDS = 3
LAST_URGE = "urge.kind"  # in prompt_state: whether the last urge reply asked a question or quoted a reason
REFLECTIVE = ("urge.reply", "urge.again", "urge.question")  # replies that ask a reflective question
KEPT = ("urge.reply", "urge.question")  # their answers are reasons; "what could keep your hands busy?" is not
PASSED_AT_OR_BELOW = 2  # a 1-5 rating this low means the urge has eased


def open_episode_of(member: Member) -> UrgeEpisode | None:
    return (UrgeEpisode.select().where((UrgeEpisode.member == member.id) & (UrgeEpisode.outcome == "open"))
            .order_by(UrgeEpisode.opened_at.desc()).first())


def close(member: Member, outcome: str, now: datetime) -> UrgeEpisode | None:
    """Close the member's open episode (if any) with `outcome` and cancel its follow-ups."""
    episode = open_episode_of(member)
    if episode is None:
        return None
    UrgeEpisode.update(outcome=outcome, closed_at=now).where(UrgeEpisode.id == episode.id).execute()
    outbox.cancel_pending(member.id, now, f"urge episode {outcome}", kinds=("urge_followup",))
    if member.awaiting == "rating":
        member.expect(None)
    episode.outcome, episode.closed_at = outcome, now
    return episode


def _schedule_followup(member: Member, episode: UrgeEpisode, now: datetime) -> None:
    """Queue "how strong is it now?" after the member's delay; until then a reply answers the reflective question."""
    _, body = say_scheduled(member, "urge.followup")
    due = now + timedelta(minutes=member.delay_minutes)
    outbox.schedule(member, "urge_followup", body, due, f"urge:{episode.id}:{episode.rounds}", now, ref_id=episode.id)
    member.expect("reflection", episode.id, due)


STRENGTH = re.compile(r"^\W*urg\w*\W+([0-5])\b", re.IGNORECASE)  # "URGE 4": how strong it is before the delay


def open_episode(turn):
    """A new urge: supersede any open one, reply at once, follow up after the member's delay.

    The reply asks one reflective question; every other urge, once the member has given reasons, it
    quotes one of them instead ("Last time you said: ..."). "Should I text him back?" is answered
    as the question it is.
    """
    member, now = turn.member, turn.now
    close(member, "superseded", now)
    strength = STRENGTH.match(turn.text)
    reply = _urge_reply(member, turn.intent.topic == "reply")
    # Which urge.reply wording the member read goes with the episode: the message library reports
    # outcomes by variant (a reply quoting a reason or answering a question is not one of them).
    measured = reply.kind == "urge.reply"
    episode = UrgeEpisode.create(member=member, opened_at=now, first_rating=int(strength[1]) if strength else None,
                                 prompt_variant=reply.variant if measured else None,
                                 variant_digest=reply.digest if measured else None,
                                 experiment_id=reply.experiment_id if measured else None)
    _schedule_followup(member, episode, now)
    if reply.kind != "urge.reply" and "?" not in reply.text:
        member.expect(None)  # the reflective question's answer is awaited only if this wording asks one
    return [reply.reply]


def _urge_reply(member: Member, asks_about_replying: bool) -> Spoken:
    """The reply to an urge: the question answered, a reason of the member's quoted, or urge.reply."""
    if asks_about_replying:
        return speak(member, "urge.question", delay=member.delay_minutes)
    if member.last_variants().get(LAST_URGE) != "reason" and (reason := reasons.next_reason(member)):
        note(member, LAST_URGE, "reason")
        return speak(member, "urge.reply_reason", delay=member.delay_minutes, reason=reason)
    note(member, LAST_URGE, "question")
    return speak(member, "urge.reply", delay=member.delay_minutes)


def reflect(turn):
    """Any sincere answer to a reflective question is kept as one of the member's reasons."""
    member = turn.member
    asked = (Message.select(Message.body, Message.kind).where(
        (Message.member == member.id) & (Message.direction == "out") & Message.kind.in_(REFLECTIVE))
        .order_by(Message.id.desc()).first())
    if (asked is None or asked.kind in KEPT) and turn.intent.risk is None:  # never keep words that raised a worry
        reasons.keep(member, turn.intent.text or turn.text, asked.body if asked else "", turn.now,
                     episode=member.awaiting_ref if member.awaiting == "reflection" else None)
    member.expect(None)
    return [say(member, "reflection.thanks")]


def passed_on_its_own(turn):
    """"ok i didnt text him, my aunt distracted me": an open urge passed (a 1); with none open, just noted."""
    if open_episode_of(turn.member) is None:
        return [say(turn.member, "thanks.reply")]
    return rate(replace(turn, intent=replace(turn.intent, name="rating", value=1)))


def rate_unsure(turn):
    """"idk" to "how strong is it now?": a gentler way to answer; the question stays open."""
    return [say(turn.member, "rating.unsure")]


def rate(turn):
    """A 1-5 answer to "how strong is it now?": celebrate, go another round, or let go gently."""
    member, now, value = turn.member, turn.now, turn.intent.value
    episode = open_episode_of(member)
    if episode is None:
        return [say(member, "thanks.reply")]  # a number with nothing open to rate: noted, no menu
    if value is None or value < 0:
        return [say(member, "rating.bad")]
    value = max(1, min(value, 5))  # "like a 10" is as strong as it gets
    first = episode.first_rating if episode.first_rating is not None else value
    UrgeEpisode.update(first_rating=first, last_rating=value).where(UrgeEpisode.id == episode.id).execute()
    if value <= PASSED_AT_OR_BELOW:
        close(member, "waited_out", now)
        minutes = max(1, round((now - episode.opened_at).total_seconds() / 60))
        return [say(member, "urge.passed", minutes=minutes)]
    if episode.rounds >= MAX_ROUNDS:
        close(member, "still_strong", now)
        return [say(member, "urge.last")]
    outbox.cancel_pending(member.id, now, "answered before the follow-up", kinds=("urge_followup",),
                          ref_id=episode.id)
    episode.rounds += 1
    UrgeEpisode.update(rounds=episode.rounds).where(UrgeEpisode.id == episode.id).execute()
    _schedule_followup(member, episode, now)
    return [say(member, "urge.again", delay=member.delay_minutes)]


def expire(now: datetime, *, after: timedelta = timedelta(hours=6)) -> int:
    """Quietly close episodes nobody answered; returns how many."""
    stale = UrgeEpisode.select(UrgeEpisode.id, UrgeEpisode.member).where(
        (UrgeEpisode.outcome == "open") & (UrgeEpisode.opened_at < now - after))
    closed = 0
    for episode in stale:
        closed += UrgeEpisode.update(outcome="expired", closed_at=now).where(
            (UrgeEpisode.id == episode.id) & (UrgeEpisode.outcome == "open")).execute()
        outbox.cancel_pending(episode.member_id, now, "urge episode expired", kinds=("urge_followup",),
                              ref_id=episode.id)
    return closed
