"""Inbound texts survive a database outage: spooled by the webhook, replayed by the worker."""

from __future__ import annotations

from datetime import timedelta

from peewee import OperationalError

from bot import inbound, spool
from bot.db import database
from bot.models import Message, ScheduledMessage


def test_a_text_that_arrives_while_the_database_is_locked_is_spooled_not_lost(app, phone, monkeypatch):
    real = inbound.receive

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(inbound, "receive", locked)
    response = phone.text("I want to call him")
    assert response.status_code == 200 and b"<Message" not in response.data
    assert len(spool.pending(app.config["SETTINGS"].spool_dir)) == 1
    monkeypatch.setattr(inbound, "receive", real)


def test_replay_stores_the_text_and_queues_its_replies(app, phone, monkeypatch, clock, dispatch, transport):
    monkeypatch.setattr(inbound, "receive", lambda *a, **k: (_ for _ in ()).throw(OperationalError("locked")))
    phone.text("I want to call him", sid="SMspooled")
    monkeypatch.undo()
    settings = app.config["SETTINGS"]
    with database.connection_context():
        assert spool.replay(settings.spool_dir, clock(), settings) == 1
        assert Message.get(Message.direction == "in").twilio_sid == "SMspooled"
        assert ScheduledMessage.select().where(ScheduledMessage.kind == "reply").count() == 3
    assert spool.pending(settings.spool_dir) == []
    dispatch()
    assert len(transport.sent) == 3  # welcome, the urge reply and the consent question
    clock.advance(minutes=20)
    dispatch()
    assert len(transport.sent) == 4  # and the urge follow-up


def test_replaying_a_text_that_also_got_through_changes_nothing(app, phone, clock):
    settings = app.config["SETTINGS"]
    phone.text("URGE", sid="SMtwice")
    spool.write(settings.spool_dir, {"MessageSid": "SMtwice", "From": phone.number, "Body": "URGE"}, clock())
    with database.connection_context():
        before = Message.select().count(), ScheduledMessage.select().count()
        spool.replay(settings.spool_dir, clock() + timedelta(minutes=1), settings)
        assert (Message.select().count(), ScheduledMessage.select().count()) == before


def test_replay_waits_while_the_database_is_still_down(app, clock, monkeypatch):
    settings = app.config["SETTINGS"]
    spool.write(settings.spool_dir, {"MessageSid": "SMdown", "From": "+12125550123", "Body": "hi"}, clock())
    monkeypatch.setattr(inbound, "receive", lambda *a, **k: (_ for _ in ()).throw(OperationalError("down")))
    assert spool.replay(settings.spool_dir, clock(), settings) == 0
    assert len(spool.pending(settings.spool_dir)) == 1


def test_a_malformed_spooled_text_is_moved_aside(app, clock):
    settings = app.config["SETTINGS"]
    spool.write(settings.spool_dir, {"MessageSid": "SMbad", "From": "nonsense", "Body": "hi"}, clock())
    with database.connection_context():
        assert spool.replay(settings.spool_dir, clock(), settings) == 0
    assert spool.pending(settings.spool_dir) == []


def test_a_text_that_arrives_while_postgres_is_down_is_spooled(tmp_path):
    from bot import create_app
    from tests.conftest import AUTH_TOKEN, PUBLIC_URL, Phone

    app = create_app({"database_url": "postgresql://postgres@127.0.0.1:1/nowhere", "transport": "console",
                      "twilio_auth_token": AUTH_TOKEN, "public_url": PUBLIC_URL, "secret_key": "x",
                      "spool_dir": str(tmp_path / "spool")})
    response = Phone(app.test_client()).text("I want to call him")
    assert response.status_code == 200
    assert len(spool.pending(str(tmp_path / "spool"))) == 1
