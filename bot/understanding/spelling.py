"""Crisis words spelt any which way, spelt out: `repair(norm)`.

`repair` only ever rewrites a word into a crisis word when the word is not plain English: "kil" and
"kiiill" become "kill", "myslef" becomes "myself", "sucidal" becomes "suicidal", "k1ll" becomes
"kill", "iwanttodie" becomes "iwant to die", and accents go ("él está" is read "el esta"). "kilt",
"did", "overdone" stay as they are.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# --- Spelling repair -------------------------------------------------------------------------------

# Misspellings and run-together words that are not English words, read as the crisis words they mean.
EXACT = {
    "dye": "die", "ded": "dead", "dieing": "dying", "dyin": "dying", "slef": "self", "sef": "self",
    "sueside": "suicide", "suecide": "suicide", "suiside": "suicide", "suisidal": "suicidal",
    "suicidle": "suicidal", "suacidal": "suicidal", "gona": "going to", "gna": "going to", "gonn": "going to",
    "goin": "going", "bout": "about", "thinkin": "thinking", "wannadie": "want to die", "tryin": "trying",
    "cuttin": "cutting", "kll": "kill", "dei": "die", "lyfe": "life", "lfe": "life", "lif": "life",
}
# Words whose doubled letters may be missing or repeated ("kil", "kiiill", "suicidaaal", "dieee").
LEXICON = ("kill", "kills", "killing", "killed", "die", "dies", "dying", "dead", "death", "cut", "cuts", "cutting",
           "hang", "hanging", "hurt", "hurting", "pills", "jump", "jumping", "suicide", "suicidal", "myself",
           "overdose", "wrist", "wrists", "bleed", "bleeding", "ending", "living", "alive", "anymore", "want")
# Longer words that also match one letter off: dropped, added, changed, or two swapped ("myslef").
FUZZY = ("suicide", "suicides", "suicidal", "myself", "overdose", "overdosed", "overdoses", "overdosing",
         "unalive", "threatened", "threatening", "strangled", "strangling")
# Real words one letter off a crisis word: never rewritten.
REAL = frozenset(("overdone", "overdoes", "wrangled", "wrangling", "bled", "strangle", "strangles", "threaten", "threatens"))
# Right before "myself" a word one letter off a harming verb is that verb ("kilk myself", "cuting myself")
# unless it is one of the real words that stand there ("putting myself first", "turn myself in").
HARM_VERBS = ("kill", "killing", "cut", "cutting", "hurt", "hurting", "hang", "hanging", "harm", "harming", "stab",
              "stabbing", "drown", "drowning", "poison", "starve", "starving", "choke", "choking", "burn", "burning")
BEFORE_MYSELF = frozenset(("put", "putting", "turn", "turning", "tell", "fill", "filling", "bill", "will", "willing",
                           "pull", "push", "bury", "busy", "warm", "warming", "hand", "stay", "prison", "chose", "out",
                           "but", "gut", "hunt", "hunting", "hurl", "charm", "hard", "bang", "ill", "till", "skill",
                           "kid", "kick", "hung", "cure", "curb", "cat", "cup", "cute", "get", "let", "set", "bet",
                           "hurry", "harp", "farm", "starr", "stare", "crown", "drawn", "grown", "brown", "hat", "can",
                           "from", "for", "to", "and", "with", "of", "by", "at", "about", "than", "like", "love"))
BEFORE_SELF = re.compile(r"\b([a-z]{3,10}) (?=my ?self\b)")
# After "end my" or "take my", a word one letter off "life" is "life" ("end my lfie"), unless a real word.
MY_LIFE = re.compile(r"\b((?:end|ending|take|taking) my (?:own )?)([a-z]{2,6})\b")
NOT_LIFE = frozenset(("wife", "like", "line", "live", "lift", "lie", "lies", "lime", "lice", "lite", "file", "fife",
                      "rife", "lied", "lip", "lid", "lit"))
# "dye" is the word itself before hair, clothes or Easter eggs.
DYE_OBJECT = re.compile(r"\bdye (?:(?:my|her|his|the|your|our|it|them|some) )?(?:\w+ )?(?:hair|roots|beard|clothes"
                        r"|shirts?|jeans|eggs|fabric|it|them|purple|pink|blue|red|black|blonde|green)\b")
LEET = str.maketrans("013457@$", "oieastas")
WORD = re.compile(r"[a-z0-9@$]*[a-z][a-z0-9@$]*")


DOUBLED = re.compile(r"(.)\1+")


def _collapse(word: str) -> str:
    """`word` with each run of one letter cut to one ("kiiill" -> "kil")."""
    return DOUBLED.sub(lambda run: run[1], word) if DOUBLED.search(word) else word


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def _one_off(a: str, b: str) -> bool:
    """True when `a` and `b` differ by one added, dropped or changed letter, or two swapped neighbours."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                                  and a[diff[1]] == b[diff[0]])
    short, long = sorted((a, b), key=len)
    return short in _deletes(long)


BY_KEY, WORDS = {_collapse(word): word for word in LEXICON}, frozenset((*LEXICON, *FUZZY))
FUZZY_LENGTHS = range(min(map(len, FUZZY)) - 1, max(map(len, FUZZY)) + 2)
FUZZY_LEADS = frozenset(c for word in FUZZY for c in word[:2])  # a misspelling keeps one of the first two letters
NEAR: dict[str, set[str]] = {}  # a word, and each of it with a letter dropped -> the FUZZY words it may be
NEAR_VERB: dict[str, set[str]] = {}  # the same for HARM_VERBS, their doubled letters single or not
for _word in FUZZY:
    for _key in (_word, *_deletes(_word)):
        NEAR.setdefault(_key, set()).add(_word)
for _word in HARM_VERBS:
    for _key in {_word, _collapse(_word), *_deletes(_word), *_deletes(_collapse(_word))}:
        NEAR_VERB.setdefault(_key, set()).add(_word)


def _known(word: str) -> str | None:
    """The crisis word `word` misspells, or None."""
    if word in EXACT:
        return EXACT[word]
    if word in REAL or word in WORDS:
        return None
    if (found := BY_KEY.get(_collapse(word))) is not None:
        return found
    if word.endswith("in") and (found := BY_KEY.get(_collapse(word + "g"))) is not None:  # "endin", "killin"
        return found
    if len(word) in FUZZY_LENGTHS and (word[0] in FUZZY_LEADS or word[1] in FUZZY_LEADS):
        near = {c for key in (word, *_deletes(word)) for c in NEAR.get(key, ())}
        near = [c for c in near if _one_off(word, c)]
        if len(near) == 1:
            return near[0]
    return None


@lru_cache(maxsize=8192)
def _fix(word: str) -> str:
    """`word` spelt as the crisis word(s) it stands for, or unchanged."""
    if len(word) < 3 or len(word) > 24:
        return word
    if not word.isalpha():
        plain = word.translate(LEET)
        return _known(plain) or (plain if plain in WORDS else word)
    if (found := _known(word)) is not None:
        return found
    for tail, spaced in (("todie", " to die"), ("myself", " myself"), ("mylife", " my life")):
        if word.endswith(tail) and len(word) > len(tail) + 1:
            return _fix(word[:-len(tail)]) + spaced
    return word


@lru_cache(maxsize=4096)
def _harm_verb(word: str) -> str:
    """The harming verb `word` misspells, right before "myself"; else `word`."""
    if word in HARM_VERBS or word in BEFORE_MYSELF:
        return word
    key = _collapse(word)
    near = {verb for w in (word, key) for k in (w, *_deletes(w)) for verb in NEAR_VERB.get(k, ())}
    near = sorted(verb for verb in near if _one_off(word, verb) or _one_off(key, _collapse(verb)))
    return near[0] if near else word  # "harg" is "hang" or "harm": a harming verb either way


@lru_cache(maxsize=1024)  # one text is read three times: for crisis cues, figures of speech and the model
def repair(norm: str) -> str:
    """`norm` (bot.understanding.message's normalised text) with accents dropped and crisis words spelt out."""
    if not norm.isascii():
        norm = "".join(c for c in unicodedata.normalize("NFKD", norm) if not unicodedata.combining(c))
    protected = {m.start() for m in DYE_OBJECT.finditer(norm)} if "dye" in norm else ()
    norm = WORD.sub(lambda m: m[0] if m.start() in protected else _fix(m[0]), norm)
    if " my " in norm:
        norm = MY_LIFE.sub(lambda m: m[1] + ("life" if m[2] not in NOT_LIFE and _one_off(m[2], "life") else m[2]), norm)
    return BEFORE_SELF.sub(lambda m: _harm_verb(m[1]) + " ", norm) if "self" in norm else norm
