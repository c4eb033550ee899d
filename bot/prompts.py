"""Speaking to a member: render a prompt from messages/, rotating variants per member."""

from __future__ import annotations

import json

import messages
from bot.models import Member


def say(member: Member, prompt_id: str, **values) -> tuple[str, str]:
    """Render `prompt_id` for `member`, never the same variant twice in a row; returns (kind, text).

    The last variant used is remembered on the member (saved by the caller
    with the rest of the turn's changes).
    """
    last = member.last_variants()
    rendered = messages.load().render(prompt_id, values, after=last.get(prompt_id))
    last[prompt_id] = rendered.variant
    member.prompt_state = json.dumps(last, sort_keys=True)
    return prompt_id, rendered.text
