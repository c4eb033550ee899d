"""Replaying the spool: texts and status callbacks that arrived while the database was down, applied in order.

The worker runs `replay` before every dispatch pass, so a spooled STOP, PAUSE
or crisis text takes effect before the outbox sends that member anything else
(the outbox also skips members whose texts still wait: see bot.outbox). Each
text is applied as of the moment it arrived, and its replies are queued in the
outbox, essential ones exempt from every hold.
"""

from __future__ import annotations

import logging
from datetime import datetime

from peewee import InterfaceError, OperationalError

from bot import inbound, spool
from bot.phones import BadNumber

log = logging.getLogger(__name__)

BATCH = 200  # items per call: the dispatch pass that follows must not wait behind a whole outage's backlog
UNAVAILABLE = (OperationalError, InterfaceError)  # the database is down or locked: try again later


def replay(settings, *, limit: int = BATCH) -> int:
    """Apply up to `limit` spooled items, oldest first; returns how many were applied (or found done already).

    Stops at the first sign that the database is still unavailable, leaving
    that item and the rest for the next call. An item that can never be
    applied (unreadable, malformed, refused by the database) is set aside as
    *.rejected and logged, so it never blocks the texts behind it. Another
    process already replaying means this call does nothing.
    """
    with spool.exclusive(settings.spool_dir) as mine:
        if not mine:
            return 0
        done = 0
        for path in spool.pending(settings.spool_dir)[:limit]:
            try:
                _apply(spool.read(path), settings)
            except FileNotFoundError:
                continue  # applied and removed by a replayer that held the lock before us
            except UNAVAILABLE as error:
                log.warning("database still unavailable (%s); %d spooled items wait", type(error).__name__,
                            len(spool.pending(settings.spool_dir)))
                break
            except Exception as error:  # noqa: BLE001 - one bad item must not block every text behind it
                spool.set_aside(path)
                log.error("spooled item %s set aside, it cannot be applied: %s", path.name, type(error).__name__)
                continue
            path.unlink(missing_ok=True)
            done += 1
        return done


def _apply(item: dict, settings) -> None:
    if item.get("type") == "status":
        _apply_status(item)
    elif item.get("type") == "text":
        _apply_text(item, settings)
    else:
        raise spool.Unreadable("unknown item type")


def _apply_text(item: dict, settings) -> None:
    sid, sender, body = item.get("sid"), item.get("from"), item.get("body", "")
    if not isinstance(sid, str) or not isinstance(sender, str) or not isinstance(body, str):
        raise spool.Unreadable("a text needs sid, from and body")
    try:
        inbound.receive(sid, sender, body, item["received_at"], settings, reply_later=True)
    except (BadNumber, inbound.BadInbound) as error:
        raise spool.Unreadable(str(error)) from None


def _apply_status(item: dict) -> None:
    sid, status = item.get("sid"), item.get("status")
    if not isinstance(sid, str) or status not in inbound.STATUS_RANK:
        raise spool.Unreadable("a status needs a sid and a known status")
    reply_id, error_code = item.get("reply"), item.get("error_code")
    if not all(value is None or isinstance(value, int) for value in (reply_id, error_code)):
        raise spool.Unreadable("reply and error_code must be whole numbers")
    received_at: datetime = item["received_at"]
    inbound.record_status(sid, status, error_code, received_at, reply_id=reply_id)
