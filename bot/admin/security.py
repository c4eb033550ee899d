"""What protects the dashboard in the browser: CSRF tokens, cookie flags, security headers, safe redirects."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import unquote, urlsplit

from flask import request
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.routing import IntegerConverter

csrf = CSRFProtect()

SESSION_LIFETIME = timedelta(hours=12)
# Templates carry no inline script or style, so the policy can be strict:
# everything comes from this app, nothing from a CDN, and no frame may hold a page.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def safe_next(target: str | None, default: str) -> str:
    """`target` if it is a path inside the dashboard, else `default`: `next=` never leads off the site.

    A dot segment ("/admin/../sms", also percent-encoded) would leave /admin
    once the browser resolves it, so any is refused.
    """
    if not target or "\\" in target or any(ord(ch) < 0x21 for ch in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith("//"):
        return default
    path = parts.path
    for _ in range(3):  # percent-encoding nested a few times is still a dot segment
        path = unquote(path)
    if "\\" in path or not (path == "/admin" or path.startswith("/admin/")) \
            or any(segment in (".", "..") for segment in path.split("/")):
        return default
    return target


class RowId(IntegerConverter):
    """`<int:...>` in the dashboard's routes: a row id, 1 to 2**63 - 1. Anything larger is a 404, never a 500
    (SQLite cannot even compare an integer beyond 64 bits)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", 2**63 - 1)
        super().__init__(map, *args, **kwargs)


def add_headers(response):
    """Security headers on every /admin response, errors and assets included; pages are never cached."""
    if not request.path.startswith("/admin"):
        return response
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.endpoint != "admin.static":
        response.headers["Cache-Control"] = "no-store"
        response.vary.add("Cookie")
    return response


def csrf_refused(error: CSRFError):
    from flask import render_template

    return render_template("admin/error.html", title="Form refused",
                           message="This form expired or did not come from this site. Go back, reload the page "
                                   "and try again."), 400


def init_app(app) -> None:
    """CSRF on every state-changing request except Twilio's signed webhooks; session cookie flags; headers."""
    from bot import webhook

    settings = app.config["SETTINGS"]
    app.url_map.converters["int"] = RowId  # before the blueprint's routes are bound to the map
    app.config.update(
        SESSION_COOKIE_NAME="breathing_room_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=(settings.public_url or "").startswith("https://"),
        PERMANENT_SESSION_LIFETIME=SESSION_LIFETIME,
        WTF_CSRF_TIME_LIMIT=int(SESSION_LIFETIME.total_seconds()),
    )
    csrf.init_app(app)
    csrf.exempt(webhook.blueprint)  # Twilio cannot send our token; its signature is checked instead
    app.register_error_handler(CSRFError, csrf_refused)
    app.after_request(add_headers)
