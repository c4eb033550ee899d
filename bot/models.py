"""The data model. Every time is UTC and timezone-aware (UTCDateTimeField).

The schema itself is owned by the numbered scripts in bot/migrations/; these
classes must match them.
"""

from __future__ import annotations

import json
from datetime import datetime

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from bot.db import database
from bot.timefields import UTCDateTimeField


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False
        # Write only changed columns, so a turn never overwrites what another
        # process (the worker opting a member out, say) changed meanwhile.
        only_save_dirty = True


class Member(BaseModel):
    """Someone who texts the bot. `status`: new (no consent yet), active, opted_out."""

    id = AutoField()
    phone = CharField(unique=True)  # E.164
    channel = CharField(default="sms")  # sms | whatsapp
    status = CharField(default="new", index=True)
    timezone = CharField(default="America/New_York")
    created_at = UTCDateTimeField()
    consent_at = UTCDateTimeField(null=True)
    stopped_at = UTCDateTimeField(null=True)
    last_inbound_at = UTCDateTimeField(null=True)
    delay_minutes = IntegerField(default=20)
    spouse_name = CharField(null=True)
    checkin_time = CharField(default="19:00")  # local HH:MM
    quiet_hours = CharField(null=True)  # local "HH:MM-HH:MM"; None = service default
    baseline_weekly = IntegerField(null=True)
    paused_until = UTCDateTimeField(null=True)
    safety_hold = BooleanField(default=False)
    discreet = BooleanField(default=True)  # scheduled texts name no one unless the member opts out (DISCREET OFF)
    # What the bot last asked (bot.understanding.EXPECTING): rating, baseline, checkin, reception, draft,
    # consent, safe, reflection, spouse_feeling, delete.
    awaiting = CharField(null=True)
    awaiting_ref = IntegerField(null=True)
    awaiting_until = UTCDateTimeField(null=True)
    prompt_state = TextField(default="{}")  # JSON: prompt id -> last variant index
    # The next planned check-in and weekly reflection live on the row, so the
    # planner's cost follows what is due, not how many members there are.
    next_checkin_at = UTCDateTimeField(null=True, index=True)
    next_weekly_at = UTCDateTimeField(null=True, index=True)
    frequency = CharField(default="daily")  # how often recurring texts come: daily, every_other_day, weekly
    # The opt-in note shortly before the hour the member's urges cluster (bot.rhythm): its local time and
    # weekdays (digits, 0=Monday; "" every day), offered or chosen; nudge_on once the member said yes.
    nudge_on = BooleanField(default=False)
    nudge_at = CharField(null=True)
    nudge_days = CharField(null=True)
    nudge_offered_at = UTCDateTimeField(null=True)
    next_nudge_at = UTCDateTimeField(null=True, index=True)
    taper_offered_at = UTCDateTimeField(null=True)  # when fewer texts were last offered after quiet weeks

    def expect(self, what: str | None, ref: int | None = None, until: datetime | None = None) -> None:
        """Remember the question just asked, so the next answer is read in its light."""
        self.awaiting, self.awaiting_ref, self.awaiting_until = what, ref, until

    def known(self, fact: str, otherwise=None):
        """A fact read with this member for the turn (bot.inbound: "open_episode_id", "has_reasons",
        "experiments_in_force"), or `otherwise` when this row was read without it or the turn changed it."""
        return vars(self).get(fact, otherwise)

    def forget(self, fact: str) -> None:
        """The turn changed what `fact` said: the handlers query again."""
        vars(self).pop(fact, None)

    def last_variants(self) -> dict[str, int]:
        return json.loads(self.prompt_state or "{}")

    @property
    def masked_phone(self) -> str:
        return "***" + self.phone[-4:]

    @property
    def address(self) -> str:
        """The Twilio address for this member on their channel."""
        return f"whatsapp:{self.phone}" if self.channel == "whatsapp" else self.phone


class ScheduledMessage(BaseModel):
    """The outbox. state: pending, claimed, held, sent, failed, cancelled, unknown.

    A reply that goes through the outbox (kind "reply") keeps the prompt it
    renders in `prompt_kind`, so the send-time rules can tell crisis resources
    from an ordinary answer. `next_check_at` is when an `unknown` row is next
    looked up at the provider (None: not any more, an operator decides).
    """

    id = AutoField()
    member = ForeignKeyField(Member, backref="scheduled", on_delete="CASCADE",
                             index=False)  # served by an index leading with it (0003, 0007 or Meta; migration 0009)
    kind = CharField()
    body = TextField()
    due_at = UTCDateTimeField()
    state = CharField(default="pending")
    attempts = IntegerField(default=0)
    lease_until = UTCDateTimeField(null=True)
    claimed_by = CharField(null=True)
    last_error = TextField(null=True)
    idempotency_key = CharField(unique=True)
    ref_id = IntegerField(null=True)  # the episode, draft or check-in this message belongs to
    prompt_kind = CharField(null=True)
    next_check_at = UTCDateTimeField(null=True)
    created_at = UTCDateTimeField()
    updated_at = UTCDateTimeField()
    sent_at = UTCDateTimeField(null=True)

    class Meta:
        indexes = ((("state", "due_at"), False),)


class Message(BaseModel):
    """Every text in or out. direction: in | out. status follows Twilio's lifecycle."""

    id = AutoField()
    member = ForeignKeyField(Member, backref="messages", on_delete="CASCADE",
                             index=False)  # served by an index leading with it (0003, 0007 or Meta; migration 0009)
    direction = CharField()
    body = TextField()
    twilio_sid = CharField(unique=True, null=True)
    status = CharField()
    error_code = IntegerField(null=True)
    kind = CharField()
    scheduled = ForeignKeyField(ScheduledMessage, null=True, on_delete="SET NULL")
    created_at = UTCDateTimeField()
    updated_at = UTCDateTimeField()
    dismissed_at = UTCDateTimeField(null=True)  # an operator dealt with this delivery failure

    class Meta:
        indexes = ((("member", "created_at"), False),)


class UrgeEpisode(BaseModel):
    """One urge, from the text that opened it to its outcome.

    outcome: open, waited_out, contacted, superseded, expired, capped.
    """

    id = AutoField()
    member = ForeignKeyField(Member, backref="episodes", on_delete="CASCADE",
                             index=False)  # served by an index leading with it (0003, 0007 or Meta; migration 0009)
    opened_at = UTCDateTimeField()
    closed_at = UTCDateTimeField(null=True)
    outcome = CharField(default="open")
    # Minutes the urge took to pass: only for one waited out whose answer came within its window.
    minutes = IntegerField(null=True)
    rounds = IntegerField(default=1)
    first_rating = IntegerField(null=True)
    last_rating = IntegerField(null=True)
    # The urge.reply variant the member read when the episode opened (bot.prompts.speak).
    prompt_variant = IntegerField(null=True)  # its index at the time
    variant_digest = CharField(null=True)  # messages.library.Variant.digest: the wording itself
    experiment_id = IntegerField(null=True)  # the bot.experiments.Experiment that chose it, if any

    class Meta:
        indexes = ((("member", "opened_at"), False),)


class Contact(BaseModel):
    """A contact between member and spouse. initiator: member | spouse.

    reception (member-initiated only): glad, not_glad, unsure, no_answer (the attempt never
    connected: no pick-up, blocked), or None when the member has not said.
    """

    id = AutoField()
    member = ForeignKeyField(Member, backref="contacts", on_delete="CASCADE",
                             index=False)  # served by an index leading with it (0003, 0007 or Meta; migration 0009)
    at = UTCDateTimeField()
    initiator = CharField()
    channel = CharField(null=True)
    needed = BooleanField(default=False)
    reception = CharField(null=True)

    class Meta:
        indexes = ((("member", "at"), False),)


class HeldDraft(BaseModel):
    """A message the member chose to hold. state: held, returned, send, rework, let_go."""

    id = AutoField()
    member = ForeignKeyField(Member, backref="drafts", on_delete="CASCADE")
    body = TextField()
    created_at = UTCDateTimeField()
    return_at = UTCDateTimeField()
    state = CharField(default="held")


class CheckIn(BaseModel):
    """A daily check-in answer: how many times the member reached out on `local_date`."""

    id = AutoField()
    member = ForeignKeyField(Member, backref="checkins", on_delete="CASCADE",
                             index=False)  # served by an index leading with it (0003, 0007 or Meta; migration 0009)
    local_date = CharField()  # YYYY-MM-DD in the member's zone
    count = IntegerField(null=True)
    asked_at = UTCDateTimeField()
    answered_at = UTCDateTimeField(null=True)

    class Meta:
        indexes = ((("member", "local_date"), True),)


class SafetyFlag(BaseModel):
    """A conversation a human must look at. state: open, acknowledged, resolved.

    danger: self, other, both (a crisis: resources sent, scheduled texts held); possible (distress
    cues: the member was asked whether they are safe, nothing held); review (a text the bot could
    not place, for a human to read).
    """

    id = AutoField()
    member = ForeignKeyField(Member, backref="flags", on_delete="CASCADE")
    message = ForeignKeyField(Message, null=True, on_delete="SET NULL")
    danger = CharField()  # self | other
    created_at = UTCDateTimeField()
    state = CharField(default="open")  # indexed with created_at (migration 0003; 0009 dropped its own)
    note = TextField(null=True)
    resolved_at = UTCDateTimeField(null=True)


class Reason(BaseModel):
    """A member's own words in answer to a reflective question: a reason the bot may hand back later.

    `prompt` is the question they answered; `episode` the urge episode it was asked in, if any.
    """

    id = AutoField()
    member = ForeignKeyField(Member, backref="reasons", on_delete="CASCADE",
                             index=False)  # served by an index leading with it (0003, 0007 or Meta; migration 0009)
    at = UTCDateTimeField()
    body = TextField()
    prompt = TextField()
    episode = IntegerField(null=True)

    class Meta:
        indexes = ((("member", "at"), False),)


class FlagNote(BaseModel):
    """A later text from a member with an open safety flag, added to the flag for the human who takes it."""

    id = AutoField()
    flag = ForeignKeyField(SafetyFlag, backref="notes", on_delete="CASCADE",
                           index=False)  # served by an index leading with it (0003, 0007 or Meta; migration 0009)
    message = ForeignKeyField(Message, null=True, on_delete="SET NULL")
    created_at = UTCDateTimeField()

    class Meta:
        indexes = ((("flag", "created_at"), False),)


class SendBudget(BaseModel):
    """The shared send rate of one sender (a From number or Messaging Service): when it is next free."""

    sender = CharField(primary_key=True)
    next_free_at = UTCDateTimeField()


ALL_MODELS = (Member, ScheduledMessage, Message, UrgeEpisode, Contact, HeldDraft, CheckIn, SafetyFlag, Reason, FlagNote,
              SendBudget)
