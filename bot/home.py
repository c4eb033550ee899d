"""The front page (GET /): what this web process is, what runs where, and the way to the dashboard.

It reads nothing from the database and names no setting, so it answers
even while the database is down and tells a stranger nothing private.
"""

from __future__ import annotations

from flask import Blueprint, render_template

blueprint = Blueprint("home", __name__)

HEADERS = {"Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
           "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}


@blueprint.get("/")
def home():
    return render_template("home.html"), HEADERS
