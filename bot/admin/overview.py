"""The overview page and the CSV export of aggregate metrics (never a message body, never a number)."""

from __future__ import annotations

import csv
import io

from flask import Response, render_template

from bot.admin import metrics
from bot.admin.site import audit, blueprint, now

CSV_WEEKS = 26
CSV_COLUMNS = ("week_start", "enrolled_members", "new_members", "urges", "waited_out", "waited_out_share",
               "outreach_contacts", "outreach_per_member", "spouse_initiated_contacts", "delivery_failures",
               "opt_outs")


def label(week: metrics.Week) -> str:
    return f"{week.start:%b} {week.start.day}"


def trend_charts(weeks: list[metrics.Week]) -> list[dict]:
    """What admin.js draws with Chart.js: one spec per chart, passed through a data- attribute."""
    labels = [label(w) for w in weeks]

    def rounded(values):
        return [None if v is None else round(v, 2) for v in values]

    return [
        {"id": "outreach", "title": "Outreach per member per week", "type": "line", "labels": labels,
         "datasets": [{"label": "contacts a member started (needed ones excluded) per enrolled member",
                       "data": rounded(w.outreach_per_member for w in weeks)}]},
        {"id": "spouse", "title": "Spouse-initiated contacts per week", "type": "bar", "labels": labels,
         "datasets": [{"label": "contacts the spouse started", "data": [w.spouse for w in weeks]}]},
        {"id": "urges", "title": "Urges per week and how many were waited out", "type": "bar", "labels": labels,
         "datasets": [{"label": "urges", "data": [w.urges for w in weeks]},
                      {"label": "waited out", "data": [w.waited_out for w in weeks]}]},
        {"id": "failures", "title": "Delivery failures and opt-outs per week", "type": "line", "labels": labels,
         "datasets": [{"label": "delivery failures", "data": [w.failures for w in weeks]},
                      {"label": "opt-outs", "data": [w.opt_outs for w in weeks]}]},
    ]


@blueprint.get("/")
def overview():
    at = now()
    weeks = metrics.weeks(at)
    return render_template("admin/overview.html", summary=metrics.overview(at), weeks=weeks,
                           charts=trend_charts(weeks), label=label)


@blueprint.get("/export.csv")
def export():
    """Weekly aggregates for the last six months as CSV; the download is audited."""
    weeks = metrics.weeks(now(), CSV_WEEKS)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for w in weeks:
        writer.writerow((w.start.date().isoformat(), w.members, w.new_members, w.urges, w.waited_out,
                         "" if w.waited_share is None else f"{w.waited_share:.3f}", w.outreach,
                         "" if w.outreach_per_member is None else f"{w.outreach_per_member:.3f}", w.spouse,
                         w.failures, w.opt_outs))
    audit("export_metrics", detail=f"{CSV_WEEKS} weeks")
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=breathing-room-metrics.csv"})
