"""Operator passwords: argon2id hashes (argon2-cffi's RFC 9106 defaults), verified in constant work."""

from __future__ import annotations

import functools

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 12

hasher = PasswordHasher()  # argon2id, t=3, m=64 MiB, p=4


class WeakPassword(ValueError):
    """The password is too short or otherwise refused; the message says why."""


def check_strength(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"a password needs at least {MIN_LENGTH} characters")
    if password.strip() != password:
        raise WeakPassword("a password may not start or end with a space")


def hash_password(password: str) -> str:
    check_strength(password)
    return hasher.hash(password)


@functools.cache
def _decoy() -> str:
    return hasher.hash("decoy password for unknown accounts")


def verify(stored: str | None, password: str) -> bool:
    """True if `password` matches `stored`. With no stored hash (no such account) the same work is done
    against a decoy, so the time taken does not tell whether an account exists."""
    try:
        return hasher.verify(stored or _decoy(), password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return hasher.check_needs_rehash(stored)
