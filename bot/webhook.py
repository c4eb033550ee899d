"""Twilio's webhooks: inbound texts (POST /sms) and delivery status (POST /sms/status).

Thin shells: check the signature, parse the form, hand over to bot.inbound.
"""

from __future__ import annotations

import logging
import re

from flask import Blueprint, Response, abort, current_app, request
from peewee import InterfaceError, OperationalError
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from bot import inbound, spool
from bot.phones import BadNumber

log = logging.getLogger(__name__)
blueprint = Blueprint("webhook", __name__)


def _settings():
    return current_app.config["SETTINGS"]


def _now():
    return current_app.config["CLOCK"]()


@blueprint.before_request
def require_twilio_signature():
    """Refuse (403) anything not signed by Twilio whenever an auth token is configured."""
    settings = _settings()
    if not settings.signatures_required:
        return
    signature = request.headers.get("X-Twilio-Signature", "")
    # Twilio signs the public URL it called, so behind a TLS proxy the local
    # request URL would not match: rebuild it from PUBLIC_URL.
    query = request.query_string.decode("latin-1")
    url = settings.public_url + request.path + (f"?{query}" if query else "")
    form = request.form if request.mimetype == "application/x-www-form-urlencoded" else {}
    if not signature or not RequestValidator(settings.twilio_auth_token).validate(url, form, signature):
        log.warning("rejected %s with a missing or invalid Twilio signature", request.path)
        abort(403)
    return


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


@blueprint.post("/sms")
def receive_sms():
    form = request.form
    sid, sender = form.get("MessageSid") or form.get("SmsSid"), form.get("From")
    if request.mimetype != "application/x-www-form-urlencoded" or not sid or not sender:
        return _bad("expected a Twilio form post with MessageSid and From")
    if not SID.fullmatch(sid):
        return _bad("MessageSid is not a Twilio sid")
    try:
        replies = inbound.receive(sid, sender, form.get("Body", ""), _now(), _settings())
    except (OperationalError, InterfaceError) as error:
        # The database is down or locked past its timeout: keep the text, answer later.
        spool.write(_settings().spool_dir, form, _now())
        log.error("database unavailable (%s); inbound text spooled for replay", type(error).__name__)
        return _twiml([])
    except BadNumber:
        return _bad("From is not a phone number")
    except inbound.BadInbound as error:
        return _bad(str(error))
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
    found = inbound.record_status(sid, status, error_code, _now(), reply_id=reply_id)
    if not found:
        return Response("unknown message\n", status=404, mimetype="text/plain")
    # An empty TwiML document: the reply's <Message action> callback expects TwiML back.
    return _twiml([])
