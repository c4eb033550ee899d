"""Twilio's failures driven end to end through the outbox, with a real TwilioTransport over real HTTP.

Prism (Twilio's own OpenAPI description) plays the happy path; the local fake plays the error codes,
rate limits, outages and hangs (tests/twilio_mocks.py). Every pass is `bot.outbox.send_due` as of the
fake clock, and every assertion about "no further calls" counts requests the HTTP server received.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot import outbox
from bot.db import database
from bot.models import Member, Message, ScheduledMessage
from bot.reconcile import reconcile_unknown
from bot.transport import TwilioTransport
from tests.twilio_mocks import ACCOUNT_SID, AUTH_TOKEN, PrismHttpClient, twilio_error

BOT_NUMBER = "+15557654321"
MEMBER = "+12125550123"
OTHER = "+12125550177"
PRISM_SID = "SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"  # the Message in Twilio's OpenAPI examples


def twilio(http_client, timeout: float = 5.0) -> TwilioTransport:
    return TwilioTransport(ACCOUNT_SID, AUTH_TOKEN, from_number=BOT_NUMBER, timeout=timeout, http_client=http_client)


def accepted(sid: str) -> dict:
    """A 201 body shaped like Twilio's Message resource."""
    return {"sid": sid, "account_sid": ACCOUNT_SID, "to": "{To}", "from": BOT_NUMBER, "status": "queued",
            "num_segments": "1", "direction": "outbound-api", "body": "", "error_code": None}


def member(clock, phone=MEMBER) -> Member:
    return Member.create(phone=phone, created_at=clock(), consent_at=clock(), status="active")


def queue(who: Member, clock, n: int = 1, *, due=None, tag: str = "a") -> list[ScheduledMessage]:
    return [outbox.schedule(who, "manual", f"text {tag}{i} for {who.id}", due or clock(), f"{tag}:{who.id}:{i}",
                            clock()) for i in range(n)]


def posts_to(fake, number: str) -> list:
    return [r for r in fake.requests if r.method == "POST" and r.data.get("To") == number]


def row(row_id: int) -> ScheduledMessage:
    return ScheduledMessage.get_by_id(row_id)


def messages_of(row_id: int) -> list[tuple[str, int | None]]:
    return [(m.status, m.error_code) for m in Message.select().where(Message.scheduled == row_id).order_by(Message.id)]


@pytest.fixture
def settings(app):
    return app.config["SETTINGS"].with_overrides({"daily_scheduled_cap": 100})


def test_a_text_twilio_accepts_is_marked_sent_with_the_sid_twilio_gave_it(app, clock, settings, prism_twilio):
    http = prism_twilio.http_client()
    with database.connection_context():
        (queued,) = queue(member(clock), clock)
        result = outbox.send_due(clock(), twilio(http), settings)
        assert (result.sent, row(queued.id).state) == (1, "sent")
        assert [(m.twilio_sid, m.status) for m in Message.select()] == [(PRISM_SID, "queued")]
    (request,) = http.requests  # Prism checked it against Twilio's schema, or it would have answered 4xx
    assert request.data == {"To": MEMBER, "From": BOT_NUMBER, "Body": queued.body}


def test_carrier_opt_out_21610_opts_the_member_out_and_twilio_never_hears_of_them_again(
        app, clock, settings, fake_twilio):
    transport = twilio(fake_twilio.http_client())
    fake_twilio.reply(400, twilio_error(21610, "Attempt to send to unsubscribed recipient", 400))
    with database.connection_context():
        opted, other = member(clock), member(clock, OTHER)
        first, *rest = queue(opted, clock, 3)
        later = queue(opted, clock, 2, due=clock() + timedelta(hours=1), tag="later")
        outbox.send_due(clock(), transport, settings)
        assert len(posts_to(fake_twilio, MEMBER)) == 1
        stopped = Member.get_by_id(opted.id)
        assert stopped.status == "opted_out" and clock() <= stopped.stopped_at < clock() + timedelta(seconds=5)
        assert row(first.id).state == "failed" and row(first.id).last_error.startswith("opted_out")
        assert messages_of(first.id) == [("failed", 21610)]
        assert {row(r.id).state for r in rest + later} == {"cancelled"}
        assert all(row(r.id).last_error for r in rest + later)

        fake_twilio.reply(201, accepted("SM" + "1" * 32))
        queue(other, clock, 1)
        outbox.schedule(opted, "checkin", "how was today?", clock(), "after-opt-out", clock())  # planned too late
        for hours in (0, 1, 2, 30):
            outbox.send_due(clock() + timedelta(hours=hours), transport, settings)
        assert len(posts_to(fake_twilio, MEMBER)) == 1
        assert len(posts_to(fake_twilio, OTHER)) == 1
        assert ScheduledMessage.get(ScheduledMessage.idempotency_key == "after-opt-out").state == "cancelled"


@pytest.mark.parametrize("code", [
    pytest.param(21211, id="21211-invalid-number"),
    pytest.param(21614, id="21614-not-a-mobile"),
])
def test_an_invalid_or_landline_number_fails_for_good_without_a_retry(app, clock, settings, fake_twilio, code):
    transport = twilio(fake_twilio.http_client())
    fake_twilio.reply(400, twilio_error(code, "The 'To' number {To} is not a valid (mobile) number.", 400))
    with database.connection_context():
        (queued,) = queue(member(clock), clock)
        result = outbox.send_due(clock(), transport, settings)
        assert result.failed == 1
        fake_twilio.reply(201, accepted("SM" + "2" * 32))
        for hours in (0, 1, 6, 48):
            outbox.send_due(clock() + timedelta(hours=hours), transport, settings)
        final = row(queued.id)
        assert (final.state, final.attempts) == ("failed", 1)
        assert final.last_error.startswith("permanent") and MEMBER not in final.last_error
        assert messages_of(queued.id) == [("failed", code)]
        assert Member.get_by_id(queued.member_id).status == "active"  # a bad number is not an opt-out
    assert len(fake_twilio.requests) == 1


RETRYABLE = [
    pytest.param(429, twilio_error(20429, "Too Many Requests", 429), {"Retry-After": "120"}, 120, id="20429"),
    pytest.param(429, "Too Many Requests", {"Retry-After": "90"}, 90, id="http-429-no-code"),
    pytest.param(503, twilio_error(20503, "Service Unavailable", 503), {"Retry-After": "45"}, 45, id="503"),
    pytest.param(503, "Service Unavailable", {}, None, id="503-no-retry-after"),
]


@pytest.mark.parametrize(("status", "body", "headers", "retry_after"), RETRYABLE)
def test_rate_limits_and_outages_are_retried_later_and_sent_once_twilio_recovers(
        app, clock, settings, fake_twilio, status, body, headers, retry_after):
    transport = twilio(fake_twilio.http_client())
    fake_twilio.reply(status, body, headers)
    with database.connection_context():
        (queued,) = queue(member(clock), clock)
        assert outbox.send_due(clock(), transport, settings).retried == 1
        first = row(queued.id)
        assert (first.state, first.attempts) == ("pending", 1)
        assert first.last_error.startswith("retry")
        # Retry-After is a floor; our own backoff ceiling for a first retry is 15 s, below every header here.
        assert first.due_at >= clock() + timedelta(seconds=retry_after or 1)

        outbox.send_due(first.due_at - timedelta(seconds=1), transport, settings)
        assert len(fake_twilio.requests) == 1  # not before its time

        assert outbox.send_due(first.due_at, transport, settings).retried == 1
        second = row(queued.id)
        assert (second.state, second.attempts) == ("pending", 2)
        assert second.due_at >= first.due_at + timedelta(seconds=retry_after or 1)

        fake_twilio.reply(201, accepted("SM" + "3" * 32))
        assert outbox.send_due(second.due_at, transport, settings).sent == 1
        outbox.send_due(second.due_at + timedelta(hours=2), transport, settings)
        final = row(queued.id)
        assert (final.state, final.attempts, final.last_error) == ("sent", 3, None)
        assert [s for s, _ in messages_of(queued.id)] == ["failed", "failed", "queued"]
    assert len(fake_twilio.requests) == 3


def test_retries_stop_at_max_attempts_and_the_row_fails_with_the_reason(app, clock, settings, fake_twilio):
    transport = twilio(fake_twilio.http_client())
    capped = settings.with_overrides({"max_attempts": 3})
    fake_twilio.reply(503, twilio_error(20503, "Service Unavailable", 503))
    with database.connection_context():
        (queued,) = queue(member(clock), clock)
        when = clock()
        for _ in range(6):
            outbox.send_due(when, transport, capped)
            when = max(when, row(queued.id).due_at) + timedelta(seconds=1)
        final = row(queued.id)
        assert (final.state, final.attempts) == ("failed", 3)
        assert final.last_error.startswith("retry")
    assert len(fake_twilio.requests) == 3


def test_a_short_outage_retried_up_to_max_attempts_is_delivered_when_twilio_recovers(app, clock, settings,
                                                                                   fake_twilio):
    # Four attempts inside five minutes: failed attempts are not repeats of a text the member received.
    transport = twilio(fake_twilio.http_client())
    fake_twilio.reply(503, "Service Unavailable")
    with database.connection_context():
        (queued,) = queue(member(clock), clock)
        when = clock()
        for _ in range(settings.max_attempts - 1):
            outbox.send_due(when, transport, settings)
            assert row(queued.id).state == "pending", row(queued.id).last_error
            when = row(queued.id).due_at
        assert when - clock() < timedelta(minutes=5)
        fake_twilio.reply(201, accepted("SM" + "6" * 32))
        outbox.send_due(when, transport, settings)
        final = row(queued.id)
        assert (final.state, final.attempts) == ("sent", settings.max_attempts), final.last_error
    assert len(fake_twilio.requests) == settings.max_attempts


def test_connection_refused_is_retried_because_nothing_reached_twilio(app, clock, settings, closed_port_url):
    transport = twilio(PrismHttpClient(closed_port_url, timeout=2))
    with database.connection_context():
        (queued,) = queue(member(clock), clock)
        assert outbox.send_due(clock(), transport, settings).retried == 1
        assert (row(queued.id).state, row(queued.id).attempts) == ("pending", 1)


@pytest.mark.parametrize("failure", ["hang", "drop"])
def test_a_send_with_no_clear_answer_is_unknown_and_never_resent(app, clock, settings, fake_twilio, failure):
    transport = twilio(fake_twilio.http_client(timeout=0.5), timeout=0.5)
    fake_twilio.hang(10) if failure == "hang" else fake_twilio.drop()
    with database.connection_context():
        (queued,) = queue(member(clock), clock)
        assert outbox.send_due(clock(), transport, settings).unknown == 1
        assert fake_twilio.requests[0].data["Body"] == queued.body  # Twilio had the whole request
        fake_twilio.reply(201, accepted("SM" + "4" * 32))
        for later in (timedelta(0), timedelta(seconds=settings.lease_seconds + 1), timedelta(hours=1),
                      timedelta(days=2)):
            outbox.send_due(clock() + later, transport, settings)
        final = row(queued.id)
        assert (final.state, final.attempts) == ("unknown", 1)
        assert final.last_error.startswith("unknown")
        assert messages_of(queued.id) == [("unknown", None)]
    assert len(fake_twilio.requests) == 1


def test_an_unknown_send_twilio_has_on_record_is_reconciled_as_sent_without_a_second_send(
        app, clock, settings, fake_twilio):
    transport = twilio(fake_twilio.http_client(timeout=0.5), timeout=0.5)
    fake_twilio.hang(10)
    with database.connection_context():
        (queued,) = queue(member(clock), clock)
        outbox.send_due(clock(), transport, settings)
        sid = "SM" + "5" * 32
        listed = {**accepted(sid), "status": "delivered", "body": queued.body}
        fake_twilio.reply(200, {"messages": [listed], "next_page_uri": None, "page": 0, "page_size": 20})
        assert reconcile_unknown(clock() + timedelta(minutes=5), transport) == 1
        final = row(queued.id)
        assert final.state == "sent"
        assert [(m.twilio_sid, m.status) for m in Message.select().where(Message.scheduled == queued.id)] == [
            (sid, "delivered")]
        outbox.send_due(clock() + timedelta(hours=1), transport, settings)
    assert [r.method for r in fake_twilio.requests] == ["POST", "GET"]


def test_an_unknown_send_twilio_has_no_record_of_stays_unknown_for_an_operator(app, clock, settings, fake_twilio):
    transport = twilio(fake_twilio.http_client(timeout=0.5), timeout=0.5)
    fake_twilio.hang(10)
    with database.connection_context():
        (queued,) = queue(member(clock), clock)
        outbox.send_due(clock(), transport, settings)
        fake_twilio.reply(200, {"messages": [], "next_page_uri": None, "page": 0, "page_size": 20})
        assert reconcile_unknown(clock() + timedelta(minutes=5), transport) == 0
        outbox.send_due(clock() + timedelta(hours=1), transport, settings)
        final = row(queued.id)
        assert final.state == "unknown" and "operator" in final.last_error
    assert [r.method for r in fake_twilio.requests] == ["POST", "GET"]
