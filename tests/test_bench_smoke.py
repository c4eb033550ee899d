"""The benchmark's pure helpers (bench/): fast, no wrk, no gunicorn, no database."""

from __future__ import annotations

import os
from datetime import timedelta
from urllib.parse import parse_qsl

import pytest
from twilio.request_validator import RequestValidator

from bench import bare_app, common, dispatch, planning, run, webhook
from bot.intents import classify


def test_signature_matches_twilios_validator():
    params = {"MessageSid": "SM" + "1" * 32, "From": "+12125550100", "To": "+15550000000", "Body": "HOLD a & b = c"}
    url = webhook.PUBLIC_URL + "/sms"
    signature = webhook.sign(webhook.AUTH_TOKEN, url, params)
    assert signature == RequestValidator(webhook.AUTH_TOKEN).compute_signature(url, params)
    assert RequestValidator(webhook.AUTH_TOKEN).validate(url, params, signature)


def test_precomputed_requests_are_signed_and_each_sid_is_new():
    senders = webhook.phones(50)
    lines = webhook.request_lines(300, senders, "SMtest")
    validator = RequestValidator(webhook.AUTH_TOKEN)
    for line in lines:
        signature, body = line.split("\t")
        assert validator.validate(webhook.PUBLIC_URL + "/sms", dict(parse_qsl(body)), signature)
    assert len({webhook.sid_of(line) for line in lines}) == len(lines)
    assert all(len(webhook.sid_of(line)) == 34 for line in lines)


def test_benchmark_texts_never_end_a_conversation():
    # STOP, DELETE, PAUSE or a crisis text would change what the rest of the run measures.
    allowed = {"urge", "contacted", "spouse_contacted", "rating", "hold", "stats"}
    assert {text: classify(text).name for _, text in webhook.BODIES if classify(text).name not in allowed} == {}


def test_senders_are_distinct_phone_numbers():
    from bot.phones import parse_address

    numbers = webhook.phones(20_000)
    assert len(set(numbers)) == 20_000
    assert parse_address(numbers[-1]).phone == numbers[-1]


def test_bare_app_answers_fixed_twiml():
    response = bare_app.app.test_client().post("/sms", data={"Body": "hi"})
    assert response.status_code == 200
    assert response.mimetype == "text/xml" and b"<Message>" in response.data


def test_planning_slots_put_exactly_k_members_in_each_window():
    due = planning.slots(1_000, 10, 100)
    horizon = timedelta(minutes=15)
    assert sum(when <= planning.K1_AT + horizon for when in due) == 10
    assert sum(planning.K1_AT + horizon < when <= planning.K2_AT + horizon for when in due) == 100
    assert not any(when <= planning.EMPTY_AT + horizon for when in due)


def test_instant_transport_gives_every_send_its_own_sid():
    transport = dispatch.InstantTransport("w0")
    sids = {transport.send("+13125550000", f"m{n}").sid for n in range(100)}
    assert len(sids) == 100 and transport.bodies[0] == "m0"


def test_report_helpers():
    assert common.table(("a", "b"), [(1, 2)]).splitlines() == ["| a | b |", "| --- | --- |", "| 1 | 2 |"]
    assert [common.verdict(v) for v in (True, False, None)] == ["PASS", "MISS", "n/a"]
    assert common.peak_rss_mib(os.getpid()) > 0
    assert common.clean_env(DATABASE_URL="sqlite:///x")["TWILIO_AUTH_TOKEN"] == ""


def test_run_refuses_an_unknown_section():
    with pytest.raises(SystemExit):
        run.main(["--only", "everything"])


def test_store_only_app_checks_the_signature_and_stores_the_text_once(app, database_url, clock, monkeypatch):
    """The second webhook baseline (bench/store_app.py) does what it says: 403 unsigned, one row when signed."""
    import importlib

    from bot.db import database
    from bot.models import Member, Message

    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", webhook.AUTH_TOKEN)
    monkeypatch.setenv("PUBLIC_URL", webhook.PUBLIC_URL)
    from bench import store_app

    store_app = importlib.reload(store_app)
    with database.connection_context():
        Member.create(phone="+12125550100", status="active", created_at=clock(), consent_at=clock())
    senders = ["+12125550100"]
    signature, body = webhook.request_lines(1, senders, "SMstore")[0].split("\t")
    client = store_app.app.test_client()
    form = {"content_type": "application/x-www-form-urlencoded", "data": body}
    assert client.post("/sms", **form).status_code == 403
    response = client.post("/sms", headers={"X-Twilio-Signature": signature}, **form)
    assert response.status_code == 200 and b"<Message>" in response.data
    with database.connection_context():
        assert [(m.direction, m.twilio_sid) for m in Message.select()] == [("in", webhook.sid_of(body))]
