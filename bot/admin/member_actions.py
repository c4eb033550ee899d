"""What an operator can do to a member: pause, resume, send a manual message, erase their data.

Each reuses the domain code the conversation uses (bot.outbox, bot.rules,
bot.account), so a manual message meets the same consent, pause and quiet-hour
rules at send time as any scheduled text; a safety hold, which stops automated
texts, lets it through. Every action is audited; no audit row holds a message body.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from flask import abort, flash, redirect, request, url_for

from bot import account, localtime, outbox, rules
from bot.admin.members import member_page
from bot.admin.site import audit, blueprint, now, settings
from bot.db import database
from bot.inbound import MAX_BODY
from bot.models import Member, ScheduledMessage
from messages.segments import count as segment_count

PAUSES = {"1": timedelta(days=1), "3": timedelta(days=3), "7": timedelta(days=7), "30": timedelta(days=30),
          "open": account.OPEN_PAUSE}
REASONS = {"quiet hours": "the member's quiet hours", "member paused": "the member's pause",
           "daily cap reached": "the daily limit on scheduled texts"}


def _member(member_id: int) -> Member:
    member = Member.get_or_none(Member.id == member_id)
    if member is None:
        abort(404)
    return member


def _back(member: Member):
    return redirect(url_for("admin.member", member_id=member.id))


@blueprint.post("/members/<int:member_id>/pause")
def pause(member_id: int):
    """Pause like the member's own PAUSE: recurring texts are cancelled, requested ones wait."""
    member, at = _member(member_id), now()
    duration = PAUSES.get(request.form.get("days", ""))
    if duration is None:
        abort(400)
    with database.atomic():
        Member.update(paused_until=at + duration).where(Member.id == member.id).execute()
        cancelled = outbox.cancel_pending(member.id, at, "paused by an operator",
                                          kinds=("urge_followup", "checkin", "weekly"))
    audit("pause", member_id=member.id, detail=f"days={request.form['days']}, cancelled={cancelled}")
    flash(f"Paused; {cancelled} scheduled message(s) cancelled.")
    return _back(member)


@blueprint.post("/members/<int:member_id>/resume")
def resume(member_id: int):
    member = _member(member_id)
    Member.update(paused_until=None).where(Member.id == member.id).execute()
    audit("resume", member_id=member.id)
    flash("Resumed: check-ins will be planned again.")
    return _back(member)


def describe_verdict(verdict: rules.Verdict, member: Member, at: datetime) -> str:
    """What will happen to a manual message queued now, in an operator's words."""
    held = " The safety hold stays on for everything else." if member.safety_hold else ""
    if verdict.action == "send":
        return "It will be sent within a minute." + held
    if verdict.action == "defer":
        when = localtime.describe(verdict.until, at, member.timezone)
        why = REASONS.get(verdict.reason, verdict.reason)
        return f"It will wait and be sent {when} member time ({member.timezone}) because of {why}." + held
    if verdict.action == "hold":
        return "It will be held: the member is on a safety hold. It goes out only when an operator releases the hold."
    return f"It cannot be sent: {verdict.reason}."


def preview(member: Member, body: str, at: datetime) -> rules.Verdict:
    """The send-time rules applied as if the message were due now (the row is not saved)."""
    row = ScheduledMessage(member=member, kind="manual", body=body, due_at=at, created_at=at, updated_at=at)
    return rules.check(row, member, at, settings())


@blueprint.post("/members/<int:member_id>/message")
def message(member_id: int):
    """First post: show what will happen. Second post (confirm=yes): queue it through the outbox."""
    member, at = _member(member_id), now()
    body = request.form.get("body", "").strip().replace("\r\n", "\n")
    if not body or len(body) > MAX_BODY:
        flash(f"A message needs between 1 and {MAX_BODY} characters.", "error")
        return _back(member)
    verdict = preview(member, body, at)
    outcome = describe_verdict(verdict, member, at)
    segments = segment_count(body)
    if request.form.get("confirm") != "yes":
        return member_page(member.id, confirm={"body": body, "outcome": outcome, "segments": segments,
                                               "refused": verdict.action == "cancel"})
    if verdict.action == "cancel":
        flash(f"Not queued. {outcome}", "error")
        return _back(member)
    queue_manual(member, body, at)
    audit("send_manual", member_id=member.id, detail=f"{segments.segments} segment(s); {verdict.action}")
    flash(f"Queued. {outcome}")
    return _back(member)


def queue_manual(member: Member, body: str, at: datetime) -> ScheduledMessage:
    """Queue an operator's message through the outbox, due now; a safety hold does not stop it (bot.rules)."""
    return outbox.schedule(member, "manual", body, due_at=at, key=f"manual:{uuid.uuid4().hex}", now=at)


def erase_member(member: Member, at: datetime) -> None:
    """bot.account.erase_member, saved: the same erasure as a member's DELETE, with no reply sent."""
    with database.atomic():
        account.erase_member(member, at)
        member.save()


@blueprint.post("/members/<int:member_id>/delete")
def delete(member_id: int):
    """Erase the member's data; the operator confirms by typing the last four digits of the number."""
    member = _member(member_id)
    if request.form.get("confirm", "").strip() != member.phone[-4:]:
        flash("Not deleted: type the last four digits of the member's number to confirm.", "error")
        return _back(member)
    erase_member(member, now())
    audit("delete_member_data", member_id=member.id)
    flash(f"Member #{member.id}'s data is erased. An opt-out, if any, is kept so they are never texted again.")
    return redirect(url_for("admin.members"))
