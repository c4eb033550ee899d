"""Send-time rules: what the outbox does with a due row, decided as of `now`.

Consent, safety holds, pauses, staleness, quiet hours and the daily cap are
all judged when a message is about to leave, never when it was planned.
Essential replies (`is_essential`) are exempt from every one of them. Quiet
hours have two exceptions: the follow-up to an urge the member texted about
in the last hour, and a recurring text at an evening time the member chose.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from peewee import fn

from bot import localtime
from bot.bulk import any_of
from bot.db import database
from bot.models import CheckIn, HeldDraft, Member, ScheduledMessage, UrgeEpisode

URGE_EXCEPTION_WINDOW = timedelta(minutes=60)
# A time the member chose for a recurring text (TIME 9pm, yes to a note before a hard hour) is honoured
# in the first hours of their quiet range, their evening; later than that is their night.
EVENING_GRACE = timedelta(hours=3)
CHOSEN_LATE = timedelta(minutes=60)  # how late a text at a chosen time may still break quiet hours

# The one definition of an essential reply: crisis resources (every language and
# variant), the "are you safe?" check, and the compliance answers to STOP, START
# and HELP. Whichever path carries one (TwiML, spool, outbox), it is never held,
# deferred, capped, loop-protected or cancelled by the member's own state.
ESSENTIAL_PREFIXES = ("crisis.", "safety.")
ESSENTIAL_KINDS = ("stop.confirm", "start.confirm", "help.info")


def is_essential(kind: str | None) -> bool:
    """True when a reply of prompt kind `kind` must always go out at once."""
    return bool(kind) and (kind.startswith(ESSENTIAL_PREFIXES) or kind in ESSENTIAL_KINDS)


def essential_row(row: ScheduledMessage) -> bool:
    """An outbox row carrying an essential reply (its prompt kind is kept in `prompt_kind`)."""
    return is_essential(row.prompt_kind)


def not_essential():
    """SQL over ScheduledMessage: the rows `essential_row` is False for (NULL prompt kinds included)."""
    field = ScheduledMessage.prompt_kind
    essential = field.in_(ESSENTIAL_KINDS)
    for prefix in ESSENTIAL_PREFIXES:
        essential |= field.startswith(prefix)
    return field.is_null() | ~essential
FOLLOWUP_WINDOW = timedelta(hours=3)


def _minutes(at: time) -> int:
    return at.hour * 60 + at.minute


def chosen_time_allowed(at: time, hours: tuple[time, time]) -> bool:
    """True when a recurring text at local `at`, chosen by the member, may come: outside quiet hours,
    or in their evening (the first EVENING_GRACE of the quiet range)."""
    if not localtime.in_range(at, *hours):
        return True
    return (_minutes(at) - _minutes(hours[0])) % 1440 <= EVENING_GRACE.total_seconds() // 60


def nearest_allowed(at: time, hours: tuple[time, time]) -> time:
    """The allowed local time nearest `at` (inside the night): the end of the evening grace or the morning."""
    latest = (_minutes(hours[0]) + int(EVENING_GRACE.total_seconds() // 60)) % 1440
    after_evening = (_minutes(at) - latest) % 1440
    before_morning = (_minutes(hours[1]) - _minutes(at)) % 1440
    pick = latest if after_evening <= before_morning else _minutes(hours[1])
    return time(pick // 60, pick % 60)


def _chosen_time(row: ScheduledMessage, member: Member, now: datetime, hours: tuple[time, time]) -> bool:
    """A check-in or a note before a hard hour, sent within CHOSEN_LATE of the evening time the member chose."""
    chosen = {"checkin": member.checkin_time, "nudge": member.nudge_at}.get(row.kind)
    if not chosen:
        return False
    hour, minute = map(int, chosen.split(":"))
    at = time(hour, minute)
    if not chosen_time_allowed(at, hours):
        return False
    late = (_minutes(localtime.local(now, member.timezone).time()) - _minutes(at)) % 1440
    return late < CHOSEN_LATE.total_seconds() // 60


@dataclass(frozen=True)
class Verdict:
    action: str  # send | defer | cancel | hold
    reason: str | None = None
    until: datetime | None = None


SEND = Verdict("send")


def _urge_followup_obsolete(row: ScheduledMessage, member: Member, now: datetime) -> str | None:
    episode = UrgeEpisode.get_or_none(UrgeEpisode.id == row.ref_id)
    if episode is None or episode.outcome != "open":
        return "urge episode already closed"
    # Measured from when it was planned: due_at moves when quiet hours defer it.
    if now - row.created_at > timedelta(minutes=member.delay_minutes) + FOLLOWUP_WINDOW:
        return "follow-up too late to be useful"
    return None


def _hold_return_obsolete(row: ScheduledMessage, member: Member, now: datetime) -> str | None:
    draft = HeldDraft.get_or_none(HeldDraft.id == row.ref_id)
    return None if draft is not None and draft.state == "held" else "draft no longer held"


def _checkin_obsolete(row: ScheduledMessage, member: Member, now: datetime) -> str | None:
    checkin = CheckIn.get_or_none(CheckIn.id == row.ref_id)
    if checkin is None or checkin.answered_at is not None:
        return "check-in already answered"
    if localtime.local(now, member.timezone).date().isoformat() != checkin.local_date:
        return "check-in was for an earlier day"
    return None


def _weekly_obsolete(row: ScheduledMessage, member: Member, now: datetime) -> str | None:
    return "weekly summary more than a day late" if now - row.created_at > timedelta(days=1) else None


NUDGE_LATE = timedelta(minutes=30)


def _nudge_obsolete(row: ScheduledMessage, member: Member, now: datetime) -> str | None:
    """A note before the member's usual hour helps only before it; not when they are already texting."""
    if now - row.due_at > NUDGE_LATE:
        return "note before a hard hour too late to help"
    if member.last_inbound_at is not None and now - member.last_inbound_at < URGE_EXCEPTION_WINDOW:
        return "member texted in the last hour"
    return None


# Which rows can go stale, and how to tell. Kinds not listed never go stale.
OBSOLETE = {
    "urge_followup": _urge_followup_obsolete,
    "hold_return": _hold_return_obsolete,
    "checkin": _checkin_obsolete,
    "weekly": _weekly_obsolete,
    "nudge": _nudge_obsolete,
    "nudge_offer": _weekly_obsolete,
    "taper_offer": _weekly_obsolete,
}

ANSWER_WINDOW = timedelta(hours=12)


def _expect(what: str):
    def after(row: ScheduledMessage, now: datetime) -> None:
        # Only while the row is still there: a member erased between the send and its record has nothing to
        # answer (their member row survives the erasure, reset).
        still_there = ScheduledMessage.select(ScheduledMessage.id).where(ScheduledMessage.id == row.id)
        Member.update(awaiting=what, awaiting_ref=row.ref_id, awaiting_until=now + ANSWER_WINDOW).where(
            (Member.id == row.member_id) & fn.EXISTS(still_there)).execute()
    return after


def _draft_returned(row: ScheduledMessage, now: datetime) -> None:
    HeldDraft.update(state="returned").where((HeldDraft.id == row.ref_id) & (HeldDraft.state == "held")).execute()
    _expect("draft_ready")(row, now)  # "SHOW" (or a decision, when the draft was shown in full)


# What a sent message asks the member, so their next text is read as the answer.
AFTER_SEND = {
    "urge_followup": _expect("rating"),
    "checkin": _expect("checkin"),
    "hold_return": _draft_returned,
    "nudge_offer": _expect("nudge"),
    "taper_offer": _expect("taper"),
}

# Kinds that answer something the member just asked for (an urge, a held
# draft); they need no standing consent. Recurring texts do.
REQUESTED = ("urge_followup", "hold_return", "reply")

# Replies to the member's own texts (spooled ones, or ones too late for TwiML):
# answers, not nudges, so safety holds, pauses and the daily cap do not apply.
REPLIES = ("reply",)
# Kinds a safety hold does not stop: a reply answers the member, and an operator's
# own message ("manual") is a person reaching out, not an automated text.
THROUGH_SAFETY_HOLD = (*REPLIES, "manual")

# Kinds that wait out a pause instead of being dropped: the member asked for them.
SURVIVES_PAUSE = ("hold_return", "manual")


# Kinds that may break quiet hours when the member texted in the last hour:
# the follow-up to their urge, and a reply to a text that had to be spooled.
ANSWERS_A_TEXT = ("urge_followup", "reply")

# Kinds worth sending only at their moment: the daily cap drops them instead of deferring them to
# tomorrow, and a note before a hard hour is dropped by quiet hours too (an urge follow-up waits, then lapses).
DROPPED_AT_CAP = ("urge_followup", "nudge")
DROPPED_IN_QUIET = ("nudge",)


def _urge_exception(row: ScheduledMessage, member: Member, now: datetime) -> bool:
    """The follow-up to an urge the member texted about in the last hour may break quiet hours."""
    return (
        row.kind in ANSWERS_A_TEXT
        and member.last_inbound_at is not None
        and now - member.last_inbound_at <= URGE_EXCEPTION_WINDOW
    )


def _midnight(member: Member, now: datetime) -> datetime:
    here = localtime.local(now, member.timezone)
    return here.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(ZoneInfo("UTC"))


def sent_today(member: Member, now: datetime) -> int:
    """Scheduled messages (replies not counted) already sent to the member since their local midnight."""
    return sent_today_by_member([member], now).get(member.id, 0)


def sent_today_by_member(members, now: datetime) -> dict[int, int]:
    """`sent_today` for many members in one query: counted by the database, one part per distinct midnight."""
    by_midnight: dict[datetime, list[int]] = {}
    for member in members:
        by_midnight.setdefault(_midnight(member, now), []).append(member.id)
    if not by_midnight:
        return {}
    mark, sql, params = database.obj.param, [], []
    replies, kinds = any_of(REPLIES)
    for midnight, ids in by_midnight.items():  # UNION ALL: one statement however many midnights
        among, these = any_of(ids)
        sql.append(f'SELECT "member_id", COUNT(*) FROM "scheduled_message" WHERE "member_id" {among} '
                   f'AND "state" = \'sent\' AND NOT ("kind" {replies}) AND "sent_at" >= {mark} GROUP BY "member_id"')
        params += [these, kinds, ScheduledMessage.sent_at.db_value(midnight)]
    return dict(database.execute_sql(" UNION ALL ".join(sql), params).fetchall())


def member_allows(row: ScheduledMessage, now: datetime):
    """SQL over Member: the member's current row still lets `row` go at `now`.

    The outbox puts it in the UPDATE that renews a claim, so an opt-out, a
    safety hold or a pause that landed after the row was claimed still stops it.
    """
    allowed = Member.id == row.member_id
    if essential_row(row):
        return allowed
    allowed &= Member.status != "opted_out"
    if row.kind not in THROUGH_SAFETY_HOLD:
        allowed &= ~Member.safety_hold
    if row.kind not in REPLIES:
        allowed &= Member.paused_until.is_null() | (Member.paused_until <= now)
    return allowed


def check(row: ScheduledMessage, member: Member, now: datetime, settings, *,
          already_sent: int | None = None) -> Verdict:
    """Decide whether `row` may go to `member` at `now` (`already_sent` today, when the caller has counted).

    An essential reply is always sent, whatever the member's state or the hour.
    """
    if essential_row(row):
        return SEND
    if member.status == "opted_out":
        return Verdict("cancel", "member opted out")
    if member.consent_at is None and row.kind not in REQUESTED:
        return Verdict("cancel", "member has not consented to scheduled messages")
    if member.safety_hold and row.kind not in THROUGH_SAFETY_HOLD:
        return Verdict("hold", "safety hold: waiting for an operator")
    if member.paused_until is not None and member.paused_until > now and row.kind not in REPLIES:
        if row.kind in SURVIVES_PAUSE:
            return Verdict("defer", "member paused", member.paused_until)
        return Verdict("cancel", "member paused")
    stale = OBSOLETE.get(row.kind)
    reason = stale(row, member, now) if stale else None
    if reason:
        return Verdict("cancel", reason)
    hours = localtime.member_hours(member.quiet_hours, settings.quiet_hours)
    if (localtime.is_quiet(now, member.timezone, hours) and not _urge_exception(row, member, now)
            and not _chosen_time(row, member, now, hours)):
        if row.kind in DROPPED_IN_QUIET:
            return Verdict("cancel", "quiet hours")
        return Verdict("defer", "quiet hours", localtime.next_allowed(now, member.timezone, hours))
    if row.kind in REPLIES:
        return SEND
    if already_sent is None:
        already_sent = sent_today(member, now)
    if already_sent >= settings.daily_scheduled_cap:
        if row.kind in DROPPED_AT_CAP:
            return Verdict("cancel", "daily cap reached")
        tomorrow = localtime.next_local_time(now, member.timezone, hours[1])
        return Verdict("defer", "daily cap reached", tomorrow)
    return SEND
