"""Shell completion of the values commands take: the journal's client codes, entry ids, tags, drafts and supervision
questions, pack names, vocabulary names and date words.

Typer calls these on Tab with the word being typed. Each returns (value, help) pairs; zsh and fish show the help
beside the value, bash the values alone. They import nothing until called and read the journal through
store/completion.py, which never prompts and never writes; whatever goes wrong, they offer less, and never a message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer  # Typer reads each completer's signature (a typer.Context parameter gets the context)

if TYPE_CHECKING:
    from pathlib import Path

Choices = list[tuple[str, str]]

SHORT_ID = 8  # as `reflect list` shows entry ids; a longer typed prefix is completed to the full id
MAX_IDS = 50  # a screenful: more ids than this help nobody choose


def _journal_path(ctx: typer.Context | None) -> Path:
    """The journal this command line would use: `--home` typed before the command, else $REFLECT_HOME or the default."""
    import os

    from reflect.config import paths

    root = ctx.find_root() if ctx is not None else None
    home = root.params.get("home") if root is not None else None
    if home is not None:
        os.environ["REFLECT_HOME"] = str(home.expanduser())  # settings (keyring = true) are read from there too
    return paths().journal


def _from_journal(ctx: typer.Context | None, read: Any) -> Any:
    from reflect.store.completion import reading

    try:
        with reading(_journal_path(ctx)) as conn:
            return read(conn)
    except Exception:  # completion must never print: a bad settings file or path offers nothing
        return []


def _day(stored: str | None) -> str:
    if not stored:
        return "no entries yet"
    from reflect.domain.dates import stored_time

    return stored_time(stored).astimezone().strftime("%d %b %Y").lstrip("0")


def client_codes(ctx: typer.Context, incomplete: str) -> Choices:
    from reflect.render.formatting import entry_count
    from reflect.store import completion

    rows = _from_journal(ctx, completion.clients)
    return [(code, f"{entry_count(n)}, last {_day(last)}" if n else "no entries yet") for code, n, last in rows]


def _short_ids(ids: list[str], incomplete: str) -> dict[str, str]:
    """Each id shortened to the 8 characters `reflect list` shows (or as many as are typed), unless another id starts
    the same: then in full, so that completing never lands on an ambiguous prefix."""
    length = max(SHORT_ID, len(incomplete))
    starts: dict[str, int] = {}
    for full in ids:
        starts[full[:length]] = starts.get(full[:length], 0) + 1
    return {full: full[:length] if starts[full[:length]] == 1 else full for full in ids}


def entry_ids(ctx: typer.Context, incomplete: str) -> Choices:
    from reflect.store import completion

    rows = _from_journal(ctx, lambda conn: completion.entries(conn, incomplete, MAX_IDS))
    shown = _short_ids([row[0] for row in rows], incomplete)
    return [(shown[entry_id], f"{client}, {_day(at)}") for entry_id, client, at in rows]


def question_ids(ctx: typer.Context, incomplete: str) -> Choices:
    from reflect.store import completion

    rows = _from_journal(ctx, lambda conn: completion.questions(conn, incomplete, MAX_IDS))
    shown = _short_ids([row[0] for row in rows], incomplete)
    return [(shown[qid], f"{status}: {client}, {_day(at)}") for qid, status, client, at in rows]


def draft_ids(ctx: typer.Context, incomplete: str) -> Choices:
    from reflect.store import completion

    rows = _from_journal(ctx, completion.drafts)
    shown = _short_ids([row[0] for row in rows], incomplete)
    return [
        (shown[did], f"{client or 'no client yet'}, {pack} pack, saved {_day(at)}") for did, client, pack, at in rows
    ]


def tags(ctx: typer.Context, incomplete: str) -> Choices:
    from reflect.render.formatting import entry_count
    from reflect.store import completion

    return [(tag, entry_count(n)) for tag, n in _from_journal(ctx, completion.tags)]


def pack_names(ctx: typer.Context, incomplete: str) -> Choices:
    from reflect.domain import packs

    try:
        available = packs.available(_journal_path(ctx).parent / "prompts")
    except Exception:  # one broken pack of your own: the shipped ones still complete
        try:
            available = packs.available(None)
        except Exception:
            return []
    return [(name, " ".join(str(pack.title or pack.summary or "").split())) for name, pack in available.items()]


def vocabulary_names(ctx: typer.Context, incomplete: str) -> Choices:
    from reflect.domain import vocab

    try:
        return [(name, "") for name in vocab.names()]
    except Exception:
        return []


def days(ctx: typer.Context, incomplete: str) -> Choices:
    """The one-word days the date parser reads (a space inside a completed value would split it in bash)."""
    from datetime import date

    from reflect.domain.dates import WEEKDAYS

    words = [("today", ""), ("yesterday", "")]
    words += [(day, f"the last {day.capitalize()}") for day in WEEKDAYS]
    words.append((date.today().isoformat(), "a date, year-month-day"))
    return words


def until_days(ctx: typer.Context, incomplete: str) -> Choices:
    """For --until, where a day ahead makes sense: "tomorrow" too."""
    words = days(ctx, incomplete)
    return [*words[:2], ("tomorrow", ""), *words[2:]]


def question_statuses(ctx: typer.Context, incomplete: str) -> Choices:
    return [("open", ""), ("discussed", ""), ("resolved", ""), ("all", "")]
