"""What the journal-safety commands say once they are done: a backup, a purge, the records due for deletion,
the identifier scan."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reflect.render.console import message, out
from reflect.render.formatting import entry_count

if TYPE_CHECKING:
    from reflect.config import Paths


def backup_done(result: dict[str, Any]) -> None:
    encrypted = result["encrypted"]
    message(f"Backed up {entry_count(result['entries'])} to {result['path']}" + (" (encrypted)." if encrypted else "."))
    if not encrypted:
        message("This backup is not encrypted: keep it as private as the journal (`reflect encrypt` protects both).")


def purge_done(p: Paths, what: str, result: dict[str, Any]) -> None:
    message(f"Erased {what}; the freed space was overwritten.")
    if not result["wal_cleared"]:
        message("Another reflect window has the journal open: close it so the journal's log is cleared too.")
    if p.backups.is_dir() and any(p.backups.iterdir()):
        message(f"Backups in {p.backups} made before now still contain what was erased; delete them if they must go.")


def retention_view(rows: list[dict[str, Any]], show_all: bool) -> None:
    from rich.table import Table

    if not rows:
        message("No records are due for deletion." + ("" if show_all else " (--all lists every closed client.)"))
        return
    table = Table(box=None, pad_edge=False, header_style="bold")
    for col in ("client", "closed", "keep (years)", "due", "entries"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["client"], r["closed_on"], str(r["retention_years"]),
                      r["due_on"] + ("  due" if r["due"] else ""), str(r["entries"]))  # fmt: skip
    out().print(table)
    if any(r["due"] for r in rows):
        message("`reflect purge --client CODE` erases a client's records for good.")


def identifiers_found(found: list[dict[str, str]]) -> None:
    from reflect.render.console import safe

    if not found:
        message("No identifiers found.")
        return
    for f in found:
        out().print(safe(f"{f['kind']:<9} {f['context']}"))


def list_terms(which: str, terms: list[str]) -> None:
    from reflect.render.console import safe

    if not terms:
        message(f"The {which}-list is empty.")
    for term in terms:
        out().print(safe(term))
