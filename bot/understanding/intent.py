"""What a member's text means: the Intent every reader returns, and the names it may carry.

The sixteen BASE_NAMES are the contract bot.intents (now a shim over this package) has always offered. The names added for the
conversation (thanks, feeling, question, reflection, count, reception, decision) each refine one
base name, given by `Intent.base`: a caller that knows only the sixteen reads `intent.base`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

BASE_NAMES = ("stop", "start", "help", "crisis", "urge", "contacted", "spouse_contacted", "rating", "yes", "no",
              "hold", "stats", "pause", "resume", "delete", "other")
# Added name -> the base name it refines.
REFINES = {
    "thanks": "other",      # thanks, ok, lol, a kind emoji
    "feeling": "other",     # how they feel, with nothing asked
    "question": "other",    # a question for the bot (value: the topic)
    "reflection": "other",  # an answer to a reflective question, kept as their reason
    "count": "rating",      # how many times (value), in answer to a count question
    "reception": "other",   # how a contact was received (answer: glad, not_glad, unsure, no_answer)
    "decision": "other",    # what to do with a returned draft (answer: send, rework, let_go)
    "setting": "other",     # a setting asked for in a sentence (topic: time, delay, tz, name; text: the value)
    "show": "other",        # show me the draft you are keeping for me
    "frequency": "other",   # how often scheduled texts should come (answer: daily, every_other_day, weekly,
                            # less, more, same)
}
NAMES = (*BASE_NAMES, *REFINES)
DANGERS = ("self", "other", "both")


@dataclass(frozen=True)
class Intent:
    """One reading of a text; only the fields that belong to `name` are set.

    value: rating 1-5 (or the bare number), a count, or how many contacts a report logs.
    text: a held draft; a reflection's words.  duration: HOLD 2h, PAUSE 3d.
    danger: crisis only, self | other | both.  also_stop: a crisis text that also opts out.
    channel, needed, attempt: contacted (attempt: it never connected).  unsure: "not sure".
    answer: reception, decision, feeling (good or low).  topic: question, urge ("reply"), setting.
    risk: "distress" (said in words) or "possible" (the model's lower band, weaker cues) when a reading
    that is not a crisis may still hide one.
    language: "es" when the text is Spanish (crisis replies follow it), else "en".
    """

    name: str
    value: int | None = None
    text: str | None = None
    duration: timedelta | None = None
    danger: str | None = None
    also_stop: bool = False
    channel: str | None = None
    needed: bool = False
    unsure: bool = False
    answer: str | None = None
    attempt: bool = False
    topic: str | None = None
    risk: str | None = None
    language: str = "en"

    @property
    def base(self) -> str:
        """The name among BASE_NAMES this intent is, or refines."""
        if self.name == "reception":
            return {"glad": "yes", "not_glad": "no"}.get(self.answer, "other")
        return REFINES.get(self.name, self.name)
