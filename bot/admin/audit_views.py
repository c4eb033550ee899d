"""The audit log page: every operator action, newest first."""

from __future__ import annotations

from flask import render_template, request
from peewee import fn

from bot.admin.models import AuditLog
from bot.admin.site import blueprint, page_number, paginate


@blueprint.get("/audit")
def audit_log():
    action, member_id = request.args.get("action", ""), request.args.get("member", type=int)
    query = AuditLog.select()
    if action:
        query = query.where(AuditLog.action == action)
    if member_id is not None:
        query = query.where(AuditLog.member_id == member_id)
    page = paginate(query.order_by(AuditLog.at.desc(), AuditLog.id.desc()), page_number(), size=100)
    actions = [a for (a,) in AuditLog.select(fn.DISTINCT(AuditLog.action)).order_by(AuditLog.action).tuples()]
    return render_template("admin/audit.html", page=page, action=action, member_id=member_id, actions=actions)
