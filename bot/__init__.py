"""Breathing Room: the Flask app factory.

`create_app(config)` builds the web app; `config` (a mapping of Settings field
names to values) overrides what the environment says, which tests rely on.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from bot.config import ConfigError, Settings, load_settings
from bot.timefields import now_utc

__all__ = ["ConfigError", "Settings", "create_app"]


def create_app(config: Mapping[str, object] | None = None) -> Flask:
    """Build the app; a malformed environment raises ConfigError naming the variable."""
    from bot import admin, cli, db, home, logs, webhook
    from bot.transport import build_transport

    settings = load_settings()
    if config:
        settings = settings.with_overrides(config)
    logs.configure(settings.log_level)

    app = Flask(__name__, instance_relative_config=True)
    # No page takes more than a form of text; the webhooks allow less (bot.webhook).
    app.config["MAX_CONTENT_LENGTH"] = 256 * 1024
    if settings.trusted_proxies:
        # Behind N proxies, the client address (for the login throttle) comes from X-Forwarded-For.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.trusted_proxies, x_proto=settings.trusted_proxies)
    app.config["SECRET_KEY"] = settings.secret_key
    app.config["SETTINGS"] = settings
    app.config["CLOCK"] = now_utc  # the only clock; tests swap in a fake one
    app.extensions["transport_factory"] = lambda: build_transport(settings)
    db.open_database(settings.database_url, lock_wait=settings.lock_wait)
    db.init_app(app)
    app.register_blueprint(webhook.blueprint)
    app.register_blueprint(home.blueprint)
    admin.init_app(app)
    cli.init_app(app)
    return app
