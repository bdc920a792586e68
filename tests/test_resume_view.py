"""What `reflect resume` shows of a draft before going on: each kept answer in words, never slugs or Python values."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from rich.console import Console

from reflect.render.drafts import answer_text, resume_view


def test_each_kind_of_kept_answer_reads_as_words():
    assert answer_text("feelings", {"worried": 3, "warm": 2}) == "worried 3, warm 2"
    assert answer_text("urges", [{"urge": "reassure", "enacted": True}, {"urge": "end-early", "enacted": False}]) == (
        "Reassure (acted on), End early or cancel (felt)"
    )
    assert answer_text("pulls", ["special-overinvolved"]) == "Special / over-involved"
    assert answer_text("events", ["first-session", "late"]) == "First session, Client was late"
    assert answer_text("stance", "non-complementary") == "Non-complementary"
    assert answer_text("presentation", {"pattern": "avoidant", "confidence": 2, "markers": []}) == (
        "Avoidant / dismissing"
    )
    assert answer_text("intensity", 6) == "6/10"
    assert answer_text("flagged", True) == "yes"
    assert answer_text("ruptures", [{"type": "withdrawal"}]) == "1 recorded"
    assert answer_text(None, "A free answer.") == "A free answer."
    assert answer_text("body", []) == "(none)"


def test_the_view_names_client_session_and_what_is_kept():
    console = Console(width=80, file=io.StringIO(), no_color=True, highlight=False, markup=False, emoji=False)
    saved = datetime(2026, 3, 10, 16, 0, tzinfo=UTC)
    console.print(resume_view("c8c9502c-0000", "Standard reflection", None, None, saved, [], 16))
    text = console.file.getvalue()
    assert "no client yet" in text and "session date not given yet" in text
    assert "No answers kept yet: starting from the first question." in text
