"""Every command of the README's short tour, run against the demo journal, does what the README says beside it; and
`reflect demo` itself is a tour that fits one screen."""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ENTRY_PLACEHOLDER = "3f2a9c"  # the README's example id prefix, replaced by a real one from the demo


def tour_commands() -> list[tuple[list[str], str]]:
    """(argv after `reflect`, the README's comment) for each line of the tour's code block."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## A short tour\n\n```sh\n(.+?)\n```", text, re.S)
    assert block, "the README has no short tour"
    commands = []
    for line in block.group(1).splitlines():
        command, _, comment = line.partition("   #")
        argv = shlex.split(command)
        assert argv[0] == "reflect", line
        commands.append((argv[1:], comment.strip(" #")))
    return commands


@pytest.fixture
def demo(cli, tmp_path, monkeypatch):
    folder = tmp_path / "demo"
    assert cli("demo", "--dir", str(folder), "--quiet").exit_code == 0
    monkeypatch.setenv("REFLECT_HOME", str(folder))
    monkeypatch.chdir(tmp_path)
    return folder


def entries(cli) -> list[dict]:
    return json.loads(cli("list", "--json", "--limit", "1000").stdout)


def check(cli, argv: list[str], demo: Path) -> None:
    """Run one tour command and check what the README promises of it."""
    first = entries(cli)[0]
    argv = [first["id"][:6] if a == ENTRY_PLACEHOLDER else a for a in argv]
    result = cli(*argv)
    head = tuple(argv[:2])
    if argv[0] in ("new", "resume", "edit"):
        # interactive: without a terminal each says how to go on instead of hanging or writing anything
        assert result.exit_code == 2 and "needs a terminal" in result.stderr, result.stderr
        assert len(entries(cli)) == 52
    elif argv[0] == "delete":
        assert result.exit_code == 2 and "--yes" in result.stderr  # asks first
        assert cli(*argv, "--yes").exit_code == 0 and len(entries(cli)) == 51
        cli("import", "journal.json")  # the export made earlier in the tour brings it back
    elif argv[0] == "list":
        assert result.exit_code == 0
        rows = [line.split() for line in result.stdout.splitlines()[1:] if not line.startswith(" ")]
        assert rows and {row[3] for row in rows} == {"C-7F3K"}  # id, day, time, client
    elif argv[0] == "show":
        assert result.exit_code == 0 and first["client"] in result.stdout and first["id"] in result.stdout
    elif argv[0] == "clients":
        assert result.exit_code == 0 and {"C-7F3K", "C-2QX9", "C-9JD2", "C-4HMW"} <= set(result.stdout.split())
    elif argv[0] == "export":
        assert result.exit_code == 0
        document = json.loads((demo.parent / "journal.json").read_text())
        assert document["format"] == "reflect/1" and len(document["entries"]) == 52
        merged = cli("import", "journal.json")
        assert merged.exit_code == 0 and len(entries(cli)) == 52  # merging it back adds nothing twice
    elif argv[0] == "search":
        assert result.exit_code == 0 and result.stdout.strip(), "the README's search finds nothing in the demo"
        assert argv[1].lower()[:8] in result.stdout.lower()
    elif head == ("client", "show"):
        assert result.exit_code == 0 and "WHAT HAPPENS IN ME" in result.stdout and "other clients" in result.stdout
    elif argv[0] == "patterns":
        assert result.exit_code == 0 and result.stdout.startswith("Patterns · 52 sessions, 4 clients")
    elif argv[0] == "calendar":
        assert result.exit_code == 0 and "Mo   Tu" in result.stdout and "mean intensity" in result.stdout
        assert re.search(r"\d+ entries on \d+ days\.", result.stdout)
    elif head == ("supervision", "prep"):
        output = Path(argv[argv.index("-o") + 1])
        if "--format" in argv and result.exit_code != 0:
            assert "reflect-journal[html]" in result.stderr  # the optional extra is named, never a traceback
            return
        assert result.exit_code == 0, result.stderr
        text = output.read_text()
        assert text.startswith("<!DOCTYPE html>" if "html" in argv else "---\n") and "C-" in text
    elif head == ("records", "supervision"):
        assert result.exit_code == 0
        assert next(csv.reader(io.StringIO(result.stdout)))[0].lower().startswith("date")
    elif head == ("cpd", "add"):
        assert result.exit_code == 0
        assert "Workshop on ruptures" in cli("cpd", "list").stdout
    elif head == ("prompts", "list"):
        assert result.exit_code == 0 and {"standard", "quick", "deep", "rupture"} <= set(result.stdout.split())
    elif head == ("help", "terms"):
        assert result.exit_code == 0 and all(t in result.stdout for t in ("pull", "urge", "stance", "rupture"))
    elif argv[0] == "backup":
        assert result.exit_code == 0 and len(list((demo / "backups").glob("*.db"))) == 1
    elif argv[0] == "doctor":
        assert result.exit_code == 0 and "integrity" in result.stdout
    elif argv[0] == "info":
        assert result.exit_code == 0 and str(demo) in result.stdout and "52" in result.stdout
    else:
        raise AssertionError(f"the README's tour shows `reflect {shlex.join(argv)}`: say here what it should do")


def test_every_tour_command_does_what_the_readme_says(cli, demo):
    commands = tour_commands()
    assert len(commands) >= 20
    # the export comes before delete in this run, so that delete's entry can be imported back
    ordered = sorted(commands, key=lambda c: c[0][0] != "export")
    for argv, _comment in ordered:
        check(cli, argv, demo)


def test_the_demo_tour_fits_a_screen_and_names_the_next_commands(cli, tmp_path):
    from reflect.render import console

    console.out.cache_clear()
    result = cli("demo", "--dir", str(tmp_path / "demo"), env={"COLUMNS": "80"})
    console.out.cache_clear()
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines() + result.stderr.splitlines()
    assert len(lines) <= 60, len(lines)
    for command in ("reflect client show C-9JD2", "reflect patterns", 'reflect search "reassurance"',
                    "reflect help terms", "reflect new"):  # fmt: skip
        assert command in result.stdout, command
    assert f"export REFLECT_HOME={tmp_path / 'demo'}" in result.stdout
