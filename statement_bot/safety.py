"""Spot emergencies, crises and non-English text: pure functions, no Rasa.

``detect(text)`` says whether a message describes an emergency (answer: call 911),
a suicide or self-harm crisis (answer: 988, and 911 in immediate danger), or is
not in English. It runs on every message after the NLU model (see
``rasa_plugins.components.SafetyGuard``), so it works whatever the model's confidence.

The detector matches phrases, not single words: "what does protection mean to
West Sac?" or "courage in the face of danger" name no emergency, while "I'm in
danger" does. Typos are tolerated: each word of five letters or more that is
one edit (two for long words) away from a trigger word is read as that word,
so "somone has a gun", "attaked" and "sucide" are understood.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from enum import Enum
from functools import lru_cache

from rapidfuzz.distance import OSA

from statement_bot import text as shared

# The longest text (in characters) that reaches the NLU model; the rest of a
# longer message is ignored, so a 100 KB message costs no more than a normal one.
MAX_NLU_CHARS = 800


class Alert(str, Enum):
    """What a message needs before anything else (the value is the intent name)."""

    EMERGENCY = "emergency"
    CRISIS = "crisis"
    NON_ENGLISH = "non_english"


def cap_text(text: str, limit: int = MAX_NLU_CHARS) -> str:
    """The first ``limit`` characters of ``text``, cut at a space where possible."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    space = head.rfind(" ", limit - 100)
    return head[:space] if space > 0 else head


# --- normalising -----------------------------------------------------------

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
_REPEATS = re.compile(r"(.)\1{2,}")

# Chat spellings read as words before matching.
_SPELLINGS: dict[str, str] = {
    "some1": "someone",
    "sum1": "someone",
    "someon": "someone",
    "sombody": "somebody",
    "u": "you",
    "ur": "your",
    "r": "are",
    "pls": "please",
    "plz": "please",
    "rn": "now",
    "ppl": "people",
    "b4": "before",
    "gonna": "going to",
    "gunna": "going to",
    "wanna": "want to",
    "wana": "want to",
    "tryna": "trying to",
    "gotta": "got to",
    "bein": "being",
    "beeing": "being",
    "gettin": "getting",
    "tryin": "trying",
    "goin": "going",
    "myslef": "myself",
    "mysefl": "myself",
    "myselft": "myself",
}

# Words a typo could otherwise turn into a trigger word ("attached" -> "attacked").
_KEEP_AS_IS = frozenset(
    """attached attach attaches breeding shooing stable stabled stubbed hunting
    hurting hurts heart heard fired firing fires filing killer skill skilled
    kills spilling shooter shorting starving striving string strong bleeping
    sleeping smoking cutting stroke strike strokes choice choose chosen
    following followed deadline values valued assault assist assisted dying
    dining drowned drawing dangerous protect protection protects protecting
    protected missing mission missions vision visions""".split()
)


def normalize(text: str) -> str:
    """``statement_bot.text.normalize`` read as chat: "I'M" -> "im", "u" -> "you".

    On top of the shared rules: apostrophes are dropped rather than split on
    ("don't" -> "dont", as the phrases spell it), a character repeated three
    times or more counts twice ("hellllp" -> "hellp"), and chat spellings
    (``_SPELLINGS``) are read as the words they stand for.
    """
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    text = _REPEATS.sub(r"\1\1", shared.normalize(text.replace("'", "")))
    return " ".join(_SPELLINGS.get(w, w) for w in text.split())


# --- the phrases -----------------------------------------------------------

_SELF = r"(?:myself|my self|meself|himself|herself|themselves|themself|ourselves)"
_PERSON = (
    r"(?:someone|somebody|anyone|anybody|people|a person|person|a man|man|a woman|"
    r"woman|a guy|guy|a kid|kid|a child|child|a baby|baby|he|she|they|we|im|i am|"
    r"hes|shes|theyre|were|"
    r"i|my \w+|a \w+|the \w+|his \w+|her \w+|our \w+)"
)
_WEAPON = (
    r"(?:gun|guns|pistol|handgun|rifle|shotgun|knife|knifes|knives|machete|weapon|"
    r"weapons|firearm|bomb|blade|bat|ar15|ar|ak47|ak)"
)
_VICTIM = (
    r"(?:me|us|him|her|them|someone|somebody|people|everyone|everybody|my|his|"
    r"their|our|a|an|the|this|that|kids|children|neighbors|neighbours)"
)
_NOW = r"(?:now|right now|currently|at the moment|still here|still inside|outside)"

CRISIS_PATTERNS: tuple[str, ...] = (
    r"\bsuicid\w*",
    r"\bself ?(?:harm|harming|injury|injuring|hurt)\w*",
    r"\b(?:kms|kys|unalive \w+)\b",
    rf"\b(?:kill|killing|killed|hurt|hurting|harm|harming|cut|cutting|cuts|shoot|"
    rf"shooting|hang|hanging|drown|poison|poisoning|burn|burning|starve|starving|"
    rf"end|ending|stab|stabbing|off|offing) {_SELF}\b",
    r"\b(?:end|ending|ended|take|taking|took) (?:my|his|her|their|your) (?:own )?"
    r"lifes?\b",
    r"\bend (?:it all|everything|things|it)\b(?! (?:with|for|on|at|by|in) )",
    r"\b(?:want|wants|wanted|going|ready|plan|planning|plans|trying|try|tried|"
    r"deserve|deserves|just want|wish i could|need|about) to die\b",
    r"\b(?:i|we|he|she|they) (?:wanna|want to|should|will|am going to|m going to) "
    r"die\b",
    r"\b(?:dont|do not|doesnt|does not|dont really|no longer|dont even) "
    r"(?:want to|wish to|care to) (?:live|be alive|be here|exist|wake up|go on)\b",
    r"\bno (?:reason|point|will|purpose) (?:for me |for him |for her )?(?:to|in|for) "
    r"(?:keep )?(?:live|living|go on|going on|"
    r"being alive|life|stay alive|staying alive)\b",
    r"\b(?:better off dead|better off without me|wish i (?:was|were) dead|"
    r"want to be dead|want to disappear forever|cant go on|can not go on|"
    r"cannot go on|tired of living|tired of being alive|sick of living|"
    r"nothing to live for|life is not worth|life isnt worth|"
    r"not worth living|hate my life and want)\b",
    r"\b(?:going to|want to|will|about to|gonna|plan to) (?:overdose|od|jump off|"
    r"jump in front|slit my|hang|shoot|stab)\b",
    r"\b(?:took|take|taking|swallowed|swallow) (?:all |a bunch of |a lot of |"
    r"too many |loads of |lots of )?(?:my |the |of my |these |those )?"
    r"(?:pills|sleeping pills|tablets)\b(?! (?:for|from|at|to help)\b)",
    r"\bsucidal\b|\bsuicidial\b",
)

EMERGENCY_PATTERNS: tuple[str, ...] = (
    # Weapons and shooting.
    rf"\b(?:has|have|had|got|gots|with|holding|holds|pulled|pulling|pointing|"
    rf"pointed|waving|waved|brandishing|carrying|armed with|threatening|threatened|"
    rf"aiming|aimed|came at me with|coming at me with|attacking me with|grabbed|"
    rf"grabbing|hiding|pull out|pulled out|took out) (?:a |an |his |her |their |the |"
    rf"my |some |out a |out his |out her |out the |me with a |us with a |big |"
    rf"loaded )?{_WEAPON}\b(?! (?:policy|policies|law|laws|control|permit|permits|"
    rf"license|licenses|safety|buyback|buybacks|registration|ownership|range|show|"
    rf"shows|club|store|shop|violence prevention)\b)",
    r"\b(?:gunman|gunmen|gunshot|gunshots|gunfire|shots fired|shots|shooter|"
    r"shooters|shooting|shootout|stabbed|stabbing|stabbings|opened fire|"
    r"open fire|bomb threat|active shooter|explosion|exploded|explosive)\b",
    r"\b(?:been|got|get|getting|was|were|is|are|am|im|just) (?:shot|stabbed|"
    r"raped|kidnapped|kidnaped|abducted|hit by a car|run over|ran over|"
    r"carjacked)\b",
    r"\barmed (?:man|men|person|people|guy|robber|robbers|robbery|intruder|"
    r"intruders|suspect|suspects)\b",
    r"\b(?:a|the|some|one|two) (?:man|men|guy|guys|person|people|dude|someone) "
    r"with (?:a |an )?(?:gun|guns|knife|knives|weapon|weapons|rifle|machete)\b",
    # Violence happening now.
    r"\b(?:being|getting|am|im|is|are|keeps|keep|been) (?:attacked|assaulted|"
    r"beaten|beat up|beat|hit|mugged|robbed|raped|kidnapped|abducted|stabbed|shot|"
    r"strangled|choked|chased|followed|stalked|threatened|held|hurt|harmed|"
    r"abused|punched|kicked|jumped|tied up|locked in|trapped|hunted)\b",
    rf"\b(?:attacking|assaulting|beating|hitting|punching|kicking|choking|"
    rf"strangling|stabbing|shooting|raping|threatening|chasing|following|hurting|"
    rf"abusing|slapping|dragging|grabbing|touching|stalking|kidnapping) {_VICTIM}\b",
    rf"\b(?:trying|going|about|threatening|threatened|threatens|wants|want|said "
    rf"hes going|said he will|says he will) to (?:kill|hurt|shoot|stab|rape|kidnap|"
    rf"attack|beat|murder|harm|strangle|choke|burn) {_VICTIM}\b",
    r"\b(?:will|gonna|going to|is going to) kill (?:me|us|him|her|them|my)\b",
    r"\b(?:he|she|they|someone|somebody|hes|shes|theyre) (?:is |are )?"
    r"(?:killing|murdering) (?:me|us|him|her|them|my|someone)\b",
    r"\b(?:attacked|assaulted|mugged|stabbed|shot|raped) (?:me|us|my)\b",
    r"\b(?:murder|murdering|hostage|hostages|kidnap|kidnapping|kidnapped|"
    r"abduct|abducted|abduction|amber alert|home invasion|carjacking|intruder|"
    r"intruders|prowler|domestic violence|attacker)\b",
    r"\b(?:fight|fighting|brawl|riot|assault|robbery|burglary|break in|breakin|"
    r"mugging|carjacking) (?:is )?(?:happening|going on|in progress|outside|right "
    r"now|now)\b",
    r"\b(?:breaking|busting|forcing|trying to break|trying to get|bang|banging) "
    r"(?:in|into|down|on|open) (?:my|our|the|his|her|their|a)\b",
    rf"\b(?:broke|broken|came|got|get|getting|sneaking|snuck) (?:in|into|inside) "
    rf"(?:my|our|the) (?:house|home|apartment|room|place|flat|car)\b.*\b{_NOW}\b",
    r"\b(?:someone|somebody|a man|a stranger|strangers|a guy|people|a person|"
    r"men|some guy|some man) (?:is |are |s )?(?:in|inside|outside|at|breaking into|"
    r"trying to get into|in the back of|hiding in|under|looking into) "
    r"(?:my|our) (?:house|home|apartment|room|place|flat|window|windows|door|yard|"
    r"garage|bedroom|closet|car|backyard)\b",
    r"\b(?:being|is|are|im|am) (?:robbed|burglarized|broken into)\b",
    r"\b(?:someone|somebody|a man|a guy|a car|a stranger|a woman|people|he|she|"
    r"they) (?:is |are |s |has been |have been |keeps |keep )?(?:following|"
    r"chasing|stalking|watching|hunting) (?:me|us|my)\b",
    r"\b(?:child|kid|son|daughter|baby|toddler|boy|girl|children|kids|"
    r"grandma|grandpa|grandmother|grandfather|mom|dad|mother|father|sister|"
    r"brother) (?:is |are |s |has |have |went |gone )?(?:missing|gone missing|"
    r"disappeared|been taken|taken)\b",
    r"\bmissing (?:child|kid|person|children|kids|baby|toddler)\b",
    r"\b(?:lost|cant find|cannot find|can not find) my (?:child|kid|son|daughter|"
    r"baby|toddler|little)\b",
    # Someone hurt or a medical emergency.
    rf"\b{_PERSON}(?: is| are| s| got| has been| have been| been| was| were| am|"
    rf" badly| seriously| very| just| really| bad| hes| shes)* (?:hurt|injured|"
    rf"bleeding|unconscious|unresponsive|not breathing|dying|overdosing|choking|"
    rf"drowning|collapsed|passed out|seizing|having a seizure|having a stroke|"
    rf"having a heart attack|convulsing)\b",
    r"\b(?:heart attack|cardiac arrest|a stroke|seizure|not breathing|cant breathe|"
    r"can not breathe|cannot breathe|stopped breathing|found \w+ unconscious|"
    r"knocked unconscious|unconscious (?:man|woman|person|guy|kid|child|body)|"
    r"unresponsive (?:man|woman|person|guy|kid|child)|"
    r"overdose|overdosing|overdosed|od ing|oding|bleeding|bleeding out|choking|"
    r"drowning|anaphylactic|anaphylaxis|allergic reaction|severe pain|"
    r"chest pain|electrocuted|poisoned|hemorrhaging)\b",
    r"\b(?:car|bad|major|serious|traffic|head on|highway|motorcycle|bike|bus) "
    r"(?:crash|accident|wreck|collision|pile up|pileup)\b"
    r"(?=.*\b(?:just|now|injur\w*|hurt|bleeding|help|happened|happening|trapped|"
    r"there|theres|people|someone|somebody|911)\b)",
    r"\b(?:ambulance|paramedic|paramedics|emt|cpr|defibrillator|poison control)\b",
    # Fire, smoke, gas.
    r"\b(?:on fire|catching fire|caught fire|burning down|burning up|"
    r"house is burning|building is burning|smell smoke|see smoke|full of smoke|"
    r"smoke everywhere|smell gas|gas leak|wildfire|forest fire|brush fire|"
    r"house fire|kitchen fire|car fire|building fire|apartment fire|fire alarm)\b",
    r"\b(?:there is|theres|there s|there was|there has been|is there|a|big|huge) "
    r"(?:a |an )?(?:fire|blaze|explosion)\b"
    r"(?! (?:department|departments|dept|chief|station|fighter|fighters|"
    r"marshal|code|codes|safety|prevention|drill|drills|hydrant|insurance)\b)",
    r"^(?:fire|help fire|fire fire|fire help|its a fire|fire in the \w+)$",
    # Asking for help now.
    r"\b(?:call|dial|phone) (?:911|9 1 1|nine one one|an ambulance|the "
    r"ambulance|the fire department|the firefighters|for help)\b",
    r"\b(?:send|get|need|want|bring) (?:the |some |an |a )?(?:police|cops|cop|"
    r"officer|officers|help|someone|somebody|ambulance|paramedics|firefighters|"
    r"fire department|backup|swat) (?:here|now|right now|over|asap|immediately|"
    r"quick|quickly|fast|please|to my|to \d+)\b",
    r"\b(?:send|need) (?:help|police|cops|an ambulance|ambulance|paramedics)$",
    r"\b(?:somebody|someone|anybody|anyone) (?:please )?(?:help|save|call)\b",
    r"^(?:please |pls |quick |quickly |just )?call (?:the )?(?:police|cops|cop)"
    r"(?: now| please| quick| quickly| asap| right now| immediately)?$",
    r"\bhelp (?:help|me now|me please now|us now|me im|me i m|im|i m|me hes|"
    r"me shes|me they|theres|there s|someone|somebody|quick|quickly|fast|asap|"
    r"immediately)\b",
    r"\b(?:need|want) (?:help|police|the police|the cops|a cop) (?:now|right now|"
    r"asap|immediately|urgently|fast|quick|quickly)\b",
    r"\b(?:urgent|immediate) (?:help|assistance|police)\b",
    r"\b(?:sos|mayday|save me|save us|save my \w+)\b",
    r"\b(?:this is|its|it is|i have|we have|there is|theres|having|got|its an|"
    r"an) (?:an |a )?(?:real |medical |actual )?emergency\b",
    r"\bmedical emergency\b",
    r"^(?:emergency|an emergency|emergency help|help emergency|emergency please|"
    r"911|call 911|9 1 1)$",
    r"\b(?:im|i am|we are|were|were all|is|are|am|she is|he is|they are|shes|hes|"
    r"theyre|life is|lives are|someone is|somebody is|family is) (?:in )?"
    r"(?:grave |immediate |serious |real |great |mortal )?danger\b",
    r"\b(?:im|i am|we are|were) (?:not safe|unsafe)\b",
    r"\b(?:dont|do not|dont really) feel safe\b",
    r"\bfeel unsafe\b",
    r"\b(?:im|i am|we are|were) (?:scared|afraid|terrified|frightened) "
    r"(?:for my life|for our lives|he will|she will|they will|hes going|shes going|"
    r"theyre going|of my husband|of my wife|of my boyfriend|of my girlfriend|"
    r"of my partner|of my dad|of my father|of my ex)\b",
    r"\b(?:threatening|threatened|threatens) (?:me|us|to)\b",
    r"^(?:gun|guns|knife|shooting|shots|shooter|stabbing|robbery|rape|"
    r"kidnapping|fire|help help|help me help)$",
)

# A few Spanish calls for help (read without typo correction); other Spanish
# gets the English-only reply, which also says to call 911.
SPANISH_EMERGENCY = re.compile(
    r"\b(?:auxilio|socorro|emergencia|incendio|pistola|cuchillo|me estan atacando|"
    r"me quieren matar|llamen a la policia|ayudenme|ayuda por favor)\b"
)

_CRISIS = [re.compile(p) for p in CRISIS_PATTERNS]
_EMERGENCY = [re.compile(p) for p in EMERGENCY_PATTERNS]

_VOCAB_WORD = re.compile(r"[a-z]{5,}")


def _vocabulary(patterns: Iterable[str]) -> frozenset[str]:
    """The words of five letters or more that the patterns spell out."""
    words: set[str] = set()
    for pattern in patterns:
        cleaned = re.sub(r"\\[bwsd]|\(\?[:!=<]+|\{[^}]*\}", " ", pattern)
        words.update(_VOCAB_WORD.findall(cleaned))
    return frozenset(words)


VOCABULARY = _vocabulary(CRISIS_PATTERNS + EMERGENCY_PATTERNS) | {
    "someone",
    "somebody",
    "myself",
    "attacked",
    "attacking",
    "suicide",
    "suicidal",
    "please",
}


@lru_cache(maxsize=8192)
def correct(word: str) -> str:
    """``word``, or the trigger word it misspells (one edit; two in long words).

    Of equally close trigger words the longest wins (a dropped letter is the
    commonest typo: "attackd" is "attacked", not "attack"; "beaking" is
    "breaking", not "beating"), then the first in alphabetical order: the same
    answer in every process, whatever its hash seed.
    """
    if len(word) < 5 or word in VOCABULARY or word in _KEEP_AS_IS or word.isdigit():
        return word
    limit = 2 if len(word) >= 9 else 1
    best: tuple[int, int, str] | None = None
    for candidate in VOCABULARY:
        if candidate[0] != word[0] and candidate[:2] != word[1::-1]:
            continue
        # Edit distance counting a swap of two neighbours as one edit.
        distance = OSA.distance(word, candidate, score_cutoff=limit)
        if distance > limit:
            continue
        key = (distance, -len(candidate), candidate)
        if best is None or key < best:
            best = key
    return word if best is None else best[2]


def prepare(text: str) -> str:
    """Normalised text with misspelt trigger words corrected."""
    return " ".join(correct(word) for word in normalize(text).split())


# --- other languages -------------------------------------------------------

_SPANISH_MARKS = re.compile(r"[¿¡ñ]")
_FOREIGN_WORDS = frozenset(
    """hola necesito ayuda quiero tengo donde cual cuales como esta estan usted
    gracias policia informacion por favor habla hablas espanol buenos buenas
    dias tardes noches senor senora bonjour merci pourquoi quoi comment
    sil vous votre nous avez guten tag danke bitte ich nicht und wie ist
    ola obrigado voce xin chao cam magandang salamat po kumusta ang mga""".split()
)
_ENGLISH_ANCHORS = frozenset(
    """the what is are of and to a in you your does do how who which mission
    vision values value goals contact police department""".split()
)


def _script_share(text: str) -> float:
    """The share of letters that are not Latin letters (Cyrillic, Han, Arabic...)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    foreign = sum(1 for c in letters if "LATIN" not in unicodedata.name(c, "LATIN"))
    return foreign / len(letters)


def is_non_english(text: str) -> bool:
    """True for text mostly in another script, or clearly in Spanish and the like."""
    if _script_share(text) > 0.5:
        return True
    words = normalize(text).split()
    if not words:
        return False
    foreign = sum(1 for w in words if w in _FOREIGN_WORDS)
    english = sum(1 for w in words if w in _ENGLISH_ANCHORS)
    marked = bool(_SPANISH_MARKS.search(text.casefold()))
    return (foreign >= 1 or marked) and foreign + marked > english


# --- the detector ----------------------------------------------------------


def is_crisis(prepared: str) -> bool:
    """A prepared message about suicide or self-harm."""
    return any(p.search(prepared) for p in _CRISIS)


def is_emergency(prepared: str) -> bool:
    """A prepared message about danger now: violence, weapons, injury, fire."""
    return any(p.search(prepared) for p in _EMERGENCY)


def detect(text: str) -> Alert | None:
    """What ``text`` needs first: a crisis, an emergency, English-only, or nothing."""
    if not isinstance(text, str) or not text.strip():
        return None
    text = cap_text(text)
    prepared = prepare(text)
    if is_crisis(prepared):
        return Alert.CRISIS
    if is_emergency(prepared) or SPANISH_EMERGENCY.search(normalize(text)):
        return Alert.EMERGENCY
    if is_non_english(text):
        return Alert.NON_ENGLISH
    return None
