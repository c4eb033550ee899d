"""Plain-language journeys: a member's weeks, scripted in YAML (tests/journeys/*.yaml), lived through the
signed webhook with a simulated clock, and checked for what the member received and what was recorded.

A journey file:

    name: what this member's weeks are about
    start: 2026-11-24T15:00:00Z     # optional, UTC; default Tuesday 10:00 in New York
    timezone: America/Chicago       # optional; set with TZ first, as a member would
    steps:
      - text: "hey is this the breathing room thing"
        expect: [welcome, "*", welcome.consent]   # reply kinds (prompt ids), in order; * any one, ** any run
      - wait: 25m                                 # the worker's jobs, moment by moment (bot.timejump)
        expect_scheduled: [urge_followup]         # kinds of the scheduled texts delivered meanwhile
      - operator: release_hold                    # a coach resolves the safety flag and releases the hold
    records:                                      # what must be stored at the end
      baseline: 15
      outcomes: {waited_out: 1, contacted: 1}     # urge episodes by outcome
      contacts: {member: 2, spouse: 1, needed: 1, no_answer: 1, glad: 1}
      reasons: 1
      flags: {self: 0, possible: 0}
      checkins: [2, 0]                            # the check-in answers, in order
      drafts: {let_go: 1}
    max_fallback: 0.05                            # share of texts answered with the menu or "a person will read"
    known: {17: "a dark text read as a crisis"}   # steps the bot still gets wrong, reported, not asserted

Expectations are what a good companion would do, written before running; a journey that fails shows a
place where the bot does not yet understand people.
"""

from __future__ import annotations

import fnmatch
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import yaml

FOLDER = Path(__file__).parent / "journeys"
FALLBACK_KINDS = ("fallback", "fallback.long")
WAIT = re.compile(r"(\d+)([smhd])")
UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def parse_wait(text: str) -> timedelta:
    parts = WAIT.findall(str(text))
    if not parts or "".join(n + u for n, u in parts) != str(text).replace(" ", ""):
        raise ValueError(f"a wait is like 25m, 3h or 2d1h, not {text!r}")
    return sum((timedelta(**{UNITS[u]: int(n)}) for n, u in parts), timedelta())


@dataclass
class Outcome:
    """What happened on one step: the reply kinds or the scheduled kinds, and whether they matched."""

    step: int
    what: str
    got: list[str]
    expected: list[str] | None

    @property
    def ok(self) -> bool:
        return self.expected is None or kinds_match(self.expected, self.got)


@dataclass
class Journey:
    name: str
    path: Path
    steps: list[dict]
    records: dict = field(default_factory=dict)
    max_fallback: float = 0.05
    start: datetime | None = None
    timezone: str | None = None
    known: dict[int, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Journey:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        start = data.get("start")
        if isinstance(start, str):
            start = datetime.fromisoformat(start)
        return cls(data["name"], path, data["steps"], data.get("records") or {}, data.get("max_fallback", 0.05),
                   start, data.get("timezone"), {int(k): v for k, v in (data.get("known") or {}).items()})


def kinds_match(expected: list[str], got: list[str]) -> bool:
    """`got` matches `expected` in order; "*" is any one kind, "**" any run (none included), globs allowed."""
    if not expected:
        return not got
    head, rest = expected[0], expected[1:]
    if head == "**":
        return any(kinds_match(rest, got[i:]) for i in range(len(got) + 1))
    return bool(got) and (head == "*" or fnmatch.fnmatchcase(got[0], head)) and kinds_match(rest, got[1:])


def all_journeys() -> list[Path]:
    return sorted(FOLDER.glob("*.yaml"))


def fallback_share(outcomes: list[Outcome]) -> float:
    texts = [o for o in outcomes if o.what == "text"]
    fallbacks = sum(any(kind in FALLBACK_KINDS for kind in o.got) for o in texts)
    return fallbacks / len(texts) if texts else 0.0


def tally_records(member_id: int) -> dict:
    """The member's records in the shape a journey's `records` uses."""
    from bot.models import CheckIn, Contact, HeldDraft, Member, Reason, SafetyFlag, UrgeEpisode

    member = Member.get_by_id(member_id)
    contacts = list(Contact.select().where(Contact.member == member_id))
    contact_counts = Counter(c.initiator for c in contacts)
    contact_counts.update(c.reception for c in contacts if c.reception)
    contact_counts["needed"] = sum(c.needed for c in contacts)
    return {
        "baseline": member.baseline_weekly,
        "status": member.status,
        "spouse_name": member.spouse_name,
        "checkin_time": member.checkin_time,
        "delay": member.delay_minutes,
        "timezone": member.timezone,
        "safety_hold": member.safety_hold,
        "outcomes": Counter(e.outcome for e in UrgeEpisode.select().where(UrgeEpisode.member == member_id)),
        "contacts": contact_counts,
        "reasons": Reason.select().where(Reason.member == member_id).count(),
        "flags": Counter(f.danger for f in SafetyFlag.select().where(SafetyFlag.member == member_id)),
        "checkins": [c.count for c in CheckIn.select().where(CheckIn.member == member_id).order_by(CheckIn.local_date)
                     if c.count is not None],
        "drafts": Counter(d.state for d in HeldDraft.select().where(HeldDraft.member == member_id)),
    }


def record_mismatches(expected: dict, actual: dict) -> list[str]:
    """Each expected record that differs from what is stored, as a readable line."""
    problems = []
    for key, want in expected.items():
        have = actual.get(key)
        if isinstance(want, dict):
            for sub, count in want.items():
                if (have or {}).get(sub, 0) != count:
                    problems.append(f"{key}.{sub}: expected {count}, stored {(have or {}).get(sub, 0)}")
        elif have != want:
            problems.append(f"{key}: expected {want!r}, stored {have!r}")
    return problems
