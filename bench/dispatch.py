"""Dispatch benchmark: due outbox rows drained per second by 1, 2 and 4 worker processes.

Each worker is its own process (`python -m bench.dispatch URL NAME DIR`) that
loops `bot.outbox.send_due(now)` on the real clock, as the worker does, with an
instant transport until a pass finds nothing. The shared per-sender send rate,
quiet hours and the daily cap are lifted (the rate is Twilio's limit, not the
code's), so what is measured is the outbox itself. The wall clock runs from the
moment all workers are released to the last worker's end. Exactly-once is
checked twice: by the bodies the transports were handed (each row's body is
unique) and by the outbound Message rows per scheduled row.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time as clock
from dataclasses import asdict
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from bench import common

WORKERS = (1, 2, 4)


class InstantTransport:
    """Accepts every message at once and remembers each body it was handed."""

    name = "instant"  # one sender for every worker, as with one Twilio number: they share its send rate

    def __init__(self, worker: str):
        self.worker, self.bodies = worker, []

    def send(self, to: str, body: str, *, channel: str = "sms", ref: int | None = None):
        from bot.transport import SendResult

        self.bodies.append(body)
        return SendResult(f"SM{self.worker}x{len(self.bodies):012d}", "sent")

    def find_sent(self, to, since, *, channel="sms"):
        return []


def bench_settings(url: str):
    """The defaults on `url`, except nothing defers a row: no daily cap, no quiet hours, no send rate."""
    from bot.config import load_settings

    return load_settings({}, dotenv=False).with_overrides({
        "database_url": url, "daily_scheduled_cap": 1_000_000, "quiet_hours": (time(0, 0), time(0, 0)),
        "send_rate": 0})


def seed(url: str, rows: int, members: int) -> None:
    """`members` consented members and `rows` manual messages already due, spread over them."""
    from bot.db import database, open_database
    from bot.models import Member, ScheduledMessage

    open_database(url)
    now = datetime.now(UTC)
    created = now - timedelta(days=1)
    with database.atomic():
        for start in range(0, members, 500):
            Member.insert_many([{"phone": f"+1312555{n:04d}", "status": "active", "created_at": created,
                                 "consent_at": created} for n in range(start, min(members, start + 500))]).execute()
        ids = [m.id for m in Member.select(Member.id).order_by(Member.id)]
        for start in range(0, rows, 500):
            ScheduledMessage.insert_many([
                {"member": ids[n % len(ids)], "kind": "manual", "body": f"bench message {n}",
                 "due_at": now - timedelta(seconds=rows - n), "idempotency_key": f"bench:{n}",
                 "created_at": created, "updated_at": created}
                for n in range(start, min(rows, start + 500))]).execute()
    common.close_database()


def drain(url: str, name: str, transport: InstantTransport) -> int:
    """send_due until a pass finds nothing; how many passes that took."""
    from bot.db import database
    from bot.outbox import send_due

    settings, passes = bench_settings(url), 0
    with database.connection_context():
        while any(asdict(send_due(datetime.now(UTC), transport, settings, worker=name)).values()):
            passes += 1
    return passes


def worker(url: str, name: str, folder: Path) -> None:
    """One worker process: get ready, wait for the go file, drain, write what it did to NAME.json."""
    from bot.db import database, open_database

    open_database(url)
    with database.connection_context():
        database.execute_sql("SELECT 1")
    transport = InstantTransport(name)
    (folder / f"{name}.ready").touch()
    deadline = clock.monotonic() + 60
    while not (folder / "go").exists():
        if clock.monotonic() > deadline:
            raise SystemExit("never released")
        clock.sleep(0.0005)
    passes = drain(url, name, transport)
    end = clock.time()
    result = {"end": end, "passes": passes, "bodies": transport.bodies, "peak_rss_mib": common.peak_rss_mib(os.getpid())}
    (folder / f"{name}.json").write_text(json.dumps(result))


def race(url: str, count: int, folder: Path, timeout: float) -> dict:
    """Start `count` workers on `url`, release them together; wall time, what each sent, peak memory."""
    folder.mkdir(parents=True)
    names = [f"w{n}" for n in range(count)]
    env = common.clean_env()
    processes = [subprocess.Popen([common.PYTHON, "-m", "bench.dispatch", url, name, str(folder)], cwd=common.ROOT,
                                  env=env) for name in names]
    try:
        deadline = clock.monotonic() + 60
        while not all((folder / f"{name}.ready").exists() for name in names):
            if clock.monotonic() > deadline or any(p.poll() not in (None, 0) for p in processes):
                raise RuntimeError("dispatch workers did not start")
            clock.sleep(0.01)
        start = clock.time()
        (folder / "go").touch()
        for process in processes:
            if process.wait(timeout=timeout) != 0:
                raise RuntimeError(f"a dispatch worker failed with exit code {process.returncode}")
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
    results = [json.loads((folder / f"{name}.json").read_text()) for name in names]
    bodies = [body for result in results for body in result["bodies"]]
    return {"seconds": max(r["end"] for r in results) - start, "sent": len(bodies), "distinct": len(set(bodies)),
            "per_worker": [len(r["bodies"]) for r in results],
            "peak_rss_mib": max(r["peak_rss_mib"] or 0 for r in results)}


def check_rows(url: str) -> dict:
    """What the database says: rows sent, and outbound messages per scheduled row beyond one."""
    from bot.db import database, open_database
    from bot.models import Message, ScheduledMessage

    open_database(url)
    try:
        sent = ScheduledMessage.select().where(ScheduledMessage.state == "sent").count()
        duplicates = database.execute_sql(
            "SELECT COUNT(*) FROM (SELECT scheduled_id FROM message WHERE scheduled_id IS NOT NULL "
            "GROUP BY scheduled_id HAVING COUNT(*) > 1) AS d").fetchone()[0]
        messages = Message.select().where(Message.scheduled.is_null(False)).count()
        return {"rows_sent": sent, "duplicates": duplicates, "messages": messages}
    finally:
        common.close_database()


def measure(database, rows: int, members: int, count: int, workdir: Path) -> dict:
    with database() as url:
        seed(url, rows, members)
        figures = race(url, count, workdir / f"dispatch-{clock.monotonic_ns()}", timeout=300)
        figures.update(check_rows(url))
    figures["rate"] = figures["sent"] / figures["seconds"]
    figures["exact"] = (figures["sent"] == figures["distinct"] == figures["rows_sent"] == figures["messages"] == rows
                        and figures["duplicates"] == 0)
    return figures


def bottleneck(database, rows: int) -> str:
    """Where one worker spends its time draining `rows` rows (cProfile), as a sentence."""
    with database() as url:
        seed(url, rows, max(rows // 10, 1))
        layers, _ = common.profile(lambda: drain(url, "profile", InstantTransport("profile")))
    return f"time by layer: {layers}"


def statements_per_message(database, rows: int) -> float:
    """SQL statements one worker runs per sent message, draining `rows` due rows in batch passes."""
    with database() as url:
        seed(url, rows, max(rows // 10, 1))
        with common.counting_statements() as counter:
            drain(url, "count", InstantTransport("count"))
    return counter.count / rows


MESSAGE_BUDGET = 3  # the aim: SQL statements per sent message in a batch pass
TARGET_ONE = {"SQLite": 2000, "PostgreSQL": 1500}  # msgs/s on one worker
SCALE_FOUR = {"PostgreSQL": 3.0}  # four workers against one (SQLite serialises writers: "not slower")


def run(workdir: Path, *, quick: bool = False, postgres: bool = True, memory: list | None = None) -> str:
    """The dispatch section of the report (markdown); peak memory figures are appended to `memory` as (what, MiB)."""
    # PostgreSQL commits to disk at every transaction, so it drains slower: fewer rows keep the run bounded.
    sizes = {"SQLite": 1_500, "PostgreSQL": 600} if quick else {"SQLite": 10_000, "PostgreSQL": 3_000}
    backends = [("SQLite", lambda: common.sqlite_database(workdir, "dispatch"))]
    if postgres:
        backends.append(("PostgreSQL", common.postgres_database))
    lines, notes = [], []
    for name, database in backends:
        rows = sizes[name]
        try:
            results = {count: measure(database, rows, rows // 10, count, workdir) for count in WORKERS}
            statements = statements_per_message(database, 300 if quick else 1_000)
        except common.Unavailable as error:
            notes.append(f"{name}: not measured ({error}).")
            continue
        lines += [row(name, count, results) for count in WORKERS]
        lines.append((f"{name}, SQL statements per sent message", f"{statements:.1f}", "", "one worker, batch passes",
                      "", "", f"≤ {MESSAGE_BUDGET} (aim)", common.verdict(statements <= MESSAGE_BUDGET)))
        if memory is not None:
            memory.append((f"dispatch worker process, {name}", max(r["peak_rss_mib"] for r in results.values())))
        notes.append(f"{name}, one worker, profiled: {statements:.1f} SQL statements per message; "
                     f"{bottleneck(database, 300 if quick else 2_000)}.")
    sized = " and ".join(f"{rows:,} on {name}" for name, rows in sizes.items() if postgres or name == "SQLite")
    header = (f"Due `manual` rows ({sized}), ten per consented member; instant fake transport; default "
              "DISPATCH_BATCH; each worker a separate process looping `send_due` on the real clock until a pass "
              "finds nothing. Ratio against one worker on the same backend; \"not slower\" allows 5% noise.")
    body = common.table(("dispatch", "drained", "vs 1 worker", "checked", "exactly once", "peak RSS", "target", ""),
                        lines) if lines else ""
    return "\n\n".join(part for part in ("### Dispatch (outbox)", header, body, *notes) if part)


def row(backend: str, count: int, results: dict) -> tuple:
    """One table row: the rate, its ratio to one worker, the exactly-once checks, memory, target."""
    r, one = results[count], results[1]["rate"]
    checked = f"{r['sent']:,} sent, {r['duplicates']} dup, split {'/'.join(map(str, r['per_worker']))}"
    if count == 1:
        target, ok = f"≥ {TARGET_ONE[backend]:,}/s", one >= TARGET_ONE[backend]
    elif count == WORKERS[-1] and backend in SCALE_FOUR:
        target, ok = f"≥ {SCALE_FOUR[backend]:g}x 1 worker", r["rate"] >= SCALE_FOUR[backend] * one
    else:  # "never slower" than any smaller number of workers, allowing 5% noise
        target, ok = "not slower", r["rate"] >= 0.95 * max(results[c]["rate"] for c in WORKERS if c < count)
    workers = f"{count} worker{'s' if count > 1 else ''}"
    return (f"{backend}, {workers}", f"{r['rate']:,.0f} msgs/s", f"{r['rate'] / one:.2f}x", checked,
            common.verdict(r["exact"]), common.mib(r["peak_rss_mib"]), target, common.verdict(ok))


if __name__ == "__main__":
    worker(sys.argv[1], sys.argv[2], Path(sys.argv[3]))
