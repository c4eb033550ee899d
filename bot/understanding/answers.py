"""Answers read in the light of the question the bot asked (`expecting`, the member's `awaiting`).

`read(expecting, m)` returns the answer as an Intent, or None when the text does not answer the
question (then the ordinary rules read it). The documented rules, in the words members use:

- strength, 1 (faint) to 5 (very strong): a number; "N/10" or "N out of 10" is N/2 rounded up;
  6 or more on its own is 5. Words: gone, nothing, barely = 1; better, lower, a little, fading = 2;
  same, medium, so-so = 3; still strong, still bad, not great = 4; very strong, worse,
  overwhelming = 5. Cues pulling both ways ("better but still strong") average, a tie rounded down.
- counts: a number; a range or "X or Y" is the midpoint rounded up ("5 or 6" -> 6, "2-3" -> 3);
  once 1, twice 2, a couple 2, a few 3, several 4, a handful 5, a dozen 12; none, zero, not once,
  "no" = 0; "every day" = 7 in a weekly count; "a lot", "too many to count" and "idk" are unsure.
- reception: glad, not_glad, unsure, or no_answer when the contact never connected.
- a returned draft: send, rework, let_go (or unsure: it stays kept). A draft announced but not yet
  shown ("reply SHOW to see it"): show ("show me", "what did i write", a yes), a clear decision, or not now.
- consent, and an offer (a nearer check-in time, a note before a hard hour): yes, no.
- fewer texts, offered after quiet weeks: a level (every other day, weekly, daily), less, more,
  same, or a plain yes or no.  safety ("are you safe right now?"): yes when they say they are safe; no for a
  no, a worry or a doubt (the caller escalates).  A reflective question: any sincere answer.
"""

from __future__ import annotations

import math
import re

from bot.understanding import answer_words as v
from bot.understanding import everyday
from bot.understanding.intent import Intent
from bot.understanding.message import Message
from bot.understanding.optout import plain

NUMBER = re.compile(r"(?<![\d:/])(\d{1,3})(?:\.\d+)?(?![\d:])(?! ?(?:am|pm|min|mins|minutes|hours|hrs|hr|h|m|years|yrs"
                    r"|months|days|weeks|oclock|o clock|ish pm)\b)")
OUT_OF = re.compile(r"(\d{1,3}) ?(?:/|out of|de) ?(10|5)\b")
SENTENCE_END = re.compile(r"[.?!;]")
STORY_WORDS = 8  # a longer answer with a number but no "times" in it is a story, not a count
RANGE = re.compile(r"(\d{1,3}|" + "|".join(v.NUMBER_WORDS) + r") ?(?:-|to|or|o|a|–|y) ?(\d{1,3}|"
                   + "|".join(v.NUMBER_WORDS) + r")\b")


def _number(word: str) -> int:
    return int(word) if word.isdigit() else v.NUMBER_WORDS[word]


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"[\w/]+", text)) + " "


def strength(m: Message) -> Intent | None:
    """A 1-5 rating of the urge now, in numbers or words; other(unsure=True) for "idk"."""
    text = plain(m.norm)
    if found := OUT_OF.search(text):
        n, scale = int(found[1]), int(found[2])
        value = math.ceil(n / 2) if scale == 10 else n
        return Intent("rating", value=max(1, min(value, 5)))
    if found := RANGE.search(text):
        low, high = _number(found[1]), _number(found[2])
        if 0 <= low <= 10 and 0 <= high <= 10 and low <= high:
            return Intent("rating", value=max(1, min(math.ceil((low + high) / 2), 5)))
    numbers = [int(n) for n in NUMBER.findall(text)] + [v.NUMBER_WORDS[w] for w in v.SMALL_NUMBER.findall(text)]
    first = NUMBER.search(text)
    # A short text's number is the rating, and so is a longer one's that leads: "maybe a 3? it's less than before..."
    if numbers and (len(text) < 60 or first is not None and first.start() < 20):
        return Intent("rating", value=max(1, min(numbers[0], 5)) if numbers[0] else 1)
    words = v.NEGATED_WEAK.sub(" milder ", v.NEGATED_STRONG.sub(" still there ", _words(text)))  # "not bad", "not gone"
    if v.UNSURE.search(words):
        return Intent("other", unsure=True)
    levels = [level for level, pattern in v.STRENGTH if pattern.search(words)]
    if levels:
        return Intent("rating", value=math.floor(sum(levels) / len(levels) + 0.49))
    return None


OTHER_DAYS = re.compile(r"\b(?:some days|sometimes|usually|most days|other days|on bad days|on good days|yesterday"
                        r"|algunos dias|a veces|otros dias)\b")


def _about_other_days(text: str, at: int) -> bool:
    """True when the sentence holding the range at `at` (not the first) speaks of other days."""
    ends = [end.end() for end in SENTENCE_END.finditer(text, 0, at)]
    return bool(ends) and OTHER_DAYS.search(text, ends[-1], at) is not None


def _first_count(found) -> Intent:
    word = found[1]
    return Intent("count", value=int(word) if word.isdigit() else v.ONCE_TWICE.get(word, v.NUMBER_WORDS.get(word, 1)))


def count(m: Message, *, weekly: bool = False) -> Intent | None:
    """How many times: a number, a range, or words; other(unsure=True) when they cannot say."""
    text = plain(m.norm)
    words = _words(text)
    if v.UNCOUNTABLE.search(words):
        return Intent("other", unsure=True)
    summed = v.SUMMED_LAST.search(words)
    if summed and int(summed[1]) < 100 and v.CONTACT_BEFORE.search(words[:summed.start()]):
        return Intent("count", value=int(summed[1]))  # a story of contacts that ends in its sum: "... Call it 8?"
    first, found = v.COUNT_FIRST.match(words), RANGE.search(text)
    if first and found and _about_other_days(text, found.start()):
        # The count said first stands over a range told of other days: "probably twenty or so? some days 5 or 6".
        return _first_count(first)
    if found:
        low, high = _number(found[1]), _number(found[2])
        if low <= high:
            return Intent("count", value=math.ceil((low + high) / 2))
    if weekly and (per_day := v.PER_DAY.search(words)):
        if (total := v.HEDGED_LAST.search(words[per_day.end():])) and int(total[1]) < 200:
            return Intent("count", value=int(total[1]))  # "a couple times a day so like 14": their own sum
        return Intent("count", value=7 * (_number(per_day["n"]) if per_day["n"] else v.NUMBER_WORDS.get(
            per_day["w"], v.A_FEW.get(per_day["w"], v.ONCE_TWICE.get(per_day["w"], 1)))))
    if first:  # "One. I sent her a short message", "Twice today. I called once and..."
        return _first_count(first)
    story = len(words.split()) > STORY_WORDS
    # In a story only a contact's times, or a count said as one, count: "texted him twice", "it was three
    # times today", not "she laughed once".
    per_contact = [_number(f[1]) if f[1] else v.ONCE_TWICE[f[2]] for f in v.TIMES_EACH.finditer(words)
                   if not story or v.CONTACT_BEFORE.search(words[max(0, f.start() - 30):f.start()])
                   or v.COUNT_LEAD.search(words[:f.start()])]
    if per_contact:
        return Intent("count", value=sum(per_contact))  # "no, twice", "called twice and texted 3 times"
    if v.NONE_FIRST.search(words) or v.ZERO_LAST.search(words):
        return Intent("count", value=0)  # "nothing today, i went to church", "so that makes it zero?"
    numbers = [int(n) for n in NUMBER.findall(text)]
    if numbers and (len(words.split()) <= STORY_WORDS or v.COUNT_WORD_NEAR.search(words)):
        return Intent("count", value=min(numbers[0], 999))
    if story:
        return None  # a story with a number in it ("we talked for about 10 minutes") is not the count
    worded = [(found.start(), value) for value, pattern in v.COUNT_WORDS for found in pattern.finditer(words)]
    if worded:  # the first said counts: "about twelve times, and a few texts" is twelve
        return Intent("count", value=min(worded)[1])
    if weekly and v.EVERY_DAY.search(words):
        return Intent("count", value=7)
    if v.UNSURE.search(words):
        return Intent("other", unsure=True)
    return None


def reception(m: Message) -> Intent | None:
    """How a contact was received: glad, not_glad, unsure, or no_answer when it never connected.

    The first word counts most: "not really. he said 'fine, whatever'" is a no, "yeah i think so" a yes.
    """
    words = _words(plain(m.norm))
    for answer, pattern in v.RECEPTION[:1]:
        if pattern.search(words):
            return Intent("reception", answer=answer)
    if v.LEADING_NO.match(words):
        return Intent("reception", answer="not_glad")
    if v.LEADING_YES.match(words) and not v.RECEPTION[2][1].search(words):
        return Intent("reception", answer="glad")
    for answer, pattern in v.RECEPTION[1:]:
        if pattern.search(words):
            return Intent("reception", answer=answer)
    return None


def decision(m: Message) -> Intent | None:
    """What to do with a returned draft: send, rework, let_go, or unsure."""
    words = _words(plain(m.norm))
    for answer, pattern in v.DECISION:
        if pattern.search(words):
            return Intent("decision", answer=answer)
    return None


def draft_ready(m: Message) -> Intent | None:
    """The answer to "your note is ready, reply SHOW to see it": show it ("show me", "what did i write",
    or a plain yes), a clear decision on it (send, rework, let go), or not now (decision unsure: it stays kept)."""
    words = _words(plain(m.norm))
    clear = next((answer for answer, pattern in v.DECISION_CLEAR if pattern.search(words)), None)
    # "I have read it again, I would like to rework it" decides; "show me before i send it" asks to see.
    if clear not in (None, "unsure") and "?" not in m.norm and not v.SHOW_FIRST.search(words):
        return Intent("decision", answer=clear)
    if v.SHOW.search(words):
        return Intent("show")
    if clear is not None:
        return Intent("decision", answer=clear)
    if v.NOT_NOW.search(words):
        return Intent("decision", answer="unsure")
    return Intent("show") if v.SHOW_YES.search(words) else None


def consent(m: Message) -> Intent | None:
    """Yes or no to scheduled texts; other(unsure=True) for "maybe, what kind of texts?"."""
    words = _words(plain(m.norm))
    if v.KIND_YES.search(m.norm):
        return Intent("yes")
    for name, pattern in v.CONSENT:
        if pattern.search(words):
            return Intent("other", unsure=True) if name == "unsure" else Intent(name)
    return None


def offer(m: Message) -> Intent | None:
    """Yes or no to something the bot offered (a nearer check-in time, a short note before a hard hour);
    other(unsure=True) for "maybe", "what would that be"."""
    return consent(m)


def frequency(m: Message) -> Intent | None:
    """How often scheduled texts should come, in answer to an offer of fewer: a level (daily,
    every_other_day, weekly), less, more or same; else a plain yes or no to the offer."""
    words = _words(plain(m.norm))
    for answer, pattern in v.FREQUENCY:
        if pattern.search(words):
            return Intent("frequency", answer=answer)
    return offer(m)


def safety(m: Message) -> Intent | None:
    """"yes, i'm ok" is yes; a no, a worry or a doubt ("idk", "he's still outside") is no. A single "ok"
    or "no" inside a longer text ("ok real talk i want to text him so bad") answers nothing."""
    words = _words(plain(m.norm))
    if v.DOUBT.search(words):
        return Intent("no")  # "i dont think im safe", "not exactly safe", "sort of"
    if v.SAFE_SAID.search(words) and not v.DANGER_NAMED.search(words):
        return Intent("yes")
    short = len(words.split()) <= 6
    for name, pattern, strong in (("no", v.UNSAFE, True), ("yes", v.SAFE, True), ("no", v.UNSAFE_WEAK, False),
                                  ("yes", v.SAFE_WEAK, False)):
        if (strong or short) and pattern.search(words):
            return Intent(name)
    return None


def passed(m: Message) -> Intent | None:
    """"ok it passed", "i didnt text him after all": the urge eased, said in words (a rating of 1)."""
    return Intent("rating", value=1) if v.PASSED.search(_words(plain(m.norm))) else None


def reflection(m: Message) -> Intent | None:
    """Any sincere answer to a reflective question is one; only a non-answer ("ok", "idk") is not."""
    if not m.core or v.NOT_REFLECTION.fullmatch(m.core):
        return None
    if found := passed(m):
        return found
    return Intent("reflection", text=" ".join(m.raw.split()))


def feeling(m: Message) -> Intent | None:
    """Any answer to "how did it feel to hear from them?" is how they feel."""
    if not m.core or v.NOT_REFLECTION.fullmatch(m.core):
        return None
    found = everyday.feeling(m)
    return Intent("feeling", text=" ".join(m.raw.split()), answer=found.answer if found else "low")


def delete(m: Message) -> Intent | None:
    """DELETE again (or a plain yes) erases; any no, don't or wait keeps everything."""
    words = _words(plain(m.norm))
    if v.CANCEL.search(words):
        return Intent("no")
    return Intent("delete") if v.CONFIRM_DELETE.search(words) else None


READERS = {
    "rating": strength,
    "baseline": lambda m: count(m, weekly=True),
    "checkin": count,
    "reception": reception,
    "draft": decision,
    "draft_ready": draft_ready,
    "consent": consent,
    "safe": safety,
    "reflection": reflection,
    "spouse_feeling": feeling,
    "delete": delete,
    "time_offer": offer,
    "nudge": offer,
    "taper": frequency,
}
EXPECTING = tuple(READERS)


def read(expecting: str, m: Message) -> Intent | None:
    """The answer `m` gives to the question `expecting`, or None if it gives none."""
    reader = READERS.get(expecting)
    return reader(m) if reader else None
