"""Person-like names and places in free text: capitalised words that are not common English words nor on the lists
in `name_words`, read with the cues around them (sentence starts, titles, reporting verbs, citations, "in Bath")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from reflect.domain.wordlists import common_words, word_names
from reflect.privacy.identifier_kinds import Match
from reflect.privacy.name_words import PROPER_TERMS, REPORTING_VERBS, TITLES, bare_word
from reflect.privacy.place_gazetteer import places

_TOKEN = re.compile(r"[^\W\d_][\w'’.-]*")


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
        return not (prev and (prev.group(1).lower() in TITLES or re.fullmatch(r"[A-Z]", prev.group(1))))
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
        word = bare_word(token)
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
        if not word[0].isupper() or lower in allow or lower in TITLES:
            continue
        if _not_a_person(text, tokens, i, word):
            continue
        if len(word) == 1 or (word.isupper() and len(word) <= 6):
            continue  # initials are handled with their surname; all-caps is an acronym or emphasis
        end = m.start() + len(word)
        previous = tokens[i - 1].group(0).rstrip(".").lower() if i else ""
        after_title = previous in TITLES and text[tokens[i - 1].end() : m.start()].strip(" .") == ""
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
            elif (named and i + 1 < len(tokens) and tokens[i + 1].group(0).lower() in REPORTING_VERBS
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
    if before in _DETERMINERS or not (after in REPORTING_VERBS or before in _RELATIONS or before in _MENTIONS):
        return False  # "her son wants": a role, not a name
    if len(lower) < 2 or lower in _FUNCTION_WORDS or lower in PROPER_TERMS or "'" in lower or "’" in lower:
        return False
    if _drug_name(lower):
        return False
    speaks = after in REPORTING_VERBS and joined(i, i + 1)
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
    following_word = bare_word(tokens[i + 1].group(0)).lower() if i + 1 < len(tokens) else ""
    if following_word in _FEAST_PARTS - {"year"} | {"friday", "sunday", "monday", "thursday", "wednesday"} and (
        _is_common(word)
    ):
        return True  # Good Friday, Palm Sunday, Ash Wednesday, Boxing Day
    if not _is_common(word) and _drug_name(lower):
        return True
    if re.search(r"[a-z]{2}[A-Z]", word) and not re.match(r"Ma?c[A-Z]", word):
        return True  # PlayStation, YouTube, WhatsApp: a brand's camel case (but MacDonald)
    nxt = bare_word(tokens[i + 1].group(0)).lower() if i + 1 < len(tokens) else ""
    if re.match(r"(?:'s|’s|s'|s’)\s", text[tokens[i].start() + len(word) : tokens[i].end() + 1]):
        if nxt in _SCHOLARLY:
            return True  # "Ogden's work", "Satir's idea"
    elif nxt in _PRODUCT_NOUNS:
        return True  # "the Calm app", "a Brené Brown book"
    if previous.lower() in _PRODUCT_VERBS:
        return True
    # "Thorne and Mearns write", "Wallin argues": an author doing what authors do (present tense, as notes cite them)
    rest = [bare_word(t.group(0)).lower() for t in tokens[i + 1 : i + 4]]
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


def find_names(text: str, allow: frozenset[str]) -> Iterator[Match]:
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
        place = bare_word(text[start:end]).lower()
        if place in regions or f"{previous_word} {place}" in regions:
            continue  # "Kentucky"; "New Hampshire", whose "New" is not a candidate
        if place in cities and (strong or previous_word in _LOCATIVE):
            yield Match("PLACE", start, end)  # "Florence" on its own is a name; "in Bath" is a place
        elif strong:
            yield Match("NAME", start, end)
