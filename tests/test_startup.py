"""What keeps start-up fast (src/reflect/_typer.py), pinned by behaviour rather than by timing: the commands people run
most never import the heavy modules, `--help` builds no command and imports no rich, and the direct coercion of option
values gives exactly Typer's own results and errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("pydantic", "questionary", "prompt_toolkit", "sqlite_utils", "dateutil", "sqlcipher3")


def imported_after(args: list[str], home: Path) -> set[str]:
    """The modules a fresh process has imported once `reflect ARGS` has run, as the console script runs it."""
    code = (
        "import sys\n"
        f"sys.argv = ['reflect', *{args!r}]\n"
        "from reflect.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "print('\\n'.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    env = dict(os.environ, REFLECT_HOME=str(home), NO_COLOR="1")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    return set(result.stderr.splitlines())


@pytest.fixture
def stamped_journal(demo_journal, journal_home: Path) -> Path:
    """An up-to-date journal with entries (opened and migrated once, as after any earlier command)."""
    return journal_home


def test_list_and_search_import_nothing_heavy(stamped_journal: Path):
    for args in (["list"], ["search", "fear"], ["list", "--client", "C-7F3K", "--limit", "5"]):
        loaded = imported_after(args, stamped_journal)
        assert not loaded & set(HEAVY), args
        # Nor the identifier detector, Typer's rich help, or the modules of other commands.
        others = {"reflect.privacy.identifiers", "typer.rich_utils", "reflect.analysis.casework"}
        others |= {"reflect.commands.admin", "reflect.commands.privacy", "reflect.commands.interview_cmds"}
        assert not loaded & others, args
        # Nor rich (their views are written by render/plain.py), nor the journal's other repositories.
        assert "rich" not in loaded, args
        repositories = {"reflect.store.patterns", "reflect.store.tally", "reflect.store.practice",
                        "reflect.store.charts", "reflect.store.records", "reflect.domain.vignettes"}  # fmt: skip
        assert not loaded & repositories, args


def test_new_from_an_answers_file_imports_nothing_heavy(stamped_journal: Path, tmp_path: Path):
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"client": "C-7F3K", "session_at": "2026-03-10T15:00:00+00:00",
                                   "feelings": {"protective": 3}, "observed": "Arrived early."}))  # fmt: skip
    loaded = imported_after(["new", "--answers", str(answers)], stamped_journal)
    assert not loaded & set(HEAVY)
    assert "reflect.privacy.identifiers" in loaded  # saving text does scan it for identifiers
    assert "rich" not in loaded  # its one message is plain text


def test_help_builds_no_command(journal_home: Path):
    for args in (["--help"], ["-h"]):
        loaded = imported_after(args, journal_home)
        assert not loaded & {*HEAVY, "reflect.store.journal", "sqlite3", "rich", "typer.rich_utils"}, args
        assert not {m for m in loaded if m.startswith("reflect.commands.")}, args  # it is printed from data


def test_every_command_is_listed_once_and_resolves():
    import typer

    from reflect.cli import COMMANDS, app

    group = typer.main.get_command(app)
    assert list(group.commands) == list(COMMANDS)  # type: ignore[attr-defined]
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.name == name


@pytest.mark.parametrize("args", [
    ["list", "--limit", "{}"],
    ["search", "word", "--limit", "{}"],
    ["patterns", "--min-sessions", "{}"],  # a range, 2 to 1000
    ["--home", "{}", "list", "--json"],
    ["list", "--client", "{}", "--json"],
])  # fmt: skip
def test_direct_coercion_matches_typers_own(args, cli, monkeypatch, tmp_path: Path, stamped_journal):
    """Each value gives the same output, error and exit status with and without the pydantic-free shortcut."""
    from reflect import _typer as lazycli

    monkeypatch.chdir(tmp_path)  # `--home 5` makes a journal in ./5

    values = ["5", "007", "-1", "0", " 5", "5 ", "1_000", "5.0", "1e3", "abc", "", "99999999999999999999999",
              "2000000", "٣", "C-7F3K", str(tmp_path / "elsewhere")]  # fmt: skip

    def run(value: str):
        result = cli(*[value if a == "{}" else a for a in args])
        return result.exit_code, result.stdout, result.stderr

    direct = [run(v) for v in values]
    monkeypatch.setattr(lazycli, "_direct_kind", lambda param: None)  # every value through Typer's pydantic path
    assert [run(v) for v in values] == direct


@pytest.mark.parametrize("text", [
    "Saved entry 06c8a4c5 for C-7F3K, session 58.", "\n5 of 13 matching entries.", "  padded  ", "",
    "wide 漢字 and emoji 😀, combining é", "[bold]not markup[/bold] :smile:", "x" * 300, "two\nlines",
    "tab\there", "bell\x07", "cr\rx", "esc\x1b[31m", "nbsp\u00a0zw\u200b",
])  # fmt: skip
def test_plain_messages_print_as_rich_would(text, capsys, monkeypatch):
    """message() writes unstyled printable text itself, without importing rich; byte for byte what rich printed."""
    import io

    from rich.console import Console
    from rich.text import Text

    from reflect.render.console import message

    expected = io.StringIO()
    Console(file=expected, highlight=False, markup=False, emoji=False, width=20).print(Text(text), soft_wrap=True)
    monkeypatch.setenv("COLUMNS", "20")
    message(text)
    assert capsys.readouterr().err == expected.getvalue()
