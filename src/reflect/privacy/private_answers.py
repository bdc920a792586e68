"""Which free answers of an entry are private (`private = true` on the pack question that asked them).

Free answers are stored by question id; whether one is private is known only from the pack that asked it. Search and
the Markdown/CSV exports treat an answer as public only when its pack and question are known and the question is not
private: when the pack is missing, renamed, or fails to load, the answer counts as private. Leaving something out of a
shared document or a default search is the mistake that can be undone; leaking a private reflection is not.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reflect.domain.models import Entry

if TYPE_CHECKING:
    from reflect.domain.packs import Pack


class AnswerPrivacy:
    """Decides per entry, and words free answers for display; loads each pack once (per pack name, not per entry)."""

    def __init__(self, user_prompts: Path | None) -> None:
        self.user_prompts = user_prompts
        self._packs: dict[str, Pack | None] = {}
        self._public: dict[str | None, frozenset[str]] = {}

    def _pack(self, pack_name: str | None) -> Pack | None:
        if pack_name is None:
            return None
        if pack_name not in self._packs:
            from reflect.domain import packs

            try:
                self._packs[pack_name] = packs.available(self.user_prompts).get(pack_name)
            except Exception:  # a broken user pack must not stop a search or an export: its answers count as private
                self._packs[pack_name] = None
        return self._packs[pack_name]

    def public_ids(self, pack_name: str | None) -> frozenset[str]:
        if pack_name not in self._public:
            pack = self._pack(pack_name)
            questions = pack.questions if pack is not None else ()
            self._public[pack_name] = frozenset(q.id for q in questions if q.field is None and not q.private)
        return self._public[pack_name]

    def asked(self, pack_name: str | None) -> dict[str, str]:
        """Question id -> the question as the pack asks it, for showing free answers; {} when the pack is unknown
        (they are then shown under their ids)."""
        pack = self._pack(pack_name)
        return {} if pack is None else {q.id: q.ask for q in pack.questions if q.field is None}

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
