"""Twilio's webhooks: inbound texts (POST /sms) and delivery status (POST /sms/status).

Thin shells: bound the body, check the signature, parse the form, hand over
to bot.inbound. Twilio waits 15 s for an answer, so every request answers in
a few seconds whatever the database does: it waits for a lock only briefly
(LOCK_WAIT), then the request is written to the spool (bot.spool) and answered
at once; after such a failure the process spools straight away, trying the
database again every PROBE_EVERY seconds, so a burst never queues behind
lock waits. Replies that are ready too late for TwiML go through the outbox.
"""

from __future__ import annotations

import logging
import re
import threading
import time

from flask import Blueprint, Response, abort, current_app, g, request
from peewee import InterfaceError, OperationalError
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from bot import inbound, spool
from bot.phones import BadNumber, parse_address

log = logging.getLogger(__name__)
blueprint = Blueprint("webhook", __name__)

MAX_BODY_BYTES = 64 * 1024  # a Twilio form is a few KB; 1,600 emoji percent-encoded are under 20 KB
TWIML_BUDGET = 3.0  # seconds: replies ready later than this go through the outbox instead of TwiML
PROBE_EVERY = 2.0  # seconds between tries of a database that just failed
UNAVAILABLE = (OperationalError, InterfaceError)


class Outage:
    """Whether this process saw the database fail: then requests spool at once but one per PROBE_EVERY."""

    def __init__(self):
        self._lock, self._failing, self._next_probe = threading.Lock(), False, 0.0

    def admits(self, at: float) -> bool:
        """May a request arriving at monotonic time `at` use the database?"""
        with self._lock:
            if not self._failing:
                return True
            if at < self._next_probe:
                return False
            self._next_probe = at + PROBE_EVERY  # this request is the probe; the others spool meanwhile
            return True

    def failed(self, at: float) -> None:
        with self._lock:
            self._failing, self._next_probe = True, at + PROBE_EVERY

    def answered(self) -> None:
        with self._lock:
            self._failing = False


def _settings():
    return current_app.config["SETTINGS"]


def _now():
    return current_app.config["CLOCK"]()


def _outage() -> Outage:
    return current_app.extensions.setdefault("database_outage", Outage())


@blueprint.before_request
def bound_and_verify():
    """413 for a body over MAX_BODY_BYTES and 403 for a missing signature, both before the body is read;
    then 403 unless the form is signed by Twilio (whenever an auth token is configured)."""
    g.started = time.monotonic()
    request.max_content_length = MAX_BODY_BYTES  # enforced while reading, chunked bodies included
    if (request.content_length or 0) > MAX_BODY_BYTES:
        return Response("request body too large\n", status=413, mimetype="text/plain")
    settings = _settings()
    if not settings.signatures_required:
        return None
    signature = request.headers.get("X-Twilio-Signature", "")
    if not signature:
        log.warning("rejected %s without a Twilio signature", request.path)
        abort(403)
    # Twilio signs the public URL it called, so behind a TLS proxy the local
    # request URL would not match: rebuild it from PUBLIC_URL.
    query = request.query_string.decode("latin-1")
    url = settings.public_url + request.path + (f"?{query}" if query else "")
    form = request.form if request.mimetype == "application/x-www-form-urlencoded" else {}
    if not RequestValidator(settings.twilio_auth_token).validate(url, form, signature):
        log.warning("rejected %s with an invalid Twilio signature", request.path)
        abort(403)
    return None


def _twiml(replies: list[inbound.Reply]) -> Response:
    settings = _settings()
    response = MessagingResponse()
    for reply in replies:
        attributes = {}
        if settings.public_url:
            attributes["action"] = f"{settings.public_url}/sms/status?reply={reply.message_id}"
        response.message(reply.text, **attributes)
    return Response(str(response), mimetype="text/xml")


SID = re.compile(r"[A-Za-z0-9_-]{1,64}")
MAX_INT = 2**31 - 1


def _bad(reason: str) -> Response:
    return Response(f"{reason}\n", status=400, mimetype="text/plain")


def _small_int(raw: str | None) -> int | None:
    """A non-negative int that fits a database INTEGER, None when absent; ValueError otherwise."""
    if raw is None or raw == "":
        return None
    value = int(raw) if raw.isdigit() else -1
    if not 0 <= value <= MAX_INT:
        raise ValueError(raw)
    return value


def _with_database(work, item: dict, tag: str):
    """`work()` if the database answers in time, else `item` spooled; (result, spooled?).

    503 when the item can be neither applied nor spooled (the spool's disk is
    full or gone), so Twilio's fallback URL, if one is set, gets the request.
    """
    outage, at = _outage(), time.monotonic()
    if outage.admits(at):
        try:
            result = work()
        except UNAVAILABLE as error:
            outage.failed(time.monotonic())
            log.error("database unavailable (%s); %s spooled for replay", type(error).__name__, item["type"])
        else:
            outage.answered()
            return result, False
    try:
        spool.write(_settings().spool_dir, item, _now(), tag)
    except OSError as error:
        log.critical("cannot spool a %s (%s): it is lost unless Twilio retries", item["type"], type(error).__name__)
        abort(503)
    return None, True


@blueprint.post("/sms")
def receive_sms():
    form, settings = request.form, _settings()
    sid, sender = form.get("MessageSid") or form.get("SmsSid"), form.get("From")
    if request.mimetype != "application/x-www-form-urlencoded" or not sid or not sender:
        return _bad("expected a Twilio form post with MessageSid and From")
    if not SID.fullmatch(sid):
        return _bad("MessageSid is not a Twilio sid")
    body = form.get("Body", "")
    try:
        address = parse_address(sender, settings.default_region)
        inbound.check_body(body)
    except BadNumber:
        return _bad("From is not a phone number")
    except inbound.BadInbound as error:
        return _bad(str(error))

    def late() -> bool:
        return time.monotonic() - g.started > TWIML_BUDGET

    replies, _ = _with_database(lambda: inbound.receive(sid, sender, body, _now(), settings, late=late),
                                {"type": "text", "sid": sid, "from": sender, "body": body},
                                spool.member_key(address.phone, settings.secret_key))
    return _twiml(replies or [])


@blueprint.post("/sms/status")
def delivery_status():
    form = request.form
    sid, status = form.get("MessageSid"), (form.get("MessageStatus") or form.get("SmsStatus") or "").lower()
    if not sid or not SID.fullmatch(sid) or status not in inbound.STATUS_RANK:
        return _bad("expected MessageSid and a known MessageStatus")
    try:
        reply_id, error_code = _small_int(request.args.get("reply")), _small_int(form.get("ErrorCode"))
    except ValueError:
        return _bad("reply and ErrorCode must be small whole numbers")
    found, spooled = _with_database(
        lambda: inbound.record_status(sid, status, error_code, _now(), reply_id=reply_id),
        {"type": "status", "sid": sid, "status": status, "error_code": error_code, "reply": reply_id},
        spool.STATUS_TAG)
    if not found and not spooled:
        return Response("unknown message\n", status=404, mimetype="text/plain")
    # An empty TwiML document: the reply's <Message action> callback expects TwiML back.
    return _twiml([])
