"""Receiving a text: loop protection never leaves a person with no reply at all."""

from __future__ import annotations

from bot import inbound, urges
from bot.db import database
from bot.models import Member, Message, UrgeEpisode


def test_a_looping_sender_gets_one_short_line_once_then_silence(phone, app, clock):
    limit = app.config["SETTINGS"].loop_limit
    phone.text("hi")
    phone.text("YES")
    phone.text("12")
    answers = [phone.replies("hmm") for _ in range(limit + 3)]
    assert all(len(a) == 1 for a in answers[:limit])  # the menu, as often as the loop limit allows
    assert answers[limit] == [("I've answered this a few times already, so I'll pause my replies for a few minutes. "
                               "Text HELP anytime.")]
    assert answers[limit + 1:] == [[], []]  # once: an auto-responder is not answered forever
    clock.advance(minutes=6)
    again = phone.replies("hmm")
    assert len(again) == 1 and again != answers[limit]  # five minutes on, the member is answered as before


def test_a_crisis_text_is_answered_however_often_it_comes(phone, app):
    phone.text("hi")
    for _ in range(app.config["SETTINGS"].loop_limit + 2):
        assert "988" in " ".join(phone.replies("I want to kill myself"))
    with database.connection_context():
        assert not Message.select().where(Message.kind == "loop.note").exists()


def test_the_member_read_with_a_text_knows_whether_an_urge_is_open(app, clock):
    with database.connection_context():
        member = Member.create(phone="+12125550177", status="active", created_at=clock(), consent_at=clock())
        read = inbound._member(member.phone, clock())
        assert read.open_episode_id is None and urges.open_episode_of(read) is None
        episode = UrgeEpisode.create(member=member, opened_at=clock())
        assert urges.open_episode_of(read) is None  # known to be none when the text came in: no query
        read = inbound._member(member.phone, clock())
        assert read.open_episode_id == episode.id and urges.open_episode_of(read).id == episode.id


def test_a_contact_reported_after_an_urge_ends_that_urge(phone, app, clock):
    phone.text("I want to text him so bad")
    phone.text("I called him")  # a contact right after an urge ends that urge as contacted
    with database.connection_context():
        [episode] = UrgeEpisode.select()
    assert episode.outcome == "contacted"
