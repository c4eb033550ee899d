"""The outbox page: scheduled messages by state, with the reason they are stuck; retry or cancel one."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from peewee import fn

from bot.admin.security import safe_next
from bot.admin.site import audit, blueprint, now, page_number, paginate
from bot.models import Member, ScheduledMessage

SHOWN = ("failed", "unknown", "pending", "held")
CANCELLABLE = ("pending", "held", "failed", "unknown")
RETRYABLE = ("failed", "unknown")


@blueprint.get("/outbox")
def outbox():
    state = request.args.get("state", "failed")
    if state not in SHOWN:
        state = "failed"
    query = (ScheduledMessage.select(ScheduledMessage, Member.id, Member.phone, Member.timezone)
             .join(Member).where(ScheduledMessage.state == state))
    order = ScheduledMessage.due_at if state in ("pending", "held") else ScheduledMessage.updated_at.desc()
    page = paginate(query.order_by(order, ScheduledMessage.id), page_number())
    counts = dict(ScheduledMessage.select(ScheduledMessage.state, fn.COUNT(ScheduledMessage.id))
                  .where(ScheduledMessage.state.in_(SHOWN)).group_by(ScheduledMessage.state).tuples())
    return render_template("admin/outbox.html", page=page, state=state, states=SHOWN, counts=counts, now=now())


def _row(message_id: int) -> ScheduledMessage:
    row = ScheduledMessage.get_or_none(ScheduledMessage.id == message_id)
    if row is None:
        abort(404)
    return row


def _back():
    return redirect(safe_next(request.form.get("next"), url_for("admin.outbox")))


@blueprint.post("/scheduled/<int:message_id>/cancel")
def cancel(message_id: int):
    """Cancel a message that has not left; one a worker has just claimed is left alone."""
    row, at = _row(message_id), now()
    done = (ScheduledMessage.update(state="cancelled", last_error=f"cancelled by operator {current_user.email}",
                                    updated_at=at)
            .where((ScheduledMessage.id == row.id) & ScheduledMessage.state.in_(CANCELLABLE)).execute())
    if done:
        audit("cancel_message", member_id=row.member_id, detail=f"scheduled #{row.id} ({row.kind}, was {row.state})")
        flash(f"Scheduled message #{row.id} cancelled.")
    else:
        flash(f"Scheduled message #{row.id} was not cancelled: it is being sent or already done.", "error")
    return _back()


@blueprint.post("/scheduled/<int:message_id>/retry")
def retry(message_id: int):
    """Queue a failed or unknown message again, due now; the send-time rules apply as for any other."""
    row, at = _row(message_id), now()
    done = (ScheduledMessage.update(state="pending", due_at=at, attempts=0, claimed_by=None, updated_at=at,
                                    last_error=f"retry by operator {current_user.email} (was {row.state})")
            .where((ScheduledMessage.id == row.id) & ScheduledMessage.state.in_(RETRYABLE)).execute())
    if done:
        audit("retry_message", member_id=row.member_id, detail=f"scheduled #{row.id} ({row.kind}, was {row.state})")
        flash(f"Scheduled message #{row.id} queued again.")
    else:
        flash(f"Scheduled message #{row.id} was not retried: only failed or unknown messages can be.", "error")
    return _back()
