"""The notes of an Obsidian vault export: one per entry, one per client linking its entries, an index, and the latest
supervision preparation. Every note reflect writes says so in its front matter (`generator: reflect`), which is how
a later export knows which notes are its own to update, and which are the user's to leave alone."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from reflect.domain.models import Entry
from reflect.privacy.redact import Redactor
from reflect.render.markdown import _yaml_list, _yaml_str, entry_markdown, front_matter, redaction_note

GENERATOR = "generator: reflect"
ENTRIES, CLIENTS = "Entries", "Clients"
INDEX, PREP = "reflect index", "Supervision prep"


@dataclass(frozen=True)
class EntryNote:
    name: str  # the note's path in the vault, without ".md": Entries/2026-03-10-1500-C-7F3K-3f2a9c01
    client: str
    when: str  # as the redactor shows the session's date
    session: int | None


def _tag(kind: str, slug: str) -> str:
    """An Obsidian tag: no spaces, `kind/slug` so that pulls and feelings each nest under one tag."""
    return f"{kind}/" + re.sub(r"[^\w/-]+", "-", slug.strip().lower()).strip("-")


def entry_note(e: Entry, redactor: Redactor, note: EntryNote, asked: Mapping[str, str] | None) -> str:
    """An already-redacted entry as a note: the export's front matter with pulls and feelings added as tags, the
    entry, and a link to its client's note."""
    tags = [*e.tags, *(_tag("pull", p) for p in e.pulls), *(_tag("feeling", f) for f in e.feelings)]
    matter = front_matter(e, redactor).replace("---\n", f"---\n{GENERATOR}\n", 1)
    matter = re.sub(r"^tags: .*$", lambda _: f"tags: {_yaml_list(tags)}", matter, count=1, flags=re.M)
    body = entry_markdown(e, heading="#", redactor=redactor, asked=asked)
    client_link = f"[[{CLIENTS}/{note.client}|{note.client}]]"
    return f"{matter}\n{body}\nClient: {client_link} · [[{INDEX}|all clients]]\n\n*{redaction_note(redactor)}*\n"


def _session_words(note: EntryNote) -> str:
    return f"{note.when}, session {note.session}" if note.session else note.when


def client_note(client: str, notes: Sequence[EntryNote], redactor: Redactor) -> str:
    """A client's note: their entries, oldest first, each a wiki-link."""
    lines = ["---", GENERATOR, f"client: {_yaml_str(client)}", f"sessions: {len(notes)}",
             f"redaction: {_yaml_str(redactor.level.value)}", "---", "", f"# {client}", ""]  # fmt: skip
    lines += [f"- [[{n.name}|{_session_words(n)}]]" for n in notes]
    lines += ["", f"Back to [[{INDEX}|all clients]].", "", f"*{redaction_note(redactor)}*", ""]
    return "\n".join(lines)


def index_note(clients: Mapping[str, Sequence[EntryNote]], redactor: Redactor, *, scope: str, has_prep: bool) -> str:
    """The vault's way in: every client with how many entries, and the supervision preparation."""
    lines = ["---", GENERATOR, f"entries: {sum(len(v) for v in clients.values())}",
             f"redaction: {_yaml_str(redactor.level.value)}", "---", "", "# Reflections from reflect", "",
             f"Entries: {scope}. These notes are written by reflect: an export updates them, and leaves the notes "
             "you add yourself alone.", "", "## Clients", ""]  # fmt: skip
    for client, notes in clients.items():
        lines.append(f"- [[{CLIENTS}/{client}|{client}]]: {len(notes)} {'entry' if len(notes) == 1 else 'entries'}")
    if has_prep:
        lines += ["", "## Supervision", "", f"- [[{PREP}]]: the latest preparation for supervision"]
    lines += ["", f"*{redaction_note(redactor)}*", ""]
    return "\n".join(lines)


def prep_note(prep_markdown: str) -> str:
    """The supervision preparation document as a note: its own front matter, marked as reflect's."""
    if prep_markdown.startswith("---\n"):
        return prep_markdown.replace("---\n", f"---\n{GENERATOR}\n", 1)
    return f"---\n{GENERATOR}\n---\n\n{prep_markdown}"
