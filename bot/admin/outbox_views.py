"""The outbox page: scheduled messages by state, with the reason they are stuck; retry, dismiss or cancel one.

"Needs attention" lists failed and unknown rows, what the overview's tile
counts; each leaves the list when an operator retries it (it goes back to
pending) or dismisses it (cancelled, with who and why). A stale message (see
bot.admin.staleness) is never offered for retry, and retrying one is refused.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from peewee import fn

from bot.admin import staleness
from bot.admin.security import safe_next
from bot.admin.site import audit, blueprint, now, page_number, paginate
from bot.models import Member, ScheduledMessage

SHOWN = ("attention", "failed", "unknown", "pending", "held")
RETRYABLE = ("failed", "unknown")  # what "needs attention" holds
CANCELLABLE = ("pending", "held", *RETRYABLE)
STATES = {"attention": RETRYABLE, "failed": ("failed",), "unknown": ("unknown",), "pending": ("pending",),
          "held": ("held",)}
CHUNK = 500  # rows judged per round of the bulk dismissal


@blueprint.get("/outbox")
def outbox():
    state = request.args.get("state", "attention")
    if state not in SHOWN:
        state = "attention"
    query = (ScheduledMessage.select(ScheduledMessage, Member.id, Member.phone, Member.timezone,
                                     Member.delay_minutes)
             .join(Member).where(ScheduledMessage.state.in_(STATES[state])))
    order = ScheduledMessage.due_at if state in ("pending", "held") else ScheduledMessage.updated_at.desc()
    page = paginate(query.order_by(order, ScheduledMessage.id), page_number())
    counts = dict(ScheduledMessage.select(ScheduledMessage.state, fn.COUNT(ScheduledMessage.id))
                  .where(ScheduledMessage.state.in_(STATES["attention"] + ("pending", "held")))
                  .group_by(ScheduledMessage.state).tuples())
    counts["attention"] = sum(counts.get(s, 0) for s in RETRYABLE)
    at = now()
    stuck = [row for row in page.items if row.state in RETRYABLE]
    stale = staleness.stale_reasons(stuck, {row.member_id: row.member for row in stuck}, at)
    return render_template("admin/outbox.html", page=page, state=state, states=SHOWN, counts=counts, now=at,
                           stale=stale)


def _row(message_id: int) -> ScheduledMessage:
    row = ScheduledMessage.get_or_none(ScheduledMessage.id == message_id)
    if row is None:
        abort(404)
    return row


def _back():
    return redirect(safe_next(request.form.get("next"), url_for("admin.outbox")))


def _stop(row: ScheduledMessage, states: tuple[str, ...], reason: str) -> bool:
    """Cancel `row` if it is still in one of `states`; a row a worker has just claimed is left alone."""
    return bool(ScheduledMessage.update(state="cancelled", last_error=reason, updated_at=now())
                .where((ScheduledMessage.id == row.id) & ScheduledMessage.state.in_(states)).execute())


def _stopped(row: ScheduledMessage, states: tuple[str, ...], reason: str, action: str, done: str, refused: str):
    """`_stop` from an operator's button: audited and flashed when it took, explained when it did not."""
    if _stop(row, states, reason):
        audit(action, member_id=row.member_id, detail=f"scheduled #{row.id} ({row.kind}, was {row.state})")
        flash(f"Scheduled message #{row.id} {done}")
    else:
        flash(f"Scheduled message #{row.id} {refused}", "error")
    return _back()


@blueprint.post("/scheduled/<int:message_id>/cancel")
def cancel(message_id: int):
    """Cancel a message that has not left."""
    row = _row(message_id)
    return _stopped(row, CANCELLABLE, f"cancelled by operator {current_user.email}", "cancel_message",
                    "cancelled.", "was not cancelled: it is being sent or already done.")


@blueprint.post("/scheduled/<int:message_id>/dismiss")
def dismiss(message_id: int):
    """Take a failed or unknown message off the list for good: it will not be sent."""
    row = _row(message_id)
    reason = staleness.stale_reasons([row], staleness.members_of([row]), now())[row.id]
    why = f"obsolete: {reason}" if reason else "no longer needed"
    return _stopped(row, RETRYABLE, f"dismissed by operator {current_user.email} ({why}; was {row.state})",
                    "dismiss_message", "dismissed: it will not be sent.",
                    "was not dismissed: only failed or unknown messages can be.")


@blueprint.post("/outbox/dismiss-stale")
def dismiss_stale():
    """Dismiss every failed or unknown message that is stale (it could not be sent now anyway), a chunk at a time."""
    at, done, kept, last = now(), 0, 0, 0
    while True:
        rows = list(ScheduledMessage.select().where(ScheduledMessage.state.in_(RETRYABLE) & (ScheduledMessage.id > last))
                    .order_by(ScheduledMessage.id).limit(CHUNK))
        if not rows:
            break
        last = rows[-1].id
        reasons = staleness.stale_reasons(rows, staleness.members_of(rows), at)
        stale = [row.id for row in rows if reasons[row.id]]
        kept += len(rows) - len(stale)
        if stale:
            done += (ScheduledMessage.update(state="cancelled", updated_at=at,
                                             last_error=f"dismissed as obsolete by operator {current_user.email}")
                     .where(ScheduledMessage.id.in_(stale) & ScheduledMessage.state.in_(RETRYABLE)).execute())
    audit("dismiss_stale_messages", detail=f"{done} dismissed")
    flash(f"{done} stale message(s) dismissed; {kept} still need a decision.")
    return _back()


@blueprint.post("/scheduled/<int:message_id>/retry")
def retry(message_id: int):
    """Queue a failed or unknown message again, due now, unless it is stale; the send-time rules apply as usual."""
    row, at = _row(message_id), now()
    reason = staleness.stale_reasons([row], staleness.members_of([row]), at)[row.id] if row.state in RETRYABLE else None
    if reason:
        flash(f"Scheduled message #{row.id} was not retried: it is stale ({reason}). Dismiss it instead.", "error")
        return _back()
    done = (ScheduledMessage.update(state="pending", due_at=at, attempts=0, claimed_by=None, updated_at=at,
                                    last_error=f"retry by operator {current_user.email} (was {row.state})")
            .where((ScheduledMessage.id == row.id) & ScheduledMessage.state.in_(RETRYABLE)).execute())
    if done:
        audit("retry_message", member_id=row.member_id, detail=f"scheduled #{row.id} ({row.kind}, was {row.state})")
        flash(f"Scheduled message #{row.id} queued again.")
    else:
        flash(f"Scheduled message #{row.id} was not retried: only failed or unknown messages can be.", "error")
    return _back()
