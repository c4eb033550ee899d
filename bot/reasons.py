"""A member's own reasons: what they answered to a reflective question, kept and handed back.

Reasons come back only in immediate replies (at a later urge, a hard moment, "remind me why"),
never in a scheduled text a lock screen shows. They are quoted as written, shortened to fit one
SMS segment.
"""

from __future__ import annotations

import json
from datetime import datetime

from bot.models import Member, Reason

QUOTE_LENGTH = 60  # characters of a reason quoted inside a one-segment reply


def keep(member: Member, body: str, prompt: str, now: datetime, episode: int | None = None) -> Reason:
    """Store `body` as one of the member's reasons, with the question (`prompt`) it answered."""
    return Reason.create(member=member, at=now, body=body.strip()[:500], prompt=prompt[:500], episode=episode)


def quote(text: str, limit: int = QUOTE_LENGTH) -> str:
    """`text` on one line, cut at a word boundary with "..." when longer than `limit`."""
    text = "".join(c for c in text if c.isprintable() or c.isspace())  # never a control character in a reply
    text = " ".join(text.split()).replace('"', "'")
    if len(text) <= limit:
        return text
    cut = text[:limit - 3].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.!?") + "..."


def next_reason(member: Member) -> str | None:
    """One of the member's reasons to quote, a different one each time (oldest first), or None.

    Remembers the last one shown in the member's prompt_state (saved with the turn).
    """
    state = member.last_variants()
    ids = [r.id for r in Reason.select(Reason.id).where(Reason.member == member.id).order_by(Reason.id)]
    if not ids:
        return None
    after = state.get("reason")
    chosen = next((i for i in ids if after is None or i > after), ids[0])
    state["reason"] = chosen
    member.prompt_state = json.dumps(state, sort_keys=True)
    return quote(Reason.get_by_id(chosen).body)


def has_any(member: Member) -> bool:
    return Reason.select().where(Reason.member == member.id).exists()
