"""Would a stuck scheduled message still make sense if it went out now? For a whole page of rows at once.

The same tests as the worker's send-time rules (bot.rules.OBSOLETE: an urge
follow-up whose episode closed or is hours old, a check-in for an earlier day
or already answered, a draft no longer held, a weekly summary a day late), but
read with at most three queries for any number of rows instead of one per row.
tests/test_admin_problems.py checks that both always agree. An operator is
never offered a retry of a stale message, and the retry itself refuses one.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot import localtime, rules
from bot.models import CheckIn, HeldDraft, Member, ScheduledMessage, UrgeEpisode

WEEKLY_LATE = timedelta(days=1)


def _by_id(model, rows, kind: str, *fields) -> dict:
    # One query per kind even when no row needs it, so a page's statement count does not depend on its rows.
    ids = sorted({row.ref_id for row in rows if row.kind == kind and row.ref_id is not None})
    return {record.id: record for record in model.select(model.id, *fields).where(model.id.in_(ids))}


def stale_reasons(rows: list[ScheduledMessage], members: dict[int, Member], now: datetime) -> dict[int, str | None]:
    """Row id -> why the row is stale (the worker's own words), or None when it could still be sent.

    `members` maps each row's member id to a Member with delay_minutes and timezone loaded.
    """
    episodes = _by_id(UrgeEpisode, rows, "urge_followup", UrgeEpisode.outcome)
    drafts = _by_id(HeldDraft, rows, "hold_return", HeldDraft.state)
    checkins = _by_id(CheckIn, rows, "checkin", CheckIn.local_date, CheckIn.answered_at)
    reasons = {}
    for row in rows:
        member = members[row.member_id]
        reason = None
        if row.kind == "urge_followup":
            episode = episodes.get(row.ref_id)
            if episode is None or episode.outcome != "open":
                reason = "urge episode already closed"
            elif now - row.created_at > timedelta(minutes=member.delay_minutes) + rules.FOLLOWUP_WINDOW:
                reason = "follow-up too late to be useful"
        elif row.kind == "hold_return":
            draft = drafts.get(row.ref_id)
            reason = None if draft is not None and draft.state == "held" else "draft no longer held"
        elif row.kind == "checkin":
            checkin = checkins.get(row.ref_id)
            if checkin is None or checkin.answered_at is not None:
                reason = "check-in already answered"
            elif localtime.local(now, member.timezone).date().isoformat() != checkin.local_date:
                reason = "check-in was for an earlier day"
        elif row.kind == "weekly" and now - row.created_at > WEEKLY_LATE:
            reason = "weekly summary more than a day late"
        reasons[row.id] = reason
    return reasons


def members_of(rows: list[ScheduledMessage]) -> dict[int, Member]:
    """The members the staleness test needs for `rows`, in one query."""
    ids = sorted({row.member_id for row in rows})  # queried even when empty: a page's statement count stays fixed
    fields = (Member.id, Member.delay_minutes, Member.timezone)
    return {m.id: m for m in Member.select(*fields).where(Member.id.in_(ids))}
