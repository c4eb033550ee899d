"""Requests about the service itself, in keywords or plain words, English or Spanish: HOLD a draft,
PAUSE, RESUME, START again, HELP, STATS, DELETE.

A command is read from what the text asks for, not only its first word: "can u pause til after
the holidays", "turn the check ins back on pls", "save this for later: i still love you",
"¿cómo voy esta semana?". A pause is temporary ("for a week", "for now", "not stopping, just a
break"); a request to stop for good is an opt-out (bot.understanding.optout), read before these.
"""

from __future__ import annotations

import re
from datetime import timedelta

from bot.understanding.intent import Intent
from bot.understanding.message import Message
from bot.understanding.optout import plain

UNITS = {"m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60, "h": 3600, "hr": 3600, "hrs": 3600,
         "hour": 3600, "hours": 3600, "d": 86400, "day": 86400, "days": 86400, "w": 604800, "wk": 604800,
         "wks": 604800, "week": 604800, "weeks": 604800, "hora": 3600, "horas": 3600, "dia": 86400, "dias": 86400,
         "día": 86400, "días": 86400, "semana": 604800, "semanas": 604800}
COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "couple": 2, "couple of": 2,
          "few": 3, "a few": 3, "una": 1, "un": 1, "dos": 2, "tres": 3, "unos": 3, "unas": 3, "un par de": 2}
DURATION = (rf"\b(?P<n>\d{{1,4}}|{'|'.join(sorted(COUNTS, key=len, reverse=True))}) ?"
            rf"(?P<u>{'|'.join(sorted(UNITS, key=len, reverse=True))})\b")
ASK = r"(?:can you |could you |can u |could u |would you |will you |can we |could we |please |pls |plz |ok |okay |so |hey )*"
TEXTS = (r"(?:texts?|messages?|msgs?|check ?-?ins?|checkins?|reminders?|notifications?|daily (?:texts|messages|msgs)"
         r"|the bot|this|you|it|mensajes|textos|recordatorios|los check ins)")

# "hold on" and "hold up" are interjections; "hold off on the texts" is a pause.
HOLD = re.compile(rf"^\W*(?:hold|hld)\b(?! (?:on|up|off|me|him|her|back)\b)[\s:\-\u2013\u2014,.]*(?:{DURATION}[\s:\-,.]*)?(?P<text>.*)$",
                  re.IGNORECASE | re.DOTALL)
KEEP = re.compile(r"^\W*(?:(?:can|could|would|will) (?:you|u) |pls |please |plz |me )*(?:hold|save|keep|store|hang on to"
                  r"|park|stash|guard\w*|guárd\w*|guardas)\b(?P<rest>.*)$", re.IGNORECASE | re.DOTALL)
KEEP_OBJECT = re.compile(r"^(?P<lead>[^:\"\u201c\u201d]{0,60}?\b(?:this|it|esto|este|lo|draft|message|msg|note|text)\b"
                         r"[^:\"\u201c\u201d]{0,40}?)(?:[:\-\u2013\u2014.]\s*|\s*(?=[\"\u201c]))(?P<text>\S.*)$", re.DOTALL)
RAW_SENTENCE = re.compile(r"[.!?]\s+")
DRAFT_QUOTES = "\"'\u201c\u201d\u2018\u2019"
PAUSE = re.compile(
    rf"^{ASK}(?:i need |i want |i need to |i want to |lets |let me |we can |need )?(?:pause|paus|snooze|mute|pausa"
    rf"|pon(?:er)? en pausa|take a break|a break|quiet|go quiet|chill|silence|hold off)\b"
    rf"|\b(?:pause|snooze|mute|pausa|pausar)\b"
    rf"|\b(?:break|descanso|pausa) (?:from|de|con) (?:the |these |your |los |tus )?{TEXTS}"
    rf"|\b(?:dont|do not|no need to) (?:text|message|msg) me (?:until|till|til|for (?:a|the|\d|one|two|three|four|five"
    rf"|six|seven|a few|a couple)|this week|today|tonight)"
    rf"|\b(?:no|stop|hold off on|pause) (?:more )?(?:the |your |any |these )?{TEXTS} (?:for|this|until|till|til|today"
    rf"|tonight|for now|while|until after)\b"
    r"|\bnot stopping\b|\bjust a break\b|\bdejemos los mensajes\b|\btomense un break\b"
    r"|\b(?:suspend|hold|freeze) (?:the |my |all )?(?:messages|texts|check ?ins|reminders)\b|\bdont unsubscribe me\b"
    rf"|\b(?:chill|lay off|ease up|back off|hold off|slow down|go easy)\b[^.?!]{{0,6}}\b(?:w|with|on) (?:the |your )?{TEXTS}"
    rf"|\b{TEXTS} (?:for|til|till|until|over) (?:a|the|this|next) (?:week|weekend|few days|bit|couple (?:of )?days)\b"
    r"|\b(?:parar|pausar|detener) los (?:check ?-?ins|mensajes|textos|recordatorios) (?:unos|por|hasta|un)\b"
    r"|\bno me manden (?:nada|mensajes|recordatorios) (?:este|esta|por|hasta)\b")
PAUSE_LIMIT = 140  # longer texts that mention a pause are about something else
RESUME = re.compile(
    rf"^{ASK}(?:resume|unpause|unmute|unsnooze|reanudar|reanuden)\b"
    rf"|\b(?:turn|switch|put|flip) (?:the |my )?(?:{TEXTS} )?(?:back on|on again)|\b{TEXTS} (?:back on|on again)\b"
    rf"|\b(?:back on|unpause|unmute|resume)\b(?: pls| please| now)?$"
    rf"|\b(?:start|send|restart|turn on) (?:me )?(?:the |my )?{TEXTS} (?:again|back)\b"
    rf"|\b(?:ready for|i need) (?:the |my )?(?:daily )?{TEXTS} again\b|\bpick (?:it|this) back up\b"
    r"|^(?:ok |okay |hey |so )?(?:im|i am) back\b(?! (?:with|together|to|at|in|on|from (?!(?:my |the )?(?:trip|vacation"
    r"|holiday|holidays|work trip|travels?)))\b)|\bback from (?:my |the )?(?:trip|vacation|holiday|holidays)\b"
    r"|\bya (?:regrese|volvi|estoy de vuelta)\b|\bvuelvan a (?:mandarme|escribirme|enviarme)\b|\bpueden seguir\b"
    r"|\bprendan (?:otra vez|de nuevo)\b|\bquiero q(?:ue)? me vuelvan a escribir\b|\bse acabo mi pausa\b"
    r"|\bturn me back on\b|\bpick up where we left off\b|^resum$|\bafter my break\b|\bbreak is over\b"
    r"|\b(?:you (?:may|can|could) )resume\b|^(?:i am|im) home again\b")
START = re.compile(
    rf"^{ASK}(?:start|strat|unstop|resubscribe|subscribe|rejoin|re join|re-join|restart)"
    r"(?: again| please| pls| me| up again| me up again| de nuevo)*$"
    r"|\b(?:sign|put) me (?:back )?(?:up|on)\b|\bsign up again\b|\b(?:can i|i want to|id like to|want to|i wanna)"
    r" (?:rejoin|re join|resubscribe|subscribe again|sign up again|come back|start again|start over|restart)\b"
    r"|\bi want back in\b|\bstart (?:texting|messaging|sending) me(?: again| messages again)?\b"
    r"|\bstart (?:getting|receiving) (?:the |your )?(?:texts|messages|check ?ins)(?: again)?\b|\bcan i come back\b"
    r"|\bstart receiving (?:messages|texts)\b|\b(?:unsubscribed|stopped (?:the texts|u|you|this)) by (?:mistake"
    r"|accident)\b|\bvolver a (?:inscribirme|apuntarme|empezar)\b|\bme vuelvo a apuntar\b|\bstart de nuevo\b"
    r"|\bempezar (?:de nuevo|again)\b|^empezar$|\b(?:is it possible to|can i|could i|how do i) (?:sign (?:back )?up|rejoin"
    r"|resubscribe|start again)\b|\b(?:would like|want|wanna|id like) to rejoin\b|\bresubscribe me\b"
    r"|\bme quiero (?:unir|inscribir|apuntar) (?:otra vez|de nuevo)\b|\bsign up otra vez\b|\bme sali sin querer\b")
HELP = re.compile(
    rf"^{ASK}(?:help|info|commands|menu|options|ayuda con (?:esto|los comandos))(?: me| please| pls| menu)?$"
    r"|\bhow (?:does|do) (?:this|it|u|you|the bot|this bot|this thing|this service) work\b"
    r"|\bhow (?:do i|to|can i) use (?:this|it|u|you|the bot)\b|\b(?:idk|dont know|not sure) how (?:to use|this works)\b"
    r"|\bwhat (?:can i|do i|should i|am i supposed to|am i meant to|do you want me to) (?:text|say|send|write|type)\b"
    r"|\bdo i just (?:text|message|write) (?:you|u)\b|\bwhat do i (?:do|text|send) (?:here|now|with this)\b"
    r"|\bwhat (?:are|r) (?:the|your|my) (?:commands|options|words)\b|\bwhat (?:commands|words|options) (?:can|do|work"
    r"|are there)\b|\bwhat words work\b|\bremind me (?:of )?(?:the|what) (?:options|commands|words)\b"
    r"|\b(?:what is|whats|wait what is|what even is) this(?: bot| thing| number| service| app)?\W*$"
    r"|\bwhat (?:does|do) (?:this|you|u|the bot|this service|this bot) (?:actually )?do\b"
    r"|\bwhat can (?:you|u|this|the bot) (?:actually )?do\b|\bexplain how this works\b|\bwhats the (?:word|command)"
    r" (?:to|for)\b|\bis there a list of\b|\bwhat do i (?:text|send) (?:u|you) for\b"
    r"|\bcomo funciona\b|\bq(?:ue)? (?:le )?puedo (?:escribir|mandar)\b|\bq(?:ue)? comandos\b|\bcomo se usa\b"
    r"|\bno entiendo como (?:usar|funciona)\b|\bexplain what i can do\b|\bwhat i can do with (?:it|this|you)\b"
    r"|\bcuales son las opciones\b|\bpa(?:ra)? q(?:ue)? sirve\b|\by esto q(?:ue)? es\b")
STATS = re.compile(
    rf"^{ASK}(?:show (?:me )?|send (?:me )?|see |what are |whats |get )?(?:my |mis )?(?:stats?|sats|statistics"
    r"|numbers|progress|score|streak|summary|estadisticas|numeros|progreso)\b(?: please| pls| porfa| this (?:wk|week))?"
    r"(?:\W+\w+)?$"
    r"|\b(?:can i see|show me|send me|what are|how are|see|whats) (?:my |mis )?(?:stats|numbers|progress|score"
    r"|streak|summary)\b|\bhow (?:am i|im|am i really) (?:doing|doin)\b|\bam i (?:doing|getting) (?:better|worse)\b"
    r"|\bhow many (?:times|days|texts|calls) (?:have i|did i|since|this (?:week|month)|so far)\b"
    r"|\bhow many days (?:since|has it been)\b|\bhow many this week\b|\bsummary of my week\b|\bmy score\b"
    r"|\bcomo voy\b|\bmis (?:numeros|stats|estadisticas)\b|\b(?:ensename|muestrame) mi progreso\b"
    r"|\bcuantos dias llevo\b|\bsee my statistics\b|\bcuantas veces (?:le )?he\b|\bhe mejorado\b|\bver los numeros\b")
DELETE = re.compile(
    r"^(?:please |pls |can you |could you |can u |i want to |i would like to |id like to |i want )?(?:delete|delet|erase"
    r"|wipe|remove|forget|purge|borra|borrar|borren|elimina|eliminar|eliminen)\b[^.!?]{0,40}\b(?:my data|my account"
    r"|my acct|acct|account|my info\w*|info|my history|history|my records|records|my number|everything|all my|on me"
    r"|about me|all of (?:my|it)|it all|my messages|my texts|every text|all|mis datos|mi info|mi cuenta|todo|toda)\b"
    r"|^(?:delete|delet|erase|borrar)(?: pls| please| porfa| all| everything)?$"
    r"|\b(?:i want|i would like|id like) (?:all )?my (?:info|data|account|history|records)\w* (?:wiped|deleted|erased"
    r"|removed|gone)\b|\b(?:eliminen|borren|borra|elimina) (?:mis datos|mi info|todo|mi cuenta)\b"
    r"|^(?:erase|delete|forget) me\b|\bmy (?:account|history|data)\b[^.!?]{0,30}\b(?:permanently )?(?:deleted|erased|removed)\b")


TEMPORARY = re.compile(rf"\b(?:for (?:a few|a couple of|\d+|a|one|two|three) (?:days|day|weeks|week|hours)|for now|for a (?:bit"
                       rf"|while|little)|until|till|til|this (?:week|weekend)|tonight|dont unsubscribe|not stopping|just a"
                       rf" break|unos dias|por unos dias|{DURATION})\b")


def duration(n: str | None, unit: str | None) -> timedelta | None:
    """`n` units as a timedelta ("2h", "a week", "dos semanas"); None when either is missing."""
    if not (n and unit):
        return None
    return timedelta(seconds=int(n if n.isdigit() else COUNTS[n]) * UNITS[plain(unit.casefold())])


def _draft(text: str) -> str | None:
    text = text.strip()
    if len(text) > 1 and text[0] in DRAFT_QUOTES and text[-1] in DRAFT_QUOTES:
        text = text[1:-1].strip()
    return text or None


def hold(m: Message) -> Intent | None:
    """HOLD <draft>, HOLD 2h <draft>, or a plain "save this for me: <draft>"."""
    if found := HOLD.match(m.raw.strip()):
        return Intent("hold", text=_draft(found["text"]), duration=duration(found["n"], found["u"]))
    for start in (0, *(cut.end() for cut in RAW_SENTENCE.finditer(m.raw))):  # "I wrote him something. Can you keep it: ..."
        keep = KEEP.match(m.raw[start:].strip())
        if keep and (found := KEEP_OBJECT.match(keep["rest"].strip())):
            when = re.search(DURATION, found["lead"].casefold())
            return Intent("hold", text=_draft(found["text"]), duration=when and duration(when["n"], when["u"]))
    return None


def pause(m: Message, *, stopping: bool = False) -> Intent | None:
    """PAUSE, PAUSE 3d, "can we take a break from the check ins"; with `stopping` (the text also reads
    as an opt-out) only when it says the break is temporary ("stop the check ins for a few days")."""
    text = plain(m.core)
    if len(text) > PAUSE_LIMIT or not PAUSE.search(text) or stopping and not TEMPORARY.search(text):
        return None
    if day := UNTIL_DAY.search(text):  # "pause until monday": a day, in their zone; "through monday": the day after
        weekday = (WEEKDAYS[day["d"]] + (1 if day["p"] in INCLUSIVE else 0)) % 7
        return Intent("pause", topic=f"until:{weekday}")
    when = re.search(DURATION, text)
    return Intent("pause", duration=when and duration(when["n"], when["u"]))


WEEKDAYS = {name: n for n, names in enumerate((
    ("monday", "mon", "lunes"), ("tuesday", "tues", "tue", "martes"), ("wednesday", "wed", "miercoles"),
    ("thursday", "thurs", "thu", "jueves"), ("friday", "fri", "viernes"), ("saturday", "sat", "sabado"),
    ("sunday", "sun", "domingo"))) for name in names}
INCLUSIVE = ("through", "thru", "till after", "til after", "until after")
UNTIL_DAY = re.compile(r"\b(?P<p>until after|till after|til after|until|till|til|through|thru|hasta(?: el)?)(?: next| this)? (?P<d>"
                       + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\b")


SENTENCES = re.compile(r"[.!?;]+\s*")


def _matching(name: str, pattern: re.Pattern[str], limit: int = 160):
    """A reader for `name` when `pattern` is found in the text or in one of its sentences."""
    def reader(m: Message) -> Intent | None:
        text = plain(m.core)
        if len(text) > limit:
            return None
        return Intent(name) if any(pattern.search(part) for part in (text, *SENTENCES.split(text)) if part) else None
    return reader


READERS = (
    ("start", _matching("start", START)),
    ("help", _matching("help", HELP)),
    ("hold", hold),
    ("resume", _matching("resume", RESUME)),
    ("pause", pause),
    ("delete", _matching("delete", DELETE)),
    ("stats", _matching("stats", STATS)),
)
NAMES = frozenset(name for name, _ in READERS)
