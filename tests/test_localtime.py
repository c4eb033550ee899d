"""Quiet hours and local times, across DST changes and zones without DST."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from bot import localtime

QUIET = (time(20, 0), time(9, 0))


def at(zone, *parts):
    """A wall-clock time in `zone`, returned in UTC."""
    from zoneinfo import ZoneInfo

    return datetime(*parts, tzinfo=ZoneInfo(zone)).astimezone(UTC)


ZONES = ["America/New_York", "America/Phoenix", "Pacific/Honolulu", "Europe/London"]
DST_DAYS = [(2026, 3, 8), (2026, 11, 1), (2026, 3, 29), (2026, 10, 25)]


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("day", DST_DAYS)
def test_quiet_hours_end_at_nine_local_on_dst_days(zone, day):
    night = at(zone, *day, 3, 30) if zone != "America/New_York" or day != (2026, 3, 8) else at(zone, *day, 1, 30)
    assert localtime.is_quiet(night, zone, QUIET)
    allowed = localtime.next_allowed(night, zone, QUIET)
    assert localtime.local(allowed, zone).time() == time(9, 0)
    assert localtime.local(allowed, zone).date() == localtime.local(night, zone).date()
    assert not localtime.is_quiet(allowed, zone, QUIET)
    assert localtime.is_quiet(allowed - timedelta(minutes=1), zone, QUIET)


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("day", DST_DAYS)
def test_a_message_due_in_the_evening_waits_for_the_next_morning(zone, day):
    evening = at(zone, *day, 21, 15)
    allowed = localtime.next_allowed(evening, zone, QUIET)
    assert localtime.local(allowed, zone).time() == time(9, 0)
    assert (localtime.local(allowed, zone).date() - localtime.local(evening, zone).date()).days == 1


def test_new_york_spring_forward_night_is_an_hour_shorter():
    evening = at("America/New_York", 2026, 3, 7, 21, 0)
    allowed = localtime.next_allowed(evening, "America/New_York", QUIET)
    assert allowed - evening == timedelta(hours=11)  # 12 wall-clock hours minus the skipped one


def test_new_york_fall_back_night_is_an_hour_longer():
    evening = at("America/New_York", 2026, 10, 31, 21, 0)
    allowed = localtime.next_allowed(evening, "America/New_York", QUIET)
    assert allowed - evening == timedelta(hours=13)


def test_the_same_utc_moment_is_quiet_in_one_zone_and_not_in_another():
    moment = datetime(2026, 11, 1, 17, 0, tzinfo=UTC)  # 07:00 Honolulu, 17:00 London
    assert localtime.is_quiet(moment, "Pacific/Honolulu", QUIET)
    assert not localtime.is_quiet(moment, "Europe/London", QUIET)


def test_daytime_is_never_deferred():
    noon = at("America/Phoenix", 2026, 3, 8, 12, 0)
    assert localtime.next_allowed(noon, "America/Phoenix", QUIET) == noon


def test_a_quiet_range_that_does_not_wrap_midnight():
    hours = (time(13, 0), time(14, 0))
    assert localtime.is_quiet(at("Europe/London", 2026, 6, 1, 13, 30), "Europe/London", hours)
    assert not localtime.is_quiet(at("Europe/London", 2026, 6, 1, 20, 30), "Europe/London", hours)


def test_next_local_time_on_a_weekday_skips_to_that_day():
    monday = at("America/New_York", 2026, 11, 23, 12, 0)
    sunday = localtime.next_local_time(monday, "America/New_York", time(18, 0), weekday=6)
    assert localtime.local(sunday, "America/New_York").strftime("%A %H:%M") == "Sunday 18:00"


def test_next_local_time_is_strictly_after_now():
    six = at("America/New_York", 2026, 11, 29, 18, 0)
    following = localtime.next_local_time(six, "America/New_York", time(18, 0), weekday=6)
    assert following - six == timedelta(days=7)


def test_describe_reads_like_a_person():
    now = at("America/New_York", 2026, 11, 24, 10, 0)
    assert localtime.describe(now + timedelta(hours=23), now, "America/New_York") == "tomorrow at 9:00 AM"
    assert localtime.describe(now + timedelta(hours=2), now, "America/New_York") == "today at 12:00 PM"
