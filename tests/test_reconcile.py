"""Reconciliation against the provider: unknown sends back off and end with an operator; TwiML replies Twilio
never reported on are looked up, and an essential one that never arrived is sent again."""

from __future__ import annotations

from datetime import timedelta

from bot import outbox
from bot.db import database
from bot.models import Member, Message, ScheduledMessage
from bot.reconcile import CONFIRM_WINDOW, GIVE_UP_AFTER, confirm_replies, reconcile_unknown
from bot.transport import SendError, SendResult
from schedules.worker import upkeep_once
from tests.conftest import FakeTransport


class Provider(FakeTransport):
    """A provider whose message list holds `found`; counts the lookups; `down` makes them fail."""

    def __init__(self, found=()):
        super().__init__()
        self.found, self.lookups, self.down = list(found), 0, False

    def find_sent(self, to, since, *, channel="sms"):
        self.lookups += 1
        if self.down:
            raise SendError("no answer from Twilio", outcome="retry")
        return self.found


def unknown_row(app, clock) -> ScheduledMessage:
    member = Member.create(phone="+12125550123", created_at=clock(), consent_at=clock(), status="active")
    outbox.schedule(member, "manual", "hello", clock(), "manual:1", clock())
    failing = FakeTransport()
    failing.fail_with = SendError("read timeout", outcome="unknown")
    outbox.send_due(clock(), failing, app.config["SETTINGS"])
    return ScheduledMessage.get()


def test_an_unknown_row_is_looked_up_less_and_less_often_then_left_to_an_operator(app, clock):
    provider = Provider()
    with database.connection_context():
        row = unknown_row(app, clock)
        assert row.next_check_at == clock() + timedelta(minutes=2)
        checks, at = [], clock()
        while at <= clock() + GIVE_UP_AFTER + timedelta(days=1):  # a day of upkeep passes, one a minute
            before = provider.lookups
            reconcile_unknown(at, provider)
            if provider.lookups > before:
                checks.append(at - clock())
            at += timedelta(minutes=1)
        row = ScheduledMessage.get_by_id(row.id)
    minutes = [int(c.total_seconds() // 60) for c in checks]
    assert minutes[:6] == [2, 4, 8, 16, 32, 64]  # the wait doubles
    assert len(checks) == 11 and checks[-1] >= GIVE_UP_AFTER  # then never again
    assert (row.state, row.next_check_at) == ("unknown", None) and "left for an operator" in row.last_error


def test_a_provider_that_cannot_be_asked_postpones_the_lookup(app, clock):
    provider = Provider()
    provider.down = True
    with database.connection_context():
        row = unknown_row(app, clock)
        reconcile_unknown(clock() + timedelta(minutes=3), provider)
        row = ScheduledMessage.get_by_id(row.id)
    assert row.state == "unknown" and row.next_check_at == clock() + timedelta(minutes=5)


def twiml_reply(phone, body: str) -> list[Message]:
    phone.text(body)
    with database.connection_context():
        return list(Message.select().where(Message.direction == "out").order_by(Message.id))


def test_an_unconfirmed_crisis_reply_is_sent_again_and_an_ordinary_one_only_marked(app, phone, clock, dispatch,
                                                                                 transport):
    phone.text("hi")  # welcome and consent question: ordinary replies
    crisis = twiml_reply(phone, "I want to kill myself")[-1]
    assert crisis.kind == "crisis.self" and crisis.status == "queued"
    provider = Provider()
    with database.connection_context():
        assert confirm_replies(clock() + CONFIRM_WINDOW - timedelta(seconds=1), provider) == 0  # not yet overdue
        assert confirm_replies(clock() + CONFIRM_WINDOW, provider) == 3
        statuses = {m.kind: m.status for m in Message.select().where(Message.direction == "out")}
        resent = [r.prompt_kind for r in ScheduledMessage.select().where(ScheduledMessage.kind == "reply")]
    assert set(statuses.values()) == {"unknown"}
    assert resent == ["crisis.self"]
    dispatch(clock() + CONFIRM_WINDOW)
    assert transport.bodies() == [crisis.body]  # the crisis resources, despite the safety hold it raised
    with database.connection_context():
        assert confirm_replies(clock() + timedelta(hours=1), provider) == 0  # settled replies are left alone


def test_a_reply_found_at_the_provider_or_reported_on_is_not_sent_again(app, client, phone, clock):
    from tests.test_webhook import status

    replies = twiml_reply(phone, "STOP")
    confirmed, found = replies[0], None
    assert status(client, "SM" + "c" * 32, "delivered", reply=confirmed.id).status_code == 200
    phone.text("START")
    with database.connection_context():
        found = Message.get((Message.direction == "out") & (Message.kind == "start.confirm"))
    provider = Provider([SendResult("SMother", "delivered", 1, "a different text"),
                         SendResult("SMfound", "delivered", 1, found.body)])
    with database.connection_context():
        assert confirm_replies(clock() + CONFIRM_WINDOW, provider) == 1
        assert (Message.get_by_id(found.id).twilio_sid, Message.get_by_id(found.id).status) == ("SMfound",
                                                                                               "delivered")
        assert Message.get_by_id(confirmed.id).status == "delivered"
        assert not ScheduledMessage.select().exists()


def test_upkeep_confirms_replies_only_where_twilio_reports_on_them(app, phone, clock):
    phone.text("STOP")
    provider = Provider()
    later = clock() + CONFIRM_WINDOW
    upkeep_once(app, later, provider)
    assert provider.lookups == 0  # console transport: nobody would ever report on a TwiML reply
    app.config["SETTINGS"] = app.config["SETTINGS"].with_overrides({"transport": "twilio"})
    upkeep_once(app, later, provider)
    assert provider.lookups == 1
    with database.connection_context():
        assert ScheduledMessage.get().prompt_kind == "stop.confirm"
