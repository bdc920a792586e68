"""`reflect doctor`: is the journal intact, private and in a safe place? Each check gives one plain line."""

from __future__ import annotations

import os
import stat
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from reflect.config import Paths
from reflect.render import plural

# Folder names and marker files that mean "this folder is synchronised to someone's cloud".
SYNC_FOLDER_NAMES = ("dropbox", "onedrive", "icloud drive", "icloud", "mobile documents", "google drive", "googledrive",
                     "my drive", "nextcloud", "owncloud", "box sync", "pcloud drive", "mega")  # fmt: skip
SYNC_MARKERS = (".dropbox", ".dropbox.cache", ".stfolder", ".stignore", ".sync", ".nextcloudsync.log",
                ".owncloudsync.log", ".sync_journal.db")  # fmt: skip


@dataclass
class Check:
    check: str
    status: str  # ok, warning, problem, fixed
    message: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def sync_service(folder: Path) -> str | None:
    """The cloud-sync service whose folder contains `folder`, if any (by folder name or marker file)."""
    for parent in [folder, *folder.parents]:
        name = parent.name.lower()
        for service in SYNC_FOLDER_NAMES:
            if name == service or name.startswith(service + " ") or name.startswith(service + "-"):
                return parent.name
        if name.startswith(("._sync_", ".sync_")):
            return parent.name
        try:
            for marker in SYNC_MARKERS:
                if (parent / marker).exists():
                    return f"{parent.name or parent} ({marker})"
            if any(p.name.startswith(("._sync_", ".sync_")) and p.name.endswith(".db") for p in parent.iterdir()):
                return f"{parent.name or parent} (Nextcloud/ownCloud)"
        except OSError:
            continue
    return None


def git_work_tree(folder: Path) -> Path | None:
    for parent in [folder, *folder.parents]:
        if (parent / ".git").exists():
            return parent
    return None


def private_files(p: Paths) -> list[tuple[Path, int]]:
    """Everything reflect keeps that must be owner-only, with the mode it should have."""
    items: list[tuple[Path, int]] = [(p.home, 0o700)]
    for suffix in ("", "-wal", "-shm"):
        items.append((Path(str(p.journal) + suffix), 0o600))
    items.append((p.settings, 0o600))
    for folder in (p.backups, p.private_tmp, p.user_prompts):
        items.append((folder, 0o700))
        if folder.is_dir():
            items += [(f, 0o600) for f in sorted(folder.iterdir()) if f.is_file()]
    return [(path, mode) for path, mode in items if path.exists()]


def check_permissions(p: Paths, *, fix: bool) -> list[Check]:
    loose = []
    linked = []
    for path, wanted in private_files(p):
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            (linked if path.is_symlink() else loose).append((path, mode, wanted))
    # --fix never changes permissions through a symbolic link: its target may be anything, anywhere.
    through_links = [Check("permissions", "problem", f"{path.name} is a symbolic link whose target can be read by "
                           f"others (mode {mode:o}, should be {wanted:o}); change its target's permissions yourself "
                           "(`doctor --fix` does not follow links).") for path, mode, wanted in linked]  # fmt: skip
    if not loose:
        ok = Check("permissions", "ok", "the journal folder and its files can only be read by you.")
        return through_links or [ok]
    if fix:
        for path, _, wanted in loose:
            os.chmod(path, wanted)  # never a link: those are in `linked`
        many = "s" if len(loose) > 1 else ""
        return [*through_links, Check("permissions", "fixed", f"tightened {len(loose)} file{many} and folders to "
                                      "owner-only (0700 folders, 0600 files).")]  # fmt: skip
    return through_links + [Check("permissions", "problem", f"{path.name or path} can be read by others (mode "
                                  f"{mode:o}, should be {wanted:o}); run `reflect doctor --fix`.")
                            for path, mode, wanted in loose]  # fmt: skip


def check_location(p: Paths) -> list[Check]:
    checks = []
    home = p.home.resolve()
    if service := sync_service(home):
        checks.append(
            Check(
                "location",
                "warning",
                f"the journal is inside a cloud-sync folder ({service}): "
                "copies leave this machine. Move it (reflect --home) or encrypt it (reflect encrypt).",
            )
        )
    if tree := git_work_tree(home):
        checks.append(Check("location", "warning", f"the journal is inside a git work tree ({tree}): a commit "
                            "could publish it. Move it out, or add it to .gitignore."))  # fmt: skip
    return checks or [Check("location", "ok", "the journal is not in a cloud-sync folder or a git work tree.")]


def check_leftovers(p: Paths, *, fix: bool) -> list[Check]:
    folder = p.private_tmp
    files = [f for f in folder.iterdir() if f.is_file()] if folder.is_dir() else []
    if not files:
        return []
    if fix:
        for f in files:
            f.unlink(missing_ok=True)
        return [Check("temporary files", "fixed", f"removed {plural(len(files), 'leftover editor file')}.")]
    return [Check("temporary files", "warning", f"{plural(len(files), 'leftover editor file')} in {folder}; "
                  "`reflect doctor --fix` removes them.")]  # fmt: skip


def latest_backup(p: Paths) -> Path | None:
    if not p.backups.is_dir():
        return None
    found = sorted(p.backups.glob("journal-*.db"), key=lambda f: f.stat().st_mtime)
    return found[-1] if found else None


def _search_index_check(journal: Any, *, fix: bool) -> Check:
    """The full-text index is derived from the entries: when it drifts, --fix rebuilds it from them."""
    drift = journal.search_index_problems()
    if not drift:
        return Check("search index", "ok", "the search index matches the entries.")
    if fix:
        count = journal.rebuild_search_index()
        return Check("search index", "fixed", f"the search index was out of step ({plural(len(drift), 'problem')}); "
                     f"rebuilt it from {plural(count, 'entry', 'entries')}.")  # fmt: skip
    return Check("search index", "problem", f"the search index is out of step with the entries "
                 f"({plural(len(drift), 'problem')}); `reflect doctor --fix` rebuilds it.")  # fmt: skip


def run(p: Paths, *, fix: bool = False) -> list[Check]:
    from reflect.errors import JournalError, ReflectError
    from reflect.store.connection import db_errors, is_encrypted
    from reflect.store.journal import Journal

    checks: list[Check] = []
    search_check: Check | None = None
    from reflect.store.journal_file import check_path

    try:
        if not check_path(p.journal):  # never opens a FIFO, device or folder, nor an empty or lost journal
            return [Check("journal", "problem", f"there is no journal at {p.journal}; `reflect init` creates one.")]
    except JournalError as exc:
        return [Check("journal", "problem", f"{exc.message} {exc.hint or ''}".strip()), *check_copies(p, fix=fix)]
    backup = latest_backup(p)
    restore_hint = (f"Restore the latest backup: reflect restore {backup}" if backup
                    else "There is no backup in the journal folder to restore from.")  # fmt: skip
    try:
        with Journal.open(p, create=False) as journal:
            problems = journal.integrity_problems()
            encrypted = journal.encrypted
            search_check = None if problems else _search_index_check(journal, fix=fix)
    except JournalError as exc:
        checks.append(Check("journal", "problem", f"{exc.message} {restore_hint}"))
        problems, encrypted = None, is_encrypted(p.journal)
    except ReflectError as exc:  # no passphrase available, and the like: not damage
        checks.append(Check("journal", "problem", f"{exc.message} {exc.hint or ''}".strip()))
        problems, encrypted = None, is_encrypted(p.journal)
    except db_errors():
        checks.append(Check("journal", "problem", f"the journal file is damaged. {restore_hint}"))
        problems, encrypted = None, is_encrypted(p.journal)
    if problems == []:
        checks.append(Check("integrity", "ok", "the journal passed SQLite's integrity check."))
    elif problems:
        found = plural(len(problems), "problem")
        checks.append(Check("integrity", "problem", f"the journal is damaged ({found} found). {restore_hint}"))
    if search_check is not None:
        checks.append(search_check)
    checks.append(Check("encryption", "ok", "the journal is encrypted (SQLCipher).") if encrypted else
                  Check("encryption", "warning", "the journal is not encrypted; `reflect encrypt` protects it with "
                        "a passphrase."))  # fmt: skip
    checks += check_permissions(p, fix=fix)
    checks += check_location(p)
    checks += check_leftovers(p, fix=fix)
    checks += check_copies(p, fix=fix)
    return checks


def check_copies(p: Paths, *, fix: bool) -> list[Check]:
    """Temporary copies of the journal left by an interrupted conversion or restore (any command removes them
    before it opens the journal; `doctor` run as a function, or a copy that appeared since, is reported here)."""
    from reflect.store.journal_file import leftovers, remove_leftovers

    found = [f for f in leftovers(p.journal) if not f.name.endswith(("-wal", "-shm", "-journal"))]
    if not found:
        return []
    if fix:
        remove_leftovers(p.journal)
        return [Check("temporary copies", "fixed", f"removed {plural(len(found), 'temporary copy', 'temporary copies')}"
                      " of the journal left by an interrupted conversion or restore.")]  # fmt: skip
    return [Check("temporary copies", "problem", f"{plural(len(found), 'temporary copy', 'temporary copies')} of "
                  f"the journal left by an interrupted conversion or restore in {p.home} (they may hold readable "
                  "entries); `reflect doctor --fix` removes them.")]  # fmt: skip
