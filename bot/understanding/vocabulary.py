"""The vocabulary of bot.understanding.rules: words and regular-expression fragments, no logic.

Rules match the normalised text (bot.understanding.message.read): casefolded, curly quotes
straightened, TYPOS fixed, then apostrophes dropped ("im", "dont", "hed", "hell" for
"he'll") and whitespace collapsed. So every fragment here is lowercase and has no
apostrophes. A tuple of fragments is an alternation: bot.understanding.patterns joins it with "|".

Crisis words are deliberately broad (ADVICE.md, "Our stance": safety comes first). A
false alarm costs one kind message and a human's look; a miss can cost a life. Narrow
crisis detection only through IDIOMS, which are blanked out before any crisis cue is
looked for, never by deleting a cue.
"""

from __future__ import annotations

_ALT = "(?:{})"  # one alternation group: _ALT.format("|".join(words))

# --- Normalisation ---------------------------------------------------------------------------------

# Fixed before apostrophes are dropped, so "od'd" does not become "odd".
TYPOS = {
    "texed": "texted", "txted": "texted", "txtd": "texted", "textd": "texted", "texd": "texted", "txt": "text",
    "tx": "text", "txting": "texting", "texing": "texting", "textin": "texting", "caled": "called",
    "calld": "called", "cald": "called", "callin": "calling", "urgw": "urge", "urg": "urge", "urgee": "urge",
    "urgr": "urge", "wnat": "want", "wnt": "want", "wanna": "want to", "gonna": "going to", "gunna": "going to",
    "hime": "him", "hte": "the", "msg": "message", "msgd": "messaged", "msged": "messaged", "dm'd": "dmd",
    "dmed": "dmd", "od'd": "overdosed", "oded": "overdosed", "u": "you", "ur": "your", "pls": "please",
    "plz": "please", "abt": "about", "sould": "should", "shld": "should", "shud": "should", "shoud": "should",
    # Added with the held-out crisis work: text-speak and filter-dodging spellings.
    "od'ing": "overdosing", "oding": "overdosing", "tryna": "trying to", "sewerslide": "suicide",
    "sewer slide": "suicide", "su1c1de": "suicide", "suicde": "suicide", "sucide": "suicide", "suicid3": "suicide",
    "w/o": "without", "w/out": "without", "thru": "through", "tmrw": "tomorrow", "tmr": "tomorrow", "tmw": "tomorrow",
    "tomorow": "tomorrow", "tonite": "tonight", "2nite": "tonight", "2night": "tonight", "cuz": "because",
    "bc": "because", "b/c": "because", "gotta": "got to", "lemme": "let me", "prolly": "probably", "ppl": "people",
    "every1": "everyone", "any1": "anyone", "some1": "someone", "no1": "no one", "2day": "today", "gonn": "going to",
}

# --- People ----------------------------------------------------------------------------------------

NAME = r"[^\W\d_]+"  # any single word: a first name after "called" or before "texted me"
SPOUSE_WORDS = ("husband", "hubby", "wife", "wifey", "ex", "spouse", "partner", "boyfriend", "girlfriend", "bf",
                "gf", "stbx", "stbxh", "stbxw")
SPOUSE = _ALT.format("|".join(SPOUSE_WORDS))
# People a member also calls: calling them is neither an urge nor a contact, nor are they the spouse.
PEOPLE = ("mom", "mum", "mother", "dad", "father", "sister", "brother", "friend", "friends", "bestie", "boss",
          "therapist", "counselor", "coach", "sponsor", "lawyer", "attorney", "work", "doctor", "kid", "kids",
          "son", "daughter", "school", "neighbor", "neighbour", "coworker", "roommate", "cousin", "aunt", "uncle",
          "grandma", "grandpa", "pastor", "priest", "realtor", "landlord", "mediator", "nephew", "niece", "tia", "tio",
          "mama", "mami", "papa", "abuela", "hermana", "hermano", "prima", "primo", "vet", "dentist", "teacher")
NOT_OTHERS = rf"(?! (?:my |a |the |best )?(?:{'|'.join((*PEOPLE, '988', 'hotline'))})\b)"
# Words that can stand right before "called me" without naming the spouse.
NOT_ACTOR = (*PEOPLE, "i", "you", "we", "it", "this", "that", "who", "what", "nobody", "noone", "one",
             "someone", "somebody", "anyone", "everyone", "never", "still", "hasnt", "havent",
             "didnt", "and", "then", "so", "but", "not", "me", "reality", "bot", "number")
ADVERBS = ("just", "finally", "already", "totally", "accidentally", "kinda", "literally", "actually",
           "again", "stupidly", "also", "even", "randomly", "really", "suddenly")
# Last words before a verb that make the member its doer: "i caved and called", "lol texted him".
MEMBER_LEADS = ("i", "and", "then", "so", "but", "lol", "omg", "ugh", "well", "ok", "yeah", "have", "had", "ive", "id")
NEGATORS = ("not", "never", "didnt", "hasnt", "havent", "hadnt", "wont", "doesnt", "dont", "cant",
            "wish", "if", "hope", "almost", "nearly", "wouldnt", "shouldnt", "why",
            "hoping", "hoped", "wishing", "waiting", "praying", "expecting")

# --- Contact: by the spouse, by the member --------------------------------------------------------

# Groups say who must come before the match: "me" someone, named or implied ("called me again");
# "did" someone named ("he called"; a bare "called" is the member's own log); "from" anybody.
SPOUSE_CONTACTED = (
    r"(?P<me>\b(?:called|texted|messaged|emailed|facetimed|dmd|rang|phoned|telephoned|wrote|snapped|whatsapped"
    r"|contacted|voicemailed|reached out to|sent) me\b|\bhit me up\b"
    r"|\bleft me (?:a|an) (?:voicemail|message|vm|note|text)\b)"
    r"|(?P<did>\b(?:reached out|came by|came over|showed up|stopped by|dropped by|replied|responded|hugged me|kissed me"
    r"|dropped (?:the kids|them|the dog) (?:off|back)|came to (?:the|my) door"
    r"|wrote back|texted back|called back|answered (?:my|me)"
    r"|sent (?:me )?(?:a|an|another|this|the|some|his|her) (?:(?!(?:a|an|the|his|her|my)\b)[a-z]+ ){0,3}(?:text|message|email|letter|card|pics?"
    r"|photos?|pictures?|voicemail|video|gift)s?\b|(?:called|texted|messaged|emailed|facetimed|rang|phoned|telephoned)"
    r"(?=$|[.,!?]| (?:today|tonight|again|first|earlier|just now|last night|this morning|yesterday"
    r"|out of nowhere|finally|omg|lol|to (?:ask|say|tell|check|see|let|talk|complain|yell|apologi[sz]e|wish)|at \d|at night"
    r"|crying|drunk|asking|about|twice|3 times|all night|all day|me|and|every|at|again|back|late|early|this|i|saying|that"
    r"|something|a|an|the)))\b)"
    r"|(?P<es>\bme (?:escribio|llamo|marco|hablo|mando|contesto|respondio|texteo|busco|dejo un)\b"
    r"|\b(?:recibi|me llego) (?:un |una )?(?:mensaje|carta|text|llamada|mensajito|correo) de\b"
    r"|\bgot a (?:mensaje|text|message|call) from\b)"
    r"|(?P<from>\b(?:got|get|getting|received|had) (?:a |an |another |his |her |this |the )?(?:text"
    r"|call|message|email|voicemail|vm|dm|facetime|snap|letter|card|reply|response)s? (?:back )?from\b)"
)
CONTACTED = (
    rf"\b(?:called(?! (?:in|it)\b)|texted|messaged|emailed|facetimed|dmd|rang|phoned|telephoned|contacted){NOT_OTHERS}"
    r"|\bmet (?:up with )?[a-z]+ for (?:lunch|coffee|dinner|a drink|drinks|breakfast)\b"
    r"|\b(?:reached out|caved"
    rf"|gave in|slipped(?! on)|(?:snapped|whatsapped|visited) (?:him|her|them|my {SPOUSE})"
    rf"|sent (?:him|her|them|my {SPOUSE}|it|that)\b|sent (?:{NAME} )?(?:a|an|another|the) (?:long )?"
    r"(?:text|message|email|letter|dm|voice)|left (?:him|her|them) |wrote (?:him|her|them)"
    r"|went (?:over|to see|to his|to her|to their|by)|drove (?:over|to|by|past)|showed up|stopped by"
    rf"|had to (?:call|text|email|message|see|facetime|contact|talk to|dm)\b{NOT_OTHERS}"
    # Added with the held-out work: "ended up calling her", "shot him a text", "hit him up".
    r"|ended up (?:calling|texting|messaging|emailing|facetiming|going|driving|replying|answering)"
    r"|tried (?:calling|to call|texting|to text|facetiming|to facetime|phoning|ringing)\b|intente llamarl[oa]\b"
    rf"|(?:shot|hit) (?:him|her|them|my {SPOUSE}) (?:a (?:text|message|dm|email)|up)"
    r"|sent (?:a|an|him a|her a) (?:long |short |quick )?(?:paragraph|essay|novel|msg|voice memo|voice note|selfie|pic|photo)"
    r"|sent (?:him |her |them )?[\"\u201c]|sent (?:him |her |them )?(?:a )?(?:happy \w+|merry \w+|good (?:morning|night|luck)"
    r"|congrats|hey|hi)|met (?:him|her|them|up with (?:him|her|them))|venmo\w* (?:him|her|them)"
    r"|(?:stayed|hung out) (?:for|at) (?:coffee|dinner|a drink|his place|her place)"
    r"|\d+ (?:texts|calls|messages) to (?:him|her|them)"
    # Spanish: "le escribí", "lo llamé", "tuve q verlo"
    r"|(?:le|lo|la) (?:escribi|llame|marque|mande|hable|texte|conteste|respondi|busque|vi)"
    r"|tuve q(?:ue)? (?:verlo|verla|escribirle|llamarle|hablarle|marcarle|contestarle|ir a verlo|ir a verla)"
    r"|fui a (?:verlo|verla|su casa|su trabajo))\b"
)
CHANNEL = (r"\b(?:(?P<call>call|rang|phon|voicemail|facetim|dial)"
           r"|(?P<text>text|messag|dm|email|wrote|writ|sent|snap|whatsapp)"
           r"|(?P<visit>went|drove|came|come|showed up|stopped by|dropped by|visit|see))")
# The contact never connected: an attempt, not a conversation (no reception to ask about).
ATTEMPT = (r"\b(?:(?:didnt|did not|wouldnt|wont|never|doesnt) (?:pick up|picked up|answer|open (?:the door|up)|come to the door"
           r"|take my call|accept)|no answer|went (?:straight )?to (?:voicemail|vm)|straight to (?:voicemail|vm)"
           r"|sent (?:me )?to (?:voicemail|vm)|left (?:him|her|them)? ?(?:a |an )?(?:voicemail|vm|voice message)"
           r"|(?:declined|rejected|ignored|ended) (?:my|the) call|blocked (?:me|my number)|im blocked|(?:it|phone) just rang"
           r"|rang out|nobody (?:answered|home|came)|no one (?:answered|came)|not home|wasnt home|wasnt there|no contesto"
           r"|no me contesto|buzon|(?:did not|didnt|would not|wouldnt|did not wish to|didnt want to) (?:wish to )?(?:come to the"
           r" phone|talk to me|speak to me))\b")
# How many contacts one report logs: "3 times", "twice", "x3", "sent 4 texts".
TIMES_WORDS = {"once": 1, "twice": 2, "thrice": 3, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
               "seven": 7, "eight": 8, "nine": 9, "ten": 10, "a couple": 2, "a few": 3, "several": 4, "like five": 5}
TIMES = (r"\b(?:(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|a couple|a few|several) ?(?:times|x\b"
         r"|texts|messages|calls|emails|voicemails)|x ?(?P<m>\d{1,2})\b|(?P<word>once|twice|thrice))")

# Contact about children, money, housing or the divorce is never a slip (ADVICE.md, "Our stance").
NEEDED = ("kids?", "kiddos?", "children", "child", "son", "daughter", "custody", "school",
          "(?:school |daycare |kids? |the |for |about |a )pick ?-?ups?", "pickups?", "drop ?-?offs?",
          "dogs?", "puppy", "cats?", "pets?", "hand ?-?offs?", "venmo\\w*", "my half", "his half", "her half",
          "picking up (?:the )?\\w+", "ninos", "hijos", "hijas?", "recoger", "escuela", "dinero", "renta", "abogad[oa]",
          "custodia", "pension", "doctor", "cita", "daycare", "doctors?", "dentist", "appointments?", "mortgage", "rent", "bills?",
          "money", "payments?", "child support", "alimony", "insurance", "lawyers?", "attorney", "court",
          "mediat\\w+", "papers", "divorce", "tax(?:es)?", "bank", "soccer", "practice", "visitation",
          "schedule", "medical", "hospital", "emergency", "homework", "teacher", "utilities", "lease",
          "the house", "the car", "vet")

# --- Urge ------------------------------------------------------------------------------------------

DESIRE_WORDS = ("want", "wants", "wanting", "need", "needs", "going to", "about to", "tempted", "dying to",
                "close to", "thinking about", "thinking of", "feel like", "feeling like", "should i", "can i",
                "could i", "help me not", "stop me from", "myself from", "trying not to", "try not to",
                "hard not to", "itching to", "ill", "planning to", "ready to", "everything in me", "i might",
                # Added with the held-out work: "is it bad if i text her", "one second from calling".
                r"i could(?! (?:never|not|have))", "resist", "resisting", r"(?:is|would) it be (?:bad|ok|okay|wrong)",
                r"is it (?:bad|ok|okay|wrong|weird|crazy)", "what if i", r"(?:seconds?|minutes?|moments?) from")
DESIRE = _ALT.format("|".join(DESIRE_WORDS))
CONTACT_WORDS = ("call", "calling", "text", "texting", "message", "messaging", "email", "emailing", "facetime",
                 "facetiming", "dm", "snap", "whatsapp", "ring", "phone", "reach out", "reaching out", "cave",
                 "contact",
                 "contacting", "cave and", "break and", "send", "sending", "write", "writing", "drive", "driving",
                 "telephone", "telephoning", "ring (?:him|her|them)", "give (?:him|her|them) a (?:call|ring)",
                 "show up", "showing up", "go (?:see|over|in|inside)", "knock", "going over", "beg",
                 "hear from (?:him|her|them)", "hear (?:his|her|their) voice", "ask (?:him|her|them)",
                 "reply", "respond", "answer", "unblock", "follow (?:him|her|them) back", "like (?:his|her|their) (?:post|pic|photo|story)",
                 rf"(?:see|seeing|visit|visiting|talk to|talking to|tell) (?:him|her|them|my {SPOUSE})")
CONTACT = _ALT.format("|".join(CONTACT_WORDS))
URGE = (
    r"\burges?\b|\bcrav\w*",
    rf"\b(?<!not )(?<!dont )(?<!do not )(?<!never ){DESIRE}\b(?: \S+){{0,6}}? {CONTACT}\b{NOT_OTHERS}",
    (r"\btempt\w*|\b(?:outside|parked (?:outside|near|by)|in front of) (?:his|her|their) (?:house|place|work|apartment"
     r"|office|door|building)\b|\b(?:his|her|their) (?:number|contact|chat|thread|convo) (?:is )?(?:pulled up|open)\b"),
    r"\bstaring at (?:his|her|their) (?:name|number|picture|photo|pic|profile|contact|messages|texts|chat)\b",
    (r"\b(?:typing|writing|drafting|composing) (?:out )?(?:(?:a|an|the|this|him|her) )+(?:text|message"
      r"|email|letter|dm)\b|\b(?:finger|thumb)s?\b[^.!?]{0,30}\b(?:button|send|dial|hovering)\b"),
    r"\bhovering over\b|\b(?:picking up|pick up|grabbing|staring at) (?:my|the) phone\b",
    r"\b(?:text|message|email|letter) (?:to (?:him|her|them) )?(?:is )?(?:all )?(?:written|typed|drafted)",
    r"\bhavent sent\b|\bnot sent (?:it )?yet\b|\bunsent\b|\ba draft\b|\bin (?:my )?drafts\b",  # a message waiting
    (r"\b(?:crossing a line|any harm in (?:sending|texting|calling)|le doy enviar|en el parking de su|pls stop me|please stop me"
    r"|stop me from|dialing|voice (?:memo|note) for (?:him|her) ready)\b"),
    r"\bdrafted (?:a|an|the|another) (?:text|msg|message|email|letter)\b|\b(?:hand|phone) on the phone\b|\bhand on (?:my|the) phone\b",
    r"\b(?:about to|im|i am) send(?:ing)? it\b|\bdont stop me\b|\bhold me back\b|\btalk me (?:out of|down from) it\b",
    (r"\btentad[ao]\b|\ble voy a (?:decir|escribir|llamar|marcar|mandar|textear|hablar)\b|\bquiero (?:llamarle|escribirle"
    r"|hablarle|marcarle|textearle|verlo|verla|decirle)\b|\bganas de (?:llamarle|escribirle|hablarle|marcarle|verlo|verla"
    r"|mandarle|textearle|contestarle)\b"),
)
# A question whether to contact them, or to answer them: "should i text back?", "reply or ignore??", "le contesto?".
URGE_QUESTION = (
    r"\b(?:should i|do i|can i|could i|shall i|do i have to|do i need to|would it be (?:bad|ok|okay|weird|wrong) (?:if i|to)"
    r"|is it (?:bad|ok|okay|wrong|weird|a bad idea|so bad) (?:if i|to)|is it bad if i|what if i|would it hurt to)\b[^.!?]{0,40}"
    r"\b(?:text|call|reply|respond|answer|write|message|msg|dm|like|follow|unblock|reach out|say it back|send|contact|ask"
    r"|go see|visit|wish|email|facetime|tell (?:him|her|them)|say (?:\w+ ){1,3}back|meet (?:him|her|them|up)|see (?:him|her|them))"
    r"|\bshould i (?:go|meet|see)\b[^.!?]{0,30}\?"
    r"|\b(?:reply|respond|answer|text (?:him|her|them|back|\w+)|call (?:him|her|them|back)|msg (?:him|her|them)|unblock (?:him|her)"
    r"|follow back|say it back|go in|text back|call back|1 more text|one more text|just one (?:call|text))\b[^.!?]{0,20}\?"
    r"|\b(?:reply|answer|respond|text back) or (?:ignore|not|leave it|no)\b|\bor (?:just )?(?:ignore (?:it|him|her)|leave it"
    r"|leave (?:him|her) on read)\b"
    r"|\b(?:le|lo|la) (?:contesto|respondo|escribo|llamo|marco|mando|hablo|doy follow)\b|\bdeberia (?:contestarle|escribirle"
    r"|llamarle|responderle|marcarle)\b|\b(?:contestarle|escribirle|llamarle|responderle|marcarle|textearle)\b[^.!?]{0,20}\?"
)

# --- Short answers ---------------------------------------------------------------------------------

# A number and a few filler words: "3", "3/5", "a 4", "about 2 now", "like 20 times a week", "4ish".
RATING_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4,
                "cinco": 5}
RATING = (rf"(?P<pre>(?:[a-z]+ ){{0,5}})(?P<n>\d{{1,3}}|{'|'.join(RATING_WORDS)})(?:ish)?(?: ?(?:/|out of|de) ?\d{{1,3}}|x\b)?"
          r"(?P<post>(?: [a-z]+){0,3})")
RATING_FILLER = ("a", "an", "like", "about", "around", "maybe", "prob", "probably", "its", "it", "is", "id", "say",
                 "would", "honestly", "tbh", "still", "now", "rn", "right", "solid", "at", "least", "um", "umm",
                 "uh", "hmm", "ish", "lol", "ugh", "only", "just", "times", "x", "i", "guess", "think", "per", "week",
                 "day", "daily", "weekly", "rate", "somewhere", "today", "tonight", "idk", "un", "una", "como", "creo",
                 "passing", "passed", "better", "fading", "easing", "down", "gone", "going", "to", "bed", "fine",
                 "maso", "mas", "o", "menos", "yo", "diria", "le", "doy", "ahorita", "ahora", "more", "less", "or", "so",
                 "atm", "currently", "honest", "ok", "okay", "hm", "probs")
SHORT_FILLER = r"(?:\W+(?:please|pls|porfa|thanks|thank you|thx|lol|haha|i guess|i think|for sure|sure|ok|really|sorry"
SHORT_FILLER += r"|gracias|no|not really|good night|night|x+|:\)))*"
UNSURE = ((r"^(?:im |i am |honestly |um |hmm )?(?:not (?:really )?sure|unsure|idk|i dont know|dont know"
          r"|dunno|maybe|hard to say|no idea|eh|meh|possibly|perhaps|kinda|sort of|who knows|cant tell|no se|ni idea"
          r"|quien sabe|tal vez|quizas)(?: \S+){0,3}$"),)
YES_WORDS = (r"(?:y|yes+|yeah+|yea+|yep+|yup+|yah|ye|yas+|yass+|sure|alright|absolutely|definitely|certainly|of course"
             r"|totally|mhm+|uh huh|correct|indeed|affirmative|you bet|yes please|please do)")
YES = (rf"^(?:ok |okay |oh )?{YES_WORDS}\b(?! not\b)\S*(?:\s+\S+){{0,6}}$",
       rf"^(?:orale |bueno )?(?:ya+|si+|sip|simon|dale|aja|claro|por supuesto|va|sale)(?: claro| si| porfa)?{SHORT_FILLER}$",
       r"^(?:that is|thats|that's) (?:correct|right)\b",
       "^[\U0001F44D\u2705\u2714]+$")
# "no point texting him" is a remark, not an answer.
NO = ((r"^(?:n|no+|nope|nah+|naw|nop|negative|nuh uh|not really|not at all|no way|definitely not|hell no|not today"
       r"|not at the moment|not now|not rn|not yet|i dont think so|claro que no|ni modo|para nada|nel|know|no creo|na|nah"
       r"|id rather not|i would rather not|rather not)"
       r"(?:\W+(?:thanks|thank you|thx|ty|gracias|lol|sorry|really|not really|no|thank you though|maam|sir|creo))*$"),
      (r"^(?:no+|nope|nah+|naw)\b(?! (?:point|reason|one|body|longer|matter|se|me|le|lo|la|te|quiero|puedo|tengo|hay"
      r"|mas|estoy|sé|creo|es|era|fue)\b)\W+(?:(?:he|she|they|it|i|im|not|that|this|we|was|wasnt|didnt|dont|just)\b"
      r"(?:\s+\S+){0,8})$"),
      "^[\U0001F44E\u274C\U0001F6AB]+$")
