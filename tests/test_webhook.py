"""POST /sms and POST /sms/status: signatures, dedupe, normalisation, TwiML, status order."""

from __future__ import annotations

import threading
import xml.etree.ElementTree as ET
from urllib.parse import urlencode

import pytest

from bot.db import database
from bot.models import Member, Message, ScheduledMessage
from tests.conftest import PUBLIC_URL, sign

FORM = "application/x-www-form-urlencoded"


def post(client, path, params, *, signature=None, url=None):
    headers = {}
    if signature is not False:
        headers["X-Twilio-Signature"] = signature or sign(url or PUBLIC_URL + path, params)
    return client.post(path, data=urlencode(params), content_type=FORM, headers=headers)


def inbound(body="URGE", sid="SM" + "a" * 32, sender="+12125550123"):
    return {"MessageSid": sid, "From": sender, "To": "+15550000000", "Body": body}


def counts():
    with database.connection_context():
        return Member.select().count(), Message.select().count(), ScheduledMessage.select().count()


def test_unsigned_request_is_forbidden_and_stores_nothing(client):
    response = post(client, "/sms", inbound(), signature=False)
    assert response.status_code == 403
    assert counts() == (0, 0, 0)


def test_forged_signature_is_forbidden(client):
    response = post(client, "/sms", inbound(), signature="bm90IGEgc2lnbmF0dXJl")
    assert response.status_code == 403
    assert counts() == (0, 0, 0)


def test_signature_for_other_params_is_forbidden(client):
    params = inbound()
    signature = sign(PUBLIC_URL + "/sms", {**params, "Body": "something else"})
    assert post(client, "/sms", params, signature=signature).status_code == 403


def test_signature_is_checked_against_the_public_url_not_the_local_one(client):
    params = inbound()
    local = sign("http://localhost/sms", params)
    assert post(client, "/sms", params, signature=local).status_code == 403
    assert post(client, "/sms", params).status_code == 200


def test_query_string_is_part_of_the_signed_url(client):
    params = inbound()
    response = client.post("/sms?tenant=1", data=urlencode(params), content_type=FORM,
                           headers={"X-Twilio-Signature": sign(PUBLIC_URL + "/sms?tenant=1", params)})
    assert response.status_code == 200


def test_urge_gets_twiml_reply_and_a_followup_in_twenty_minutes(client, clock):
    response = post(client, "/sms", inbound("I want to call him"))
    assert response.status_code == 200
    assert response.mimetype == "text/xml"
    texts = [m.text for m in ET.fromstring(response.data).iter("Message")]
    assert any("20" in t for t in texts)
    with database.connection_context():
        followup = ScheduledMessage.get(ScheduledMessage.kind == "urge_followup")
    assert (followup.due_at - clock()).total_seconds() == 20 * 60


def test_replies_carry_a_status_action_back_to_us(client):
    response = post(client, "/sms", inbound("HELP"))
    message = next(ET.fromstring(response.data).iter("Message"))
    assert message.get("action").startswith(PUBLIC_URL + "/sms/status?reply=")


def test_replayed_message_sid_stores_nothing_new_and_sends_no_second_reply(client):
    first = post(client, "/sms", inbound("URGE"))
    before = counts()
    again = post(client, "/sms", inbound("URGE"))
    assert first.status_code == again.status_code == 200
    assert list(ET.fromstring(again.data).iter("Message")) == []
    assert counts() == before


def test_message_sid_replayed_concurrently_is_stored_once(app):
    params = inbound("I really want to text her")
    statuses, replies = [], []

    def hit():
        response = post(app.test_client(), "/sms", params)
        statuses.append(response.status_code)
        replies.append(len(list(ET.fromstring(response.data).iter("Message"))) if response.status_code == 200 else 0)

    threads = [threading.Thread(target=hit) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 20
    with database.connection_context():
        assert Message.select().where(Message.direction == "in").count() == 1
        assert ScheduledMessage.select().count() == 1
    assert sorted(replies, reverse=True)[1:] == [0] * 19


@pytest.mark.parametrize("sender", ["2125550123", "(212) 555-0123", "+1 212 555 0123"])
def test_sender_is_normalised_to_e164(client, sender):
    post(client, "/sms", inbound(sender=sender))
    with database.connection_context():
        assert [m.phone for m in Member.select()] == ["+12125550123"]


def test_whatsapp_sender_is_answered_on_whatsapp(client, dispatch, transport, clock):
    post(client, "/sms", inbound("URGE", sender="whatsapp:+12125550123"))
    with database.connection_context():
        assert Member.get().channel == "whatsapp"
    clock.advance(minutes=21)
    dispatch()
    assert transport.sent and transport.sent[0][2] == "whatsapp"


@pytest.mark.parametrize("params", [
    {"From": "+12125550123", "Body": "hi"},
    {"MessageSid": "SM1", "Body": "hi"},
    {"MessageSid": "SM1", "From": "not a number", "Body": "hi"},
    {"MessageSid": "SM1", "From": "tel:+12125550123", "Body": "hi"},
    {"MessageSid": "SM1", "From": "client:+12125550123", "Body": "hi"},
    {"MessageSid": "SM1", "From": "sip:+12125550123@example.org", "Body": "hi"},
    {"MessageSid": "SM1", "From": "messenger:12125550123", "Body": "hi"},
    {"MessageSid": "SM1", "From": "+1212555012" + "3" * 60, "Body": "hi"},
    {"MessageSid": "SM1", "From": "+12125550123", "Body": "x" * 1601},
])
def test_malformed_inbound_is_a_clean_400_that_changes_nothing(client, params):
    assert post(client, "/sms", params).status_code == 400
    assert counts() == (0, 0, 0)


def test_wrong_content_type_is_refused(client):
    params = inbound()
    response = client.post("/sms", json=params, headers={"X-Twilio-Signature": sign(PUBLIC_URL + "/sms", {})})
    assert response.status_code in (400, 403)
    assert counts() == (0, 0, 0)


def status(client, sid, value, reply=None):
    path = "/sms/status" + (f"?reply={reply}" if reply else "")
    return post(client, path, {"MessageSid": sid, "MessageStatus": value}, url=PUBLIC_URL + path)


def test_status_callback_moves_forward_only(client, dispatch, clock):
    post(client, "/sms", inbound("URGE"))
    clock.advance(minutes=21)
    dispatch()
    with database.connection_context():
        sid = Message.get(Message.kind == "urge_followup").twilio_sid
    for value in ("sent", "delivered", "sent", "queued"):
        assert status(client, sid, value).status_code == 200
    with database.connection_context():
        assert Message.get(Message.twilio_sid == sid).status == "delivered"


def test_status_callback_for_a_twiml_reply_records_its_sid(client):
    response = post(client, "/sms", inbound("HELP"))
    action = next(ET.fromstring(response.data).iter("Message")).get("action")
    reply_id = int(action.rsplit("=", 1)[1])
    assert status(client, "SM" + "b" * 32, "delivered", reply=reply_id).status_code == 200
    with database.connection_context():
        reply = Message.get_by_id(reply_id)
    assert (reply.twilio_sid, reply.status) == ("SM" + "b" * 32, "delivered")


def test_status_callback_must_be_signed(client):
    response = post(client, "/sms/status", {"MessageSid": "SMx", "MessageStatus": "delivered"}, signature=False)
    assert response.status_code == 403


def test_status_callback_for_unknown_sid_or_status_is_refused(client):
    assert status(client, "SMnope", "delivered").status_code == 404
    assert status(client, "SMnope", "exploded").status_code == 400
