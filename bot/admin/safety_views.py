"""The safety queue: flagged conversations, newest first, with the texts that raised them.

An operator acknowledges a flag (someone is on it), resolves it with a note,
and, as a separate explicit step, releases the member's safety hold so their
held messages go back in the queue.
"""

from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from peewee import JOIN

from bot import outbox
from bot.admin.security import safe_next
from bot.admin.site import audit, blueprint, now, settings
from bot.db import database
from bot.models import Member, Message, SafetyFlag

RESOLVED_SHOWN = 20
OPEN_SHOWN = 200  # oldest unresolved first would hide new ones; newest first, and the page says how many more
NOTE_LIMIT = 2000
# What each kind of flag means (safety_flag.danger), in an operator's words.
DANGERS = {"self": "danger to self", "other": "fear of another person", "both": "danger to self and fear of another",
           "review": "unclear text: please read", "possible": "possible distress: asked whether they are safe"}


def _flags(states: tuple[str, ...], limit: int | None = None):
    query = (SafetyFlag.select(SafetyFlag, Member, Message)
             .join(Member, on=(SafetyFlag.member == Member.id))
             .switch(SafetyFlag).join(Message, JOIN.LEFT_OUTER, on=(SafetyFlag.message == Message.id))
             .where(SafetyFlag.state.in_(states))
             .order_by(SafetyFlag.created_at.desc(), SafetyFlag.id.desc()))
    return list(query.limit(limit) if limit else query)


@blueprint.get("/safety")
def safety():
    """Unresolved flags (at most OPEN_SHOWN, newest first, each with its age; one nobody took on within the
    alert time stands out) and the latest resolved ones."""
    unresolved = ("open", "acknowledged")
    open_flags = _flags(unresolved, OPEN_SHOWN + 1)
    if len(open_flags) > OPEN_SHOWN:
        total = SafetyFlag.select().where(SafetyFlag.state.in_(unresolved)).count()
        flash(f"Showing the newest {OPEN_SHOWN} of {total} unresolved flags: resolve these to see the rest.",
              "error")
    minutes = settings().flag_alert_minutes
    return render_template("admin/safety.html", open_flags=open_flags[:OPEN_SHOWN],
                           resolved=_flags(("resolved",), RESOLVED_SHOWN), now=now(), dangers=DANGERS,
                           alert=timedelta(minutes=minutes), alert_minutes=minutes)


def _flag(flag_id: int) -> SafetyFlag:
    flag = SafetyFlag.get_or_none(SafetyFlag.id == flag_id)
    if flag is None:
        abort(404)
    return flag


def _note() -> str:
    return request.form.get("note", "").strip()[:NOTE_LIMIT]


@blueprint.post("/safety/<int:flag_id>/acknowledge")
def acknowledge(flag_id: int):
    flag, note = _flag(flag_id), _note()
    changes = {"state": "acknowledged"} | ({"note": note} if note else {})
    if SafetyFlag.update(**changes).where((SafetyFlag.id == flag.id) & (SafetyFlag.state == "open")).execute():
        audit("acknowledge_flag", member_id=flag.member_id, detail=f"flag #{flag.id}")
        flash(f"Flag #{flag.id} acknowledged: you are on it.")
    else:
        flash(f"Flag #{flag.id} was already acknowledged or resolved.", "error")
    return redirect(url_for("admin.safety"))


@blueprint.post("/safety/<int:flag_id>/resolve")
def resolve(flag_id: int):
    """Resolving needs a note saying what was done; the member's hold stays until released."""
    flag, note = _flag(flag_id), _note()
    if not note:
        flash("Write a note saying what was done before resolving the flag.", "error")
        return redirect(url_for("admin.safety"))
    done = (SafetyFlag.update(state="resolved", note=note, resolved_at=now())
            .where((SafetyFlag.id == flag.id) & (SafetyFlag.state != "resolved")).execute())
    if done:
        audit("resolve_flag", member_id=flag.member_id, detail=f"flag #{flag.id}")
        flash(f"Flag #{flag.id} resolved. The member stays on hold until you release the hold.")
    else:
        flash(f"Flag #{flag.id} was already resolved.", "error")
    return redirect(url_for("admin.safety"))


@blueprint.post("/members/<int:member_id>/release")
def release(member_id: int):
    """End a member's safety hold: their held messages go back in the queue, check-ins resume."""
    member = Member.get_or_none(Member.id == member_id)
    if member is None:
        abort(404)
    at = now()
    with database.atomic():
        Member.update(safety_hold=False).where(Member.id == member.id).execute()
        released = outbox.release_held(member.id, at)
    audit("release_hold", member_id=member.id, detail=f"{released} message(s) released")
    flash(f"Safety hold released for member #{member.id}; {released} held message(s) back in the queue.")
    return redirect(safe_next(request.form.get("next"), url_for("admin.member", member_id=member.id)))
