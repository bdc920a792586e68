"""What the identifier detector reports: a match's kind and span, and the words and placeholders for each kind."""

from __future__ import annotations

from dataclasses import dataclass


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
