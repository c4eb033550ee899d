"""Twilio retrying one inbound text: the same MessageSid posted 100 times by 20 clients at once.

Real HTTP against a live `gunicorn 'bot:create_app()'` with three worker processes on the test's database
(SQLite file or PostgreSQL), signatures on, as Twilio would call it.
"""

from __future__ import annotations

import threading
import urllib.request
import xml.etree.ElementTree as ET
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

from bot.db import database
from bot.models import Member, Message, ScheduledMessage, UrgeEpisode
from tests.conftest import PUBLIC_URL, sign
from tests.fault_helpers import gunicorn

CLIENTS, POSTS_EACH = 20, 5
ROUNDS = 3  # one sid per round, each from a brand-new number: the race on the first text is the sharp one


def text(n: int, *, sid: str | None = None) -> dict[str, str]:
    sid = sid or f"SM{n:032x}"
    return {"MessageSid": sid, "SmsSid": sid, "AccountSid": "AC" + "0" * 32, "From": f"+1212555{n:04d}",
            "To": "+15550000000", "Body": "I really want to call him", "NumMedia": "0"}


def post(base_url: str, params: dict[str, str]) -> tuple[int, bytes]:
    request = urllib.request.Request(
        base_url + "/sms", data=urlencode(params).encode(), method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded",
                 "X-Twilio-Signature": sign(PUBLIC_URL + "/sms", params)})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def together(base_url: str, requests: list[list[dict]]) -> list[tuple[int, bytes]]:
    """Each inner list is one client's posts, made in order; the clients start at the same moment."""
    start = threading.Barrier(len(requests))

    def client(posts):
        start.wait(timeout=30)
        return [post(base_url, params) for params in posts]

    with ThreadPoolExecutor(len(requests)) as pool:
        return [r for batch in pool.map(client, requests) for r in batch]


def replies_in(body: bytes) -> list[str]:
    return [m.text for m in ET.fromstring(body).iter("Message")]


def test_one_sid_posted_a_hundred_times_by_twenty_clients_is_stored_and_answered_once(app, database_url,
                                                                                        tmp_path):
    with gunicorn(database_url, tmp_path, workers=3) as base_url:
        rounds = [together(base_url, [[text(n)] * POSTS_EACH] * CLIENTS) for n in range(ROUNDS)]

    for n, responses in enumerate(rounds):
        assert Counter(status for status, _ in responses) == {200: CLIENTS * POSTS_EACH}, \
            [body[:300] for status, body in responses if status != 200][:3]
        answered = [replies for replies in map(replies_in, (body for _, body in responses)) if replies]
        assert len(answered) == 1, f"round {n}: {len(answered)} of the responses carried a reply"
        with database.connection_context():
            member = Member.get(Member.phone == text(n)["From"])
            assert Message.select().where(Message.twilio_sid == text(n)["MessageSid"]).count() == 1
            sent = [m.body for m in Message.select().where((Message.member == member.id)
                                                           & (Message.direction == "out")).order_by(Message.id)]
            assert sent == answered[0]
            assert UrgeEpisode.select().where(UrgeEpisode.member == member.id).count() == 1
            assert [r.kind for r in ScheduledMessage.select().where(ScheduledMessage.member == member.id)] == [
                "urge_followup"]
    with database.connection_context():
        assert Member.select().count() == ROUNDS
    assert not list((tmp_path / "spool").glob("*")), "texts were spooled: the database refused them"


def test_a_new_members_first_texts_arriving_together_make_one_member_and_keep_every_text(app, database_url,
                                                                                          tmp_path):
    posts = [[text(0, sid=f"SM{n:032x}")] for n in range(CLIENTS)]  # twenty different texts, one new number
    with gunicorn(database_url, tmp_path, workers=3) as base_url:
        responses = together(base_url, posts)

    assert Counter(status for status, _ in responses) == {200: CLIENTS}, \
        [body[:300] for status, body in responses if status != 200][:3]
    with database.connection_context():
        assert Member.select().count() == 1
        stored = Message.select().where(Message.direction == "in")
        assert sorted(m.twilio_sid for m in stored) == sorted(p[0]["MessageSid"] for p in posts)
        assert Message.select().where(Message.kind == "welcome").count() == 1
    assert not list((tmp_path / "spool").glob("*")), "texts were spooled: the database refused them"
