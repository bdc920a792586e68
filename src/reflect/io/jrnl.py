"""Reading journals written by jrnl (jrnl.sh): its plain-text journal file and its JSON export.

The plain-text format, as jrnl writes it: each entry starts on a line `[YYYY-MM-DD HH:MM] Title`, with ` *` after the
title when the entry is starred; the body runs until the next such line; entries are separated by a blank line. A
bracketed line that is not a date is ordinary body text. Tags are words starting with `@` (after a space or at the
start of a line), anywhere in the title or body. The JSON export (`jrnl --format json`) is
`{"tags": {"@tag": count}, "entries": [{"date": "YYYY-MM-DD", "time": "HH:MM", "title", "body", "tags", "starred"}]}`.

How an entry maps to reflect (jrnl has no clients, feelings or sessions):
- title and body become `observed` (title, a blank line, body): jrnl text is what the clinician wrote about the
  session, and `observed` is searched, exported and shown like any entry's text. A free answer was the alternative,
  but free answers are tied to a prompt pack, and without one they count as private (private_answers.py), which would
  hide every imported entry from search and exports;
- `@tags` become tags (lower case, without the `@`; characters a reflect tag cannot hold become '-');
- starred becomes flagged; jrnl's date and time (local time, no zone) become the session time;
- `--client CODE` gives every entry the same client;
- each entry's id is derived from its client, time and text, so importing the same file again changes nothing.
Every record then goes through `models.parse_entry`, the validator every way into the journal uses.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from reflect.domain.models import TAG, Entry, parse_entry
from reflect.errors import ValidationError

JRNL_NAMESPACE = uuid.UUID("6d1c0f3e-8a52-4f7e-a0d4-2b9e7c51f3aa")
# jrnl's default timeformat first; the others are formats jrnl users commonly configure.
TIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %I:%M %p", "%Y-%m-%d %I:%M:%S %p", "%Y-%m-%d")
_ENTRY_LINE = re.compile(r"(?:^|\n)\[([^\]\n]+)\](?: |(?=\n)|$)")
# A bracket that is shaped like a jrnl date and time: if it does not parse, it is an impossible date (2026-02-30),
# not body text, and importing around it would drop or merge an entry.
_DATE_SHAPED = re.compile(r"\d{4}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}(?::\d{1,2}){0,2}(?: ?[AaPp][Mm])?)?")
_TAG = re.compile(r"(?<!\S)@([-+*#/\w]+)")


@dataclass(frozen=True)
class JrnlEntry:
    when: datetime  # naive: jrnl stores local time
    title: str
    body: str
    starred: bool
    tags: tuple[str, ...]


def _parse_time(blob: str) -> datetime | None:
    for fmt in TIME_FORMATS:
        try:
            return datetime.strptime(blob.strip(), fmt)
        except ValueError:
            continue
    return None


def _tags(text: str) -> tuple[str, ...]:
    tags: list[str] = []
    for raw in _TAG.findall(text):
        tag = re.sub(r"[^\w-]", "-", raw.lower()).strip("-_")[:40].rstrip("-")
        if tag and TAG.match(tag) and tag not in tags:
            tags.append(tag)
    return tuple(tags)


def _split(text: str) -> tuple[str, str, bool]:
    """(title, body, starred) from an entry's text after its date."""
    first, _, rest = text.partition("\n")
    starred = first.rstrip().endswith("*")
    if starred:
        first = first.rstrip().rstrip("*")
    return first.strip(), rest.strip(), starred


def parse_text(text: str) -> list[JrnlEntry]:
    if text.startswith("JRNLv") or text.startswith("gAAAAA"):
        raise ValidationError(
            "this jrnl journal is encrypted; export it first with `jrnl --format json > FILE` and import that."
        )
    starts = []
    for m in _ENTRY_LINE.finditer(text):
        when = _parse_time(m.group(1))
        if when is not None:
            starts.append((m, when))
        elif _DATE_SHAPED.fullmatch(m.group(1).strip()):
            line = text.count("\n", 0, m.start(1)) + 1
            raise ValidationError(f"line {line}: the header's date and time ({m.group(1).strip()}) is not a real date "
                                  "and time; nothing was imported.")  # fmt: skip
    if not starts:
        raise ValidationError("no jrnl entries found (each entry starts with a line like `[2026-03-10 15:00] Title`).")
    if text[: starts[0][0].start()].strip():
        line = text.count("\n", 0, len(text) - len(text.lstrip())) + 1
        raise ValidationError(f"line {line}: text before the first entry's `[date time]` line; a jrnl file starts "
                              "with an entry. Nothing was imported.")  # fmt: skip
    entries = []
    for i, (match, when) in enumerate(starts):
        end = starts[i + 1][0].start() if i + 1 < len(starts) else len(text)
        title, body, starred = _split(text[match.end() : end])
        entries.append(JrnlEntry(when, title, body, starred, _tags(title + "\n" + body)))
    return entries


def parse_json(data: Any) -> list[JrnlEntry]:
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise ValidationError('this is not a jrnl JSON export (it needs an "entries" list).')
    entries = []
    for n, raw in enumerate(data["entries"], 1):
        if not isinstance(raw, dict):
            raise ValidationError(f"jrnl entry {n}: must be an object.")
        day, clock = raw.get("date"), raw.get("time") or "00:00"
        if not isinstance(day, str) or not isinstance(clock, str):
            raise ValidationError(f"jrnl entry {n}: field 'date' is required (YYYY-MM-DD).")
        when = _parse_time(f"{day} {clock}")
        if when is None:
            raise ValidationError(f"jrnl entry {n}: field 'date'/'time' is not a date and time jrnl writes.")
        title, body = raw.get("title") or "", raw.get("body") or ""
        if not isinstance(title, str) or not isinstance(body, str):
            raise ValidationError(f"jrnl entry {n}: fields 'title' and 'body' must be text.")
        listed = raw.get("tags") or []
        if not isinstance(listed, list) or not all(isinstance(t, str) for t in listed):
            raise ValidationError(f"jrnl entry {n}: field 'tags' must be a list of text.")
        tags = _tags(" ".join("@" + t.lstrip("@") for t in listed) + "\n" + title + "\n" + body)
        entries.append(JrnlEntry(when, title.strip(), body.strip(), raw.get("starred") is True, tags))
    return entries


def read(fh: IO[str]) -> list[JrnlEntry]:
    """A jrnl file in either format: JSON when it starts with '{', else the plain-text journal."""
    try:
        text = fh.read()
    except UnicodeDecodeError:
        raise ValidationError("the file is not UTF-8 text.") from None
    if text.lstrip().startswith("{"):
        from reflect.io import bounded_json

        try:
            data = bounded_json.loads(text)
        except bounded_json.NumberTooLong as exc:
            raise ValidationError(f"the file holds {exc}.") from None
        except json.JSONDecodeError as exc:
            raise ValidationError(f"the file is not valid JSON (line {exc.lineno}, column {exc.colno}).") from None
        return parse_json(data)
    return parse_text(text.replace("\r\n", "\n"))


def to_entries(jrnl_entries: list[JrnlEntry], client: str) -> Iterator[Entry]:
    seen: dict[str, int] = {}
    for n, j in enumerate(jrnl_entries, 1):
        observed = j.title + ("\n\n" + j.body if j.body else "")
        when = j.when.astimezone().isoformat()  # naive local time, made explicit
        key = f"{client}\n{j.when.isoformat()}\n{observed}"
        seen[key] = seen.get(key, 0) + 1  # the same text twice in one minute is two entries, not one
        entry_id = str(uuid.uuid5(JRNL_NAMESPACE, f"{key}\n{seen[key]}"))
        yield parse_entry(
            {
                "id": entry_id,
                "client": client,
                "session_at": when,
                "created_at": when,
                "updated_at": when,
                "observed": observed,
                "tags": list(j.tags),
                "flagged": j.starred,
            },
            where=f"jrnl entry {n}",
        )
