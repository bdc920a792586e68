"""new, resume and edit: the guided interview, answers files and $EDITOR round trips."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from reflect.commands.common import open_journal, require_terminal

if TYPE_CHECKING:
    from reflect.models import Entry
    from reflect.packs import Pack
    from reflect.store import Draft, Journal

PackOpt = Annotated[
    str | None,
    typer.Option("--pack", "-p", help="Prompt pack: standard, quick, deep, rupture, or your own.", show_default=False),
]


def new(
    client: Annotated[
        str | None, typer.Option("--client", "-c", help="Client code (skips the question).", show_default=False)
    ] = None,
    when: Annotated[
        str | None,
        typer.Option(
            "--date",
            "-d",
            help="Session date/time: 'today 15:00', 'yesterday', 'last tuesday 9am', '3 days ago', 2026-03-11.",
            show_default=False,
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
        _new_from_answers(answers, code, session_at, pack, redact=redact_identifiers, same_session_ok=same_session)
        return
    if redact_identifiers:
        from reflect.errors import UsageError

        raise UsageError("--redact-identifiers goes with --answers; the interview offers the same before saving.")
    require_terminal("reflect new")
    with open_journal() as journal:
        if (resumed := _offer_resume(journal)) is not None:
            _run(journal, resumed, _pack(resumed.pack))
            return
        chosen = _pack(pack or _default_pack())
        draft = journal.new_draft(chosen.name, client=code)
        _run(journal, draft, chosen, fixed_client=code, fixed_session_at=session_at)


def resume(
    draft_id: Annotated[
        str | None, typer.Argument(help="The draft to continue (default: the latest).", show_default=False)
    ] = None,
) -> None:
    """Continue an unfinished entry (a draft) where you left off."""
    from reflect.errors import NotFound

    require_terminal("reflect resume")
    with open_journal() as journal:
        if draft_id:
            draft = journal.get_draft(draft_id)
        else:
            drafts = [d for d in journal.drafts() if "editor_text" not in d.state]
            if not drafts:
                raise NotFound("there is no draft to resume.", "`reflect new` starts an entry.")
            draft = drafts[0] if len(drafts) == 1 else _choose_draft(drafts)
        if "editor_text" in draft.state:
            from reflect.errors import UsageError

            raise UsageError("that draft holds an editor session; continue it with `reflect edit ID --editor`.")
        _run(journal, draft, _pack(draft.pack))


def edit(
    entry_id: Annotated[
        str, typer.Argument(help="The entry's id, or a unique prefix of 6+ characters.", show_default=False)
    ],
    editor: Annotated[
        bool,
        typer.Option(
            "--editor", "-e", help="Edit a TOML rendering in $EDITOR instead of answering the questions again."
        ),
    ] = False,
    pack: PackOpt = None,
) -> None:
    """Change an entry: re-run the interview with its answers as defaults, or edit it in $EDITOR."""
    from reflect.models import entry_to_dict

    with open_journal(create=False) as journal:
        entry = journal.get_entry(journal.resolve_id(entry_id))
        if editor:
            from reflect.editing import edit_in_editor

            edit_in_editor(journal, entry)
            return
        require_terminal("reflect edit")
        chosen = _pack(pack or entry.pack or _default_pack())
        existing = next((d for d in journal.drafts() if d.entry_id == entry.id and "editor_text" not in d.state), None)
        draft = existing or journal.new_draft(chosen.name, client=entry.client, entry_id=entry.id)
        _run(journal, draft, chosen, defaults=entry_to_dict(entry))


# --- the pieces -------------------------------------------------------------------------------------------------------


def _default_pack() -> str:
    from reflect.config import load_settings

    return str(load_settings().get("default_pack", "standard"))


def _pack(name: str) -> Pack:
    from reflect import packs
    from reflect.config import paths

    return packs.get(name, paths().user_prompts)


def _when_option(when: str | None) -> str | None:
    if when is None:
        return None
    from reflect import dates
    from reflect.errors import UsageError

    try:
        return dates.parse_when(when).isoformat(timespec="seconds")
    except ValueError as exc:
        raise UsageError(f"--date: {exc}.") from None


def _offer_resume(journal: Journal) -> Draft | None:
    drafts = [d for d in journal.drafts() if d.entry_id is None and "editor_text" not in d.state]
    if not drafts:
        return None
    from reflect.asker import Choice, QuestionaryAsker
    from reflect.render.entries import local

    choices = [Choice(None, "Start a new entry (keep the drafts)")]
    choices += [
        Choice(d.id, f"Resume the draft for {d.client or 'a new client'} from {local(d.updated_at, '%a %H:%M')} "
                     f"({len(d.state.get('done', []))} answered)")
        for d in drafts[:9]
    ]  # fmt: skip
    picked = QuestionaryAsker().select("You have an unfinished entry. Resume it?", choices, default=drafts[0].id)
    return next((d for d in drafts if d.id == picked), None)


def _choose_draft(drafts: list[Draft]) -> Draft:
    from reflect.asker import Choice, QuestionaryAsker
    from reflect.render.entries import local

    choices = [
        Choice(d.id, f"{d.client or '?'}  {d.pack}  {local(d.updated_at, '%a %d %b %H:%M')}  "
                     f"({len(d.state.get('done', []))} answered){'  edit' if d.entry_id else ''}")
        for d in drafts
    ]  # fmt: skip
    picked = QuestionaryAsker().select("Which draft?", choices, default=drafts[0].id)
    return next(d for d in drafts if d.id == picked)


def interview_context(journal: Journal, **overrides: Any):
    from datetime import datetime

    from reflect.interview import InterviewContext
    from reflect.models import generate_client_code

    summary = journal.clients_summary()  # most recent first
    codes = [row["client"] for row in summary if not row["closed_on"]]

    def previous_experiment(client: str, before: datetime):
        prev = journal.previous_entry(client, before)
        # An experiment agreed in supervision since the last session takes the place of the one written then.
        planned = journal.pending_supervision_experiment(client, prev.session_at if prev else None, before)
        if planned is not None:
            return planned, prev.session_at if prev else before
        if prev is None or not prev.experiment:
            return None
        return prev.experiment, prev.session_at

    editing = (overrides.get("defaults") or {}).get("id")

    def entry_at(client: str, when: datetime) -> str | None:
        other = journal.entry_at(client, when, other_than=editing)
        return other[:8] if other else None

    return InterviewContext(
        now=datetime.now().astimezone(),
        client_codes=codes,
        new_code=lambda: generate_client_code(set(journal.client_codes())),
        previous_experiment=previous_experiment,
        entry_at=entry_at,
        **overrides,
    )


def _run(journal: Journal, draft: Draft, pack: Pack, *, defaults: dict[str, Any] | None = None,
         fixed_client: str | None = None, fixed_session_at: str | None = None) -> None:  # fmt: skip
    """Interview into the draft, then validate, confirm and save; the draft goes only when the entry is saved."""
    from reflect.asker import QuestionaryAsker
    from reflect.interview import Interview
    from reflect.models import entry_to_dict
    from reflect.render.console import message

    if draft.entry_id and defaults is None:  # resuming an edit: the entry as it is now supplies the defaults
        defaults = entry_to_dict(journal.get_entry(draft.entry_id))

    def persist(state: dict[str, Any]) -> None:
        draft.state = state
        draft.client = state.get("values", {}).get("client") or draft.client
        journal.save_draft(draft)

    asker = QuestionaryAsker()
    ctx = interview_context(journal, defaults=defaults or {}, fixed_client=fixed_client,
                            fixed_session_at=fixed_session_at)  # fmt: skip
    message(f"{pack.title}: {pack.summary}" if pack.summary else pack.title, style="bold")
    message("Ctrl-C at any point keeps your answers as a draft.", style="dim")
    if answered := len(draft.state.get("done", [])):
        message(f"Resuming draft {draft.id[:8]}: {answered} answers kept; carrying on from the next question.")
    raw = Interview(pack, asker, draft.state, persist, ctx).run()
    entry = _finalise(journal, raw, existing_id=draft.entry_id)
    from reflect import guard

    entry = guard.review(asker, entry)  # identifiers: offer placeholders before the final confirmation
    show_before_saving(entry, pack)
    if not asker.confirm("Save this entry?", default=True):
        message(f"Not saved; your answers are kept as draft {draft.id[:8]} (`reflect resume`).")
        return
    journal.finish_draft(draft, entry)
    _report_saved(entry, edited=bool(draft.entry_id))


def show_before_saving(entry: Entry, pack: Pack) -> None:
    """Everything that will be saved, as `reflect show` prints it (labels, wrapped at words), on stderr."""
    from reflect.render.console import err, message
    from reflect.render.entries import entry_view

    message("This is what will be saved:", style="bold")
    err().print(entry_view(entry, asked={q.id: q.ask for q in pack.questions if q.field is None}))


def _finalise(journal: Journal, raw: dict[str, Any], *, existing_id: str | None = None) -> Entry:
    """Validate a raw entry and fill in what the journal decides: session number, timestamps."""
    from dataclasses import replace

    from reflect.models import now_utc, parse_entry

    if existing_id:
        raw = {**raw, "id": existing_id, "updated_at": None}
    entry = parse_entry(raw, natural_dates=True)
    if existing_id:
        entry = replace(entry, updated_at=now_utc())
    if entry.session_number is None:
        entry = replace(entry, session_number=journal.next_session_number(entry.client))
    return entry


def _report_saved(entry: Entry, *, edited: bool = False) -> None:
    import sys

    from reflect.render.console import message

    sys.stdout.write(entry.id + "\n")
    verb = "Updated" if edited else "Saved"
    message(f"{verb} entry {entry.id[:8]} for {entry.client}, session {entry.session_number}.")


def load_answers(source: str) -> dict[str, Any]:
    """An answers file: JSON or TOML (by extension, or by content for stdin)."""
    import json
    import tomllib

    from reflect.errors import ValidationError
    from reflect.transfer import open_input

    with open_input(source) as fh:
        try:
            text = fh.read()
        except UnicodeDecodeError:
            raise ValidationError(f"{source}: the file is not UTF-8 text.") from None
    name = "standard input" if source == "-" else source
    as_json = source.endswith(".json") or (not source.endswith(".toml") and text.lstrip().startswith(("{", "[")))
    try:
        data = json.loads(text) if as_json else tomllib.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(f"{name}: not valid JSON (line {exc.lineno}: {exc.msg}).") from None
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(f"{name}: not valid TOML or JSON ({exc}).") from None
    except RecursionError:  # "[[[[..." thousands deep: the parsers recurse
        raise ValidationError(f"{name}: nested too deeply to be an entry.") from None
    if not isinstance(data, dict):
        raise ValidationError(f"{name}: must hold one entry (an object of fields).")
    return data


def _new_from_answers(source: str, client: str | None, session_at: str | None, pack: str | None, *,
                      redact: bool = False, same_session_ok: bool = False) -> None:  # fmt: skip
    from reflect import guard
    from reflect.errors import ValidationError
    from reflect.render.console import message

    raw = load_answers(source)
    for key in ("created_at", "updated_at"):
        if key in raw:
            raise ValidationError(f"field '{key}' is set by reflect; leave it out of an answers file.")
    if client:
        raw["client"] = client
    if session_at:
        raw["session_at"] = session_at
    raw.setdefault("session_at", "now")
    if pack:
        raw["pack"] = pack
    with open_journal() as journal, journal.write():
        # One IMMEDIATE transaction from numbering to saving: two `new` at once must not both take session n.
        entry = _finalise(journal, raw)
        if raw.get("id") and journal.count_entries(_ids_filter(entry.id)):
            raise ValidationError(f"an entry with id {entry.id} already exists; use `reflect edit` or import.")
        if not same_session_ok and (other := journal.entry_at(entry.client, entry.session_at)):
            raise ValidationError(
                f"entry {other[:8]} is already written for {entry.client} at this session time; "
                "--same-session saves a second one."
            )
        findings = guard.scan(entry)
        if redact and findings:
            entry = guard.apply(entry, findings)
            from reflect.render import plural

            message(f"Replaced {plural(len(findings), 'possible identifier')} with placeholders.")
        else:
            guard.warn(findings, hint="Saved as written: --redact-identifiers replaces them, `reflect edit ID` "
                                      "changes the entry.")  # fmt: skip
        journal.save_entry(entry)
    _report_saved(entry)


def _ids_filter(entry_id: str):
    from reflect.store import EntryFilter

    return EntryFilter(ids=(entry_id,))
