"""Configuration: strict parsing, clear errors naming the variable, no silent fallbacks."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import time
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings, startup_warnings

ROOT = Path(__file__).resolve().parent.parent
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
    ("DEFAULT_REGION", "usa"), ("DEFAULT_REGION", "ZZ"), ("TWILIO_TIMEOUT", "soon"), ("RETENTION_DAYS", "0"),
    ("QUIET_HOURS", "00:00-23:59"), ("QUIET_HOURS", "18:00-11:00"),
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


def test_a_lower_bound_alone_says_at_least_not_between():
    with pytest.raises(ConfigError) as refused:
        settings(RETENTION_DAYS="0")
    assert str(refused.value) == "RETENTION_DAYS must be at least 1, got 0"
    with pytest.raises(ConfigError) as refused:
        settings(DISPATCH_BATCH="0")
    assert str(refused.value) == "DISPATCH_BATCH must be between 1 and 10000, got 0"


def test_quiet_hours_that_leave_no_room_for_scheduled_texts_are_refused_with_the_reason():
    with pytest.raises(ConfigError) as refused:
        settings(QUIET_HOURS="00:00-23:59")
    assert str(refused.value) == ("QUIET_HOURS must leave at least 8 hours a day for scheduled texts, "
                                  "got '00:00-23:59' (quiet for 23 h 59 min)")


@pytest.mark.parametrize(("value", "hours"), [
    ("22:00-07:00", (time(22, 0), time(7, 0))), ("18:00-10:00", (time(18, 0), time(10, 0))),
    ("00:00-00:00", (time(0, 0), time(0, 0))), ("13:00-14:30", (time(13, 0), time(14, 30))),
])
def test_quiet_hours_with_eight_hours_or_more_to_send_in_are_accepted(value, hours):
    assert settings(QUIET_HOURS=value).quiet_hours == hours


def test_default_region_must_be_one_phone_numbers_use_and_may_be_lower_case():
    assert settings(DEFAULT_REGION="gb").default_region == "GB"
    assert settings(DEFAULT_REGION="MX").default_region == "MX"
    with pytest.raises(ConfigError, match="like US or GB, got 'ZZ'"):
        settings(DEFAULT_REGION="ZZ")


def test_the_unsigned_webhook_warning_is_a_start_up_note_only_without_a_token():
    assert [line.split(":")[0] for line in startup_warnings(settings())] == ["TWILIO_AUTH_TOKEN is not set"]
    assert startup_warnings(settings(**TWILIO)) == []


def cli_env(**overrides) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("TWILIO_", "DATABASE_URL"))}
    env.update(DATABASE_URL="sqlite:///:memory:", **overrides)
    return env


def test_a_flask_command_with_a_malformed_setting_prints_one_line_and_exits_2():
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "bot", "db", "status"], cwd=ROOT,
                            env=cli_env(RETENTION_DAYS="0"), capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2
    assert result.stderr == "configuration error: RETENTION_DAYS must be at least 1, got 0\n"
    assert result.stdout == ""


def test_creating_the_app_logs_no_warning_so_each_command_stays_quiet(monkeypatch, caplog, tmp_path):
    from bot import create_app

    monkeypatch.delenv("TWILIO_AUTH_TOKEN", raising=False)
    create_app({"database_url": f"sqlite:///{tmp_path / 'quiet.sqlite3'}", "transport": "console",
                "twilio_auth_token": None})
    assert "TWILIO_AUTH_TOKEN" not in caplog.text
