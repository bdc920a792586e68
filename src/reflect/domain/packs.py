"""Prompt packs: TOML files of questions, shipped in prompts/ and overridable from the journal's own prompts/ folder.

A question either fills one of the entry's fields (`field = "feelings"`) or stores a free answer under its own id
(`kind = "text"`, "choice", "multi", "yesno" or "scale"). Packs are validated on load; every error names the file, the
line, the question and what is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reflect.errors import ReflectError

# Entry fields a question can fill, and how the interview asks them.
FIELD_KINDS = {
    "modality": "select",
    "events": "checkbox",
    "presentation": "presentation",
    "observed": "text",
    "interpretation": "text",
    "feelings": "feelings",
    "body": "checkbox",
    "urges": "urges",
    "pulls": "checkbox",
    "intensity": "intensity",
    "triggers": "checkbox",
    "resonance": "text",
    "stance": "select",
    "management": "checkbox",
    "ruptures": "ruptures",
    "experiment": "text",
    "supervision": "supervision",
    "tags": "tags",
    "flagged": "yesno",
}
FREE_KINDS = ("text", "choice", "multi", "yesno", "scale")
STAGES = ("describe", "feel", "make-sense", "plan")
PACK_KEYS = ("name", "title", "summary", "model", "minutes", "question")
QUESTION_KEYS = ("id", "stage", "field", "kind", "ask", "help", "options", "min", "max", "private", "quick")
NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
# Data files in prompts/ that are not question packs (stance.toml: questions on relational stance, see stance.py).
NOT_PACKS = frozenset({"stance.toml"})


class PackError(ReflectError):
    pass


@dataclass(frozen=True)
class Question:
    id: str
    ask: str
    stage: str
    field: str | None = None
    kind: str = "text"  # for field questions: the field's kind (FIELD_KINDS); else a FREE_KINDS kind
    help: str | None = None
    options: tuple[str, ...] = ()
    min: int = 0
    max: int = 10
    private: bool = False


@dataclass(frozen=True)
class Pack:
    name: str
    title: str
    summary: str
    questions: tuple[Question, ...]
    path: Path
    model: str | None = None
    minutes: int | None = None
    source: str = "shipped"  # or "user"

    def question(self, qid: str) -> Question | None:
        return next((q for q in self.questions if q.id == qid), None)


def shipped_dir() -> Path:
    """prompts/ inside the installed package, or at the top of a source checkout (editable installs)."""
    installed = Path(__file__).parent.parent / "prompts"  # the package's folder, as importlib.resources gives it
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[3] / "prompts"


def read_text_file(path: Path) -> str:
    """A prompts data file's text; unreadable files raise PackError naming the file (shared with stance.py)."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PackError(f"{path}: no such file.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(f"{path}: cannot read it ({type(exc).__name__}).") from None


def parse_toml(text: str, path: Path) -> dict:
    import tomllib  # only when a pack or vignette file is read, not whenever this module is imported

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PackError(f"{path}: not valid TOML ({exc}).") from None


def header_lines(text: str, header: str) -> dict[str, int]:
    """Line number of each table header matching `header` (a regex with one group: the table's name)."""
    pattern = re.compile(r"^\s*" + header + r"\s*(?:#.*)?$")
    found: dict[str, int] = {}
    for i, line in enumerate(text.splitlines(), 1):
        m = pattern.match(line)
        if m and m.group(1) not in found:
            found[m.group(1)] = i
    return found


def load_pack_file(path: Path, *, source: str = "user") -> Pack:
    return parse_pack(read_text_file(path), path, source=source)


def parse_pack(text: str, path: Path, *, source: str = "user") -> Pack:
    data = parse_toml(text, path)
    lines = _question_lines(text)

    def fail(problem: str, index: int | None = None, qid: str | None = None) -> PackError:
        where = str(path)
        if index is not None:
            line = lines[index] if index < len(lines) else None
            where += f", line {line}" if line else ""
            where += f", question {index + 1}" + (f" ({qid!r})" if qid else "")
        return PackError(f"{where}: {problem}")

    for key in data:
        if key not in PACK_KEYS:
            raise fail(f"unknown key {key!r}; a pack has: {', '.join(PACK_KEYS)}.")
    name = data.get("name", path.stem)
    if not isinstance(name, str) or not NAME.match(name):
        raise fail("'name' must be lower-case letters, digits, - or _.")
    title = data.get("title", name)
    summary = data.get("summary", "")
    if not isinstance(title, str) or not isinstance(summary, str):
        raise fail("'title' and 'summary' must be text.")
    minutes = data.get("minutes")
    if minutes is not None and (not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 120):
        raise fail("'minutes' must be a whole number from 1 to 120.")
    raw_questions = data.get("question")
    if not isinstance(raw_questions, list) or not raw_questions:
        raise fail("a pack needs at least one [[question]].")

    questions: list[Question] = []
    seen_ids: set[str] = set()
    seen_fields: set[str] = set()
    for index, raw in enumerate(raw_questions):
        qid = raw.get("id") if isinstance(raw, dict) else None
        shown_id = qid if isinstance(qid, str) else None
        if not isinstance(raw, dict):
            raise fail("must be a table of keys.", index)
        for key in raw:
            if key not in QUESTION_KEYS:
                raise fail(f"unknown key {key!r}; a question has: {', '.join(QUESTION_KEYS)}.", index, shown_id)
        if not isinstance(qid, str) or not NAME.match(qid):
            raise fail("'id' is required: lower-case letters, digits, - or _.", index, shown_id)
        if qid in seen_ids:
            raise fail(f"the id {qid!r} is used twice.", index, qid)
        seen_ids.add(qid)
        ask = raw.get("ask")
        if not isinstance(ask, str) or not ask.strip():
            raise fail("'ask' (the question's wording) is required.", index, qid)
        stage = raw.get("stage", "describe")
        if stage not in STAGES:
            raise fail(f"'stage' must be one of: {', '.join(STAGES)}.", index, qid)
        field = raw.get("field")
        kind = raw.get("kind")
        options: tuple[str, ...] = ()
        low, high = 0, 10
        if field is not None:
            if field not in FIELD_KINDS:
                raise fail(f"unknown field {field!r}; fields: {', '.join(FIELD_KINDS)}.", index, qid)
            if kind is not None:
                raise fail("give either 'field' (an entry field) or 'kind' (a free answer), not both.", index, qid)
            if field in seen_fields:
                raise fail(f"the field {field!r} is asked twice.", index, qid)
            if qid in FIELD_KINDS and qid != field:
                raise fail(f"the id {qid!r} is the name of another field.", index, qid)
            seen_fields.add(field)
            kind = FIELD_KINDS[field]
        else:
            if qid in FIELD_KINDS:
                raise fail(f"the id {qid!r} is an entry field: add field = {qid!r}, or choose another id.", index, qid)
            kind = kind or "text"
            if kind not in FREE_KINDS:
                raise fail(f"unknown kind {kind!r}; kinds: {', '.join(FREE_KINDS)} (or set 'field').", index, qid)
            if kind in ("choice", "multi"):
                opts = raw.get("options")
                if not isinstance(opts, list) or len(opts) < 2 or not all(isinstance(o, str) and o for o in opts):
                    raise fail(f"a {kind} question needs 'options': a list of at least two texts.", index, qid)
                if len(set(opts)) != len(opts):
                    raise fail("'options' has duplicates.", index, qid)
                options = tuple(opts)
            if kind == "scale":
                low, high = raw.get("min", 0), raw.get("max", 10)
                if not all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high)) or not (
                    -100 <= low < high <= 100
                ):
                    raise fail("a scale needs whole numbers min < max, between -100 and 100.", index, qid)
        private = raw.get("private", field == "resonance")
        if not isinstance(private, bool):
            raise fail("'private' must be true or false.", index, qid)
        help_text = raw.get("help")
        if help_text is not None and not isinstance(help_text, str):
            raise fail("'help' must be text.", index, qid)
        questions.append(
            Question(
                id=qid,
                ask=ask.strip(),
                stage=stage,
                field=field,
                kind=kind,
                help=help_text,
                options=options,
                min=low,
                max=high,
                private=private,
            )  # fmt: skip
        )
    return Pack(
        name=name,
        title=title,
        summary=summary.strip(),
        questions=tuple(questions),
        path=path,
        model=data.get("model"),
        minutes=minutes,
        source=source,
    )


def _question_lines(text: str) -> list[int]:
    """The line number of each [[question]] header, so errors can point at it."""
    return [i for i, line in enumerate(text.splitlines(), 1) if line.strip().startswith("[[question]]")]


def available(user_dir: Path | None) -> dict[str, Pack]:
    """All packs by name: shipped ones, overridden by the user's own of the same name."""
    return {**_shipped(), **_user_packs(user_dir)}


def _user_packs(user_dir: Path | None) -> dict[str, Pack]:
    """The user's packs by the name inside each (a file's name need not be its pack's)."""
    packs: dict[str, Pack] = {}
    if user_dir is not None and user_dir.is_dir():
        for path in sorted(user_dir.glob("*.toml")):
            if path.name not in NOT_PACKS:
                pack = load_pack_file(path, source="user")
                packs[pack.name] = pack
    return packs


@cache
def _shipped() -> dict[str, Pack]:
    folder = shipped_dir()
    files = [f for f in sorted(folder.glob("*.toml")) if f.name not in NOT_PACKS]
    return {p.name: p for p in (_shipped_file(f) for f in files)}


@cache
def _shipped_file(path: Path) -> Pack:
    return load_pack_file(path, source="shipped")


def get(name: str, user_dir: Path | None) -> Pack:
    """The user's pack called `name`, else the shipped one. A shipped pack named after its file is read from that
    file alone: `reflect new` reads one pack before its first question, not all of them."""
    users = _user_packs(user_dir)
    if name in users:
        return users[name]
    own = shipped_dir() / f"{name}.toml"
    if NAME.match(name) and own.name not in NOT_PACKS and own.is_file() and _shipped_file(own).name == name:
        return _shipped_file(own)
    packs = {**_shipped(), **users}
    if name not in packs:
        raise PackError(f"no prompt pack called {name!r}; available: {', '.join(sorted(packs))}.")
    return packs[name]
