"""The passphrase prompts in a real terminal: `reflect init` asks, a hidden prompt unlocks, a wrong one is retried."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")
SCRIPT = Path(sys.executable).parent / "reflect"
pytestmark = [
    pytest.mark.pty,
    pytest.mark.skipif(not SCRIPT.exists() or os.name != "posix",
                       reason="needs the installed console script and a POSIX pty"),
]  # fmt: skip


def spawn(home: Path, *args: str):
    env = {**os.environ, "REFLECT_HOME": str(home), "NO_COLOR": "1", "PROMPT_TOOLKIT_NO_CPR": "1",
           "TERM": "xterm-256color"}  # fmt: skip
    env.pop("REFLECT_PASSPHRASE", None)
    return pexpect.spawn(str(SCRIPT), list(args), env=env, encoding="utf-8", timeout=20, dimensions=(40, 120))


def test_init_asks_then_prompts_unlock(tmp_path):
    home = tmp_path / "journal"
    child = spawn(home, "init")
    child.expect("Encrypt the journal with a passphrase\\? \\(recommended\\)")
    child.send("\r")  # the default is yes
    child.expect("New passphrase")
    child.sendline("a long enough passphrase")
    child.expect("same passphrase again")
    child.sendline("a long enough passphrase")
    child.expect("Created an encrypted journal")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    child = spawn(home, "list")
    child.expect("Passphrase for the journal: ")
    child.sendline("not the passphrase")
    child.expect("does not open the journal; try again")
    child.expect("Passphrase for the journal: ")
    child.sendline("a long enough passphrase")
    child.expect("No entries yet")
    output = child.before or ""
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "a long enough passphrase" not in output  # the prompt does not echo


@pytest.mark.parametrize("encrypt", [True, False])
def test_first_new_in_a_terminal_asks_about_encryption(tmp_path, encrypt):
    """No journal yet: `reflect new` asks the question `init` asks before the first entry, never skipping it."""
    home = tmp_path / "journal"
    child = spawn(home, "new", "--pack", "quick")
    child.expect("Encrypt the journal with a passphrase\\? \\(recommended\\)")
    if encrypt:
        child.send("\r")
        child.expect("New passphrase")
        child.sendline("a long enough passphrase")
        child.expect("same passphrase again")
        child.sendline("a long enough passphrase")
        child.expect("Created an encrypted journal")
    else:
        child.send("n")
        child.expect("Created a journal at .* \\(not encrypted")
    child.expect("Code for the new client")  # the interview goes on in the same command
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    from reflect.store.connection import is_encrypted

    assert is_encrypted(home / "journal.db") is encrypt


def test_three_wrong_passphrases_end_with_one_line(tmp_path):
    home = tmp_path / "journal"
    child = spawn(home, "init", "--encrypt")
    child.expect("New passphrase")
    child.sendline("a long enough passphrase")
    child.expect("same passphrase again")
    child.sendline("a long enough passphrase")
    child.expect(pexpect.EOF)
    child = spawn(home, "list")
    for _ in range(3):
        child.expect("Passphrase for the journal: ")
        child.sendline("wrong wrong wrong")
    child.expect("Error: the passphrase is wrong")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
