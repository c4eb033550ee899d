"""Opt-out in any words, in English or Spanish: "STOP", "leave me alone bot", "no más".

The FCC's consent-revocation rule (47 CFR 64.1200(a)(10)) treats the keywords as revocation per se
and any wording a reasonable person would read as "stop texting me" as well. An opt-out is read at
the start of the text or of one of its clauses, never inside a report of what someone else said
("he told me to leave him alone", "she said dont text me anymore"). "I need to stop myself from
calling him" is an urge, not an opt-out: "stop" must be aimed at the bot's texts.
"""

from __future__ import annotations

import re
import unicodedata

from bot.understanding.message import Message, trim
from bot.understanding.patterns import alt
from bot.understanding.spelling import DOUBLED

KEYWORDS = ("stop", "stopall", "stop all", "unsubscribe", "unsub", "cancel", "end", "quit", "revoke", "optout",
            "opt out", "opt-out", "stahp", "sotp", "stpo", "cancelar", "alto", "parar", "baja", "basta", "🛑")
TEXTS = (r"(?:texts?|messages?|msgs?|msjs?|reminders?|check ?ins?|notifications?|sms|these|this|it all|stuff|things"
         r"|mensajes|textos|this number|them|those)")
LEAD = (r"(?:please |pls |plz |just |ok |okay |can you |could you |would you |omg |ugh |god |seriously |now |so |bot |hey "
        r"|no |you can |u can |you should |i said |i already said |i told you |like i said )*")
# Each is matched at the start of the text or of a clause, after LEAD.
PHRASES = (
    (r"(?:stop|quit|cease|no more|enough) (?:texting|messaging|sending|contacting|bothering|spamming|pinging|writing"
    r"|emailing|harassing|testing) me\b"),
    (rf"(?:stop|quit|cease) (?:texting|messaging|sending|contacting|receiving)(?: (?:me|this number|(?:any |these |the "
    rf"|your |those )?{TEXTS}))?(?: \w+){{0,3}}$"),
    rf"(?:how do i |how can i |can you |please )?(?:make|get) (?:these|the|your|this bots|all the) {TEXTS} (?:to )?stop\b",
    rf"(?:stop|quit) (?:w|with) (?:the |these |your )?{TEXTS}",
    r"(?:discontinue|cancel|end) (?:these|the|your|this|my|all) (?:texts?|messages?|service|program|subscription)\b",
    (r"(?:i want|i wanna|i would like|id like) (?:to )?(?:leave|quit|exit) (?:the|this) (?:program|service|bot|list)\b"
    r"|i want off (?:this|the) (?:list|thing|program|service)\b|(?:im|i am) out\W*$"),
    r"(?:do not|dont|please dont|never) (?:text|message|contact) this number\b",
    (rf"(?:stop|quit|cease|enough|no more|end) (?:with )?(?:all )?(?:of )?(?:the |these |your |those |this |all )?"
    rf"{TEXTS}(?! (?:to|from|him|her|them|about|with) )"),
    r"(?:i want to |i wanna |i need to |id like to |i would like to |let me )?(?:unsubscribe|opt out|opt me out|optout)\b",
    r"(?:remove|delete|take|drop|unsubscribe) (?:me|my number)\b(?! from (?:his|her|their))",
    r"leave me (?:alone|be)\b",
    r"(?:go away|fuck off|piss off|get lost|get off my phone|lose my number)\b",
    (rf"(?:i |i really )?(?:dont|do not|no longer|never|dont ever) (?:want|need|wish|like) (?:to (?:get|receive|see) )?"
    rf"(?:any ?more |any |more |all )?(?:of )?(?:these |your |the |those |this |this bots |any )?{TEXTS}"),
    r"(?:dont|do not|never|please dont) (?:text|message|contact|write|msg) me\b",
    (r"(?:im|i am|were) (?:done|finished|through) (?:with|w) (?:this|these|you|the|your) ?(?:bot|texts?|messages|program"
    r"|service|app|thing|number)?\b(?! (?:marriage|relationship|him|her))"),
    r"(?:cancel|end|stop|close|terminate) (?:my |this |the )?(?:subscription|membership|service|account|enrollment)\b",
    r"(?:take|get) me off\b|(?:sign|count) me out\b|no more(?: texts| messages)?$",
    r"(?:kindly |please )?(?:take|remove) me (?:off|from) (?:this|the|your) (?:service|list|program|thing)\b",
    (r"(?:i would appreciate it|id appreciate it|i would prefer|id prefer) if (?:you|u) (?:stopped|stop|would stop)"
    r" (?:contacting|texting|messaging) me\b"),
    # Spanish, with the accents dropped
    r"no mas(?: (?:mensajes|msjs|textos|por favor|porfa|gracias|please|de esto))*$|ya no mas\b",
    (r"(?:ya )?no (?:me )?(?:escribas|escriban|escriba|mandes|manden|mande|envies|envien|contactes|contacten"
    r"|molestes|molesten|textees)\b"),
    (r"(?:deja|dejen|deje|dejar|para|paren|pare|parale) (?:ya )?de (?:escribir|mandar|enviar|molestar|textear|contactar)"
    r"(?:me)?\b"),
    (r"(?:ya )?no (?:quiero|necesito) (?:mas |recibir |seguir recibiendo |nada mas de )?(?:mas )?(?:mensajes|messages"
    r"|textos|texts|tus mensajes|sus mensajes|estos mensajes|esto|este numero|nada de este numero)\b"),
    r"cancela(?:r|n)? (?:esto|los mensajes|mi suscripcion)\b|(?:eliminen|borren|quiten) mi numero\b",
    r"(?:borr|quit|sac|elimin)(?:a|en|e)me\b|(?:dame|denme|darme|me doy) de baja\b|cancelar (?:mi |la )?suscripcion\b",
)
PHRASE = re.compile("^" + LEAD + alt(PHRASES))
KEYWORD = re.compile("^" + LEAD + alt(KEYWORDS) + r"(?:\W+" + alt(KEYWORDS) + r")*" +
                     r"(?:\W+(?:please|pls|thanks|thank you|now|anymore|bot|ya|already))*$")
# "stop" at the very start, unless aimed at something else: "stop me from calling", "stop thinking".
LEADING_STOP = re.compile(r"^(?:stop|stopall|unsubscribe|optout)\b(?! (?:me|myself|wanting|thinking|feeling"
                          r"|calling|texting|messaging|it|him|her|them|from|being|crying|caring|trying|checking)\b)")
# Unambiguous anywhere in a text (unless reported): "i want out of this please stop all messages".
ANYWHERE = re.compile(
    r"\b(?:please|pls|plz|just|kindly|politely|to) (?:to )?(?:stop|quit) (?:texting|messaging|sending|contacting) me\b"
    r"|\bstop (?:all|these|the|your|those) (?:texts|messages|msgs|reminders|check ?ins)\b(?! (?:for|until|til|till|this"
    r"|today|tonight|while|a few|a couple)\b)|\bstop sending me (?:these|the|your|any)\b|\bunsubscribe (?:me|from this)\b"
    r"|\b(?:can|could) (?:u|you) (?:not|stop) (?:text|texting|message|messaging) me\b|\bwrong (?:#|number)\W+stop\b"
    r"|\bdejame en paz\b|\bparale con los mensajes\b|\bhacer (?:el )?unsubscribe\b|\bcomo me salgo de esto\b"
    r"|\bya no quiero (?:los|tus|sus|estos) (?:textos|mensajes)\b|\bend the service\b|\bleave (?:the|this) program\b")
REPORTED_BEFORE = re.compile(r"(?<!\bi )(?<!\bi already )\b(?:said|says|told|tells|asked|asks|wrote|writes|saying|yelled"
                             r"|replied)\b(?! you)[^.!?]{0,20}$")
# Someone else's words ("he told me to stop texting him"); not the member's own ("i said stop", "i already said stop").
REPORTED = re.compile(r"(?<!\bi )(?<!\bi already )(?<!\bi just )\b(?:said|says|say|told|tells|asked|asks|wrote|writes"
                      r"|saying|yelled|texted|replied)\W*$")
# Not an opt-out but a wish about when: "dont text me at night", "can you stop texting me at night" (quiet hours),
# "dont text me so much" (fewer texts).
ONLY_WHEN = re.compile(r"\b(?:dont|do not|please dont|never|stop|quit) (?:text|texting|message|messaging|contact|contacting|msg)"
                       r" me (?:at night|(?:so |this )?late|after \w+"
                       r"|before \w+|in the morning|during (?:the day|work)|on weekends|so much|so often|that often|every"
                       r" day|as much)\b")
CLAUSES = re.compile(r"[.,;!?:\n]+|\b(?:and|but|so|y|pero)\b")


def plain(norm: str) -> str:
    """`norm` with accents dropped ("no más" -> "no mas")."""
    if norm.isascii():
        return norm
    return "".join(c for c in unicodedata.normalize("NFKD", norm) if not unicodedata.combining(c))


def _clauses(text: str) -> list[tuple[str, str]]:
    """Each clause of `text`, trimmed, with the text that comes before it."""
    found, start = [], 0
    for cut in [*CLAUSES.finditer(text), None]:
        end = cut.start() if cut else len(text)
        found.append((trim(text[start:end]), text[:start]))
        start = cut.end() if cut else len(text)
    return found




def opts_out(m: Message) -> bool:
    """True when `m` asks the bot to stop texting, in any of its clauses."""
    text = plain(m.norm)
    if ONLY_WHEN.search(text):
        return False
    keyword = DOUBLED.sub(r"\1", trim(text)) if len(text) < 40 else trim(text)  # "stoppp", "STOPP"
    if KEYWORD.match(keyword) or KEYWORD.match(trim(text)) or LEADING_STOP.search(text) or (
            "🛑" in m.norm and not m.norm.replace("🛑", "").strip()):
        return True
    if any(clause and (KEYWORD.match(clause) or PHRASE.match(clause)) and not REPORTED.search(earlier)
           for clause, earlier in _clauses(text)):
        return True
    return any(not REPORTED_BEFORE.search(text[:found.start()]) for found in ANYWHERE.finditer(text))
