"""The classifier's original entry point, kept for callers: see bot.understanding."""

from bot.understanding import BASE_NAMES, NAMES, Intent, classify

__all__ = ["BASE_NAMES", "NAMES", "Intent", "classify"]
