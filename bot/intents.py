"""Recognise what a member's inbound text means.

`classify(text)` maps any str to an `Intent`; it never raises and never touches
the network or the clock. `RULES` is a table tried in order; the first rule that
matches wins. The order is the contract:

1. crisis - safety first: it beats every keyword, even STOP (then also_stop=True).
2. stop, start, help - carrier compliance keywords and plain opt-out sentences.
3. hold, pause, resume, delete, stats - commands at the start of the message.
4. spouse_contacted, contacted, urge - what happened, or what is about to.
5. rating, "not sure" (other with unsure=True), yes, no - short answers.
6. other.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

NAMES = ("stop", "start", "help", "crisis", "urge", "contacted", "spouse_contacted", "rating", "yes", "no", "hold",
         "stats", "pause", "resume", "delete", "other")


@dataclass(frozen=True)
class Intent:
    """One classified message; only the fields that belong to `name` are set."""

    name: str
    value: int | None = None
    text: str | None = None
    duration: timedelta | None = None
    danger: str | None = None
    also_stop: bool = False
    channel: str | None = None
    needed: bool = False
    unsure: bool = False


@dataclass(frozen=True)
class Message:
    """An inbound text in the forms the rules match against."""

    raw: str
    norm: str  # casefolded, typos fixed, apostrophes dropped ("im", "dont"), whitespace collapsed
    core: str  # norm without surrounding punctuation, symbols or emoji


Rule = Callable[[Message], "Intent | None"]


def _alt(words) -> str:
    return "(?:" + "|".join(words) + ")"


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile(_alt(patterns))


# Run before apostrophes are dropped, so "od'd" does not become "odd".
TYPOS = {
    "texed": "texted", "txted": "texted", "txtd": "texted", "textd": "texted", "texd": "texted", "txt": "text",
    "tx": "text", "txting": "texting", "texing": "texting", "textin": "texting", "caled": "called",
    "calld": "called", "cald": "called", "callin": "calling", "urgw": "urge", "urg": "urge", "urgee": "urge",
    "urgr": "urge", "wnat": "want", "wnt": "want", "wanna": "want to", "gonna": "going to", "gunna": "going to",
    "hime": "him", "hte": "the", "msg": "message", "msgd": "messaged", "msged": "messaged", "dm'd": "dmd",
    "dmed": "dmd", "od'd": "overdosed", "oded": "overdosed", "u": "you", "ur": "your", "pls": "please",
    "plz": "please", "abt": "about", "sould": "should",
}
TYPO = re.compile(r"\b" + _alt(map(re.escape, sorted(TYPOS, key=len, reverse=True))) + r"(?!')\b")
QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "`": "'",
                        "\u201c": '"', "\u201d": '"'})
EMOJI_NOISE = re.compile(r"[\s\ufe0f\U0001F3FB-\U0001F3FF]+")  # skin tones, variation selector

NAME = r"[^\W\d_]+"  # any single word: a first name after "called" or before "texted me"
SPOUSE_WORDS = ("husband", "hubby", "wife", "wifey", "ex", "spouse", "partner", "boyfriend", "girlfriend", "bf",
                "gf", "stbx", "stbxh", "stbxw")
SPOUSE = _alt(SPOUSE_WORDS)
ACTORS = frozenset(("he", "she", "they", *SPOUSE_WORDS))
# People a member also calls: calling them is neither an urge nor a contact, nor are they the spouse.
PEOPLE = ("mom", "mum", "mother", "dad", "father", "sister", "brother", "friend", "friends", "bestie", "boss",
          "therapist", "counselor", "coach", "sponsor", "lawyer", "attorney", "work", "doctor", "kid", "kids",
          "son", "daughter", "school")
NOT_OTHERS = rf"(?! (?:my |a |the |best )?{_alt((*PEOPLE, '988', 'hotline'))}\b)"
# Words that can stand right before "called me" without naming the spouse.
NOT_ACTOR = frozenset((*PEOPLE, "i", "you", "we", "it", "this", "that", "who", "what", "nobody", "noone", "one",
                       "someone", "somebody", "anyone", "everyone", "never", "still", "hasnt", "havent",
                       "didnt", "and", "then", "so", "but", "not", "me", "reality", "bot", "number"))
ADVERBS = frozenset(("just", "finally", "already", "totally", "accidentally", "kinda", "literally", "actually",
                     "again", "stupidly", "also", "even", "randomly", "really", "suddenly"))
# Last words before a verb that make the member its doer: "i caved and called", "lol texted him".
MEMBER_LEADS = frozenset(("i", "and", "then", "so", "but", "lol", "omg", "ugh", "well", "ok", "yeah"))
NEGATORS = frozenset(("not", "never", "didnt", "hasnt", "havent", "hadnt", "wont", "doesnt", "dont", "cant",
                      "wish", "if", "hope", "almost", "nearly", "wouldnt", "shouldnt", "why"))
UNITS = {"m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60, "h": 3600, "hr": 3600, "hrs": 3600,
         "hour": 3600, "hours": 3600, "d": 86400, "day": 86400, "days": 86400, "w": 604800, "wk": 604800,
         "wks": 604800, "week": 604800, "weeks": 604800}
COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "couple": 2, "couple of": 2, "few": 3, "a few": 3}
DURATION = (rf"(?P<n>\d{{1,4}}|{_alt(sorted(COUNTS, key=len, reverse=True))}) ?"
            rf"(?P<u>{_alt(sorted(UNITS, key=len, reverse=True))})\b")

# Crisis. Deliberately NOT crisis: "this urge is killing me", "dying to call him" (figures of
# speech about the urge), "he hurt me" alone (usually emotional), "he hit me up" (he texted).
# Anything else that may be a disclosure leans crisis: a false alarm costs one kind message.
CRISIS_SELF = _any(
    r"\b(?:want|wanting|ready|going|deserve|rather|i just want|wish i could) to (?:just )?(?:die|disappear)\b",
    r"\bkill(?:ing)? my ?self\b|\bkms\b|\bunalive|\bsuicid|\bself ?-?harm|\bcant go on\b|\b(?:im|i am) a burden\b",
    r"\b(?:think|thinking|thought|thoughts) (?:about|of) (?:dying|death|being dead|not being here|ending it)\b",
    r"\b(?:end|ending|take|taking) my (?:own )?life\b|\bend(?:ing)? (?:it all|everything)\b|\bsleep forever\b",
    r"\b(?:just|should|want to|going to|ready to) end things\b(?! with)|\bnot (?:going to )?be (?:around|here) (?:much|for)",
    r"\bgoodbye (?:note|letter|everyone|forever|world)|\b(?:im|i am) done\W+(?:goodbye|bye)\b|\bletters to everyone\b",
    (r"\b(?:want to|going to|ready to|time to|plan to|planning to|just|feel like|thinking about|about to|should|i)"
     r" (?:just )?(?:end|ending) it\b(?! ?(?:with|between|w\b))|\bbleeding\b"),
    r"\b(?:reason|point) (?:to|in|of) (?:live|living|life|going on|being alive|being here)\b",
    r"\bbetter (?:off )?(?:dead|without me)\b|\b(?:if|wish) i (?:was|were) (?:dead|gone|never born)\b",
    r"\b(?:want|need) (?:it all|everything|the pain) to (?:end|stop)\b|\bstop forever\b|\bend the pain\b",
    r"\b(?:dont|do not) want to (?:be here|live|exist|wake up|be alive)\b|\b(?:never|not|didnt|wouldnt) wake up\b",
    r"\b(?:cut|cutting|hurt|hurting|harm|harming|hang|hanging|burn|burning) my ?self\b",
    r"\bcutting\b(?! (?:back|down|off|out|ties|him|her|them|the|my hair|corners|contact|it))",
    r"\b(?:pills|rope|noose|razors?|razor ?blades?|slit my|my wrists?)\b|\boverdos\w*|\bod\b|\bstockpil",
    r"\b(?:hoard\w*|saving up|saved up|all (?:of )?my|bottle of|bunch of|handful of) (?:my )?(?:meds|medication|tablets)\b",
    r"\b(?:train tracks|railroad|rooftop)\b|\b(?:standing|sitting|im|i am) on (?:the|a) (?:edge|ledge|roof)\b(?! of)|\bcrash(?:ing)? (?:my|the) car\b|\bdrive (?:my car )?off (?:a|the)\b",
    r"\bjump\w* (?:off|in front)\b|\b(?:going to|want to|ill|about to|ready to) jump\b",
    r"\b(?:standing|stand|on|jump\w*) (?:on |off |from )?(?:the |a |this )?bridge\b",
    r"\bi (?:have|got|bought) a gun\b|\b988\b|\bcrisis line\b",
)
VIOLENT = r"(?:kill|hurt|harm|shoot|stab|beat|hit|choke|strangle)"
VICTIM = r"(?:me|us|the kids|my kids|the children|the baby|my (?:son|daughter))"
FEAR = r"(?:scared|afraid|terrified|frightened|fear)"
DANGER = (r"(?:hurt|kill|hit|harm|make me pay|come after|get me|find me|violent|rage|raging|yelling|screaming"
          r"|going crazy|losing it|out of control|for my (?:life|safety|kids|children)|for the kids)")
# Harm feared from someone else. Group "hit" needs a doer before it ("it hit me" does not count),
# "harm" a threatener ("hell kill me"; "this is going to kill me" does not); "other" needs neither.
CRISIS_OTHER = re.compile(
    r"(?P<hit>\bhit(?:s|ting)? me\b(?! up)|\b(?:punch|slap|chok|strangl|kick|beat|shov|push|attack|rape|assault"
    r"|stab|shot|shoot|grab|chas|smack|slam|drag|thr[eo]w|pinn)\w* me\b(?! (?:away|out|off|to it|an? (?:text|message|email|look))))"
    rf"|(?P<harm>\b{VIOLENT} {VICTIM}\b)|(?P<other>" + _alt((
        r"\bthreat(?:en|ened|ening|s)?\b|\bthr[eo]w\w* [^.!?]{0,20}at me\b|\bstalk\w* me\b|\bhiding (?:in|from)\b",
        r"\bfollow(?:ing|ed) me\b(?! (?:on|back))|\bput (?:his|her) hands on me\b|\b(?:run|ran) me (?:over|off)\b",
        r"\bbroke in(?:to)?\b|\bbreaking in\b|\bbanging on (?:my|the) (?:door|window)|\btried to (?:kill|hurt|choke)",
        r"\b(?:wont|will not|doesnt|didnt) let me (?:leave|go|out)\b|\blocked me in\b|\bsmash\w* my\b",
        r"\bbroke my (?:arm|nose|wrist|ribs?|jaw|hand|finger)\b|\bburn (?:the|my) house\b|\bset (?:me|it) on fire\b",
        r"\b(?:kill|hurt) (?:himself|herself|themselves)\b|\bby (?:my|the) hair\b|\bpulled my hair\b",
        (r"\b(?:hes|shes|he is|she is) (?:here|outside|at (?:the|my) door|coming|on (?:his|her) way)\b"
         r"(?=.*\b(?:scared|afraid|terrified|help|angry|drunk|violent|yelling|screaming)\b)"),
        rf"\b{FEAR} of (?:him|her|them|my {SPOUSE})\b|\b{FEAR}\b[^.!?]{{0,60}}\b{DANGER}\b",
        rf"\b{DANGER}\b[^.!?]{{0,60}}\b{FEAR}\b|\b(?:dont|do not) feel safe\b",
        r"\b(?:gun|guns|knife|knives|weapon|rifle|pistol)\b|\bunsafe\b|\bcalled (?:the )?(?:police|cops|911)\b",
        (r"\b(?:outside|at) (?:my|the) (?:door|house|window|apartment|place|home)\b"
         r"(?=.*\b(?:scared|afraid|terrified|frightened|help)\b)"))) + ")")
THREATENER = re.compile(rf"\b(?:hell|shell|theyll|hed|shed|theyd)\b|\b(?:he|she|they|hes|shes|{SPOUSE})\b.*\b"
                        r"(?:will|would|might|could|going to|wants to|tried to|try to|said|says)\b(?: \w+)?$")

STOP_WORDS = _alt(("stop", "stopall", "stop all", "unsubscribe", "cancel", "end", "quit", "revoke", "optout",
                   "opt out", "opt-out"))
# Anchored at the start: "he said dont text me anymore" is a report, not an opt-out.
OPT_OUT = re.compile(r"^(?:please |ok |just |can you |could you )*" + _alt((
    rf"{STOP_WORDS}(?:\W+{STOP_WORDS})*",
    (r"(?:stop|quit|cease) (?:texting|messaging|sending|contacting|bothering)(?: me)?(?: (?:these|this|the|your|any"
     r"|all|texts|messages|stuff|things|reminders))*(?<!texting)(?<!messaging)(?<!sending)(?<!contacting)"),
    r"stop (?:all )?(?:these |the |your )?(?:texts|messages)",
    r"(?:i want to )?(?:unsubscribe|opt out)(?: me)?\b.*|remove me\b.*|take me off\b.*",
    r"(?:dont|do not|never) (?:text|message|contact) me(?: again| ever)?")) + r"(?: please| thanks| thank you| now| anymore)*$")
LEADING_STOP = re.compile(r"^(?:stop|stopall|unsubscribe|optout)\b(?! (?:me|myself|wanting|thinking"
                          r"|feeling|calling|texting|messaging|it|him|her|them|from|being)\b)")
REPORTED = re.compile(r"\b(?:said|says|told|tells|asked|wrote|saying)\W*$")


def _trim(text: str) -> str:
    """`text` without leading or trailing punctuation, symbols or emoji (linear, unlike a regex)."""
    start = next((i for i, c in enumerate(text) if c.isalnum()), len(text))
    end = next((i for i in range(len(text) - 1, start - 1, -1) if text[i].isalnum()), start - 1)
    return text[start:end + 1]


def _before(norm: str, start: int, stops: str = ".!?", width: int = 40) -> str:
    """The part of the sentence (ended by one of `stops`) that comes before `start`."""
    return re.split(f"[{stops}]", norm[max(0, start - width):start])[-1].rstrip()


def _doer(norm: str, start: int, stops: str = ".!?") -> list[str]:
    """The words before `start` in its sentence, minus trailing adverbs ("he just called")."""
    words = re.findall(NAME, _before(norm, start, stops))
    while words and words[-1] in ADVERBS:
        words.pop()
    return words


def _by_someone(norm: str, start: int, alone: bool = True) -> bool:
    """True when the words before `start` name someone other than the member (a pronoun,
    "my husband", a first name); `alone` says whether a sentence with no doer counts."""
    words = _doer(norm, start)
    return alone if not words else words[-1] not in NOT_ACTOR or not ACTORS.isdisjoint(words)


def _crisis(m: Message) -> Intent | None:
    other = any(f["other"] or (f["hit"] and _by_someone(m.norm, f.start()))
                or (f["harm"] and THREATENER.search(_before(m.norm, f.start(), width=60)))
                for f in CRISIS_OTHER.finditer(m.norm))
    # Both at once ("he hit me and i want to die") is "other": its reply carries every hotline.
    danger = "other" if other else "self" if CRISIS_SELF.search(m.norm) else None
    if danger is None:
        return None
    clauses = re.split(r"[.,;!?:]+|\band\b", m.norm)
    also_stop = bool(LEADING_STOP.search(m.norm)) or any(
        OPT_OUT.match(_trim(c)) and not (i and REPORTED.search(clauses[i - 1])) for i, c in enumerate(clauses))
    return Intent("crisis", danger=danger, also_stop=also_stop)


def _duration(n: str | None, unit: str | None) -> timedelta | None:
    return timedelta(seconds=int(n if n.isdigit() else COUNTS[n]) * UNITS[unit.casefold()]) if n and unit else None


# "hold on" and "hold up" are interjections, not the HOLD command.
HOLD = re.compile(rf"^\W*hold\b(?! (?:on|up)\b)[\s:\-\u2013\u2014,.]*(?:{DURATION}[\s:\-,.]*)?"
                  r"(?P<text>.*)$", re.IGNORECASE | re.DOTALL)
PAUSE = _any(rf"^(?:can you |could you |can we |could we |please )*(?:pause|snooze)(?: for| me for)?(?: {DURATION})?"
             r"(?: please| thanks| texts| messages)?$",
             r"^(?:i need to |i want to |can i |let me |lets )?take a break(?: from (?:this|these|you"
             r"|the texts|texts|messages|the messages))?(?: please| thanks)?$|\bbreak from (?:these|the|your) (?:texts|messages)")
COMMANDS = {
    "start": _any(r"^(?:please )?(?:start|unstop|resubscribe|subscribe)(?: again| please| me)?$",
                  r"^(?:please )?start (?:texting|messaging) me(?: again)?$|^sign me (?:back )?up\b",
                  r"^(?:i want to |id like to |can i |lets )(?:start|restart|resubscribe)(?: again)?(?: please)?$"),
    "help": _any(r"^(?:help|info|commands|menu)(?: please| me)?$|^how does this (?:thing )?work\b",
                 r"^how (?:do i|to) use (?:this|it)\b|^what (?:can|do) i (?:text|say|send)\b|^what (?:are|r) (?:the|your|my) (?:commands|options)"),
    "resume": _any(r"^(?:ok |okay )?(?:resume|unpause|unsnooze|restart)(?: texts| messages| please| now)?$",
                   r"^(?:ok |okay )?(?:im|i am) back(?: now| again)?$|^turn (?:it|them|texts) back on\b"),
    "delete": _any(r"^(?:please )?(?:delete|erase|wipe|remove|forget)\b[^.!?]{0,30}\b(?:my data|my account"
                   r"|my info\w*|my history|my number|everything|all my|on me|about me)\b|^delete$"),
    "stats": _any(r"^(?:my |show (?:me )?(?:my )?|what are my |see my )?(?:stats?|numbers|progress)(?: please)?$",
                  r"^how am i doing\b"),
}


def _hold(m: Message) -> Intent | None:
    found = HOLD.match(m.raw.strip())
    return Intent("hold", text=found["text"].strip() or None, duration=_duration(found["n"], found["u"])) if found else None


def _pause(m: Message) -> Intent | None:
    found = len(m.core) < 100 and PAUSE.search(m.core)
    return Intent("pause", duration=_duration(found["n"], found["u"])) if found else None


# Groups say who must come before the match: "me" someone, named or implied ("called me again");
# "did" someone named ("he called"; a bare "called" is the member's own log); "from" anybody.
SPOUSE_CONTACTED = re.compile(
    r"(?P<me>\b(?:called|texted|messaged|emailed|facetimed|dmd|rang|phoned|wrote|snapped|whatsapped"
    r"|contacted|voicemailed|reached out to|sent) me\b|\bhit me up\b"
    r"|\bleft me (?:a|an) (?:voicemail|message|vm|note|text)\b)"
    r"|(?P<did>\b(?:reached out|came by|came over|showed up|stopped by|dropped by|replied|responded"
    r"|wrote back|texted back|called back|answered (?:my|me)|(?:called|texted|messaged|emailed|facetimed|rang|phoned)"
    r"(?=$|[.,!?]| (?:today|tonight|again|first|earlier|just now|last night|this morning|yesterday"
    r"|out of nowhere|finally|omg|lol)))\b)"
    r"|(?P<from>\b(?:got|get|getting|received|had) (?:a |an |another |his |her |this |the )?(?:text"
    r"|call|message|email|voicemail|vm|dm|facetime|snap|letter|card|reply|response)s? (?:back )?from\b)")
CONTACTED = re.compile(
    rf"\b(?:called(?! (?:in|it)\b)|texted|messaged|emailed|facetimed|dmd|rang|phoned|contacted){NOT_OTHERS}|\b(?:reached out|caved"
    rf"|gave in|slipped(?! on)|(?:snapped|whatsapped|visited) (?:him|her|them|my {SPOUSE})"
    rf"|sent (?:him|her|them|my {SPOUSE}|it|that)\b|sent (?:{NAME} )?(?:a|an|another|the) (?:long )?"
    r"(?:text|message|email|letter|dm|voice)|left (?:him|her|them) |wrote (?:him|her|them)"
    r"|went (?:over|to see|to his|to her|to their|by)|drove (?:over|to|by|past)|showed up|stopped by"
    rf"|had to (?:call|text|email|message|see|facetime|contact|talk to|dm)\b{NOT_OTHERS})\b")
CHANNEL = re.compile(r"\b(?:(?P<call>call|rang|phon|voicemail|facetim|dial)"
                     r"|(?P<text>text|messag|dm|email|wrote|writ|sent|snap|whatsapp)"
                     r"|(?P<visit>went|drove|came|come|showed up|stopped by|dropped by|visit|see))")
# Contact about children, money, housing or the divorce is never a slip (ADVICE.md, "Our stance").
NEEDED = re.compile(r"^(?:needed|necessary|it was needed)\b|\b" + _alt((
    "kids?", "kiddos?", "children", "child", "son", "daughter", "custody", "school", "pick ?-?ups?",
    "drop ?-?offs?", "daycare", "doctors?", "dentist", "appointments?", "mortgage", "rent", "bills?",
    "money", "payments?", "child support", "alimony", "insurance", "lawyers?", "attorney", "court",
    "mediat\\w+", "papers", "divorce", "tax(?:es)?", "bank", "soccer", "practice", "visitation",
    "schedule", "medical", "hospital", "emergency", "homework", "teacher", "utilities", "lease",
    "the house", "the car", "vet")) + r"\b")


def _asserted(norm: str, start: int) -> bool:
    """False when one of the three words before `start` negates or hypothesises the report."""
    return not NEGATORS.intersection(norm[max(0, start - 30):start].split()[-3:])


def _channel(m: Message) -> str | None:
    found = CHANNEL.search(m.norm)
    return found.lastgroup if found else None


def _spouse_contacted(m: Message) -> Intent | None:
    found = any(_asserted(m.norm, f.start()) and (f["from"] or _by_someone(m.norm, f.start(), bool(f["me"])))
                for f in SPOUSE_CONTACTED.finditer(m.norm))
    return Intent("spouse_contacted", channel=_channel(m)) if found else None


def _contacted(m: Message) -> Intent | None:
    def by_member(start: int) -> bool:  # "i called", "caved and called", or a clause that starts with it
        words = _doer(m.norm, start, ".!?,;")
        return not words or words[-1] in MEMBER_LEADS

    if not (re.match(r"(?:needed|necessary)\b", m.core)
            or any(_asserted(m.norm, f.start()) and by_member(f.start()) for f in CONTACTED.finditer(m.norm))):
        return None
    return Intent("contacted", channel=_channel(m), needed=bool(NEEDED.search(m.core)))


DESIRE = _alt(("want", "wants", "wanting", "need", "needs", "going to", "about to", "tempted", "dying to",
               "close to", "thinking about", "thinking of", "feel like", "feeling like", "should i", "can i",
               "could i", "help me not", "stop me from", "myself from", "trying not to", "try not to",
               "hard not to", "itching to", "ill", "planning to", "ready to", "everything in me", "i might"))
CONTACT = _alt(("call", "calling", "text", "texting", "message", "messaging", "email", "emailing", "facetime",
                "facetiming", "dm", "snap", "whatsapp", "ring", "phone", "reach out", "reaching out", "cave", "contact",
                "contacting", "cave and", "break and", "send", "sending", "write", "writing", "drive", "driving",
                "show up", "showing up", "go (?:see|over|in|inside)", "knock", "hear from (?:him|her|them)", "going over", "beg", "hear (?:his|her|their) voice",
                rf"(?:see|seeing|visit|visiting|talk to|talking to|tell) (?:him|her|them|my {SPOUSE})"))
URGE = _any(
    r"\burges?\b|\bcrav\w*",
    rf"\b(?<!not )(?<!dont )(?<!do not )(?<!never ){DESIRE}\b(?: \S+){{0,6}}? {CONTACT}\b{NOT_OTHERS}",
    r"\btempt\w*|\b(?:outside|parked (?:outside|near|by)|in front of) (?:his|her|their) (?:house|place|work|apartment"
    r"|office|door|building)\b|\b(?:his|her|their) (?:number|contact|chat|thread|convo) (?:is )?(?:pulled up|open)\b",
    r"\bstaring at (?:his|her|their) (?:name|number|picture|photo|pic|profile|contact|messages|texts|chat)\b",
    (r"\b(?:typing|writing|drafting|composing) (?:out )?(?:(?:a|an|the|this|him|her) )+(?:text|message"
     r"|email|letter|dm)\b|\b(?:finger|thumb)s?\b[^.!?]{0,30}\b(?:button|send|dial|hovering)\b"),
    r"\bhovering over\b|\b(?:picking up|pick up|grabbing|staring at) (?:my|the) phone\b",
    r"\b(?:text|message|email|letter) (?:to (?:him|her|them) )?(?:is )?(?:all )?(?:written|typed|drafted)",
)

RATING = re.compile(r"(?P<pre>(?:[a-z]+ ){0,4})(?P<n>\d{1,3})(?: ?(?:/|out of) ?\d{1,3}|x\b)?(?P<post>(?: [a-z]+){0,3})")
RATING_FILLER = frozenset(("a", "an", "like", "about", "around", "maybe", "prob", "probably", "its", "it", "is",
                           "id", "say", "would", "honestly", "tbh", "still", "now", "rn", "right", "solid", "at",
                           "least", "um", "umm", "uh", "hmm", "ish", "lol", "ugh", "only", "just", "times", "x", "i", "guess", "think",
                           "per", "week", "day", "daily", "weekly"))
UNSURE = _any(r"^(?:im |i am |honestly |um |hmm )?(?:not (?:really )?sure|unsure|idk|i dont know|dont know"
              r"|dunno|maybe|hard to say|no idea|eh|meh|possibly|perhaps|kinda|sort of|who knows|cant tell)"
              r"(?: \S+){0,3}$")
YES = _any(r"^(?:y|ye+s+|yeah+|yea+|yep+|yup+|ya+|yah|sure|ok+|okay|kk?|alright|absolutely|definitely"
           r"|of course|totally|mhm|uh huh)\b\S*(?:\s+\S+){0,8}$", "^[\U0001F44D\U0001F44C\u2705\u2714]+$")
NO = _any(r"^(?:n|no+|nope|nah+|naw|not really|not at all|no way|negative)\b\S*(?:\s+\S+){0,8}$",
          "^[\U0001F44E\u274C\U0001F6AB]+$")


def _rating(m: Message) -> Intent | None:
    found = len(m.core) < 40 and RATING.fullmatch(" ".join(re.sub(r"[^\w/ ]+", " ", m.core).split()))
    if not found or not RATING_FILLER.issuperset((found["pre"] + found["post"]).split()):
        return None
    return Intent("rating", value=int(found["n"]))


def _matching(name: str, pattern: re.Pattern[str], field: str = "core", **fields) -> Rule:
    """A rule that returns Intent(name, **fields) when `pattern` is found in the message's `field`."""
    def rule(m: Message) -> Intent | None:
        text = getattr(m, field) or EMOJI_NOISE.sub("", m.norm)  # emoji-only answers have no core
        return Intent(name, **fields) if pattern.search(text) else None
    return rule


RULES: tuple[tuple[str, Rule], ...] = (
    ("crisis", _crisis),
    ("stop", _matching("stop", OPT_OUT)),
    ("start", _matching("start", COMMANDS["start"])),
    ("help", _matching("help", COMMANDS["help"])),
    ("hold", _hold),
    ("pause", _pause),
    ("resume", _matching("resume", COMMANDS["resume"])),
    ("delete", _matching("delete", COMMANDS["delete"])),
    ("stats", _matching("stats", COMMANDS["stats"])),
    ("spouse_contacted", _spouse_contacted),
    ("contacted", _contacted),
    ("urge", _matching("urge", URGE, field="norm")),
    ("rating", _rating),
    ("unsure", _matching("other", UNSURE, unsure=True)),
    ("yes", _matching("yes", YES)),
    ("no", _matching("no", NO)),
)


def message(text: str) -> Message:
    """Normalise `text`: casefold, straighten quotes, fix common typos, collapse whitespace."""
    norm = " ".join(text.translate(QUOTES).casefold().split())
    norm = TYPO.sub(lambda t: TYPOS[t.group(0)], norm).replace("'", "")
    return Message(raw=text, norm=norm, core=_trim(norm))


def classify(text: str) -> Intent:
    """Return the Intent of the first rule in RULES that matches `text`, else Intent("other")."""
    if not isinstance(text, str):
        return Intent("other")
    msg = message(text)
    return next((intent for _, rule in RULES if (intent := rule(msg)) is not None), Intent("other"))
