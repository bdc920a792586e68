"""Moving a journal in and out: the `reflect/1` JSON document (streamed both ways) and atomic file writing."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from reflect import __version__
from reflect.domain.dates import iso, now_utc
from reflect.domain.models import FORMAT, Entry, entry_to_dict, parse_entry
from reflect.errors import ReflectError, ValidationError
from reflect.io.jsonstream import JsonStreamError, iter_document

if TYPE_CHECKING:
    from reflect.privacy.redact import Redactor

# Top-level members a reader accepts besides "entries"; features that add lists register here.
KNOWN_MEMBERS = {
    "format", "exported_at", "reflect_version", "redaction", "entries", "supervision_meetings", "practice_attempts",
    "cpd_activities",
}  # fmt: skip


def write_json_document(
    entries: Iterable[Entry],
    fh: IO[str],
    redactor: Redactor | None = None,
    *,
    meetings: Iterable[Any] = (),
    practice: Iterable[Any] = (),
    cpd: Iterable[Any] = (),
) -> int:
    """Write the whole journal, one entry per line so that the document streams and diffs well.

    Without a redactor the document is complete (every field, private ones included) and says so in "redaction";
    with one, each entry goes through `Redactor.entry`. `meetings` (supervision.Meeting) follow the entries as the
    `supervision_meetings` list, one per line; callers pass none with a redactor (meeting notes are free text).
    `practice` (practice_attempts.Attempt) and `cpd` (cpd.CpdActivity) follow as the `practice_attempts` and
    `cpd_activities` lists, on the same terms."""
    level = "none (complete)" if redactor is None else redactor.description
    fh.write(f'{{"format": "{FORMAT}", "reflect_version": "{__version__}", "exported_at": "{iso(now_utc())}",\n')
    fh.write(f' "redaction": {json.dumps(level)},\n')
    fh.write(' "entries": [\n')
    count = 0
    private_answers: dict[str | None, frozenset[str] | None] = {}
    encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder: json.dumps with options makes one a call
    for entry in entries:
        if count:
            fh.write(",\n")
        if redactor is None:
            data = entry_to_dict(entry)
        else:
            if entry.pack not in private_answers:
                private_answers[entry.pack] = _private_answer_ids(entry.pack)
            data = redactor.entry(entry, private_answers[entry.pack])
        fh.write(encode(data))
        count += 1
    fh.write("\n]")
    from reflect.domain.cpd import cpd_to_dict
    from reflect.domain.practice_attempts import attempt_to_dict
    from reflect.domain.supervision import meeting_to_dict

    _write_list(fh, "supervision_meetings", map(meeting_to_dict, meetings))
    _write_list(fh, "practice_attempts", map(attempt_to_dict, practice))
    _write_list(fh, "cpd_activities", map(cpd_to_dict, cpd))
    fh.write("}\n")
    return count


def _write_list(fh: IO[str], name: str, items: Iterable[dict[str, Any]]) -> None:
    """A top-level list after "entries", one object per line; nothing at all when there are none."""
    written = 0
    for item in items:
        fh.write(f',\n "{name}": [\n' if not written else ",\n")
        fh.write(json.dumps(item, ensure_ascii=False))
        written += 1
    if written:
        fh.write("\n]")


def _private_answer_ids(pack: str | None) -> frozenset[str] | None:
    """Ids of the pack's free questions marked private; None when the pack is unknown (then all count as private)."""
    if pack is None:
        return None
    from reflect.config import paths
    from reflect.domain import packs

    try:
        return frozenset(q.id for q in packs.get(pack, paths().user_prompts).questions if q.private)
    except ReflectError:
        return None


def read_json_document(
    fh: IO[str],
    *,
    meetings: list[Any] | None = None,
    practice: list[Any] | None = None,
    cpd: list[Any] | None = None,
) -> Iterator[Entry]:
    """Validate and yield each entry of a `reflect/1` document as it is read; raise on the first problem.

    Supervision meetings, practice attempts and CPD activities (they follow the entries) are validated too and
    appended to `meetings`, `practice` and `cpd` when lists are given.
    """
    seen_format = False
    number = 0
    try:
        for key, value in iter_document(fh):
            if key == "format":
                if value != FORMAT:
                    raise ValidationError(f"this is not a {FORMAT} document (format is {str(value)[:20]!r}).")
                seen_format = True
            elif key == "entries":
                number += 1
                # An id used twice in one file is refused by the store, which numbers the entries as they come.
                yield parse_entry(value, where=f"entry {number}", require_id=True)
            elif key == "supervision_meetings":
                from reflect.domain.supervision import parse_meeting

                if not isinstance(value, list):
                    raise ValidationError('"supervision_meetings" must be a list.')
                parsed = [
                    parse_meeting(m, where=f"supervision meeting {i}", require_id=True) for i, m in enumerate(value, 1)
                ]
                if meetings is not None:
                    meetings.extend(parsed)
            elif key == "practice_attempts":
                from reflect.domain.practice_attempts import parse_record

                if not isinstance(value, list):
                    raise ValidationError('"practice_attempts" must be a list.')
                attempts = [parse_record(a, where=f"practice attempt {i}") for i, a in enumerate(value, 1)]
                if practice is not None:
                    practice.extend(attempts)
            elif key == "cpd_activities":
                from reflect.domain.cpd import parse_cpd

                if not isinstance(value, list):
                    raise ValidationError('"cpd_activities" must be a list.')
                activities = [parse_cpd(a, where=f"CPD activity {i}", require_id=True) for i, a in enumerate(value, 1)]
                if cpd is not None:
                    cpd.extend(activities)
            elif key not in KNOWN_MEMBERS:
                raise ValidationError(f"unknown top-level member {key[:40]!r} in the document.")
    except JsonStreamError as exc:
        raise ValidationError(f"the file is not valid JSON ({exc}).") from None
    except UnicodeDecodeError:
        raise ValidationError("the file is not UTF-8 text.") from None
    except RecursionError:  # "[[[[..." thousands deep: the JSON decoder recurses
        raise ValidationError("the file is nested too deeply to be a reflect/1 document.") from None
    if not seen_format:
        raise ValidationError(f'the document has no "format": "{FORMAT}" member.')


@contextmanager
def open_input(path: str) -> Iterator[IO[str]]:
    """A file path, or '-' for standard input, read as UTF-8 (a BOM is tolerated)."""
    if path == "-":
        import io

        # Re-wrap the byte stream: the text layer's encoding depends on the locale, the journal's is always UTF-8.
        stream = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", errors="strict")
        try:
            yield stream
        finally:
            stream.detach()  # leave sys.stdin usable
        return
    try:
        fh = open(path, encoding="utf-8-sig", errors="strict")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        raise ReflectError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise ReflectError(f"{path} is a folder, not a file.") from None
    except OSError as exc:
        raise ReflectError(f"cannot read {path} ({exc.strerror}).") from None
    with fh:
        yield fh


def input_position(fh: IO[str]) -> tuple[int | None, Callable[[], int] | None]:
    """The size of a file being read, and how to ask how far into it reading has come (for a progress bar);
    (None, None) for a pipe or standard input, whose length is unknown until its end."""
    try:
        raw = fh.buffer  # type: ignore[attr-defined]
        size = os.fstat(raw.fileno()).st_size
        if not raw.seekable() or not size:
            return None, None
        return size, raw.tell
    except (AttributeError, OSError, ValueError):
        return None, None


@contextmanager
def atomic_output(path: Path | None, *, binary: bool = False) -> Iterator[Any]:
    """Write to `path` via a 0600 temporary file in the same folder, renamed into place only when complete.

    None means standard output. A failure leaves any existing file untouched and no partial file behind.
    """
    if path is None:
        yield sys.stdout.buffer if binary else sys.stdout
        sys.stdout.flush()
        return
    path = path.expanduser()
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ReflectError(f"the folder {folder} does not exist.")
    if path.is_dir():
        raise ReflectError(f"{path} is a folder; give a file name to write to, e.g. {path / 'export.json'}.")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise ReflectError(f"cannot write to {folder} ({exc.strerror}).") from None
    os.fchmod(fd, 0o600)  # exports hold clinical material: owner-only whatever the umask
    try:
        opened: IO[Any] = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")
        with opened as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.replace(tmp, path)
        except OSError as exc:  # name the file the user gave, never our temporary one
            raise ReflectError(f"cannot write {path} ({exc.strerror}).") from None
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
