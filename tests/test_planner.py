"""The planner: check-ins for many members at once, once each, whatever other planners do."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.db import database
from bot.models import CheckIn, Member, ScheduledMessage
from bot.planner import plan

DUE = datetime(2026, 11, 25, 0, 0, tzinfo=UTC)  # 19:00 in New York
BEFORE = DUE - timedelta(minutes=10)


def members_due(count: int, start: int = 0) -> list[int]:
    joined = DUE - timedelta(days=10)
    with database.atomic():
        return [Member.create(phone=f"+1212555{n:04d}", status="active", timezone="America/New_York",
                              created_at=joined, consent_at=joined, checkin_time="19:00", next_checkin_at=DUE,
                              next_weekly_at=DUE + timedelta(days=4)).id for n in range(start, start + count)]


def test_members_sharing_a_slot_across_several_batches_each_get_one_checkin_and_move_to_the_next_day(app):
    with database.connection_context():
        ids = members_due(7)
        assert plan(BEFORE, batch=3) == 7
        rows = list(ScheduledMessage.select().where(ScheduledMessage.kind == "checkin"))
        assert sorted(r.member_id for r in rows) == sorted(ids)
        checkins = {c.id: c for c in CheckIn.select()}
        assert {checkins[r.ref_id].member_id for r in rows} == set(ids)  # each text points at its own check-in
        assert {m.next_checkin_at for m in Member.select()} == {DUE + timedelta(days=1)}


def test_planning_again_queues_nothing_more(app):
    with database.connection_context():
        members_due(3)
        assert plan(BEFORE) == 3
        assert plan(BEFORE + timedelta(minutes=1)) == 0
        assert ScheduledMessage.select().count() == 3 and CheckIn.select().count() == 3


def test_a_checkin_another_planner_already_stored_is_the_one_its_text_points_at(app):
    with database.connection_context():
        [member_id] = members_due(1)
        earlier = CheckIn.create(member=member_id, local_date="2026-11-24", asked_at=DUE)  # a racing planner's
        assert plan(BEFORE) == 1
        [row] = ScheduledMessage.select()
        assert row.ref_id == earlier.id and CheckIn.select().count() == 1


def test_a_paused_member_due_with_others_moves_on_without_a_checkin(app):
    with database.connection_context():
        ids = members_due(3)
        Member.update(paused_until=DUE + timedelta(days=2)).where(Member.id == ids[1]).execute()
        assert plan(BEFORE, batch=2) == 2
        assert ids[1] not in {r.member_id for r in ScheduledMessage.select()}
        assert Member.get_by_id(ids[1]).next_checkin_at == DUE + timedelta(days=1)
