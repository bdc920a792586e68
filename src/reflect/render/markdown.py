"""Markdown renderings of entries (for `show --markdown` and exports)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.domain import vocab
from reflect.domain.models import Entry

if TYPE_CHECKING:
    from collections.abc import Mapping

    from reflect.privacy.redact import Redactor


def md_escape(text: str) -> str:
    """Keep journal text from turning into Markdown structure (headings, lists, code, HTML, links, entities) when
    rendered: whatever a journal holds reads back as the same text."""
    import re

    out = []
    for line in text.split("\n"):
        line = re.sub(r"&(?=#?\w+;)", r"\\&", line.replace("\\", "\\\\"))  # "&amp;" in a journal is text
        line = line.replace("<", "&lt;").replace(">", "&gt;")
        for ch in "`*_[]|":
            line = line.replace(ch, "\\" + ch)
        # Leading white space would start an indented code block; in prose it carries no meaning.
        line = line.lstrip(" \t")
        if line[:1] in ("#", "-", "+", "=", "~"):
            line = "\\" + line
        elif number := re.match(r"\d{1,9}(?=[.)])", line):  # "1." or "1)" would start a numbered list
            line = number.group() + "\\" + line[number.end() :]
        out.append(line)
    return "  \n".join(out)


def entry_markdown(
    e: Entry,
    *,
    include_private: bool = True,
    heading: str = "##",
    redactor: Redactor | None = None,
    asked: Mapping[str, str] | None = None,
) -> str:
    """One entry as Markdown. With a `redactor`, `e` must already be redacted (render.redacted.redact_entry); the
    redactor then only decides how the date is written and whether the id is shown. `asked` words the answers to a
    pack's own questions (question id -> question)."""
    from reflect.render.entries import local  # with rich: not for documents that never show a table
    from reflect.render.redacted import shows_ids

    when = redactor.when(e.session_at, "%a %d %b %Y %H:%M") if redactor else local(e.session_at)
    lines = [f"{heading} {e.client}, session {e.session_number or '?'}: {when}", ""]
    meta = [f"id `{e.id}`"] if redactor is None or shows_ids(redactor) else []
    meta.append(e.modality)
    if e.pack:
        meta.append(f"pack *{e.pack}*")
    if e.flagged:
        meta.append("**flagged**")
    if e.tags:
        meta.append(" ".join(f"#{t}" for t in e.tags))
    lines += [" · ".join(meta), ""]

    def item(label: str, value: str) -> None:
        lines.append(f"- **{label}** {value}" if label.endswith("?") else f"- **{label}:** {value}")

    if e.events:
        item("Events", ", ".join(vocab.label("event", v) for v in e.events))
    if e.presentation:
        p = e.presentation
        value = vocab.label("pattern", p.pattern).split(":")[0]
        if p.confidence:
            value += f" (confidence {p.confidence}/3)"
        if p.markers:
            value += "; markers: " + ", ".join(vocab.label("marker", m).lower() for m in p.markers)
        item("Client presentation", value)
    if e.experiment_followup:
        value = vocab.label("tried", e.experiment_followup.tried)
        if e.experiment_followup.note:
            value += f": {md_escape(e.experiment_followup.note)}"
        item("Last experiment tried", value)
    if e.observed:
        item("Observed", md_escape(e.observed))
    if e.feelings:
        item("Feelings", ", ".join(f"{w} {r}/4" for w, r in sorted(e.feelings.items(), key=lambda kv: -kv[1])))
    if e.body:
        item("Body", ", ".join(vocab.label("body", b).lower() for b in e.body))
    if e.urges:
        item(
            "Urges",
            ", ".join(
                f"{vocab.label('urge', u.urge).lower()} ({'acted on' if u.enacted else 'felt'})" for u in e.urges
            ),
        )
    if e.intensity is not None:
        item("Overall intensity", f"{e.intensity}/10")
    if e.pulls:
        item("Pulled toward", ", ".join(vocab.label("pull", p).lower() for p in e.pulls))
    if e.triggers:
        item("Triggers", ", ".join(vocab.label("trigger", t).lower() for t in e.triggers))
    if e.resonance and include_private:
        item("What it touched in me (private)", md_escape(e.resonance))
    if e.interpretation:
        item("Interpretation", md_escape(e.interpretation))
    if e.stance:
        item("Stance", vocab.label("stance", e.stance).split(":")[0])
    if e.management:
        item("Management that helped", ", ".join(vocab.label("management", m).lower() for m in e.management))
    for i, r in enumerate(e.ruptures, 1):
        bits = [vocab.label("rupture_type", r.type).split(":")[0]]
        if r.intensity:
            bits.append(f"intensity {r.intensity}/5")
        if r.markers:
            bits.append("markers: " + ", ".join(vocab.label("rupture_marker", m).lower() for m in r.markers))
        if r.strategies:
            bits.append("repair: " + ", ".join(vocab.label("strategy", s).lower() for s in r.strategies))
        if r.metacommunication:
            bits.append("metacommunicated")
        if r.resolved:
            bits.append(f"resolved in session: {r.resolved}")
        if r.note:
            bits.append(md_escape(r.note))
        item(f"Rupture {i}", "; ".join(bits))
    if e.experiment:
        item("Next session I will try", md_escape(e.experiment))
    for q in e.supervision:
        tags = ", ".join(x for x in (f"eye {q.eye}" if q.eye else "", q.want or "", q.status) if x)
        item("For supervision", f"{md_escape(q.question)} ({tags})")
    for key, value in e.answers.items():
        shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        item(md_escape((asked or {}).get(key, key)), md_escape(shown))
    lines.append("")
    return "\n".join(lines)


def _yaml_str(value: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of YAML's)."""
    import json

    return json.dumps(value, ensure_ascii=False)


def _yaml_list(values: list[str] | tuple[str, ...]) -> str:
    return "[" + ", ".join(_yaml_str(v) for v in values) + "]"


def front_matter(e: Entry, redactor: Redactor) -> str:
    """YAML front matter for one exported entry (Obsidian properties; Hugo/Jekyll/Eleventy page variables).

    Only structured fields: free text stays in the body, where the redactor has already dealt with it.
    """
    from reflect.domain.dates import iso
    from reflect.privacy.redact import Level
    from reflect.render.redacted import shows_ids

    title = f"{e.client}, session {e.session_number}" if e.session_number else e.client
    lines = ["---", f"title: {_yaml_str(title)}"]
    if redactor.level is Level.STRICT:
        lines.append(f"week: {_yaml_str(redactor.when(e.session_at))}")
    else:
        lines.append(f"date: {iso(e.session_at)}")
    if shows_ids(redactor):
        lines.append(f"id: {_yaml_str(e.id)}")
    lines.append(f"client: {_yaml_str(e.client)}")
    if e.session_number:
        lines.append(f"session: {e.session_number}")
    lines.append(f"modality: {_yaml_str(e.modality)}")
    lines.append(f"tags: {_yaml_list(e.tags)}")
    lines.append(f"flagged: {'true' if e.flagged else 'false'}")
    if e.intensity is not None:
        lines.append(f"intensity: {e.intensity}")
    if e.feelings:
        lines.append(f"feelings: {_yaml_list(list(e.feelings))}")
    if e.pulls:
        lines.append(f"pulls: {_yaml_list(e.pulls)}")
    if e.presentation:
        lines.append(f"presentation: {_yaml_str(e.presentation.pattern)}")
    if e.ruptures:
        lines.append(f"ruptures: {len(e.ruptures)}")
    lines.append(f"redaction: {_yaml_str(redactor.level.value)}")
    lines.append(f"private_fields_included: {'true' if redactor.include_private else 'false'}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def redaction_note(redactor: Redactor) -> str:
    return f"Redaction: {redactor.description}. Private fields are resonance and answers a pack marks private."


def document_header(redactor: Redactor, *, exported: str, scope: str) -> str:
    """The top of a one-document export: what it is, what it covers and how it was redacted."""
    return "\n".join(
        [
            "# Reflections exported from reflect",
            "",
            f"- Exported: {exported}",
            f"- Entries: {md_escape(scope)}",
            f"- {md_escape(redaction_note(redactor))}",
            "",
            "This document is plaintext: keep it as private as the journal.",
            "",
            "",
        ]
    )


def split_file_name(e: Entry, redactor: Redactor, number: int) -> str:
    """A file name that sorts by date and never holds free text: date-time, client (or alias), short id."""
    from reflect.render.redacted import shows_ids

    client = e.client.replace(" ", "-")
    if shows_ids(redactor):
        return f"{redactor.when(e.session_at, '%Y-%m-%d-%H%M')}-{client}-{e.id[:8]}.md"
    return f"{redactor.when(e.session_at)}-{client}-{number:05d}.md"
