"""The rows of one synthetic member's history, and the writer that keeps them consistent.

bot.admin.story decides what happens to a member; this module turns it into
rows bot.admin.demo inserts in bulk. Rows are tuples in the field order of
the *_FIELDS constants, the member's id first. Every bot text is rendered from
the prompt library with the member's own values (their delay, their minutes,
their counts), so what a text says agrees with the records beside it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import messages

MESSAGE_FIELDS = ("member", "direction", "body", "twilio_sid", "status", "error_code", "kind", "created_at",
                  "updated_at")
SCHEDULED_FIELDS = ("member", "kind", "body", "due_at", "state", "attempts", "last_error", "idempotency_key",
                    "created_at", "updated_at", "sent_at", "ref_id")
# Episodes, drafts and check-ins carry their id, so the outbox rows of their follow-ups, returns and
# questions can name them (ref_id), as in the live bot.
EPISODE_FIELDS = ("id", "member", "opened_at", "closed_at", "outcome", "rounds", "first_rating", "last_rating",
                  "prompt_variant", "variant_digest", "experiment_id")
CONTACT_FIELDS = ("member", "at", "initiator", "channel", "needed", "reception")
DRAFT_FIELDS = ("id", "member", "body", "created_at", "return_at", "state")
CHECKIN_FIELDS = ("id", "member", "local_date", "count", "asked_at", "answered_at")

CARRIER_FAILURES = ((30003, "undelivered"), (30005, "undelivered"), (30006, "failed"), (30007, "undelivered"))
# The outbox kind of each scheduled prompt (replies are logged under their prompt id).
OUTBOX_KINDS = {"urge.followup": "urge_followup", "checkin.ask": "checkin", "weekly.summary": "weekly",
                "weekly.first": "weekly", "progress.none": "weekly", "progress.fewer": "weekly",
                "progress.steady": "weekly", "stats.reception": "weekly", "hold.return": "hold_return"}
FALLBACK = "Thanks for texting. This is a demo message."

# What demo members text, and the prompt that answers a flag's text or a reception answer.
URGE_TEXTS = ("I really want to text him right now", "urge", "I want to call her so badly", "URGE",
              "I'm about to message him", "Feeling the pull to reach out again", "can't stop thinking about calling")
CONTACT_TEXTS = {1: ("I called him", "I texted her", "I sent him a long message", "I called", "texted him goodnight"),
                 2: ("texted him twice", "I called her 2 times today"), 3: ("I texted him 3 times", "called her 3x")}
NO_ANSWER_TEXTS = ("I called him but he didn't pick up", "texted her, no reply, I think she blocked me")
NEEDED_TEXTS = ("I called about the kids NEEDED", "texted about the rent, needed", "needed: school pickup")
SPOUSE_TEXTS = ("he texted me first", "she called me today", "he reached out!", "she messaged me")
DRAFT_TEXTS = ("HOLD I miss you so much, can we talk tonight?", "HOLD I keep thinking about our trip to the lake",
               "HOLD Why won't you answer me?", "HOLD Are you seeing someone?")
FLAG_TEXTS = {
    "self": ("I don't want to be here anymore", "crisis.self"),
    "other": ("I'm scared of what he'll do when he finds out", "crisis.other"),
    "both": ("he said he'd hurt me and honestly I don't want to live anymore", "crisis.other"),
    "review": ("I keep driving past the old house at night and sitting outside for hours, no idea why",
               "fallback.long"),
    "possible": ("everything feels so heavy lately and I can't see the point of trying", "fallback.long"),
}
RECEPTION_REPLIES = {"glad": ("yes", "contact.reception_yes"), "not_glad": ("no", "contact.reception_no"),
                     "unsure": ("not sure", "contact.reception_unsure")}


class Texts:
    """Bot texts rendered from the prompt library with the values a member's moment gives them."""

    def __init__(self, library: messages.Library | None = None):
        self.library = library or messages.load()

    def variants(self, prompt_id: str) -> int:
        return len(self.library.prompt(prompt_id).variants) if self.library.has(prompt_id) else 1

    def digest(self, prompt_id: str, variant: int) -> str:
        return self.library.prompt(prompt_id).variants[variant].digest

    def render(self, rng: random.Random, prompt_id: str, values: dict | None = None, variant: int | None = None) -> str:
        """The text of `prompt_id` (a random variant unless one is given) with `values`."""
        if not self.library.has(prompt_id):
            return FALLBACK
        index = rng.randrange(self.variants(prompt_id)) if variant is None else variant
        try:
            return self.library.render(prompt_id, values or {}, variant=index).text
        except messages.LibraryError:
            return FALLBACK


@dataclass(frozen=True)
class Profile:
    """Who the member is: when they joined, whether they consented or left, and how the weeks go for them."""

    id: int
    phone: str
    zone: str
    joined: datetime
    consented: bool
    stopped: datetime | None
    baseline: int  # their own outreach in the week before joining
    delay: int  # minutes, their urge delay
    activity: float  # scales every rate: how much this member (and the demo's size) texts
    response: float  # 0..1: how far their outreach falls once settled in (0: not at all)
    engagement: float  # 0..1: how often they answer the evening check-in at first
    crisis: str | None  # the safety flag they raise, if any: self, other, both, review, possible
    quiet_after: int | None = None  # the tenure week from which they stop texting (still enrolled)


@dataclass
class History:
    """The rows for one member; `last_inbound_at` and the flag feed the member row and a safety flag."""

    member: int
    messages: list = field(default_factory=list)
    scheduled: list = field(default_factory=list)
    episodes: list = field(default_factory=list)
    contacts: list = field(default_factory=list)
    drafts: list = field(default_factory=list)
    checkins: list = field(default_factory=list)
    last_inbound_at: datetime | None = None
    flag_sid: str | None = None
    flag_danger: str | None = None
    serial: int = 0


class Writer:
    """Appends one member's rows; every text gets a unique sid so a flag can find its message later."""

    def __init__(self, history: History, rng: random.Random, texts: Texts, now: datetime, phone_tail: str):
        self.h, self.rng, self.texts, self.now, self.tail = history, rng, texts, now, phone_tail

    def sid(self) -> str:
        self.h.serial += 1
        return f"SMdemo{self.h.member:010d}{self.h.serial:018d}"

    def inbound(self, at: datetime, body: str) -> str:
        sid = self.sid()
        self.h.messages.append((self.h.member, "in", body, sid, "received", None, "inbound", at, at))
        self.h.last_inbound_at = max(self.h.last_inbound_at or at, at)
        return sid

    def outbound(self, at: datetime, prompt_id: str, values: dict | None = None, *, scheduled: bool = False,
                 variant: int | None = None, ref: int | None = None) -> None:
        """A reply (kind: the prompt id) or a scheduled text (kind: the outbox's), now and then not delivered."""
        body = self.texts.render(self.rng, prompt_id, values, variant)
        kind = OUTBOX_KINDS.get(prompt_id, prompt_id)
        code, status, state, error = None, "delivered", "sent", None
        roll = self.rng.random()
        if roll < 0.006:  # accepted by Twilio, then the carrier could not deliver it
            code, status = CARRIER_FAILURES[self.rng.randrange(len(CARRIER_FAILURES))]
        elif scheduled and roll < 0.008:
            code, status, state = 21614, "failed", "failed"
            error = f"permanent: Twilio did not take the send to ***{self.tail}: HTTP 400, code 21614"
        elif scheduled and roll < 0.010:
            status, state = "unknown", "unknown"
            error = f"unknown: no clear answer from Twilio for the send to ***{self.tail} (ReadTimeout)"
        self.h.messages.append((self.h.member, "out", body, self.sid(), status, code, kind, at, at))
        if scheduled:
            self.h.scheduled.append((self.h.member, kind, body, at, state, 1, error, f"demo:{self.sid()}", at, at,
                                     at if state == "sent" else None, ref))

    def cancelled(self, at: datetime, prompt_id: str, reason: str, ref: int | None = None) -> None:
        """A scheduled text that never left: a newer urge, a contact or an answer made it obsolete."""
        self.h.scheduled.append((self.h.member, OUTBOX_KINDS[prompt_id], self.texts.render(self.rng, prompt_id), at,
                                 "cancelled", 0, reason, f"demo:{self.sid()}", at, at, None, ref))


class Ids:
    """Hands out ids for episodes, drafts and check-ins before they are inserted (from `start`, per table)."""

    def __init__(self, start: dict[str, int] | None = None):
        self.following = dict(start or {})

    def next(self, table: str) -> int:
        value = self.following.get(table, 1)
        self.following[table] = value + 1
        return value


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)
