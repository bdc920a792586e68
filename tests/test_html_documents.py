"""The HTML supervision preparation and case presentation: one static file, charts with text alternatives and tables,
print layout and sign-off, and exactly the Markdown's redaction."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings

from html_helpers import external_references, parse_html
from planted_journal import AVOIDANT, BREAK, RUPTURES
from strategies import nasty_text
from test_prep import PERIOD, normalise, prepared, utc  # noqa: F401  (fixtures)

pytest.importorskip("pygal", reason="the HTML documents need the extra reflect-journal[html]")

GOLDEN = Path(__file__).parent / "golden" / "prep-demo.html"
DEMO_PERIOD = ("--since", "2025-12-10", "--until", "2026-03-11")


def prep_html(cli, tmp_path, *args: str) -> str:
    target = tmp_path / "prep.html"
    result = cli("supervision", "prep", *args, "--format", "html", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert os.stat(target).st_mode & 0o777 == 0o600
    return target.read_text(encoding="utf-8")


def test_prep_html_is_one_static_file_with_titled_charts_tables_and_signoff(prepared, cli, tmp_path):  # noqa: F811
    text = prep_html(cli, tmp_path, *PERIOD)
    parsed = parse_html(text)
    assert text.startswith("<!DOCTYPE html>")
    assert external_references(parsed) == []
    assert parsed.count("script") == 0
    # Four clients: each has an intensity chart; the overview adds the weekly one.
    svgs = [attrs for tag, attrs in parsed.tags if tag == "svg"]
    assert len(svgs) >= 5
    assert all(a.get("role") == "img" and a.get("aria-labelledby") for a in svgs)
    assert len(parsed.svg_titles) == len(svgs) == len(parsed.svg_descs)
    assert all(d.strip() for d in parsed.svg_descs)
    figures = [a for t, a in parsed.tags if t == "figure" and a.get("class") == "chart"]
    assert len(figures) == len(svgs) - 1 == parsed.count("table") - 1  # the weekly chart's table is the Markdown's
    for title in parsed.svg_titles:
        assert title.strip()
    assert any(t.startswith(f"{BREAK}: the pulls you logged") for t in parsed.svg_titles)
    assert any(t.startswith(f"{RUPTURES}: ruptures and repair") for t in parsed.svg_titles)
    assert any(t.startswith(f"{AVOIDANT}: the presentation you coded") for t in parsed.svg_titles)
    # Axis labels come from the chart library, inside each SVG.
    assert text.count('class="title">Session</text>') >= 4
    # Print: page breaks between clients, no figure cut, the period and redaction on every page.
    style = "".join(parsed.styles)
    assert "section.client { break-before: page;" in style
    assert "figure.chart, table, .signoff, tr { break-inside: avoid;" in style
    assert '@top-left { content: "Supervision preparation, 2026-01-01 to 2026-03-11; redaction: standard"' in style
    # The sign-off block closes the document.
    visible = parsed.visible
    for label in ("Supervisor (code)", "Date", "Discussed in supervision on", "Signature of supervisee",
                  "Signature of supervisor"):  # fmt: skip
        assert label in visible
    assert visible.rstrip().endswith("Signature of supervisor")
    # The clinician's coding is worded as theirs.
    assert "you coded avoidant / dismissing in 10 of 10 sessions" in " ".join(parsed.svg_descs)


def test_prep_html_has_the_markdowns_words_and_redaction(prepared, cli, tmp_path):  # noqa: F811
    markdown = cli("supervision", "prep", *PERIOD).stdout
    text = prep_html(cli, tmp_path, *PERIOD)
    visible = parse_html(text).visible
    assert "07700 900123" not in text and "[PHONE]" in visible
    assert "car journeys" not in text
    # Every sentence of the Markdown's body is in the page (less its Markdown escapes and front matter).
    body = markdown.split("\n---\n", 1)[1]
    in_fence = False
    for line in body.splitlines():
        in_fence ^= line.startswith("```")
        if in_fence or line.startswith(("```", "---", "| ---")):
            continue
        cells = line.strip("|").split(" | ") if line.startswith("|") else [line]
        for cell in cells:
            plain = re.sub(r"\*\*|^\*|\*$|\\(?=\S)|^\s*#+\s|^\s*(-|\d+\.)\s", "", cell.strip()).strip()
            assert " ".join(plain.split()) in visible, plain


def test_prep_html_strict_has_no_codes_dates_or_free_text(prepared, cli, tmp_path):  # noqa: F811
    text = prep_html(cli, tmp_path, *PERIOD, "--strict", "--include-private")
    for secret in ("sleepiness", "car journeys", "Name the break", BREAK, AVOIDANT, RUPTURES, "2026-03-11", "2026-01"):
        assert secret not in text
    assert "Client A" in parse_html(text).visible
    assert "redaction: strict" in text


def test_demo_prep_html_golden(demo_entries, journal, cli, tmp_path, utc):  # noqa: F811
    journal.import_entries(demo_entries)
    text = normalise(prep_html(cli, tmp_path, *DEMO_PERIOD))
    if os.environ.get("REFLECT_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_case_html(prepared, cli, tmp_path):  # noqa: F811
    target = tmp_path / "case.html"
    result = cli("client", "show", RUPTURES, "--format", "html", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert os.stat(target).st_mode & 0o777 == 0o600
    text = target.read_text(encoding="utf-8")
    parsed = parse_html(text)
    assert external_references(parsed) == [] and parsed.count("script") == 0
    assert parsed.svg_titles[:2] == [
        f"{RUPTURES}: intensity of your reactions, session by session",
        f"{RUPTURES}: the pulls you logged, session by session",
    ]
    assert any("ruptures and repair" in t for t in parsed.svg_titles)
    assert "Case presentation" in parsed.visible and "Discussed in supervision on" in parsed.visible
    strict = tmp_path / "strict.html"
    assert cli("client", "show", RUPTURES, "--format", "html", "--strict", "-o", str(strict)).exit_code == 0
    assert RUPTURES not in strict.read_text(encoding="utf-8")


def test_html_without_the_extra_is_one_error(prepared, cli, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setitem(sys.modules, "pygal", None)  # as if the extra were not installed
    for args in (("supervision", "prep"), ("client", "show", BREAK)):
        result = cli(*args, "--format", "html", "-o", str(tmp_path / "x.html"))
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr == (
            "Error: --format html needs the optional extra reflect-journal[html] (the chart library pygal and "
            "markdown-it-py): pip install 'reflect-journal[html]'.\n"
        )
    assert not (tmp_path / "x.html").exists()


def test_unknown_format(prepared, cli):  # noqa: F811
    result = cli("supervision", "prep", "--format", "pdf")
    assert (result.exit_code, result.stderr) == (2, "Error: unknown format 'pdf'; available: markdown, html.\n")


@settings(max_examples=200, deadline=None)
@given(text=nasty_text)
@example(text="0)")  # Hypothesis found it: a numbered list
@example(text="    indented")  # an indented code block
@example(text="&amp; ~~~")  # an entity, a fence
def test_journal_text_is_only_ever_text_in_the_page(text):
    """Whatever a journal holds, once escaped for Markdown it becomes text in the HTML: never a tag or an address."""
    from reflect.domain.textsafe import clean_text
    from reflect.render.html import markdown_html
    from reflect.render.markdown import md_escape

    value = clean_text(text)
    page = markdown_html(md_escape(value))
    parsed = parse_html(page)
    assert external_references(parsed) == []
    assert {tag for tag, _ in parsed.tags} <= {"p", "br"}
    assert " ".join(parsed.visible.split()) == " ".join(value.split())


def test_hostile_question_text_stays_text(cli, tmp_path):
    from test_supervision import add_entry

    hostile = '</p><script>alert(1)</script><img src="https://example.org/x.png"> [link](https://example.org)'
    add_entry(cli, tmp_path, when="2026-03-02T15:00:00+00:00", questions=(hostile,))
    text = prep_html(cli, tmp_path, "--since", "2026-03-01", "--until", "2026-03-11", "--no-redact")
    parsed = parse_html(text)
    assert external_references(parsed) == [] and parsed.count("script") == 0
    assert hostile in parsed.visible
