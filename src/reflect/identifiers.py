"""Detecting what could identify a client in free text (HIPAA Safe Harbor categories, UK identifiers).

`find(text)` returns the matches with their kind; `mask(text)` replaces each with a placeholder such as [EMAIL].
Structured identifiers are matched by pattern; the privacy work extends this with names, addresses and checksums.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Match:
    kind: str  # EMAIL, PHONE, URL, IP, ...
    start: int
    end: int

    @property
    def placeholder(self) -> str:
        return f"[{self.kind}]"


_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("EMAIL", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")),
    ("URL", re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)),
    ("IP", re.compile(r"\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\b")),
    ("PHONE", re.compile(r"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(?\d{2,5}\)?[\s.-]?)\d{3,4}[\s.-]?\d{3,4}(?!\w)")),
]


def find(text: str) -> list[Match]:
    """Non-overlapping identifier matches, in order of position."""
    found: list[Match] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if not any(m.start() < f.end and f.start < m.end() for f in found):
                found.append(Match(kind, m.start(), m.end()))
    return sorted(found, key=lambda m: m.start)


def mask(text: str) -> str:
    out, last = [], 0
    for m in find(text):
        out.append(text[last : m.start])
        out.append(m.placeholder)
        last = m.end
    out.append(text[last:])
    return "".join(out)
