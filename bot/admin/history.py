"""One synthetic member's history, as plain rows: what bot.admin.demo inserts in bulk.

Deterministic for a given random generator. The story it tells is the one the
service hopes for, with noise: over the weeks a member logs fewer contacts they
started, waits out more urges, and hears from their spouse a little more often.
Rows are tuples in the field order of the *_FIELDS constants; the first item
is the member's index in the batch, swapped for its id at insert time.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

MESSAGE_FIELDS = ("member", "direction", "body", "twilio_sid", "status", "error_code", "kind", "created_at",
                  "updated_at")
SCHEDULED_FIELDS = ("member", "kind", "body", "due_at", "state", "attempts", "last_error", "idempotency_key",
                    "created_at", "updated_at", "sent_at")
EPISODE_FIELDS = ("member", "opened_at", "closed_at", "outcome", "rounds", "first_rating", "last_rating")
CONTACT_FIELDS = ("member", "at", "initiator", "channel", "needed", "reception")
DRAFT_FIELDS = ("member", "body", "created_at", "return_at", "state")
CHECKIN_FIELDS = ("member", "local_date", "count", "asked_at", "answered_at")

URGE_TEXTS = ("I really want to text him right now", "urge", "I want to call her so badly", "URGE",
              "I'm about to message him", "Feeling the pull to reach out again", "can't stop thinking about calling")
CONTACT_TEXTS = ("I called him", "I texted her", "I sent him a long message", "I called", "texted him goodnight")
NEEDED_TEXTS = ("I called about the kids NEEDED", "texted about the rent, needed", "needed: school pickup")
SPOUSE_TEXTS = ("he texted me first", "she called me today", "he reached out!", "she messaged me")
DRAFT_TEXTS = ("HOLD I miss you so much, can we talk tonight?", "HOLD I keep thinking about our trip to the lake",
               "HOLD Why won't you answer me?", "HOLD Are you seeing someone?")
CRISIS_TEXTS = (("I don't want to be here anymore", "self"), ("I'm scared of what he'll do when he finds out", "other"))
RECEPTION_REPLIES = {"glad": ("yes", "contact.reception_yes"), "not_glad": ("no", "contact.reception_no"),
                     "unsure": ("not sure", "contact.reception_unsure")}
WEEK = timedelta(days=7)
CARRIER_FAILURES = ((30003, "undelivered"), (30005, "undelivered"), (30006, "failed"), (30007, "undelivered"))
# The outbox kind of each scheduled prompt (replies are logged under their prompt id).
OUTBOX_KINDS = {"urge.followup": "urge_followup", "checkin.ask": "checkin", "weekly.summary": "weekly",
                "hold.return": "hold_return"}


@dataclass
class Texts:
    """Rendered bot texts by kind, chosen from in turn (filled from the prompt library by the seeder)."""

    by_kind: dict[str, list[str]]

    def pick(self, rng: random.Random, kind: str) -> str:
        options = self.by_kind.get(kind) or [f"({kind})"]
        return options[rng.randrange(len(options))]


@dataclass
class History:
    """The rows for one member; `last_inbound_at` and `flag_sid` feed the member row and a safety flag."""

    index: int
    messages: list = field(default_factory=list)
    scheduled: list = field(default_factory=list)
    episodes: list = field(default_factory=list)
    contacts: list = field(default_factory=list)
    drafts: list = field(default_factory=list)
    checkins: list = field(default_factory=list)
    last_inbound_at: datetime | None = None
    flag_sid: str | None = None
    flag_danger: str = "self"
    checkin_days: set = field(default_factory=set)  # local dates: 24 h steps can land twice on one across DST
    serial: int = 0


def poisson(rng: random.Random, lam: float) -> int:
    """A Poisson draw (Knuth's method; the rates here are small)."""
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


class Writer:
    """Appends one member's rows; every text gets a unique sid so a flag can find its message later."""

    def __init__(self, history: History, rng: random.Random, texts: Texts, now: datetime, phone_tail: str):
        self.h, self.rng, self.texts, self.now, self.tail = history, rng, texts, now, phone_tail

    def sid(self) -> str:
        self.h.serial += 1
        return f"SMdemo{self.h.index:010d}{self.h.serial:018d}"

    def inbound(self, at: datetime, body: str) -> str:
        sid = self.sid()
        self.h.messages.append((self.h.index, "in", body, sid, "received", None, "inbound", at, at))
        self.h.last_inbound_at = max(self.h.last_inbound_at or at, at)
        return sid

    def outbound(self, at: datetime, prompt_id: str, scheduled: bool = False) -> None:
        """A reply (kind: the prompt id) or a scheduled text (kind: the outbox's), now and then not delivered."""
        body, kind = self.texts.pick(self.rng, prompt_id), OUTBOX_KINDS.get(prompt_id, prompt_id)
        code, status, state, error = None, "delivered", "sent", None
        roll = self.rng.random()
        if roll < 0.008:  # accepted by Twilio, then the carrier could not deliver it
            code, status = CARRIER_FAILURES[self.rng.randrange(len(CARRIER_FAILURES))]
        elif scheduled and roll < 0.010:
            code, status, state = 21614, "failed", "failed"
            error = f"permanent: Twilio did not take the send to ***{self.tail}: HTTP 400, code 21614"
        elif scheduled and roll < 0.012:
            status, state = "unknown", "unknown"
            error = f"unknown: no clear answer from Twilio for the send to ***{self.tail} (ReadTimeout)"
        self.h.messages.append((self.h.index, "out", body, self.sid(), status, code, kind, at, at))
        if scheduled:
            self.h.scheduled.append((self.h.index, kind, body, at, state, 1, error, f"demo:{self.sid()}", at, at,
                                     at if state == "sent" else None))

    def cancelled(self, at: datetime, prompt_id: str, reason: str) -> None:
        self.h.scheduled.append((self.h.index, OUTBOX_KINDS[prompt_id], self.texts.pick(self.rng, prompt_id), at,
                                 "cancelled", 0, reason, f"demo:{self.sid()}", at, at, None))


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


def urge(w: Writer, at: datetime, waited_chance: float, delay: int) -> None:
    """An urge and how it went: waited out (one or two rounds), a contact, no answer, or still strong."""
    rng, h = w.rng, w.h
    w.inbound(at, rng.choice(URGE_TEXTS))
    w.outbound(at + timedelta(seconds=2), "urge.reply")
    roll = rng.random()
    outcome = ("waited_out" if roll < waited_chance else "contacted" if roll < waited_chance + 0.15
               else "superseded" if roll < waited_chance + 0.22 else "expired" if roll < waited_chance + 0.3
               else "still_strong")
    if outcome == "contacted":
        closed = at + minutes(rng.uniform(3, delay))
        if closed < w.now:
            h.episodes.append((h.index, at, closed, outcome, 1, None, None))
            w.cancelled(at + minutes(delay), "urge.followup", "urge episode contacted")
            contact(w, closed, needed=False)
            return
    if outcome == "superseded":
        closed = at + minutes(rng.uniform(2, delay))
        h.episodes.append((h.index, at, closed, outcome, 1, None, None) if closed < w.now
                          else (h.index, at, None, "open", 1, None, None))
        return
    rounds = 3 if outcome == "still_strong" else (2 if rng.random() < 0.3 else 1)
    t, first, last = at, None, None
    for r in range(rounds):
        t += minutes(delay)
        if t >= w.now:
            h.episodes.append((h.index, at, None, "open", r + 1, first, last))
            return
        w.outbound(t, "urge.followup", scheduled=True)
        if outcome == "expired":
            h.episodes.append((h.index, at, at + timedelta(hours=6), outcome, 1, None, None)
                              if at + timedelta(hours=6) < w.now else (h.index, at, None, "open", 1, None, None))
            return
        t += minutes(rng.uniform(1, 9))
        final = r == rounds - 1
        rating = rng.randint(1, 2) if final and outcome == "waited_out" else rng.randint(3, 5)
        first = rating if first is None else first
        last = rating
        w.inbound(t, str(rating))
        w.outbound(t + timedelta(seconds=2), "urge.passed" if rating <= 2 else "urge.last" if final else "urge.again")
    h.episodes.append((h.index, at, t, outcome, rounds, first, last))


def contact(w: Writer, at: datetime, needed: bool) -> None:
    rng, h = w.rng, w.h
    w.inbound(at, rng.choice(NEEDED_TEXTS if needed else CONTACT_TEXTS))
    if needed:
        h.contacts.append((h.index, at, "member", rng.choice(("call", "text")), True, None))
        w.outbound(at + timedelta(seconds=2), "contact.needed")
        return
    w.outbound(at + timedelta(seconds=2), "contact.logged")
    answered = at + minutes(rng.uniform(1, 90))
    reception = None
    if answered < w.now and rng.random() < 0.8:
        reception = rng.choices(("glad", "not_glad", "unsure"), (0.35, 0.4, 0.25))[0]
        reply, kind = RECEPTION_REPLIES[reception]
        w.inbound(answered, reply)
        w.outbound(answered + timedelta(seconds=2), kind)
    h.contacts.append((h.index, at, "member", rng.choice(("call", "text")), False, reception))


def daytime(at: datetime, zone: ZoneInfo) -> datetime:
    """Move a time that falls in the member's night into their morning or evening."""
    hour = at.astimezone(zone).hour
    return at + timedelta(hours=9) if hour < 8 else at


@dataclass(frozen=True)
class Profile:
    """Who the member is: when they joined, whether they consented or left, their rhythm."""

    index: int
    phone: str
    zone: str
    joined: datetime
    consented: bool
    stopped: datetime | None
    baseline: int
    delay: int
    activity: float  # scales every rate: how much this member (and the demo's size) texts
    crisis: bool


def generate(p: Profile, rng: random.Random, texts: Texts, now: datetime) -> History:
    """The member's whole history from `p.joined` to their opt-out or `now`."""
    h = History(p.index)
    w = Writer(h, rng, texts, now, p.phone[-4:])
    zone = ZoneInfo(p.zone)
    w.inbound(p.joined, "hi")
    w.outbound(p.joined + timedelta(seconds=2), "welcome")
    w.outbound(p.joined + timedelta(seconds=3), "welcome.consent")
    if not p.consented:
        return h
    t = p.joined + minutes(rng.uniform(1, 30))
    w.inbound(t, "yes")
    w.outbound(t + timedelta(seconds=2), "consent.given")
    w.outbound(t + timedelta(seconds=3), "onboarding.baseline")
    w.inbound(t + minutes(2), str(p.baseline))
    w.outbound(t + minutes(2), "onboarding.baseline_saved")
    end = min(p.stopped or now, now)
    week = 0
    while p.joined + week * WEEK < end:
        start, progress = p.joined + week * WEEK, min(1.0, week / 8)
        events = (
            [(urge, 2.6 * (1 - 0.35 * progress))]
            + [(lambda w_, at: contact(w_, at, needed=False), p.baseline * 0.22 * (1 - 0.45 * progress))]
            + [(lambda w_, at: contact(w_, at, needed=True), 0.3)]
            + [(spouse, 0.35 + 0.9 * progress)]
            + [(draft, 0.3)]
        )
        for step, rate in events:
            for _ in range(poisson(rng, rate * p.activity)):
                at = daytime(start + timedelta(seconds=rng.uniform(0, WEEK.total_seconds())), zone)
                if at >= end:
                    continue
                if step is urge:
                    urge(w, at, 0.42 + 0.3 * progress, p.delay)
                else:
                    step(w, at)
        checkins(w, p, start, end, zone)
        if start + WEEK < end:
            w.outbound(start + WEEK - timedelta(hours=6), "weekly.summary", scheduled=True)
        week += 1
    if p.crisis:
        at = end - minutes(rng.uniform(30, 60 * 24 * 5))
        at, (text, h.flag_danger) = max(at, p.joined + minutes(40)), rng.choice(CRISIS_TEXTS)
        h.flag_sid = w.inbound(at, text)
        w.outbound(at + timedelta(seconds=2), f"crisis.{h.flag_danger}")
    if p.stopped and p.stopped < now:
        w.inbound(p.stopped, "STOP")
        w.outbound(p.stopped + timedelta(seconds=2), "stop.confirm")
    return h



def spouse(w: Writer, at: datetime) -> None:
    w.inbound(at, w.rng.choice(SPOUSE_TEXTS))
    w.outbound(at + timedelta(seconds=2), "spouse.contacted")
    w.h.contacts.append((w.h.index, at, "spouse", w.rng.choice(("call", "text")), False, None))


def draft(w: Writer, at: datetime) -> None:
    """A held draft: handed back the next morning (or still held, if that is in the future)."""
    body = w.rng.choice(DRAFT_TEXTS)
    w.inbound(at, body)
    w.outbound(at + timedelta(seconds=2), "hold.saved")
    back = at + timedelta(hours=w.rng.uniform(8, 16))
    if back >= w.now:
        w.h.drafts.append((w.h.index, body[5:], at, back, "held"))
        return
    w.outbound(back, "hold.return", scheduled=True)
    choice = w.rng.choices(("let_go", "rework", "send"), (0.6, 0.25, 0.15))[0]
    w.inbound(back + minutes(w.rng.uniform(5, 120)), {"let_go": "let go", "rework": "rework", "send": "send"}[choice])
    w.outbound(back + minutes(121), {"let_go": "hold.letgo", "rework": "hold.rework", "send": "hold.send"}[choice])
    w.h.drafts.append((w.h.index, body[5:], at, back, choice))


def checkins(w: Writer, p: Profile, start: datetime, end: datetime, zone: ZoneInfo) -> None:
    """The days of this week the member answered the evening check-in."""
    days = sorted(w.rng.sample(range(7), min(7, poisson(w.rng, 1.6 * p.activity))))
    for day in days:
        local_day = (start + timedelta(days=day)).astimezone(zone).date()
        asked = datetime.combine(local_day, datetime.min.time().replace(hour=19), tzinfo=zone).astimezone(start.tzinfo)
        if not start <= asked < end or asked < p.joined + timedelta(hours=1) or local_day in w.h.checkin_days:
            continue
        w.h.checkin_days.add(local_day)
        count = max(0, round(p.baseline / 7 * w.rng.uniform(0.2, 1.2)))
        w.outbound(asked, "checkin.ask", scheduled=True)
        answered = asked + minutes(w.rng.uniform(2, 60))
        if answered < end:
            w.inbound(answered, str(count))
            w.outbound(answered + timedelta(seconds=2), "checkin.thanks")
            w.h.checkins.append((w.h.index, local_day.isoformat(), count, asked, answered))
