"""Urge episodes: validate, delay, reflect, follow up, and learn how long the member's urges take to pass."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from bot import outbox
from bot.models import Member, UrgeEpisode
from bot.prompts import say, say_scheduled, speak

MAX_ROUNDS = 3
PASSED_AT_OR_BELOW = 2  # a 1-5 rating this low means the urge has eased
ANSWER_WINDOW = timedelta(hours=3)


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
    _, body = say_scheduled(member, "urge.followup")
    outbox.schedule(member, "urge_followup", body, now + timedelta(minutes=member.delay_minutes),
                    f"urge:{episode.id}:{episode.rounds}", now, ref_id=episode.id)
    member.expect("rating", episode.id, now + timedelta(minutes=member.delay_minutes) + ANSWER_WINDOW)


STRENGTH = re.compile(r"^\W*urg\w*\W+([0-5])\b", re.IGNORECASE)  # "URGE 4": how strong it is before the delay


def open_episode(turn):
    """A new urge: supersede any open one, reply at once, follow up after the member's delay."""
    member, now = turn.member, turn.now
    close(member, "superseded", now)
    strength = STRENGTH.match(turn.text)
    reply = speak(member, "urge.reply", delay=member.delay_minutes)
    # Which wording the member read goes with the episode: the message library reports outcomes by variant.
    episode = UrgeEpisode.create(member=member, opened_at=now, first_rating=int(strength[1]) if strength else None,
                                 prompt_variant=reply.variant, variant_digest=reply.digest,
                                 experiment_id=reply.experiment_id)
    _schedule_followup(member, episode, now)
    return [reply.reply]


def rate(turn):
    """A 1-5 answer to "how strong is it now?": celebrate, go another round, or let go gently."""
    member, now, value = turn.member, turn.now, turn.intent.value
    episode = open_episode_of(member)
    if episode is None:
        return [say(member, "fallback")]
    if value is None or not 0 <= value <= 5:
        return [say(member, "rating.bad")]
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
