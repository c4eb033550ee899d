"""The webhook baseline: a bare Flask app whose POST /sms returns a fixed TwiML reply.

Same framework, same gunicorn settings, same requests as the real webhook, but
no signature check, no database and no conversation: what is left is the cost
of HTTP, WSGI and Flask themselves. Run it as `gunicorn bench.bare_app:app`.
"""

from __future__ import annotations

from flask import Flask, Response

TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Noted. Breathe.</Message></Response>'

app = Flask(__name__)


@app.post("/sms")
def receive_sms() -> Response:
    return Response(TWIML, mimetype="text/xml")
