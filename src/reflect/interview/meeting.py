"""The meeting questionnaire of `reflect supervision log`, asked through an Asker."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reflect.domain.dates import parse_when

if TYPE_CHECKING:
    from reflect.interview.asker import Asker


def ask_meeting(asker: Asker, open_questions: list[dict[str, Any]], today) -> dict[str, Any]:
    """The interactive form of `supervision log`, through the one prompt seam (tests script it)."""
    from reflect.interview.asker import Choice

    def whole(low: int, high: int):
        def check(text: str) -> str | None:
            return (
                None if text.strip().isdigit() and low <= int(text) <= high else f"a whole number from {low} to {high}"
            )

        return check

    def day_ok(text: str) -> str | None:
        try:
            parse_when(text)  # as the meeting's validator reads its day (flows/meeting.py)
        except ValueError as exc:
            return str(exc)
        return None

    raw: dict[str, Any] = {"held_on": asker.text("Day of the meeting?", default=today.isoformat(), validate=day_ok)}
    raw["minutes"] = int(asker.text("How many minutes?", default="60", validate=whole(1, 1440)))
    if asker.select("Format?", [Choice("individual", "Individual"), Choice("group", "Group")]) == "group":
        raw["group_size"] = int(asker.text("How many supervisees in the group?", default="4", validate=whole(2, 100)))
    raw["supervisor"] = asker.text("Your supervisor's code (e.g. S-01)?") or None
    outcomes = []
    if open_questions:
        import textwrap

        # One line each, cut at a word with an ellipsis: the id and client say which question it is.
        choices = [
            Choice(
                q["id"],
                f"{q['id'][:8]} {q['client']}: {textwrap.shorten(q['question'], 70, placeholder=' …')}",
                short=f"{q['id'][:8]} {q['client']}",
            )
            for q in open_questions
        ]
        talked = asker.checkbox("Which open questions did you discuss?", choices)
        if talked:
            done = asker.checkbox("Which of those are resolved?", [c for c in choices if c.value in talked])
            outcomes = [{"id": qid, "outcome": "resolved" if qid in done else "discussed"} for qid in talked]
    raw["questions"] = outcomes
    raw["notes"] = asker.text("Notes on the meeting?") or None
    actions = []
    kinds = [
        Choice("done", "No more action points"),
        Choice("experiment", "A next-session experiment for a client"),
        Choice("question", "A new supervision question about a client"),
        Choice("note", "Another action point"),
    ]
    what = {
        "experiment": "What will you try with this client next session?",
        "question": "What is the question to take to supervision?",
        "note": "What is the action point?",
    }

    def said(text: str) -> str | None:
        return None if text.strip() else "a few words, please"

    from reflect.domain.client_codes import typed_client_code_problem

    while (kind := asker.select("Add an action point?", kinds, default="done")) != "done":
        item: dict[str, Any] = {"kind": kind}
        if kind in ("experiment", "question"):
            # Checked as it is typed: a bad code found only when the meeting is saved would cost every answer before it.
            item["client"] = asker.text("Which client (code)?", validate=typed_client_code_problem).strip().upper()
        item["text"] = asker.text(what[kind], validate=said)
        actions.append(item)
    raw["actions"] = actions
    return raw
