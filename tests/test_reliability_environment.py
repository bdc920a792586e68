"""Damaged or odd environments: every command gives one `Error:` line saying what to do, exits 1, never shows a
traceback, and leaves the journal file byte for byte as it was.

Tests run as root in CI, where chmod does not stop writes: a read-only folder is a read-only bind mount and a read-only
file is an immutable one (chattr +i), each skipped where the machine does not allow it; as an ordinary user, chmod.
A full disk is a file-size limit (RLIMIT_FSIZE, with SIGXFSZ ignored so writes fail with EFBIG) and, where mounting is
allowed, a real 1 MB-ish tmpfs that runs out of space (ENOSPC).
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from reflect.config import Paths
from reflect.store.journal import Journal

ANSWERS = {"client": "C-7F3K", "session_at": "2026-03-10T15:00:00+00:00", "observed": "Arrived late."}
DAMAGED = ("damaged", "reflect restore BACKUP")
NOT_A_JOURNAL = ("is not a reflect journal (not an SQLite database)", "reflect restore BACKUP")


@pytest.fixture
def base(journal_home: Path, demo_entries, tmp_path: Path) -> dict:
    """A real journal of 52 entries, closed cleanly (no -wal left), plus an answers file and an export to import."""
    with Journal.open(Paths(journal_home)) as journal:
        journal.import_entries(demo_entries)
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(ANSWERS), encoding="utf-8")
    export = tmp_path / "export.json"
    export.write_text(json.dumps({"format": "reflect/1", "entries": [
        {**ANSWERS, "id": "0b7a4f8e-3c55-4a4e-9f61-000000000001", "created_at": "2026-03-10T16:00:00+00:00"}
    ]}), encoding="utf-8")  # fmt: skip
    db = journal_home / "journal.db"
    assert sorted(p.name for p in journal_home.iterdir()) == ["journal.db"]
    return {"db": db, "answers": answers, "export": export, "first_id": demo_entries[0].id[:8]}


def answers_file(folder: Path, **fields: str) -> Path:
    path = folder / "answers-file.json"
    path.write_text(json.dumps({**ANSWERS, **fields}), encoding="utf-8")
    return path


def commands(base: dict) -> dict[str, list[str]]:
    return {
        "list": ["list"],
        "show": ["show", base["first_id"]],
        "new": ["new", "--answers", str(base["answers"])],
        "export": ["export", "-o", str(base["db"].parent.parent / "export-out.json")],
        "import": ["import", str(base["export"])],
        "info": ["info"],
        "clients": ["clients"],
        "drafts": ["drafts"],
    }


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_one_line_error(result, *phrases: str, status: int = 1) -> None:
    assert result.exit_code == status, (result.stdout, result.stderr)
    assert result.stderr.startswith("Error: ") and result.stderr.endswith("\n"), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    for phrase in phrases:
        assert phrase in result.stderr, result.stderr
    assert result.stdout == ""


def truncate_to(size: Callable[[int], int]) -> Callable[[Path], None]:
    def damage(db: Path) -> None:
        os.truncate(db, size(db.stat().st_size))

    return damage


def write_text_file(db: Path) -> None:
    db.write_text("Notes for Thursday: call the practice manager.\n" * 40, encoding="utf-8")


def overwrite_header(db: Path) -> None:
    with db.open("r+b") as fh:
        fh.write(os.urandom(100))


def scramble_pages(db: Path) -> None:
    # Keep page 1 (header and schema) readable; wreck the b-tree pages behind it.
    with db.open("r+b") as fh:
        for page in range(2, db.stat().st_size // 4096, 2):
            fh.seek(page * 4096 + 8)
            fh.write(b"\xff" * 64)


def from_newer_version(db: Path) -> None:
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                     "VALUES ('reflect', 'm999_from_the_future', '2031-01-01')")  # fmt: skip
    conn.close()


def another_apps_database(db: Path) -> None:
    db.unlink()
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    conn.close()


DAMAGE = {
    "truncated to 100 bytes": (truncate_to(lambda n: 100), DAMAGED),
    "truncated to one page": (truncate_to(lambda n: 4096), DAMAGED),
    "truncated to half": (truncate_to(lambda n: n // 2), DAMAGED),
    "last page missing": (truncate_to(lambda n: n - 4096), DAMAGED),
    "a text file": (write_text_file, NOT_A_JOURNAL),
    "pages scrambled": (scramble_pages, ("reflect restore BACKUP",)),  # damaged or unreadable, depending on the page
    "from a newer schema": (from_newer_version, ("newer version of reflect", "Upgrade reflect")),
    "another program's database": (another_apps_database, ("not a reflect journal",)),
}


@pytest.mark.parametrize("case", list(DAMAGE))
def test_damaged_journal_gives_one_line_and_stays_as_it_was(case: str, base: dict, cli) -> None:
    damage, phrases = DAMAGE[case]
    damage(base["db"])
    before = digest(base["db"])
    for name, args in commands(base).items():
        result = cli(*args)
        assert_one_line_error(result, *phrases)
        assert digest(base["db"]) == before, f"{case}: `reflect {name}` changed the file"
    assert not (base["db"].parent.parent / "export-out.json").exists()


def test_random_header_reads_as_encrypted_and_is_never_changed(base: dict, cli, monkeypatch) -> None:
    """Random bytes over the header look exactly like an SQLCipher file (whose first page is random): reflect asks for
    a passphrase, and with one it reports a wrong passphrase or damage. Either way the file stays as it was."""
    overwrite_header(base["db"])
    before = digest(base["db"])
    for args in commands(base).values():
        assert_one_line_error(cli(*args), "encrypted", "REFLECT_PASSPHRASE", status=2)
    monkeypatch.setenv("REFLECT_PASSPHRASE", "not the right one")
    for args in commands(base).values():
        result = cli(*args)
        assert result.exit_code != 0 and result.stderr.count("\n") == 1 and result.stderr.startswith("Error: ")
        assert "Traceback" not in result.stderr
    assert digest(base["db"]) == before


def test_stored_value_damaged_below_sqlites_notice(base: dict, cli) -> None:
    """Damage SQLite cannot see (a file cut short by a byte reads as a zero byte): a stored date no longer parses."""
    conn = sqlite3.connect(base["db"])
    with conn:
        conn.execute("UPDATE entries SET updated_at = '2026-11-14T18:00:00+00:0' || char(0) WHERE rowid = 1")
    conn.close()
    before = digest(base["db"])
    exported = base["db"].parent.parent / "export-out.json"
    for args in (["list", "-n", "1000"], ["show", base["first_id"]], ["export", "-o", str(exported)]):
        assert_one_line_error(cli(*args), "cannot be read: the file is damaged", "reflect restore BACKUP")
    assert not exported.exists()  # no partial export left behind
    assert digest(base["db"]) == before


def test_journal_path_is_a_folder(journal_home: Path, cli) -> None:
    (journal_home / "journal.db").mkdir(parents=True)
    assert_one_line_error(cli("list"), "is a folder, not a journal file; nothing was opened")
    assert_one_line_error(
        cli("new", "--answers", str(answers_file(journal_home.parent))), "is a folder, not a journal file"
    )


def test_home_below_a_file(tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "notes.txt").write_text("not a folder")
    monkeypatch.setenv("REFLECT_HOME", str(tmp_path / "notes.txt" / "journal"))
    for args in (["list"], ["new", "--answers", str(answers_file(tmp_path))]):
        assert_one_line_error(cli(*args), "cannot create the folder", "Set REFLECT_HOME")


def test_missing_folder_is_created_private_on_first_write(tmp_path: Path, cli, monkeypatch) -> None:
    home = tmp_path / "not" / "there" / "yet"
    monkeypatch.setenv("REFLECT_HOME", str(home))
    assert_one_line_error(cli("show", "abcdef12"), "there is no journal", "reflect new")
    assert not home.exists()  # reading never creates anything
    result = cli("new", "--answers", str(answers_file(tmp_path)))
    assert result.exit_code == 0, result.stderr
    assert (home.stat().st_mode & 0o777, (home / "journal.db").stat().st_mode & 0o777) == (0o700, 0o600)


# --- read-only ------------------------------------------------------------------------------------------------------


def _run(*cmd: str) -> bool:
    return subprocess.run(cmd, capture_output=True).returncode == 0


@contextmanager
def read_only_folder(folder: Path) -> Iterator[None]:
    if os.geteuid() != 0:
        folder.chmod(0o500)
        try:
            yield
        finally:
            folder.chmod(0o700)
        return
    if not (_run("mount", "--bind", str(folder), str(folder))):
        pytest.skip("cannot bind-mount here (needs root with CAP_SYS_ADMIN)")
    try:
        if not _run("mount", "-o", "remount,ro,bind", str(folder)):
            pytest.skip("cannot remount read-only here")
        yield
    finally:
        _run("umount", str(folder))


@contextmanager
def read_only_file(path: Path) -> Iterator[None]:
    if os.geteuid() != 0:
        path.chmod(0o400)
        try:
            yield
        finally:
            path.chmod(0o600)
        return
    if not _run("chattr", "+i", str(path)):
        pytest.skip("cannot make a file immutable here (chattr +i needs CAP_LINUX_IMMUTABLE and ext4/xfs)")
    try:
        yield
    finally:
        _run("chattr", "-i", str(path))


def test_read_only_folder(base: dict, cli) -> None:
    before = digest(base["db"])
    with read_only_folder(base["db"].parent):
        for args in commands(base).values():
            assert_one_line_error(cli(*args), "not writable", "permissions")
    assert digest(base["db"]) == before


def test_read_only_journal_file(base: dict, cli) -> None:
    before = digest(base["db"])
    with read_only_file(base["db"]):
        assert_one_line_error(cli("new", "--answers", str(base["answers"])), "read-only", "permissions")
        assert_one_line_error(cli("import", str(base["export"])), "read-only", "permissions")
        listed = cli("list", "--json", "-n", "1000")  # reading a read-only journal still works
        assert listed.exit_code == 0 and len(json.loads(listed.stdout)) == 52
    assert digest(base["db"]) == before


# --- full disk ------------------------------------------------------------------------------------------------------


def console_script() -> str | None:
    local = Path(sys.executable).parent / "reflect"
    return str(local) if local.exists() else shutil.which("reflect")


@pytest.mark.skipif(console_script() is None, reason="the reflect console script is not installed")
def test_file_size_limit_reached_while_saving(base: dict, tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_text(json.dumps({**ANSWERS, "observed": "A long reflection. " * 10_000}), encoding="utf-8")
    before = digest(base["db"])

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # else the kernel kills the process instead of failing write()
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    env = {**os.environ, "REFLECT_HOME": str(base["db"].parent)}
    result = subprocess.run([console_script(), "new", "--answers", str(big)], env=env, capture_output=True, text=True,
                            preexec_fn=limited, timeout=30)  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    assert "nothing was saved" in result.stderr and "free space" in result.stderr
    assert digest(base["db"]) == before
    with Journal.open(Paths(base["db"].parent)) as journal:
        assert journal.count_entries() == 52 and journal.integrity_problems() == []


def test_disk_full(base: dict, tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch) -> None:
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    mount = tmp_path / "small-disk"
    mount.mkdir()
    size_kib = base["db"].stat().st_size // 1024 + 96
    if not _run("mount", "-t", "tmpfs", "-o", f"size={size_kib}k,mode=0700", "tmpfs", str(mount)):
        pytest.skip("cannot mount a tmpfs here")
    try:
        shutil.copy2(base["db"], mount / "journal.db")
        before = digest(mount / "journal.db")
        monkeypatch.setenv("REFLECT_HOME", str(mount))
        big = answers_file(tmp_path, observed="A long reflection. " * 10_000)
        assert_one_line_error(cli("new", "--answers", str(big)), "disk is full", "nothing was saved")
        assert digest(mount / "journal.db") == before
        listed = cli("list", "--json", "-n", "1000")
        assert listed.exit_code == 0 and len(json.loads(listed.stdout)) == 52
    finally:
        _run("umount", str(mount))
