"""`python -m schedules`: run the worker until SIGTERM or Ctrl-C.

Exit codes: 0 after a clean stop, 1 when the database is unreachable or its
schema is not current (migrations are the release step, never the worker's),
2 on a configuration error.
"""

from __future__ import annotations

import signal
import sys
import threading

from peewee import DatabaseError


def transport_line(settings) -> str:
    if settings.transport == "twilio":
        return "transport: twilio"
    why = "TRANSPORT=console" if settings.twilio_account_sid or settings.twilio_auth_token else "no Twilio credentials"
    return f"transport: console ({why})"


def main() -> int:
    from bot import ConfigError, create_app
    from bot.db import migration_status
    from schedules.worker import PLAN_INTERVAL, run

    try:
        app = create_app()
    except ConfigError as error:
        print(f"configuration error: {error}", file=sys.stderr)
        return 2
    try:
        pending = [m.name for m in migration_status() if m.path and not m.applied]
    except DatabaseError as error:
        print(f"cannot read the database schema: {type(error).__name__}: {error}".strip(), file=sys.stderr)
        return 1
    if pending:
        print(f"the database schema is not current ({len(pending)} pending: {', '.join(pending)}); "
              "run `flask --app bot db upgrade` first", file=sys.stderr)
        return 1

    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        # Only set the flag: the pass in progress finishes its current message.
        signal.signal(signum, lambda *_: stopping.set())
    settings = app.config["SETTINGS"]
    print(transport_line(settings), flush=True)
    run(app, stopping, announce=lambda: print(
        f"worker running: dispatch every {settings.dispatch_interval:g}s, plan every {PLAN_INTERVAL}s; "
        "SIGTERM or Ctrl-C stops it", flush=True))
    print("worker stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
