"""Access to /admin: login required everywhere, CSRF on every POST, cookies, headers, sessions, the throttle."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from flask import url_for

from bot import create_app
from bot.admin import throttle
from bot.admin.models import AdminSession, AdminUser, AuditLog, LoginAttempt
from bot.db import database
from tests.admin_fixtures import OPERATOR_EMAIL, OPERATOR_PASSWORD, csrf_token, log_in

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_ENDPOINTS = {"admin.login", "admin.static"}


def admin_rules(app, method: str):
    """Every /admin URL rule that answers `method`, with an example URL (ids set to 1)."""
    found = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if rule.rule.startswith("/admin") and method in rule.methods and rule.endpoint not in PUBLIC_ENDPOINTS:
                found.append((rule.endpoint, url_for(rule.endpoint, **dict.fromkeys(rule.arguments, 1))))
    return found


def test_the_url_map_has_every_page_and_action(app):
    endpoints = {endpoint for endpoint, _ in admin_rules(app, "GET") + admin_rules(app, "POST")}
    assert {"admin.overview", "admin.members", "admin.member", "admin.safety", "admin.outbox", "admin.library",
            "admin.audit_log", "admin.export", "admin_simulator.simulator", "admin.cancel", "admin.retry",
            "admin.pause", "admin.resume", "admin.message", "admin.delete", "admin.reveal", "admin.acknowledge",
            "admin.resolve", "admin.release", "admin.logout", "admin_simulator.jump"} <= endpoints


def test_every_page_redirects_to_the_login_without_a_session(app, client):
    for endpoint, url in admin_rules(app, "GET"):
        response = client.get(url)
        assert response.status_code == 302, endpoint
        assert response.headers["Location"].startswith("/admin/login?next="), endpoint


def test_every_action_is_refused_without_a_session_even_with_a_csrf_token(app, client):
    token = csrf_token(client)
    for endpoint, url in admin_rules(app, "POST"):
        assert client.post(url, data={"csrf_token": token}).status_code == 401, endpoint
        assert client.post(url).status_code == 400, endpoint  # no token at all: CSRF refuses first


def test_every_post_without_a_csrf_token_is_refused_when_logged_in(app, admin_client):
    for endpoint, url in admin_rules(app, "POST") + [("admin.login", "/admin/login")]:
        response = admin_client.post(url, data={"note": "x", "body": "hello", "days": "1"})
        assert response.status_code == 400, endpoint
        assert "did not come from this site" in response.text
        bad = admin_client.post(url, data={"csrf_token": "forged", "note": "x"})
        assert bad.status_code == 400, endpoint
    with database.connection_context():
        assert AuditLog.select().count() == 0  # nothing was done


def test_twilio_webhooks_are_exempt_from_csrf(app, phone):
    assert phone.text("hello").status_code == 200


def test_security_headers_on_pages_errors_and_assets(app, admin_client, client):
    for url in ("/admin/", "/admin/login", "/admin/members/999999", "/admin/static/admin/admin.css", "/admin/nope"):
        response = admin_client.get(url)
        response.close()  # a static file stays open until the response is closed
        headers = response.headers
        policy = headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy, url
        assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
    assert admin_client.get("/admin/").headers["Cache-Control"] == "no-store"
    assert "Content-Security-Policy" not in client.get("/sms").headers  # the webhook is not a page


def test_templates_have_no_inline_script_or_style(app, admin_client):
    for url in ("/admin/", "/admin/members", "/admin/safety", "/admin/outbox", "/admin/library", "/admin/audit",
                "/admin/simulator/", "/admin/login"):
        html = admin_client.get(url).text
        assert "<style" not in html and " style=" not in html, url
        assert "<script>" not in html and "<script " not in html.replace('<script src="/admin/static/', ""), url
        assert "http://" not in html and "https://" not in html, url  # nothing from another site


def test_session_cookie_flags(app, client, operator):
    response = log_in(client)
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie  # PUBLIC_URL is https


def test_cookie_is_not_secure_when_public_url_is_plain_http(database_url):
    plain = create_app({"database_url": database_url, "transport": "console", "public_url": "http://localhost:5000"})
    assert plain.config["SESSION_COOKIE_SECURE"] is False
    assert plain.config["SESSION_COOKIE_SAMESITE"] == "Lax" and plain.config["SESSION_COOKIE_HTTPONLY"] is True


def test_login_starts_a_new_session_and_logout_ends_it_on_the_server(app, client, operator):
    before = csrf_token(client)
    assert log_in(client).status_code == 302
    assert csrf_token(client, "/admin/") != before  # the pre-login session's contents were dropped
    stolen = client.get_cookie("breathing_room_session").value
    assert client.get("/admin/").status_code == 200
    assert client.post("/admin/logout", data={"csrf_token": csrf_token(client, "/admin/")}).status_code == 302
    assert client.get("/admin/").status_code == 302
    client.set_cookie("breathing_room_session", stolen)  # a copy of the cookie kept from before the logout
    assert client.get("/admin/").status_code == 302
    with database.connection_context():
        assert AdminSession.get().ended_at is not None
        assert [a.action for a in AuditLog.select().order_by(AuditLog.id)] == ["login", "logout"]


def test_two_logins_get_different_sessions(app, client, operator):
    log_in(client)
    log_in(app.test_client())
    with database.connection_context():
        assert len({s.token_hash for s in AdminSession.select()}) == 2


def test_failures_get_one_generic_answer(app, client, operator):
    wrong_password = log_in(client, password="not the password")
    no_such_account = log_in(client, email="nobody@example.org")
    assert wrong_password.status_code == no_such_account.status_code == 401
    assert "did not work" in wrong_password.text and "did not work" in no_such_account.text
    assert "nobody@example.org" in no_such_account.text  # the email is kept in the form, nothing else differs
    assert client.get("/admin/").status_code == 302


def test_passwords_are_stored_as_argon2id(app, runner):
    result = runner.invoke(args=["admin", "create", "Lead@Example.org"], input="correct horse battery staple\n")
    assert result.exit_code == 0, result.output
    with database.connection_context():
        user = AdminUser.get()
    assert user.email == "lead@example.org" and user.password_hash.startswith("$argon2id$")
    assert "correct horse" not in user.password_hash


def test_admin_create_refuses_weak_passwords_bad_emails_and_duplicates(app, runner, operator):
    assert "at least 12" in runner.invoke(args=["admin", "create", "a@example.org"], input="short\n").output
    assert "not an email" in runner.invoke(args=["admin", "create", "nope"], input="long enough password\n").output
    duplicate = runner.invoke(args=["admin", "create", OPERATOR_EMAIL], input="long enough password\n")
    assert duplicate.exit_code == 1 and "already exists" in duplicate.output


def test_demo_admin_is_printed_once(app, runner, client):
    first = runner.invoke(args=["admin", "demo"])
    email, password = first.output.strip().rsplit(": ", 1)[1].split(" / ")
    assert log_in(client, email=email, password=password).status_code == 302
    again = runner.invoke(args=["admin", "demo"])
    assert password not in again.output and "exists" in again.output


def test_next_only_leads_to_local_admin_paths(app, operator):
    for target, expected in (("/admin/members?status=active", "/admin/members?status=active"),
                             ("https://evil.example/admin", "/admin/"), ("//evil.example/admin", "/admin/"),
                             ("/\\evil.example", "/admin/"), ("/sms", "/admin/"), ("javascript:alert(1)", "/admin/"),
                             ("/admin/../sms", "/admin/"), ("/admin/%2e%2e/sms", "/admin/"),
                             ("/admin/%2E%2E%2Fsms", "/admin/"), ("/admin/%252e%252e/sms", "/admin/"),
                             ("/admin/members/./1", "/admin/"), ("/admin/..", "/admin/"), ("/administrator", "/admin/"),
                             ("/admin/%5c%5cevil.example", "/admin/"), ("/admin/members/2", "/admin/members/2")):
        response = log_in(app.test_client(), next=target)
        assert response.headers["Location"] == expected, target


@pytest.mark.parametrize("number", ["9223372036854775808", "99999999999999999999999", "0"])
def test_ids_beyond_64_bits_or_zero_are_a_404_on_every_admin_route(app, admin_client, number):
    token = csrf_token(admin_client, "/admin/")
    for method in ("GET", "POST"):
        for endpoint, url in admin_rules(app, method):
            if "/1" not in url:
                continue
            url = url.replace("/1", f"/{number}", 1)
            response = admin_client.open(url, method=method, data={"csrf_token": token} if method == "POST" else None)
            assert response.status_code == 404, (endpoint, url, response.status_code)


def test_a_login_attempt_keeps_no_trace_of_what_was_typed(app, client, operator):
    typed = ["coach@example.org", "my secret passphrase typed in the wrong box", "x" * 600]
    for email in typed:
        assert log_in(client, email=email, password="wrong password!").status_code == 401
    with database.connection_context():
        stored = [attempt.email for attempt in LoginAttempt.select()]
    assert len(stored) == 3 and len(set(stored)) == 3
    assert all(len(value) == 64 and all(c in "0123456789abcdef" for c in value) for value in stored)
    assert not any(text[:40] in value for text in typed for value in stored)


def test_account_throttle_refuses_even_the_right_password(app, client, operator, clock):
    for _ in range(throttle.ACCOUNT_LIMIT):
        assert log_in(client, password="wrong password!").status_code == 401
    refused = log_in(client)
    assert refused.status_code == 429 and "did not work" in refused.text
    clock.advance(minutes=16)
    assert log_in(client).status_code == 302


def test_a_success_clears_the_account_count_but_not_the_address_count(app, client, operator, clock):
    for _ in range(throttle.ACCOUNT_LIMIT - 1):
        log_in(client, password="wrong password!")
    clock.advance(seconds=1)
    assert log_in(client).status_code == 302
    clock.advance(seconds=1)
    for _ in range(throttle.ACCOUNT_LIMIT):
        assert log_in(app.test_client(), password="wrong password!").status_code == 401
    with database.connection_context():
        assert LoginAttempt.select().where(~LoginAttempt.ok).count() == 2 * throttle.ACCOUNT_LIMIT - 1


def test_address_throttle_across_accounts(app, client, clock):
    with database.connection_context():
        for n in range(throttle.ADDRESS_LIMIT):
            assert throttle.begin(f"guess{n}@example.org", "127.0.0.1", clock()) is not None
        assert throttle.begin("another@example.org", "127.0.0.1", clock()) is None
        assert throttle.begin("another@example.org", "10.0.0.9", clock()) is not None
        clock.advance(minutes=16)
        assert throttle.begin("another@example.org", "127.0.0.1", clock()) is not None


LOGIN_SCRIPT = """
import re, sys
from bot import create_app
app = create_app({"database_url": sys.argv[1], "transport": "console", "secret_key": "s", "public_url": None,
                  "twilio_auth_token": None})
client = app.test_client()
codes = []
for password in sys.argv[3:]:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/admin/login").text).group(1)
    response = client.post("/admin/login", data={"email": sys.argv[2], "password": password, "csrf_token": token})
    codes.append(response.status_code)
print(" ".join(map(str, codes)))
"""


def attempts_in_a_new_process(database_url: str, *passwords: str) -> list[int]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "DATABASE_URL", "PUBLIC_URL"))}
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run([sys.executable, "-c", LOGIN_SCRIPT, database_url, OPERATOR_EMAIL, *passwords],
                            capture_output=True, text=True, env=env, cwd=ROOT, timeout=60, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return [int(code) for code in result.stdout.split()]


def test_the_throttle_holds_across_two_processes(app, database_url, operator):
    """Two web processes (as two gunicorn workers would be) share one count: it lives in the database."""
    assert attempts_in_a_new_process(database_url, *["wrong password!"] * 3) == [401, 401, 401]
    assert attempts_in_a_new_process(database_url, "wrong password!", "wrong password!", OPERATOR_PASSWORD) \
        == [401, 401, 429]
    assert attempts_in_a_new_process(database_url, OPERATOR_PASSWORD) == [429]


@pytest.mark.parametrize("path", ["/admin/login"])
def test_login_page_is_public_and_has_a_form(app, client, path):
    response = client.get(path)
    assert response.status_code == 200 and 'name="password"' in response.text


def test_expired_sessions_are_refused(app, admin_client, clock):
    assert admin_client.get("/admin/").status_code == 200
    clock.advance(hours=12, seconds=1)
    assert admin_client.get("/admin/").status_code == 302
    with database.connection_context():
        assert AdminSession.select().where(AdminSession.expires_at < clock() - timedelta(seconds=0)).count() == 1
