"""Urge episodes: validate, delay, reflect, follow up, and learn how long the member's urges take to pass."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta

from peewee import fn

from bot import outbox, reasons
from bot.models import Member, Message, ScheduledMessage, UrgeEpisode
from bot.prepared import Prepared, create
from bot.prompts import Spoken, note, say, say_scheduled, speak
from bot.understanding import heavy, logistics_only

MAX_ROUNDS = 3
LAST_URGE = "urge.kind"  # in prompt_state: whether the last urge reply asked a question or quoted a reason
REFLECTIVE = ("urge.reply", "urge.again", "urge.question")  # replies that ask a reflective question
KEPT = ("urge.reply", "urge.question")  # their answers are reasons; "what could keep your hands busy?" is not
PASSED_AT_OR_BELOW = 2  # a 1-5 rating this low means the urge has eased
# A rating tells how long the urge took only when it comes this soon after the member was asked
# (the follow-up, or the end of the delay they were given); later, it only says the urge has passed.
TIMED_WINDOW = timedelta(hours=1)
# A contact reported this soon after an urge was left still strong is how that urge ended.
STILL_STRONG_THEN_CONTACT = timedelta(hours=3)


UNKNOWN = object()
OPEN_EPISODE = Prepared(lambda member_id: UrgeEpisode.select().where(
    (UrgeEpisode.member == member_id) & (UrgeEpisode.outcome == "open")).order_by(UrgeEpisode.opened_at.desc()).limit(1))


def open_episode_of(member: Member) -> UrgeEpisode | None:
    """The member's open urge episode, if any. A member read with `open_episode_id` (bot.inbound reads it with
    the member) and none open then is answered without a query, until this process opens one for them."""
    if member.known("open_episode_id", UNKNOWN) is None:
        return None
    return OPEN_EPISODE.first(member.id)


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


def contacted(member: Member, now: datetime) -> None:
    """The member reached out: their open episode ends as `contacted`, and so does one left `still_strong`
    within STILL_STRONG_THEN_CONTACT ("4. im gonna call him", then "ok i called")."""
    if close(member, "contacted", now) is not None:
        return
    UrgeEpisode.update(outcome="contacted").where(
        (UrgeEpisode.member == member.id) & (UrgeEpisode.outcome == "still_strong")
        & (UrgeEpisode.closed_at >= now - STILL_STRONG_THEN_CONTACT)).execute()


def followup_blocked(member: Member, now: datetime) -> str | None:
    """The note to add when no follow-up can come after the member's delay (a safety hold, a pause), else None."""
    if member.safety_hold:
        return "held.note"
    due = now + timedelta(minutes=member.delay_minutes)
    return "paused.note" if member.paused_until is not None and member.paused_until > due else None


def _schedule_followup(member: Member, episode: UrgeEpisode, now: datetime) -> None:
    """Queue "how strong is it now?" after the member's delay; until then a reply answers the reflective
    question. When nothing scheduled may reach them then (a pause, a safety hold), nothing is queued and
    their next text is read as how strong the urge is, as the note added to the reply asks."""
    due = now + timedelta(minutes=member.delay_minutes)
    if followup_blocked(member, now) is not None:
        member.expect("rating", episode.id, due + TIMED_WINDOW)  # the note asks them to say how strong it is
        return
    _, body = say_scheduled(member, "urge.followup")
    outbox.schedule(member, "urge_followup", body, due, f"urge:{episode.id}:{episode.rounds}", now, ref_id=episode.id)
    member.expect("reflection", episode.id, due)


def urge(turn):
    """An urge text: `open_episode`'s reply, and a plain word when no follow-up will come (paused, held). A
    practical contact the member asks leave for is not an urge: it is answered as the advice does."""
    if logistics_only(turn.text):
        return [say(turn.member, "urge.logistics")]
    replies = open_episode(turn)
    note = followup_blocked(turn.member, turn.now)
    return [*replies, say(turn.member, note)] if note else replies


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
    episode = create(UrgeEpisode, member=member, opened_at=now, first_rating=int(strength[1]) if strength else None,
                                 prompt_variant=reply.variant if measured else None,
                                 variant_digest=reply.digest if measured else None,
                                 experiment_id=reply.experiment_id if measured else None)
    member.forget("open_episode_id")
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
    """A sincere answer to a reflective question is kept as one of the member's reasons and the member is told
    so; words that raised a worry, or despair, are met with warmth and never kept (a reason is quoted back at a
    later urge). An answer to a question that does not ask for reasons ("what could keep your hands busy?")
    is thanked and not kept."""
    member = turn.member
    asked = (Message.select(Message.body, Message.kind).where(
        (Message.member == member.id) & (Message.direction == "out") & Message.kind.in_(REFLECTIVE))
        .order_by(Message.id.desc()).first())
    episode = member.awaiting_ref if member.awaiting == "reflection" else None
    member.expect(None)
    if turn.intent.risk is not None or heavy(turn.text):
        return [say(member, "reflection.heard")]
    if asked is None or asked.kind in KEPT:
        reasons.keep(member, turn.intent.text or turn.text, asked.body if asked else "", turn.now, episode=episode)
        return [say(member, "reflection.thanks")]
    return [say(member, "reflection.noted")]


def passed_on_its_own(turn):
    """"ok i didnt text him, my aunt distracted me": an open urge passed (a 1); with none open, just noted."""
    if open_episode_of(turn.member) is None:
        return [say(turn.member, "thanks.reply")]
    return rate(replace(turn, intent=replace(turn.intent, name="rating", value=1)))


def rate_unsure(turn):
    """"idk" to "how strong is it now?": a gentler way to answer; the question stays open."""
    return [say(turn.member, "rating.unsure")]


def asked_at(member: Member, episode: UrgeEpisode) -> datetime:
    """When the member was last asked how strong the urge is: the latest follow-up sent for the episode,
    else the end of the delay the urge reply gave them."""
    raw = (ScheduledMessage.select(fn.MAX(ScheduledMessage.sent_at))
           .where((ScheduledMessage.ref_id == episode.id) & (ScheduledMessage.member == member.id)
                  & (ScheduledMessage.kind == "urge_followup") & (ScheduledMessage.state == "sent")).scalar())
    sent = ScheduledMessage.sent_at.python_value(raw) if raw is not None else None
    return sent or episode.opened_at + timedelta(minutes=member.delay_minutes)


def timed_minutes(member: Member, episode: UrgeEpisode, now: datetime) -> int | None:
    """Minutes from the urge to a rating at `now`, or None when the rating came outside its window
    (a rating the next morning says the urge passed, not that it took 750 minutes)."""
    if now > asked_at(member, episode) + TIMED_WINDOW:
        return None
    return max(1, round((now - episode.opened_at).total_seconds() / 60))


def _rated_episode(member: Member) -> UrgeEpisode | None:
    """The episode a rating is about: the open one, or the one the member was asked about if it has
    expired while the question was still open."""
    episode = open_episode_of(member)
    if episode is None and member.awaiting == "rating" and member.awaiting_ref is not None:
        episode = UrgeEpisode.get_or_none((UrgeEpisode.id == member.awaiting_ref) & (UrgeEpisode.member == member.id)
                                          & (UrgeEpisode.outcome == "expired"))
    return episode


def _close_rated(member: Member, episode: UrgeEpisode, outcome: str, now: datetime, minutes: int | None) -> None:
    if episode.outcome == "open":
        close(member, outcome, now)
    else:
        member.expect(None)
    UrgeEpisode.update(outcome=outcome, closed_at=now, minutes=minutes).where(UrgeEpisode.id == episode.id).execute()


def rate(turn):
    """A 1-5 answer to "how strong is it now?": celebrate, go another round, or let go gently.

    Only a rating within its window (TIMED_WINDOW) counts toward how long the member's urges take; a
    late low one is celebrated without a number, and a late strong one is a new wave.
    """
    member, now, value = turn.member, turn.now, turn.intent.value
    episode = _rated_episode(member)
    if episode is None:
        return [say(member, "thanks.reply")]  # a number with nothing open to rate: noted, no menu
    if value is None or value < 0:
        return [say(member, "rating.bad")]
    value = max(1, min(value, 5))  # "like a 10" is as strong as it gets
    minutes = timed_minutes(member, episode, now)
    if value > PASSED_AT_OR_BELOW and minutes is None:
        return urge(turn)
    first = episode.first_rating if episode.first_rating is not None else value
    UrgeEpisode.update(first_rating=first, last_rating=value).where(UrgeEpisode.id == episode.id).execute()
    if value <= PASSED_AT_OR_BELOW:
        _close_rated(member, episode, "waited_out", now, minutes)
        return [say(member, "urge.passed", minutes=minutes) if minutes else say(member, "urge.passed_late")]
    if episode.rounds >= MAX_ROUNDS:
        close(member, "still_strong", now)
        return [say(member, "urge.last")]
    outbox.cancel_pending(member.id, now, "answered before the follow-up", kinds=("urge_followup",),
                          ref_id=episode.id)
    episode.rounds += 1
    UrgeEpisode.update(rounds=episode.rounds).where(UrgeEpisode.id == episode.id).execute()
    _schedule_followup(member, episode, now)
    note = followup_blocked(member, now)
    return [say(member, "urge.again", delay=member.delay_minutes), *([say(member, note)] if note else [])]


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
