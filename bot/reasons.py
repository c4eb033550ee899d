"""A member's own reasons: what they answered to a reflective question, kept and handed back.

Reasons come back only in immediate replies (at a later urge, a hard moment, "remind me why"),
never in a scheduled text a lock screen shows. They are quoted as written, shortened to fit one
SMS segment.
"""

from __future__ import annotations

from datetime import datetime

from bot.models import Member, Reason
from bot.prepared import Prepared, create
from bot.prompts import note
from bot.understanding.message import QUOTES
from messages.segments import non_gsm_characters

QUOTE_LENGTH = 60  # characters of a reason quoted inside a one-segment reply


def keep(member: Member, body: str, prompt: str, now: datetime, episode: int | None = None) -> Reason:
    """Store `body` as one of the member's reasons, with the question (`prompt`) it answered."""
    member.forget("has_reasons")
    return create(Reason, member=member, at=now, body=body.strip()[:500], prompt=prompt[:500], episode=episode)


def quote(text: str, limit: int = QUOTE_LENGTH) -> str:
    """`text` on one line, cut at a word boundary with "..." when longer than `limit`."""
    # One GSM-7 segment: straight quotes, no control characters, no emoji or other characters GSM-7 lacks.
    text = "".join(c for c in text.translate(QUOTES) if (c.isprintable() or c.isspace()) and not non_gsm_characters(c))
    text = " ".join(text.split()).replace('"', "'")
    if len(text) <= limit:
        return text
    cut = text[:limit - 3].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.!?") + "..."


REASON_IDS = Prepared(lambda member_id: Reason.select(Reason.id).where(Reason.member == member_id).order_by(Reason.id))


def next_reason(member: Member) -> str | None:
    """One of the member's reasons to quote, a different one each time (oldest first), or None.

    Remembers the last one shown in the member's prompt_state (saved with the turn). A member read with
    `has_reasons` false (bot.inbound) has none to quote: no query.
    """
    if not member.known("has_reasons", True):
        return None
    ids = [r.id for r in REASON_IDS(member.id)]
    if not ids:
        return None
    after = member.last_variants().get("reason")
    chosen = next((i for i in ids if after is None or i > after), ids[0])
    note(member, "reason", chosen)
    return quote(Reason.get_by_id(chosen).body)
