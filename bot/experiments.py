"""Prompt experiments: an operator tests two or more variants of a prompt against each other.

A running experiment gives each member one of its arms, at random but for
good: a hash of the experiment and the member picks it, so the split is even
in expectation, sticky, and nothing is stored per member. Arms are variant
digests (messages.library.Variant.digest), so an edit to prompts.yaml never
silently changes what an arm means: an arm whose wording is gone falls back to
the usual rotation, and that episode counts for no arm. Ending an experiment
names a winner (or none) and may retire the losing arms, which the rotation
then passes over. Only prompts whose outcome is recorded can be tested.
"""

from __future__ import annotations

import hashlib
import json
import string
from dataclasses import dataclass
from datetime import datetime

from peewee import BooleanField, CharField, IntegrityError, TextField

from bot.db import database
from bot.models import BaseModel
from bot.prepared import Prepared
from bot.timefields import UTCDateTimeField
from messages.library import Prompt

# Prompts whose variant is recorded with an outcome: urge.reply with each urge episode.
MEASURED = ("urge.reply",)


class ExperimentError(ValueError):
    """An experiment cannot be started or ended as asked; the message says why, in an operator's words."""


class Experiment(BaseModel):
    """One test between variants of a prompt. Schema: bot/migrations/0007_outcomes.py."""

    prompt_id = CharField()
    arms = TextField()  # JSON list of variant digests
    started_at = UTCDateTimeField()
    started_by = CharField()
    ended_at = UTCDateTimeField(null=True)
    ended_by = CharField(null=True)
    winner = CharField(null=True)
    retire_losers = BooleanField(default=False)
    note = TextField(default="")

    @property
    def arm_digests(self) -> list[str]:
        return json.loads(self.arms)

    @property
    def retired(self) -> set[str]:
        """The arms this experiment took out of rotation when it ended."""
        if self.ended_at is None or not self.retire_losers or self.winner is None:
            return set()
        return set(self.arm_digests) - {self.winner}

    def arm_for(self, member_id: int) -> str:
        """The member's arm: the same every time, each arm equally likely."""
        digests = self.arm_digests
        draw = int.from_bytes(hashlib.sha256(f"{self.id}:{member_id}".encode()).digest()[:8], "big")
        return digests[draw % len(digests)]


@dataclass(frozen=True)
class Choice:
    """How to pick a prompt's variant for one member: a fixed index (an arm) or the rotation minus `skip`."""

    variant: int | None = None
    experiment_id: int | None = None
    skip: frozenset[str] = frozenset()


ROTATION = Choice()


def letter(index: int) -> str:
    """How operators name variants: a, b, c... by position in prompts.yaml."""
    return string.ascii_lowercase[index] if index < 26 else str(index)


# Every urge reads this (bot.prepared: built once, not per text).
def _in_force():
    """Running, or ended with its losing arms retired (which still shapes the rotation)."""
    return Experiment.ended_at.is_null() | Experiment.retire_losers


IN_FORCE = Prepared(lambda prompt_id: Experiment.select().where((Experiment.prompt_id == prompt_id) & _in_force()))


def any_in_force():
    """A select of the experiments in force on any measured prompt (for an EXISTS read with the member)."""
    return Experiment.select(Experiment.id).where(Experiment.prompt_id.in_(MEASURED) & _in_force())


def choice(prompt: Prompt, member_id: int | None, *, any_in_force: bool = True) -> Choice:
    """The variant rule for `member_id` on `prompt`: one query, and none for prompts that are not measured or
    when the caller knows no experiment is in force (`any_in_force`, read with the member: bot.inbound)."""
    if prompt.id not in MEASURED or member_id is None or not any_in_force:
        return ROTATION
    rows = list(IN_FORCE(prompt.id))
    skip = frozenset().union(*(row.retired for row in rows))
    running = next((row for row in rows if row.ended_at is None), None)
    if running is not None:
        digests = [v.digest for v in prompt.variants]
        arm = running.arm_for(member_id)
        if arm in digests:
            return Choice(digests.index(arm), running.id, skip)
    return Choice(skip=skip)


def running(prompt_id: str) -> Experiment | None:
    return Experiment.get_or_none((Experiment.prompt_id == prompt_id) & Experiment.ended_at.is_null())


def start(prompt: Prompt, digests: list[str], actor: str, now: datetime, note: str = "") -> Experiment:
    """Start testing the variants with `digests` on `prompt`; ExperimentError unless that makes sense now."""
    if prompt.id not in MEASURED:
        raise ExperimentError(f"{prompt.id} has no outcome to compare; experiments run on {', '.join(MEASURED)}")
    known = [v.digest for v in prompt.variants]
    arms = [d for d in known if d in set(digests)]  # file order, no duplicates
    if len(arms) < 2 or len(arms) != len(set(digests)):
        raise ExperimentError("Choose two or more variants of the prompt as it is now.")
    try:
        with database.atomic():
            return Experiment.create(prompt_id=prompt.id, arms=json.dumps(arms), started_at=now, started_by=actor,
                                     note=note[:500])
    except IntegrityError:  # the partial unique index: one running experiment per prompt
        raise ExperimentError(f"An experiment on {prompt.id} is already running; end it first.") from None


def end(experiment_id: int, winner: str | None, retire_losers: bool, actor: str, now: datetime) -> Experiment:
    """End a running experiment, naming the winning arm's digest (or None); retiring losers needs a winner."""
    experiment = Experiment.get_or_none(Experiment.id == experiment_id)
    if experiment is None or experiment.ended_at is not None:
        raise ExperimentError(f"Experiment #{experiment_id} is not running.")
    if winner is not None and winner not in experiment.arm_digests:
        raise ExperimentError("The winner must be one of the experiment's variants.")
    retire = bool(retire_losers and winner)
    done = (Experiment.update(ended_at=now, ended_by=actor, winner=winner, retire_losers=retire)
            .where((Experiment.id == experiment.id) & Experiment.ended_at.is_null()).execute())
    if not done:
        raise ExperimentError(f"Experiment #{experiment_id} was ended by someone else just now.")
    return Experiment.get_by_id(experiment.id)


def history(prompt_id: str, limit: int = 10) -> list[Experiment]:
    """The prompt's experiments, the running one first, then the latest ended."""
    return list(Experiment.select().where(Experiment.prompt_id == prompt_id)
                .order_by(Experiment.ended_at.is_null(False), Experiment.started_at.desc()).limit(limit))
