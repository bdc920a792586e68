"""Client codes: the one form they take, and the checks that keep identity out of them (no names, words or
initials plus a date), with generated codes to suggest instead."""

from __future__ import annotations

import re

CLIENT_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,15}$")


def typed_client_code_problem(text: str) -> str | None:
    """A prompt's check of a code as typed (any case, spaces around): None, or the problem as a sentence."""
    problem = client_code_problem(text.strip().upper())
    return None if problem is None else problem[0].upper() + problem[1:] + "."


_INITIALS_DATE = re.compile(r"^([A-Z]{1,3})[-_]?(\d{1,2}[-_]\d{1,2}[-_]\d{2,4}|\d{4}|\d{6}|\d{8})$")
_VOWELS = set("AEIOUY")


def client_code_problem(value: str) -> str | None:
    """Why a (normalised) client code is unacceptable, or None. Codes must not carry identity: a name, a word, or
    initials plus a date (of birth, usually) is refused with a generated suggestion."""
    if not CLIENT_CODE.match(value):
        return "must be a client code of 2-16 letters, digits and '-' (e.g. C-7F3K), never a name"
    reason = _identity_problem(value)
    if reason is None:
        return None
    suggestion = generate_client_code(set())
    return (
        f"{reason}, which can identify someone; use a code such as {suggestion} instead "
        "(keep any key to codes elsewhere)"
    )


def _identity_problem(value: str) -> str | None:
    m = _INITIALS_DATE.match(value)
    if m and _looks_like_date(re.sub(r"[-_]", "", m.group(2)), letters=len(m.group(1))):
        return "looks like initials plus a date"
    runs = re.findall(r"[A-Z]{3,}", value)
    if not runs:
        return None  # most codes (C-7F3K): no need to import the detector and its word lists
    from reflect.domain.wordlists import common_words, proper_nouns, word_names

    for run in runs:
        word = run.lower()
        # A known name or place (SARAH, SMITH, LEEDS), or a longer pronounceable run that is no ordinary word (PRIYA);
        # plain words that name no one pass (CLIENT-1), and so do unpronounceable runs (C-INJX).
        if word in proper_nouns() or (
            len(run) >= 5
            and client_code_problem_basic(run) is not None
            and (word not in common_words() or word in word_names())
        ):
            return "looks like a name"
    return None


def _looks_like_date(digits: str, *, letters: int) -> bool:
    def valid(day: int, month: int) -> bool:
        return 1 <= day <= 31 and 1 <= month <= 12

    n = [int(c) for c in digits]
    if len(digits) == 4:  # a year (after two or three initials) or day+month
        year = int(digits)
        return (letters >= 2 and 1900 <= year <= 2039) or valid(n[0] * 10 + n[1], n[2] * 10 + n[3])
    if len(digits) == 6:  # ddmmyy, mmddyy, yymmdd
        a, b, c = int(digits[:2]), int(digits[2:4]), int(digits[4:])
        return valid(a, b) or valid(b, a) or valid(c, b)
    if len(digits) == 8:  # ddmmyyyy, mmddyyyy, yyyymmdd
        return valid(int(digits[:2]), int(digits[2:4])) or valid(int(digits[2:4]), int(digits[:2])) or valid(
            int(digits[6:]), int(digits[4:6]))  # fmt: skip
    return len(digits) in (3, 4, 5, 6, 7, 8)


CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are read aloud and copied by hand


def generate_client_code(taken: set[str]) -> str:
    import secrets

    while True:
        code = "C-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(4))
        # Both checks: the quick one rules out pronounceable runs, the full one known names such as ANA or ARK.
        if code not in taken and client_code_problem_basic(code) is None and _identity_problem(code) is None:
            return code


def client_code_problem_basic(code: str) -> str | None:
    """The name check alone (generated codes can never look like a date: they have no 0 or 1). A run of letters looks
    like a name when it is pronounceable: a vowel, and consonant clusters no longer than names have (SARAH, SMITH,
    SAM are; INJX, HMW, QX are not)."""
    for run in re.findall(r"[A-Z]+", code):
        if len(run) == 3 and run[1] in _VOWELS and not (run[0] in _VOWELS and run[2] in _VOWELS):
            return "looks like a name"
        if len(run) >= 4 and _VOWELS & set(run):
            clusters = re.findall(r"[^AEIOUY]+", run)
            leading = len(clusters[0]) if run[0] not in _VOWELS and clusters else 0
            trailing = len(clusters[-1]) if run[-1] not in _VOWELS and clusters else 0
            if leading <= 4 and trailing <= 2 and all(len(c) <= 4 for c in clusters):
                return "looks like a name"
    return None
