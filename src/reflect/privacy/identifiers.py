"""Detecting what could identify a client in free text (HIPAA Safe Harbor categories, UK identifiers).

`find(text)` returns the matches with their kind; `mask(text)` replaces each with a placeholder such as [EMAIL].

Three families of detectors:
- structured identifiers, matched by pattern and checked where a checksum or a calendar exists (NHS numbers, dates):
  e-mail, URL, IP, NHS number, US SSN (any area number), UK NI number, UK postcode, US ZIP (only beside a state or
  the word "zip": a bare five-digit number is far more often something else), street address, full date (day and
  month) and day of the month ("on the 3rd"), age over 89 (digits or words), phone (UK, US, international),
  record/long numbers, social-media handles;
- places: towns and cities from a GeoNames-derived list (data/places-cities.txt, built by tools/build_places.py; a city
  that is an ordinary word, such as Reading or Bath, only after "in", "from", "to" ...), and institutions a client is
  found through (prisons, wards, named schools, workplaces and services). Countries and US states are left alone;
- person-like names: capitalised words that are not common English words (SCOWL, data/english-words.txt), nor
  clinical or calendar terms, medicines, brands or the field's authors, nor on the user's allow-list. Mid-sentence, a
  capital marks a proper noun even when the word is also a common one ("I saw Grace"); at the start of a sentence
  only non-words count, plus word-names followed by a reporting verb ("Grace said ..."). In lower case, only in a
  slot where a person stands ("priya said", "her son jayden").

And the user's deny-list (employers, schools, places), matched as whole phrases, case-insensitively.

This module holds the user's lists and the public API that combines the detectors: `structured_identifiers.py`
(patterns and checks), `name_detector.py` (names and places, with the word lists in `name_words.py` and the towns in
`place_gazetteer.py`), and the kinds they report (`identifier_kinds.py`).

The detector is deliberately cautious (it would rather flag a place name than miss a person). Measured on the labelled
corpora in tests/test_identifiers_corpus.py.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator

from reflect.privacy.identifier_kinds import LABELS, PLACEHOLDERS, STRUCTURED, Match
from reflect.privacy.name_detector import find_names
from reflect.privacy.structured_identifiers import find_structured, nhs_checksum_ok

__all__ = ["LABELS", "PLACEHOLDERS", "STRUCTURED", "Match", "context", "find", "mask", "nhs_checksum_ok", "use_lists"]

# --- the user's own lists ---------------------------------------------------------------------------------------------
# The deny/allow lists live in the journal (they are themselves identifying: "St Mary's School"); the command that
# opens a journal hands them over here, so every scan and every Redactor in that process uses them.
_user_deny: tuple[str, ...] = ()
_user_allow: frozenset[str] = frozenset()


def use_lists(deny: Iterable[str] = (), allow: Iterable[str] = ()) -> None:
    global _user_deny, _user_allow
    _user_deny = tuple(d for d in deny if d.strip())
    _user_allow = frozenset(a.strip().lower() for a in allow if a.strip())


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
    candidates: list[Match] = [*_denied(text, deny_list), *find_structured(text), *find_names(text, allow_set)]
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
