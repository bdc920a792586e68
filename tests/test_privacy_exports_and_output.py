"""Safe exports (JSON complete by default, --redact and --strict), no network, and inert terminal output."""

from __future__ import annotations

import importlib
import json
import pkgutil
import socket
import stat

import pytest

import reflect
from privacy_helpers import write_entry
from reflect.privacy.redact import Level, Redactor

TEXT = "Priya rang from 07700 900123; I felt protective."


def _fill(cli, tmp_path):
    return write_entry(cli, tmp_path, TEXT, resonance="my own mother's voice", supervision=[{"question": "Why Priya?"}],
                       answers={"free": "Priya again"})  # fmt: skip


def test_json_export_is_complete_by_default(cli, tmp_path):
    entry_id = _fill(cli, tmp_path)
    out = tmp_path / "all.json"
    result = cli("export", "-o", str(out))
    assert result.exit_code == 0
    assert result.stderr == (
        f"Exported 1 entry to {out}. This JSON is complete and unredacted: keep it as private as the journal.\n"
    )
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    doc = json.loads(out.read_text())
    assert doc["redaction"] == "none (complete)"
    [entry] = doc["entries"]
    assert entry["id"] == entry_id and entry["observed"] == TEXT and entry["resonance"] == "my own mother's voice"
    # the complete document imports back without loss
    assert cli("import", str(out)).stderr.startswith("Imported: 0 added, 0 updated, 1 unchanged")


def test_json_export_redacted(cli, tmp_path):
    _fill(cli, tmp_path)
    result = cli("export", "--redact")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["redaction"] == "standard: detected identifiers masked, private fields left out"
    [entry] = doc["entries"]
    assert entry["observed"] == "[NAME] rang from [PHONE]; I felt protective."
    assert entry["resonance"] is None
    assert entry["supervision"][0]["question"] == "Why [NAME]?"
    assert entry["answers"] == {}  # free answers of an unknown pack count as private
    assert entry["client"] == "C-7F3K"
    assert "Priya" not in result.stdout and "07700" not in result.stdout
    assert "redacted (standard" in result.stderr
    private = json.loads(cli("export", "--redact", "--include-private").stdout)
    assert private["entries"][0]["resonance"] == "my own mother's voice"
    assert private["redaction"] == "standard: detected identifiers masked, private fields included"


def test_json_export_strict(cli, tmp_path):
    _fill(cli, tmp_path)
    write_entry(cli, tmp_path, "another", client="C-2QX9")
    result = cli("export", "--strict")
    doc = json.loads(result.stdout)
    assert doc["redaction"].startswith("strict: no free text")
    for entry in doc["entries"]:
        assert entry["observed"] is None and entry["resonance"] is None and entry["id"] is None
        assert entry["client"] in ("Client A", "Client B")
        assert entry["session_at"].startswith("2026-W")
        assert entry["supervision"] == []
    assert "C-7F3K" not in result.stdout and "Priya" not in result.stdout


def test_export_option_conflicts(cli, tmp_path):
    _fill(cli, tmp_path)
    assert cli("export", "--include-private").exit_code == 2
    assert cli("export", "--no-redact").exit_code == 2  # JSON is complete already


def test_redactor_levels_for_other_documents():
    r = Redactor.from_options()
    assert r.level is Level.STANDARD and r.text(TEXT) == "[NAME] rang from [PHONE]; I felt protective."
    assert r.text("private", private=True) is None
    assert Redactor.from_options(no_redact=True).text(TEXT) == TEXT
    strict = Redactor.from_options(strict=True)
    assert strict.text(TEXT) is None
    assert [strict.client(c) for c in ("C-7F3K", "C-2QX9", "C-7F3K")] == ["Client A", "Client B", "Client A"]
    assert Redactor.from_options(strict=True).client("C-2QX9") == "Client A"  # re-keyed per export


def test_every_module_imports_and_main_commands_run_without_network(cli, tmp_path, monkeypatch):
    """The conftest blocks connect(); here even creating a socket fails, and everything still works."""

    def no_socket(*args, **kwargs):
        raise AssertionError("reflect tried to create a network socket")

    monkeypatch.setattr(socket, "socket", no_socket)
    for module in pkgutil.walk_packages(reflect.__path__, "reflect."):
        if module.name != "reflect.__main__":  # importing it runs the CLI
            importlib.import_module(module.name)
    env = {"REFLECT_PASSPHRASE": "correct horse battery staple"}
    assert cli("init", "--encrypt", env=env).exit_code == 0
    entry_id = write_entry(cli, tmp_path, TEXT, env=env)
    for args in (("list",), ("show", entry_id[:8]), ("clients",), ("info",), ("export",), ("export", "--strict"),
                 ("backup",), ("doctor",), ("retention",), ("privacy", "deny", "list"), ("drafts",)):  # fmt: skip
        result = cli(*args, env=env)
        assert result.exit_code == 0, (args, result.stderr)


NASTY = (
    "Plain \x1b[31mred\x1b[0m \x1b]0;owned title\x07 \x1b]8;;http://x.invalid\x07link\x1b]8;;\x07 "
    "[bold red]markup[/bold red] \u202eevil"
)


@pytest.mark.parametrize("command", ["show", "list"])
def test_journal_text_is_inert_on_the_terminal(cli, tmp_path, command):
    entry_id = write_entry(cli, tmp_path, NASTY, tags=["x"])
    args = ("show", entry_id[:8]) if command == "show" else ("list",)
    result = cli(*args, env={"COLUMNS": "300"})
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout and "\u202e" not in result.stdout
    if command == "list":  # the list shows only vocabulary values and codes, never free text
        assert "markup" not in result.stdout and entry_id[:8] in result.stdout
    if command == "show":
        # the markup is shown literally, not interpreted (interpreting it would drop the brackets)
        assert "[bold red]markup[/bold red]" in result.stdout
        assert "red" in result.stdout and "evil" in result.stdout


def test_identifier_context_is_inert(cli, tmp_path):
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"client": "C-7F3K", "observed": "Sarah \u202e[bold]rang[/bold] on 07700 900123"}))
    result = cli("new", "--answers", str(answers))
    assert "\u202e" not in result.stderr and "[bold]rang[/bold]" in result.stderr
