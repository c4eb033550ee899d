"""Admin dashboard benchmark: every page against 10,000 members and a million messages.

Seeds a fresh SQLite file (and a PostgreSQL database, when one answers on
127.0.0.1) with bot/admin/demo.py (deterministic), logs an operator in, and
times each page through the Flask test client in this process: one warm-up
request, then the median and the slowest of RUNS, with the SQL statements
each page ran. The target is 300 ms per page.

    python -m bench.admin_pages [--quick] [--sqlite-only]
"""

from __future__ import annotations

import logging
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench import common

RUNS = 7
TARGET_MS = 300
FULL = {"members": 10_000, "messages": 1_000_000, "days": 120}
QUICK = {"members": 1_000, "messages": 100_000, "days": 120}


class _Statements(logging.Handler):
    """Counts SQL statements: peewee logs each one at DEBUG on the "peewee" logger."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.count = 0

    def emit(self, record):
        self.count += isinstance(record.msg, tuple)


PAGES = (
    ("Overview", "/admin/"),
    ("Members, first page", "/admin/members"),
    ("Members, page 100", "/admin/members?page=100"),
    ("Members, search by last digits", "/admin/members?q=4242"),
    ("Members, filter active", "/admin/members?status=active"),
    ("Member detail", "/admin/members/{member}"),
    ("Safety queue", "/admin/safety"),
    ("Outbox, needs attention", "/admin/outbox"),
    ("Outbox, failed", "/admin/outbox?state=failed"),
    ("Outbox, pending", "/admin/outbox?state=pending"),
    ("Delivery failures (7 days)", "/admin/deliveries"),
    ("Message library (results by variant, experiment)", "/admin/library"),
    ("Audit log", "/admin/audit"),
    ("CSV export (26 weeks)", "/admin/export.csv"),
    ("Simulator", "/admin/simulator/"),
)


def seed(url: str, size: dict) -> tuple[object, dict, float]:
    """The app on `url`, seeded; returns it, the row counts and the seconds seeding took."""
    from bot import create_app
    from bot.admin import demo
    from bot.admin.auth import create_operator
    from bot.db import database

    app = create_app({"database_url": url, "transport": "console", "public_url": None, "twilio_auth_token": None,
                      "log_level": "warning"})
    started = time.perf_counter()
    with database.connection_context():
        totals = demo.seed(app.config["CLOCK"](), members=size["members"], days=size["days"],
                           messages_target=size["messages"], seed=7)
        create_operator("bench@example.org", "a benchmark passphrase", app.config["CLOCK"]())
    return app, totals, time.perf_counter() - started


def typical_member() -> int:
    """A member with a median-sized history: the page an operator opens most."""
    from peewee import fn

    from bot.db import database
    from bot.models import Message

    with database.connection_context():
        sizes = sorted(Message.select(Message.member, fn.COUNT(Message.id)).group_by(Message.member).tuples(),
                       key=lambda row: row[1])
    return sizes[len(sizes) // 2][0]


def measure(app, url: str) -> tuple[float, float, int]:
    """Median and slowest milliseconds over RUNS requests after a warm-up, and the statements per request."""
    import re

    client = app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/admin/login").text).group(1)
    client.post("/admin/login", data={"email": "bench@example.org", "password": "a benchmark passphrase",
                                      "csrf_token": token})
    assert client.get(url).status_code == 200, url
    logger, counter = logging.getLogger("peewee"), _Statements()
    logger.addHandler(counter)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        client.get(url)
        statements = counter.count
    finally:
        logger.removeHandler(counter)
        logger.setLevel(logging.NOTSET)
        logger.propagate = True
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    return statistics.median(timings), max(timings), statements


def measure_backend(url: str, size: dict) -> tuple[dict, Counter, float]:
    """Seed the database at `url` and time every page: {page: (median ms, slowest ms, statements)}."""
    app, totals, seconds = seed(url, size)
    member_id = typical_member()
    return {name: measure(app, path.format(member=member_id)) for name, path in PAGES}, totals, seconds


def run(workdir: Path | None = None, *, quick: bool = False, postgres: bool = True) -> str:
    """The admin pages section of the report (markdown): SQLite, and PostgreSQL when one answers."""
    size = QUICK if quick else FULL
    results, notes = {}, []
    with tempfile.TemporaryDirectory() as scratch:
        backends = [("SQLite", lambda: common.sqlite_database(Path(workdir or scratch), "admin"))]
        if postgres:
            backends.append(("PostgreSQL", common.postgres_database))
        for backend, database in backends:
            try:
                with database() as url:
                    results[backend] = measure_backend(url, size)
            except common.Unavailable as error:
                notes.append(f"{backend}: not measured ({error}).")
    rows = []
    for name, _ in PAGES:
        figures = [results[b][0][name] for b in results]
        rows.append((name, *(f"{median:.0f} / {slowest:.0f} ms" for median, slowest, _ in figures),
                     "/".join(str(statements) for *_, statements in figures), f"< {TARGET_MS} ms",
                     common.verdict(all(slowest < TARGET_MS for _, slowest, _ in figures))))
    seeded = "; ".join(f"{b} in {seconds:.0f} s" for b, (_, _, seconds) in results.items())
    totals = next(iter(results.values()))[1]
    header = (f"{totals['members']:,} members, {totals['messages']:,} messages, {totals['episodes']:,} urge episodes, "
              f"{totals['contacts']:,} contacts, {totals['scheduled']:,} outbox rows, made by `flask seed-demo`'s "
              f"generator (seeded: {seeded}). Flask test client in one process; median and slowest of {RUNS} "
              "requests after a warm-up; the member page is that of a member with a median-sized history.")
    table = common.table(("page", *(f"{b} median / slowest" for b in results), "SQL statements", "target", ""),
                         rows)
    return "\n\n".join([header, table, *notes])


if __name__ == "__main__":
    print(run(quick="--quick" in sys.argv[1:], postgres="--sqlite-only" not in sys.argv[1:]))
