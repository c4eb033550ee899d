"""Retention: message bodies older than the configured period are erased; counts and outcomes stay."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.models import HeldDraft, Message, ScheduledMessage

PURGED = ""


def purge(now: datetime, days: int, *, batch: int = 5000) -> int:
    """Blank the bodies of messages, drafts and finished outbox rows older than `days`; returns rows changed.

    Works in batches so a first run on a large table never holds a long lock.
    """
    cutoff = now - timedelta(days=days)
    changed = 0
    targets = (
        (Message, Message.created_at < cutoff),
        (HeldDraft, HeldDraft.created_at < cutoff),
        (ScheduledMessage, (ScheduledMessage.created_at < cutoff)
         & ScheduledMessage.state.in_(("sent", "failed", "cancelled"))),
    )
    for model, old in targets:
        while True:
            ids = model.select(model.id).where(old & (model.body != PURGED)).limit(batch)
            count = model.update(body=PURGED).where(model.id.in_(ids)).execute()
            changed += count
            if count < batch:
                break
    return changed
