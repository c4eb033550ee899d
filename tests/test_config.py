"""Configuration: strict parsing, clear errors naming the variable, no silent fallbacks."""

from __future__ import annotations

from datetime import time

import pytest

from bot.config import ConfigError, load_settings

SID = "AC" + "0" * 32
TWILIO = {"TWILIO_ACCOUNT_SID": SID, "TWILIO_AUTH_TOKEN": "token", "TWILIO_FROM_NUMBER": "+15551234567",
          "SECRET_KEY": "s3cret", "PUBLIC_URL": "https://bot.example.org"}


def settings(**env):
    return load_settings(env, dotenv=False)


def test_no_configuration_means_sqlite_and_the_console_transport():
    found = settings()
    assert found.transport == "console" and found.database_url.startswith("sqlite:///")
    assert not found.signatures_required
    assert found.quiet_hours == (time(20, 0), time(9, 0))


def test_twilio_credentials_select_the_twilio_transport_and_signature_checks():
    found = settings(**TWILIO)
    assert found.transport == "twilio" and found.signatures_required
    assert found.public_url == "https://bot.example.org"


@pytest.mark.parametrize("missing", ["TWILIO_AUTH_TOKEN", "SECRET_KEY", "PUBLIC_URL"])
def test_twilio_without_its_companions_is_a_startup_error(missing):
    env = {k: v for k, v in TWILIO.items() if k != missing}
    with pytest.raises(ConfigError, match=missing):
        settings(**env)


def test_a_console_transport_keeps_signature_checks_when_a_token_is_set():
    found = settings(**TWILIO, TRANSPORT="console")
    assert found.transport == "console" and found.signatures_required


@pytest.mark.parametrize(("name", "value"), [
    ("DISPATCH_INTERVAL", "abc"), ("DISPATCH_INTERVAL", "-1"), ("DISPATCH_BATCH", "lots"),
    ("DISPATCH_BATCH", "0"), ("URGE_DELAY_MINUTES", "20.5"), ("QUIET_HOURS", "8pm-9am"),
    ("QUIET_HOURS", "25:00-09:00"), ("TRANSPORT", "carrier-pigeon"), ("LOG_LEVEL", "loud"),
    ("DATABASE_URL", "mysql://x"), ("PUBLIC_URL", "bot.example.org"), ("PUBLIC_URL", "https://x.org/?a=1"),
    ("TWILIO_ACCOUNT_SID", "AC123"), ("TWILIO_FROM_NUMBER", "5551234567"), ("SEND_RATE", "-1"), ("SEND_RATE", "fast"),
    ("DEFAULT_REGION", "usa"), ("TWILIO_TIMEOUT", "soon"),
])
def test_a_malformed_value_is_refused_naming_the_variable(name, value):
    with pytest.raises(ConfigError, match=name):
        settings(**{name: value})


def test_from_number_and_messaging_service_together_are_ambiguous():
    with pytest.raises(ConfigError, match="not both"):
        settings(**TWILIO, TWILIO_MESSAGING_SERVICE_SID="MG" + "1" * 32)


def test_the_twilio_transport_needs_a_sender():
    env = {k: v for k, v in TWILIO.items() if k != "TWILIO_FROM_NUMBER"}
    with pytest.raises(ConfigError, match="TWILIO_FROM_NUMBER"):
        settings(**env)


def test_create_app_refuses_a_malformed_environment(monkeypatch):
    from bot import create_app

    monkeypatch.setenv("DISPATCH_BATCH", "many")
    with pytest.raises(ConfigError, match="DISPATCH_BATCH"):
        create_app()


def test_overrides_must_name_real_settings():
    with pytest.raises(ConfigError, match="unknown setting"):
        settings().with_overrides({"no_such_thing": 1})


def test_a_send_rate_of_zero_means_no_shared_limit():
    assert settings(SEND_RATE="0").send_rate == 0
