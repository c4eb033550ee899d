"""Gunicorn's hooks for the web process: `gunicorn --config python:bot.webserver 'bot:create_app()'`.

The Procfile's `web:` line loads this module. The configuration is checked
once, in gunicorn's master, before any worker boots: a malformed setting is
one line and exit code 2 (not a traceback from every worker), and start-up
warnings are printed once (not once per worker).
"""

from __future__ import annotations

import sys

from bot.config import ConfigError, load_settings, startup_warnings


def on_starting(server) -> None:
    try:
        settings = load_settings()
    except ConfigError as error:
        print(f"configuration error: {error.message}", file=sys.stderr, flush=True)
        sys.exit(2)
    for line in startup_warnings(settings):
        server.log.warning(line)
