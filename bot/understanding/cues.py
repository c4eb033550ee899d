"""The second layer of crisis cues: what the first word lists (bot.understanding.crisis_words) miss.

bot.understanding.crisis reads them in the spelling-repaired text (bot.understanding.spelling).
SELF and OTHER extend bot.understanding.crisis_words.SELF and OTHER (same form: lowercase regex fragments, no
apostrophes): euphemisms ("checking out early", "a permanent solution"), warning signs (giving things
away, a last message, "if something happens to me", more pills than prescribed), Spanish, and threats
or watching in other words ("put me in the ground", "watching the house").
"""

from __future__ import annotations

from bot.understanding.crisis_words import DRUGS
from bot.understanding.vocabulary import SPOUSE, SPOUSE_WORDS

# --- Figures of speech, blanked out with bot.understanding.crisis_words.IDIOMS -----------------------------------

IDIOMS = (
    r"\bcould (?:just )?sleep (?:forever|for ever|for a week|for days)\b",  # "so tired i could sleep forever"
    (rf"\b(?:hes|shes|he is|she is|theyre|they are|{SPOUSE} is|{SPOUSE}s)(?: probably| honestly| clearly| so| much)?"
     r" (?:better off|happier|fine) without me\b"),  # the spouse, not "everyone": a remark on the marriage
    r"\bgave my (?:dog|cat|pets?) to (?:my |a )?\w+ for (?:the|a) (?:weekend|night|day|week|few days)\b",
    # "burned my hand on the stove": an accident told by the member, not "he burned my arm on the stove"
    (r"(?:^|\b(?:i|ive|just|accidentally|oops|ugh|lol) )(?:burn\w*|cut) my (?:hand|finger|thumb|arm|leg|foot|lip"
     r"|tongue)s? (?:on (?:the|a|my) (?:stove|oven|pan|pot|iron|grill|glass|can|fence|door|tray|kettle|toaster)"
     r"|(?:while )?(?:cooking|chopping|baking|shaving|ironing))\b"),
    r"\btook my (?:phone|keys|car keys|charger) (?:by (?:accident|mistake))\b|\baccidentally took my\b",
    # "mi mama me va a matar": Spanish for "my mom is going to kill me"
    (r"\b(?:mama|mami|mom|papa|papi|madre|padre|jefe|jefa|hermana|hermano|abuela|suegra|tia)\b(?: \w+){0,2}?"
     r" me (?:va a|iba a|quiere) matar\b"),
)

# Hyperbole about ordinary things, and other people's stories told in passing (tuned on tests/corpus/train.tsv).
MUNDANE = (r"(?:coffee|caffeine|sugar|candy|chocolate|pumpkin spice|netflix|tv|reality tv|true crime|podcasts?|carbs"
           r"|pizza|christmas music|cheese|cookies|junk food|social media|tiktok|shows?|k ?dramas?|cuteness|work"
           r"|cake|ice cream|tacos|memes|the news|shopping|amazon|holiday movies|hallmark movies)")
JOKE = r"(?:lol|lmao|lmfao|jk|just kidding|haha\w*|jaja\w*|😂|🤣|💀|😅)"
IDIOMS += (
    r"\b(?:im|i am|ill be|i will be|were|we are) (?:so |literally |totally |soo+ )?dead (?:if|when|once)\b",
    r"\b(?:dead|dying) (?:on my feet|to (?:him|her|them|me)|on\b|inside\b)",
    (r"\b(?:going to|gonna|gon|will|would|is going to|wants to) (?:literally )?(?:kill|murder|strangle|choke) (?:me|us)"
     r" (?:for (?:forgetting|being late|eating|breaking|losing|missing|not (?:calling|texting|coming|going|telling)"
     r"|spending|buying|crashing|scratching|wearing|telling|taking|using|skipping)|when (?:she|he|they) (?:sees?|finds? out"
     r" (?:about )?(?:what i did to|i (?:ate|broke|lost|forgot|spent|scratched|crashed|used|took|wore))))\b"),
    r"\b(?:literally |honestly )?(?:die|kill) for (?:a|an|some|one more)\b",
    rf"\boverdos\w* on {MUNDANE}\b",
    rf"\bjump\w* (?:out|off)(?: of)? (?:the |a |my )?(?:window|building|roof)\b(?=[^.!?]{{0,20}}{JOKE})",
    (r"\bif i have to (?:\w+ ){1,10}?(?:im|i am|ill|i will|i might) (?:going to |gonna )?(?:jump|die|kill myself"
     r"|shoot myself|lose it)\b"),
    r"\b(?:laughed|laughing) so hard i (?:almost |nearly |literally )?(?:died|peed|cried)\b|\b(?:almost|nearly) died laughing\b",
    r"\bscared (?:me )?(?:half )?to death\b|\bhalf to death\b",
    (r"\bcould (?:just )?(?:kick|shoot|kill|slap|strangle|smack) (?:myself|me) for (?:forgetting|missing|being|not|saying"
     r"|doing|sending|texting|letting|calling|losing|agreeing)\b"),
    (r"\bme (?:quiero|voy a|iba a) (?:morir|matar)(?:me)? de (?:la |el )?(?:verguenza|risa|hambre|sueno|frio|calor|pena"
     r"|ganas|aburrimiento|cansancio|nervios)\b|\bme (?:voy a|iba a) matar (?:estudiando|trabajando|limpiando|corriendo"
     r"|haciendo)\b"),
    r"(?:^|[.!?,;] |\b(?:just|ugh|omg|lol|oh god|god|somebody|someone) )shoot me(?: now)?\b(?! (?:in|with|if|a|an))",
    r"\b(?:battery|phone|week|game|party|bar|town|chat|group chat|gym|office|store|line|car) (?:is |was |went )?dead\b",
    r"\bdead (?:on|week|game|air|ringer|heat|end|giveaway|center|centre)\b",
    r"\b(?:dying|die|died|dead) (?:of|from) (?:the )?(?:heat|thirst|hunger|cold|boredom|laughter|cuteness)\b",
    r"\b(?:so full|ate so much) i could (?:die|explode|burst)\b",
    r"\b(?:would|will|gonna|going to) (?:literally )?die if (?:i|you|we) (?:picked|pick|wear|wore|came|come|show|showed)\b",
    r"\bbleeding (?:money|cash|out money)\b|\bjump\w* off the deep end\b|\b(?:im|i am) (?:literally )?deceased\b",
    rf"\b(?:kill|murder) me if i (?:text|call|messag|reach out to|contact)\w* (?:her|him|them)\b[^.!?]{{0,20}}{JOKE}",
    r"\b(?:gonna|going to) die if i (?:dont|do not|cant) (?:get|have|eat)\b",
    r"\b(?:who|we|they|he|she) ended (?:it|things)\b|\bended (?:it|things) (?:in|last|after|when|because|with|between|on)\b",
    (r"\b(?:show|episode|movie|film|podcast|book|documentary|series|article|news|story)\b[^.!?]{0,60}\b(?:jump\w*|kill\w*"
     r"|overdos\w*|suicide|poison|die|died|shot|shoots)\b"),
    (r"\b(?:my|a|his|her) (?:cousin|friend|buddy|brother|sister|uncle|aunt|coworker|neighbor|classmate|roommate)\b"
     r"[^.!?]{0,40}\b(?:overdosed|tried to kill (?:herself|himself)|lost (?:his|her) \w+ to suicide|attempted)\b"
     r"(?=[^.!?]{0,80}\b(?:years ago|last year|in college|in high school|back then|sober|doing great|now|memorial))"),
    r"\b(?:volunteers?|works?|worked|volunteered) (?:at|for|on) (?:a |the )?crisis (?:line|text line|hotline)\b",
    r"\bfarewell (?:letter|note|text) to (?:the|our|my) (?:marriage|relationship)\b",
    r"\bdone with the marriage,? not (?:done )?with life\b",
    r"\b(?:everything|things|it all|life) (?:feels|is|seems|looks) (?:so |really |just |completely )?hopeless\b",
    r"\b(?:these|the|your) (?:texts?|messages|check ?ins|reminders) stop forever\b",
    r"\bwhy does (?:this|it) hurt so much\b",
    r"\b(?:examen|trabajo|dia|semana|clase|jefe|tarea|gym|entrenamiento|calor|risa|partido)\b[^.!?]{0,10} me mato\b",
    # Idioms of death and harm in everyday English and Spanish
    r"\bhang (?:myself|me|him|her|them) out to dry\b|\bbit(?:e|ing)? the bullet\b|\bdead (?:to the world|in the water)\b",
    (r"\b(?:rather|sooner) (?:die|be dead)\b(?=[^.!?]{0,40}\bthan (?:go (?:to|back to)|going (?:to|back to)|sit|sitting"
     r"|eat|eating|wear|wearing|listen|work|attend|be seen|see|watch|drive|ask|have to|spend)\b)"),
    r"\b(?:i|we) (?:could|about|nearly|almost) (?:just )?died?\b(?=[^.!?]{0,30}\b(?:so|beautiful|funny|cute|full|good|laugh)\w*)",
    r"\b(?:could|would) (?:just )?die\b(?=[^.!?]{0,5}[.!]?\s*(?:now for|lol|haha|ha\b|from|of))",
    r"\bgun to my head\b(?=[^.!?]{0,15}\b(?:id|i would|i'd|pick|choose|say)\b)",
    (rf"\b(?:die|dying|dead|died|deceased|unalived?|kill(?:ing)? myself)\b[^.!?]{{0,25}}{JOKE}[^.!?]{{0,20}}\b(?:jk|just"
    rf" kidding|kidding|i just want|not really|in minecraft)\b"),
    r"\bin minecraft\b|\b(?:unalived?|killed|dead)\b[^.!?]{0,20}\(in (?:minecraft|fortnite|a game)\)",
    (r"\bdrown(?:ing)? (?:myself|my sorrows) in (?:hot chocolate|ice cream|wine|work|netflix|chocolate|coffee|pizza"
     r"|paperwork|books|tv|shows|cookies|cake|tea)\b"),
    r"\bkill(?:ing)? myself slowly\b[^.!?]{0,30}\b(?:with|w) (?:these|this|the|my)\b",
    r"\b(?:my )?(?:pride|dignity|ego|social life|love life|phone|battery|vibe|self respect) (?:is |was )?(?:dead|died)\b",
    (rf"\b(?:im|i am|i) (?:so |literally |just |totally )?(?:dead|died|dying|deceased)\b(?=[^.!?]{{0,12}}{JOKE}|\W*$"
    r"|\W+(?:forgot|we talked|lol))"),
    r"\b(?:the )?(?:end|death) of me\b",
    r"\b(?:drive|drives|driving|drove) me (?:to the edge|over the edge|crazy|nuts|up the wall)\b",
    r"\b(?:want to|wanna|going to|gonna) die a little\b|\bdie a little inside\b|\bdied a little inside\b",
    r"^shoot\W|\bshoot(?:,|!)",
    r"\b(?:dying|muriendo|muerta|muerto)(?: \w+)? de (?:la )?risa\b|\bme va a kill si\b",
    r"\bchoosing violence\b",
    # Fear about the marriage, not of a person: "scared he won't ever come back", "afraid of being alone".
    (r"\b(?:scared|afraid|terrified|worried|frightened)\b(?: that)? (?:he|she|they|hes|shes)? ?(?:wont|will never|doesnt"
     r"|dont|isnt|might not|may not|never|will not|is not going to|is going to)(?: ever)? (?:come back|come home|love me"
     r"|want me|care|miss me|call|forgive|change|be the same|find someone|move on|leave)\b"
     r"|\b(?:scared|afraid|terrified) (?:of|about) (?:being alone|losing (?:him|her|them)|the future|dying alone"
     r"|ending up alone|starting over|the divorce|the holidays)\b"),
    r"\b(?:\w+ )?(?:are|is|were) (?:going to be |gonna be )?(?:the )?(?:death|end) of me\b",
    rf"\b(?:literally )?(?:died|dead|dying)\b[^.!?]{{0,40}}(?:{JOKE}|so happy|haha|laughed|laughing|when my crush)",
    r"\bhad me dying\b|\b(?:project|exam|work|job|class|this|that|school|meeting|boss)\b[^.!?]{0,20} put me six feet under\b|\bflatlined\b|\b(?:relationship|marriage|love life) in the grave\b",
    r"\bend it\W*\.\.\.? this\b|\bdead after\b|\bdisappear to\b|\bnear death experience\b|\bsaid goodbye forever\b",
    r"\bsewerslide (?:squad|meme|memes)\b|\bcrawl into a hole and die\b|\bgonna (?:literally )?die if i dont\b",
    r"\b(?:nearly|almost) lost the will to live\b|\bdeath row\b|\brather jump off a cliff than\b",
    r"\baffairs in order\W+(?:laundry|bills|done|the house|for the week|chores)\b|\bdrop dead\b(?= but)",
    r"\bfeel(?:s|ing)? like death\b|\blook(?:s|ing)? like death\b|\bdead man\b|\b(?:im|i am) a dead (?:man|woman)\b",
    r"\b(?:phones?|batter\w*|truck|car|laptop)\W*s? (?:about |almost |is |was )?(?:dead|died)\b",
    rf"\b(?:gonna|going to) die out here\b[^.!?]{{0,20}}{JOKE}",
    (r"\b(?:burn\w*|cut|sliced|smashed|sprained|jammed|broke) my (?:hand|finger|thumb|arm|leg|foot|lip|tongue|wrist"
     r"|ankle|toe|knee)s? (?:on|with|while|at work|cooking|shaving|playing|lifting|falling)\b"),
    r"\bcut myself (?:shaving|cooking|chopping|on|by accident|accidentally|with the)\b|\bpaper cut\b",
    rf"\bme va a matar\b(?=[^.!?]{{0,80}}{JOKE})|\bla mato\b(?=[^.!?]{{0,20}}{JOKE})|\bme mato\b(?=[^.!?]{{0,10}}{JOKE})",
    r"\b(?:maestra|maestro|profe|abuelita|suegra|hija|hijo|mama|jefa|jefe)\b[^.!?]{0,20}\bme va a matar\b",
    r"\b(?:chisme|lunes|examen|dia|semana|trabajo|calor)\b[^.!?]{0,15}\bme mato\b|\bya me mato el\b",
    (r"\b(?:zoom|meeting|zoom call|work call|conference call|class|lecture)\b[^.!?]{0,40}\b(?:jump|die|kill myself)\b"
     r"|\b(?:jump|die)\b[^.!?]{0,40}\bif (?:this|the) (?:zoom|meeting|zoom call|class)"),
)

# --- Danger to self: euphemisms, warning signs, Spanish --------------------------------------------

MEDS = rf"(?:{DRUGS}|sleeping meds|sleep meds|anxiety meds|doses?|prescription|tablets)"
SELF = (
    # Euphemisms for dying
    (r"\bcheck(?:ing|ed)? out (?:early|for good|permanently|of (?:life|this world|here))\b"
     r"(?! (?:from|at|of (?:the|work|my)|tomorrow|today|to))"),
    (r"\b(?:permanent|final) (?:solution|fix|way out|escape|exit|sleep|rest)\b(?! (?:for|to|with|on|about)\b)"
     r"|\b(?:easy|easiest|quick) way out\b(?! (?:would|of|here|with))"),
    (r"\b(?:sleep|asleep|close my eyes)\b[^.!?]{0,25}\b(?:stay asleep|never (?:wake|open|come back|have to)"
     r"|not (?:wake|open|come back))\b"),
    r"\b(?:never|not) (?:have to )?(?:feel|hurt|face) (?:anything|any of this|this pain) (?:ever )?(?:again|anymore)\b",
    (r"\b(?:just |really |i )(?:want|wish|need) (?:to )?be gone\b(?! (?:from|for|by|before|until|when|on|to|at))"
     r"|\bwish i (?:was|were) (?:gone|dead|never here)\b(?! (?:on|for|to|at|already|by|from))"),
    r"\bnothing (?:left )?to live for\b|\bgiv(?:e|ing|en)? up on (?:life|living)\b(?! as)|\bcease to exist\b",
    r"\b(?:end|neck|off) (?:my ?self)\b|\bdo (?:my ?self) in\b|\btake (?:my ?self) out\b",
    r"\b(?:lethal|fatal|deadly|toxic) (?:dose|amount|dosage)\b",
    # Last words, farewells
    (r"\blast (?:text|message|msg|thing)\b[^.!?]{0,25}\b(?:from me|youll (?:ever )?(?:get|hear|receive)"
     r"|ill ever (?:send|write|say))\b(?! (?:today|tonight|for (?:today|tonight|now|a while)|until|till|this))"
     r"|\b(?:wont|will not|never) (?:be )?hear(?:ing)? from me (?:again|ever)\b"),
    (r"\b(?:this is|this will be|heres) (?:my|the) (?:last|final) (?:text|message|msg|goodbye|words)\b"
     r"(?! (?:for|before|about|until|till|on|of the|in)\b)"
     r"(?!(?: \w+){0,4} (?:him|her|them|today|tonight|before|bed|lol|haha)\b)"),
    (r"\bthank you for trying\b(?= *(?:$|[.!,]))"
     r"|\bfarewell\b(?! (?:party|lunch|dinner|drinks|tour|card|gift|speech|to (?:him|her)))"),
    (r"\btell (?:my \w+|the kids|everyone|them) (?:that )?i (?:love|loved|am sorry|m sorry|was sorry)\b"
     r"|\btell (?:my \w+|the kids|everyone|them) im sorry\b"),
    (r"\bwont (?:be )?need(?:ing)? (?:these|this|them|it|any of (?:this|these|it|them)|my \w+)\b"
     r"[^.!?]{0,20}\b(?:much longer|for (?:much )?longer|for long|where im going|after (?:tonight|today))\b"),
    r"\bwont be (?:a )?(?:problem|burden|bother)\b[^.!?]{0,20}\b(?:much longer|anymore|for long|soon)\b",
    # Warning signs
    r"\b(?:if|when|in case|after) (?:anything|something) (?:ever |bad )?(?:happens|happened) to me\b",
    (r"\b(?:what happens to (?:the kids|my kids|my children|them|my \w+)|who (?:will|would|gets|takes|is going to))"
     r"\b[^.!?]{0,30}\b(?:if|when|after) (?:i (?:die"
     r"|died|was gone|were gone|am gone)|im (?:gone|dead))\b"),
    r"\bmy (?:own )?(?:funeral|obituary|eulogy|grave|memorial)\b",
    (r"\b(?:giv\w*|gave) (?:away )?(?:all |most of |some of )?my (?:stuff|things|belongings|possessions)"
     r" (?:away|to)\b|\bgiv(?:e|ing|en) (?:away )?everything (?:away|i own)\b"),
    (rf"\b(?:took|taken|swallowed)\b[^.!?]{{0,30}}\b(?:more|extra|double|triple|too many|too much"
     rf"|the rest)\b[^.!?]{{0,30}}\b{MEDS}\b|\b{MEDS}\b[^.!?]{{0,30}}\bthan (?:im|i am|i was|i should|prescribed"
     r"|(?:it )?says|the bottle)\b"),
    (r"\b(?:look\w* up|research\w*|googl\w*|search\w*|read\w* (?:up )?(?:about|on)|asking about)\b[^.!?]{0,25}"
     r"\b(?:ways?|how|methods?) to (?:do it|die|end it|go|not wake|kill)\b"),
    r"\bpainless(?:ly)?\b[^.!?]{0,30}\b(?:die|death|do it|end it|way|go)\b|\b(?:do it|die|go|end it) painless(?:ly)?\b",
    (r"\bgarage\b[^.!?]{0,60}\b(?:car|engine|motor|truck) (?:was |is |still )?(?:running|on)\b"
     r"|\b(?:car|engine|motor) (?:is |was |still )?(?:running|on)\b[^.!?]{0,30}\bgarage\b"
     r"|\bexhaust (?:pipe|fumes|hose)\b"),
    (r"\bif i (?:crashed|crash|got hit|died|was gone|were gone|wasnt here|werent here|didnt wake up|disappeared"
     r"|wasnt around)\b[^.!?]{0,50}\b(?:solve|fix|easier|better for|relief|problems)\b"),
    (r"\b(?:kids|children|son|daughter|they)\b[^.!?]{0,12}\bdeserve (?:a )?better (?:mom|mother|dad|father"
     r"|parent)\b(?! than (?!me))"
     r"|\b(?:everyone|everybody|the world|my (?:kids|family|children)|the kids|theyd|they would|people)\b[^.!?]{0,20}"
     r"\b(?:fine|okay|ok|better|happier|lighter|easier)\b[^.!?]{0,15}\bwithout me\b"
     r"(?! (?:for|this|tonight|today|at|while|around (?:here|the house)))"),
    (r"\b(?:nobody|no one|noone)\b[^.!?]{0,15}\b(?:would|will|is going to|going to)(?: \w+){0,2}? (?:miss me"
     r"|care if i|even notice)\b(?! (?:at|in|there|today|tonight))"),
    r"\baround my neck\b|\b(?:tie|tied|tying|hung|hang)\w* [^.!?]{0,25}\b(?:beam|rafters?|ceiling fan)\b",
    r"(?<!told me )(?<!said )(?<!says )\bi (?:wont|will not|dont think ill|never) live to see\b",
    r"\b(?:dont think (?:ill|i will|im going to)|not sure ill|doubt ill) (?:still )?be (?:here|around|alive)\b",
    (r"\b(?:not going to|wont|dont think ill|not sure ill) make it (?:through (?:tonight|the night)"
     r"|to (?:morning|tomorrow))\b(?! without)"),
    (r"\b(?:hope|hoping|wish|pray\w*) (?:that )?i (?:get |got |would get |will get )?(?:in|into|hit by|killed)\b"
     r"[^.!?]{0,20}\b(?:accident|crash|car|bus|truck|train)\b"),
    (r"\b(?:easier|better|happier|simpler|lighter)\b[^.!?]{0,25}\bif i (?:wasnt|werent|was not|were not|didnt exist"
     r"|was gone|were gone|died|disappeared)\b(?! (?:when|while|for|at|on|there|in|near|with|so))"),
    r"\bplan\w* (?:how|where) (?:to|ill|i will|im going to) (?:do it|end it|die|go)\b",
    # Spanish, with the accents dropped; a little Portuguese and French
    (r"\b(?:me quiero|quiero|quisiera|me voy a|voy a|ganas de|deseo|prefiero) (?:morir(?:me)?|matarme|suicidarme"
     r"|desaparecer para siempre)\b(?! de (?:hambre|risa|sueno|frio|calor|ganas|verguenza|aburrimiento|amor|celos))"),
    (r"\b(?:no|ya no) (?:quiero|puedo) (?:seguir )?(?:vivir|viviendo|existir|estar aqui|despertar)\b"
     r"(?! (?:aqui|alli|ahi|en|con|sin|cerca|lejos|solo|sola))|\bquitarme la vida\b|\bacabar con (?:mi vida|todo)\b"),
    # "ya no puedo mas con los abogados" is exhaustion (bot.understanding.distress); alone, it is not.
    (r"\bmejor (?:estaria|estar|estarian)(?: \w+)? muert[oa]s?\b|\bya no (?:aguanto|puedo) mas\b(?! (?:con|de|del|por))"
     r"|\bme (?:quiero|voy a) (?:matar|suicidar|quitar la vida)\b"),
    r"\bojala\b[^.!?]{0,20}\b(?:no despertar|no despierte|morir|me muera|estar muert\w*)\b",
    r"\b(?:quero morrer|quero me matar|je veux mourir|je vais me tuer)\b",
)

# --- Danger from someone else -----------------------------------------------------------------------

# These count when someone is named earlier in the sentence (bot.understanding.crisis checks ACTOR_WORDS): "he's been
# sitting in his truck just watching the house", "he put me in the hospital"; not "my sister is watching the
# house", "the flu put me in the hospital".
ACTOR_WORDS = ("he", "she", "they", "hes", "shes", "theyre", *SPOUSE_WORDS)
WATCHING = (
    (r"\b(?:watching|watches|watched|staking out|circling|sitting outside|parked (?:outside|across from|in front of"
     r"|down from|near|by))(?: \w+){0,2}? (?:my|the|our) (?:house|home|place|apartment|apt|building|window|windows"
     r"|street|work|job|door)\b(?! (?:for me|while))"),
    r"\b(?:put|send|sent|landed) me (?:back )?in(?:to)? (?:the|a) (?:hospital|er|emergency room)\b",
    (r"\b(?:drive|drives|driving|drove|circl\w*|walk\w*) (?:by|past|around) (?:my|our) (?:house|home|place|apartment"
     r"|apt|building|work|job|office|parents|moms|dads)\b(?! to (?:drop|pick|bring|get|return))"),
)

OTHER = (
    (r"\bput (?:me|you|us|my \w+) (?:in|under) (?:the|a) (?:ground|grave|body bag|coffin|morgue)\b"
     r"|\bsix feet under\b|\bbody bag\b|\bfind (?:my|your) body\b"),
    r"\bmake (?:me|you|us|the kids) (?:disappear|vanish)\b",
    (r"\b(?:said|says|told me|tells me|swore|warned me|threatened)\b[^.!?]{0,30}\b(?:i|you)"
     r" (?:wont|will not|would not|wouldnt|will never|never) (?:live|survive|make it) (?:to see|through|past|until)\b"),
    (r"\b(?:his|her|their) (?:car|truck|van|suv) (?:is |was |has been |keeps )?(?:parked |sitting |idling )?"
     r"(?:outside|across the street|in front of (?:my|the|our)|down the street|at the end of (?:my|the|our))\b"),
    (r"\b(?:scared|afraid|terrified|frightened) to (?:go|come|walk) back\b(?= *(?:$|[.!?,;]|there|home|inside|in\b))"
     r"|\b(?:cant|cannot|dont want to|wont|not) (?:go|going) back (?:there|home|inside)\b[^?]{0,80}"
     r"\b(?:scared|afraid|terrified|unsafe)\b"),
    (r"\bnever told (?:him|her|them) where i\b|\b(?:found|figured) out where i (?:live|moved|am|work|stay)\b"
     r"|\bhow (?:does|did) (?:he|she|they) (?:know|find out) where i\b"),
    (r"\b(?:sent|sends|sending|texted|texts|posted|showed) me (?:a |some |)(?:pictures?|photos?|pics?|videos?)"
     r" of (?:my|our) (?:house|home|place|apartment|apt|car|building|work|door|window|new place|new apartment)\b"),
    r"\b(?:drove|driving|drives|swerved|aimed|came) (?:his|her|their|the) (?:car|truck|van) (?:at|toward|towards) me\b",
    r"\b(?:found|discovered|there was|theres|there is)\b[^.!?]{0,15}\btracker\b|\btracker (?:on|in|under) my\b",
    # Spanish, accents dropped
    (r"\bme (?:quiere|va a|iba a|amenaz\w+ con|dijo que (?:me )?(?:iba|va) a) (?:matar|pegar|golpear|lastimar"
     r"|hacer dano)\b|\bamenaz\w+ con matarme\b|\bme (?:pego|golpeo|golpea|pega|ahorco|empujo|amenazo|amenaza)\b"),
    (r"\btengo (?:mucho )?miedo (?:de|a) (?:el|ella|mi (?:esposo|marido|esposa|mujer|ex|pareja|novio|novia))\b"
     r"|\b(?:el|ella) (?:esta|anda) (?:afuera|fuera|enfrente) de (?:mi|la) casa\b"
     r"|\bviolencia (?:domestica|familiar)\b"),
)


# Added with tests/corpus/train.tsv: finality, farewells and methods told by situation.
SELF += (
    (r"\b(?:saying|said|say|sent|text(?:ed)?|wrote|writing|left \w+ a \w+) (?:my )?(?:goodbye|goodbyes)\b"
     r"(?! (?:to (?:the|our|my) (?:marriage|relationship|house|old)|party|hug|kiss))"
     r"|\b(?:bye|goodbye) (?:everyone|everybody|all|world|yall|guys|for good|forever)\b"
     r"|\b(?:sorry|perdon\w*) (?:for|por) (?:everything|todo)\W+(?:bye|goodbye|adios|love you|i love)"
     r"|\bwriting (?:to|you to) say goodbye\b|\b(?:im|i am) (?:done|finished|out)\W+(?:bye|goodbye|adios)\b"),
    (r"\b(?:this|it) (?:isnt|is not|wasnt|was not) (?:anyones|anybodys|your|his|her) fault\b"
     r"|\b(?:make sure|tell|let) (?:my )?\w+ (?:knows? )?(?:that )?it (?:wasnt|was not|isnt) (?:his|her|their|your) fault\b"),
    r"\btell [a-z]+ (?:that )?i (?:love|loved|am sorry|m sorry|was sorry)\b",
    (r"\b(?:wont|will not|not going to|dont plan on|do not plan on|not planning on|dont expect to) be (?:texting|here"
     r"|around|alive|writing|answering)\b[^.!?]{0,25}\b(?:after|by|on|for|at|to see|anymore|tomorrow|tonight|sunday"
     r"|monday|saturday|friday|christmas|next)\b"
     r"|\bdont plan on being (?:here|around|alive)\b|\bwont (?:need|be needing) (?:it|them|these|this|anything|much)"
     r" where im going\b|\bwhere im going\b(?=[^.!?]{0,20}\b(?:need|wont))|\blast (?:msg|message|text) ever\b"
     r"|\bwont wake up (?:tomorrow|tonight|in the morning)\b|\bwont be here (?:sunday|monday|tomorrow|by|next)\b"),
    (r"\b(?:took|taken|swallowed|downed|popped|ate|drank|chugged)\b[^.!?]{0,25}\b(?:them all|all of (?:them|it)"
     r"|the (?:whole|entire) (?:bottle|box|pack)|the rest of (?:the|my)|whole bottle|a bottle|most of a bottle"
     r"|\d{2,} of (?:my|the|her|his))\b|\btook them all\b|\bwhole bottle\b[^.!?]{0,10}\bgone\b"
     r"|\b(?:drank|drinking|drink|swallowed) (?:some |most )?(?:of )?(?:the |a |some )?(?:bleach|antifreeze|poison"
     r"|drain cleaner|lye)\b|\b(?:stopped|quit) taking my \w* ?(?:meds|medication|medicine|insulin|pills)\b[^.!?]{0,20}"
     r"\b(?:on purpose|hoping|so (?:it|that)|want)\b|\b(?:pharmacies|enough (?:pills|meds|to make sure))\b"),
    (r"\b(?:a|the) date (?:picked|chosen|set)\b|\bpicked (?:a|the) date\b|\b(?:tonight|today|this weekend|saturday"
     r"|sunday|friday) is (?:the night|the day|when)\b|\btonight is the night\b|\bgoing through with it\b"
     r"|\b(?:im|i am) (?:going to|gonna) do it (?:tonight|today|now|soon|this weekend)\b|\btried (?:last night|again"
     r"|yesterday)\b[^.!?]{0,20}\b(?:didnt work|try again)\b|\bmy plan is (?:for )?(?:tonight|saturday|sunday|friday"
     r"|this weekend|tomorrow)\b|\bi have everything i need\b"),
    (r"\b(?:car|engine) (?:is |was )?(?:running|on)\W+(?:the )?garage (?:door )?(?:is )?(?:shut|closed)\b"
     r"|\b(?:steer\w*|swerv\w*|driv\w*|crash\w*) (?:my car |the car |the truck )?into (?:the )?(?:median|canal|river"
     r"|lake|ocean|wall|tree|pole|bridge|oncoming|semi|traffic|barrier)\b|\bstep off\b|\b(?:standing|sitting|im|i am"
     r"|up) on (?:the )?(?:edge|ledge|roof|railing)\b|\bon the roof\W+(?:the )?edge\b|\bgoing under in the (?:bath"
     r"|tub|water)\b|\bhow long it would take\b"),
    r"\b(?:deserve|deserved) to die\b|\bits over for me\b|\bno reason to (?:stay|be here|keep going|wake up)\b",
    # The member as the danger to someone else: a human should look, and 988 helps with that too.
    (r"\b(?:i|ill|i will|im going to|im gonna|i want to|i wanna|im about to|i could|i might|im ready to)"
     r" (?:really |just )?(?:kill|hurt|shoot|stab|strangle|choke|beat up|run over|burn)"
     r" (?:him|her|them|you|my (?:husband|wife|ex|partner|boyfriend|girlfriend|spouse)|that (?:bitch|bastard|man|woman))\b"
     r"(?! (?:for (?:forgetting|being|not|leaving|eating|losing)|when (?:he|she) (?:sees|finds)|if (?:he|she) (?:forgets|doesnt)))"),
    (r"\b(?:i|ill|i will) (?:wont|will not|not) be here\W*$|\b(?:already |just )?took (?:something|them|it all|the pills"
     r"|a bunch|everything)\b(?! (?:to|from|for|with|back|off|out|home|apart))"),
    r"\b(?:done|finished) (?:with|w) (?:everything|life)\b[^.!?]{0,15}\b(?:life|forever)\b|\b(?:done|over) forever\b",
    (r"\b(?:wrote|writing|write|wrote out|made|did|hice|finished) (?:my|out my|a|mi) (?:will|note|suicide note|last"
     r" letter|carta de despedida)\b(?=[^.!?]{0,40}(?:\b(?:tonight|not because|not bc|i mean it|its on|on the|done|for"
     r" (?:my|the) kids|le deje|no voy a necesitar)\b|$))|\bi wrote a note\b|\bive written a note\b"),
    (r"\beasier for everyone if i\b|\bbetter (?:off )?w(?:ith)?o(?:ut)? me\b|\bdont see myself (?:being )?(?:alive|here"
     r"|around)\b|\bdisappointed (?:that )?i woke up\b|\bmake sure i dont (?:wake|come back)\b|\bthe ones who find"
     r" me\b|\bmake it official\b|\bwaste away\b|\bhelping him along\b|\blord (?:just )?take me\b"
     r"|\blife insurance\b[^.!?]{0,40}\b(?:covers|paid|kids will be)\b"),
    # Spanish
    (r"\bnadie me va a extranar\b|\bme (?:quiero|voy a) (?:cortar|lastimar|hacer dano)\b|\b(?:ganas|quiero) de"
     r" (?:hacerme dano|cortarme|lastimarme)\b|\bme estoy (?:lastimando|cortando)\b|\bme corte\b"
     r"|\b(?:regale|regalando|dando away) (?:mis|todas mis) cosas\b|\bno (?:las|los|lo|la) voy a necesitar\b"
     r"|\b(?:estoy|toy|ando) (?:en|parked en|parada en|arriba de) (?:el|la) (?:puente|azotea|bridge|techo|orilla)\b"
     r"|\bme voy a (?:tirar|aventar|colgar|ahorcar)\b|\bpa(?:ra)? q(?:ue)? sigo viviendo\b"
     r"|\b(?:si \w+(?: \w+){0,4}|mejor|yo|ya|hoy|esta noche) me mato\b|\bme mato (?:hoy|esta noche|ya|yo|te lo juro)\b"
     r"|\bcarta de despedida\b|\b(?:dormirme|dormir) y no despertar\b|\bdesaparezco pa(?:ra)? siempre\b"
     r"|\bno tiene sentido (?:vivir|seguir)\b|\bestaria(?:n)? mejor sin mi\b|\bme voy de este mundo\b"
     r"|\bme voy pa(?:ra)? siempre\b|\bno vale la pena vivir\b|\bya no voy a estar\b|\bsoy una carga\b"
     r"|\bme (?:despedi|despido) de\b|\bperdonenme\b|\bperdoname por (?:lo que|lo q) voy a hacer\b"
     r"|\b(?:tome|me tome|me trague)\b[^.!?]{0,20}\b(?:cloro|pastillas|frasco|veneno)\b|\bcompre la soga\b"
     r"|\bcuantas pastillas\b|\bvias del tren\b|\bya no tengo fuerzas\b[^.!?]{0,15}\badios\b"
     r"|\bse acabe todo\b[^.!?]{0,20}\bpa(?:ra)? siempre\b|\bya me despedi\b"
     # the wish to vanish, told passively: "a veces pienso que seria mejor desaparecer y ya"
     r"|\b(?:seria|es|estaria|fuera) mejor (?:si )?(?:yo )?(?:solo |nomas |simplemente )?(?:desaparecer|desapareciera|no estar"
     r"|no existir|no existiera|no estuviera)\b|\bquiero desaparecer\b(?! (?:un rato|unos dias|del (?:grupo|chat)))"),
    (r"\bbetter (?:if i |for me to |to )?(?:just |simply |quietly )?(?:disappear(?:ed)?|vanish(?:ed)?|(?:was|were) gone"
     r"|didnt exist|stopped existing)\b(?! (?:for a (?:while|bit|few days|weekend)|from (?:the|this) (?:group|chat|app)))"),
)
OTHER += (
    (r"\bforced (?:me|himself|herself) (?:to have sex|on me|into sex)\b|\bforced himself on me\b|\bforced me to\b"
     r"|\bmade me (?:do things|have sex)\b|\bme (?:violo|forzo)\b|\bsexual\w* assault\w*\b"),
    (r"\bkick\w* (?:my |the |our )?(?:door|window) in\b|\b(?:kicking|banging|pounding) (?:on )?(?:the|my) door\b"
     r"|\b(?:locked|hiding|hid) (?:myself )?in (?:the|my) (?:bathroom|closet|bedroom|car|room)\b"
     r"|\b(?:hes|shes|he is|she is) (?:at|outside|by|in front of) (?:the|my) (?:window|door|bedroom)\b"
     r"|\bstanding (?:over|outside|at) my (?:bed|bedroom|window|door)\b|\bgot in (?:through|by|with)\b"
     r"|\b(?:been|was|got) inside my (?:house|apartment|place|home)\b"),
    (r"\b(?:hes|shes|he is|she is|theyre) (?:coming|on (?:his|her|their) way) (?:here|over|back|tonight|to get me|to my)\b"
     r"|\b(?:help|please help|help me)\W+(?:please\W+)?(?:hes|shes|he is|she is|theyre) (?:here|inside|in the house"
     r"|outside|coming|back)\b|\b(?:hes|shes) here\W*$|\bsettle this\b|\b(?:has|have|brought|bringing|with) (?:a|his|her)"
     r" (?:bat|crowbar|hammer|tire iron)\b|\bbeat my ass\b|\bpunched me\b|\bdrunk and (?:breaking|throwing|yelling"
     r"|screaming)\b|\bbreaking things\b|\bput something in my drink\b|\bnever see my next birthday\b"
     r"|\b(?:going to|gonna) stab\b|\bbe back with (?:his|her) friends\b|\bdriving (?:real |really )?slow(?:ly)? past\b"),
    (r"\b(?:golpeando|tocando fuerte) la puerta\b|\bme encerro\b|\bno me deja (?:salir|irme|ir)\b|\bse metio a la"
     r" casa\b|\bme sigue a todos lados\b|\bme agarro del cuello\b|\blo q(?:ue)? me pasa cuando\b|\bgps en mi\b"
     r"|\bdando vueltas (?:a|por) (?:la|mi) casa\b|\bescondid[ao]\b|\bme avento\b|\bme van a desaparecer\b"
     r"|\brompio la puerta\b|\bamenaz\w*\b|\bfotos de mi casa\b|\b(?:el|ella) (?:me )?mata\b|\bme mata\b(?=[^.!?]{0,5}$)"
     r"|\bme va a kill\b|\bgritando q(?:ue)? abra\b"),
)
