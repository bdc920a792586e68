"""Markdown and CSV exports: they parse, hold every entry, take list's filters, and are redacted as they say."""

from __future__ import annotations

import csv
import io
import json
import stat

import pytest
import yaml
from markdown_it import MarkdownIt

from reflect.config import Paths
from reflect.domain.models import parse_entry
from reflect.store.journal import Journal

T = "2026-03-0{}T15:00:00+00:00"


@pytest.fixture(autouse=True)
def utc(monkeypatch):
    """Local time is UTC here, so dates and weeks in file names are the same on every machine."""
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def entry(n: int, **fields):
    data = {"client": "C-7F3K", "session_at": T.format(n), "created_at": T.format(n), "updated_at": T.format(n),
            "session_number": n}  # fmt: skip
    data.update(fields)
    return parse_entry(data)


@pytest.fixture
def journal_entries(journal_home):
    entries = [
        entry(1, observed="She emailed me at jo@example.org; I *wanted* to answer at once.\n# not a heading",
              resonance="My father's illness.", tags=["break", "email"], flagged=True,
              feelings={"protective": 3, "worried": 2}, urges=[{"urge": "reassure", "enacted": True}],
              ruptures=[{"type": "withdrawal", "intensity": 2, "note": "=HYPERLINK(\"x\") went quiet"}],
              supervision=["Why do I answer | so fast?"]),
        entry(2, client="C-2QX9", observed="Late again; said: \"it's nothing\".", interpretation="-Testing the frame.",
              tags=["lateness"]),
        entry(3, observed="Multi\nline\n\nobservation, with a, comma"),
    ]  # fmt: skip
    with Journal.open(Paths(journal_home)) as journal:
        journal.import_entries(entries)
    return entries


def test_markdown_document_parses_and_states_redaction(cli, journal_entries):
    result = cli("export", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    doc = result.stdout
    tokens = MarkdownIt("commonmark").parse(doc)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[0] == "Reflections exported from reflect"
    assert [h.split(":")[0] for h in headings[1:]] == ["C-7F3K, session 1", "C-2QX9, session 2", "C-7F3K, session 3"]
    assert "Redaction: standard: detected identifiers masked, private fields left out." in doc
    assert "jo@example.org" not in doc and "[EMAIL]" in doc.replace("\\[EMAIL\\]", "[EMAIL]")
    assert "illness" not in doc  # resonance is private
    assert "\\# not a heading" in doc  # journal text cannot become Markdown structure (headings checked above)
    html = MarkdownIt("commonmark").render(doc)
    assert "<em>wanted</em>" not in html
    assert result.stderr == (
        "Exported 3 entries; redaction standard: detected identifiers masked, private fields left out. "
        "Plaintext: keep it private.\n"
    )


def test_format_names_ignore_case_and_md_means_markdown(cli, journal_entries):
    markdown = cli("export", "-f", "markdown").stdout
    assert cli("export", "-f", "md").stdout == markdown
    assert cli("export", "-f", "CSV").stdout == cli("export", "-f", "csv").stdout
    assert (
        cli("export", "-f", "PDF").stderr == "Error: unknown format 'PDF'; available: json, markdown, csv, obsidian.\n"
    )


def test_markdown_document_takes_lists_filters_and_include_private(cli, journal_entries):
    doc = cli("export", "-f", "markdown", "--client", "C-7F3K", "--tag", "break", "--include-private").stdout
    assert doc.count("\n## ") == 1
    assert "Entries: client C-7F3K, tagged #break" in doc
    assert "My father's illness." in doc
    doc = cli("export", "-f", "markdown", "--since", "2026-03-02", "--until", "2026-03-02").stdout
    assert doc.count("\n## ") == 1 and "C-2QX9" in doc
    doc = cli("export", "-f", "markdown", "--flagged").stdout
    assert doc.count("\n## ") == 1
    empty = cli("export", "-f", "markdown", "--client", "C-ZZZZ").stdout
    assert empty.endswith("No entries matched.\n")


def test_markdown_strict_has_no_free_text_codes_or_dates(cli, journal_entries):
    doc = cli("export", "-f", "markdown", "--strict").stdout
    for secret in (
        "emailed",
        "Late again",
        "C-7F3K",
        "C-2QX9",
        "2026-03-01",
        "Mon 02 Mar",
        "illness",
        "answer at once",
    ):
        assert secret not in doc, secret
    assert "Client A, session 1: 2026-W09" in doc
    assert "Redaction: strict" in doc


def test_split_markdown_front_matter_parses(cli, journal_entries, tmp_path):
    folder = tmp_path / "notes"
    result = cli("export", "-f", "markdown", "--split", "-o", str(folder))
    assert result.exit_code == 0, result.stderr
    files = sorted(folder.iterdir())
    assert [f.name for f in files] == [
        f"2026-03-0{n}-1500-{e.client}-{e.id[:8]}.md" for n, e in enumerate(journal_entries, 1)
    ]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path, original in zip(files, journal_entries, strict=True):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        text = path.read_text(encoding="utf-8")
        assert text.startswith("---\n")
        _, front, body = text.split("---\n", 2)
        meta = yaml.safe_load(front)
        assert meta["id"] == original.id
        assert meta["client"] == original.client
        assert meta["date"].isoformat() == original.session_at.isoformat()
        assert meta["tags"] == list(original.tags)
        assert meta["flagged"] is original.flagged
        assert meta["redaction"] == "standard" and meta["private_fields_included"] is False
        assert MarkdownIt("commonmark").parse(body)[0].type == "heading_open"
    first = yaml.safe_load(files[0].read_text().split("---\n")[1])
    assert first["feelings"] == ["protective", "worried"] and first["session"] == 1 and first["ruptures"] == 1


def test_split_strict_front_matter(cli, journal_entries, tmp_path):
    folder = tmp_path / "shared"
    cli("export", "-f", "markdown", "--split", "-o", str(folder), "--strict")
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["2026-W09-Client-A-00001.md", "2026-W10-Client-A-00003.md", "2026-W10-Client-B-00002.md"]
    for path in folder.iterdir():
        meta = yaml.safe_load(path.read_text().split("---\n")[1])
        assert "id" not in meta and "date" not in meta
        assert meta["week"].startswith("2026-W") and meta["client"].startswith("Client ")
        assert meta["redaction"] == "strict"


def test_csv_opens_with_every_entry(cli, journal_entries):
    result = cli("export", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert [r["id"] for r in rows] == [e.id for e in journal_entries]
    first = rows[0]
    assert first["tags"] == "break; email"
    assert first["feelings"] == "protective 3; worried 2"
    assert first["urges"] == "reassure (acted on)"
    assert first["observed"] == "She emailed me at [EMAIL]; I *wanted* to answer at once.\n# not a heading"
    assert first["ruptures"].startswith("withdrawal (intensity 2/5, ") and "'=" not in first["ruptures"][:1]
    assert first["supervision"] == "Why do I answer | so fast?"
    assert first["flagged"] == "yes" and first["redaction"] == "standard"
    assert "resonance" not in first
    assert rows[1]["interpretation"] == "'-Testing the frame."  # a formula-like cell is made inert
    assert rows[2]["observed"] == "Multi\nline\n\nobservation, with a, comma"


def test_csv_private_strict_and_no_redact(cli, journal_entries):
    rows = list(csv.DictReader(io.StringIO(cli("export", "-f", "csv", "--include-private").stdout, newline="")))
    assert rows[0]["resonance"] == "My father's illness." and rows[0]["redaction"] == "standard + private"
    rows = list(csv.DictReader(io.StringIO(cli("export", "-f", "csv", "--no-redact").stdout, newline="")))
    assert "jo@example.org" in rows[0]["observed"] and rows[0]["redaction"] == "none"
    rows = list(csv.DictReader(io.StringIO(cli("export", "-f", "csv", "--strict").stdout, newline="")))
    assert "id" not in rows[0] and rows[0]["week"] == "2026-W09" and rows[0]["client"] == "Client A"
    assert all(r["observed"] == "" and r["supervision"] == "" for r in rows)


def test_csv_with_many_entries_to_a_file(cli, demo_journal, demo_entries, tmp_path):
    out = tmp_path / "all.csv"
    assert cli("export", "-f", "csv", "-o", str(out)).exit_code == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    with out.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert sorted(r["id"] for r in rows) == sorted(e.id for e in demo_entries)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "pdf"], "unknown format 'pdf'; available: json, markdown, csv, obsidian."),
        (["-f", "csv", "--split", "-o", "x"], "--split is for --format markdown."),
        (["-f", "markdown", "--split"], "--split writes one file per entry: give the folder with --output FOLDER."),
        (["-f", "csv", "--strict", "--no-redact"], "--strict and --no-redact contradict each other; choose one."),
        (["-f", "csv", "--redact", "--no-redact"], "--redact and --no-redact contradict each other; choose one."),
        (
            ["--no-redact"],
            "JSON export is complete unless you ask for --redact or --strict; --no-redact is for --format markdown "
            "or csv.",
        ),
        (["--include-private"], "--include-private goes with --redact or --strict (the complete JSON has everything)."),
    ],
)
def test_bad_export_options_are_one_line_errors(cli, journal_entries, args, message):
    result = cli("export", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"Error: {message}\n")


def test_json_export_is_unchanged(cli, journal_entries):
    doc = json.loads(cli("export").stdout)
    assert doc["format"] == "reflect/1" and len(doc["entries"]) == 3
