"""Problem tiles link to the rows they count and clear when an operator deals with them; stale rows are never retried."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bot import rules
from bot.admin import staleness
from bot.admin.models import AuditLog
from bot.db import database
from bot.models import CheckIn, HeldDraft, Member, Message, SafetyFlag, ScheduledMessage, UrgeEpisode
from tests.admin_fixtures import post

HOUR = timedelta(hours=1)


def member(clock, phone="+12125550123", **fields):
    values = {"phone": phone, "status": "active", "created_at": clock() - timedelta(days=9),
              "consent_at": clock() - timedelta(days=9), "delay_minutes": 20} | fields
    return Member.create(**values)


def stuck(m, clock, kind, ref=None, *, state="failed", age=timedelta(minutes=5), key=None):
    created = clock() - age
    return ScheduledMessage.create(member=m, kind=kind, body=f"a {kind}", due_at=created, state=state, ref_id=ref,
                                   idempotency_key=key or f"{kind}:{ref}:{state}:{age}", created_at=created,
                                   updated_at=created, last_error="permanent: HTTP 400")


def stale_and_fresh(clock):
    """One stuck row of each kind that is still sendable, and one that is stale, with the worker's reason."""
    m = member(clock)
    now = clock()
    open_urge = UrgeEpisode.create(member=m, opened_at=now - 30 * timedelta(minutes=1))
    closed_urge = UrgeEpisode.create(member=m, opened_at=now - HOUR, outcome="waited_out", closed_at=now)
    held = HeldDraft.create(member=m, body="x", created_at=now - HOUR, return_at=now, state="held")
    decided = HeldDraft.create(member=m, body="y", created_at=now - HOUR, return_at=now, state="let_go")
    today = CheckIn.create(member=m, local_date="2026-11-24", asked_at=now - HOUR)
    yesterday = CheckIn.create(member=m, local_date="2026-11-23", asked_at=now - 20 * HOUR)
    answered = CheckIn.create(member=m, local_date="2026-11-22", asked_at=now - 44 * HOUR, answered_at=now, count=1)
    return m, {
        stuck(m, clock, "urge_followup", open_urge.id): None,
        stuck(m, clock, "urge_followup", open_urge.id, age=5 * HOUR): "follow-up too late to be useful",
        stuck(m, clock, "urge_followup", closed_urge.id): "urge episode already closed",
        stuck(m, clock, "hold_return", held.id): None,
        stuck(m, clock, "hold_return", decided.id): "draft no longer held",
        stuck(m, clock, "checkin", today.id): None,
        stuck(m, clock, "checkin", yesterday.id): "check-in was for an earlier day",
        stuck(m, clock, "checkin", answered.id): "check-in already answered",
        stuck(m, clock, "weekly", state="unknown"): None,
        stuck(m, clock, "weekly", age=30 * HOUR): "weekly summary more than a day late",
        stuck(m, clock, "manual", age=900 * HOUR): None,
    }


def test_staleness_for_a_page_agrees_with_the_workers_send_time_rules(app, clock):
    with database.connection_context():
        m, expected = stale_and_fresh(clock)
        rows = list(expected)
        found = staleness.stale_reasons(rows, staleness.members_of(rows), clock())
        for row, reason in expected.items():
            worker = rules.OBSOLETE[row.kind](row, m, clock()) if row.kind in rules.OBSOLETE else None
            assert found[row.id] == worker == reason, row.kind


def audit_actions():
    with database.connection_context():
        return [a.action for a in AuditLog.select().order_by(AuditLog.id)]


def tile(html: str, name: str) -> tuple[str, str]:
    """The link and the value of an overview tile."""
    match = re.search(rf'id="tile-{name}" href="([^"]+)">\s*<span class="value">([\d,]+)<', html)
    assert match, name
    return match.group(1).replace("&amp;", "&"), match.group(2)


def test_the_outbox_tile_links_to_its_rows_and_clears_when_they_are_dealt_with(app, admin_client, clock):
    with database.connection_context():
        _, expected = stale_and_fresh(clock)
    link, value = tile(admin_client.get("/admin/").text, "outbox")
    assert link == "/admin/outbox?state=attention" and value == str(len(expected))
    page = admin_client.get(link).text
    for row, reason in expected.items():
        cells = page.split(f'id="scheduled-{row.id}"')[1].split("</tr>")[0]
        assert ("Retry" in cells) == (reason is None), (row.kind, reason)  # a stale row is never offered a retry
        assert "Dismiss" in cells
    stale = next(row for row, reason in expected.items() if reason)
    refused = post(admin_client, f"/admin/scheduled/{stale.id}/retry", follow_redirects=True)
    assert "was not retried: it is stale" in refused.text
    post(admin_client, "/admin/outbox/dismiss-stale")
    with database.connection_context():
        left = {r.id for r in ScheduledMessage.select().where(ScheduledMessage.state.in_(("failed", "unknown")))}
        gone = ScheduledMessage.get_by_id(stale.id)
    assert left == {row.id for row, reason in expected.items() if reason is None}
    assert gone.state == "cancelled" and "dismissed as obsolete by operator coach@example.org" in gone.last_error
    fresh = [row for row, reason in expected.items() if reason is None]
    post(admin_client, f"/admin/scheduled/{fresh[0].id}/retry")
    for row in fresh[1:]:
        post(admin_client, f"/admin/scheduled/{row.id}/dismiss")
    assert tile(admin_client.get("/admin/").text, "outbox")[1] == "0"
    assert audit_actions() == ["dismiss_stale_messages", "retry_message"] + ["dismiss_message"] * (len(fresh) - 1)


def undelivered(m, clock, kind, *, scheduled=None, code=30003, ago=HOUR):
    return Message.create(member=m, direction="out", body=f"the {kind}", status="undelivered", error_code=code,
                          kind=kind, scheduled=scheduled, created_at=clock() - ago, updated_at=clock() - ago)


def test_the_delivery_tile_lists_each_failure_to_send_again_or_dismiss(app, admin_client, clock, dispatch, transport):
    with database.connection_context():
        m = member(clock)
        manual = stuck(m, clock, "manual", state="sent")
        over = UrgeEpisode.create(member=m, opened_at=clock() - 2 * HOUR, outcome="expired", closed_at=clock())
        followup = stuck(m, clock, "urge_followup", over.id, state="sent")
        resendable = undelivered(m, clock, "manual", scheduled=manual)
        stale = undelivered(m, clock, "urge_followup", scheduled=followup)
        reply = undelivered(m, clock, "urge.reply")
        landline = undelivered(m, clock, "manual", scheduled=stuck(m, clock, "manual", state="sent", key="m2"),
                               code=30006)
        undelivered(m, clock, "manual", ago=timedelta(days=8))  # older than the tile's seven days
    link, value = tile(admin_client.get("/admin/").text, "deliveries")
    assert (link, value) == ("/admin/deliveries", "4")
    page = admin_client.get(link).text
    offered = {m_id for m_id in (resendable.id, stale.id, reply.id, landline.id)
               if "Send again" in page.split(f'id="delivery-{m_id}"')[1].split("</tr>")[0]}
    assert offered == {resendable.id}
    assert "stale: urge episode already closed" in page and "landline" in page and "a reply to a text" in page
    assert "was not sent again" in post(admin_client, f"/admin/deliveries/{stale.id}/resend",
                                        follow_redirects=True).text
    post(admin_client, f"/admin/deliveries/{resendable.id}/resend")
    post(admin_client, f"/admin/deliveries/{resendable.id}/resend")  # a second click queues nothing more
    dispatch()
    assert transport.bodies() == ["the manual"]
    post(admin_client, f"/admin/deliveries/{reply.id}/dismiss")
    assert tile(admin_client.get("/admin/").text, "deliveries")[1] == "2"
    post(admin_client, "/admin/deliveries/dismiss-unsendable")
    assert tile(admin_client.get("/admin/").text, "deliveries")[1] == "0"
    assert audit_actions() == ["resend_message", "dismiss_delivery_failure", "dismiss_delivery_failures"]


@pytest.mark.parametrize(("minutes_ago", "state", "overdue", "age"), [
    (150, "open", True, "2 h 30 min"), (20, "open", False, "20 min"), (3000, "acknowledged", False, "2 days 2 h"),
])
def test_a_flags_age_shows_and_an_old_open_one_stands_out(app, admin_client, clock, minutes_ago, state, overdue, age):
    with database.connection_context():
        flag = SafetyFlag.create(member=member(clock), danger="possible", state=state,
                                 created_at=clock() - timedelta(minutes=minutes_ago))
    page = admin_client.get("/admin/safety").text
    card = page.split(f'id="flag-{flag.id}"')[0].rsplit("<article", 1)[1] + page.split(f'id="flag-{flag.id}"')[1]
    assert f"raised {age} ago" in card and "possible distress" in card
    assert ("overdue" in card.split(">")[0]) == overdue
    overview = admin_client.get("/admin/").text
    assert ("waiting over 60 min with nobody on it" in overview) == overdue
