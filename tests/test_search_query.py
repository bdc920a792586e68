"""The search language: what users type becomes a valid FTS5 expression, or a one-line UsageError, never a crash."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reflect.domain.entry_filter import EntryFilter
from reflect.domain.models import parse_entry
from reflect.domain.search_query import fts_expression
from reflect.errors import UsageError

nasty_chars = st.one_of(
    st.characters(),
    st.characters(categories=["Cs"]),
    st.characters(min_codepoint=0, max_codepoint=0x9F),
    st.sampled_from(["\u202e", "\u2066", "\ufeff", "\u200b", "\r", "\n", "\U0001f600", "\u0301", "_"]),
)
fts_syntax = st.sampled_from(
    list('"*-+():^{}') + ["AND", "OR", "NOT", "NEAR", "NEAR(", "observed:", "{observed}", '""', "*shame", "sh*ame"]
)
words = st.sampled_from(["shame", "rescue", "silence", "hug", "self-disclosure", "don't", "naïve", "淋しい"])
fts_queries = st.lists(st.one_of(fts_syntax, words, st.text(alphabet=nasty_chars, max_size=6)), max_size=7).map(
    " ".join
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("shame", '"shame"'),
        ("shame anger", '("shame" AND "anger")'),
        ('"wanted to rescue"', '"wanted to rescue"'),
        ("rescu*", '"rescu"*'),
        ('"wanted to res"*', '"wanted to res"*'),
        ("anger OR irritation", '("anger" OR "irritation")'),
        ("shame AND break", '("shame" AND "break")'),
        ("shame NOT break", '("shame" NOT "break")'),
        ("shame -break -fee", '(("shame" NOT "break") NOT "fee")'),
        ("(a OR b) c", '(("a" OR "b") AND "c")'),
        ("self-disclosure", '"self-disclosure"'),
        ("observed:silence", '"observed:silence"'),
        ("NEAR(a b)", '("NEAR" AND ("a" AND "b"))'),
        ("and or not", '("and" AND "or" AND "not")'),
        ("shame ***", '"shame"'),
        ("0\x00", '"0"'),  # found by hypothesis: a NUL ended the FTS5 string early
        ("sh\x1bame", '("sh" AND "ame")'),
        ("0\ud800", '"0\ufffd"'),  # a lone surrogate becomes U+FFFD, as for a command-line argument
    ],
)
def test_translation(query, expected):
    assert fts_expression(query) == expected


@pytest.mark.parametrize(
    "query", ['"', '"open', "AND", "OR a", "a OR", "a AND", "NOT a", "-a", "(a", "a)", "()", "", "a NOT NOT b", "*"]
)
def test_malformed_queries_raise_usage_error(query):
    with pytest.raises(UsageError):
        fts_expression(query)


@settings(max_examples=150, deadline=None)
@given(fts_queries)
@example("0\ud800")  # found by chance in a newcomer's run: a lone surrogate crashed FTS5 (UnicodeEncodeError)
def test_any_query_translates_or_says_why(query):
    try:
        expr = fts_expression(query)
    except UsageError as exc:
        assert "\n" not in exc.message
        return
    assert expr


@pytest.fixture(scope="module")
def small_journal(tmp_path_factory):
    from reflect.config import Paths
    from reflect.store.journal import Journal

    journal = Journal.open(Paths(tmp_path_factory.mktemp("q")))
    for i, text in enumerate(["shame and silence", "rescue: don't", "naïve hug", "淋しい self-disclosure"]):
        journal.save_entry(parse_entry({"client": "C-7F3K", "session_at": f"2026-03-0{i + 1}T10:00:00+00:00",
                                        "observed": text, "resonance": text}))  # fmt: skip
    yield journal
    journal.close()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fts_queries, st.booleans())
@example("rescue \ud800", False)  # a lone surrogate reached SQLite unencodable
@example("0\ud800", False)  # a lone surrogate crashed FTS5 (UnicodeEncodeError); cleaned as at the command line
@example("\udcff OR \ud800*", True)
def test_fts5_accepts_every_expression_we_build(small_journal, query, include_private):
    try:
        hits, total = small_journal.search(query, EntryFilter(), include_private=include_private)
    except UsageError as exc:
        assert "\n" not in exc.message
        return
    assert total >= len(hits)


def test_cli_never_shows_a_traceback_for_syntax(cli, journal, demo_entries):
    journal.import_entries(demo_entries[:10])
    for query in ['"', "NEAR(", "{observed}:x", "^", "OR", ")", "\x00", "\ud800"]:
        result = cli("search", query)
        assert result.exit_code in (0, 2), query
        assert "Traceback" not in result.stderr
        assert result.stderr.count("\n") <= 1
