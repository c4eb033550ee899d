"""Logging for the web app and the worker: one format, and nothing that names a member, at any level.

Our own code logs numbers masked and never a body. Libraries do not: at DEBUG
peewee logs every SQL statement with its parameters (numbers and bodies) and
urllib3 every request line (Twilio's lookups put the number in the query), so
those loggers never go below INFO, whatever LOG_LEVEL says. As a second line,
every record through our handlers has anything shaped like a phone number
masked to its last four digits.
"""

from __future__ import annotations

import logging
import re

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Loggers that write parameters, request lines or payloads below INFO.
PAYLOAD_LOGGERS = ("peewee", "urllib3", "requests", "twilio.http_client", "bot.transport.http")
QUIET_UNLESS_DEBUG = ("apscheduler",)  # logs every job run at INFO: every few seconds, forever
# 7 to 15 digits standing alone, maybe after + or its URL encoding %2B: an E.164 number as libraries print
# it. Digits inside a word (a Twilio sid, a spool file's timestamp) are left alone.
NUMBER = re.compile(r"(?<![\w%])(?:%2B|\+)?\d{7,15}(?!\w)", re.IGNORECASE)


def mask_numbers(text: str) -> str:
    """`text` with every number-like run replaced by *** and its last four digits."""
    return NUMBER.sub(lambda m: "***" + re.sub(r"\D", "", m.group(0))[-4:], text)


class MaskNumbers(logging.Filter):
    """Formats the record's message once and masks every number-like run in it (and in its traceback)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is the handler's to report, not ours
            return True
        masked = mask_numbers(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_numbers(record.exc_text)
        return True


def configure(level: str) -> None:
    """Set up the root handler at `level` (debug, info, warning, error) with the masking filter.

    Idempotent: each app the process creates calls it.
    """
    numeric = getattr(logging, level.upper())
    logging.basicConfig(level=numeric, format=FORMAT)  # a no-op when the host (gunicorn, pytest) set up the root
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, MaskNumbers) for f in handler.filters):
            handler.addFilter(MaskNumbers())
    for name in PAYLOAD_LOGGERS:
        logging.getLogger(name).setLevel(max(numeric, logging.INFO))
    for name in QUIET_UNLESS_DEBUG:
        logging.getLogger(name).setLevel(numeric if numeric <= logging.DEBUG else logging.WARNING)
