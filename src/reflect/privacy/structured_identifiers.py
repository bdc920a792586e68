"""Structured identifiers, matched by pattern and checked where a checksum or a calendar exists: e-mail, URL, IP,
NHS number, US SSN, UK NI number, UK postcode, US ZIP, street address, dates and days of the month, ages over 89,
phone numbers, record numbers, social-media handles, and institutions a client is found through."""

from __future__ import annotations

import re
from collections.abc import Iterator

from reflect.privacy.identifier_kinds import Match
from reflect.privacy.name_words import PRODUCTS, PROPER_TERMS, bare_word

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
        (word := bare_word(w).lower()) not in _GENERIC_PLACE_WORDS and (word not in PROPER_TERMS or word in PRODUCTS)
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


def find_structured(text: str) -> Iterator[Match]:
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
