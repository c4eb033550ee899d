"""Logging operators in and out: Flask-Login over server-side sessions, so logging out really ends one."""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from datetime import datetime

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import LoginManager, current_user, login_user, logout_user

from bot.admin import passwords, throttle
from bot.admin.models import AdminSession, AdminUser
from bot.admin.security import SESSION_LIFETIME, safe_next
from bot.admin.site import audit, blueprint, now, settings

log = logging.getLogger(__name__)
login_manager = LoginManager()
FAILED = "That email and password did not work. Check both and try again in a little while."
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def normalize_email(raw: str) -> str:
    return (raw or "").strip().lower()[:254]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@login_manager.user_loader
def load_operator(token: str) -> AdminUser | None:
    """The operator whose live (not ended, not expired) session holds `token`; one query."""
    row = (AdminSession.select(AdminSession, AdminUser).join(AdminUser)
           .where((AdminSession.token_hash == token_hash(token)) & AdminSession.ended_at.is_null()
                  & (AdminSession.expires_at > now()) & AdminUser.active)
           .first())
    if row is None:
        return None
    row.user.session_token = token
    return row.user


def create_operator(email: str, password: str, at: datetime) -> AdminUser:
    """A new operator account; ValueError for a malformed email or one already taken, WeakPassword if weak."""
    email = normalize_email(email)
    if not EMAIL.fullmatch(email):
        raise ValueError(f"{email!r} is not an email address")
    if AdminUser.select().where(AdminUser.email == email).exists():
        raise ValueError(f"an operator with the email {email} already exists")
    return AdminUser.create(email=email, password_hash=passwords.hash_password(password), created_at=at)


def start_session(user: AdminUser, at: datetime) -> None:
    """A fresh session: the old cookie's contents (CSRF secret included) are dropped, a new token is issued."""
    session.clear()
    token = secrets.token_urlsafe(32)
    AdminSession.create(token_hash=token_hash(token), user=user, created_at=at, expires_at=at + SESSION_LIFETIME)
    user.session_token = token
    session.permanent = True
    login_user(user)
    AdminUser.update(last_login_at=at).where(AdminUser.id == user.id).execute()


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    target = safe_next(request.values.get("next"), url_for("admin.overview"))
    if request.method == "GET":
        if current_user.is_authenticated:
            return redirect(target)
        return render_template("admin/login.html", next=target)
    email, password, at = normalize_email(request.form.get("email", "")), request.form.get("password", ""), now()
    address = request.remote_addr or "unknown"
    attempt = throttle.begin(throttle.account_key(email, settings().secret_key), address[:64], at)
    if attempt is None:
        log.warning("login throttled for an account or address (attempts over the limit)")
        return render_template("admin/login.html", next=target, email=email, error=FAILED), 429
    user = AdminUser.get_or_none(AdminUser.email == email)
    stored = user.password_hash if user is not None and user.active else None
    if not passwords.verify(stored, password):
        return render_template("admin/login.html", next=target, email=email, error=FAILED), 401
    throttle.succeed(attempt)
    throttle.forget_before(at)
    if passwords.needs_rehash(user.password_hash):
        AdminUser.update(password_hash=passwords.hasher.hash(password)).where(AdminUser.id == user.id).execute()
    start_session(user, at)
    audit("login")
    return redirect(target)


@blueprint.post("/logout")
def logout():
    """End the session on the server too: a copy of the cookie kept elsewhere stops working."""
    token = current_user.get_id()
    AdminSession.update(ended_at=now()).where(AdminSession.token_hash == token_hash(token)).execute()
    audit("logout")
    logout_user()
    session.clear()
    flash("You are logged out.")
    return redirect(url_for("admin.login"))


def init_app(app) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "admin.login"
