"""The outbox: claiming, sending once, STOP, failures by outcome, dead workers."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from bot import account, outbox, pacing
from bot.db import database, is_postgres
from bot.models import Member, Message, ScheduledMessage
from bot.reconcile import reconcile_unknown
from bot.transport import SendError
from tests.conftest import FakeTransport

STOP_WORDS = ["STOP", "stop", " Stop. ", "STOPALL", "unsubscribe", "CANCEL", "end", "QUIT", "revoke", "OPTOUT",
              "opt out", "Opt-Out!"]


def make_member(clock, phone="+12125550123", **fields):
    defaults = {"phone": phone, "created_at": clock(), "consent_at": clock(), "status": "active"}
    return Member.create(**{**defaults, **fields})


def queue(member, clock, n=1, *, kind="manual", due=None):
    return [outbox.schedule(member, kind, f"hello {i}", due or clock(), f"{kind}:{member.id}:{i}", clock())
            for i in range(n)]


def test_urge_followup_is_dispatched_at_twenty_minutes_and_not_before(phone, dispatch, transport, clock):
    phone.text("URGE")
    dispatch(clock() + timedelta(minutes=19, seconds=59))
    assert transport.sent == []
    dispatch(clock() + timedelta(minutes=20))
    assert len(transport.sent) == 1


@pytest.mark.parametrize("word", STOP_WORDS)
def test_stop_cancels_pending_followups_and_nothing_is_sent_after(phone, dispatch, transport, clock, word):
    phone.text("I want to call him")
    replies = phone.replies(word)
    assert len(replies) == 1 and "START" in replies[0]
    dispatch(clock() + timedelta(hours=30))
    assert transport.sent == []
    with database.connection_context():
        member = Member.get()
        assert member.status == "opted_out"
        assert {r.state for r in ScheduledMessage.select()} == {"cancelled"}


def test_opted_out_member_gets_nothing_scheduled_until_start(app, phone, dispatch, transport, clock):
    phone.text("URGE")
    phone.text("STOP")
    assert phone.replies("I want to text her") == []
    dispatch(clock() + timedelta(hours=1))
    assert transport.sent == []
    assert phone.replies("START")
    phone.text("URGE")
    dispatch(clock() + timedelta(minutes=21))
    assert len(transport.sent) == 1


def test_each_row_is_sent_once_even_when_passes_overlap(app, clock, transport):
    with database.connection_context():
        queue(make_member(clock), clock, 30)
    roomy = app.config["SETTINGS"].with_overrides({"daily_scheduled_cap": 100})
    outbox.send_due(clock(), transport, roomy)
    outbox.send_due(clock(), transport, roomy)
    assert sorted(transport.bodies()) == sorted(f"hello {i}" for i in range(30))


def test_racing_dispatchers_never_send_the_same_row_twice(app, clock):
    with database.connection_context():
        for n in range(4):
            queue(make_member(clock, phone=f"+1212555010{n}"), clock, 40)
    transports = [FakeTransport() for _ in range(4)]
    settings = app.config["SETTINGS"].with_overrides({"dispatch_batch": 7, "daily_scheduled_cap": 100})

    def drain(transport):
        with database.connection_context():
            while outbox.send_due(clock(), transport, settings).sent:
                pass

    threads = [threading.Thread(target=drain, args=(t,)) for t in transports]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sent = [(to, body) for t in transports for (to, body, _) in t.sent]
    assert len(sent) == 160 and len(set(sent)) == 160


def test_postgres_claims_skip_rows_another_claimer_holds_locked(app, clock):
    if not is_postgres():
        pytest.skip("SKIP LOCKED is the PostgreSQL claim path; SQLite serialises writers instead")
    settings = app.config["SETTINGS"]
    with database.connection_context():
        queue(make_member(clock), clock, 6)
    holding, done = threading.Event(), threading.Event()
    first = []

    def hold_a_claim_open():
        with database.connection_context(), database.atomic():
            first.extend(outbox.claim_due(clock(), "A", 3, settings.lease_seconds))
            holding.set()
            done.wait(10)

    thread = threading.Thread(target=hold_a_claim_open)
    thread.start()
    assert holding.wait(10)
    with database.connection_context():
        second = outbox.claim_due(clock(), "B", 6, settings.lease_seconds)
    done.set()
    thread.join()
    assert len(first) == 3 and len(second) == 3
    assert not {r.id for r in first} & {r.id for r in second}


def test_consent_is_rechecked_at_send_time(app, clock, transport):
    with database.connection_context():
        member = make_member(clock)
        queue(member, clock, 1, kind="checkin")
        Member.update(status="opted_out").execute()
        outbox.send_due(clock(), transport, app.config["SETTINGS"])
        row = ScheduledMessage.get()
    assert transport.sent == [] and (row.state, row.last_error) == ("cancelled", "member opted out")


def test_recurring_messages_need_consent(app, clock, transport):
    with database.connection_context():
        queue(make_member(clock, consent_at=None, status="new"), clock, 1, kind="checkin")
        outbox.send_due(clock(), transport, app.config["SETTINGS"])
        assert ScheduledMessage.get().state == "cancelled"
    assert transport.sent == []


def test_retryable_error_backs_off_and_sends_later_exactly_once(app, clock, transport):
    with database.connection_context():
        queue(make_member(clock), clock, 1)
        transport.fail_with = SendError("busy", outcome="retry", http_status=429, retry_after=30)
        outbox.send_due(clock(), transport, app.config["SETTINGS"])
        row = ScheduledMessage.get()
        assert row.state == "pending" and row.due_at >= clock() + timedelta(seconds=30)
        transport.fail_with = None
        outbox.send_due(clock() + timedelta(seconds=10), transport, app.config["SETTINGS"])
        assert transport.sent == []
        outbox.send_due(clock() + timedelta(hours=2), transport, app.config["SETTINGS"])
    assert len(transport.sent) == 1


def test_carrier_opt_out_stops_everything_for_that_member(app, clock, transport):
    with database.connection_context():
        queue(make_member(clock), clock, 3)
        transport.fail_with = SendError("opted out", outcome="opted_out", code=21610)
        outbox.send_due(clock(), transport, app.config["SETTINGS"])
        assert Member.get().status == "opted_out"
        assert sorted(r.state for r in ScheduledMessage.select()) == ["cancelled", "cancelled", "failed"]


def test_permanent_error_fails_without_retry(app, clock, transport):
    with database.connection_context():
        queue(make_member(clock), clock, 1)
        transport.fail_with = SendError("invalid", outcome="permanent", code=21211)
        outbox.send_due(clock(), transport, app.config["SETTINGS"])
        row, message = ScheduledMessage.get(), Message.get()
    assert row.state == "failed" and "permanent" in row.last_error
    assert (message.status, message.error_code) == ("failed", 21211)


def test_timeout_after_sending_is_unknown_and_never_resent(app, clock, transport):
    with database.connection_context():
        queue(make_member(clock), clock, 1)
        transport.fail_with = SendError("read timeout", outcome="unknown")
        outbox.send_due(clock(), transport, app.config["SETTINGS"])
        transport.fail_with = None
        outbox.send_due(clock() + timedelta(hours=1), transport, app.config["SETTINGS"])
        assert ScheduledMessage.get().state == "unknown"
    assert transport.sent == []


def test_a_dead_workers_claim_is_recovered_after_its_lease(app, clock, transport):
    settings = app.config["SETTINGS"]
    with database.connection_context():
        queue(make_member(clock), clock, 2)
        claimed = outbox.claim_due(clock(), "dead-worker", 1, settings.lease_seconds)
        assert len(claimed) == 1
        outbox.send_due(clock(), transport, settings)  # the live worker sends only the other row
        assert len(transport.sent) == 1
        outbox.send_due(clock() + timedelta(seconds=settings.lease_seconds + 1), transport, settings)
    assert len(transport.sent) == 2


def test_a_worker_that_died_mid_send_leaves_the_row_unknown(app, clock, transport):
    settings = app.config["SETTINGS"]
    with database.connection_context():
        member = make_member(clock)
        (row,) = queue(member, clock, 1)
        outbox.claim_due(clock(), "dead-worker", 1, settings.lease_seconds)
        Message.create(member=member, direction="out", body=row.body, status="sending", kind="manual",
                       scheduled=row, created_at=clock(), updated_at=clock())
        outbox.send_due(clock() + timedelta(seconds=settings.lease_seconds + 1), transport, settings)
        row = ScheduledMessage.get()
    assert transport.sent == [] and row.state == "unknown" and "worker" in row.last_error


def test_stop_request_between_messages_releases_the_rest(app, clock, transport):
    with database.connection_context():
        queue(make_member(clock), clock, 3)
        calls = iter([False, True, True])
        outbox.send_due(clock(), transport, app.config["SETTINGS"], stop=lambda: next(calls))
        assert len(transport.sent) == 1
        assert sorted(r.state for r in ScheduledMessage.select()) == ["pending", "pending", "sent"]


def test_schedule_is_idempotent_on_its_key(app, clock):
    with database.connection_context():
        member = make_member(clock)
        assert outbox.schedule(member, "manual", "a", clock(), "same-key", clock()) is not None
        assert outbox.schedule(member, "manual", "b", clock(), "same-key", clock()) is None
        assert ScheduledMessage.select().count() == 1


def test_sends_are_paced_to_the_senders_rate_in_segments(app, clock, transport):
    slow = app.config["SETTINGS"].with_overrides({"send_rate": 1.0, "daily_scheduled_cap": 100})
    waits = []
    with database.connection_context():
        member = make_member(clock)
        outbox.schedule(member, "manual", "x" * 300, clock(), "long", clock())  # two segments
        queue(member, clock, 3)
        result = outbox.send_due(clock(), transport, slow, sleep=waits.append)
        sent_at = [r.sent_at - clock() for r in ScheduledMessage.select().order_by(ScheduledMessage.id)]
    assert result.sent == 4
    assert waits == [2.0, 1.0, 1.0]  # the long text takes two seconds of the sender's time
    assert sent_at == [timedelta(seconds=s) for s in (0, 2, 3, 4)]


def test_the_send_rate_is_shared_by_every_worker(app, clock):
    slow = app.config["SETTINGS"].with_overrides({"send_rate": 1.0, "daily_scheduled_cap": 100, "dispatch_batch": 2})
    first, second = FakeTransport(), FakeTransport()
    waits = {"a": [], "b": []}
    with database.connection_context():
        queue(make_member(clock), clock, 4)
        outbox.send_due(clock(), first, slow, worker="a", sleep=waits["a"].append)
        outbox.send_due(clock(), second, slow, worker="b", sleep=waits["b"].append)
    assert (len(first.sent), len(second.sent)) == (2, 2)
    assert waits == {"a": [1.0], "b": [2.0, 1.0]}  # b waits for the slots a already took


def test_a_sender_busy_for_longer_than_a_short_wait_defers_the_row(app, clock, transport):
    slow = app.config["SETTINGS"].with_overrides({"send_rate": 1.0, "daily_scheduled_cap": 100})
    with database.connection_context():
        member = make_member(clock)
        queue(member, clock, 1)
        pacing.reserve(transport.name, 10, clock(), 1.0, max_wait=60)  # another worker took ten seconds of slots
        result = outbox.send_due(clock(), transport, slow, sleep=lambda s: None)
        row = ScheduledMessage.get()
    assert result.deferred == 1 and transport.sent == []
    assert (row.state, row.last_error, row.due_at) == ("pending", "send rate", clock() + timedelta(seconds=10))


def test_loop_protection_stops_the_same_text_repeating(app, clock, transport):
    roomy = app.config["SETTINGS"].with_overrides({"daily_scheduled_cap": 100})
    with database.connection_context():
        member = make_member(clock)
        for n in range(5):
            outbox.schedule(member, "manual", "same words", clock(), f"same:{n}", clock())
        outbox.send_due(clock(), transport, roomy)
        cancelled = ScheduledMessage.select().where(ScheduledMessage.state == "cancelled")
        assert [r.last_error.startswith("loop protection") for r in cancelled] == [True, True]
    assert len(transport.sent) == 3


class Lookup(FakeTransport):
    def __init__(self, found):
        super().__init__()
        self.found = found

    def find_sent(self, to, since, *, channel="sms"):
        return self.found


def test_an_unknown_row_found_at_the_provider_is_reconciled_as_sent(app, clock, transport):
    from bot.transport import SendResult

    with database.connection_context():
        queue(make_member(clock), clock, 1)
        transport.fail_with = SendError("read timeout", outcome="unknown")
        outbox.send_due(clock(), transport, app.config["SETTINGS"])
        later = clock() + timedelta(minutes=5)
        other = SendResult("SMother", "delivered", 1, "a different text")
        assert reconcile_unknown(later, Lookup([other])) == 0
        assert ScheduledMessage.get().state == "unknown"
        ours = SendResult("SMours", "delivered", 1, "hello 0")
        assert reconcile_unknown(later + timedelta(minutes=5), Lookup([other, ours])) == 1
        row, message = ScheduledMessage.get(), Message.get()
    assert row.state == "sent" and (message.twilio_sid, message.status) == ("SMours", "delivered")


def test_an_unknown_row_not_found_is_left_for_an_operator(app, clock, transport):
    with database.connection_context():
        queue(make_member(clock), clock, 1)
        transport.fail_with = SendError("read timeout", outcome="unknown")
        outbox.send_due(clock(), transport, app.config["SETTINGS"])
        assert reconcile_unknown(clock() + timedelta(minutes=5), Lookup([])) == 0
        row = ScheduledMessage.get()
    assert row.state == "unknown" and "operator" in row.last_error


def test_a_worker_back_after_hours_drains_its_backlog_by_policy(phone, app, clock, transport, dispatch):
    from datetime import UTC, datetime

    from bot.planner import run_planning

    phone.text("hi")
    phone.text("YES")
    clock.set(datetime(2026, 11, 24, 23, 50, tzinfo=UTC))  # 18:50 New York
    with database.connection_context():
        run_planning(clock())  # tonight's check-in is queued for 19:00
    phone.text("HOLD 2h let's talk tomorrow?")  # due 20:50, inside quiet hours
    phone.text("URGE")  # follow-up due 19:10
    # The worker is down until 08:00 the next morning, then 09:00.
    dispatch(datetime(2026, 11, 25, 13, 0, tzinfo=UTC))
    assert transport.sent == []  # still quiet hours in New York
    dispatch(datetime(2026, 11, 25, 14, 0, tzinfo=UTC))
    assert [body for body in transport.bodies() if "SHOW" in body]  # the held draft, announced discreetly
    assert len(transport.sent) == 1
    with database.connection_context():
        reasons = {r.kind: (r.state, r.last_error) for r in ScheduledMessage.select()}
    assert reasons["urge_followup"][0] == "cancelled" and "late" in reasons["urge_followup"][1]
    assert reasons["checkin"] == ("cancelled", "check-in was for an earlier day")
    assert reasons["hold_return"][0] == "sent"


class CallbackFirst(FakeTransport):
    """Twilio's status callback lands before send() has returned the sid to the outbox."""

    def __init__(self, client):
        super().__init__()
        self.client = client

    def send(self, to, body, *, channel="sms", ref=None):
        from tests.test_webhook import status

        result = super().send(to, body, channel=channel, ref=ref)
        answers = []  # Twilio's callback is its own request, on its own connection
        callback = threading.Thread(target=lambda: answers.append(status(self.client, result.sid, "delivered", ref)))
        callback.start()
        callback.join()
        assert answers[0].status_code == 200
        return result


def test_a_status_callback_that_beats_the_sid_to_the_database_is_kept(app, client, clock):
    with database.connection_context():
        queue(make_member(clock), clock, 1)
        outbox.send_due(clock(), CallbackFirst(client), app.config["SETTINGS"])
        message = Message.get()
    assert message.twilio_sid.startswith("SM") and message.status == "delivered"


class ErasingTransport(FakeTransport):
    """Erases a member (their DELETE landing in the web app) right after the first send to them."""

    def __init__(self, erase_phone: str, clock):
        super().__init__()
        self.erase_phone, self.clock = erase_phone, clock

    def send(self, to, body, *, channel="sms", ref=None):
        result = super().send(to, body, channel=channel, ref=ref)
        if to == self.erase_phone:
            account.erase_member(Member.get(Member.phone == to), self.clock())
        return result


@pytest.mark.parametrize("kind", ["manual", "nudge_offer", "taper_offer"])  # the last two ask the member something
def test_a_member_erased_between_a_send_and_its_record_stays_erased(app, clock, kind):
    with database.connection_context():
        gone, kept = make_member(clock), make_member(clock, phone="+12125550199")
        queue(gone, clock, 1, kind=kind, due=clock() - timedelta(minutes=1))
        queue(kept, clock, 2)
        transport = ErasingTransport(gone.phone, clock)
        roomy = app.config["SETTINGS"].with_overrides({"daily_scheduled_cap": 100})
        assert outbox.send_due(clock(), transport, roomy).sent == 3
        assert not Message.select().where(Message.member == gone.id).exists()
        assert not ScheduledMessage.select().where(ScheduledMessage.member == gone.id).exists()
        assert Member.get_by_id(gone.id).awaiting is None  # nothing asked of an erased member
        kept_messages = list(Message.select().where(Message.member == kept.id).order_by(Message.id))
    assert [m.body for m in kept_messages] == ["hello 0", "hello 1"]
    assert all(m.twilio_sid and m.status == "queued" for m in kept_messages)  # each one recorded, once
