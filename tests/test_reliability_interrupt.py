"""Interruption: Ctrl-C at any question of any shipped pack keeps every answer given, and `resume` finishes the entry.

In-process, every step of every shipped pack: a full interview is recorded once with a deterministic answerer, then
replayed with ScriptedAsker.INTERRUPT at each prompt in turn. The draft is reloaded from the journal (as
`reflect resume` would), the interview resumed with the answers not yet given, and the result compared with the
uninterrupted one. The resumed run must ask exactly the remaining questions: one asked twice means an answer was lost.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from reflect.domain import packs
from reflect.domain.models import entry_to_dict, parse_entry
from reflect.interview.asker import ScriptedAsker
from reflect.interview.runner import SKIP, Interview, InterviewContext
from reflect.store.journal import Journal

NOW = datetime(2026, 3, 11, 17, 0, tzinfo=UTC)
SHIPPED = ["quick", "standard", "deep", "rupture"]


class RecordingAsker:
    """Answers every prompt deterministically (non-default choices, several ticks, two ruptures, two supervision
    questions) and records the answers in order, so they can be replayed by a ScriptedAsker."""

    def __init__(self) -> None:
        self.answers: list[Any] = []
        self.asked: list[tuple[str, str]] = []
        self.seen: dict[str, int] = {}

    def _record(self, kind: str, message: str, value: Any) -> Any:
        self.asked.append((kind, message))
        self.answers.append(value)
        self.seen[message] = self.seen.get(message, 0) + 1
        return value

    def text(self, message, *, default="", help=None, validate=None):
        if validate is not None:  # client code and session date: the suggested value
            return self._record("text", message, default)
        if message.startswith("Another question"):
            value = "And a second question, about the ending?" if self.seen.get(message, 0) == 0 else ""
            return self._record("text", message, value)
        n = len(self.answers)
        return self._record("text", message, f"Answer {n}: she said “enough” 🙂 and looked away.")

    def select(self, message, choices, *, default=None, help=None, search=False):
        real = [c.value for c in choices if c.value != SKIP and c.value != default]
        return self._record("select", message, real[len(self.answers) % len(real)] if real else default)

    def checkbox(self, message, choices, *, default=(), help=None, search=False):
        real = [c.value for c in choices]
        return self._record("checkbox", message, real[1:3] if len(real) > 2 else real[:1])

    def confirm(self, message, *, default=False):
        if message.startswith("Another rupture"):
            return self._record("confirm", message, self.seen.get(message, 0) == 0)
        return self._record("confirm", message, True)

    def say(self, text):
        pass


def context(defaults: dict[str, Any] | None = None) -> InterviewContext:
    def previous_experiment(client: str, before: datetime):
        return ("Name the ending early.", before - timedelta(days=7))  # so the follow-up question is asked too

    return InterviewContext(
        now=NOW,
        client_codes=["C-7F3K", "C-2QX9"],
        new_code=lambda: "C-NEW1",
        previous_experiment=previous_experiment,
        defaults=defaults or {},
    )


def run_interview(journal: Journal, pack_name: str, asker, draft_id: str | None = None,
                  defaults: dict[str, Any] | None = None) -> tuple[dict, str]:  # fmt: skip
    pack = packs.get(pack_name, journal.path.parent / "prompts")
    draft = journal.get_draft(draft_id) if draft_id else journal.new_draft(pack.name)

    def persist(state: dict[str, Any]) -> None:
        draft.state = state
        journal.save_draft(draft)

    raw = Interview(pack, asker, draft.state, persist, context(defaults)).run()
    return raw, draft.id


def comparable(raw: dict[str, Any]) -> dict[str, Any]:
    entry = entry_to_dict(parse_entry(copy.deepcopy(raw), natural_dates=True, now=NOW))
    for key in ("id", "created_at", "updated_at"):
        entry.pop(key)
    for q in entry["supervision"]:
        q.pop("id")  # a fresh UUID per saved question
    return entry


def recorded(journal: Journal, pack_name: str, defaults: dict[str, Any] | None = None) -> tuple[RecordingAsker, dict]:
    asker = RecordingAsker()
    raw, draft_id = run_interview(journal, pack_name, asker, defaults=defaults)
    journal.delete_draft(draft_id)
    return asker, raw


@pytest.mark.parametrize("pack_name", SHIPPED)
def test_interrupt_at_every_prompt_then_resume(journal: Journal, pack_name: str) -> None:
    reference, full_raw = recorded(journal, pack_name)
    expected = comparable(full_raw)
    kinds = {kind for kind, _ in reference.asked}
    assert {"text", "select", "checkbox"} <= kinds
    assert any(m.startswith("How strongly did you feel") for _, m in reference.asked)  # the per-feeling rating

    for step in range(len(reference.answers)):
        given = reference.answers[:step]
        first = ScriptedAsker([*given, ScriptedAsker.INTERRUPT])
        with pytest.raises(KeyboardInterrupt):
            run_interview(journal, pack_name, first)
        assert first.asked == reference.asked[: step + 1]
        (draft,) = journal.drafts()  # what `reflect resume` loads: the journal's copy, not the object in memory

        second = ScriptedAsker(reference.answers[step:])
        raw, _ = run_interview(journal, pack_name, second, draft_id=draft.id)
        where = f"{pack_name}: interrupted at prompt {step} {reference.asked[step]}"
        assert second.asked == reference.asked[step:], where
        assert second.answers == [], where
        assert comparable(raw) == expected, where
        journal.delete_draft(draft.id)


def test_interrupting_an_edit_then_resuming(journal: Journal, demo_entries) -> None:
    """Editing re-runs the interview with the entry's answers as defaults: Ctrl-C and resume work the same way."""
    old = next(e for e in demo_entries if e.ruptures and e.supervision)
    defaults = entry_to_dict(old)
    reference, full_raw = recorded(journal, "deep", defaults)
    expected = comparable(full_raw)
    for step in range(0, len(reference.answers), 3):
        with pytest.raises(KeyboardInterrupt):
            run_interview(journal, "deep", ScriptedAsker([*reference.answers[:step], ScriptedAsker.INTERRUPT]),
                          defaults=defaults)  # fmt: skip
        (draft,) = journal.drafts()
        second = ScriptedAsker(reference.answers[step:])
        raw, _ = run_interview(journal, "deep", second, draft_id=draft.id, defaults=defaults)
        assert second.asked == reference.asked[step:]
        assert comparable(raw) == expected
        journal.delete_draft(draft.id)
