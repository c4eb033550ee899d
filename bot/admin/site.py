"""The admin blueprints, the login guard every page sits behind, and what views share: the clock, paging, auditing."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Blueprint, abort, current_app, redirect, request, url_for
from flask_login import current_user

from bot.admin.models import AuditLog
from bot.phones import mask

blueprint = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates", static_folder="static")
# Registered only with the console transport: a page that texts the bot as a test number.
simulator_blueprint = Blueprint("admin_simulator", __name__, url_prefix="/admin/simulator")

PUBLIC_ENDPOINTS = frozenset({"admin.login", "admin.static"})
PAGE_SIZE = 50


def require_login():
    """Every admin endpoint but the login form and its assets needs a live session: GETs go to the login page."""
    if request.endpoint in PUBLIC_ENDPOINTS or current_user.is_authenticated:
        return None
    if request.method in ("GET", "HEAD"):
        return redirect(url_for("admin.login", next=request.full_path.rstrip("?")))
    abort(401)


blueprint.before_request(require_login)
simulator_blueprint.before_request(require_login)


def now() -> datetime:
    return current_app.config["CLOCK"]()


def settings():
    return current_app.config["SETTINGS"]


def audit(action: str, *, member_id: int | None = None, detail: str = "", actor: str | None = None) -> None:
    """Write one audit row for the current operator. `detail` must hold no message body and no full number."""
    AuditLog.create(at=now(), actor=actor or current_user.email, action=action, member_id=member_id,
                    detail=detail[:500], address=request.remote_addr)


@dataclass(frozen=True)
class Page:
    """One page of a list: its rows, which page it is, and how many there are."""

    items: list
    number: int
    total: int
    size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def page_number() -> int:
    """The ?page= argument, at least 1 (a malformed one is page 1)."""
    return max(1, request.args.get("page", 1, type=int))


def paginate(query, number: int, size: int = PAGE_SIZE) -> Page:
    """Two queries whatever the table's size: the count and one page of rows."""
    total = query.count()
    number = min(number, max(1, math.ceil(total / size)))
    return Page(list(query.paginate(number, size)), number, total, size)


@blueprint.app_template_filter("when")
def when(value: datetime | None) -> str:
    """A stored time as operators read it: "2026-11-24 15:00 UTC"."""
    return "-" if value is None else f"{value:%Y-%m-%d %H:%M} UTC"


@blueprint.app_template_filter("masked")
def masked(phone: str | None) -> str:
    return mask(phone)


@blueprint.app_template_filter("share")
def share(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


@blueprint.app_template_filter("number")
def number(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


@blueprint.app_template_filter("change")
def change(value: float | None) -> str:
    """A change against a baseline in words: -0.58 is "58% less"."""
    if value is None:
        return "-"
    percent = round(abs(value) * 100)
    return "no change" if percent == 0 else f"{percent}% {'less' if value < 0 else 'more'}"


@blueprint.app_template_filter("age")
def age(delta: timedelta) -> str:
    """How long something has waited, as operators say it: "45 min", "3 h 20 min", "2 days 4 h"."""
    minutes = max(0, int(delta.total_seconds() // 60))
    if minutes < 60:
        return "under a minute" if minutes == 0 else f"{minutes} min"
    hours = minutes // 60
    if hours < 24:
        return f"{hours} h {minutes % 60} min"
    days = hours // 24
    return f"{days} day{'s' if days != 1 else ''} {hours % 24} h"


@blueprint.app_context_processor
def navigation():
    return {"simulator_enabled": "admin_simulator" in current_app.blueprints}
