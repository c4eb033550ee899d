"""Settings read once from the environment (and `.env`), with strict parsers.

A malformed value raises ConfigError naming the variable; nothing falls back
silently. `load_settings()` is the only place that reads `os.environ`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import time
from pathlib import Path
from urllib.parse import urlsplit

import click
import phonenumbers

ROOT = Path(__file__).resolve().parent.parent


class ConfigError(click.ClickException, ValueError):
    """A configuration value is missing or malformed; the message names it.

    A ClickException too, so `flask --app bot ...` (whose app factory raises it)
    prints the one line and exits 2 instead of a traceback.
    """

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"configuration error: {self.message}", file=file, err=True)


def env_str(env: Mapping[str, str], name: str, default: str | None = None) -> str | None:
    value = env.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip()


def env_int(env: Mapping[str, str], name: str, default: int, *, minimum: int = 0, maximum: int | None = None) -> int:
    raw = env_str(env, name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None
    if maximum is None and value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, got {value}")
    if maximum is not None and not minimum <= value <= maximum:
        raise ConfigError(f"{name} must be between {minimum} and {maximum}, got {value}")
    return value


def env_float(env: Mapping[str, str], name: str, default: float, *, minimum: float = 0.0) -> float:
    raw = env_str(env, name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from None
    if not value > minimum:
        raise ConfigError(f"{name} must be greater than {minimum}, got {value}")
    return value


def env_rate(env: Mapping[str, str], name: str, default: float) -> float:
    """A rate per second: a positive number, or 0 for no limit."""
    raw = env_str(env, name)
    if raw == "0":
        return 0.0
    return env_float(env, name, default)


def env_bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env_str(env, name)
    if raw is None:
        return default
    lowered = raw.lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name} must be true or false, got {raw!r}")


def env_choice(env: Mapping[str, str], name: str, choices: tuple[str, ...], default: str | None) -> str | None:
    raw = env_str(env, name)
    if raw is None:
        return default
    if raw.lower() not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, got {raw!r}")
    return raw.lower()


def env_url(env: Mapping[str, str], name: str) -> str | None:
    raw = env_str(env, name)
    if raw is None:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ConfigError(f"{name} must be an http(s) URL without query, like https://bot.example.org, got {raw!r}")
    return raw.rstrip("/")


def env_pattern(env: Mapping[str, str], name: str, pattern: str, hint: str) -> str | None:
    raw = env_str(env, name)
    if raw is not None and not re.fullmatch(pattern, raw):
        raise ConfigError(f"{name} must be {hint}, got a value that is not")
    return raw


def parse_clock_range(name: str, raw: str) -> tuple[time, time]:
    """Parse "HH:MM-HH:MM" (a range that may wrap midnight) into two times."""
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*", raw)
    if not match:
        raise ConfigError(f"{name} must look like 20:00-09:00, got {raw!r}")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
        raise ConfigError(f"{name} has an impossible time, got {raw!r}")
    return time(h1, m1), time(h2, m2)


MIN_SENDING_HOURS = 8  # a day needs room for a check-in, a follow-up and a returned draft


def env_quiet_hours(env: Mapping[str, str], name: str, default: str) -> tuple[time, time]:
    """A quiet range that leaves at least MIN_SENDING_HOURS a day; equal ends mean never quiet."""
    raw = env_str(env, name, default)
    start, end = parse_clock_range(name, raw)
    quiet = (end.hour * 60 + end.minute - start.hour * 60 - start.minute) % (24 * 60)
    if quiet > (24 - MIN_SENDING_HOURS) * 60:
        raise ConfigError(f"{name} must leave at least {MIN_SENDING_HOURS} hours a day for scheduled texts, "
                          f"got {raw!r} (quiet for {quiet // 60} h {quiet % 60} min)")
    return start, end


def env_region(env: Mapping[str, str], name: str, default: str) -> str:
    """A region code the phone number library knows (US, GB, MX...), in capitals."""
    raw = env_str(env, name, default)
    if raw.upper() not in phonenumbers.SUPPORTED_REGIONS:
        raise ConfigError(f"{name} must be a two-letter region code for phone numbers, like US or GB, got {raw!r}")
    return raw.upper()


@dataclass(frozen=True)
class Settings:
    """Everything the app and the worker are configured with."""

    database_url: str
    secret_key: str
    public_url: str | None
    transport: str
    twilio_account_sid: str | None
    twilio_auth_token: str | None
    twilio_from_number: str | None
    twilio_messaging_service_sid: str | None
    twilio_timeout: float
    lock_wait: float
    dispatch_interval: float
    dispatch_batch: int
    lease_seconds: int
    max_attempts: int
    urge_delay_minutes: int
    quiet_hours: tuple[time, time]
    daily_scheduled_cap: int
    default_region: str
    log_level: str
    send_rate: float
    loop_limit: int
    retention_days: int
    flag_alert_minutes: int  # an open safety flag nobody took on stands out on the dashboard after this long
    spool_dir: str
    trusted_proxies: int

    @property
    def signatures_required(self) -> bool:
        """Webhook signatures are checked whenever an auth token is configured."""
        return bool(self.twilio_auth_token)

    def with_overrides(self, overrides: Mapping[str, object]) -> Settings:
        known = {f.name for f in fields(self)}
        unknown = set(overrides) - known
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return replace(self, **overrides)


DEV_SECRET = "dev-only-not-secret"


def load_settings(env: Mapping[str, str] | None = None, *, dotenv: bool = True) -> Settings:
    """Read Settings from `env` (default: os.environ plus `.env`), refusing bad values."""
    if env is None:
        if dotenv:
            from dotenv import load_dotenv

            load_dotenv(ROOT / ".env", override=False)
        env = os.environ

    sid = env_pattern(env, "TWILIO_ACCOUNT_SID", r"AC[0-9a-fA-F]{32}", "an Account SID (AC + 32 hex digits)")
    token = env_str(env, "TWILIO_AUTH_TOKEN")
    from_number = env_pattern(env, "TWILIO_FROM_NUMBER", r"\+[1-9]\d{6,14}", "an E.164 number like +15551234567")
    service_sid = env_pattern(
        env, "TWILIO_MESSAGING_SERVICE_SID", r"MG[0-9a-fA-F]{32}", "a Messaging Service SID (MG + 32 hex digits)"
    )
    public_url = env_url(env, "PUBLIC_URL")
    secret_key = env_str(env, "SECRET_KEY")
    has_credentials = bool(sid or token)
    transport = env_choice(env, "TRANSPORT", ("twilio", "console"), "twilio" if has_credentials else "console")

    if has_credentials or transport == "twilio":
        missing = [
            name
            for name, value in (
                ("TWILIO_ACCOUNT_SID", sid if transport == "twilio" else "n/a"),
                ("TWILIO_AUTH_TOKEN", token),
                ("SECRET_KEY", secret_key),
                ("PUBLIC_URL", public_url),
            )
            if not value
        ]
        if missing:
            raise ConfigError(f"Twilio is configured but {', '.join(missing)} is not set")
    if transport == "twilio" and not (from_number or service_sid):
        raise ConfigError("TRANSPORT=twilio needs TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID")
    if from_number and service_sid:
        raise ConfigError("set TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID, not both")

    database_url = env_str(env, "DATABASE_URL", f"sqlite:///{ROOT / 'instance' / 'breathing_room.sqlite3'}")
    if not re.match(r"^(sqlite|sqliteext|postgres|postgresql|postgresext|postgresqlext)://", database_url):
        raise ConfigError("DATABASE_URL must start with sqlite:// or postgresql://")

    return Settings(
        database_url=database_url,
        secret_key=secret_key or DEV_SECRET,
        public_url=public_url,
        transport=transport,
        twilio_account_sid=sid,
        twilio_auth_token=token,
        twilio_from_number=from_number,
        twilio_messaging_service_sid=service_sid,
        twilio_timeout=env_float(env, "TWILIO_TIMEOUT", 10.0),
        lock_wait=env_float(env, "LOCK_WAIT", 1.0),
        dispatch_interval=env_float(env, "DISPATCH_INTERVAL", 5.0),
        dispatch_batch=env_int(env, "DISPATCH_BATCH", 50, minimum=1, maximum=10_000),
        lease_seconds=env_int(env, "LEASE_SECONDS", 120, minimum=5),
        max_attempts=env_int(env, "MAX_ATTEMPTS", 5, minimum=1, maximum=100),
        urge_delay_minutes=env_int(env, "URGE_DELAY_MINUTES", 20, minimum=1, maximum=240),
        quiet_hours=env_quiet_hours(env, "QUIET_HOURS", "20:00-09:00"),
        daily_scheduled_cap=env_int(env, "DAILY_SCHEDULED_CAP", 6, minimum=1, maximum=100),
        default_region=env_region(env, "DEFAULT_REGION", "US"),
        log_level=env_choice(env, "LOG_LEVEL", ("debug", "info", "warning", "error"), "info"),
        send_rate=env_rate(env, "SEND_RATE", 1.0),
        loop_limit=env_int(env, "LOOP_LIMIT", 3, minimum=1, maximum=100),
        retention_days=env_int(env, "RETENTION_DAYS", 180, minimum=1),
        flag_alert_minutes=env_int(env, "FLAG_ALERT_MINUTES", 60, minimum=1, maximum=10_080),
        spool_dir=env_str(env, "SPOOL_DIR", str(ROOT / "instance" / "spool")),
        trusted_proxies=env_int(env, "TRUSTED_PROXIES", 0, minimum=0, maximum=5),
    )


def startup_warnings(settings: Settings) -> list[str]:
    """What the web process warns about once at start-up (not once per worker, nor in every CLI command)."""
    if settings.signatures_required:
        return []
    return ["TWILIO_AUTH_TOKEN is not set: /sms accepts unsigned requests (local development only)"]
