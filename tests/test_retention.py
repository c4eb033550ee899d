"""Retention: old bodies go, the numbers stay."""

from __future__ import annotations

from datetime import timedelta

from bot import retention
from bot.db import database
from bot.models import Contact, Message, UrgeEpisode
from bot.reflections import numbers


def test_bodies_older_than_the_retention_period_are_purged_and_aggregates_stay(app, phone, clock):
    phone.text("I called him")
    phone.text("URGE")
    clock.advance(minutes=10)
    phone.text("1")
    clock.advance(days=200)
    phone.text("STATS")
    with database.connection_context():
        before = numbers(Message.select().first().member, clock())
        assert retention.purge(clock(), 180) > 0
        old = Message.select().where(Message.created_at < clock() - timedelta(days=180))
        recent = Message.select().where(Message.created_at >= clock() - timedelta(days=180))
        assert {m.body for m in old} == {""}
        assert all(m.body for m in recent)
        assert (Contact.select().count(), UrgeEpisode.select().count()) == (1, 1)
        assert numbers(Message.select().first().member, clock()) == before
        assert retention.purge(clock(), 180) == 0
