"""Detecting what could identify a client in free text (HIPAA Safe Harbor categories, UK identifiers).

`find(text)` returns the matches with their kind; `mask(text)` replaces each with a placeholder such as [EMAIL].

Two families of detectors:
- structured identifiers, matched by pattern and checked where a checksum or a calendar exists (NHS numbers, dates):
  e-mail, URL, IP, NHS number, US SSN, UK NI number, UK postcode, US ZIP (only beside a state or the word "zip": a
  bare five-digit number is far more often something else), street address, full date (day and month), age over 89,
  phone (UK, US, international), record/long numbers, social-media handles;
- person-like names: capitalised words that are not common English words (SCOWL, data/english-words.txt.gz), nor
  clinical or calendar terms, nor on the user's allow-list. Mid-sentence, a capital marks a proper noun even when the
  word is also a common one ("I saw Grace"); at the start of a sentence only non-words count, plus word-names followed
  by a reporting verb ("Grace said ...").

And the user's deny-list (employers, schools, places), matched as whole phrases, case-insensitively.

The detector is deliberately cautious (it would rather flag a place name than miss a person) and it cannot see names
written in lower case. Measured on the labelled corpus in tests/test_identifiers_corpus.py.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from reflect.domain.wordlists import common_words, word_names


@dataclass(frozen=True)
class Match:
    kind: str  # EMAIL, PHONE, URL, IP, DATE, AGE, NHS, SSN, NI, POSTCODE, ZIP, ADDRESS, NUMBER, HANDLE, NAME, DENY
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
    "NUMBER": "record or reference number", "HANDLE": "social-media handle", "NAME": "name", "DENY": "deny-listed",
}  # fmt: skip
STRUCTURED = frozenset(LABELS) - {"NAME", "DENY"}

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
    ("SSN", re.compile(r"(?<![\d-])(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}(?![\d-])"), 0),
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


# Capitalised words that name no one: calendar, family roles, faiths, countries and nationalities (larger than any
# area that identifies), the field's theorists and models, and everyday services.
PROPER_TERMS = frozenset(
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
    """.split()
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
    return False


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
        prev = re.search(r"(\w+)\.$", text[: i + 1])
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
    for i, m in enumerate(tokens):
        token = m.group(0)
        word = _bare(token)
        if not word or not word[0].isupper():
            continue
        lower = word.lower()
        if lower in allow or lower in _TITLES:
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


_TITLE_WINDOW = 120  # longer than any run of titles and initials ("Prof. Dr. J. R. R. ")
_TITLES_BEFORE = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Rev|Revd|Father|Sister|Brother|Aunt|Auntie|Uncle|Lady|"
    r"Lord)\.? |\b[A-Z]\.? )+$"
)


def _names(text: str, allow: frozenset[str]) -> Iterator[Match]:
    merged: list[list] = []  # [start, end, strong]
    for start, end, strong in _name_candidates(text, allow):
        gap = text[merged[-1][1] : start] if merged else None
        if merged and gap is not None and re.fullmatch(r"[ -]|'s |’s | (?:de|van|von|der|da|di|le|la|al|bin) ", gap):
            merged[-1][1] = end
            merged[-1][2] = merged[-1][2] or strong
        else:
            merged.append([start, end, strong])
    for start, end, strong in merged:
        if not strong:
            continue
        # A title or initials before the name belong to it: "Dr. Patel", "Mrs Khan", "J. Smith", "Uncle Bob".
        # Only a short window before the name is searched: searching all of text[:start] made long fields quadratic.
        window = max(0, start - _TITLE_WINDOW)
        before = _TITLES_BEFORE.search(text, window, start)
        if before and before.group(0).strip() not in ("I", "A"):
            start = before.start()
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
     "HANDLE", "NAME"])}  # fmt: skip


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
