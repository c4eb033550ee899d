"""Texts and status callbacks survive a database outage: spooled by the webhook, replayed in order by the worker.

The outage is real: another connection holds the database's locks (tests.fault_helpers.database_locked),
or the app points at a PostgreSQL port where nothing listens.
"""

from __future__ import annotations

import stat
import threading
import time
from datetime import timedelta
from urllib.parse import urlencode

import pytest

from bot import outbox, replay, spool
from bot.db import database
from bot.models import Member, Message, SafetyFlag, ScheduledMessage
from tests.conftest import PUBLIC_URL, Phone, sign
from tests.fault_helpers import database_locked


@pytest.fixture
def locked(database_url):
    """`with locked():` the database refuses writes (and, on PostgreSQL, reads) for the block."""
    return lambda: database_locked(database_url)


def onboarded(phone) -> None:
    phone.text("hi")
    phone.text("YES")


def member(number: str = "+12125550123") -> Member:
    with database.connection_context():
        return Member.get(Member.phone == number)


def replay_all(app) -> int:
    with database.connection_context():
        return replay.replay(app.config["SETTINGS"])


def spool_dir(app) -> str:
    return app.config["SETTINGS"].spool_dir


def test_a_text_during_a_lock_is_answered_within_the_lock_wait_and_the_next_at_once(app, phone, locked):
    with locked():
        started = time.monotonic()
        first = phone.text("I want to call him")
        waited = time.monotonic() - started
        started = time.monotonic()
        second = phone.text("I really want to call him")
        second_waited = time.monotonic() - started
    assert first.status_code == second.status_code == 200 and b"<Message" not in first.data + second.data
    assert waited < app.config["SETTINGS"].lock_wait + 1.0, f"the first text waited {waited:.2f}s"
    assert second_waited < 0.5, f"the second text waited {second_waited:.2f}s behind a database known to be down"
    assert len(spool.pending(spool_dir(app))) == 2
    with database.connection_context():
        assert Message.select().count() == 0


def test_replay_applies_a_text_as_of_its_arrival_and_queues_its_replies(app, phone, locked, clock, dispatch,
                                                                         transport):
    arrived = clock()
    with locked():
        phone.text("I want to call him", sid="SMspooled")
    clock.advance(minutes=5)  # the outage lasted five minutes
    assert replay_all(app) == 1
    with database.connection_context():
        text = Message.get(Message.direction == "in")
        replies = list(ScheduledMessage.select().where(ScheduledMessage.kind == "reply").order_by(ScheduledMessage.id))
    assert (text.twilio_sid, text.created_at) == ("SMspooled", arrived)
    assert [r.prompt_kind for r in replies] == ["welcome", "urge.reply", "welcome.consent"]
    assert spool.pending(spool_dir(app)) == []
    dispatch()
    assert len(transport.sent) == 3
    with database.connection_context():
        assert [m.kind for m in Message.select().where(Message.direction == "out").order_by(Message.id)] == [
            "welcome", "urge.reply", "welcome.consent"]
    clock.set(arrived + timedelta(minutes=20))  # the follow-up counts from when the urge was texted
    dispatch()
    assert len(transport.sent) == 4


def test_replaying_a_text_that_also_got_through_changes_nothing(app, phone, clock):
    phone.text("URGE", sid="SMtwice")
    spool.write(spool_dir(app), {"type": "text", "sid": "SMtwice", "from": phone.number, "body": "URGE"}, clock(),
                spool.member_key(phone.number, "test-secret"))
    with database.connection_context():
        before = Message.select().count(), ScheduledMessage.select().count()
    assert replay_all(app) == 1
    with database.connection_context():
        assert (Message.select().count(), ScheduledMessage.select().count()) == before
    assert spool.pending(spool_dir(app)) == []


def test_replay_waits_while_the_database_is_still_locked(app, phone, locked):
    with locked():
        phone.text("hi")
        assert replay_all(app) == 0
    assert len(spool.pending(spool_dir(app))) == 1
    assert replay_all(app) == 1


def test_corrupt_or_malformed_items_are_set_aside_and_never_block_the_texts_behind_them(app, clock, phone):
    folder = spool_dir(app)
    spool.write(folder, {"type": "text", "sid": "SMbadnumber", "from": "nonsense", "body": "hi"}, clock(), "0" * 16)
    spool.write(folder, {"type": "text", "sid": 5, "from": [], "body": None}, clock(), "1" * 16)
    spool.write(folder, {"type": "postcard"}, clock(), "2" * 16)
    good = spool.write(folder, {"type": "text", "sid": "SMgood", "from": phone.number, "body": "URGE"},
                       clock() + timedelta(seconds=1), "3" * 16)
    (good.parent / "20261124T145959000000-4444444444444444-SMtrunc.json").write_text('{"type": "text", "sid": "SM')
    (good.parent / "20261124T145959000001-5555555555555555-SMbin.json").write_bytes(b"\xff\xfe\x00garbage")
    assert replay_all(app) == 1
    assert spool.pending(folder) == []
    assert len(spool.rejected(folder)) == 5
    with database.connection_context():
        assert [m.twilio_sid for m in Message.select().where(Message.direction == "in")] == ["SMgood"]


def test_replays_running_at_once_apply_each_text_exactly_once(app, clock):
    folder, count = spool_dir(app), 40
    for n in range(count):
        number = f"+1212555{n:04d}"
        spool.write(folder, {"type": "text", "sid": f"SMc{n:04d}", "from": number, "body": "URGE"},
                    clock() + timedelta(milliseconds=n), spool.member_key(number, "test-secret"))
    errors, start = [], threading.Barrier(4)

    def replayer():
        start.wait()
        try:
            while spool.pending(folder):
                replay_all(app)
        except Exception as error:  # noqa: BLE001 - collected for the assertion below
            errors.append(error)

    threads = [threading.Thread(target=replayer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    with database.connection_context():
        sids = [m.twilio_sid for m in Message.select().where(Message.direction == "in")]
        assert sorted(sids) == [f"SMc{n:04d}" for n in range(count)]
        assert Member.select().count() == count


def test_a_spooled_crisis_text_gets_its_crisis_resources_despite_the_hold_it_raises(app, phone, locked, clock,
                                                                                     dispatch, transport):
    onboarded(phone)
    with database.connection_context():
        outbox.schedule(member(), "manual", "a note from your coach", clock(), "manual:1", clock())
        ScheduledMessage.update(due_at=clock() + timedelta(minutes=1)).execute()
    with locked():
        phone.text("I want to kill myself")
    clock.advance(minutes=2)
    replay_all(app)
    dispatch()
    assert len(transport.sent) == 1 and "988" in transport.sent[0][1] and "741741" in transport.sent[0][1]
    with database.connection_context():
        assert SafetyFlag.get().state == "open" and member().safety_hold
        assert ScheduledMessage.get(ScheduledMessage.kind == "manual").state == "held"


def test_a_spooled_stop_is_confirmed_and_nothing_else_reaches_the_member(app, phone, locked, clock, dispatch,
                                                                        transport):
    onboarded(phone)
    phone.text("I want to call him")  # a follow-up is due in twenty minutes
    with locked():
        phone.text("I really want to text him")
        phone.text("STOP")
    clock.advance(minutes=30)
    replay_all(app)
    dispatch()
    assert len(transport.sent) == 1, transport.bodies()
    assert "unsubscribed" in transport.sent[0][1] and "START" in transport.sent[0][1]
    with database.connection_context():
        assert member().status == "opted_out"
        assert ScheduledMessage.select().where(ScheduledMessage.state.in_(outbox.ACTIVE_STATES)).count() == 0


def test_the_outbox_sends_nothing_to_a_member_whose_texts_wait_in_the_spool(app, client, locked, clock, dispatch,
                                                                           transport):
    waiting, other = Phone(client, "+12125550123"), Phone(client, "+12125550199")
    for phone in (waiting, other):
        onboarded(phone)
    with database.connection_context():
        for phone in (waiting, other):
            outbox.schedule(member(phone.number), "manual", f"hello {phone.number[-4:]}", clock(),
                            f"manual:{phone.number}", clock())
    with locked():
        waiting.text("PAUSE")
    dispatch()  # a pass that runs before the spool is replayed
    assert [to for to, _, _ in transport.sent] == [other.number]
    with database.connection_context():
        assert ScheduledMessage.get(ScheduledMessage.member == member(waiting.number).id).state == "pending"
    replay_all(app)
    dispatch()
    assert [to for to, _, _ in transport.sent] == [other.number, waiting.number]
    assert "pause" in transport.sent[-1][1].lower()  # the PAUSE confirmation; the manual text waits out the pause


def test_a_status_callback_during_an_outage_is_spooled_and_applied_later(app, client, phone, locked):
    phone.text("URGE")
    with database.connection_context():
        reply = Message.get((Message.direction == "out") & (Message.kind == "urge.reply"))
    params = {"MessageSid": "SM" + "d" * 32, "MessageStatus": "delivered"}
    path = f"/sms/status?reply={reply.id}"
    with locked():
        response = client.post(path, data=urlencode(params), content_type="application/x-www-form-urlencoded",
                               headers={"X-Twilio-Signature": sign(PUBLIC_URL + path, params)})
    assert response.status_code == 200
    assert replay_all(app) == 1
    with database.connection_context():
        assert (Message.get_by_id(reply.id).status, Message.get_by_id(reply.id).twilio_sid) == (
            "delivered", "SM" + "d" * 32)


def test_spool_files_and_their_folder_are_readable_by_their_owner_only(app, phone, locked):
    with locked():
        phone.text("hi")
    [path] = spool.pending(spool_dir(app))
    assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0
    assert stat.S_IMODE(path.parent.stat().st_mode) & 0o077 == 0
    assert phone.number not in path.name and phone.number[1:] not in path.name


def test_a_text_that_arrives_while_postgres_is_down_is_spooled(tmp_path):
    from bot import create_app
    from tests.conftest import AUTH_TOKEN
    from tests.processes import free_port

    app = create_app({"database_url": f"postgresql://postgres@127.0.0.1:{free_port()}/nowhere",
                      "transport": "console", "twilio_auth_token": AUTH_TOKEN, "public_url": PUBLIC_URL,
                      "secret_key": "x", "spool_dir": str(tmp_path / "spool")})
    started = time.monotonic()
    response = Phone(app.test_client()).text("I want to call him")
    assert response.status_code == 200 and time.monotonic() - started < 1.0
    assert len(spool.pending(str(tmp_path / "spool"))) == 1


def test_flask_spool_says_what_waits_and_replays_it_on_request(app, phone, locked, runner, clock):
    with locked():
        phone.text("hi")
        phone.text("URGE")
    spool.write(spool_dir(app), {"type": "postcard"}, clock(), "0" * 16)
    result = runner.invoke(args=["spool"])
    assert result.exit_code == 0, result.output
    assert "3 texts and 0 status updates waiting, the oldest from 2026-11-24 15:00:00 UTC; 0 set aside" \
        in result.output
    result = runner.invoke(args=["spool", "--replay"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("replayed 2\n") and "0 texts and 0 status updates waiting; 1 set aside" \
        in result.output
