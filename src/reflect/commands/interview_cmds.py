"""new, resume and edit: the guided interview, answers files and $EDITOR round trips (flows/entry.py does the work)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from reflect.commands import completers
from reflect.commands.common import EntryIdArg, open_journal, require_terminal

if TYPE_CHECKING:
    from reflect.domain.packs import Pack

PackOpt = Annotated[
    str | None,
    typer.Option(
        "--pack",
        "-p",
        help="Prompt pack: standard, quick, deep, rupture, or your own.",
        show_default=False,
        metavar="PACK",
        autocompletion=completers.pack_names,
    ),
]


def new(
    client: Annotated[
        str | None,
        typer.Option(
            "--client",
            "-c",
            help="Client code (skips the question).",
            show_default=False,
            metavar="CODE",
            autocompletion=completers.client_codes,
        ),
    ] = None,
    when: Annotated[
        str | None,
        typer.Option(
            "--date",
            "-d",
            help="Session date/time: 'today 15:00', 'yesterday', 'last tuesday 9am', '3 days ago', 2026-03-11.",
            show_default=False,
            metavar="DATE",
            autocompletion=completers.days,
        ),
    ] = None,
    pack: PackOpt = None,
    answers: Annotated[
        str | None,
        typer.Option(
            "--answers",
            "-a",
            help="Save without prompting, from a JSON or TOML file of entry fields (- for stdin).",
            show_default=False,
        ),
    ] = None,
    redact_identifiers: Annotated[
        bool,
        typer.Option(
            "--redact-identifiers",
            help="With --answers: replace possible "
            "identifiers with placeholders ([NAME], [PHONE] ...) before "
            "saving, instead of only warning.",
        ),
    ] = False,
    same_session: Annotated[
        bool,
        typer.Option(
            "--same-session",
            help="With --answers: save even if the client already has an entry at this session time.",
        ),
    ] = False,
) -> None:
    """Reflect on a session: a guided interview (or --answers FILE), saved as you go."""
    from reflect.commands.common import client_option

    code = client_option(client)
    session_at = _when_option(when)
    if answers is not None:
        from reflect.flows.entry import new_from_answers

        new_from_answers(answers, code, session_at, pack, redact=redact_identifiers, same_session_ok=same_session)
        return
    if redact_identifiers:
        from reflect.errors import UsageError

        raise UsageError("--redact-identifiers goes with --answers; the interview offers the same before saving.")
    require_terminal("reflect new")
    from reflect.flows.entry import offer_resume, run_interview

    with open_journal() as journal:
        if (resumed := offer_resume(journal)) is not None:
            run_interview(journal, resumed, _pack(resumed.pack))
            return
        chosen = _pack(pack or _default_pack())
        draft = journal.new_draft(chosen.name, client=code)
        run_interview(journal, draft, chosen, fixed_client=code, fixed_session_at=session_at)


def resume(
    draft_id: Annotated[
        str | None,
        typer.Argument(
            help="The draft to continue (default: the latest).",
            show_default=False,
            metavar="ID",
            autocompletion=completers.draft_ids,
        ),
    ] = None,
) -> None:
    """Continue an unfinished entry (a draft) where you left off."""
    from reflect.errors import NotFound
    from reflect.flows.entry import choose_draft, run_interview

    require_terminal("reflect resume")
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
        run_interview(journal, draft, _pack(draft.pack))


def edit(
    entry_id: EntryIdArg,
    editor: Annotated[
        bool,
        typer.Option(
            "--editor", "-e", help="Edit a TOML rendering in $EDITOR instead of answering the questions again."
        ),
    ] = False,
    pack: PackOpt = None,
) -> None:
    """Change an entry: re-run the interview with its answers as defaults, or edit it in $EDITOR."""
    from reflect.domain.models import entry_to_dict
    from reflect.flows.entry import run_interview

    with open_journal(create=False) as journal:
        entry = journal.get_entry(journal.resolve_id(entry_id))
        if editor:
            from reflect.interview.editing import edit_in_editor

            edit_in_editor(journal, entry)
            return
        require_terminal("reflect edit")
        chosen = _pack(pack or entry.pack or _default_pack())
        existing = next((d for d in journal.drafts() if d.entry_id == entry.id and "editor_text" not in d.state), None)
        draft = existing or journal.new_draft(chosen.name, client=entry.client, entry_id=entry.id)
        run_interview(journal, draft, chosen, defaults=entry_to_dict(entry))


# --- the pieces -------------------------------------------------------------------------------------------------------


def _default_pack() -> str:
    from reflect.config import load_settings

    return str(load_settings().get("default_pack", "standard"))


def _pack(name: str) -> Pack:
    from reflect.config import paths
    from reflect.domain import packs

    return packs.get(name, paths().user_prompts)


def _when_option(when: str | None) -> str | None:
    if when is None:
        return None
    from reflect.domain import dates
    from reflect.errors import UsageError
    from reflect.flows.entry import say_clock_notes

    notes: list[str] = []
    try:
        parsed = dates.parse_when(when, notes=notes)
    except ValueError as exc:
        raise UsageError(f"--date: {exc}.") from None
    from reflect.commands.common import echo_date_order

    echo_date_order(when, parsed.date())
    say_clock_notes(notes)
    return parsed.isoformat(timespec="seconds")
