"""The dashboard's lists stay bounded however much piles up: open safety flags, a member's unsent messages."""

from __future__ import annotations

from bot.admin import members, safety_views
from bot.db import database
from bot.models import Member, SafetyFlag, ScheduledMessage


def test_the_safety_queue_shows_a_bounded_page_and_says_how_many_are_waiting(app, admin_client, clock, monkeypatch):
    monkeypatch.setattr(safety_views, "OPEN_SHOWN", 5)
    with database.connection_context():
        member = Member.create(phone="+12125550123", created_at=clock())
        SafetyFlag.insert_many([{"member": member.id, "danger": "self", "created_at": clock()}] * 8).execute()
    page = admin_client.get("/admin/safety")
    assert page.status_code == 200
    assert page.text.count('action="/admin/safety/') // 2 == 5  # acknowledge and resolve, for five flags
    assert "Showing the newest 5 of 8 unresolved flags" in page.text


def test_a_members_page_shows_a_bounded_list_of_unsent_messages(app, admin_client, clock, monkeypatch):
    monkeypatch.setattr(members, "PENDING_SHOWN", 3)
    with database.connection_context():
        member = Member.create(phone="+12125550123", created_at=clock())
        ScheduledMessage.insert_many([{"member": member.id, "kind": "manual", "body": f"pending {n}", "due_at": clock(),
                                       "idempotency_key": f"k{n}", "created_at": clock(), "updated_at": clock()}
                                      for n in range(7)]).execute()
    page = admin_client.get(f"/admin/members/{member.id}")
    assert page.status_code == 200
    with database.connection_context():
        ids = [row.id for row in ScheduledMessage.select().order_by(ScheduledMessage.id)]
    assert [i for i in ids if f'id="scheduled-{i}"' in page.text] == ids[:3]
    assert "Showing the 3 soonest of 7 unsent messages" in page.text
