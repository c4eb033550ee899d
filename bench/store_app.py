"""The second webhook baseline, "store only": the least any durable webhook must do.

POST /sms checks Twilio's signature (the bot's own check, twilio's
RequestValidator over PUBLIC_URL), stores the inbound text with one INSERT
(its member found by phone inside that statement) through the bot's pooled
database handle, and answers a fixed TwiML reply. No dedupe, no conversation,
no replies stored, no schedule. Run it as `gunicorn bench.store_app:app` with
DATABASE_URL, TWILIO_AUTH_TOKEN and PUBLIC_URL set; the bot's members must be
seeded first (a text from an unknown phone stores nothing and is a lost one).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

from flask import Flask, Response, abort, request
from twilio.request_validator import RequestValidator

from bot.db import database, is_postgres, open_database
from bot.models import Message

TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Noted. Breathe.</Message></Response>'
INSERT = ('INSERT INTO "message" ("member_id", "direction", "body", "twilio_sid", "status", "kind", "created_at", '
          '"updated_at") SELECT "id", \'in\', {p}, {p}, \'received\', \'inbound\', {p}, {p} FROM "member" '
          'WHERE "phone" = {p}')

app = Flask(__name__)
open_database(os.environ["DATABASE_URL"])
validator = RequestValidator(os.environ.get("TWILIO_AUTH_TOKEN", ""))
public_url = os.environ.get("PUBLIC_URL", "")
sql = INSERT.format(p="%s" if is_postgres() else "?")
stamp = Message.created_at.db_value  # SQLite's fixed-width text, or an aware datetime


@app.teardown_appcontext
def _close(exc) -> None:
    if not database.is_closed():
        database.close()  # back to the pool, as the bot does after each request


@app.post("/sms")
def receive_sms() -> Response:
    form = request.form
    if not validator.validate(public_url + request.path, form, request.headers.get("X-Twilio-Signature", "")):
        abort(403)
    now = stamp(datetime.now(UTC))
    with database.atomic():
        database.execute_sql(sql, (form.get("Body", ""), form["MessageSid"], now, now, form["From"]))
    return Response(TWIML, mimetype="text/xml")
