"""The webhooks under hostile and disorderly input: property-based, through the Flask test client, signed.

- POST /sms: whatever the body, fields or content type, the answer is a clean 4xx that changed nothing,
  or valid TwiML whose replies are stored together with the text they answer. Never a 500.
- POST /sms/status: callbacks duplicated and out of order leave the furthest status.
"""

from __future__ import annotations

import json
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.db import database
from bot.inbound import STATUS_RANK
from bot.models import ALL_MODELS, Member, Message
from tests.conftest import PUBLIC_URL, sign

FORM = "application/x-www-form-urlencoded"
PROPERTY = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large])
NUMBERS = ["+12125550123", "+12125550124", "whatsapp:+12125550125", "(212) 555-0126", "+447700900127"]


def fresh_sid() -> str:
    return "SM" + uuid.uuid4().hex


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table the bot writes, to tell "changed nothing" from "changed something"."""
    with database.connection_context():
        return {model.__name__: list(model.select().order_by(*model._meta.get_primary_keys()).tuples())
                for model in ALL_MODELS}


def spooled(app) -> list[str]:
    return sorted(path.name for path in Path(app.config["SETTINGS"].spool_dir).glob("*.json"))


def post_sms(client, params: dict, content_type: str | None = FORM):
    """POST /sms signed as Twilio signs: over the URL and, for a form post only, its parameters."""
    headers = {}
    if content_type is not None and content_type.split(";")[0] == FORM:
        data = urlencode(params)
        headers["X-Twilio-Signature"] = sign(PUBLIC_URL + "/sms", params)
    else:
        data = json.dumps(params) if content_type == "application/json" else urlencode(params)
        headers["X-Twilio-Signature"] = sign(PUBLIC_URL + "/sms", {})
    if content_type is None:
        return client.post("/sms", data=data.encode(), headers=headers)
    if content_type == "multipart/form-data":
        return client.post("/sms", data=params, content_type=content_type, headers=headers)
    return client.post("/sms", data=data, content_type=content_type, headers=headers)


def check_clean_outcome(app, response, before, sid: str | None, body: str | None):
    """4xx and nothing changed, or valid TwiML with the text and exactly its replies stored."""
    assert response.status_code == 200 or 400 <= response.status_code < 500, \
        f"{response.status_code}: {response.data[:300]!r}"
    after = snapshot()
    if response.status_code != 200:
        assert after == before, "a refused request changed the database"
        return
    root = ET.fromstring(response.data)  # valid XML, or this raises
    assert root.tag == "Response" and all(child.tag == "Message" for child in root)
    replies = [m.text or "" for m in root]
    known = {row[0] for row in before["Message"]}
    with database.connection_context():
        new = [m for m in Message.select().order_by(Message.id) if m.id not in known]
    new_in = [(m.twilio_sid, m.body) for m in new if m.direction == "in"]
    new_out = [m for m in new if m.direction == "out"]
    if not new_in:
        assert spooled(app) and replies == [], "answered 200 but the text is neither stored nor spooled"
        return
    assert new_in == [(sid, body)]
    assert [m.body.replace("\r\n", "\n").replace("\r", "\n") for m in new_out] == replies, \
        "the replies in the TwiML are not the replies stored"


# --- bodies ------------------------------------------------------------------------------------------

bodies = st.one_of(
    st.text(max_size=300),
    st.just(""),
    st.binary(max_size=300).map(lambda raw: raw.decode("latin-1")),  # binary-looking: NUL, controls, high bytes
    st.integers(min_value=1590, max_value=1700).map(lambda n: "x" * n),
    st.tuples(st.text(min_size=1, max_size=5), st.integers(min_value=300, max_value=420)).map(
        lambda pair: (pair[0] * pair[1])[:1700]),
    st.sampled_from(["URGE", "I really want to call him", "he texted me", "I called him", "HOLD I miss you", "3",
                     "yes", "STOP", "START", "HELP", "PAUSE 2 days", "RESUME", "STATS", "DELETE", "\u200b",
                     "\U0001f62d\U0001f62d", "<Message>hi</Message>", "]]>&amp;", "\x00", "a\x00b"]),
)


@PROPERTY
@given(body=bodies, sender=st.sampled_from(NUMBERS))
def test_any_body_gets_a_clean_4xx_or_valid_twiml_with_everything_stored(app, client, body, sender):
    sid, before = fresh_sid(), snapshot()
    response = post_sms(client, {"MessageSid": sid, "From": sender, "To": "+15550000000", "Body": body})
    check_clean_outcome(app, response, before, sid, body)
    if "\x00" in body or len(body) > 1600:
        assert response.status_code == 400


@pytest.mark.parametrize("length", [1599, 1600, 1601])
def test_the_longest_text_twilio_delivers_is_taken_and_one_more_character_is_refused(app, client, length):
    sid, before = fresh_sid(), snapshot()
    body = "\u00e9" * length  # characters, not bytes: 1,600 of them fit
    response = post_sms(client, {"MessageSid": sid, "From": NUMBERS[0], "Body": body})
    assert response.status_code == (400 if length > 1600 else 200)
    check_clean_outcome(app, response, before, sid, body)


# --- missing fields and content types ------------------------------------------------------------------

CONTENT_TYPES = [FORM, "application/json", "text/plain", "multipart/form-data", "text/xml", None,
                 FORM + "; charset=utf-8"]

partial_forms = st.fixed_dictionaries({}, optional={
    "MessageSid": st.sampled_from(["SM" + "c" * 32, ""]),
    "SmsSid": st.sampled_from(["SM" + "d" * 32, ""]),
    "From": st.sampled_from(NUMBERS + ["", "not a number", "whatsapp:", "+1"]),
    "To": st.just("+15550000000"),
    "Body": st.sampled_from(["URGE", "", "x" * 1601]),
    "NumMedia": st.sampled_from(["0", "1"]),
})


@PROPERTY
@given(params=partial_forms, content_type=st.sampled_from(CONTENT_TYPES))
def test_missing_fields_or_a_wrong_content_type_get_a_clean_4xx_or_valid_twiml(app, client, params, content_type):
    sid = fresh_sid()
    params = {key: (sid if key in ("MessageSid", "SmsSid") and value else value) for key, value in params.items()}
    before = snapshot()
    response = post_sms(client, params, content_type)
    check_clean_outcome(app, response, before, sid, params.get("Body", ""))
    if content_type is None or not content_type.startswith(FORM):
        assert 400 <= response.status_code < 500, "only a form post is a text"
    elif not (params.get("MessageSid") or params.get("SmsSid")) or not params.get("From"):
        assert response.status_code == 400


# --- arbitrary field values ------------------------------------------------------------------------

@PROPERTY
@given(sid=st.one_of(st.text(min_size=1, max_size=40), st.text(min_size=250, max_size=400),
                     st.binary(min_size=1, max_size=40).map(lambda raw: raw.decode("latin-1"))),
       sender=st.one_of(st.text(max_size=40), st.sampled_from(NUMBERS)),
       body=st.sampled_from(["URGE", "hi", ""]))
def test_any_sid_or_sender_value_gets_a_clean_4xx_or_valid_twiml(app, client, sid, sender, body):
    sid += uuid.uuid4().hex  # examples must not replay each other's sids
    before = snapshot()
    response = post_sms(client, {"MessageSid": sid, "From": sender, "Body": body})
    check_clean_outcome(app, response, before, sid, body)


# --- status callbacks ------------------------------------------------------------------------------

# What Twilio can report for one message, in the order it happens.
LIFECYCLES = [
    ("queued", "sending", "sent", "delivered"),
    ("queued", "sending", "sent", "delivered", "read"),  # WhatsApp
    ("queued", "sending", "sent", "undelivered"),
    ("queued", "failed"),
    ("accepted", "queued", "sending", "sent", "delivered"),  # through a Messaging Service
]


@st.composite
def callbacks(draw):
    """A lifecycle and the callbacks for it as they might arrive: some lost, some repeated, any order."""
    lifecycle = draw(st.sampled_from(LIFECYCLES))
    posted = draw(st.lists(st.sampled_from(lifecycle), min_size=1, max_size=10))
    return draw(st.permutations(posted))


def post_status(client, sid: str, status: str, *, reply_id: int | None = None):
    path = "/sms/status" + (f"?reply={reply_id}" if reply_id is not None else "")
    params = {"MessageSid": sid, "MessageStatus": status, "AccountSid": "AC" + "0" * 32, "To": NUMBERS[0],
              "From": "+15550000000"}
    if status in ("undelivered", "failed"):
        params["ErrorCode"] = "30003"
    return client.post(path, data=urlencode(params), content_type=FORM,
                       headers={"X-Twilio-Signature": sign(PUBLIC_URL + path, params)})


def outbound(clock, *, sid: str | None) -> Message:
    """An outbound text as the bot stores it: sent by the outbox (sid known) or a TwiML reply (sid not yet)."""
    with database.connection_context():
        member, _ = Member.get_or_create(phone=NUMBERS[0], defaults={"created_at": clock()})
        return Message.create(member=member, direction="out", body="hello", twilio_sid=sid, status="queued",
                              kind="manual" if sid else "reply", created_at=clock(), updated_at=clock())


def furthest(statuses) -> str:
    return max(["queued", *statuses], key=lambda s: STATUS_RANK[s])


@PROPERTY
@given(order=callbacks(), twiml_reply=st.booleans())
def test_status_callbacks_duplicated_and_out_of_order_leave_the_furthest_status(app, client, clock, order,
                                                                                twiml_reply):
    sid = fresh_sid()
    message = outbound(clock, sid=None if twiml_reply else sid)
    for status in order:
        response = post_status(client, sid, status, reply_id=message.id if twiml_reply else None)
        assert 200 <= response.status_code < 300, response.data
    with database.connection_context():
        final = Message.get_by_id(message.id)
    assert (final.twilio_sid, final.status) == (sid, furthest(order)), f"after {order}"
    if final.status in ("undelivered", "failed"):
        assert final.error_code == 30003


@pytest.mark.parametrize("late", ["queued", "accepted"])
def test_a_late_earlier_callback_never_moves_a_message_back_from_twilios_sending(app, client, clock, late):
    sid = fresh_sid()
    message = outbound(clock, sid=sid)
    assert post_status(client, sid, "sending").status_code < 300
    assert post_status(client, sid, late).status_code < 300
    with database.connection_context():
        assert Message.get_by_id(message.id).status == "sending"


@pytest.mark.parametrize(("sid", "sender"), [
    pytest.param("SM" + "a" * 300, NUMBERS[0], id="sid-longer-than-the-column"),
    pytest.param("SM\x00" + "a" * 31, NUMBERS[0], id="sid-with-nul"),
    pytest.param("SM" + "e" * 32, "+1212555\x000199", id="sender-with-nul"),
    pytest.param("SM" + "f" * 32, "+1212555" + "0" * 300, id="sender-far-too-long"),
])
def test_a_malformed_sid_or_sender_is_a_clean_4xx_on_every_database(app, client, sid, sender):
    before = snapshot()
    response = post_sms(client, {"MessageSid": sid, "From": sender, "Body": "URGE"})
    check_clean_outcome(app, response, before, sid, "URGE")


status_params = st.fixed_dictionaries({
    "MessageSid": st.one_of(st.just("SM" + "9" * 32), st.text(max_size=300)),
    "MessageStatus": st.one_of(st.sampled_from(sorted(STATUS_RANK)), st.text(max_size=12)),
}, optional={
    "ErrorCode": st.one_of(st.integers(min_value=-2**70, max_value=2**70).map(str), st.text(max_size=8)),
})


@PROPERTY
@given(params=status_params,
       reply=st.one_of(st.none(), st.integers(min_value=-2**70, max_value=2**70).map(str), st.text(max_size=8)))
def test_any_status_callback_gets_a_clean_answer_and_a_refused_one_changes_nothing(app, client, clock, params, reply):
    if not snapshot()["Message"]:
        outbound(clock, sid="SM" + "9" * 32)  # a text the callbacks can be about
    path = "/sms/status" + (f"?{urlencode({'reply': reply})}" if reply is not None else "")
    before = snapshot()
    response = client.post(path, data=urlencode(params), content_type=FORM,
                           headers={"X-Twilio-Signature": sign(PUBLIC_URL + path, params)})
    assert 200 <= response.status_code < 300 or 400 <= response.status_code < 500, \
        f"{response.status_code}: {response.data[:200]!r}"
    if response.status_code >= 400:
        assert snapshot() == before


@pytest.mark.parametrize(("query", "params"), [
    pytest.param("?reply=9223372036854775808", {"MessageStatus": "sent"}, id="reply-id-beyond-64-bits"),
    pytest.param("?reply=2147483648", {"MessageStatus": "sent"}, id="reply-id-beyond-32-bits"),
    pytest.param("", {"MessageStatus": "failed", "ErrorCode": "2147483648"}, id="error-code-beyond-32-bits"),
    pytest.param("", {"MessageStatus": "failed", "ErrorCode": "9223372036854775808"}, id="error-code-beyond-64-bits"),
    pytest.param("", {"MessageStatus": "sent", "MessageSid": "SM\x00" + "9" * 31}, id="sid-with-nul"),
    pytest.param("?reply=1", {"MessageStatus": "sent", "MessageSid": "SM" + "9" * 300}, id="reply-with-long-sid"),
])
def test_a_malformed_status_callback_is_a_clean_4xx_on_every_database(app, client, clock, query, params):
    assert outbound(clock, sid=None).id == 1  # a TwiML reply, for ?reply=1
    outbound(clock, sid="SM" + "8" * 32)  # a text the outbox sent
    params = {"MessageSid": "SM" + "8" * 32, **params}
    before = snapshot()
    response = client.post("/sms/status" + query, data=urlencode(params), content_type=FORM,
                           headers={"X-Twilio-Signature": sign(PUBLIC_URL + "/sms/status" + query, params)})
    assert 200 <= response.status_code < 300 or 400 <= response.status_code < 500, response.status_code
    if response.status_code >= 400:
        assert snapshot() == before
