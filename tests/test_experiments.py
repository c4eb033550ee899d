"""Prompt experiments: the variant each urge episode saw is recorded."""

from __future__ import annotations

import messages
from bot.db import database
from bot.models import UrgeEpisode


def reply_prompt():
    return messages.load().prompt("urge.reply")


def consented(phone):
    phone.replies("hi")
    phone.replies("yes")
    phone.replies("10")


def test_each_urge_episode_records_the_variant_the_member_read(app, phone, clock):
    consented(phone)
    texts = []
    for _ in range(3):
        texts += phone.replies("I really want to text him")
        clock.advance(minutes=5)
    with database.connection_context():
        episodes = list(UrgeEpisode.select().order_by(UrgeEpisode.id))
    variants = reply_prompt().variants
    assert [e.prompt_variant for e in episodes] == [0, 1, 2]  # the usual rotation
    for episode, text in zip(episodes, texts, strict=True):
        assert episode.variant_digest == variants[episode.prompt_variant].digest
        assert variants[episode.prompt_variant].text.split("{")[0] in text
        assert episode.experiment_id is None
