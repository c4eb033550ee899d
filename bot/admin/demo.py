"""Synthetic demo data: members with months of history, so the dashboard means something on first run.

Deterministic for a seed. Members are inserted first (their ids decide their
arm in the demo's prompt experiment, as in the live bot), then their
histories (bot.admin.story) go in with insert_many in chunks, a batch of
members at a time, so ten thousand members and a million messages fit in
memory and in a few minutes. With enough history the demo runs an experiment
on urge.reply, started five weeks before `now`.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import datetime, time, timedelta

from peewee import fn

from bot import experiments, localtime
from bot.admin import story
from bot.admin.history import (
    CHECKIN_FIELDS,
    CONTACT_FIELDS,
    DRAFT_FIELDS,
    EPISODE_FIELDS,
    MESSAGE_FIELDS,
    SCHEDULED_FIELDS,
    History,
    Ids,
    Profile,
    Texts,
)
from bot.admin.models import AuditLog
from bot.bulk import execute_values, insert_ignoring
from bot.db import database, is_postgres
from bot.models import CheckIn, Contact, HeldDraft, Member, Message, SafetyFlag, ScheduledMessage, UrgeEpisode

# Fictional numbers: the 555-01xx range is reserved, but far too small, so every
# number here is a 555 exchange in one of these area codes, with its zone.
AREAS = (("212", "America/New_York"), ("312", "America/Chicago"), ("303", "America/Denver"),
         ("602", "America/Phoenix"), ("213", "America/Los_Angeles"), ("617", "America/New_York"),
         ("404", "America/New_York"), ("206", "America/Los_Angeles"), ("512", "America/Chicago"),
         ("907", "America/Anchorage"))
BATCH = 500  # members generated and inserted together
CHUNK = 1000  # member rows per INSERT statement
PILOT = 150  # members generated first to learn how many messages a member makes
ONBOARDING_MESSAGES = 8
EXPERIMENT_DAYS = 35
EXPERIMENT_ARMS = (1, 7)  # urge.reply variants b and h
DANGERS = (("self", 0.35), ("other", 0.2), ("both", 0.05), ("review", 0.25), ("possible", 0.15))
HELD = ("self", "other", "both")  # dangers that put the member on a safety hold
ROWS = ((Message, MESSAGE_FIELDS, "messages"), (ScheduledMessage, SCHEDULED_FIELDS, "scheduled"),
        (UrgeEpisode, EPISODE_FIELDS, "episodes"), (Contact, CONTACT_FIELDS, "contacts"),
        (HeldDraft, DRAFT_FIELDS, "drafts"), (CheckIn, CHECKIN_FIELDS, "checkins"))


def phone(index: int) -> tuple[str, str]:
    area, zone = AREAS[(index // 10_000) % len(AREAS)]
    return f"+1{area}555{index % 10_000:04d}", zone


def sketches(count: int, days: int, now: datetime, rng: random.Random, activity: float, first: int = 0) -> list:
    """Who each member will be, before they have an id: Profile fields but `id`."""
    result = []
    for index in range(first, first + count):
        number, zone = phone(index)
        joined = now - timedelta(days=days * rng.random() ** 0.7, minutes=rng.uniform(0, 600))
        consented = rng.random() > 0.07
        stopped = joined + (now - joined) * rng.uniform(0.3, 1.0) if consented and rng.random() < 0.08 else None
        response = -0.15 if rng.random() < 0.1 else rng.betavariate(2.5, 2)  # a few reach out more, not less
        crisis = rng.choices(*zip(*DANGERS, strict=True))[0] if consented and rng.random() < 0.02 else None
        result.append({"phone": number, "zone": zone, "joined": joined, "consented": consented, "stopped": stopped,
                       "baseline": max(1, round(rng.randint(4, 20) * min(1.0, activity))),
                       "delay": rng.choice((15, 20, 20, 20, 30)), "activity": activity * rng.uniform(0.6, 1.4),
                       "response": response, "engagement": rng.uniform(0.35, 0.9), "crisis": crisis,
                       "quiet_after": rng.randint(2, 10) if rng.random() < 0.12 else None})
    return result


def activity_for(messages_per_member: float, days: int, now: datetime, seed: int, texts: Texts) -> float:
    """The activity scale that makes an average member produce about `messages_per_member` texts.

    Two pilot rounds: rates are not all proportional to activity (a baseline is at least 1), so the
    first estimate is corrected once by what a pilot at that scale really makes.
    """
    activity = 1.0
    for round_ in range(2):
        pilot = sketches(PILOT, days, now, random.Random(f"{seed}:pilot"), activity)
        made = sum(len(story.generate(Profile(i + 1, **s), random.Random(f"{seed}:pilot:{round_}:{i}"), texts,
                                      now).messages) for i, s in enumerate(pilot)) / PILOT
        activity *= (messages_per_member - ONBOARDING_MESSAGES) / max(1.0, made - ONBOARDING_MESSAGES)
    return max(0.02, activity)


def _member_row(s: dict, now: datetime, rng: random.Random) -> dict:
    active = s["consented"] and s["stopped"] is None
    status = "active" if active else ("opted_out" if s["stopped"] else "new")
    return {
        "phone": s["phone"], "channel": "whatsapp" if rng.random() < 0.1 else "sms", "status": status,
        "timezone": s["zone"], "created_at": s["joined"],
        "consent_at": s["joined"] + story.CONSENT_AFTER if s["consented"] else None, "stopped_at": s["stopped"],
        "last_inbound_at": s["joined"], "delay_minutes": s["delay"],
        "baseline_weekly": s["baseline"] if s["consented"] else None,
        "paused_until": now + timedelta(days=2) if active and rng.random() < 0.03 else None,
        "next_checkin_at": localtime.next_local_time(now, s["zone"], time(19, 0)) if active else None,
        "next_weekly_at": localtime.next_local_time(now, s["zone"], time(18, 0), weekday=6) if active else None,
    }


def _insert(model, fields: tuple[str, ...], rows: list) -> int:
    """One prepared statement for all the rows (peewee's insert_many spends longer building SQL than SQLite inserting)."""
    insert_ignoring(model, [getattr(model, name) for name in fields], rows)
    return len(rows)


def _insert_members(batch: list[dict], now: datetime, rng: random.Random) -> list[Profile]:
    rows = [_member_row(s, now, rng) for s in batch]
    for start in range(0, len(rows), CHUNK // 10):
        Member.insert_many(rows[start:start + CHUNK // 10]).execute()
    ids = dict(Member.select(Member.phone, Member.id).where(Member.phone.in_([s["phone"] for s in batch])).tuples())
    return [Profile(ids[s["phone"]], **s) for s in batch]


def _insert_batch(batch: list[dict], now: datetime, rng: random.Random, seed: int, texts: Texts,
                  experiment, totals: Counter) -> None:
    with database.atomic():
        profiles = _insert_members(batch, now, rng)
        ids = Ids({attribute: (model.select(fn.MAX(model.id)).scalar() or 0) + 1
                   for model, fields, attribute in ROWS if "id" in fields})
        histories = [story.generate(p, random.Random(f"{seed}:{p.phone}"), texts, now, experiment, ids)
                     for p in profiles]
        for model, fields, attribute in ROWS:
            totals[attribute] += _insert(model, fields, [r for h in histories for r in getattr(h, attribute)])
        flags = {h.member: rng.choices(("open", "acknowledged", "resolved"), (0.4, 0.2, 0.4))[0]
                 for h in histories if h.flag_sid}
        totals["flags"] += _add_flags(histories, flags)
        held = [h.member for h in histories if h.flag_sid and h.flag_danger in HELD and flags[h.member] != "resolved"]
        _set_last_inbound(histories)
        if held:
            Member.update(safety_hold=True).where(Member.id.in_(held)).execute()
        totals["scheduled"] += _add_pending([p.id for p in profiles], now, texts, rng)
    totals["members"] += len(batch)


def _set_last_inbound(histories: list[History]) -> None:
    """Each member's latest text, for the whole batch in one prepared statement."""
    column = Member.last_inbound_at
    rows = [(column.db_value(h.last_inbound_at), h.member) for h in histories if h.last_inbound_at]
    if is_postgres():
        execute_values('UPDATE "member" SET "last_inbound_at" = v.at FROM (VALUES %s) AS v(at, id) '
                       'WHERE "member"."id" = v.id', [(h.last_inbound_at, h.member) for h in histories])
    else:
        database.cursor().executemany('UPDATE "member" SET "last_inbound_at" = ? WHERE "id" = ?', rows)


def _add_flags(histories: list[History], flags: dict[int, str]) -> int:
    sids = {h.flag_sid: h for h in histories if h.flag_sid}
    found = Message.select(Message.id, Message.twilio_sid, Message.created_at).where(Message.twilio_sid.in_(list(sids)))
    for message in found:
        h = sids[message.twilio_sid]
        resolved = flags[h.member] == "resolved"
        SafetyFlag.create(member=h.member, message=message.id, danger=h.flag_danger, created_at=message.created_at,
                          state=flags[h.member],
                          note="Called the member; they are safe and have a plan with their counsellor."
                          if resolved else None, resolved_at=message.created_at + timedelta(hours=2) if resolved else None)
    return len(sids)


def _add_pending(member_ids: list[int], now: datetime, texts: Texts, rng: random.Random) -> int:
    """What a live system would have queued: follow-ups of open urges, returns of drafts still held."""
    members = {m.id: m for m in Member.select(Member.id, Member.safety_hold, Member.delay_minutes)
               .where(Member.id.in_(member_ids))}
    rows = []
    for episode in UrgeEpisode.select().where(UrgeEpisode.member.in_(member_ids) & (UrgeEpisode.outcome == "open")):
        due = episode.opened_at + timedelta(minutes=members[episode.member_id].delay_minutes * episode.rounds)
        rows.append((episode.member_id, "urge_followup", texts.render(rng, "urge.followup"), due, episode.id,
                     f"urge:{episode.id}:{episode.rounds}"))
    for draft in HeldDraft.select().where(HeldDraft.member.in_(member_ids) & (HeldDraft.state == "held")):
        rows.append((draft.member_id, "hold_return", texts.render(rng, "hold.return", {"draft": draft.body}),
                     draft.return_at, draft.id, f"hold:{draft.id}"))
    for member_id, kind, body, due, ref, key in rows:
        ScheduledMessage.create(member=member_id, kind=kind, body=body, due_at=max(due, now), ref_id=ref,
                                idempotency_key=key, state="held" if members[member_id].safety_hold else "pending",
                                created_at=now, updated_at=now)
    return len(rows)


def demo_experiment(now: datetime, days: int, texts: Texts) -> experiments.Experiment | None:
    """The experiment the demo runs on urge.reply (the one running already, if any), when there is history for it."""
    running = experiments.running("urge.reply")
    if running is not None or days < 2 * EXPERIMENT_DAYS:
        return running
    started = now - timedelta(days=EXPERIMENT_DAYS)
    arms = [texts.digest("urge.reply", i) for i in EXPERIMENT_ARMS]
    experiment = experiments.Experiment.create(prompt_id="urge.reply", arms=json.dumps(arms), started_at=started,
                                               started_by="demo@example.org",
                                               note="Demo: does naming the room it gives both of you help more?")
    AuditLog.create(at=started, actor="demo@example.org", action="start_experiment",
                    detail=f"#{experiment.id} on urge.reply: variants b, h (seeded demo)")
    return experiment


def seed(now: datetime, *, members: int = 300, days: int = 120, messages_target: int | None = None,
         seed: int = 7, progress=lambda done, total: None) -> Counter:
    """Add `members` synthetic members with up to `days` of history up to `now`; returns row counts by kind.

    With `messages_target`, every rate is scaled so the total number of texts lands near it.
    """
    texts = Texts()
    activity = 1.0 if messages_target is None else activity_for(messages_target / members, days, now, seed, texts)
    rng, totals = random.Random(seed), Counter()
    first = Member.select().count()
    experiment = demo_experiment(now, days, texts)
    for start in range(0, members, BATCH):
        batch = sketches(min(BATCH, members - start), days, now, rng, activity, first=first + start)
        _insert_batch(batch, now, rng, seed, texts, experiment, totals)
        progress(totals["members"], members)
    _follow_sequences()
    return totals


def _follow_sequences() -> None:
    """PostgreSQL: move each id sequence past the ids the demo chose itself, then VACUUM ANALYZE what it
    filled, as autovacuum would soon after any bulk load: until then the planner has no statistics and
    index-only scans must visit the table. SQLite needs neither."""
    if not is_postgres():
        return
    for model, fields, _ in ROWS:
        if "id" in fields:
            table = model._meta.table_name
            database.execute_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                 f"GREATEST((SELECT MAX(id) FROM \"{table}\"), 1))")
    if not database.in_transaction():  # VACUUM cannot run inside one
        for model in (Member, SafetyFlag, *(model for model, _, _ in ROWS)):
            database.execute_sql(f'VACUUM ANALYZE "{model._meta.table_name}"')
