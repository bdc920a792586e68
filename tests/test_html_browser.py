"""The HTML documents in a real browser: headless Chromium driven over the DevTools protocol. The page loads with no
console error and no request but its own file, screenshots come out at desktop and print width, and printing to PDF
(A4 and Letter) puts each client on a new page, never splits a chart from its table, and heads every page."""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from cdp_browser import A4, LETTER, Browser, chromium_path
from test_prep import utc  # noqa: F401  (fixture)

CHROMIUM = chromium_path()
pytestmark = [
    pytest.mark.skipif(
        CHROMIUM is None, reason="headless Chromium is not installed (Debian: apt-get install chromium)"
    ),
    pytest.mark.skipif(
        __import__("importlib").util.find_spec("pygal") is None, reason="needs the extra reflect-journal[html]"
    ),
]
PERIOD = ("--since", "2025-12-10", "--until", "2026-03-11")
CLIENTS = ("C-2QX9", "C-4HMW", "C-7F3K", "C-9JD2")  # the demo's


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM is not None
    b = Browser(CHROMIUM)
    yield b
    b.close()


@pytest.fixture
def prep(demo_entries, journal, cli, tmp_path, utc):  # noqa: F811
    journal.import_entries(demo_entries)
    target = tmp_path / "prep.html"
    result = cli("supervision", "prep", *PERIOD, "--format", "html", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    return target


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page (pdftotext), or skip when poppler's tools are absent."""
    if shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        pytest.skip("pdftotext/pdfinfo are not installed (Debian: apt-get install poppler-utils)")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    count = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    return [
        subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"], capture_output=True,
                       text=True, check=True).stdout
        for n in range(1, count + 1)
    ]  # fmt: skip


def test_prep_loads_with_no_console_errors_and_no_requests(browser, prep, tmp_path):
    browser.load(prep)
    assert browser.problems() == []
    assert browser.requests() == [prep.resolve().as_uri()]
    assert browser.evaluate("document.querySelectorAll('svg[role=img]').length") >= 13
    assert browser.evaluate("document.scripts.length") == 0
    # Every chart is drawn: a line or dots inside its plot area, not an empty frame.
    assert browser.evaluate(
        "[...document.querySelectorAll('svg[role=img]')]"
        ".every(s => [...s.querySelectorAll('.plot')].some(p => p.getBBox().width > 100))"
    )
    width, height = png_size(browser.screenshot(tmp_path / "desktop.png"))
    assert width == 1280 and height > 3000


def test_prep_at_print_width(browser, prep, tmp_path):
    browser.load(prep, width=794, media="print")  # A4's width at 96 dpi
    assert browser.problems() == []
    # Printed, chart and table stack, and nothing is wider than the page.
    assert browser.evaluate("document.documentElement.scrollWidth") <= 794
    width, _ = png_size(browser.screenshot(tmp_path / "print.png"))
    assert width == 794


@pytest.mark.parametrize("paper", [A4, LETTER], ids=["A4", "Letter"])
def test_prep_prints_with_a_page_per_client_and_charts_whole(browser, prep, tmp_path, paper):
    browser.load(prep)
    pdf = tmp_path / "prep.pdf"
    assert browser.pdf(pdf, paper=paper)[:5] == b"%PDF-"
    pages = pdf_pages(pdf)
    assert len(pages) > len(CLIENTS) + 1
    head = "Supervision preparation, 2025-12-10 to 2026-03-11; redaction: standard"
    for number, text in enumerate(pages, 1):
        assert head in text, f"page {number} has no running head"
        assert f"Page {number} of {len(pages)}" in text
    # Each client's section starts a page: its code is the first line under the running head.
    starts = {}
    for number, text in enumerate(pages, 1):
        lines = [line.strip() for line in text.splitlines() if line.strip() and head not in line]
        if lines and lines[0] in CLIENTS:
            starts[lines[0]] = number
    assert sorted(starts) == list(CLIENTS)
    # No chart is cut from its table: a figure's caption and its table's caption print on the same page.
    for client in CLIENTS:
        chart = f"{client}: intensity of your reactions, session by session"
        table = f"{client}: intensity and events by session"
        on = [n for n, text in enumerate(pages, 1) if chart in " ".join(text.split())]
        assert on and table in " ".join(pages[on[0] - 1].split()), client
    assert "Signature of supervisor" in pages[-1]


def test_case_and_records_load_cleanly(browser, demo_entries, journal, cli, tmp_path):
    journal.import_entries(demo_entries)
    cli("supervision", "log", "--minutes", "60", "--date", "2026-03-01", "--supervisor", "S-01")
    cli("cpd", "add", "--hours", "2", "--activity", "Reading on ruptures", "--date", "2026-03-02")
    documents = {"case": ("client", "show", "C-7F3K", "--format", "html")}
    for kind in ("supervision", "practice", "cpd"):
        documents[kind] = ("records", kind, "--format", "html")
    for name, args in documents.items():
        target = tmp_path / f"{name}.html"
        assert cli(*args, "-o", str(target)).exit_code == 0
        browser.load(target)
        assert browser.problems() == [], name
        assert browser.requests() == [target.resolve().as_uri()], name
        assert browser.pdf(tmp_path / f"{name}.pdf", paper=A4)[:5] == b"%PDF-"
