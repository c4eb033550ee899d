"""Synthetic demo data: members with months of history, so the dashboard means something on first run.

Deterministic for a seed. Histories come from bot.admin.history and go in with
insert_many in chunks, a batch of members at a time, so ten thousand members
and a million messages fit in memory and in a few minutes.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, time, timedelta

import messages
from bot import localtime
from bot.admin import history
from bot.admin.history import Profile, Texts
from bot.db import database
from bot.models import CheckIn, Contact, HeldDraft, Member, Message, SafetyFlag, ScheduledMessage, UrgeEpisode

# Fictional numbers: the 555-01xx range is reserved, but far too small, so every
# number here is a 555 exchange in one of these area codes, with its zone.
AREAS = (("212", "America/New_York"), ("312", "America/Chicago"), ("303", "America/Denver"),
         ("602", "America/Phoenix"), ("213", "America/Los_Angeles"), ("617", "America/New_York"),
         ("404", "America/New_York"), ("206", "America/Los_Angeles"), ("512", "America/Chicago"),
         ("907", "America/Anchorage"))
BATCH = 500  # members generated and inserted together
CHUNK = 1000  # rows per INSERT statement
PILOT = 150  # members generated first to learn how many messages a member makes
ONBOARDING_MESSAGES = 8
FALLBACK = "Thanks for texting. This is a demo message."


def demo_texts() -> Texts:
    """Every variant of every prompt, rendered with the library's sample values, keyed by prompt id."""
    library = messages.load()
    by_kind = {}
    for prompt_id in library.ids():
        count = len(library.prompt(prompt_id).variants)
        try:
            by_kind[prompt_id] = [library.render(prompt_id, messages.library.SAMPLE_VALUES, after=i - 1).text
                                  for i in range(count)]
        except messages.LibraryError:
            by_kind[prompt_id] = [FALLBACK]
    return Texts(by_kind)


def phone(index: int) -> tuple[str, str]:
    area, zone = AREAS[(index // 10_000) % len(AREAS)]
    return f"+1{area}555{index % 10_000:04d}", zone


def profiles(count: int, days: int, now: datetime, rng: random.Random, activity: float, first: int = 0) -> list:
    result = []
    for index in range(first, first + count):
        number, zone = phone(index)
        joined = now - timedelta(days=days * rng.random() ** 0.7, minutes=rng.uniform(0, 600))
        consented = rng.random() > 0.07
        tenure = now - joined
        stopped = joined + tenure * rng.uniform(0.3, 1.0) if consented and rng.random() < 0.08 else None
        result.append(Profile(index, number, zone, joined, consented, stopped, baseline=rng.randint(4, 25),
                              delay=rng.choice((15, 20, 20, 20, 30)), activity=activity * rng.uniform(0.5, 1.5),
                              crisis=consented and rng.random() < 0.015))
    return result


def activity_for(messages_per_member: float, days: int, now: datetime, seed: int, texts: Texts) -> float:
    """The activity scale that makes an average member produce about `messages_per_member` texts."""
    pilot = profiles(PILOT, days, now, random.Random(f"{seed}:pilot"), 1.0)
    made = sum(len(history.generate(p, random.Random(f"{seed}:pilot:{p.index}"), texts, now).messages)
               for p in pilot) / PILOT
    return max(0.05, (messages_per_member - ONBOARDING_MESSAGES) / max(1.0, made - ONBOARDING_MESSAGES))


def _insert(model, fields: tuple[str, ...], rows: list, ids: dict[int, int]) -> int:
    columns = [getattr(model, name) for name in fields]
    for start in range(0, len(rows), CHUNK):
        chunk = [(ids[row[0]], *row[1:]) for row in rows[start:start + CHUNK]]
        model.insert_many(chunk, fields=columns).execute()
    return len(rows)


def _member_row(p: Profile, h: history.History, now: datetime, rng: random.Random, hold: bool) -> dict:
    active = p.consented and p.stopped is None
    status = "active" if active else ("opted_out" if p.stopped else "new")
    return {
        "phone": p.phone, "channel": "whatsapp" if rng.random() < 0.1 else "sms", "status": status,
        "timezone": p.zone, "created_at": p.joined, "consent_at": p.joined + timedelta(minutes=5) if p.consented else None,
        "stopped_at": p.stopped, "last_inbound_at": h.last_inbound_at, "delay_minutes": p.delay,
        "baseline_weekly": p.baseline if p.consented else None, "safety_hold": hold,
        "paused_until": now + timedelta(days=2) if active and rng.random() < 0.03 else None,
        "next_checkin_at": localtime.next_local_time(now, p.zone, time(19, 0)) if active else None,
        "next_weekly_at": localtime.next_local_time(now, p.zone, time(18, 0), weekday=6) if active else None,
    }


def _insert_batch(batch: list[Profile], histories: list[history.History], now: datetime, rng: random.Random,
                  totals: Counter) -> None:
    flags = {h.index: rng.choices(("open", "acknowledged", "resolved"), (0.4, 0.2, 0.4))[0]
             for h in histories if h.flag_sid}
    rows = [_member_row(p, h, now, rng, flags.get(p.index) in ("open", "acknowledged"))
            for p, h in zip(batch, histories, strict=True)]
    with database.atomic():
        for start in range(0, len(rows), CHUNK // 10):
            Member.insert_many(rows[start:start + CHUNK // 10]).execute()
        by_phone = dict(Member.select(Member.phone, Member.id).where(Member.phone.in_([p.phone for p in batch]))
                        .tuples())
        ids = {p.index: by_phone[p.phone] for p in batch}
        for model, fields, attribute in (
            (Message, history.MESSAGE_FIELDS, "messages"), (ScheduledMessage, history.SCHEDULED_FIELDS, "scheduled"),
            (UrgeEpisode, history.EPISODE_FIELDS, "episodes"), (Contact, history.CONTACT_FIELDS, "contacts"),
            (HeldDraft, history.DRAFT_FIELDS, "drafts"), (CheckIn, history.CHECKIN_FIELDS, "checkins"),
        ):
            totals[attribute] += _insert(model, fields, [r for h in histories for r in getattr(h, attribute)], ids)
        totals["flags"] += _add_flags(histories, flags, ids)
        totals["scheduled"] += _add_pending(list(ids.values()), now)
    totals["members"] += len(batch)


def _add_flags(histories, flags: dict[int, str], ids: dict[int, int]) -> int:
    sids = {h.flag_sid: h for h in histories if h.flag_sid}
    found = Message.select(Message.id, Message.twilio_sid, Message.created_at).where(Message.twilio_sid.in_(list(sids)))
    for message in found:
        h = sids[message.twilio_sid]
        resolved = flags[h.index] == "resolved"
        SafetyFlag.create(member=ids[h.index], message=message.id, danger=h.flag_danger,
                          created_at=message.created_at, state=flags[h.index],
                          note="Called the member; they are safe and have a plan with their counsellor."
                          if resolved else None, resolved_at=message.created_at + timedelta(hours=2) if resolved else None)
    return len(sids)


def _add_pending(member_ids: list[int], now: datetime) -> int:
    """What a live system would have queued: follow-ups of open urges, returns of drafts still held."""
    held = dict(Member.select(Member.id, Member.safety_hold).where(Member.id.in_(member_ids)).tuples())
    rows = []
    for episode in UrgeEpisode.select().where(UrgeEpisode.member.in_(member_ids) & (UrgeEpisode.outcome == "open")):
        due = episode.opened_at + timedelta(minutes=20 * episode.rounds)
        rows.append((episode.member_id, "urge_followup", "Checking in: how strong is that pull now, 1 to 5?", due,
                     episode.id, f"urge:{episode.id}:{episode.rounds}"))
    for draft in HeldDraft.select().where(HeldDraft.member.in_(member_ids) & (HeldDraft.state == "held")):
        rows.append((draft.member_id, "hold_return", f"Here is the message you held: {draft.body}", draft.return_at,
                     draft.id, f"hold:{draft.id}"))
    for member_id, kind, body, due, ref, key in rows:
        ScheduledMessage.create(member=member_id, kind=kind, body=body, due_at=max(due, now), ref_id=ref,
                                idempotency_key=key, state="held" if held[member_id] else "pending",
                                created_at=now, updated_at=now)
    return len(rows)


def seed(now: datetime, *, members: int = 300, days: int = 120, messages_target: int | None = None,
         seed: int = 7, progress=lambda done, total: None) -> Counter:
    """Add `members` synthetic members with up to `days` of history up to `now`; returns row counts by kind.

    With `messages_target`, every rate is scaled so the total number of texts lands near it.
    """
    texts = demo_texts()
    activity = 1.0 if messages_target is None else activity_for(messages_target / members, days, now, seed, texts)
    rng, totals = random.Random(seed), Counter()
    first = Member.select().count()
    for start in range(0, members, BATCH):
        batch = profiles(min(BATCH, members - start), days, now, rng, activity, first=first + start)
        histories = [history.generate(p, random.Random(f"{seed}:{p.index}"), texts, now) for p in batch]
        _insert_batch(batch, histories, now, rng, totals)
        progress(totals["members"], members)
    return totals
