"""Planning benchmark: daily check-ins for many members, timed through `bot.planner.plan(now)`.

The members are seeded with their next check-in spread over the day, except
for two windows in which exactly K1 and K2 of them are due. Timing plan(now)
for an empty window, for K1 and for K2 shows whether the cost follows what is
due or how many members there are; a second database in which every member
is due at once (19:00, the default check-in time) times the whole population.
plan() runs in a child process (`python -m bench.planning URL CALLS`), as in
the worker, so its peak memory is the planner's own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bench import common

ZONE = ZoneInfo("America/New_York")
FIRST = datetime(2026, 11, 26, 0, 0, tzinfo=UTC)  # 19:00 on a Wednesday in New York: K1 members are due
SECOND = FIRST + timedelta(hours=2)  # 21:00 there: K2 members are due
REST_FROM = FIRST + timedelta(hours=3)  # everyone else: spread over the next 20 hours
EMPTY_AT, K1_AT, K2_AT = FIRST - timedelta(minutes=40), FIRST - timedelta(minutes=10), SECOND - timedelta(minutes=10)


def slots(total: int, k1: int, k2: int) -> list[datetime]:
    """Each member's next check-in (UTC): k1 at FIRST, k2 at SECOND, the rest spread after REST_FROM."""
    rest = max(total - k1 - k2, 0)
    spread = [REST_FROM + timedelta(seconds=n * 20 * 3600 / max(rest, 1)) for n in range(rest)]
    return [FIRST] * k1 + [SECOND] * k2 + spread


def seed(url: str, due: list[datetime]) -> None:
    """One consented, active member per entry of `due`, whose check-in time (local) matches it."""
    from bot.db import database, is_postgres, open_database
    from bot.models import Member

    open_database(url)
    created, weekly = FIRST - timedelta(days=30), FIRST + timedelta(days=4)  # no reflection falls due here
    fields = (Member.phone, Member.status, Member.timezone, Member.created_at, Member.consent_at,
              Member.checkin_time, Member.next_checkin_at, Member.next_weekly_at)
    with database.atomic():
        for start in range(0, len(due), 1000):
            rows = [(f"+1{200 + n // 10_000_000}{n % 10_000_000:07d}", "active", "America/New_York", created, created,
                     when.astimezone(ZONE).strftime("%H:%M"), when, weekly)
                    for n, when in enumerate(due[start:start + 1000], start)]
            Member.insert_many(rows, fields=fields).execute()
    if is_postgres():
        # Autovacuum would have analysed the members long before their 19:00; without statistics PostgreSQL
        # reads the whole due range and sorts it for every batch.
        database.execute_sql("ANALYZE")
    common.close_database()


def child(url: str, calls: list[tuple[str, str]]) -> None:
    """In the child process: time plan(now) for each (label, ISO now); print JSON with the peak memory."""
    import messages
    from bot.db import database, open_database
    from bot.planner import plan

    messages.load()  # parsed once per process and cached: not part of any one plan() call
    open_database(url)
    results = {}
    with database.connection_context():
        for label, now in calls:
            start = time.perf_counter()
            queued = plan(datetime.fromisoformat(now))
            results[label] = {"seconds": time.perf_counter() - start, "queued": queued}
    print(json.dumps({"calls": results, "peak_rss_mib": common.peak_rss_mib(os.getpid())}))


def timed(url: str, calls: list[tuple[str, datetime]], timeout: float) -> dict:
    arguments = json.dumps([(label, now.isoformat()) for label, now in calls])
    done = subprocess.run([common.PYTHON, "-m", "bench.planning", url, arguments], cwd=common.ROOT,
                          env=common.clean_env(), capture_output=True, text=True, timeout=timeout, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def queued_checkins(url: str) -> int:
    from bot.db import open_database
    from bot.models import ScheduledMessage

    open_database(url)
    try:
        return ScheduledMessage.select().where(ScheduledMessage.kind == "checkin").count()
    finally:
        common.close_database()


def bench_backend(database, total: int, k1: int, k2: int) -> dict:
    with database() as url:
        seed(url, slots(total, k1, k2))
        windows = timed(url, [("empty", EMPTY_AT), ("k1", K1_AT), ("k2", K2_AT)], timeout=600)
    with database() as url:
        seed(url, [FIRST] * total)
        everyone = timed(url, [("all", K1_AT)], timeout=600)
        everyone["stored"] = queued_checkins(url)
    return {**windows["calls"], "all": everyone["calls"]["all"], "stored": everyone["stored"],
            "peak_rss_mib": max(windows["peak_rss_mib"], everyone["peak_rss_mib"])}


def rows_for(name: str, total: int, k1: int, k2: int, r: dict) -> list[tuple]:
    empty, one, two, everyone = r["empty"], r["k1"], r["k2"], r["all"]
    growth, expected = two["seconds"] / one["seconds"], k2 / k1
    follows_due = empty["seconds"] < 0.05 and growth <= expected * 1.5  # flat in members, at most linear in due
    return [
        (f"{name}: nothing due, {total:,} members", f"{empty['seconds'] * 1000:.1f} ms", "", "", "", ""),
        (f"{name}: {k1:,} due", f"{one['seconds']:.2f} s ({one['queued']:,} queued)", "1.00x", "", "", ""),
        (f"{name}: {k2:,} due", f"{two['seconds']:.2f} s ({two['queued']:,} queued)", f"{growth:.1f}x",
         f"{expected:.0f}x (cost follows due)", "≤ linear in due, flat in members", common.verdict(follows_due)),
        (f"{name}: all {total:,} due at once", f"{everyone['seconds']:.2f} s ({r['stored']:,} stored)",
         f"{everyone['seconds'] / one['seconds']:.1f}x", f"{total / k1:.0f}x",
         "< 5 s" if total >= 100_000 else "", common.verdict(everyone["seconds"] < 5 and r["stored"] == total)
         if total >= 100_000 else "n/a"),
        (f"{name}: planner peak RSS", common.mib(r["peak_rss_mib"]), "", "", "", ""),
    ]


def run(workdir: Path, *, quick: bool = False, postgres: bool = True, memory: list | None = None) -> str:
    """The planning section of the report (markdown); peak memory figures are appended to `memory` as (what, MiB)."""
    total, k1, k2 = (10_000, 100, 1_000) if quick else (100_000, 1_000, 10_000)
    backends = [("SQLite", lambda: common.sqlite_database(workdir, "planning"))]
    if postgres:
        backends.append(("PostgreSQL", common.postgres_database))
    lines, notes = [], []
    for name, database in backends:
        try:
            result = bench_backend(database, total, k1, k2)
        except common.Unavailable as error:
            notes.append(f"{name}: not measured ({error}).")
            continue
        lines += rows_for(name, total, k1, k2, result)
        if memory is not None:
            memory.append((f"planner (worker process), {name}, {total:,} members", result["peak_rss_mib"]))
        if name == "SQLite" and total >= 100_000 and result["all"]["seconds"] >= 5:
            notes.append(f"{name}, {k2:,} due, profiled: {bottleneck(database, total, k2)}.")
    header = (f"{total:,} consented members; one `plan(now)` call per row (it works through every due member in "
              f"batches); ratio against the {k1:,}-due window.")
    body = common.table(("planning", "time", "ratio", "due ratio", "target", ""), lines) if lines else ""
    return "\n\n".join(part for part in ("### Planning (daily check-ins)", header, body, *notes) if part)


def bottleneck(database, total: int, due: int) -> str:
    """Where plan(now) spends its time with `due` members due among `total` (cProfile), as a sentence."""
    from bot.db import open_database
    from bot.planner import plan

    with database() as url:
        seed(url, slots(total, 0, due))
        open_database(url)
        layers, statements = common.profile(lambda: plan(K2_AT))
        common.close_database()
    return f"{statements / due:.1f} SQL statements per check-in; time by layer: {layers}"


if __name__ == "__main__":
    child(sys.argv[1], json.loads(sys.argv[2]))
