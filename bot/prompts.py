"""Speaking to a member: render a prompt from messages/, rotating variants per member.

On a measured prompt (bot.experiments.MEASURED) a running experiment picks
the member's variant instead, and retired variants leave the rotation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import messages
from bot import experiments
from bot.models import Member


@dataclass(frozen=True)
class Spoken:
    """A rendered prompt and which variant it was: what an urge episode records."""

    kind: str
    text: str
    variant: int
    digest: str
    experiment_id: int | None = None

    @property
    def reply(self) -> tuple[str, str]:
        return self.kind, self.text


def speak(member: Member, prompt_id: str, **values) -> Spoken:
    """Render `prompt_id` for `member`: the experiment's arm if one runs on it, else the next variant in turn.

    The last variant used is remembered on the member (saved by the caller
    with the rest of the turn's changes).
    """
    library = messages.load()
    last = member.last_variants()
    rule = experiments.choice(library.prompt(prompt_id), member.id,
                              any_in_force=member.known("experiments_in_force", True))
    rendered = library.render(prompt_id, values, after=last.get(prompt_id), variant=rule.variant, skip=rule.skip)
    last[prompt_id] = rendered.variant
    member.prompt_state = json.dumps(last, sort_keys=True)
    return Spoken(prompt_id, rendered.text, rendered.variant, rendered.digest, rule.experiment_id)


def say(member: Member, prompt_id: str, **values) -> tuple[str, str]:
    """Render `prompt_id` for `member`, never the same variant twice in a row outside an experiment; (kind, text)."""
    return speak(member, prompt_id, **values).reply


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
