"""A durable spool for what Twilio posts while the database cannot take it: inbound texts and status callbacks.

Each item is one JSON file, written with fsync and an atomic rename, readable
by its owner only. Names sort in arrival order and carry, for a text, a keyed
hash of the sender's number (never the number itself), so the outbox can tell
whose texts are still waiting without opening a file. bot.replay feeds the
items back through the normal paths once the database answers again.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

STATUS_TAG = "status"  # the tag of a status callback; a text's tag is its sender's key (hex)
SET_ASIDE = ".rejected"


class Unreadable(ValueError):
    """A spool file that is not a complete item (truncated, not JSON, fields missing)."""


def member_key(phone: str, secret: str) -> str:
    """The tag a text from `phone` (E.164) is spooled under: an HMAC, so the name reveals no number."""
    return hmac.new(secret.encode(), phone.encode(), hashlib.sha256).hexdigest()[:16]


def _folder(directory: str) -> Path:
    folder = Path(directory)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def write(directory: str, item: dict, received_at: datetime, tag: str) -> Path:
    """Persist `item` (with its arrival time) durably as `directory/<time>-<tag>-<sid>.json`; returns the file."""
    folder = _folder(directory)
    payload = {**item, "received_at": received_at.isoformat()}
    sid = "".join(c for c in str(item.get("sid") or "") if c.isalnum())[:40]
    final = folder / f"{received_at:%Y%m%dT%H%M%S%f}-{tag}-{sid}.json"
    temporary = final.with_name(final.name + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
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
    """The items waiting, oldest first."""
    folder = Path(directory)
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def waiting_keys(directory: str) -> set[str]:
    """The sender keys (see `member_key`) of the texts waiting; one directory listing, no file opened."""
    keys = set()
    for path in pending(directory):
        parts = path.name.split("-")
        if len(parts) >= 3 and parts[1] != STATUS_TAG:
            keys.add(parts[1])
    return keys


@dataclass(frozen=True)
class Backlog:
    """What waits in a spool: texts, status updates, when the oldest arrived, and how many were set aside."""

    texts: int
    statuses: int
    oldest: datetime | None
    set_aside: int


def backlog(directory: str) -> Backlog:
    """Count the spool from its file names alone (no file is opened)."""
    waiting = pending(directory)
    statuses = sum(1 for path in waiting if path.name.split("-")[1:2] == [STATUS_TAG])
    oldest = None
    if waiting:
        try:
            oldest = datetime.strptime(waiting[0].name.split("-")[0], "%Y%m%dT%H%M%S%f").replace(tzinfo=UTC)
        except ValueError:
            oldest = None  # not a name this module wrote; replay will set it aside
    return Backlog(len(waiting) - statuses, statuses, oldest, len(rejected(directory)))


def read(path: Path) -> dict:
    """The item in `path`; Unreadable when it is not one, FileNotFoundError when another replayer took it."""
    try:
        item = json.loads(path.read_text(encoding="utf-8"))
        item["received_at"] = datetime.fromisoformat(item["received_at"])
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as error:
        raise Unreadable(f"{type(error).__name__}") from None
    if not isinstance(item, dict) or item["received_at"].tzinfo is None:
        raise Unreadable("not an item with an aware arrival time")
    return item


def set_aside(path: Path) -> Path:
    """Move an item that can never be replayed out of the queue, kept for an operator as *.rejected."""
    target = path.with_suffix(SET_ASIDE)
    os.replace(path, target)
    return target


def rejected(directory: str) -> list[Path]:
    folder = Path(directory)
    return sorted(folder.glob(f"*{SET_ASIDE}")) if folder.is_dir() else []


@contextmanager
def exclusive(directory: str) -> Iterator[bool]:
    """Hold the spool's replay lock if no other process does; yields whether it is held.

    One replayer at a time keeps each member's texts in the order they came.
    The lock (flock) is released when the block ends or the process dies.
    """
    fd = os.open(_folder(directory) / ".replay.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)
