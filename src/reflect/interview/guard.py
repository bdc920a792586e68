"""The identifier guard on save: find what could identify a client in an entry's free text, warn, and replace it
with placeholders ([NAME], [PHONE], ...) where the user agrees.

What is shown is the kind of identifier, the field and a short masked excerpt (`identifiers.context`): never the
identifier itself nor the whole entry, so the warning is safe in a scrollback, a log or a screen share.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from reflect.domain.models import Entry, entry_to_dict, parse_entry
from reflect.domain.textsafe import safe_for_terminal
from reflect.privacy import identifiers
from reflect.privacy.identifiers import Match

if TYPE_CHECKING:
    from reflect.interview.asker import Asker

Path = tuple[Any, ...]  # ("observed",), ("ruptures", 0, "note"), ("answers", "qid", 2) ...


@dataclass(frozen=True)
class Finding:
    path: Path
    match: Match
    context: str

    @property
    def field(self) -> str:
        out = str(self.path[0])
        for part in self.path[1:]:
            out += f"[{part}]" if isinstance(part, int) else f".{part}"
        return out

    def describe(self) -> str:
        return safe_for_terminal(f"{self.field} ({self.match.label}): {self.context}")


def _texts(data: dict[str, Any]) -> Iterator[tuple[Path, str]]:
    for key in ("observed", "interpretation", "resonance", "experiment"):
        if isinstance(data.get(key), str):
            yield (key,), data[key]
    follow = data.get("experiment_followup") or {}
    if isinstance(follow.get("note"), str):
        yield ("experiment_followup", "note"), follow["note"]
    for i, rupture in enumerate(data.get("ruptures") or []):
        if isinstance(rupture.get("note"), str):
            yield ("ruptures", i, "note"), rupture["note"]
    for i, question in enumerate(data.get("supervision") or []):
        if isinstance(question.get("question"), str):
            yield ("supervision", i, "question"), question["question"]
    for key, value in (data.get("answers") or {}).items():
        if isinstance(value, str):
            yield ("answers", key), value
        elif isinstance(value, list):
            for j, item in enumerate(value):
                if isinstance(item, str):
                    yield ("answers", key, j), item


def scan(entry: Entry) -> list[Finding]:
    found = []
    for path, text in _texts(entry_to_dict(entry)):
        found += [Finding(path, m, identifiers.context(text, m)) for m in identifiers.find(text)]
    return found


def _get(data: Any, path: Path) -> Any:
    for part in path:
        data = data[part]
    return data


def _set(data: Any, path: Path, value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def apply(entry: Entry, chosen: list[Finding]) -> Entry:
    """The entry with the chosen matches replaced by their placeholders (everything else unchanged)."""
    if not chosen:
        return entry
    data = entry_to_dict(entry)
    by_path: dict[Path, list[Match]] = {}
    for f in chosen:
        by_path.setdefault(f.path, []).append(f.match)
    for path, matches in by_path.items():
        text = _get(data, path)
        for m in sorted(matches, key=lambda m: m.start, reverse=True):
            text = text[: m.start] + m.placeholder + text[m.end :]
        _set(data, path, text)
    cleaned = parse_entry(data, require_id=True)
    return replace(cleaned, created_at=entry.created_at, updated_at=entry.updated_at)


def warn(findings: list[Finding], *, hint: str) -> None:
    from reflect.render.console import message

    if not findings:
        return
    message(f"Warning: {len(findings)} possible identifier{'s' if len(findings) != 1 else ''} in this entry:")
    for f in findings:
        message("  " + f.describe())
    message(hint)


def review(asker: Asker, entry: Entry) -> Entry:
    """In the interview, before saving: show the findings and offer to replace each with its placeholder."""
    from reflect.interview.asker import Choice

    findings = scan(entry)
    if not findings:
        return entry
    asker.say(f"This entry may identify someone ({len(findings)} possible identifier"
              f"{'s' if len(findings) != 1 else ''}):")  # fmt: skip
    for f in findings:
        asker.say("  " + f.describe())
    choice = asker.select(
        "Replace them with placeholders such as [NAME] and [PHONE]?",
        [Choice("all", "Replace all of them (recommended)"), Choice("each", "Decide one by one"),
         Choice("keep", "Keep the text as written")],
        default="all",
    )  # fmt: skip
    if choice == "keep":
        return entry
    if choice == "all":
        return apply(entry, findings)
    chosen = [
        f for f in findings if asker.confirm(f"{f.describe()}  Replace it with {f.match.placeholder}?", default=True)
    ]
    return apply(entry, chosen)
