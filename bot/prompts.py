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


def note(member: Member, key: str, value) -> None:
    """Remember `value` under `key` in the member's prompt_state (saved with the turn), beside the variants."""
    state = member.last_variants()
    state[key] = value
    member.prompt_state = json.dumps(state, sort_keys=True)


def say_scheduled(member: Member, prompt_id: str, **values) -> tuple[str, str]:
    """Like `say`, for a text that waits on a lock screen: the open wording only if the member chose it."""
    if not member.discreet and messages.load().has(f"{prompt_id}.open"):
        return say(member, f"{prompt_id}.open", name=member.spouse_name or "them", **values)
    return say(member, prompt_id, **values)
