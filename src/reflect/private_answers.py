"""Which free answers of an entry are private (`private = true` on the pack question that asked them).

Free answers are stored by question id; whether one is private is known only from the pack that asked it. Search and
the Markdown/CSV exports treat an answer as public only when its pack and question are known and the question is not
private: when the pack is missing, renamed, or fails to load, the answer counts as private. Leaving something out of a
shared document or a default search is the mistake that can be undone; leaking a private reflection is not.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from reflect.models import Entry


class AnswerPrivacy:
    """Decides per entry; caches each pack's public question ids (one lookup per pack name, not per entry)."""

    def __init__(self, user_prompts: Path | None) -> None:
        self.user_prompts = user_prompts
        self._public: dict[str | None, frozenset[str]] = {}

    def public_ids(self, pack_name: str | None) -> frozenset[str]:
        if pack_name not in self._public:
            self._public[pack_name] = self._load(pack_name)
        return self._public[pack_name]

    def _load(self, pack_name: str | None) -> frozenset[str]:
        if pack_name is None:
            return frozenset()
        from reflect import packs

        try:
            pack = packs.available(self.user_prompts).get(pack_name)
        except Exception:  # a broken user pack must not stop a search or an export: treat its answers as private
            return frozenset()
        if pack is None:
            return frozenset()
        return frozenset(q.id for q in pack.questions if q.field is None and not q.private)

    def split(self, entry: Entry) -> tuple[dict[str, Any], dict[str, Any]]:
        """(public answers, private answers) of one entry, each in the entry's own order."""
        public_ids = self.public_ids(entry.pack)
        public: dict[str, Any] = {}
        private: dict[str, Any] = {}
        for key, value in entry.answers.items():
            (public if key in public_ids else private)[key] = value
        return public, private


def answer_text(answers: Mapping[str, Any]) -> str:
    """The searchable text of free answers: text and lists of text (numbers and yes/no are not words to find)."""
    parts: list[str] = []
    for value in answers.values():
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, list):
            parts.extend(v for v in value if isinstance(v, str))
    return "\n".join(parts)
