"""Writing an entry: the guided interview into a draft, or an answers file, then validation, the journal's session
numbering, the previous-experiment rule, the identifier review and the save (the draft goes only when the entry is
saved)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reflect.domain.models import Entry
    from reflect.domain.packs import Pack
    from reflect.store.journal import Draft, Journal


def offer_resume(journal: Journal) -> Draft | None:
    drafts = [d for d in journal.drafts() if d.entry_id is None and "editor_text" not in d.state]
    if not drafts:
        return None
    from reflect.interview.asker import Choice, QuestionaryAsker
    from reflect.render.formatting import local_time

    choices = [Choice(None, "Start a new entry (keep the drafts)")]
    choices += [
        Choice(d.id, f"Resume the draft for {d.client or 'a new client'} from {local_time(d.updated_at, '%a %H:%M')} "
                     f"({len(d.state.get('done', []))} answered)")
        for d in drafts[:9]
    ]  # fmt: skip
    picked = QuestionaryAsker().select("You have an unfinished entry. Resume it?", choices, default=drafts[0].id)
    return next((d for d in drafts if d.id == picked), None)


def choose_draft(drafts: list[Draft]) -> Draft:
    from reflect.interview.asker import Choice, QuestionaryAsker
    from reflect.render.formatting import local_time

    choices = [
        Choice(d.id, f"{d.client or '?'}  {d.pack}  {local_time(d.updated_at, '%a %d %b %H:%M')}  "
                     f"({len(d.state.get('done', []))} answered){'  edit' if d.entry_id else ''}")
        for d in drafts
    ]  # fmt: skip
    picked = QuestionaryAsker().select("Which draft?", choices, default=drafts[0].id)
    return next(d for d in drafts if d.id == picked)


def interview_context(journal: Journal, **overrides: Any):
    from datetime import datetime

    from reflect.domain.client_codes import generate_client_code
    from reflect.interview.runner import InterviewContext

    codes = journal.open_clients_by_recency()

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


def run_interview(journal: Journal, draft: Draft, pack: Pack, *, defaults: dict[str, Any] | None = None,
         fixed_client: str | None = None, fixed_session_at: str | None = None) -> None:  # fmt: skip
    """Interview into the draft, then validate, confirm and save; the draft goes only when the entry is saved."""
    from reflect.domain.models import entry_to_dict
    from reflect.interview.asker import QuestionaryAsker
    from reflect.interview.runner import Interview
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
    if draft.state.get("done"):
        show_kept(draft, pack)
    try:
        raw = Interview(pack, asker, draft.state, persist, ctx).run()
    except KeyboardInterrupt:
        if not draft.saved:  # stopped at the first question: there is no draft to resume
            raise KeyboardInterrupt("Interrupted before the first answer; nothing was saved.") from None
        raise
    entry = finalise_entry(journal, raw, existing_id=draft.entry_id)
    from reflect.interview import guard

    entry = guard.review(asker, entry)  # identifiers: offer placeholders before the final confirmation
    show_before_saving(entry, pack)
    if not asker.confirm("Save this entry?", default=True):
        message(f"Not saved; your answers are kept as draft {draft.id[:8]} (`reflect resume`).")
        return
    journal.finish_draft(draft, entry)
    report_saved(entry, edited=bool(draft.entry_id))


def show_before_saving(entry: Entry, pack: Pack) -> None:
    """Everything that will be saved, as `reflect show` prints it (labels, wrapped at words), on stderr."""
    from reflect.render.console import err, message
    from reflect.render.entries import entry_view

    message("This is what will be saved:", style="bold")
    err().print(entry_view(entry, asked={q.id: q.ask for q in pack.questions if q.field is None}))


def show_kept(draft: Draft, pack: Pack) -> None:
    """Before a draft goes on: its client, session and every answer kept, so nothing is answered twice blind."""
    from reflect.render.console import err, message
    from reflect.render.drafts import FIELD_LABELS, answer_text, resume_view

    values, answers, done = draft.state.get("values", {}), draft.state.get("answers", {}), draft.state.get("done", [])
    kept = []
    for q in pack.questions:
        if q.id not in done:
            continue
        value = values.get(q.field) if q.field else answers.get(q.id)
        kept.append((FIELD_LABELS.get(q.field, q.ask) if q.field else q.ask, answer_text(q.field, value)))
    err().print(resume_view(draft.id, pack.title, values.get("client") or draft.client,
                            _session_words(values.get("session_at")), draft.updated_at, kept,
                            len(pack.questions)))  # fmt: skip
    message("Carrying on from the next question.", style="dim")


def _session_words(value: Any) -> str | None:
    """The session time as the clinician will recognise it: a stored time in local words, typed words as typed."""
    if not value:
        return None
    from datetime import datetime

    try:
        return datetime.fromisoformat(str(value)).astimezone().strftime("%a %d %b %Y %H:%M")
    except ValueError:
        return str(value)


def finalise_entry(journal: Journal, raw: dict[str, Any], *, existing_id: str | None = None) -> Entry:
    """Validate a raw entry and fill in what the journal decides: session number, timestamps."""
    from dataclasses import replace

    from reflect.domain.dates import now_utc
    from reflect.domain.models import parse_entry

    if existing_id:
        raw = {**raw, "id": existing_id, "updated_at": None}
    entry = parse_entry(raw, natural_dates=True)
    if existing_id:
        entry = replace(entry, updated_at=now_utc())
    if entry.session_number is None:
        entry = replace(entry, session_number=journal.next_session_number(entry.client))
    return entry


def report_saved(entry: Entry, *, edited: bool = False) -> None:
    import sys

    from reflect.render.console import message

    sys.stdout.write(entry.id + "\n")
    verb = "Updated" if edited else "Saved"
    message(f"{verb} entry {entry.id[:8]} for {entry.client}, session {entry.session_number}.")


def new_from_answers(source: str, client: str | None, session_at: str | None, pack: str | None, *,
                     redact: bool = False, same_session_ok: bool = False) -> None:  # fmt: skip
    from reflect.errors import ValidationError
    from reflect.interview import guard
    from reflect.io.answers import load_answers
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
    _clock_notes_for_answers(raw["session_at"])
    if pack:
        raw["pack"] = pack
    from reflect.flows.journal import open_journal

    with open_journal() as journal, journal.write():
        # One IMMEDIATE transaction from numbering to saving: two `new` at once must not both take session n.
        entry = finalise_entry(journal, raw)
        if raw.get("id") and journal.count_entries(ids_filter(entry.id)):
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
    report_saved(entry)


def ids_filter(entry_id: str):
    from reflect.domain.entry_filter import EntryFilter

    return EntryFilter(ids=(entry_id,))


def say_clock_notes(notes: list[str]) -> None:
    """A session time the clocks skipped or showed twice: say which time is stored (dates.parse_when's notes)."""
    from reflect.render.console import message

    for note in notes:
        message(f"Note: {note}")


def _clock_notes_for_answers(value: object) -> None:
    """The notes for a session time written in words in an answers file (ISO times carry their own offset)."""
    from datetime import datetime

    from reflect.domain import dates

    if not isinstance(value, str):
        return
    try:
        datetime.fromisoformat(value.strip())
        return
    except ValueError:
        pass
    notes: list[str] = []
    try:
        dates.parse_when(value, notes=notes)
    except ValueError:
        return  # the validator reports it
    say_clock_notes(notes)
