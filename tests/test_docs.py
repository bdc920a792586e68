"""The README's promises: the two set-up commands, and CI running exactly the test command."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    return re.findall(r"```sh\n(.+?)\n```", text)[:2]


def test_readme_starts_with_the_two_commands():
    demo, tests = readme_commands()
    assert demo.endswith("reflect demo")
    assert "'.[test]'" in tests and tests.endswith("pytest")


def test_ci_runs_the_readme_test_command():
    _, tests = readme_commands()
    assert tests in (ROOT / ".ci" / "run").read_text()


def test_every_command_is_in_the_readme():
    import typer

    from reflect.cli import app

    text = (ROOT / "README.md").read_text()
    command = typer.main.get_command(app)
    for name in command.commands:  # type: ignore[attr-defined]
        assert f"reflect {name}" in text or f"`{name}`" in text, f"`reflect {name}` is not in the README"


def test_the_command_reference_is_current():
    """docs/cli.md is generated from the commands (tools/cli_reference.py): a changed option or help text must be
    regenerated, so the reference never drifts from what `--help` says."""
    import importlib.util
    import os

    spec = importlib.util.spec_from_file_location("cli_reference", ROOT / "tools" / "cli_reference.py")
    assert spec and spec.loader
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    os.environ.setdefault("COLUMNS", "100")
    text = tool.generate()
    assert text == (ROOT / "docs" / "cli.md").read_text(encoding="utf-8"), "run: python tools/cli_reference.py"
    for command in ("reflect calendar", "reflect help terms", "reflect export", "reflect client show"):
        assert f"## `{command}`" in text
    assert "<" not in "".join(line.split("|")[2] for line in text.splitlines() if line.startswith("| `"))


def test_the_vocabulary_json_is_written_from_the_toml():
    """Commands read data/vocabulary.json (fast to load); data/vocabulary.toml is the file people edit. A change to
    the TOML must be carried over by tools/vocabulary_json.py, or every command would still use the old words."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("vocabulary_json", ROOT / "tools" / "vocabulary_json.py")
    assert spec and spec.loader
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    shipped = (ROOT / "src" / "reflect" / "data" / "vocabulary.json").read_text(encoding="utf-8")
    assert shipped == tool.generate(), "run: python tools/vocabulary_json.py"
