"""A dispatch worker for the fault tests, run as its own OS process.

    python -m tests.recording_worker DATABASE_URL RECORD NAME [--lease S] [--batch N] [--go FILE] [--drain]
                                     [--die-after-sends N] [--latency S] [--deadline S]

It loops `bot.outbox.send_due(real now, ...)` on DATABASE_URL. Its transport appends one line per send,
"NAME<TAB>to<TAB>body", to RECORD with a single write(2) on an O_APPEND descriptor *before* reporting
success, so a SIGKILL between the send and the database update still leaves the send on record.
RECORD.ready appears once the process has imported everything and reached the database.

Exit codes: 0 when done (a pass found nothing to do; with --drain, no row is pending or claimed any more),
3 at the deadline, SIGKILL (-9 to the parent) with --die-after-sends.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
import uuid
from dataclasses import asdict
from datetime import time as wall_time
from pathlib import Path

from bot.config import load_settings
from bot.db import database, open_database
from bot.models import ScheduledMessage
from bot.outbox import send_due
from bot.timefields import now_utc
from bot.transport import SendResult

POLL = 0.02  # seconds between looks at the go file or at claims another process still holds


class RecordingTransport:
    """Records every send durably before returning success; can SIGKILL its own process right after a send."""

    name = "recording"

    def __init__(self, path: Path, worker: str, die_after_sends: int = 0, latency: float = 0.0):
        self.worker, self.die_after_sends, self.latency, self.sends = worker, die_after_sends, latency, 0
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def send(self, to: str, body: str, *, channel: str = "sms", ref: int | None = None) -> SendResult:
        os.write(self._fd, f"{self.worker}\t{to}\t{body}\n".encode())
        self.sends += 1
        if self.sends == self.die_after_sends:
            # The message has left and the outbox has not heard back: the window a crash can hit.
            os.kill(os.getpid(), signal.SIGKILL)
        if self.latency:
            time.sleep(self.latency)  # waiting for the provider's answer: the request has already arrived
        return SendResult("SM" + uuid.uuid4().hex, "queued")

    def find_sent(self, to, since, *, channel="sms"):
        return []


def unfinished() -> bool:
    return ScheduledMessage.select().where(ScheduledMessage.state.in_(("pending", "claimed"))).exists()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.recording_worker")
    parser.add_argument("database_url")
    parser.add_argument("record", type=Path)
    parser.add_argument("name")
    parser.add_argument("--lease", type=int, default=120, help="lease seconds (no minimum, unlike LEASE_SECONDS)")
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--go", type=Path, help="wait for this file to exist before the first pass")
    parser.add_argument("--drain", action="store_true", help="run until no row is pending or claimed")
    parser.add_argument("--die-after-sends", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds each send waits for its answer")
    parser.add_argument("--deadline", type=float, default=120.0)
    args = parser.parse_args(argv)

    settings = load_settings({"DATABASE_URL": args.database_url}, dotenv=False).with_overrides({
        "lease_seconds": args.lease, "dispatch_batch": args.batch, "daily_scheduled_cap": 1_000_000,
        "send_rate": 0,  # the shared per-sender pace is not what these tests measure
        "quiet_hours": (wall_time(0), wall_time(0)),  # never quiet: the test may run at any hour
    })
    open_database(args.database_url)
    transport = RecordingTransport(args.record, args.name, args.die_after_sends, args.latency)
    deadline = time.monotonic() + args.deadline
    with database.connection_context():
        ScheduledMessage.select().count()  # reach the database before saying we are ready
        Path(f"{args.record}.ready").touch()
        while args.go and not args.go.exists():
            if time.monotonic() > deadline:
                return 3
            time.sleep(POLL)
        while time.monotonic() < deadline:
            result = send_due(now_utc(), transport, settings, worker=args.name)
            if any(asdict(result).values()):
                continue
            if not args.drain or not unfinished():
                return 0
            time.sleep(POLL)  # claims of a killed process: wait for their leases to run out
    print(f"{args.name}: deadline reached with work left", file=sys.stderr)
    return 3


if __name__ == "__main__":
    sys.exit(main())
