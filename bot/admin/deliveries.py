"""Texts the carrier did not deliver (last 7 days): what the overview's delivery tile counts, and what to do.

A failure leaves the list when an operator dismisses it or sends it again. Only
a scheduled text can be sent again, as a new outbox row due now (the send-time
rules apply), and only if it is not stale and its error is not permanent (the
number is unknown, a landline or has opted out at the carrier). A reply to a
text answered that moment; the member can simply text again.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from peewee import JOIN

from bot import outbox
from bot.admin import metrics, staleness
from bot.admin.security import safe_next
from bot.admin.site import audit, blueprint, now, page_number, paginate
from bot.db import database
from bot.models import Member, Message, ScheduledMessage

# Twilio's error codes on delivery, in an operator's words; PERMANENT ones never succeed on a resend.
MEANINGS = {30003: "unreachable: the phone is off or out of coverage", 30004: "blocked by the member",
            30005: "unknown or inactive number", 30006: "landline or a carrier that cannot take texts",
            30007: "filtered by the carrier as spam", 30008: "unknown carrier error",
            21610: "the member opted out at the carrier (STOP)", 21614: "not a mobile number"}
PERMANENT = frozenset({30004, 30005, 30006, 21610, 21614})


def failures(at):
    return (metrics.delivery_failures(at).select(Message, Member.id, Member.phone)
            .join(Member, on=(Message.member == Member.id))
            .switch(Message).join(ScheduledMessage, JOIN.LEFT_OUTER, on=(Message.scheduled == ScheduledMessage.id))
            .select_extend(ScheduledMessage.id, ScheduledMessage.kind, ScheduledMessage.ref_id,
                           ScheduledMessage.created_at, ScheduledMessage.member, ScheduledMessage.state))


def why_not_resend(messages: list[Message], at) -> dict[int, str | None]:
    """Message id -> why it cannot be sent again (or None: it can), for a page at once (two queries at most)."""
    rows = [m.scheduled for m in messages if m.scheduled_id is not None]
    stale = staleness.stale_reasons(rows, staleness.members_of(rows), at)
    reasons = {}
    for message in messages:
        if message.scheduled_id is None:
            reasons[message.id] = "a reply to a text of that moment"
        elif message.error_code in PERMANENT:
            reasons[message.id] = MEANINGS[message.error_code]
        else:
            reasons[message.id] = stale[message.scheduled_id] and f"stale: {stale[message.scheduled_id]}"
    return reasons


@blueprint.get("/deliveries")
def deliveries():
    at = now()
    page = paginate(failures(at).order_by(Message.created_at.desc(), Message.id.desc()), page_number())
    return render_template("admin/deliveries.html", page=page, blocked=why_not_resend(page.items, at),
                           meanings=MEANINGS, now=at)


def _failure(message_id: int) -> Message:
    found = failures(now()).where(Message.id == message_id).first()
    if found is None:
        abort(404)
    return found


def _back():
    return redirect(safe_next(request.form.get("next"), url_for("admin.deliveries")))


def _dismiss(message_ids: list[int], at) -> int:
    return (Message.update(dismissed_at=at)
            .where(Message.id.in_(message_ids) & Message.dismissed_at.is_null()).execute()) if message_ids else 0


@blueprint.post("/deliveries/<int:message_id>/dismiss")
def dismiss_delivery(message_id: int):
    message = _failure(message_id)
    if _dismiss([message.id], now()):
        audit("dismiss_delivery_failure", member_id=message.member_id, detail=f"message #{message.id} ({message.kind})")
        flash(f"Delivery failure of message #{message.id} dismissed.")
    return _back()


@blueprint.post("/deliveries/<int:message_id>/resend")
def resend(message_id: int):
    """Queue the text again as a new outbox row due now, and take the failure off the list."""
    message, at = _failure(message_id), now()
    blocked = why_not_resend([message], at)[message.id]
    if blocked:
        flash(f"Message #{message.id} was not sent again: {blocked}. Dismiss it instead.", "error")
        return _back()
    member = Member.get_by_id(message.member_id)
    with database.atomic():
        queued = outbox.schedule(member, message.scheduled.kind, message.body, due_at=at, key=f"resend:{message.id}",
                                 now=at, ref_id=message.scheduled.ref_id)
        _dismiss([message.id], at)
    if queued is None:
        flash(f"Message #{message.id} was already sent again.", "error")
        return _back()
    audit("resend_message", member_id=member.id, detail=f"message #{message.id} ({message.kind}) as scheduled #{queued.id}")
    flash(f"Message #{message.id} queued again as scheduled #{queued.id}.")
    return _back()


@blueprint.post("/deliveries/dismiss-unsendable")
def dismiss_unsendable():
    """Dismiss every failure shown that cannot be sent again (stale, permanent, or a reply)."""
    at = now()
    shown = list(failures(at))
    blocked = why_not_resend(shown, at)
    done = sum(_dismiss(chunk, at) for chunk in _chunks([m.id for m in shown if blocked[m.id]]))
    audit("dismiss_delivery_failures", detail=f"{done} dismissed")
    flash(f"{done} delivery failure(s) dismissed; {len(shown) - done} could still be sent again.")
    return _back()


def _chunks(ids: list[int], size: int = 500):
    return (ids[i:i + size] for i in range(0, len(ids), size))

