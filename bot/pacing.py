"""The per-sender send rate, counted in SMS segments and shared by every worker through the database.

A sender's row says when it is next free. Sending `n` segments takes the
slot at max(next_free_at, now) and moves it on by n / rate seconds, inside
one transaction, so two workers never take the same slot.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from peewee import IntegrityError

from bot.db import database, is_postgres
from bot.models import SendBudget


def reserve(sender: str, segments: int, now: datetime, rate: float, *, max_wait: float) -> datetime | None:
    """Take a slot for `segments` if one starts within `max_wait` seconds; returns its start, else None.

    None means the sender is busy for longer: leave the message for later.
    """
    cost = timedelta(seconds=segments / rate)
    with database.atomic():
        query = SendBudget.select().where(SendBudget.sender == sender)
        budget = (query.for_update() if is_postgres() else query).first()
        if budget is None:
            try:
                with database.atomic():
                    SendBudget.create(sender=sender, next_free_at=now + cost)
                return now
            except IntegrityError:  # another worker created it first; take the normal path
                budget = (query.for_update() if is_postgres() else query).first()
        start = max(budget.next_free_at, now)
        if (start - now).total_seconds() > max_wait:
            return None
        SendBudget.update(next_free_at=start + cost).where(SendBudget.sender == sender).execute()
        return start


def next_free(sender: str, now: datetime) -> datetime:
    """When the sender can next take a message (now, if it is idle)."""
    budget = SendBudget.get_or_none(SendBudget.sender == sender)
    return max(budget.next_free_at, now) if budget else now
