"""The identifier detector kind by kind, the user's lists, the guard on save, and client codes."""

from __future__ import annotations

import json

import pytest

from reflect.domain.client_codes import client_code_problem, generate_client_code
from reflect.domain.models import normalise_client_code
from reflect.interview import guard
from reflect.interview.asker import ScriptedAsker
from reflect.privacy import identifiers
from reflect.privacy.identifiers import context, find, mask, nhs_checksum_ok


def kinds(text: str, **kw) -> list[tuple[str, str]]:
    return [(m.kind, text[m.start : m.end]) for m in find(text, **kw)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail me at anna.b+x@example.co.uk today", [("EMAIL", "anna.b+x@example.co.uk")]),
        ("see https://example.org/a?b=1.", [("URL", "https://example.org/a?b=1")]),
        ("the host 10.0.0.255 was down", [("IP", "10.0.0.255")]),
        ("on 2001:db8:85a3:0:0:8a2e:370:7334 too", [("IP", "2001:db8:85a3:0:0:8a2e:370:7334")]),
        ("mobile 07700 900123", [("PHONE", "07700 900123")]),
        ("call (555) 123-4567", [("PHONE", "(555) 123-4567")]),
        ("call +49 30 1234567", [("PHONE", "+49 30 1234567")]),
        ("NHS 943 476 5919", [("NHS", "943 476 5919")]),
        ("SSN 078-05-1120", [("SSN", "078-05-1120")]),
        ("NI AB 12 34 56 C", [("NI", "AB 12 34 56 C")]),
        ("lives in SW1A 1AA", [("POSTCODE", "SW1A 1AA")]),
        ("Boston, MA 02134", [("PLACE", "Boston"), ("ZIP", "02134")]),
        ("at 221B Baker Street", [("ADDRESS", "221B Baker Street")]),
        ("on 3rd March 2024", [("DATE", "3rd March 2024")]),
        ("on March 3", [("DATE", "March 3")]),
        ("on 12/03/2024", [("DATE", "12/03/2024")]),
        ("aged 93", [("AGE", "93")]),
        ("a 101-year-old", [("AGE", "101-year-old")]),
        ("MRN: 00123456", [("NUMBER", "00123456")]),
        ("follows @quiet_rooms online", [("HANDLE", "@quiet_rooms")]),
    ],
)
def test_structured_kinds(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Session 12 lasted 50 minutes and she rated her mood 3/10.",
        "In 2024 we met 30 times; she is 45 and her son is 12.",
        "The score went from 21 to 14 over 6 weeks.",
        "She may 3 times a week go running.",
        "We talked about the 1990s and her twenties.",
        "I felt anxious, protective and a little bored.",
    ],
)
def test_ordinary_numbers_and_prose_are_not_identifiers(text):
    assert find(text) == []


def test_nhs_checksum():
    assert nhs_checksum_ok("9434765919")
    assert not nhs_checksum_ok("9434765918")
    assert not nhs_checksum_ok("123")
    # a 10-digit number that fails the checksum is still a phone number, never silently passed
    assert kinds("call 943 476 5918") == [("PHONE", "943 476 5918")]


def test_names_and_titles():
    assert kinds("Then Sarah Jones and Mr. Okafor arrived.") == [("NAME", "Sarah Jones"), ("NAME", "Mr. Okafor")]
    assert kinds("Grace said she was fine. I saw Grace later.") == [("NAME", "Grace"), ("NAME", "Grace")]
    assert kinds("Hope is what keeps her going.") == []
    assert kinds("We used the Gibbs cycle in March with CBT ideas.") == []
    assert kinds("The Social Services meeting was moved.") == []


def test_allow_and_deny_lists():
    text = "She works at Acme Widgets near St Mary's School; Brennan helped."
    assert ("NAME", "Brennan") in kinds(text)
    assert ("NAME", "Brennan") not in kinds(text, allow=["brennan"])
    found = kinds("she studied at st mary’s school", deny=["St Mary's School"])
    assert found == [("DENY", "st mary’s school")]
    assert mask("she studied at st mary’s school", deny=["St Mary's School"]) == "she studied at [REDACTED]"


def test_mask_and_context():
    text = "Long reflection first. " * 5 + "Then Priya rang me on 07700 900123 at home. " + "More text follows. " * 5
    assert "Priya" not in mask(text) and "[NAME] rang me on [PHONE]" in mask(text)
    m = next(m for m in find(text) if m.kind == "PHONE")
    excerpt = context(text, m)
    assert excerpt.startswith("…") and excerpt.endswith("…")
    assert "[PHONE]" in excerpt and "07700" not in excerpt and "Priya" not in excerpt
    assert len(excerpt) < 100


def test_use_lists_sets_the_journal_lists():
    try:
        identifiers.use_lists(deny=["Ravenswood Primary"], allow=["Brennan"])
        assert kinds("At Ravenswood Primary, Brennan") == [("DENY", "Ravenswood Primary")]
    finally:
        identifiers.use_lists()


def test_privacy_lists_cli(cli, tmp_path):
    assert cli("privacy", "deny", "add", "St Mary's School").stderr == "Added to the deny-list.\n"
    assert cli("privacy", "deny", "add", "st mary's school").stderr == "Already on the deny-list.\n"
    assert cli("privacy", "allow", "add", "Brennan").exit_code == 0
    assert json.loads(cli("privacy", "deny", "list", "--json").stdout) == ["St Mary's School"]
    assert cli("privacy", "allow", "list").stdout == "Brennan\n"
    assert cli("privacy", "allow", "add", "two words").exit_code == 2
    # the lists apply when scanning and exporting
    result = cli("privacy", "check", "-", input="Brennan goes to St Mary's School.\n")
    assert result.stdout == "DENY      Brennan goes to [REDACTED].\n"
    assert cli("privacy", "deny", "remove", "ST MARY'S SCHOOL").stderr == "Removed from the deny-list.\n"
    missing = cli("privacy", "deny", "remove", "nothing")
    assert missing.exit_code == 1 and missing.stderr == "Error: that is not on the deny-list.\n"
    # off the deny-list, the school is still found: a named school is a place
    assert cli("privacy", "check", "-", input="Brennan goes to St Mary's School.\n").stdout == (
        "PLACE     Brennan goes to [PLACE].\n"
    )


def test_answers_file_warns_with_masked_context_only(cli, tmp_path):
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"client": "C-7F3K", "observed": "Priya phoned from 07700 900123 about her sister."}))
    result = cli("new", "--answers", str(answers))
    assert result.exit_code == 0
    assert "Priya" not in result.stderr and "07700" not in result.stderr
    assert result.stderr.splitlines()[:4] == [
        "Warning: 2 possible identifiers in this entry:",
        "  observed (name): [NAME] phoned from [PHONE] about…",
        "  observed (phone number): [NAME] phoned from [PHONE] about her sister.",
        "Saved as written: --redact-identifiers replaces them, `reflect edit ID` changes the entry.",
    ]
    shown = json.loads(cli("show", result.stdout.strip()[:8], "--json").stdout)
    assert shown["observed"] == "Priya phoned from 07700 900123 about her sister."  # warned, saved as written


def test_answers_file_with_redact_identifiers(cli, tmp_path):
    answers = tmp_path / "a.json"
    answers.write_text(
        json.dumps(
            {
                "client": "C-7F3K",
                "observed": "Priya phoned from 07700 900123.",
                "supervision": [{"question": "How do I respond to Priya's texts?"}],
            }
        )
    )
    result = cli("new", "--answers", str(answers), "--redact-identifiers")
    assert result.exit_code == 0, result.stderr
    assert "Replaced 3 possible identifiers with placeholders." in result.stderr
    shown = json.loads(cli("show", result.stdout.strip()[:8], "--json").stdout)
    assert shown["observed"] == "[NAME] phoned from [PHONE]."
    assert shown["supervision"][0]["question"] == "How do I respond to [NAME]'s texts?"


def _entry(observed: str, note: str = "Tom went quiet"):
    from reflect.domain.models import parse_entry

    return parse_entry({"client": "C-7F3K", "session_at": "2026-03-10T15:00:00+00:00", "observed": observed,
                        "ruptures": [{"type": "withdrawal", "note": note}]})  # fmt: skip


def test_interview_review_replace_all():
    asker = ScriptedAsker(["all"])
    entry = guard.review(asker, _entry("Sarah called on 07700 900123."))
    assert entry.observed == "[NAME] called on [PHONE]."
    assert entry.ruptures[0].note == "[NAME] went quiet"
    assert asker.said[0] == "This entry may identify someone (3 possible identifiers):"
    assert all("Sarah" not in line and "Tom" not in line for line in asker.said)


def test_interview_review_one_by_one_and_keep():
    asker = ScriptedAsker(["each", True, False, True])
    entry = guard.review(asker, _entry("Sarah called on 07700 900123."))
    assert entry.observed == "[NAME] called on 07700 900123."
    assert entry.ruptures[0].note == "[NAME] went quiet"
    original = _entry("Sarah called.")
    assert guard.review(ScriptedAsker(["keep"]), original) == original
    clean = _entry("A quiet session.", note="a long silence")
    assert guard.review(ScriptedAsker([]), clean) == clean  # nothing found: nothing asked


def test_interview_saves_after_review(cli, pt_input, monkeypatch, tmp_path):
    """The real `run_interview`: the identifier review sits between the interview and "Save this entry?"."""
    from reflect.commands.common import open_journal
    from reflect.domain.entry_filter import EntryFilter
    from reflect.flows import writing
    from reflect.flows.entry import run_interview

    class FakeInterview:
        def __init__(self, pack, asker, state, persist, ctx):
            pass

        def run(self):
            return {"client": "C-7F3K", "session_at": "2026-03-10T15:00:00+00:00", "observed": "Sarah cried."}

    monkeypatch.setattr("reflect.interview.runner.Interview", FakeInterview)
    pt_input.send_text("\r" + "\r")  # replace all (default), then save (default yes)
    with open_journal() as journal:
        draft = journal.new_draft("standard", client="C-7F3K")
        run_interview(journal, draft, writing.pack_named("standard"))
        [entry] = journal.list_entries(EntryFilter())
    assert entry.observed == "[NAME] cried."


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("SARAH", "looks like a name"),
        ("grace-2", "looks like a name"),
        ("JS1985", "looks like initials plus a date"),
        ("js-120385", "looks like initials plus a date"),
        ("AB-12-03-85", "looks like initials plus a date"),
        ("C 7F3K", "must be a client code"),
    ],
)
def test_client_codes_that_identify_are_refused(code, problem, cli, tmp_path):
    assert problem in client_code_problem(normalise_code_input(code))
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"client": code, "observed": "x"}))
    result = cli("new", "--answers", str(answers))
    assert result.exit_code == 1
    assert problem in result.stderr
    assert code.upper() not in result.stderr  # the code is not echoed back


def normalise_code_input(code: str) -> str:
    return code.strip().upper()


@pytest.mark.parametrize("code", ["C-7F3K", "C-2QX9", "C-9JD2", "C-4HMW", "CLIENT-1", "C-2024", "XQ"])
def test_ordinary_codes_pass(code):
    assert normalise_client_code(code) == code


def test_generated_codes_never_look_like_names():
    codes = {generate_client_code(set()) for _ in range(300)}
    assert all(client_code_problem(c) is None for c in codes)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

pieces = st.one_of(
    st.text(max_size=12),
    st.text(alphabet="0123456789 @.-+/()'’:\n", max_size=12),
    st.sampled_from(["Sarah", "07700 900123", "SW1A 1AA", "3 March", "Dr", "Mr.", "943 476 5919", "a@b.co"]),
    # the pieces of places, institutions, ordinal days, ages in words and lower-case names
    st.sampled_from(
        [
            "HMP",
            "ward 27",
            "on the",
            "3rd",
            "ninety-three",
            "a hundred and",
            "Reading",
            "in",
            "priya",
            "said",
            "C of E",
            "Primary",
            "works at",
            "the",
            "Sertraline",
            "Mondays",
            "912-45-6789",
            "NHS number",
            "Mother's",
        ]
    ),  # fmt: skip
)
nasty = st.lists(pieces, max_size=12).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(nasty)
def test_find_and_mask_never_fail_and_never_overlap(text):
    matches = find(text)
    for a, b in zip(matches, matches[1:], strict=False):
        assert a.end <= b.start
    assert all(0 <= m.start < m.end <= len(text) for m in matches)
    expected = (
        "".join(text[(matches[i - 1].end if i else 0) : m.start] + m.placeholder for i, m in enumerate(matches))
        + text[(matches[-1].end if matches else 0) :]
    )
    assert mask(text) == expected
    for m in matches:
        assert context(text, m)  # never fails, never empty
