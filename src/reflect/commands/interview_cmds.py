"""new, resume and edit: the guided interview, answers files and $EDITOR round trips (flows/entry.py does the work)."""

from __future__ import annotations

from typing import Annotated

import typer

from reflect.commands.common import EntryIdArg, argument, option, require_terminal
from reflect.flows import completion

PackOpt = Annotated[
    str | None,
    option(
        "--pack",
        "-p",
        help="Prompt pack: standard, quick, deep, rupture, or your own.",
        metavar="PACK",
        values=completion.pack_names,
    ),
]


def new(
    client: Annotated[
        str | None,
        option(
            "--client", "-c", help="Client code (skips the question).", metavar="CODE", values=completion.client_codes
        ),
    ] = None,
    when: Annotated[
        str | None,
        option(
            "--date",
            "-d",
            help="Session date/time: 'today 15:00', 'yesterday', 'last tuesday 9am', '3 days ago', 2026-03-11.",
            metavar="DATE",
            values=completion.days,
        ),
    ] = None,
    pack: PackOpt = None,
    answers: Annotated[
        str | None,
        option(
            "--answers", "-a", help="Save without prompting, from a JSON or TOML file of entry fields (- for stdin)."
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
    from reflect.flows.writing import session_time_option

    code = client_option(client)
    session_at = session_time_option(when)
    if answers is not None:
        from reflect.flows.entry import new_from_answers

        new_from_answers(answers, code, session_at, pack, redact=redact_identifiers, same_session_ok=same_session)
        return
    if redact_identifiers:
        from reflect.errors import UsageError

        raise UsageError("--redact-identifiers goes with --answers; the interview offers the same before saving.")
    require_terminal("reflect new")
    from reflect.flows.writing import start

    start(code, session_at, pack)


def resume(
    draft_id: Annotated[
        str | None,
        argument(help="The draft to continue (default: the latest).", metavar="ID", values=completion.draft_ids),
    ] = None,
) -> None:
    """Continue an unfinished entry (a draft) where you left off."""
    from reflect.flows.writing import resume as run

    require_terminal("reflect resume")
    run(draft_id)


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
    from reflect.flows.writing import edit as run

    run(entry_id, editor=editor, pack=pack)
