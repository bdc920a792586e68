"""Detecting what could identify a client in free text (HIPAA Safe Harbor categories, UK identifiers).

`find(text)` returns the matches with their kind; `mask(text)` replaces each with a placeholder such as [EMAIL].

Three families of detectors:
- structured identifiers, matched by pattern and checked where a checksum or a calendar exists (NHS numbers, dates):
  e-mail, URL, IP, NHS number, US SSN (any area number), UK NI number, UK postcode, US ZIP (only beside a state or
  the word "zip": a bare five-digit number is far more often something else), street address, full date (day and
  month) and day of the month ("on the 3rd"), age over 89 (digits or words), phone (UK, US, international),
  record/long numbers, social-media handles;
- places: towns and cities from a GeoNames-derived list (data/places.txt.gz, built by tools/build_places.py; a city
  that is an ordinary word, such as Reading or Bath, only after "in", "from", "to" ...), and institutions a client is
  found through (prisons, wards, named schools, workplaces and services). Countries and US states are left alone;
- person-like names: capitalised words that are not common English words (SCOWL, data/english-words.txt.gz), nor
  clinical or calendar terms, medicines, brands or the field's authors, nor on the user's allow-list. Mid-sentence, a
  capital marks a proper noun even when the word is also a common one ("I saw Grace"); at the start of a sentence
  only non-words count, plus word-names followed by a reporting verb ("Grace said ..."). In lower case, only in a
  slot where a person stands ("priya said", "her son jayden").

And the user's deny-list (employers, schools, places), matched as whole phrases, case-insensitively.

The detector is deliberately cautious (it would rather flag a place name than miss a person). Measured on the labelled
corpora in tests/test_identifiers_corpus.py.
"""

from __future__ import annotations

import bisect
import gzip
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from reflect.domain.wordlists import common_words, word_names


@dataclass(frozen=True)
class Match:
    kind: str  # EMAIL PHONE URL IP DATE AGE NHS SSN NI POSTCODE ZIP ADDRESS NUMBER HANDLE NAME PLACE DENY
    start: int
    end: int

    @property
    def placeholder(self) -> str:
        return PLACEHOLDERS.get(self.kind, f"[{self.kind}]")

    @property
    def label(self) -> str:
        return LABELS.get(self.kind, self.kind.lower())


PLACEHOLDERS = {"DENY": "[REDACTED]"}
LABELS = {
    "EMAIL": "e-mail address", "URL": "web address", "IP": "IP address", "NHS": "NHS number",
    "SSN": "social security number", "NI": "National Insurance number", "POSTCODE": "postcode", "ZIP": "ZIP code",
    "ADDRESS": "street address", "DATE": "date (day and month)", "AGE": "age over 89", "PHONE": "phone number",
    "NUMBER": "record or reference number", "HANDLE": "social-media handle", "NAME": "name",
    "PLACE": "place (town, city, school, workplace, ward or prison)", "DENY": "deny-listed",
}  # fmt: skip
STRUCTURED = frozenset(LABELS) - {"NAME", "PLACE", "DENY"}

# --- the user's own lists ---------------------------------------------------------------------------------------------
# The deny/allow lists live in the journal (they are themselves identifying: "St Mary's School"); the command that
# opens a journal hands them over here, so every scan and every Redactor in that process uses them.
_user_deny: tuple[str, ...] = ()
_user_allow: frozenset[str] = frozenset()


def use_lists(deny: Iterable[str] = (), allow: Iterable[str] = ()) -> None:
    global _user_deny, _user_allow
    _user_deny = tuple(d for d in deny if d.strip())
    _user_allow = frozenset(a.strip().lower() for a in allow if a.strip())


# --- structured identifiers -------------------------------------------------------------------------------------------

_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)"
_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|"
    "OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|"
    "Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|"
    "Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|"
    "New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|"
    "South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming"
)
_STREET = (
    r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Close|Way|Court|Ct|Place|Pl|Crescent|Cres|Terrace|Gardens|"
    r"Grove|Boulevard|Blvd|Square|Sq|Hill|Mews|Row|Walk|Parade|Rise|Highway|Hwy|Parkway|Pkwy)\b\.?"
)
_CAP = r"[A-Z][\w'’-]*"
_AGE_WORDS = (
    r"(?:ninety(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|(?:a|one) hundred(?: and (?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))?)"
)
# Words that may follow an age or a day of the month, where a unit or a counted noun ("minutes", "floor") would not.
_AFTER_AGE_OR_DAY = frozenset(
    """and but or so yet if as when while because though although who which that this next last now still soon then
    in on at for to with without by since after before until till she he they we i it her his their years year
    today tomorrow yesterday""".split()
)
_AFTER = "|".join(sorted(_AFTER_AGE_OR_DAY))
# What an ordinal counts when it is not a day of the month: "on the 3rd floor", "by the 2nd session", "the 5th of us".
_COUNTED = "|".join(
    """floor floors time times session sessions appointment appointments meeting visit day days week weeks month
    months year years anniversary attempt attempts try go round rounds draft place century birthday grade class
    minute minutes hour hours page pages line lines step steps row seat stop stops house door child baby son
    daughter person one ones of stage level ward bed room term semester set question item point chapter edition
    generation cycle dose night nights morning evening shift""".split()
)
# A capitalised word that can begin or continue an institution's name (not a determiner: "The Hospital said").
_NAMED_WORD = r"(?!(?:The|A|An|This|That|My|Our|His|Her|Their|Your|Its|I|Mr|Mrs|Ms|Miss|Dr)\b)[A-Z][\w'’.-]*"
_INSTITUTION = (
    r"(?:C of E |CofE |CE |RC )?(?:Primary|Junior|Infants?|Secondary|High|Grammar|Academy|College|School|Sixth Form|"
    r"University|Nursery|Hospital|Hospice|Infirmary|Clinic|Surgery|Medical Centre|Health Centre|Centre|Center|Prison|"
    r"Food Bank|Foodbank|Hostel|Refuge|Church|Chapel|Mosque|Gurdwara|Synagogue|Ward|Unit|Rovers|United|Arms|Inn|"
    r"Motors|Logistics|Foods|Packaging|Distribution|Solicitors|Group|Print|Timber|Ltd|Limited|plc|LLP|Holdings|"
    r"Services|Solutions|Systems|Transport|Haulage|Garage|Bakery|Accountants|Estates|Lettings|Construction|Builders|"
    r"Engineering|Electrical|Plumbing|Printing|Joinery|Farms?|Dairy|Care Home|Nursing Home|Stores|Pharmacy|Salon|"
    r"Barbers|Café|Cafe|Restaurant|Tavern|Hotel|Club|FC|Athletic|Leisure Centre|Gym|Studios|Library)\b"
)
# Words that say what kind of place it is, not which one: "Secondary School", "the Intensive Care Unit", "Sunday
# School" and "a Balint Group" name no institution a client could be found through.
_GENERIC_PLACE_WORDS = frozenset(
    """primary junior infant infants secondary high grammar academy college school sixth form university nursery
    hospital hospice infirmary clinic surgery medical health centre center prison food bank foodbank hostel refuge
    church chapel mosque gurdwara synagogue ward unit group club library care home nursing leisure gym general
    district community mental intensive acute special private state public local boarding art drama dental day
    practice reflective supervision peer training therapy counselling counseling crisis psychiatric secure
    outpatient outpatients inpatient social services children's childrens adult adults family families youth housing
    probation police council employment welfare the of and & on upon c e ce cofe rc""".split()
)
_INSTITUTION_NAME = re.compile(
    rf"(?:\b[Tt]he\s+)?(?:{_NAMED_WORD}\s+(?:(?:of|and|&|on|upon)\s+)?){{1,4}}{_INSTITUTION}"
)
_WORKPLACE = re.compile(
    r"(?i:\b(?:works?|worked|working|job|jobs|shifts?|employed|volunteers?|volunteered|volunteering|cleans|"
    r"cleaned|cleaning|manages|managed|employer)\b[^.;:!?\n]{0,40}?\b(?:at|for|by)\s+(?:the\s+)?)"
    rf"({_NAMED_WORD}(?:\s+(?:&\s+|and\s+)?{_NAMED_WORD}){{0,3}})"
)


def _names_one_institution(found: str) -> bool:
    """Whether a school, ward or workplace match has a word that picks out one place ("Oakfield", "Beacon")."""
    words = re.findall(r"[\w'’&]+", found)
    return any(
        (word := _bare(w).lower()) not in _GENERIC_PLACE_WORDS and (word not in PROPER_TERMS or word in _PRODUCTS)
        for w in words
    )


_SIMPLE: list[tuple[str, re.Pattern[str], int]] = [  # kind, pattern, the group that is the identifier
    ("EMAIL", re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), 0),
    ("URL", re.compile(r"\b(?:https?://|ftp://|www\.)[^\s<>\"'\]\[)(]+", re.IGNORECASE), 0),
    (
        "URL",
        re.compile(
            r"(?<![\w@.-])(?:[a-z0-9-]+\.)+(?:com|org|net|edu|gov|io|info|me|app|dev|ly|co\.uk|org\.uk|"
            r"ac\.uk|nhs\.uk|uk|us|ie|de|fr|eu|au|ca)(?:/[^\s<>\"']*)?(?![\w.]*\w)",
            re.IGNORECASE,
        ),
        0,
    ),
    ("IP", re.compile(r"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\d.]*\d)"), 0),
    (
        "IP",
        re.compile(
            r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){5,7}[0-9A-Fa-f]{1,4}(?![\w:])|"
            r"(?<![\w:])(?:[0-9A-Fa-f]{1,4}:){1,6}:(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4})*)?(?![\w:])"
        ),
        0,
    ),
    # Any area, group and serial: numbers the SSA never issues (000, 666, 9xx) still identify whoever wrote them down.
    ("SSN", re.compile(r"(?<![\d-])\d{3}([- ])\d{2}\1\d{4}(?![\d-])"), 0),
    ("SSN", re.compile(r"(?i:\b(?:SSN|social security(?: number| no\.?)?)\s*(?:is|:|#)?\s*)(\d{9})\b"), 1),
    # Any two letters: real prefixes exclude some letters, but people also copy example numbers ("QQ ...").
    ("NI", re.compile(r"\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b", re.IGNORECASE), 0),
    (
        "POSTCODE",
        re.compile(r"\b(?:[A-PR-UWYZ][A-HK-Y]?\d[A-HJKPSTUW\d]?|GIR) ?\d[ABD-HJLNP-UW-Z]{2}\b", re.IGNORECASE),
        0,
    ),
    ("ZIP", re.compile(rf"(?:\b(?:{_STATES}),?\s+|(?i:\bzip(?: ?code)?\s*(?:is|:)?\s*))(\d{{5}}(?:-\d{{4}})?)\b"), 1),
    ("ZIP", re.compile(r"(?<![\d-])\d{5}-\d{4}(?![\d-])"), 0),
    (
        "ADDRESS",
        re.compile(
            rf"\b(?:(?:Flat|Apt|Apartment|Unit)\.? ?\w+,? )?\d{{1,5}}[A-Za-z]?,? (?:{_CAP} ){{1,4}}"
            rf"{_STREET}"
        ),
        0,
    ),
    (
        "ADDRESS",
        re.compile(
            rf"\b(?:{_CAP} ){{1,3}}(?:Street|Road|Avenue|Lane|Drive|Crescent|Terrace|Gardens|Grove|"
            rf"Boulevard|Mews)\b"
        ),
        0,
    ),
    ("DATE", re.compile(rf"\b{_WEEKDAY}?(?:the )?{_DAY} (?:of )?{_MONTHS}(?:,? (?:19|20)\d\d)?\b", re.IGNORECASE), 0),
    ("DATE", re.compile(rf"\b{_WEEKDAY}?{_MONTHS} (?:the )?{_DAY}\b(?:,? (?:19|20)\d\d\b)?", re.IGNORECASE), 0),
    ("DATE", re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/.-]*\d)"), 0),
    ("DATE", re.compile(r"(?<![\d/.-])((?:19|20)\d\d)-(\d{2})-(\d{2})(?!\d)"), 0),
    ("DATE", re.compile(r"(?i:\b(?:DOB|d\.o\.b\.?|born(?: on)?|birthday(?: is| on)?)\s*:?\s*)(\d{1,2}[/.]\d{1,2})"), 1),
    ("AGE", re.compile(r"(?i:\b(?:aged?|age of|turned|turning)\s+)(9\d|1[0-1]\d)\b"), 1),
    ("AGE", re.compile(r"\b(?:9\d|1[0-1]\d)(?:[- ]years?[- ]old|[- ]year[- ]old|\s?yo|\s?y/o)\b", re.IGNORECASE), 0),
    (
        "AGE",
        re.compile(
            r"\b(?:ninety|one hundred)(?:[- ]\w+)?[- ]years?[- ]old\b|\b(?:in|into) (?:his|her|their) "
            r"(?:nineties|90s|hundreds)\b",
            re.IGNORECASE,
        ),
        0,
    ),
    # "on the 3rd": a day of the month with the month left implicit, which is how notes usually give one. An ordinal
    # that counts something ("the 3rd floor", "the 2nd session") is followed by what it counts, so it is left alone.
    (
        "DATE",
        re.compile(
            r"(?i:\b(?:on|by|from|until|till|since|before|after|to|over)\s+the\s+)((?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th))\b"
            rf"(?!\s+(?:{_COUNTED})\b)"
        ),
        1,
    ),
    # Ages over 89 in words ("ninety-three", "a hundred and two"), or in digits after a word that gives an age
    # ("she is 93 and ..."), and only where what follows is not a unit ("ninety minutes", "a hundred times").
    ("AGE", re.compile(rf"\b{_AGE_WORDS}(?=[- ]years?[- ]old\b|[- ]year[- ]old\b)", re.IGNORECASE), 0),
    (
        "AGE",
        re.compile(
            rf"(?:\b(?:is|was|now|aged?|turned|turning|turns|reached|at|of|be|being|of about)\s+|,\s+)({_AGE_WORDS})"
            rf"(?=\s*(?:[.,;:!?)…—–-]|$)|\s+(?:{_AFTER})\b)",
            re.IGNORECASE,
        ),
        1,
    ),
    (
        "AGE",
        re.compile(
            r"(?i:\b(?:is|was|now|turned|turns|reached|died at|at the age of|been|be)\s+)(9\d|1[01]\d)"
            rf"(?=\s*(?:[.,;:!?)…—–-]|$)|\s+(?:{_AFTER})\b)"
        ),
        1,
    ),
    # An NHS number is named as one even when a digit is mistyped (the checksum fails but it still identifies).
    (
        "NHS",
        re.compile(r"(?i:\bNHS\s+(?:no\.?|number|num|#)?\s*(?:is|was|of|:)?\s*)(\d{3}[\s-]?\d{3}[\s-]?\d{4})(?![\d-])"),
        1,
    ),
    (
        "NUMBER",
        re.compile(
            r"(?i:\b(?:MRN|NHS|hospital|record|patient|client|case|account|acct|policy|reference|ref|"
            r"member|licen[cs]e|registration|reg|passport|ID)\.?\s*(?:no\.?|number|num|#)?\s*[:#]?\s*)"
            r"((?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{4,})\b"
        ),
        1,
    ),
    ("NUMBER", re.compile(r"\b[A-Z]{2}\d{2} ?[A-Z]{3}\b"), 0),  # UK vehicle registration
    ("HANDLE", re.compile(r"(?<![\w@.])@[A-Za-z0-9_]{3,30}\b"), 0),
    # Institutions a client can be found through: prisons, wards, and any named school, workplace or service.
    ("PLACE", re.compile(r"\bHM(?:P|YOI|P ?(?:&|and|/) ?YOI)\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}"), 0),
    ("PLACE", re.compile(r"\b[Ww]ard\s+\d{1,3}[A-Za-z]?\b"), 0),
    # A workplace, even a chain ("works nights at Tesco"): with a town or a shift pattern it finds the person.
    ("PLACE", _WORKPLACE, 1),
    ("PLACE", _INSTITUTION_NAME, 0),
]

_PHONE = re.compile(
    r"(?<![\w+/.-])(?:"
    r"\+\d{1,3}(?:[\s.-]?\(0\))?(?:[\s.-]?\(?\d{1,5}\)?){1,6}"  # international: +44 7700 900123, +1 (555) 123-4567
    r"|\(?0\d{2,4}\)?[\s.-]?\d{3,4}[\s.-]?\d{3,4}"  # UK national: 07700 900123, (020) 7946 0958
    r"|\(?\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}"  # US: (555) 123-4567, 555.123.4567
    r"|\d{3}-\d{4}"  # US local: 555-0123
    r")(?![\w/-]|\.\d)"
)
_NHS = re.compile(r"(?<![\d-])(\d{3})[\s-]?(\d{3})[\s-]?(\d{4})(?![\d-])")
_LONG_NUMBER = re.compile(r"(?<![\d.,/-])\d{7,}(?![\d.,/-]*\d)")


def nhs_checksum_ok(digits: str) -> bool:
    """The NHS number's modulus-11 check digit."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _valid_numeric_date(m: re.Match[str]) -> bool:
    if m.re.pattern.startswith("(?<![\\d/.-])((?:19|20)"):  # ISO yyyy-mm-dd
        return 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31
    if m.lastindex and m.lastindex >= 4:
        a, b = int(m.group(1)), int(m.group(3))
        return 1 <= a <= 31 and 1 <= b <= 31 and (a <= 12 or b <= 12)
    return True


def _structured(text: str) -> Iterator[Match]:
    for kind, pattern, group in _SIMPLE:
        for m in pattern.finditer(text):
            if kind == "DATE" and not _valid_numeric_date(m):
                continue
            if kind == "DATE" and group == 0 and _month_word_is_verb(m.group(0)):
                continue
            if pattern in (_INSTITUTION_NAME, _WORKPLACE) and not _names_one_institution(m.group(group)):
                continue  # "Secondary School", "works for the NHS", "worked for Dad"
            start, end = m.span(group)
            if kind == "URL":
                while end > start and text[end - 1] in ".,;:!?":
                    end -= 1
            yield Match(kind, start, end)
    for m in _NHS.finditer(text):
        if nhs_checksum_ok(m.group(1) + m.group(2) + m.group(3)):
            yield Match("NHS", m.start(), m.end())
    for m in _PHONE.finditer(text):
        digits = sum(ch.isdigit() for ch in m.group(0))
        plus = m.group(0).startswith("+")
        if (plus and 8 <= digits <= 15) or (not plus and (digits in (10, 11) or (digits == 7 and "-" in m.group(0)))):
            yield Match("PHONE", m.start(), m.end())
    for m in _LONG_NUMBER.finditer(text):
        yield Match("NUMBER", m.start(), m.end())


def _month_word_is_verb(found: str) -> bool:
    # "may 3 people" / "march 2 miles": lower-case may/march are verbs far more often than months.
    return bool(re.search(r"\b(?:may|march)\b", found)) and not re.search(r"\b(?:May|March)\b", found)


# --- names ------------------------------------------------------------------------------------------------------------


@cache
def places() -> tuple[frozenset[str], frozenset[str]]:
    """(towns and cities, regions): lower-cased names from GeoNames via tools/build_places.py. Towns and cities of
    15,000 people or more identify under HIPAA Safe Harbor; countries, US states and continents do not."""
    raw = files("reflect").joinpath("data/places.txt.gz").read_bytes()
    cities, regions = [], []
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        kind, _, name = line.partition("\t")
        (cities if kind == "city" else regions).append(name)
    return frozenset(cities), frozenset(regions)


# The field's authors a reflection cites, beyond the founders in PROPER_TERMS. Surnames common among clients' families
# (Sullivan, Bowen, Skinner, Levine, Brown ...) are left out: for them the reference cues in _not_a_person decide.
_AUTHORS = frozenset(
    """
    porges siegel rothschild kabat-zinn neff germer bollas racker heimann searles ferenczi balint fairbairn guntrip
    horney fromm satir minuchin epston shazer padesky greenberger salkovskis teasdale mearns lemma bromberg maroda
    stolorow orbach frankl erikson mahler tronick beebe lachmann schore cozolino courtois kolk brach tolle hanh
    chödrön chodron gottman luyten gergely mikulincer crittenden grossmann sroufe egeland yalom wampold norcross
    rollnick prochaska diclemente inskipp wosket scaife falender shafranske stoltenberg delworth ladany friedlander
    kiesler lingiardi mcwilliams gabbard assagioli bandura pavlov seligman glasser meichenbaum kazdin craske foa resick
    ehlers borkovec dugas hofmann nolen-hoeksema tirch goleman brené
    """.split()
)
# Apps, services, shops and medicines that turn up in sessions: capitalised, rarely dictionary words, never people
# (names that are also first names, such as Alexa or Zara, are left to the "a"/"the" cue in _names).
_PRODUCTS = frozenset(
    """
    spotify headspace duolingo deliveroo uber ubereats lyft tinder bumble grindr snapchat reddit discord fortnite
    minecraft roblox xbox playstation nintendo twitch tumblr pinterest linkedin telegram viber imessage iphone ipad
    android samsung microsoft amazon kindle audible fitbit strava peloton garmin myfitnesspal noom weightwatchers
    onlyfans ebay vinted depop etsy paypal monzo klarna primark tesco sainsburys asda aldi lidl morrisons waitrose
    greggs starbucks nando nandos mcdonalds kfc dominos ikea argos superdrug asos shein lego barbie lucozade coca-cola
    pepsi prosecco xanax valium prozac adderall ritalin elvanse zoloft lexapro wellbutrin ambien seroquel lyrica
    suboxone subutex calpol nurofen lemsip paracetamol ibuprofen tylenol advil samaritans cruse childline nspcc papyrus
    """.split()
)

# Capitalised words that name no one: calendar, family roles, faiths, countries and nationalities (larger than any
# area that identifies), the field's theorists and models, everyday services, apps and medicines.
PROPER_TERMS = (
    frozenset(
        """
    i i'm i'd i've i'll ok okay
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
    september october november december christmas easter ramadan eid diwali hanukkah passover thanksgiving halloween
    new year year's lent advent
    mum mom dad mummy mommy daddy nan nana nanna gran granny grandma grandad granddad grandpa grandmother
    grandfather auntie aunt uncle sis bro
    god jesus christ allah bible quran torah christian christians muslim muslims jewish hindu sikh buddhist catholic
    protestant church mosque temple synagogue
    english british american scottish welsh irish european african asian caribbean polish indian pakistani
    bangladeshi chinese french german spanish italian portuguese greek turkish arabic russian ukrainian romanian
    nigerian ghanaian somali jamaican kenyan latino latina latinx black white
    uk england scotland wales ireland britain america usa us europe africa asia india pakistan bangladesh poland
    france germany spain italy portugal greece turkey china japan canada australia nigeria ghana jamaica somalia
    kenya romania ukraine russia mexico brazil
    nhs gp a&e camhs iapt bacp ukcp hcpc bps apa dsm icd cbt dbt emdr act cat cfa mbt tfp pacs cats ecr ecr-r trq
    fwc cfi 3rs ptsd cptsd ocd adhd asd bpd eupd gad
    bowlby ainsworth main hesse winnicott klein kleinian freud freudian jung jungian rogers rogerian bion fonagy
    bateman safran muran eubanks hawkins shohet gibbs kolb schön schon johns carper rolfe borton freshwater jasper
    hayes gelso kivlighan bernard wallin holmes stern kohut kernberg linehan beck ellis perls yalom casement lacan
    dozier mallinckrodt tyrrell karpman berne mentalization mentalisation gestalt socratic oedipal oedipus
    adult attachment interview strange situation internal working model seven-eyed drama triangle person-centred
    person-centered psychodynamic transactional analysis
    zoom teams skype whatsapp facetime google facebook instagram tiktok twitter youtube netflix
    covid covid-19 lockdown
    mentalise mentalize mentalising mentalizing
    hogmanay yom kippur rosh hashanah hashana holi kwanzaa vaisakhi baisakhi navratri purim pesach sukkot shavuot
    whitsun whitsunday pentecost epiphany shrove candlemas michaelmas midsummer solstice equinox juneteenth nowruz
    chanukah lohri onam pongal samhain beltane valentine valentine's
    """.split()
    )
    | _AUTHORS
    | _PRODUCTS
)

_TITLES = frozenset(
    "mr mrs ms miss mx dr prof professor sir dame lady lord rev revd father sister brother aunt auntie uncle".split()
)
_REPORTING_VERBS = frozenset(
    """said says told asked arrived cried mentioned called texted emailed e-mailed wrote came left brought talked
    spoke described explained laughed smiled shouted rang phoned missed cancelled canceled wanted felt seemed looked
    sat walked insisted admitted disclosed reported complained went got became refused agreed stayed started stopped
    shared showed tried kept thinks thought wants feels knows""".split()
)
_TOKEN = re.compile(r"[^\W\d_][\w'’.-]*")
_CONTRACTIONS = ("n't", "n’t", "'re", "’re", "'ve", "’ve", "'ll", "’ll", "'d", "’d", "'m", "’m", "'s", "’s", "s'", "s’")


def _bare(token: str) -> str:
    """The word as a dictionary would list it: no trailing dots, possessive or contraction."""
    word = token.rstrip(".-'’")
    for suffix in _CONTRACTIONS:
        if word.lower().endswith(suffix) and len(word) > len(suffix) + 1:
            return word[: -len(suffix)]
    return word


def _is_common(word: str) -> bool:
    lower = word.lower()
    words = common_words()
    if lower in words or lower in PROPER_TERMS:
        return True
    if lower in ("won", "can", "shan", "ain"):
        return True
    if "-" in lower:
        return all(part in words or part in PROPER_TERMS or not part for part in lower.split("-"))
    return any(stem in words for stem in _stems(lower))


def _stems(lower: str) -> Iterator[str]:
    """Dictionary forms a derived word may come from: "frustratingly" <- frustrating, "mentalising" <- mentalise,
    "realized" <- realised. SCOWL lists most inflections but not every adverb or British/American spelling."""
    for suffix, replacements in _SUFFIXES:
        if lower.endswith(suffix) and len(lower) - len(suffix) >= 3:
            for replacement in replacements:
                yield lower[: -len(suffix)] + replacement
    if "is" in lower or "iz" in lower:
        yield re.sub(r"i[sz](e|ing|ed|es|ation|ations|er|ers)$", lambda m: "iz" + m.group(1), lower)
        yield re.sub(r"i[sz](e|ing|ed|es|ation|ations|er|ers)$", lambda m: "is" + m.group(1), lower)


_SUFFIXES = (
    ("ly", ("",)), ("ily", ("y",)), ("ness", ("",)), ("ing", ("", "e")), ("ed", ("", "e")), ("s", ("",)),
    ("ising", ("ise", "ize")), ("izing", ("ise", "ize")), ("ised", ("ise", "ize")), ("ized", ("ise", "ize")),
)  # fmt: skip


def _sentence_start(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t\"'“‘(«*-•>[":
        if text[i] in "-•*" and i > 0 and text[i - 1] not in " \n\t":
            break
        i -= 1
    if i < 0:
        return True
    if text[i] == "\n":
        return True
    if text[i] in ".!?:;…" and (start - i > 1):
        # "Dr. Patel": a title's dot does not start a sentence
        prev = re.search(r"(\w+)\.$", text[max(0, i - 40) : i + 1])  # a bounded window: linear in long fields
        return not (prev and (prev.group(1).lower() in _TITLES or re.fullmatch(r"[A-Z]", prev.group(1))))
    # a numbered list item ("1. Sarah ...")
    return text[i].isdigit() and re.search(r"(?:^|\n)\s*\d+[.)]\s*$", text[:start]) is not None


_FUNCTION_WORDS = frozenset(
    """a an the he she it we they you me him her his hers its our their this that these those there here then when
    what who and but or so as at by for from in of on to with may can do did""".split()
)


def _name_candidates(text: str, allow: frozenset[str]) -> Iterator[tuple[int, int, bool]]:
    """Capitalised tokens that may be names: (start, end, strong). A weak one is a capitalised common word in
    mid-sentence ("National Insurance"); it counts only as part of a run with a strong one ("Harbourside Centre")."""
    tokens = list(_TOKEN.finditer(text))
    lower_names: set[int] = set()
    for i, m in enumerate(tokens):
        token = m.group(0)
        word = _bare(token)
        if not word:
            continue
        lower = word.lower()
        if word.islower():
            paired = (  # "kieran and josh": the second of a pair of lower-case names
                i >= 2
                and i - 2 in lower_names
                and tokens[i - 1].group(0) in ("and", "or")
                and (not _is_common(lower) or lower in word_names())
            )
            if lower not in allow and (paired or _lower_case_name(text, tokens, i, lower)):
                lower_names.add(i)
                yield m.start(), m.start() + len(word), True
            continue
        if not word[0].isupper() or lower in allow or lower in _TITLES:
            continue
        if _not_a_person(text, tokens, i, word):
            continue
        if len(word) == 1 or (word.isupper() and len(word) <= 6):
            continue  # initials are handled with their surname; all-caps is an acronym or emphasis
        end = m.start() + len(word)
        previous = tokens[i - 1].group(0).rstrip(".").lower() if i else ""
        after_title = previous in _TITLES and text[tokens[i - 1].end() : m.start()].strip(" .") == ""
        if lower in PROPER_TERMS and not after_title:
            continue
        if after_title:
            yield m.start(), end, True
            continue
        common = _is_common(word)
        named = lower in word_names() and lower not in _FUNCTION_WORDS
        if _sentence_start(text, m.start()):
            if not common:
                yield m.start(), end, True
            elif (named and i + 1 < len(tokens) and tokens[i + 1].group(0).lower() in _REPORTING_VERBS
                  and text[m.end() : tokens[i + 1].start()].strip() == ""):  # fmt: skip
                yield m.start(), end, True
            continue
        yield m.start(), end, (not common) or named


_RELATIONS = frozenset(
    """friend mate pal son daughter brother sister cousin partner boyfriend girlfriend husband wife ex fiancé fiance
    fiancée boss manager colleague neighbour neighbor nephew niece stepdad stepmum stepmom stepfather stepmother
    stepson stepdaughter sponsor teacher tutor coach uncle aunt auntie nan nana gran granny grandma grandad grandpa
    twin baby child kid flatmate housemate roommate landlord landlady carer worker officer""".split()
)
_SPEECH_VERBS = frozenset("said says told tells asked asks".split())
# Verbs and prepositions after which a lower-case non-word is most likely a person ("mentioned sharon", "told me gaz").
_MENTIONS = _SPEECH_VERBS | frozenset(
    """mentioned mentions called calls texted texts visited visits met meets saw sees misses missed loves loved hates
    hated blames blamed""".split()
)
_DETERMINERS = frozenset("a an the my his her their our your its this that these those".split())
_AFTER_SPEECH = frozenset("was is had has would will wants wanted and".split())


def _lower_case_name(text: str, tokens: list[re.Match[str]], i: int, lower: str) -> bool:
    """A first name or nickname typed in lower case ("priya said", "her son jayden"). Only in a slot where a person
    stands: the common-word test alone would flag every typo, brand and drug written in lower case."""

    def near(j: int) -> str:
        return tokens[j].group(0).rstrip(".").lower() if 0 <= j < len(tokens) else ""

    def joined(a: int, b: int) -> bool:  # only spaces or a comma between the two tokens
        return a >= 0 and b < len(tokens) and text[tokens[a].end() : tokens[b].start()].strip(" ,") == ""

    # The slot first: most lower-case words stand in none, and this test is cheaper than the dictionary's.
    before, after = near(i - 1), near(i + 1)
    if before == "me" and near(i - 2) in _SPEECH_VERBS | {"texted", "rang", "called"}:
        before = "said"  # "told me gaz ..."
    if before in _DETERMINERS or not (after in _REPORTING_VERBS or before in _RELATIONS or before in _MENTIONS):
        return False  # "her son wants": a role, not a name
    if len(lower) < 2 or lower in _FUNCTION_WORDS or lower in PROPER_TERMS or "'" in lower or "’" in lower:
        return False
    if _drug_name(lower):
        return False
    speaks = after in _REPORTING_VERBS and joined(i, i + 1)
    related = before in _RELATIONS and joined(i - 1, i)
    reported = before in _SPEECH_VERBS and after in _AFTER_SPEECH and joined(i - 1, i) and joined(i, i + 1)
    if not _is_common(lower):
        mentioned = before in _MENTIONS and joined(i - 1, i)
        return speaks or related or reported or mentioned
    return lower in word_names() and (speaks or related or reported)


# International non-proprietary name stems: a capitalised non-word ending in one is a medicine, not a person.
_DRUG = re.compile(
    r"(?:oxetine|traline|talopram|apine|azepam|azolam|prazole|olol|pril|sartan|statin|triptan|tidine|cillin|mycin|"
    r"cycline|trigine|orphine|trexone|oxone|adol|idone|iprazole|afaxine|pramine|triptyline|zodone|pidem|piclone|"
    r"barbital|etamol|profen|codone|morphone|fentanyl|tanyl|gabalin|pentin|mazepine|proate|phetamine|phenidate|"
    r"zepine|peridol|azine|mide|thiazide|parin|oxacin|vudine|navir|metin|formin|glitazone|gliptin|lukast|tropium|"
    r"adone|orphan|azole|conazole|dronate|setron|lamide|tadine|asone|olone|onide|terol|vastatin|semide|ridone|"
    r"pirone|bamate|xetine|dazole|caine|ergoline|mipramine|clone|fenac|coxib|ximab|zumab|umab|tinib|platin)$"
)


def _drug_name(lower: str) -> bool:
    return bool(_DRUG.search(lower)) and lower not in word_names()


_FEAST_PARTS = frozenset("day eve night year".split())

# After these, a capitalised word is a reference, not a person: "Ogden's work", "reread Siegel", "uses Strava".
_SCHOLARLY = frozenset(
    """idea ideas work works theory theories model models concept concepts notion notions phrase term terms writing
    writings book books paper papers stages framework frameworks approach method view account critique
    formulation description definition levels triangle cycle""".split()
)
_PRODUCT_VERBS = frozenset(
    """using uses use used downloaded deleted installed uninstalled subscribed streams streaming reread rereading
    read reading drinks drank orders ordered""".split()
)
# Present tense, as notes cite authors ("Wallin argues"); the past tense is how they report what people did.
_ACADEMIC_VERBS = frozenset("write writes argue argues suggests propose proposes theorises theorizes posits".split())
_PRODUCT_NOUNS = frozenset(
    """app apps account subscription notifications feed playlist playlists streak order book books paper papers
    quote podcast lecture article chapter""".split()
)


def _not_a_person(text: str, tokens: list[re.Match[str]], i: int, word: str) -> bool:
    """A capitalised token whose form or company shows it is not a person (the allow-list for everything else)."""
    lower = word.lower()
    if lower.endswith("s") and lower[:-1] in PROPER_TERMS:  # Mondays, Fridays, Christians
        return True
    previous = tokens[i - 1].group(0) if i else ""
    if lower in _FEAST_PARTS and previous[:1].isupper():
        return True  # Mother's Day, Christmas Eve, Boxing Day, Bonfire Night
    following_word = _bare(tokens[i + 1].group(0)).lower() if i + 1 < len(tokens) else ""
    if following_word in _FEAST_PARTS - {"year"} | {"friday", "sunday", "monday", "thursday", "wednesday"} and (
        _is_common(word)
    ):
        return True  # Good Friday, Palm Sunday, Ash Wednesday, Boxing Day
    if not _is_common(word) and _drug_name(lower):
        return True
    if re.search(r"[a-z]{2}[A-Z]", word) and not re.match(r"Ma?c[A-Z]", word):
        return True  # PlayStation, YouTube, WhatsApp: a brand's camel case (but MacDonald)
    nxt = _bare(tokens[i + 1].group(0)).lower() if i + 1 < len(tokens) else ""
    if re.match(r"(?:'s|’s|s'|s’)\s", text[tokens[i].start() + len(word) : tokens[i].end() + 1]):
        if nxt in _SCHOLARLY:
            return True  # "Ogden's work", "Satir's idea"
    elif nxt in _PRODUCT_NOUNS:
        return True  # "the Calm app", "a Brené Brown book"
    if previous.lower() in _PRODUCT_VERBS:
        return True
    # "Thorne and Mearns write", "Wallin argues": an author doing what authors do (present tense, as notes cite them)
    rest = [_bare(t.group(0)).lower() for t in tokens[i + 1 : i + 4]]
    if rest[:1] and rest[0] in _ACADEMIC_VERBS and text[tokens[i].end() : tokens[i + 1].start()].isspace():
        return True
    if len(rest) >= 3 and rest[0] in ("and", "&") and rest[2] in _ACADEMIC_VERBS:
        return True
    # "Calm and Headspace" after "using": the second of a pair shares the first one's cue
    return previous.lower() in ("and", "or") and i >= 3 and tokens[i - 3].group(0).lower() in _PRODUCT_VERBS


_TITLE_WINDOW = 120  # longer than any run of titles and initials ("Prof. Dr. J. R. R. ")
_TITLES_BEFORE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Rev|Revd|Father|Sister|Brother|Aunt|Auntie|Uncle|Lady|"
    r"Lord|[Nn]ana|[Nn]an|[Gg]ran|[Gg]ranny|[Gg]randma|[Gg]randad|[Gg]randpa|[Gg]randa|auntie|aunt|uncle)\.? "
    r"|\b[A-Z]\.? )+$"
)
_LOCATIVE = frozenset("in from to near around outside of at via towards toward into".split())


def _names(text: str, allow: frozenset[str]) -> Iterator[Match]:
    merged: list[list] = []  # [start, end, strong]
    for start, end, strong in _name_candidates(text, allow):
        gap = text[merged[-1][1] : start] if merged else None
        if merged and gap is not None and re.fullmatch(r"[ -]|'s |’s | (?:de|van|von|der|da|di|le|la|al|bin) ", gap):
            merged[-1][1] = end
            merged[-1][2] = merged[-1][2] or strong
        else:
            merged.append([start, end, strong])
    cities, regions = places()
    for start, end, strong in merged:
        # A title or initials before the name belong to it: "Dr. Patel", "Mrs Khan", "J. Smith", "Uncle Bob".
        # Only a short window before the name is searched: searching all of text[:start] made long fields quadratic.
        window = max(0, start - _TITLE_WINDOW)
        before = _TITLES_BEFORE.search(text, window, start)
        if before and before.group(0).strip() not in ("I", "A"):
            if strong:
                yield Match("NAME", before.start(), end)
            continue
        previous = re.search(r"(\w+)\W*$", text[max(0, start - 30) : start])
        previous_word = previous.group(1).lower() if previous else ""
        if previous_word in ("a", "an", "the"):
            continue  # "a Fitbit", "the Samaritans": a thing or an organisation, not a person
        place = _bare(text[start:end]).lower()
        if place in regions or f"{previous_word} {place}" in regions:
            continue  # "Kentucky"; "New Hampshire", whose "New" is not a candidate
        if place in cities and (strong or previous_word in _LOCATIVE):
            yield Match("PLACE", start, end)  # "Florence" on its own is a name; "in Bath" is a place
        elif strong:
            yield Match("NAME", start, end)


def _denied(text: str, deny: Iterable[str]) -> Iterator[Match]:
    for phrase in deny:
        parts = [re.escape(p) for p in phrase.split()]
        if not parts:
            continue
        body = re.sub(r"['’]", "['’]", r"\s+".join(parts))  # either apostrophe matches either
        for m in re.finditer(rf"(?<!\w){body}(?!\w)", text, re.IGNORECASE):
            yield Match("DENY", m.start(), m.end())


# --- the public API ---------------------------------------------------------------------------------------------------

_PRIORITY = {k: i for i, k in enumerate(
    ["DENY", "EMAIL", "URL", "IP", "NHS", "SSN", "NI", "POSTCODE", "ZIP", "ADDRESS", "DATE", "AGE", "PHONE", "NUMBER",
     "HANDLE", "PLACE", "NAME"])}  # fmt: skip


def find(text: str, *, deny: Iterable[str] | None = None, allow: Iterable[str] | None = None) -> list[Match]:
    """Non-overlapping identifier matches, in order of position.

    `deny`/`allow` default to the lists of the journal in use (see `use_lists`). When two detectors claim overlapping
    text, the more specific kind wins (an NHS number over a phone number, an address over a name).
    """
    if not text:
        return []
    deny_list = _user_deny if deny is None else tuple(deny)
    allow_set = _user_allow if allow is None else frozenset(a.lower() for a in allow)
    candidates: list[Match] = [*_denied(text, deny_list), *_structured(text), *_names(text, allow_set)]
    candidates.sort(key=lambda m: (_PRIORITY[m.kind], -(m.end - m.start), m.start))
    # Chosen matches never overlap, so kept sorted by start they are sorted by end too: a new candidate can only
    # overlap its neighbours at the insertion point (bisect keeps long fields from being quadratic).
    starts: list[int] = []
    chosen: list[Match] = []
    for cand in candidates:
        if cand.end <= cand.start:
            continue
        at = bisect.bisect_left(starts, cand.start)
        if at > 0 and chosen[at - 1].end > cand.start:
            continue
        if at < len(chosen) and chosen[at].start < cand.end:
            continue
        starts.insert(at, cand.start)
        chosen.insert(at, cand)
    return chosen


def mask(text: str, *, deny: Iterable[str] | None = None, allow: Iterable[str] | None = None,
         keep: Callable[[Match], bool] | None = None) -> str:  # fmt: skip
    """The text with every match (except those `keep` accepts) replaced by its placeholder."""
    out, last = [], 0
    for m in find(text, deny=deny, allow=allow):
        if keep is not None and keep(m):
            continue
        out.append(text[last : m.start])
        out.append(m.placeholder)
        last = m.end
    out.append(text[last:])
    return "".join(out)


def context(text: str, match: Match, *, width: int = 30) -> str:
    """A short, masked excerpt around a match, safe to show: the match and any other identifier nearby are replaced
    by placeholders, and the excerpt is cut at word boundaries (never the whole entry)."""
    left = max(0, match.start - width)
    right = min(len(text), match.end + width)
    while left > 0 and not text[left - 1].isspace() and match.start - left < width + 15:
        left -= 1
    while right < len(text) and not text[right].isspace() and right - match.end < width + 15:
        right += 1
    excerpt = mask(text[left : match.start]) + match.placeholder + mask(text[match.end : right])
    excerpt = " ".join(excerpt.split())
    return ("…" if left > 0 else "") + excerpt + ("…" if right < len(text) else "")
