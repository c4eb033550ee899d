"""The overview page (outcomes first, then what needs attention) and the CSV export of weekly aggregates.

The export carries aggregates only: never a message body, never a number.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from flask import Response, render_template

from bot.admin import metrics, outcomes, trends
from bot.admin.site import audit, blueprint, now, settings

CSV_WEEKS = 26
RECEPTION_WEEKS = 4  # the reception tile sums the latest four weeks: a single week has few answers
RECEPTION_LABELS = {"glad": "glad", "not_glad": "not glad", "unsure": "not sure",
                    "no_answer": "no answer (did not connect)", None: "never said"}
CSV_COLUMNS = ("week_start", "enrolled_members", "new_members", "urges", "urges_per_member", "waited_out",
               "waited_out_share", "outreach_contacts", "outreach_per_member", "spouse_initiated_contacts",
               "spouse_initiated_per_member", *(f"received_{r or 'never_said'}" for r in RECEPTION_LABELS),
               "checkins_asked", "checkins_answered", "delivery_failures", "opt_outs")


def label(week: trends.Week) -> str:
    return f"{week.start:%b} {week.start.day}"


def _rounded(values, scale: float = 1.0, digits: int = 2):
    return [None if v is None else round(v * scale, digits) for v in values]


def baseline_chart(change: outcomes.BaselineChange) -> dict:
    """The headline chart: members' change against their own baseline, median and middle half, by tenure."""
    buckets = change.buckets
    return {"id": "baseline", "type": "bar", "percent": True, "labels": [b.label for b in buckets],
            "title": "Outreach against each member's own baseline, by weeks since joining (0% = as before joining)",
            "datasets": [
                {"label": "median member", "type": "line", "data": _rounded((b.median for b in buckets), 100, 0)},
                {"label": "middle half of members (25th to 75th percentile)",
                 "data": [None if b.low is None else [round(b.low * 100), round(b.high * 100)] for b in buckets]},
            ]}


def trend_charts(weeks: list[trends.Week]) -> list[dict]:
    """What admin.js draws with Chart.js: one spec per chart, passed through a data- attribute."""
    labels = [label(w) for w in weeks]
    receptions = [{"label": text, "data": _rounded((w.reception_share(r) for w in weeks), 100, 0)}
                  for r, text in RECEPTION_LABELS.items()]
    return [
        {"id": "outreach", "title": "Outreach per enrolled member per week", "type": "line", "labels": labels,
         "datasets": [{"label": "contacts a member started (needed ones excluded) per enrolled member",
                       "data": _rounded(w.outreach_per_member for w in weeks)}]},
        {"id": "spouse", "title": "Spouse-initiated contacts per enrolled member per week", "type": "line",
         "labels": labels, "datasets": [{"label": "contacts the spouse started, per enrolled member",
                                         "data": _rounded(w.spouse_per_member for w in weeks)}]},
        {"id": "urges", "title": "Urges per enrolled member per week, and the share waited out", "type": "bar",
         "labels": labels, "datasets": [
             {"label": "urges per member", "data": _rounded(w.urges_per_member for w in weeks)},
             {"label": "waited out (% of urges, right scale)", "type": "line", "axis": "percent",
              "data": _rounded((w.waited_share for w in weeks), 100, 0)}]},
        {"id": "reception", "title": "How the member's contacts were received, % of each week's outreach",
         "type": "bar", "stacked": True, "percent": True, "labels": labels, "datasets": receptions},
        {"id": "checkins", "title": "Check-ins answered, % of those asked each week", "type": "line",
         "percent": True, "labels": labels,
         "datasets": [{"label": "answered", "data": _rounded((w.reply_rate for w in weeks), 100, 0)}]},
        {"id": "failures", "title": "Delivery failures and opt-outs per week (counts)", "type": "line",
         "labels": labels, "datasets": [{"label": "delivery failures", "data": [w.failures for w in weeks]},
                                        {"label": "opt-outs", "data": [w.opt_outs for w in weeks]}]},
    ]


def recent_reception(weeks: list[trends.Week]) -> dict:
    """Outreach in the latest RECEPTION_WEEKS weeks by how it was received, and the glad share of those rated."""
    recent = weeks[-RECEPTION_WEEKS:]
    totals = {r: sum(w.receptions.get(r, 0) for w in recent) for r in RECEPTION_LABELS}
    rated = totals["glad"] + totals["not_glad"] + totals["unsure"]
    return {"totals": totals, "rated": rated, "glad_share": totals["glad"] / rated if rated else None}


@blueprint.get("/")
def overview():
    at = now()
    weeks = trends.weeks(at)
    change = outcomes.baseline_change(at)
    alert = timedelta(minutes=settings().flag_alert_minutes)
    return render_template("admin/overview.html", summary=metrics.overview(at, alert), weeks=weeks, change=change,
                           charts=[baseline_chart(change), *trend_charts(weeks)], label=label,
                           reception=recent_reception(weeks), reception_labels=RECEPTION_LABELS,
                           reception_weeks=RECEPTION_WEEKS, alert_minutes=settings().flag_alert_minutes)


def _csv(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


@blueprint.get("/export.csv")
def export():
    """Weekly aggregates for the last six months as CSV; the download is audited."""
    weeks = trends.weeks(now(), CSV_WEEKS)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for w in weeks:
        writer.writerow((w.start.date().isoformat(), w.members, w.new_members, w.urges, _csv(w.urges_per_member),
                         w.waited_out, _csv(w.waited_share), w.outreach, _csv(w.outreach_per_member), w.spouse,
                         _csv(w.spouse_per_member), *(w.receptions.get(r, 0) for r in RECEPTION_LABELS),
                         w.checkins_asked, w.checkins_answered, w.failures, w.opt_outs))
    audit("export_metrics", detail=f"{CSV_WEEKS} weeks")
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=breathing-room-metrics.csv"})
