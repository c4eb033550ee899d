"""A durable spool for inbound texts that arrive while the database cannot take them.

The webhook writes the (already signature-checked) form to a file with an
atomic rename; the worker replays the files through the normal inbound path
once the database answers again, queueing the replies through the outbox.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime
from pathlib import Path

from peewee import DatabaseError, IntegrityError

from bot import inbound
from bot.phones import BadNumber

log = logging.getLogger(__name__)
FIELDS = ("MessageSid", "SmsSid", "From", "Body")


def write(directory: str, form, received_at: datetime) -> Path:
    """Persist the inbound form durably (write, fsync, rename); returns the file."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    payload = {key: form.get(key) for key in FIELDS if form.get(key) is not None}
    payload["received_at"] = received_at.isoformat()
    sid = "".join(c for c in (payload.get("MessageSid") or payload.get("SmsSid") or "") if c.isalnum())[:40]
    final = folder / f"{received_at:%Y%m%dT%H%M%S%f}-{sid}.json"
    temporary = final.with_suffix(".tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(payload, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, final)
    _sync_dir(folder)
    return final


def _sync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def pending(directory: str) -> list[Path]:
    folder = Path(directory)
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def replay(directory: str, now: datetime, settings) -> int:
    """Feed spooled texts through bot.inbound (dedupe included); returns how many were processed.

    Stops at the first database error, leaving that file and the rest for the next run.
    """
    done = 0
    for path in pending(directory):
        payload = json.loads(path.read_text(encoding="utf-8"))
        sid = payload.get("MessageSid") or payload.get("SmsSid")
        try:
            inbound.receive(sid, payload.get("From", ""), payload.get("Body", ""), now, settings, reply_later=True)
        except (BadNumber, inbound.BadInbound):
            log.warning("spooled text %s was malformed; moved aside", path.name)
            path.rename(path.with_suffix(".rejected"))
            continue
        except IntegrityError:
            pass  # already stored: a replay of a text that did get through
        except DatabaseError:
            log.warning("database still unavailable; %d spooled texts wait", len(pending(directory)))
            break
        path.unlink()
        done += 1
    return done
