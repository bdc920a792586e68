"""In a real pseudo-terminal: `reflect encrypt` names unencrypted backups made earlier and asks what to do with them."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from privacy_helpers import PASS, files_containing, write_entry

pexpect = pytest.importorskip("pexpect")
SCRIPT = Path(sys.executable).parent / "reflect"
pytestmark = [pytest.mark.pty, pytest.mark.skipif(not SCRIPT.exists(), reason="no reflect console script")]
DOWN, ENTER = "\x1b[B", "\r"


@pytest.mark.parametrize(("keys", "left"), [(ENTER, 1), (DOWN + ENTER, 0), (DOWN + DOWN + ENTER, 1)])
def test_encrypt_asks_about_plaintext_backups(cli, journal_home, tmp_path, keys, left):
    write_entry(cli, tmp_path, "a phrase in an old backup")
    assert cli("backup").exit_code == 0
    env = {**os.environ, "REFLECT_HOME": str(journal_home), "REFLECT_PASSPHRASE": PASS, "NO_COLOR": "1"}
    child = pexpect.spawn(str(SCRIPT), ["encrypt"], env=env, encoding="utf-8", timeout=30, dimensions=(30, 120))
    child.expect("1 older backup in .* is not encrypted: it holds every entry in readable form.")
    child.expect("What should happen to it?")
    child.send(keys)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert len(list((journal_home / "backups").glob("journal-*.db"))) == left
    readable = files_containing(journal_home, "a phrase in an old backup")
    assert len(readable) == (1 if keys == DOWN + DOWN + ENTER else 0)  # kept: still readable; encrypted or removed: not
