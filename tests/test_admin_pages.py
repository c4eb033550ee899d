"""The dashboard's pages and aggregates: right numbers, masked phones, bounded queries, no N+1."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest

from bot.admin import demo, metrics, trends
from bot.admin.models import AuditLog
from bot.db import database
from bot.models import Contact, Member, Message, SafetyFlag, ScheduledMessage, UrgeEpisode
from tests.admin_fixtures import post

PAGES = ("/admin/", "/admin/members", "/admin/members?status=active&page=2", "/admin/members/1", "/admin/safety",
         "/admin/outbox", "/admin/outbox?state=pending", "/admin/outbox?state=failed", "/admin/deliveries",
         "/admin/library", "/admin/audit", "/admin/export.csv", "/admin/simulator/")


def seed(clock, members: int, days: int = 28):
    with database.connection_context():
        return demo.seed(clock(), members=members, days=days, seed=11)


def known_data(now):
    """A small world whose numbers are worked out by hand in the tests below."""
    day = timedelta(days=1)
    members = [Member.create(phone=f"+1212555010{i}", status="active", created_at=now - 20 * day,
                             consent_at=now - 20 * day) for i in range(3)]
    Member.create(phone="+12125550110", status="new", created_at=now - 2 * day)
    Member.create(phone="+12125550111", status="opted_out", created_at=now - 30 * day, consent_at=now - 30 * day,
                  stopped_at=now - 3 * day)
    a, b = members[0], members[1]
    for opened, minutes, outcome, member in ((2 / 24, 20, "waited_out", a), (3, 40, "waited_out", a),
                                             (5, 10, "contacted", b), (10, 360, "expired", b),
                                             (1 / 24, None, "open", b), (9, 15, "superseded", a)):
        start = now - opened * day
        UrgeEpisode.create(member=member, opened_at=start, outcome=outcome,
                           closed_at=start + timedelta(minutes=minutes) if minutes else None)
    for ago, initiator, needed in ((1, "member", False), (2, "member", False), (2, "member", True),
                                   (4, "spouse", False), (12, "member", False)):
        Contact.create(member=a, at=now - ago * day, initiator=initiator, needed=needed)
    for status, ago in (("failed", 1), ("undelivered", 2), ("delivered", 1), ("failed", 9)):
        Message.create(member=a, direction="out", body="x", status=status, kind="checkin", created_at=now - ago * day,
                       updated_at=now)
    for state in ("failed", "unknown", "sent"):
        ScheduledMessage.create(member=a, kind="checkin", body="x", due_at=now, state=state, idempotency_key=state,
                                created_at=now, updated_at=now)
    SafetyFlag.create(member=b, danger="self", created_at=now, state="open")
    SafetyFlag.create(member=b, danger="self", created_at=now - day, state="resolved")
    return members


def test_overview_numbers(app, clock):
    now = clock()
    with database.connection_context():
        known_data(now)
        found = metrics.overview(now)
    assert (found.active_members, found.new_this_week, found.opt_outs_this_week) == (3, 1, 1)
    assert (found.urges_today, found.urges_this_week) == (2, 4)
    assert found.waited_share == pytest.approx(2 / 4)  # superseded and open urges are not decided
    assert found.median_minutes == pytest.approx(30)
    assert (found.delivery_failures, found.outbox_problems, found.open_flags) == (2, 2, 1)


def test_weekly_trends(app, clock):
    now = clock()
    with database.connection_context():
        known_data(now)
        weeks = trends.weeks(now)
    this, last = weeks[-1], weeks[-2]
    assert this.start == now - timedelta(days=7) and len(weeks) == trends.TREND_WEEKS
    assert (this.urges, this.waited_out, this.outreach, this.spouse, this.failures) == (4, 2, 2, 1, 2)
    assert (last.urges, last.outreach, last.failures) == (2, 1, 1)
    assert this.members == 4 and this.opt_outs == 1  # three active and the one who left during the week
    assert this.outreach_per_member == pytest.approx(0.5)


def test_member_weeks_and_streaks(app, clock):
    now = clock()
    with database.connection_context():
        a, b, c = known_data(now)
        weeks = trends.member_weeks(a.id, now)
        last = metrics.last_outreach([a.id, b.id, c.id])
    assert (weeks[-1].outreach, weeks[-1].spouse, weeks[-1].urges) == (2, 1, 2)
    assert last == {a.id: now - timedelta(days=1)}
    assert metrics.streak_days(a, last[a.id], now) == 1 and metrics.streak_days(c, None, now) == 20


def test_every_page_answers_with_demo_data_and_never_shows_a_full_number(app, admin_client, clock):
    seed(clock, 12)
    with database.connection_context():
        phones = [m.phone for m in Member.select()]
    for url in PAGES:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        for phone in phones:
            assert phone not in response.text and phone[1:] not in response.text, (url, phone)


def test_overview_shows_the_numbers_and_chart_data(app, admin_client, clock):
    with database.connection_context():
        known_data(clock())
    html = admin_client.get("/admin/").text
    assert "active members" in html and "open safety flags" in html and "50%" in html
    assert html.count("data-chart=") == 7 and "vendor/chart.umd.js" in html


def test_members_search_filter_and_pages(app, admin_client, clock):
    with database.connection_context():
        for i in range(60):
            Member.create(phone=f"+1212555{i:04d}", status="active" if i % 2 else "new", created_at=clock(),
                          last_inbound_at=clock() - timedelta(minutes=i))
    first = admin_client.get("/admin/members").text
    assert "***0000" in first and "***0059" not in first and "page 1 of 2" in first
    assert "***0059" in admin_client.get("/admin/members?page=2").text
    assert admin_client.get("/admin/members?page=99").status_code == 200
    found = admin_client.get("/admin/members?q=0042").text
    assert "***0042" in found and "***0041" not in found
    assert "***0043" in admin_client.get("/admin/members?q=%2344").text  # #44 is the 44th member created
    active = admin_client.get("/admin/members?status=new").text
    assert "***0002" in active and "***0001" not in active


def test_member_page_shows_the_whole_story(app, admin_client, clock):
    with database.connection_context():
        a = known_data(clock())[0]
        Message.create(member=a, direction="in", body="I want to call him", status="received", kind="inbound",
                       created_at=clock(), updated_at=clock())
        ScheduledMessage.create(member=a, kind="urge_followup", body="How strong?", due_at=clock(),
                                state="pending", idempotency_key="p1", created_at=clock(), updated_at=clock())
    html = admin_client.get(f"/admin/members/{a.id}").text
    assert "I want to call him" in html and "waited out" in html and "contact started by the spouse" in html
    assert "urge_followup" in html and 'id="chart-ratings"' in html and 'id="chart-member-outreach"' in html
    assert admin_client.get("/admin/members/999999").status_code == 404


def test_revealing_a_number_is_audited(app, admin_client, clock):
    with database.connection_context():
        member = Member.create(phone="+12125550199", created_at=clock())
    assert "+12125550199" not in admin_client.get(f"/admin/members/{member.id}").text
    shown = post(admin_client, f"/admin/members/{member.id}/reveal")
    assert shown.status_code == 200 and "+12125550199" in shown.text
    assert "+12125550199" not in admin_client.get(f"/admin/members/{member.id}").text
    with database.connection_context():
        entry = AuditLog.get()
    assert (entry.action, entry.member_id, entry.actor) == ("reveal_phone", member.id, "coach@example.org")
    assert "+1212" not in entry.detail


def test_csv_export_has_aggregates_only(app, admin_client, clock):
    seed(clock, 8)
    response = admin_client.get("/admin/export.csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    assert response.mimetype == "text/csv" and rows[0][0] == "week_start" and len(rows) == 27
    with database.connection_context():
        phones = [m.phone for m in Member.select()]
        bodies = {m.body for m in Message.select(Message.body).limit(200)}
        assert AuditLog.get().action == "export_metrics"
    assert not any(p in response.text or p[-4:] in response.text for p in phones)
    assert not any(b in response.text for b in bodies if len(b) > 6)


def test_library_page_lists_every_prompt_and_highlights_lint(app, admin_client, tmp_path, monkeypatch):
    import messages.library

    html = admin_client.get("/admin/library").text
    for prompt_id in messages.load().ids():
        assert f'id="prompt-{prompt_id}"' in html
    broken = tmp_path / "prompts.yaml"
    broken.write_text('- id: checkin.ask\n  advice: []\n  scheduled: true\n  variants:\n'
                      '    - "How many times did you contact your husband today? Reply with a number."\n')
    monkeypatch.setattr(messages.library, "DEFAULT_PATH", broken)
    flagged = admin_client.get("/admin/library").text
    assert "1 lint problem(s)" in flagged and "scheduled text says &#39;husband&#39;" in flagged


def test_audit_log_page_lists_actions(app, admin_client, clock):
    with database.connection_context():
        AuditLog.create(at=clock(), actor="coach@example.org", action="pause", member_id=3, detail="days=7")
    html = admin_client.get("/admin/audit?action=pause").text
    assert "coach@example.org" in html and "days=7" in html


def page_statements(client, statements, url: str) -> int:
    with statements() as counter:
        assert client.get(url).status_code == 200, url
    return counter.count


def test_pages_run_the_same_number_of_queries_for_5_or_50_members(app, admin_client, clock, statements):
    seed(clock, 5)
    small = {url: page_statements(admin_client, statements, url) for url in PAGES}
    seed(clock, 45)
    large = {url: page_statements(admin_client, statements, url) for url in PAGES}
    assert small == large
    assert max(large.values()) <= 20, large


def test_the_vendored_chart_js_is_the_pinned_npm_package():
    """Chart.js is served from the app (no CDN); the committed copy is the version package.json pins."""
    root = Path(__file__).resolve().parent.parent
    vendored = root / "bot" / "admin" / "static" / "admin" / "vendor" / "chart.umd.js"
    pinned = json.loads((root / "package.json").read_text())["dependencies"]["chart.js"]
    assert f"Chart.js v{pinned}" in vendored.read_text()[:200]
    installed = root / "node_modules" / "chart.js" / "dist" / "chart.umd.js"
    if installed.exists():
        assert installed.read_bytes() == vendored.read_bytes()
