"""`reflect client show CODE --markdown`: a case-presentation document, redacted like every export."""

from __future__ import annotations

import os
import stat
from datetime import UTC, date, datetime

import pytest
import yaml
from markdown_it import MarkdownIt

from reflect.domain.models import parse_entry
from reflect.domain.profile import Profile

PROFILE = Profile(
    recorded_at=datetime(2026, 1, 5, 9, 0, tzinfo=UTC), anxiety=4.4, avoidance=2.3, measure="ECR-R",
    taken_on=date(2026, 1, 4), training_stage="trainee", supervisor="S-PRIV9", orientation="systemic",
)  # fmt: skip
SECTIONS = [
    "Case presentation: {client}", "Formulation", "From the journal", "Sessions",
    "My reactions against my other clients",
    "Ruptures and repairs", "Experiments and their follow-up", "Questions for reflection on my stance",
    "Open questions for supervision",
]  # fmt: skip


@pytest.fixture
def demo_journal(demo_journal):
    journal = demo_journal
    # One experiment holding an identifier, to see redaction at work.
    raw = {"client": "C-9JD2", "session_at": "2026-03-11T16:00:00+00:00", "session_number": 14,
           "experiment": "Ask about the letter; the service line is 020 7946 0958 or help@clinic.example.",
           "supervision": [{"question": "Can I reach the GP at gp@surgery.example?", "eye": 1}]}  # fmt: skip
    journal.save_entry(parse_entry(raw, now=datetime(2026, 3, 11, 17, tzinfo=UTC)))
    journal.add_profile(PROFILE)
    return journal


def split(document: str) -> tuple[dict, str]:
    assert document.startswith("---\n")
    head, body = document[4:].split("\n---\n", 1)
    return yaml.safe_load(head), body


def headings(body: str) -> list[str]:
    tokens = MarkdownIt("commonmark").enable("table").parse(body)
    return [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]


def test_standard_document_is_valid_markdown_with_front_matter(cli, demo_journal, tmp_path):
    path = tmp_path / "case.md"
    result = cli("client", "show", "C-9JD2", "--markdown", "-o", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert " ".join(result.stderr.split()) == (  # the message console wraps long lines
        f"Case document for C-9JD2 written to {path} (redaction: standard). It is plain text: share it only as your "
        "service allows."
    )
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    front, body = split(path.read_text(encoding="utf-8"))
    assert front == {
        "document": "case presentation", "generator": "reflect", "client": "C-9JD2", "sessions": 14,
        "first_session": "2025-12-15", "last_session": "2026-03-11", "written": front["written"],
        "redaction": "standard", "redaction_note": "standard: detected identifiers masked, private fields left out",
        "includes_private": False,
    }  # fmt: skip
    assert headings(body) == [s.format(client="C-9JD2") for s in SECTIONS]
    tokens = MarkdownIt("commonmark").enable("table").parse(body)
    assert sum(t.type == "table_open" for t in tokens) == 4  # sessions, reactions, ruptures, experiments
    # The four parts of the formulation, each pre-filled and each followed by room to edit.
    for part in ("Presenting pattern.", "What it evokes in me.", "The stance I aim for.", "What I will try next."):
        assert f"**{part}**" in body
    assert body.count("> ✎ **") == 5
    assert "Redaction level standard (detected identifiers masked, private fields left out)." in body
    # Identifiers in free text are masked; the text around them stays.
    assert "Ask about the letter; the service line is \\[PHONE\\] or \\[EMAIL\\]." in body  # escaped: no link syntax
    assert "Can I reach the GP at \\[EMAIL\\]?" in body
    assert "help@clinic.example" not in body and "7946" not in body
    # The profile is private: no research-linked questions, no scores, without --include-private.
    assert "Research on my own attachment" not in body and "ECR-R" not in body and "S-PRIV9" not in body


def test_include_private_adds_the_research_linked_questions(cli, demo_journal):
    result = cli("client", "show", "C-9JD2", "--markdown", "--include-private")
    front, body = split(result.stdout)
    assert front["includes_private"] is True
    assert headings(body)[-1] == "Research on my own attachment (private)"
    assert (
        "Research links therapist attachment anxiety with helpless and inadequate countertransference (Pell 2022)"
        in body
    )
    assert "S-PRIV9" not in body  # the supervisor code is never part of a case document


def test_strict_document_has_no_free_text_codes_or_dates(cli, demo_journal, demo_entries):
    result = cli("client", "show", "C-9JD2", "--markdown", "--strict")
    assert result.exit_code == 0, result.stderr
    document = result.stdout
    front, body = split(document)
    assert (front["client"], front["redaction"], front["first_session"]) == ("Client A", "strict", "2025-W51")
    assert "C-9JD2" not in document
    texts = [e.experiment for e in demo_entries if e.experiment] + [
        q.question for e in demo_entries for q in e.supervision
    ]
    assert not [t for t in texts if t in document]
    assert "letter" not in document
    assert "_(text left out: strict redaction)_" in body
    assert not [d for d in ("2025-12-15", "2026-03-11", "2026-01-") if d in document]
    assert headings(body)[0] == "Case presentation: Client A"


def test_no_redact_keeps_identifiers(cli, demo_journal):
    body = split(cli("client", "show", "C-9JD2", "--markdown", "--no-redact").stdout)[1]
    assert "help@clinic.example" in body
    assert "ECR-R" not in body  # no-redact is about identifiers; the profile still needs --include-private


def test_journal_text_cannot_inject_markdown_structure(cli, journal):
    raw = {"client": "C-INJX", "session_at": "2026-03-01T12:00:00+00:00",
           "experiment": "# Heading\n| a | b |\n<script>x</script> [link](http://x.example)"}  # fmt: skip
    journal.save_entry(parse_entry(raw, now=datetime(2026, 3, 2, tzinfo=UTC)))
    body = split(cli("client", "show", "C-INJX", "--markdown", "--no-redact").stdout)[1]
    tokens = MarkdownIt("commonmark").enable("table").parse(body)
    assert not any(
        t.type in ("html_block", "html_inline", "link_open") for t in tokens for t in [t, *(t.children or [])]
    )
    assert "Heading" not in headings(body)


def test_failed_write_leaves_nothing(cli, demo_journal, tmp_path):
    result = cli("client", "show", "C-9JD2", "--markdown", "-o", str(tmp_path / "missing" / "case.md"))
    assert result.exit_code == 1
    assert result.stderr == f"Error: the folder {tmp_path / 'missing'} does not exist.\n"
    assert list(tmp_path.iterdir()) == [tmp_path / "home"]


def _client_with(journal, code: str, pattern: str, stance: str) -> None:
    for day in (2, 9, 16):
        raw = {"client": code, "session_at": f"2026-03-{day:02d}T10:00:00+00:00",
               "presentation": {"pattern": pattern, "confidence": 2}, "stance": stance}  # fmt: skip
        journal.save_entry(parse_entry(raw, now=datetime(2026, 3, day, 12, tzinfo=UTC)))


@pytest.mark.parametrize(
    ("pattern", "researched"),
    [("anxious", True), ("avoidant", True), ("disorganized", True), ("secure", False), ("unclear", False)],
)
def test_attachment_research_note_only_for_the_presentations_it_concerns(cli, journal, pattern, researched):
    _client_with(journal, "C-STN1", pattern, "non-complementary")
    body = split(cli("client", "show", "C-STN1", "--markdown").stdout)[1]
    section = body.split("### Questions for reflection on my stance\n", 1)[1].split("\n### ", 1)[0]
    assert ("Attachment research favours" in section) is researched
    assert section.count("\n- ") >= 1  # the presentation's questions are there either way


def test_the_stance_aim_is_a_prompt_not_prefilled(cli, journal):
    from reflect.domain.stance import stance_prompts

    _client_with(journal, "C-STN2", "anxious", "complementary")
    body = split(cli("client", "show", "C-STN2", "--markdown").stdout)[1]
    formulation = body.split("## Formulation\n", 1)[1].split("\n## ", 1)[0]
    aim = formulation.split("**The stance I aim for.**", 1)[1].split("**What I will try next.**", 1)[0]
    assert aim == (
        " Logged so far: complementary 3, non-complementary 0, unsure 0: complementary in 100% (other clients –).\n\n"
        "> ✎ **The stance I aim for, in my words:** …\n\n"
    )
    offer = stance_prompts(None)["anxious"].offer
    assert offer and offer not in formulation  # the shipped phrase is offered beside the questions, never as the aim
    assert f"A stance to weigh, not a conclusion: {offer}." in body
