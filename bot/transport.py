"""Outbound transports: Twilio's REST API for production, the console for local runs.

The outbox (bot.outbox) calls `send` once per row and reads `SendError.outcome`
to decide what happens next. Nothing here logs or raises a full phone number
or a message body: numbers appear masked to their last four digits.
"""

from __future__ import annotations

import logging
import math
import re
import sys
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Protocol, TextIO

import requests
from twilio.base.exceptions import TwilioRestException, TwilioServiceException
from twilio.http import HttpClient
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client
from urllib3.exceptions import ConnectTimeoutError, MaxRetryError, NewConnectionError

from bot.phones import mask

log = logging.getLogger(__name__)

OUTCOMES = ("opted_out", "permanent", "retry", "unknown")
OPTED_OUT_CODE = 21610  # the recipient replied STOP at the carrier
RATE_LIMITED_CODE = 20429
_NUMBER = re.compile(r"(?:whatsapp:)?\+?\d{7,15}")


@dataclass(frozen=True)
class SendResult:
    sid: str  # provider message sid ("SM..." for Twilio, "CONSOLE-<hex>" for console)
    status: str  # provider status at acceptance ("queued", "accepted", "sent", ...)
    segments: int | None = None
    body: str | None = None  # only from find_sent, to match a lookup to the message that was attempted


class SendError(Exception):
    """A send that did not go through. `outcome` tells the outbox what to do next.

    opted_out: Twilio 21610, the recipient replied STOP at carrier level; opt the member out, send nothing more.
    permanent: invalid or non-mobile number, region not enabled, any other 4xx: never retry.
    retry:     HTTP 429 / code 20429, any 5xx, or no connection could be made: safe to send again later
               (`retry_after`, in seconds, comes from Twilio's Retry-After header when present).
    unknown:   the request may have reached Twilio (read timeout, connection dropped after sending):
               do not resend blindly; reconcile with `Transport.find_sent` first.
    The message never holds a full phone number or the message body.
    """

    def __init__(self, message: str, *, outcome: str, code: int | None = None, http_status: int | None = None,
                 retry_after: float | None = None):
        if outcome not in OUTCOMES:
            raise ValueError(f"outcome must be one of {OUTCOMES}, got {outcome!r}")
        super().__init__(message)
        self.outcome, self.code, self.http_status, self.retry_after = outcome, code, http_status, retry_after


class Transport(Protocol):
    name: str

    def send(self, to: str, body: str, *, channel: str = "sms", ref: int | None = None) -> SendResult:
        """Send `body` to `to` (E.164) over "sms" or "whatsapp"; raise SendError when it did not go through.

        `ref` is our message id: the Twilio transport puts it in the status
        callback URL, so a callback that beats the sid into the database still
        finds its message.
        """

    def find_sent(self, to: str, since: datetime, *, channel: str = "sms") -> list[SendResult]:
        """Messages already sent to `to` since `since` (aware UTC), to reconcile rows whose outcome is unknown."""


class ConsoleTransport:
    """Prints each message (masked number, full body) instead of sending it: for local runs only."""

    name = "console"

    def __init__(self, out: TextIO | None = None):
        self._out = out  # None: sys.stdout as it is when send() runs (so pytest's capsys sees it)

    def send(self, to: str, body: str, *, channel: str = "sms", ref: int | None = None) -> SendResult:
        """Print one line "[console -> sms ***4567] body" and report the message as sent."""
        out = self._out if self._out is not None else sys.stdout
        text = " / ".join(body.splitlines()) if body else ""
        print(f"[console -> {channel} {mask(to)}] {text}", file=out, flush=True)
        return SendResult("CONSOLE-" + uuid.uuid4().hex, "sent", segments=None)

    def find_sent(self, to: str, since: datetime, *, channel: str = "sms") -> list[SendResult]:
        """Always empty: the console keeps nothing in memory (the database has the rows)."""
        return []


class _MaskingLog(logging.LoggerAdapter):
    """twilio's HTTP client logs query strings (find_sent's To=...); mask numbers before they reach a handler."""

    def process(self, msg, kwargs):
        return _scrub(str(msg)), kwargs


class TwilioTransport:
    """Twilio Programmable Messaging over REST (twilio-python's Client, built on first use)."""

    name = "twilio"

    def __init__(self, account_sid: str, auth_token: str, *, from_number: str | None = None,
                 messaging_service_sid: str | None = None, status_callback: str | None = None,
                 timeout: float = 10.0, http_client: HttpClient | None = None):
        if bool(from_number) == bool(messaging_service_sid):
            raise ValueError("give exactly one of from_number or messaging_service_sid")
        if not timeout > 0:
            raise ValueError("timeout must be positive")
        self.account_sid, self._auth_token, self.timeout = account_sid, auth_token, timeout
        self.from_number, self.messaging_service_sid = from_number, messaging_service_sid
        self.status_callback = status_callback
        self._http_client, self._client, self._tap, self._lock = http_client, None, None, threading.Lock()

    def client(self):
        """The twilio.rest.Client, created on first call (no network until a request is made)."""
        with self._lock:
            if self._client is None:
                inner = self._http_client or TwilioHttpClient(
                    timeout=self.timeout, logger=_MaskingLog(logging.getLogger("bot.transport.http"), {}))
                self._tap = _ResponseTap(inner)
                self._client = Client(self.account_sid, self._auth_token, http_client=self._tap)
            return self._client

    def send(self, to: str, body: str, *, channel: str = "sms", ref: int | None = None) -> SendResult:
        """Create the message at Twilio; SendError (with an outcome) on any failure."""
        client = self.client()
        params = {"to": _address(to, channel), "body": body}
        if self.messaging_service_sid:
            params["messaging_service_sid"] = self.messaging_service_sid
        else:
            params["from_"] = _address(self.from_number, channel)
        if self.status_callback:
            params["status_callback"] = self.status_callback + (f"?reply={ref}" if ref is not None else "")
        try:
            message = client.messages.create(**params)
        except Exception as error:  # noqa: BLE001 - every failure becomes a SendError with an outcome
            raise self._translate(error, "send", to, body, sent_request=True) from None
        log.debug("twilio accepted %s for %s: %s", message.sid, mask(to), message.status)
        return SendResult(str(message.sid), str(message.status or "queued"), _int_or_none(message.num_segments))

    def find_sent(self, to: str, since: datetime, *, channel: str = "sms") -> list[SendResult]:
        """Up to 20 messages Twilio sent to `to` since `since` (aware); SendError if Twilio can't be asked.

        Asking is idempotent, so network failures here are "retry", never "unknown".
        """
        if since.tzinfo is None:
            raise ValueError("since must be timezone-aware")
        to_address, since = _address(to, channel), since.astimezone(UTC)
        try:
            messages = self.client().messages.list(to=to_address, date_sent_after=since, limit=20)
        except Exception as error:  # noqa: BLE001
            raise self._translate(error, "lookup", to, None, sent_request=False) from None
        return [SendResult(str(m.sid), str(m.status), _int_or_none(m.num_segments), m.body) for m in messages]

    def _translate(self, error: Exception, what: str, to: str, body: str | None, *, sent_request: bool) -> SendError:
        who = mask(to)
        if isinstance(error, (TwilioRestException, TwilioServiceException)):
            status, code = _int_or_none(error.status), _int_or_none(error.code)
            code = None if code == status else code  # twilio fills in the HTTP status when the body has no code
            detail = _detail(error, to, body)
            text = f"Twilio did not take the {what} to {who}: HTTP {status}, code {code}" + (f": {detail}" if detail else "")
            if code == OPTED_OUT_CODE:
                return SendError(text, outcome="opted_out", code=code, http_status=status)
            if status == 429 or code == RATE_LIMITED_CODE or (status is not None and status >= 500):
                return SendError(text, outcome="retry", code=code, http_status=status,
                                 retry_after=self._retry_after())
            if status is not None and 400 <= status < 500:
                return SendError(text, outcome="permanent", code=code, http_status=status)
            return SendError(text, outcome="unknown" if sent_request else "retry", code=code, http_status=status)
        kind = type(error).__name__
        if _never_connected(error):
            return SendError(f"could not connect to Twilio for the {what} to {who} ({kind})", outcome="retry")
        if not sent_request and isinstance(error, (requests.exceptions.RequestException, OSError)):
            return SendError(f"no answer from Twilio for the {what} to {who} ({kind})", outcome="retry")
        if isinstance(error, requests.exceptions.Timeout):
            kind += f" after {self.timeout}s"
        return SendError(f"no clear answer from Twilio for the {what} to {who} ({kind}): it may have been accepted",
                         outcome="unknown")

    def _retry_after(self) -> float | None:
        headers = getattr(self._tap and self._tap.last_response(), "headers", None) or {}
        return _parse_retry_after(next((v for k, v in headers.items() if k.lower() == "retry-after"), None))


class _ResponseTap(HttpClient):
    """Wraps any HttpClient (Prism's in tests) and keeps each thread's last response: its headers hold
    Retry-After, which twilio's exceptions do not carry. The library only calls request() and is_async."""

    def __init__(self, inner: HttpClient):
        super().__init__(inner.logger, False, inner.timeout)
        self.inner = inner
        self._local = threading.local()

    def request(self, method, uri, params=None, data=None, headers=None, auth=None, timeout=None,
                allow_redirects=False):
        self._local.response = None  # a request that raises leaves no stale headers behind
        self._local.response = self.inner.request(method, uri, params=params, data=data, headers=headers,
                                                  auth=auth, timeout=timeout, allow_redirects=allow_redirects)
        return self._local.response

    def last_response(self):
        return getattr(self._local, "response", None)


def _address(number: str, channel: str) -> str:
    if channel == "whatsapp":
        return number if number.startswith("whatsapp:") else "whatsapp:" + number
    if channel != "sms":
        raise ValueError(f"channel must be sms or whatsapp, got {channel!r}")
    return number


def _scrub(text: str) -> str:
    """Mask anything that looks like a phone number."""
    return _NUMBER.sub(lambda m: mask(m.group(0)), text)


def _detail(error, to: str, body: str | None) -> str:
    """Twilio's own words about the error, numbers masked; nothing at all if they quote the body."""
    detail = str(getattr(error, "msg", None) or getattr(error, "detail", None) or getattr(error, "title", None) or "")
    if body and body in detail:
        return ""
    return _scrub(detail.replace(to, mask(to)))[:300]


def _never_connected(error: Exception) -> bool:
    """True when no TCP connection was made, so the request cannot have reached Twilio."""
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return True
    if isinstance(error, requests.exceptions.ConnectionError):
        cause = error.args[0] if error.args else None
        reason = getattr(cause, "reason", None) if isinstance(cause, MaxRetryError) else cause
        return isinstance(reason, (NewConnectionError, ConnectTimeoutError, ConnectionRefusedError))
    return isinstance(error, ConnectionRefusedError)


def _parse_retry_after(value) -> float | None:
    """Seconds from a Retry-After header: a number (what Twilio sends) or an HTTP date."""
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        try:
            when = parsedate_to_datetime(str(value))
        except (TypeError, ValueError):
            return None
        seconds = (when.replace(tzinfo=when.tzinfo or UTC) - datetime.now(UTC)).total_seconds()
    return max(seconds, 0.0) if math.isfinite(seconds) else None


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def build_transport(settings) -> Transport:
    """The transport `settings.transport` names; Twilio's reports status to PUBLIC_URL/sms/status."""
    if settings.transport == "console":
        return ConsoleTransport()
    if settings.transport == "twilio":
        public_url = (settings.public_url or "").rstrip("/")
        return TwilioTransport(
            settings.twilio_account_sid,
            settings.twilio_auth_token,
            from_number=settings.twilio_from_number,
            messaging_service_sid=settings.twilio_messaging_service_sid,
            status_callback=public_url + "/sms/status" if public_url else None,
            timeout=settings.twilio_timeout,
        )
    raise ValueError(f"unknown transport {settings.transport!r}")
