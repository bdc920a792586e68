"""Starting, resuming and editing an entry through the interview (flows/entry.py runs it): which pack, which draft,
and the session time given on the command line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.flows.journal import open_journal, require_terminal

if TYPE_CHECKING:
    from reflect.domain.packs import Pack


def start(code: str | None, session_at: str | None, pack: str | None) -> None:
    """A new entry in the interview, unless the user takes up an unfinished draft offered first."""
    from reflect.flows.entry import offer_resume, run_interview

    with open_journal() as journal:
        if (resumed := offer_resume(journal)) is not None:
            run_interview(journal, resumed, pack_named(resumed.pack))
            return
        chosen = pack_named(pack or default_pack_name())
        draft = journal.new_draft(chosen.name, client=code, save=False)  # written with the first answer
        run_interview(journal, draft, chosen, fixed_client=code, fixed_session_at=session_at)


def resume(draft_id: str | None) -> None:
    """Continue a draft (default: the only one, or the one chosen) where it was left."""
    from reflect.errors import NotFound
    from reflect.flows.entry import choose_draft, run_interview

    with open_journal() as journal:
        if draft_id:
            draft = journal.get_draft(draft_id)
        else:
            drafts = [d for d in journal.drafts() if "editor_text" not in d.state]
            if not drafts:
                raise NotFound("there is no draft to resume.", "`reflect new` starts an entry.")
            draft = drafts[0] if len(drafts) == 1 else choose_draft(drafts)
        if "editor_text" in draft.state:
            from reflect.errors import UsageError

            raise UsageError("that draft holds an editor session; continue it with `reflect edit ID --editor`.")
        run_interview(journal, draft, pack_named(draft.pack))


def edit(entry_id: str, *, editor: bool, pack: str | None) -> None:
    """Re-run the interview with the entry's answers as defaults, or edit it as TOML in $EDITOR."""
    from reflect.domain.models import entry_to_dict
    from reflect.flows.entry import run_interview

    with open_journal(create=False) as journal:
        entry = journal.get_entry(journal.resolve_id(entry_id))
        if editor:
            from reflect.interview.editing import edit_in_editor

            edit_in_editor(journal, entry)
            return
        require_terminal("reflect edit")
        chosen = pack_named(pack or entry.pack or default_pack_name())
        existing = next((d for d in journal.drafts() if d.entry_id == entry.id and "editor_text" not in d.state), None)
        draft = existing or journal.new_draft(chosen.name, client=entry.client, entry_id=entry.id)
        run_interview(journal, draft, chosen, defaults=entry_to_dict(entry))


def default_pack_name() -> str:
    from reflect.config import load_settings

    return str(load_settings().get("default_pack", "standard"))


def pack_named(name: str) -> Pack:
    from reflect.config import paths
    from reflect.domain import packs

    return packs.get(name, paths().user_prompts)


def session_time_option(when: str | None) -> str | None:
    """`--date` of `reflect new`: the session time as stored, with any clock notes said on stderr."""
    if when is None:
        return None
    from reflect.domain import dates
    from reflect.errors import UsageError
    from reflect.flows.entry import say_clock_notes
    from reflect.render.console import echo_date_order

    notes: list[str] = []
    try:
        parsed = dates.parse_when(when, notes=notes)
    except ValueError as exc:
        raise UsageError(f"--date: {exc}.") from None
    echo_date_order(when, parsed.date())
    say_clock_notes(notes)
    return parsed.isoformat(timespec="seconds")
