"""Outbound transports: Twilio over real HTTP (Prism and a local fake), the console, and the factory."""

from __future__ import annotations

import io
import logging
from datetime import UTC, datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
import requests
from urllib3.exceptions import ConnectTimeoutError, MaxRetryError, ProtocolError

from bot.transport import (
    ConsoleTransport,
    SendError,
    SendResult,
    TwilioTransport,
    build_transport,
)
from tests.twilio_mocks import ACCOUNT_SID, AUTH_TOKEN, PrismHttpClient, twilio_error

# Fixtures prism_twilio, fake_twilio and closed_port_url come from tests.twilio_mocks (registered in conftest.py).

MEMBER = "+15551234567"
BOT_NUMBER = "+15557654321"
SERVICE_SID = "MG" + "89abcdef01234567" * 2
BODY = "Still thinking of him? Breathe first; we'll check in at 9."
CALLBACK = "https://bot.example.org/sms/status"
PRISM_SID = "SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"  # Twilio's example Message in its OpenAPI description


def twilio(http_client, **kwargs) -> TwilioTransport:
    kwargs.setdefault("from_number", BOT_NUMBER)
    return TwilioTransport(ACCOUNT_SID, AUTH_TOKEN, http_client=http_client, **kwargs)


def assert_discreet(error: SendError) -> None:
    text = str(error)
    assert MEMBER not in text
    assert MEMBER[1:] not in text
    assert BODY not in text
    assert "***4567" in text


# --- Twilio over Prism (Twilio's own OpenAPI description) -------------------------------------------


def test_twilio_send_returns_the_sid_twilio_assigned(prism_twilio):
    http = prism_twilio.http_client()
    result = twilio(http).send(MEMBER, BODY)
    assert result == SendResult(PRISM_SID, "queued", 1)
    (sent,) = http.requests
    assert sent.method == "POST"
    assert sent.url.endswith(f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json")
    assert sent.data == {"To": MEMBER, "From": BOT_NUMBER, "Body": BODY}


def test_twilio_send_through_a_messaging_service_sends_no_from(prism_twilio):
    http = prism_twilio.http_client()
    result = twilio(http, from_number=None, messaging_service_sid=SERVICE_SID).send(MEMBER, BODY)
    assert result.sid == PRISM_SID
    assert result.status == "queued"
    assert http.requests[0].data == {"To": MEMBER, "MessagingServiceSid": SERVICE_SID, "Body": BODY}


def test_twilio_whatsapp_prefixes_both_to_and_from(prism_twilio):
    http = prism_twilio.http_client()
    twilio(http).send(MEMBER, BODY, channel="whatsapp")
    data = http.requests[0].data
    assert data["To"] == "whatsapp:" + MEMBER
    assert data["From"] == "whatsapp:" + BOT_NUMBER


def test_twilio_whatsapp_through_a_messaging_service_prefixes_only_to(prism_twilio):
    http = prism_twilio.http_client()
    twilio(http, from_number=None, messaging_service_sid=SERVICE_SID).send(MEMBER, BODY, channel="whatsapp")
    assert http.requests[0].data["To"] == "whatsapp:" + MEMBER
    assert "From" not in http.requests[0].data


def test_twilio_send_asks_for_status_callbacks_when_configured(prism_twilio):
    http = prism_twilio.http_client()
    twilio(http, status_callback=CALLBACK).send(MEMBER, BODY)
    twilio(http, status_callback=CALLBACK).send(MEMBER, BODY, ref=42)
    assert http.requests[0].data["StatusCallback"] == CALLBACK
    assert http.requests[1].data["StatusCallback"] == CALLBACK + "?reply=42"  # finds its message before the sid does


def test_twilio_request_that_twilios_schema_rejects_is_permanent(prism_twilio):
    # Prism validates against Twilio's schema: a malformed Messaging Service SID gets a 422.
    http = prism_twilio.http_client()
    with pytest.raises(SendError) as caught:
        twilio(http, from_number=None, messaging_service_sid="MGnot-a-sid").send(MEMBER, BODY)
    assert caught.value.outcome == "permanent"
    assert (caught.value.http_status, caught.value.code) == (422, None)
    assert_discreet(caught.value)


def test_twilio_find_sent_lists_messages_sent_to_the_number_since_a_time(prism_twilio):
    http = prism_twilio.http_client()
    since = datetime(2024, 5, 1, 12, 30, tzinfo=UTC)
    found = twilio(http).find_sent(MEMBER, since)
    assert 1 <= len(found) <= 20
    assert found[0] == SendResult("SMded05904ccb347238880ca9264e8fe1c", "sent", 1, "testing")
    first = http.requests[0]
    assert first.method == "GET"
    assert first.params["To"] == MEMBER
    assert first.params["DateSent>"] == "2024-05-01T12:30:00Z"


def test_twilio_find_sent_converts_since_to_utc_and_refuses_naive_times(prism_twilio):
    http = prism_twilio.http_client()
    transport = twilio(http)
    transport.find_sent(MEMBER, datetime(2024, 5, 1, 14, 30, tzinfo=timezone(timedelta(hours=2))), channel="whatsapp")
    assert http.requests[0].params["To"] == "whatsapp:" + MEMBER
    assert http.requests[0].params["DateSent>"] == "2024-05-01T12:30:00Z"
    with pytest.raises(ValueError, match="aware"):
        transport.find_sent(MEMBER, datetime(2024, 5, 1, 14, 30))


# --- Twilio errors from a local fake ---------------------------------------------------------------

ERROR_CASES = [
    pytest.param(400, twilio_error(21610, "Attempt to send to unsubscribed recipient", 400), {},
                 "opted_out", 21610, None, id="21610-unsubscribed"),
    pytest.param(400, twilio_error(21211, "The 'To' number {To} is not a valid phone number.", 400), {},
                 "permanent", 21211, None, id="21211-invalid-number"),
    pytest.param(400, twilio_error(21614, "'To' number {To} is not a valid mobile number", 400), {},
                 "permanent", 21614, None, id="21614-not-mobile"),
    pytest.param(400, twilio_error(21408, "Permission to send an SMS has not been enabled for the region", 400),
                 {}, "permanent", 21408, None, id="21408-region"),
    pytest.param(401, twilio_error(20003, "Authenticate", 401), {}, "permanent", 20003, None, id="401-auth"),
    pytest.param(429, twilio_error(20429, "Too Many Requests", 429), {"Retry-After": "7"},
                 "retry", 20429, 7.0, id="20429-rate-limited"),
    pytest.param(500, "Internal Server Error", {}, "retry", None, None, id="500-plain-text"),
    pytest.param(503, twilio_error(20503, "Service Unavailable", 503), {"Retry-After": "2"},
                 "retry", 20503, 2.0, id="503-unavailable"),
    pytest.param(429, {"type": "https://www.twilio.com/docs/errors/20429", "title": "Too Many Requests",
                       "status": 429, "code": 20429, "detail": "slow down sending to {To}"}, {},
                 "retry", 20429, None, id="rfc9457-429"),
]


@pytest.mark.parametrize(("status", "body", "headers", "outcome", "code", "retry_after"), ERROR_CASES)
def test_twilio_error_maps_to_what_the_outbox_should_do(fake_twilio, status, body, headers, outcome, code,
                                                        retry_after):
    fake_twilio.reply(status, body, headers)
    with pytest.raises(SendError) as caught:
        twilio(fake_twilio.http_client()).send(MEMBER, BODY)
    error = caught.value
    assert (error.outcome, error.code, error.http_status, error.retry_after) == (outcome, code, status, retry_after)
    assert_discreet(error)


def test_twilio_error_message_never_echoes_the_body(fake_twilio):
    fake_twilio.reply(400, twilio_error(21617, f"The concatenated message body '{BODY}' exceeds 1600", 400))
    with pytest.raises(SendError) as caught:
        twilio(fake_twilio.http_client()).send(MEMBER, BODY)
    assert caught.value.outcome == "permanent"
    assert_discreet(caught.value)


def test_twilio_read_timeout_after_sending_is_unknown_not_retried(fake_twilio):
    fake_twilio.hang(5)
    transport = twilio(fake_twilio.http_client(timeout=0.5), timeout=0.5)
    with pytest.raises(SendError) as caught:
        transport.send(MEMBER, BODY)
    assert caught.value.outcome == "unknown"
    assert fake_twilio.requests[0].data["Body"] == BODY  # Twilio had the whole request
    assert_discreet(caught.value)


def test_twilio_default_http_client_uses_the_transport_timeout():
    transport = twilio(None, timeout=0.5)
    assert transport.client().http_client.inner.timeout == 0.5


def test_twilio_default_http_client_masks_numbers_in_its_request_logs(caplog):
    http = twilio(None).client().http_client.inner
    with caplog.at_level(logging.INFO, logger="bot.transport.http"):
        http.log_request({"method": "GET", "url": "https://api.twilio.com/Messages.json", "headers": {},
                          "params": {"To": "whatsapp:" + MEMBER, "PageSize": 20}})
    assert "***4567" in caplog.text
    assert MEMBER[2:] not in caplog.text


def test_twilio_connection_dropped_after_sending_is_unknown(fake_twilio):
    fake_twilio.drop()
    with pytest.raises(SendError) as caught:
        twilio(fake_twilio.http_client(timeout=2)).send(MEMBER, BODY)
    assert caught.value.outcome == "unknown"
    assert_discreet(caught.value)


def test_twilio_connection_refused_is_retried(closed_port_url):
    with pytest.raises(SendError) as caught:
        twilio(PrismHttpClient(closed_port_url, timeout=2)).send(MEMBER, BODY)
    assert caught.value.outcome == "retry"
    assert caught.value.retry_after is None
    assert_discreet(caught.value)


class RaisingHttpClient(PrismHttpClient):
    def __init__(self, error: Exception):
        super().__init__("http://127.0.0.1:9")
        self.error = error

    def request(self, *args, **kwargs):
        raise self.error


def test_twilio_connect_timeout_is_retried_because_nothing_was_sent():
    url = "http://127.0.0.1:9/2010-04-01/Accounts/x/Messages.json"
    error = requests.exceptions.ConnectTimeout(MaxRetryError(None, url, ConnectTimeoutError("connect timed out")))
    with pytest.raises(SendError) as caught:
        twilio(RaisingHttpClient(error)).send(MEMBER, BODY)
    assert caught.value.outcome == "retry"


def test_twilio_reset_while_reading_the_answer_is_unknown():
    error = requests.exceptions.ConnectionError(ProtocolError("Connection aborted.", ConnectionResetError(104)))
    with pytest.raises(SendError) as caught:
        twilio(RaisingHttpClient(error)).send(MEMBER, BODY)
    assert caught.value.outcome == "unknown"


def test_twilio_find_sent_timeout_is_retry_because_asking_again_is_harmless(fake_twilio):
    fake_twilio.hang(5)
    transport = twilio(fake_twilio.http_client(timeout=0.5), timeout=0.5)
    with pytest.raises(SendError) as caught:
        transport.find_sent(MEMBER, datetime(2024, 5, 1, tzinfo=UTC))
    assert caught.value.outcome == "retry"
    assert_discreet(caught.value)


def test_twilio_transport_needs_exactly_one_sender():
    with pytest.raises(ValueError, match="exactly one"):
        TwilioTransport(ACCOUNT_SID, AUTH_TOKEN)
    with pytest.raises(ValueError, match="exactly one"):
        TwilioTransport(ACCOUNT_SID, AUTH_TOKEN, from_number=BOT_NUMBER, messaging_service_sid=SERVICE_SID)


def test_send_error_refuses_an_unknown_outcome():
    with pytest.raises(ValueError, match="outcome"):
        SendError("nope", outcome="later")


# --- Console ------------------------------------------------------------------------------------


def test_console_prints_the_masked_number_and_the_body(capsys):
    result = ConsoleTransport().send(MEMBER, BODY)
    out = capsys.readouterr().out
    assert out == f"[console -> sms ***4567] {BODY}\n"
    assert MEMBER not in out
    assert result.sid.startswith("CONSOLE-")
    assert len(result.sid) == len("CONSOLE-") + 32
    assert (result.status, result.segments) == ("sent", None)


def test_console_writes_to_the_given_stream_one_line_per_message():
    out = io.StringIO()
    transport = ConsoleTransport(out)
    first = transport.send(MEMBER, "line one\nline two", channel="whatsapp")
    second = transport.send(MEMBER, "again")
    assert out.getvalue().splitlines() == ["[console -> whatsapp ***4567] line one / line two",
                                           "[console -> sms ***4567] again"]
    assert first.sid != second.sid
    assert transport.find_sent(MEMBER, datetime(2024, 1, 1, tzinfo=UTC)) == []


# --- Factory --------------------------------------------------------------------------------------


def settings(**overrides) -> SimpleNamespace:
    values = {"transport": "twilio", "twilio_account_sid": ACCOUNT_SID, "twilio_auth_token": AUTH_TOKEN,
              "twilio_from_number": BOT_NUMBER, "twilio_messaging_service_sid": None,
              "public_url": "https://bot.example.org", "twilio_timeout": 4.5}
    return SimpleNamespace(**(values | overrides))


def test_build_transport_gives_twilio_with_the_status_callback_url():
    transport = build_transport(settings())
    assert isinstance(transport, TwilioTransport)
    assert transport.name == "twilio"
    assert transport.status_callback == CALLBACK
    assert (transport.from_number, transport.messaging_service_sid, transport.timeout) == (BOT_NUMBER, None, 4.5)


def test_build_transport_gives_twilio_through_a_messaging_service():
    transport = build_transport(settings(twilio_from_number=None, twilio_messaging_service_sid=SERVICE_SID))
    assert (transport.from_number, transport.messaging_service_sid) == (None, SERVICE_SID)


def test_build_transport_gives_the_console():
    transport = build_transport(settings(transport="console"))
    assert isinstance(transport, ConsoleTransport)
    assert transport.name == "console"


def test_build_transport_refuses_an_unknown_transport():
    with pytest.raises(ValueError, match="carrier-pigeon"):
        build_transport(settings(transport="carrier-pigeon"))
