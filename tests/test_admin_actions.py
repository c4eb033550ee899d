"""Operator actions: each goes through the domain code, changes only what it says, and is audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot import create_app
from bot.admin.models import AuditLog
from bot.admin.simulator import TEST_NUMBER
from bot.db import database
from bot.models import Member, Message, SafetyFlag, ScheduledMessage, UrgeEpisode
from tests.admin_fixtures import post


def member_with(clock, **fields) -> Member:
    values = {"phone": "+12125550123", "status": "active", "created_at": clock() - timedelta(days=9),
              "consent_at": clock() - timedelta(days=9)} | fields
    with database.connection_context():
        return Member.create(**values)


def queue(member, clock, kind="checkin", state="pending", key=None, due_at=None, **fields) -> ScheduledMessage:
    with database.connection_context():
        return ScheduledMessage.create(member=member, kind=kind, body="Evening check-in", due_at=due_at or clock(),
                                       state=state,
                                       idempotency_key=key or f"{kind}:{state}:{fields}", created_at=clock(),
                                       updated_at=clock(), **fields)


def actions() -> list[tuple[str, int | None, str]]:
    with database.connection_context():
        return [(a.action, a.member_id, a.detail) for a in AuditLog.select().order_by(AuditLog.id)]


def reload(row):
    with database.connection_context():
        return type(row).get_by_id(row.id)


def test_cancel_a_scheduled_message(app, admin_client, clock):
    member = member_with(clock)
    row = queue(member, clock)
    response = post(admin_client, f"/admin/scheduled/{row.id}/cancel", {"next": f"/admin/members/{member.id}"})
    assert response.headers["Location"] == f"/admin/members/{member.id}"
    row = reload(row)
    assert row.state == "cancelled" and row.last_error == "cancelled by operator coach@example.org"
    assert actions() == [("cancel_message", member.id, f"scheduled #{row.id} (checkin, was pending)")]
    assert "Nothing pending" in admin_client.get(f"/admin/members/{member.id}").text


def test_a_claimed_or_sent_message_is_not_cancelled(app, admin_client, clock):
    member = member_with(clock)
    for state in ("claimed", "sent"):
        row = queue(member, clock, state=state)
        post(admin_client, f"/admin/scheduled/{row.id}/cancel")
        assert reload(row).state == state
    assert actions() == []


def test_retry_a_failed_message_queues_it_now(app, admin_client, clock, dispatch, transport):
    member = member_with(clock)
    row = queue(member, clock, kind="manual", state="failed", attempts=5, last_error="retry: HTTP 500",
                due_at=clock() - timedelta(hours=3))
    assert post(admin_client, f"/admin/scheduled/{row.id}/retry").status_code == 302
    row = reload(row)
    assert (row.state, row.attempts, row.due_at) == ("pending", 0, clock())
    assert actions()[0][0] == "retry_message"
    assert post(admin_client, f"/admin/scheduled/{queue(member, clock, state='sent').id}/retry").status_code == 302
    assert len(actions()) == 1  # a sent message cannot be retried


def test_outbox_page_shows_reasons_by_state(app, admin_client, clock):
    member = member_with(clock)
    queue(member, clock, state="failed", last_error="permanent: Twilio did not take the send to ***0123: HTTP 400")
    queue(member, clock, state="unknown", last_error="unknown: no clear answer from Twilio")
    html = admin_client.get("/admin/outbox").text
    assert "failed (1)" in html and "unknown (1)" in html and "needs attention (2)" in html and "HTTP 400" in html
    assert "no clear answer" in admin_client.get("/admin/outbox?state=unknown").text


def test_pause_and_resume(app, admin_client, clock):
    member = member_with(clock)
    checkin, manual = queue(member, clock), queue(member, clock, kind="manual")
    post(admin_client, f"/admin/members/{member.id}/pause", {"days": "7"})
    assert reload(member).paused_until == clock() + timedelta(days=7)
    assert reload(checkin).state == "cancelled" and reload(manual).state == "pending"  # requested texts wait
    post(admin_client, f"/admin/members/{member.id}/resume")
    assert reload(member).paused_until is None
    assert [a[0] for a in actions()] == ["pause", "resume"]
    assert post(admin_client, f"/admin/members/{member.id}/pause", {"days": "forever"}).status_code == 400


def test_manual_message_shows_what_will_happen_then_queues(app, admin_client, clock, dispatch, transport):
    member = member_with(clock)
    preview = post(admin_client, f"/admin/members/{member.id}/message", {"body": "Thinking of you today."})
    assert "It will be sent within a minute." in preview.text and "Queue it" in preview.text
    with database.connection_context():
        assert ScheduledMessage.select().count() == 0  # a preview queues nothing
    done = post(admin_client, f"/admin/members/{member.id}/message", {"body": "Thinking of you today.",
                                                                      "confirm": "yes"})
    assert done.status_code == 302
    dispatch()
    assert transport.bodies() == ["Thinking of you today."]
    assert actions() == [("send_manual", member.id, "1 segment(s); send")]  # no body in the log


def test_manual_message_in_quiet_hours_waits_for_the_morning(app, admin_client, clock, dispatch, transport):
    clock.set(datetime(2026, 11, 25, 1, 30, tzinfo=UTC))  # 20:30 in New York
    member = member_with(clock)
    preview = post(admin_client, f"/admin/members/{member.id}/message", {"body": "Good morning."})
    assert "sent tomorrow at 9:00 AM member time (America/New_York) because of the member&#39;s quiet hours" \
        in preview.text
    post(admin_client, f"/admin/members/{member.id}/message", {"body": "Good morning.", "confirm": "yes"})
    dispatch()
    assert transport.bodies() == []
    dispatch(datetime(2026, 11, 25, 14, 1, tzinfo=UTC))
    assert transport.bodies() == ["Good morning."]


def test_manual_message_without_consent_is_refused(app, admin_client, clock):
    member = member_with(clock, status="new", consent_at=None)
    preview = post(admin_client, f"/admin/members/{member.id}/message", {"body": "Hello"})
    assert "It cannot be sent: member has not consented" in preview.text and "Queue it" not in preview.text
    post(admin_client, f"/admin/members/{member.id}/message", {"body": "Hello", "confirm": "yes"})
    with database.connection_context():
        assert ScheduledMessage.select().count() == 0
    assert actions() == []


def test_delete_member_data_needs_the_last_four_digits(app, admin_client, clock):
    member = member_with(clock)
    with database.connection_context():
        Message.create(member=member, direction="in", body="secret", status="received", kind="inbound",
                       created_at=clock(), updated_at=clock())
        UrgeEpisode.create(member=member, opened_at=clock())
    post(admin_client, f"/admin/members/{member.id}/delete", {"confirm": "9999"})
    with database.connection_context():
        assert Message.select().count() == 1
    response = post(admin_client, f"/admin/members/{member.id}/delete", {"confirm": "0123"})
    assert response.headers["Location"] == "/admin/members"
    with database.connection_context():
        assert Message.select().count() == 0 and UrgeEpisode.select().count() == 0
        kept = Member.get_by_id(member.id)
    assert kept.status == "new" and kept.consent_at is None and kept.phone == member.phone
    assert actions() == [("delete_member_data", member.id, "")]


def flagged(clock) -> tuple[Member, SafetyFlag, ScheduledMessage]:
    member = member_with(clock, safety_hold=True)
    held = queue(member, clock, state="held")
    with database.connection_context():
        text = Message.create(member=member, direction="in", body="I can't go on", status="received",
                              kind="inbound", created_at=clock(), updated_at=clock())
        flag = SafetyFlag.create(member=member, message=text, danger="self", created_at=clock())
    return member, flag, held


def test_safety_queue_acknowledge_resolve_and_release(app, admin_client, clock):
    member, flag, held = flagged(clock)
    page = admin_client.get("/admin/safety").text
    assert "I can&#39;t go on" in page and "***0123" in page and "Release hold" in page
    post(admin_client, f"/admin/safety/{flag.id}/acknowledge", {"note": "calling now"})
    assert (reload(flag).state, reload(flag).note) == ("acknowledged", "calling now")
    post(admin_client, f"/admin/safety/{flag.id}/resolve", {"note": ""})
    assert reload(flag).state == "acknowledged"  # resolving needs a note
    post(admin_client, f"/admin/safety/{flag.id}/resolve", {"note": "Spoke with them; safe, has a plan."})
    flag = reload(flag)
    assert flag.state == "resolved" and flag.resolved_at == clock()
    assert reload(member).safety_hold and reload(held).state == "held"  # resolving does not release
    post(admin_client, f"/admin/members/{member.id}/release", {"next": "/admin/safety"})
    assert not reload(member).safety_hold and reload(held).state == "pending"
    assert [a[0] for a in actions()] == ["acknowledge_flag", "resolve_flag", "release_hold"]


def test_simulator_runs_a_conversation_and_jumps_the_clock(app, admin_client, clock):
    for text in ("hi", "yes", "10", "I really want to text him"):
        assert post(admin_client, "/admin/simulator/text", {"body": text}, page="/admin/simulator/").status_code == 302
    page = admin_client.get("/admin/simulator/").text
    assert "I really want to text him" in page and "urge_followup" in page  # pending follow-up listed
    post(admin_client, "/admin/simulator/jump", {"by": "20m"}, page="/admin/simulator/")
    with database.connection_context():
        member = Member.get(Member.phone == TEST_NUMBER)
        followup = Message.get((Message.member == member) & (Message.kind == "urge_followup"))
    assert followup.created_at == clock() + timedelta(minutes=20)
    post(admin_client, "/admin/simulator/text", {"body": "1"}, page="/admin/simulator/")
    with database.connection_context():
        assert UrgeEpisode.get(UrgeEpisode.member == member).outcome == "waited_out"
    post(admin_client, "/admin/simulator/jump", {"by": "1d"}, page="/admin/simulator/")
    with database.connection_context():  # the evening check-in was planned and sent at 19:00 member time
        checkin = Message.get((Message.member == member) & (Message.kind == "checkin"))
    assert checkin.created_at == datetime(2026, 11, 25, 0, 0, tzinfo=UTC)
    assert "simulator_jump" in [a[0] for a in actions()]
    post(admin_client, "/admin/simulator/reset", page="/admin/simulator/")
    with database.connection_context():
        assert not Member.select().where(Member.phone == TEST_NUMBER).exists()


def test_simulator_jump_leaves_other_members_alone(app, admin_client, clock):
    other = member_with(clock)
    row = queue(other, clock, due_at=clock() + timedelta(hours=2))
    post(admin_client, "/admin/simulator/text", {"body": "hi"}, page="/admin/simulator/")
    post(admin_client, "/admin/simulator/jump", {"by": "1d"}, page="/admin/simulator/")
    assert reload(row).state == "pending"


def test_simulator_exists_only_with_the_console_transport(database_url):
    app = create_app({"database_url": database_url, "transport": "twilio", "twilio_account_sid": "AC" + "0" * 32,
                      "twilio_auth_token": "t", "twilio_from_number": "+15550001111",
                      "public_url": "https://bot.example.org"})
    assert "admin_simulator" not in app.blueprints
    assert app.test_client().get("/admin/simulator/").status_code == 404



def test_an_operators_message_reaches_a_member_on_a_safety_hold_and_the_hold_stays(app, admin_client, clock,
                                                                                      dispatch, transport):
    member, flag, held = flagged(clock)
    preview = post(admin_client, f"/admin/members/{member.id}/message", {"body": "It's Dana, your coach. Call me?"})
    assert "It will be sent within a minute. The safety hold stays on for everything else." in preview.text
    post(admin_client, f"/admin/members/{member.id}/message", {"body": "It's Dana, your coach. Call me?",
                                                               "confirm": "yes"})
    dispatch()
    assert transport.bodies() == ["It's Dana, your coach. Call me?"]
    assert reload(member).safety_hold and reload(held).state == "held"  # the check-in still waits
    assert reload(flag).state == "open"
    assert actions() == [("send_manual", member.id, "1 segment(s); send")]
