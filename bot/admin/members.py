"""The members list and one member's page: timeline, charts, pending messages; revealing a number is audited."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from flask import abort, flash, render_template, request
from peewee import fn

from bot.admin import metrics, outcomes, trends
from bot.admin.site import audit, blueprint, now, page_number, paginate
from bot.models import Contact, HeldDraft, Member, Message, SafetyFlag, ScheduledMessage, UrgeEpisode
from bot.outbox import ACTIVE_STATES

STATUSES = ("new", "active", "opted_out")
TIMELINE_LIMIT = 200  # of each kind of record; the page says when there is more
PENDING_SHOWN = 100  # of the member's unsent messages, soonest first
LIST_FIELDS = (Member.id, Member.phone, Member.channel, Member.status, Member.created_at, Member.consent_at,
               Member.last_inbound_at, Member.paused_until, Member.safety_hold, Member.baseline_weekly)


def member_query(search: str, status: str):
    """Members matching the search box (#id, or digits at the end of the number) and status, latest activity first."""
    query = Member.select(*LIST_FIELDS)
    if status in STATUSES:
        query = query.where(Member.status == status)
    elif status == "held":
        query = query.where(Member.safety_hold)
    elif status == "paused":
        query = query.where(Member.paused_until > now())
    if re.fullmatch(r"#\d{1,9}", search):
        query = query.where(Member.id == int(search[1:]))
    elif search:
        digits = re.sub(r"\D", "", search)[-15:]
        query = query.where(Member.phone.endswith(digits)) if digits else query.where(False)
    return query.order_by(Member.last_inbound_at.desc(nulls="LAST"), Member.id.desc())


@blueprint.get("/members")
def members():
    search, status = request.args.get("q", "").strip()[:20], request.args.get("status", "")
    page = paginate(member_query(search, status), page_number())
    last = metrics.last_outreach([m.id for m in page.items])
    at = now()
    streaks = {m.id: metrics.streak_days(m, last.get(m.id), at) for m in page.items}
    trends = outcomes.week_against_baseline(page.items, at)
    return render_template("admin/members.html", page=page, streaks=streaks, trends=trends, search=search,
                           status=status, statuses=STATUSES, now=at)


@dataclass(frozen=True)
class Event:
    """One line of a member's timeline."""

    at: datetime
    kind: str  # message | urge | contact | draft | flag
    record: object


def timeline(member: Member) -> tuple[list[Event], bool]:
    """Messages, urge episodes, contacts, held drafts and safety flags, newest first; True if some were left off."""
    sources = (
        ("message", Message.select().where(Message.member == member.id)
         .order_by(Message.created_at.desc(), Message.id.desc()), "created_at"),
        ("urge", UrgeEpisode.select().where(UrgeEpisode.member == member.id)
         .order_by(UrgeEpisode.opened_at.desc()), "opened_at"),
        ("contact", Contact.select().where(Contact.member == member.id).order_by(Contact.at.desc()), "at"),
        ("draft", HeldDraft.select().where(HeldDraft.member == member.id).order_by(HeldDraft.created_at.desc()),
         "created_at"),
        ("flag", SafetyFlag.select().where(SafetyFlag.member == member.id).order_by(SafetyFlag.created_at.desc()),
         "created_at"),
    )
    events, truncated = [], False
    for kind, query, attribute in sources:
        rows = list(query.limit(TIMELINE_LIMIT + 1))
        truncated |= len(rows) > TIMELINE_LIMIT
        events += [Event(getattr(row, attribute), kind, row) for row in rows[:TIMELINE_LIMIT]]
    events.sort(key=lambda e: e.at, reverse=True)
    return events, truncated


def rating_chart(events: list[Event]) -> dict:
    """Urge strength at the first follow-up (after the delay) and at the last answer, for recent episodes."""
    rated = [e.record for e in reversed(events) if e.kind == "urge" and e.record.first_rating is not None][-20:]
    return {"id": "ratings", "title": "Urge strength, 1-5: first answer after the delay and last answer",
            "type": "line", "labels": [f"{e.opened_at:%b} {e.opened_at.day}" for e in rated],
            "datasets": [{"label": "after the first delay", "data": [e.first_rating for e in rated]},
                         {"label": "last answer", "data": [e.last_rating for e in rated]}]}


def outreach_chart(weeks: list[trends.Week]) -> dict:
    labels = [f"{w.start:%b} {w.start.day}" for w in weeks]
    return {"id": "member-outreach", "title": "Contacts per week", "type": "bar", "labels": labels,
            "datasets": [{"label": "the member reached out", "data": [w.outreach for w in weeks]},
                         {"label": "the spouse reached out", "data": [w.spouse for w in weeks]},
                         {"label": "urges", "data": [w.urges for w in weeks]}]}


def member_page(member_id: int, *, revealed: bool = False, confirm: dict | None = None, status: int = 200):
    """Render a member's page (shared by the actions that answer with it, such as the reveal)."""
    member = Member.get_or_none(Member.id == member_id)
    if member is None:
        abort(404)
    at = now()
    events, truncated = timeline(member)
    unsent = ScheduledMessage.select().where(
        (ScheduledMessage.member == member.id) & ScheduledMessage.state.in_(ACTIVE_STATES))
    pending = list(unsent.order_by(ScheduledMessage.due_at, ScheduledMessage.id).limit(PENDING_SHOWN + 1))
    if len(pending) > PENDING_SHOWN:
        flash(f"Showing the {PENDING_SHOWN} soonest of {unsent.count()} unsent messages; the outbox page has "
              "them all.", "error")
        pending = pending[:PENDING_SHOWN]
    weeks = trends.member_weeks(member.id, at)
    charts = [outreach_chart(weeks), rating_chart(events)]
    return render_template("admin/member.html", member=member, events=events, truncated=truncated,
                           pending=pending, charts=charts, revealed=revealed, confirm=confirm, now=at,
                           median=metrics.median_minutes(at, member.id), contacts=contact_totals(member),
                           limit=TIMELINE_LIMIT), status


def contact_totals(member: Member) -> dict[str, int]:
    """All-time contacts by who started them (needed ones apart)."""
    rows = (Contact.select(Contact.initiator, Contact.needed, fn.COUNT(Contact.id))
            .where(Contact.member == member.id).group_by(Contact.initiator, Contact.needed).tuples())
    totals = {"member": 0, "spouse": 0, "needed": 0}
    for initiator, needed, count in rows:
        key = "needed" if needed else initiator
        totals[key] = totals.get(key, 0) + count
    return totals


@blueprint.get("/members/<int:member_id>")
def member(member_id: int):
    return member_page(member_id)


@blueprint.post("/members/<int:member_id>/reveal")
def reveal(member_id: int):
    """Show the full number once, in this response only; the reveal is written to the audit log."""
    if not Member.select().where(Member.id == member_id).exists():
        abort(404)
    audit("reveal_phone", member_id=member_id)
    return member_page(member_id, revealed=True)

