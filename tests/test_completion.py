"""Shell completion of the journal's own values, through the bash protocol the installed script speaks (and zsh's, for
the help shown beside each value): a real `reflect` process per Tab press, as the shell runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from privacy_helpers import PASS, write_entry
from reflect.domain.dates import parse_day
from reflect.flows import completion


def complete(line: str, home: Path, *, shell: str = "bash", env: dict[str, str] | None = None) -> list[str]:
    """What reflect offers for the last word of `line` (a trailing space: a new, empty word), one item a line."""
    words = line.split()
    environment = {**os.environ, "REFLECT_HOME": str(home), **(env or {})}
    if shell == "bash":
        cword = len(words) if line.endswith(" ") else len(words) - 1
        environment |= {"_REFLECT_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(cword)}
    elif shell == "zsh":
        environment |= {"_REFLECT_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line}
    else:
        environment |= {"_REFLECT_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": line,
                        "_TYPER_COMPLETE_FISH_ACTION": "get-args"}  # fmt: skip
    done = subprocess.run([sys.executable, "-m", "reflect"], env=environment, capture_output=True, text=True,
                          timeout=30, stdin=subprocess.DEVNULL)  # fmt: skip
    assert done.returncode == 0 and done.stderr == "", done.stderr
    return [line for line in done.stdout.splitlines() if line]  # nothing to offer prints an empty line


def run(home: Path, *args: str, env: dict[str, str] | None = None) -> str:
    command = [sys.executable, "-m", "reflect", "--home", str(home), *args]
    environment = {**os.environ, **(env or {})}
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=120, env=environment, stdin=subprocess.DEVNULL
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("completion") / "demo"
    run(home, "demo", "--dir", str(home), "--entries", "30", "--quiet")
    return home


def test_client_show_offers_the_journals_client_codes(demo):
    clients = {c["client"] for c in json.loads(run(demo, "clients", "--json"))}
    offered = complete("reflect client show ", demo)
    assert set(offered) == clients and len(offered) == len(clients)
    first = sorted(clients)[0]
    assert complete(f"reflect client show {first[:3]}", demo) == sorted(c for c in clients if c.startswith(first[:3]))
    assert set(complete("reflect list --client ", demo)) == clients


def test_show_offers_entry_ids_the_command_accepts_with_client_and_date_beside_them(demo):
    entries = json.loads(run(demo, "list", "--limit", "1000", "--json"))
    by_id = {e["id"]: e for e in entries}
    offered = complete("reflect show ", demo)
    assert offered and len(offered) == min(len(entries), completion.MAX_IDS)
    for short in offered:
        (full,) = [i for i in by_id if i.startswith(short)]  # every offer names exactly one entry
        assert len(short) == completion.SHORT_ID
    # zsh shows the client and session day beside each id
    zsh = "\n".join(complete("reflect show ", demo, shell="zsh"))
    latest = max(entries, key=lambda e: e["session_at"])
    assert f'"{latest["id"][:8]}":"{latest["client"]}, ' in zsh
    # a typed prefix narrows the offer; the id completed is one `show` opens
    prefix = offered[0][:2]
    narrowed = complete(f"reflect show {prefix}", demo)
    assert narrowed and all(s.startswith(prefix) for s in narrowed)
    assert set(narrowed) == {i[:8] for i in by_id if i.startswith(prefix)} & set(narrowed)
    assert by_id[next(i for i in by_id if i.startswith(offered[0]))]["client"] in run(demo, "show", offered[0])


def test_fish_shows_each_client_with_its_entries_and_last_session(demo):
    clients = json.loads(run(demo, "clients", "--json"))
    latest = max(clients, key=lambda c: c["last_session"])
    offered = complete("reflect client show ", demo, shell="fish")
    assert len(offered) == len(clients)
    code, help_text = offered[0].split("\t")
    assert code == latest["client"] and help_text.startswith(f"{latest['sessions']} entries, last ")


def test_pack_names_after_new_pack(demo):
    packs = [p["name"] for p in json.loads(run(demo, "prompts", "list", "--json"))]
    assert sorted(complete("reflect new --pack ", demo)) == sorted(packs)
    assert sorted(complete("reflect prompts show ", demo)) == sorted(packs)


def test_tags_question_ids_and_vocabularies(demo):
    entries = json.loads(run(demo, "list", "--limit", "1000", "--json"))
    tags = {t for e in entries for t in e.get("tags", [])}
    assert set(complete("reflect list --tag ", demo)) == tags
    questions = json.loads(run(demo, "supervision", "questions", "--status", "all", "--json"))
    offered = complete("reflect supervision log --discussed ", demo)
    assert len(offered) == min(len(questions), completion.MAX_IDS)
    assert all(any(q["id"].startswith(s) for q in questions) for s in offered)
    assert "pull" in complete("reflect prompts vocabulary ", demo)
    assert complete("reflect supervision questions --status ", demo) == ["open", "discussed", "resolved", "all"]


def test_every_date_word_offered_is_one_the_date_options_read(demo):
    words = complete("reflect list --since ", demo)
    assert {"today", "yesterday", "monday"} <= set(words) and "tomorrow" not in words
    assert "tomorrow" in complete("reflect list --until ", demo)  # the future only where it makes sense
    for word in words:
        parse_day(word)
        assert " " not in word  # a space would split the value in bash


def test_home_given_before_the_command_is_the_journal_completed(demo, tmp_path):
    clients = {c["client"] for c in json.loads(run(demo, "clients", "--json"))}
    elsewhere = tmp_path / "empty"
    assert complete("reflect client show ", elsewhere) == []
    assert set(complete(f"reflect --home {demo} client show ", elsewhere)) == clients


def test_no_journal_offers_static_values_and_creates_nothing(tmp_path):
    home = tmp_path / "none"
    assert complete("reflect client show ", home) == []
    assert complete("reflect show ", home) == []
    assert "standard" in complete("reflect new --pack ", home)
    assert not home.exists()


def test_an_encrypted_journal_never_prompts_and_still_completes_static_values(tmp_path):
    home = tmp_path / "locked"
    run(home, "init", "--encrypt", env={"REFLECT_PASSPHRASE": PASS})
    before = sorted(p.name for p in home.iterdir())
    # stdin is not a terminal here, but the same path runs in one: no passphrase source is even consulted
    assert complete("reflect client show ", home) == []
    assert "standard" in complete("reflect new --pack ", home)
    assert sorted(p.name for p in home.iterdir()) == before


def test_an_encrypted_journal_completes_from_the_keyring_when_configured(tmp_path, monkeypatch, cli):
    home = tmp_path / "keyed"
    monkeypatch.setenv("REFLECT_HOME", str(home))
    assert cli("init", "--encrypt", env={"REFLECT_PASSPHRASE": PASS}).exit_code == 0
    write_entry(cli, tmp_path, "I sped up.", env={"REFLECT_PASSPHRASE": PASS})
    (home / "config.toml").write_text("keyring = true\n")
    errors = types.ModuleType("keyring.errors")
    errors.KeyringError = type("KeyringError", (Exception,), {})  # type: ignore[attr-defined]
    fake = types.ModuleType("keyring")
    stored: dict[tuple[str, str], str] = {}
    fake.get_password = lambda service, user: stored.get((service, user))  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "keyring", fake)
    monkeypatch.setitem(sys.modules, "keyring.errors", errors)
    assert completion.client_codes(None, "") == []  # configured, but nothing stored yet
    stored[("reflect", str((home / "journal.db").resolve()))] = PASS
    assert [code for code, _ in completion.client_codes(None, "")] == ["C-7F3K"]
    stored[("reflect", str((home / "journal.db").resolve()))] = "a stale passphrase"
    assert completion.client_codes(None, "") == []  # a wrong passphrase offers nothing, and says nothing


def test_the_completion_path_imports_nothing_heavy(demo):
    probe = (
        "import sys\n"
        "from reflect.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = {'rich', 'sqlite_utils', 'questionary', 'prompt_toolkit', 'dateutil', 'pydantic', 'sqlcipher3'}\n"
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}), file=sys.stderr)\n"
    )
    env = {**os.environ, "REFLECT_HOME": str(demo), "_REFLECT_COMPLETE": "complete_bash",
           "COMP_WORDS": "reflect show ", "COMP_CWORD": "2"}  # fmt: skip
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=30)
    assert done.stdout.strip() and done.stderr.strip() == "[]"
