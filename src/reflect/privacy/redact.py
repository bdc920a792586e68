"""Redaction levels for everything that leaves the journal (Markdown, CSV, prep documents, case documents).

Levels, from most to least protective:
- strict:   no free text at all, dates as ISO week numbers, client codes replaced by per-export aliases;
            for sharing outside the training setting.
- standard: (the default) free text kept but detected identifiers masked ([EMAIL], [PHONE], ...); private fields
            (`resonance`, private free answers) left out unless include_private.
- none:     nothing masked (must be asked for explicitly with --no-redact); private fields still need include_private.

The identifier detector lives in `identifiers.py`; this module only decides what to do with what it finds.
"""

from __future__ import annotations

import enum
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from reflect.privacy.identifiers import mask

if TYPE_CHECKING:
    from reflect.domain.models import Entry


class Level(enum.Enum):
    STRICT = "strict"
    STANDARD = "standard"
    NONE = "none"

    @property
    def description(self) -> str:
        return {
            Level.STRICT: "strict: no free text, dates as week numbers, client codes replaced by aliases",
            Level.STANDARD: "standard: detected identifiers masked",
            Level.NONE: "none: identifiers not masked",
        }[self]


@dataclass
class Redactor:
    """One export's redaction decisions. Create one per document: strict aliases are re-keyed per export."""

    level: Level = Level.STANDARD
    include_private: bool = False
    _aliases: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_options(cls, *, strict: bool = False, no_redact: bool = False, include_private: bool = False) -> Redactor:
        from reflect.errors import UsageError

        if strict and no_redact:
            raise UsageError("--strict and --no-redact contradict each other; choose one.")
        level = Level.STRICT if strict else Level.NONE if no_redact else Level.STANDARD
        return cls(level=level, include_private=include_private)

    @property
    def description(self) -> str:
        """The level and what happens to private fields, as every document states it."""
        if self.level is Level.STRICT:
            return self.level.description  # no free text at all, private or not
        return f"{self.level.description}, private fields {'included' if self.include_private else 'left out'}"

    @property
    def keeps_text(self) -> bool:
        return self.level is not Level.STRICT

    def text(self, value: str | None, *, private: bool = False) -> str | None:
        """Free text as it may appear in this export (None when it must be left out)."""
        if value is None:
            return None
        if private and not self.include_private:
            return None
        if self.level is Level.STRICT:
            return None
        if self.level is Level.STANDARD:
            return mask(value)
        return value

    def client(self, code: str) -> str:
        """Client codes: unchanged, except under strict, where each export gets fresh aliases (Client A, B, ...)."""
        if self.level is not Level.STRICT:
            return code
        if code not in self._aliases:
            n = len(self._aliases)
            letters = ""
            while True:
                letters = chr(ord("A") + n % 26) + letters
                n = n // 26 - 1
                if n < 0:
                    break
            self._aliases[code] = f"Client {letters}"
        return self._aliases[code]

    def when(self, dt: datetime, fmt: str = "%Y-%m-%d") -> str:
        """A date as shown in this export: under strict only the ISO week."""
        local = dt.astimezone()
        if self.level is Level.STRICT:
            year, week, _ = local.isocalendar()
            return f"{year}-W{week:02d}"
        return local.strftime(fmt)

    def entry(self, entry: Entry, private_answers: Collection[str] | None = None) -> dict[str, Any]:
        """An entry's `reflect/1` object as this level allows it to leave the journal.

        `private_answers` are the ids of free answers marked private in the entry's pack; None (pack unknown) treats
        every free answer as private. Under strict no free text survives at all, only ratings and choices; dates
        become ISO weeks, client codes aliases, and ids are dropped (they would link exports to each other).
        """
        from reflect.domain.dates import iso
        from reflect.domain.models import entry_to_dict

        data = entry_to_dict(entry)
        for key in ("observed", "interpretation", "experiment"):
            data[key] = self.text(data[key])
        data["resonance"] = self.text(data["resonance"], private=True)
        if data["experiment_followup"]:
            data["experiment_followup"]["note"] = self.text(data["experiment_followup"]["note"])
        for rupture in data["ruptures"]:
            rupture["note"] = self.text(rupture["note"])
        questions = []
        for q in data["supervision"]:
            q["question"] = self.text(q["question"])
            if q["question"] is not None:
                questions.append(q)
        data["supervision"] = questions
        answers: dict[str, Any] = {}
        for key, value in data["answers"].items():
            private = private_answers is None or key in private_answers
            if isinstance(value, str):
                value = self.text(value, private=private)
            elif isinstance(value, list):
                kept = [self.text(v, private=private) for v in value]
                value = None if any(v is None for v in kept) else kept
            elif private and not self.include_private:
                value = None
            if value is not None:
                answers[key] = value
        data["answers"] = answers
        if self.level is Level.STRICT:
            data["id"] = None
            data["client"] = self.client(entry.client)
            data["session_at"] = self.when(entry.session_at)
            data["created_at"] = self.when(entry.created_at)
            data["updated_at"] = self.when(entry.updated_at)
            for q in data["supervision"]:
                q["id"] = None
                q["status_at"] = self.when(entry.session_at) if q["status_at"] else None
        else:
            data["session_at"] = iso(entry.session_at)
        return data
