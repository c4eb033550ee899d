"""Phone numbers: normalising Twilio addresses, masking, and guessing a time zone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from zoneinfo import available_timezones

import phonenumbers
from phonenumbers import timezone as number_timezones

KNOWN_ZONES = frozenset(available_timezones())  # read once: it scans the tz database on every call
# Digits with the punctuation people and Twilio write numbers with; no scheme (tel:, client:, sip:...)
# and no letters, which phonenumbers would otherwise read past.
DIALABLE = re.compile(r"\+?[0-9 ().-]{1,40}")


class BadNumber(ValueError):
    """The address is not a valid phone number."""


@dataclass(frozen=True)
class Address:
    phone: str  # E.164
    channel: str  # sms | whatsapp


def parse_address(raw: str, region: str = "US") -> Address:
    """Turn a Twilio `From` value ("+1555...", "whatsapp:+1555...") into an Address; BadNumber otherwise.

    Only SMS and WhatsApp senders are members: a Voice client, SIP or tel: URI is refused.
    """
    raw = (raw or "").strip()
    channel = "sms"
    if raw.lower().startswith("whatsapp:"):
        channel, raw = "whatsapp", raw.split(":", 1)[1]
    if not DIALABLE.fullmatch(raw) or not any(ch.isdigit() for ch in raw):
        raise BadNumber("not a phone number")
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        raise BadNumber("not a phone number") from None
    # "Possible" rather than "valid": fictional 555 numbers are used in demos and tests.
    if not phonenumbers.is_possible_number(number):
        raise BadNumber("not a valid phone number")
    return Address(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), channel)


def mask(phone: str | None) -> str:
    """The last four digits only, for logs and screens."""
    return "***" + (phone or "")[-4:]


def guess_timezone(phone: str, fallback: str = "America/New_York") -> str:
    """The first IANA zone phonenumbers associates with the number, else `fallback`."""
    try:
        zones = number_timezones.time_zones_for_number(phonenumbers.parse(phone, None))
    except phonenumbers.NumberParseException:
        return fallback
    real = [z for z in zones if z in KNOWN_ZONES]
    # A number tied to one zone tells us something; a toll-free one lists them all.
    return real[0] if len(real) == 1 else fallback
