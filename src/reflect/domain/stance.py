"""Questions for reflecting on relational stance: data in prompts/stance.toml, validated on load like the packs.

One table per client presentation (a slug of the `pattern` vocabulary) with `pull`, `offer` and `questions`. The
user's own `prompts/stance.toml` in the journal home replaces shipped tables of the same name; the rest stay as
shipped. Every question must end with "?": these are questions for reflection, never instructions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reflect.domain import vocab
from reflect.domain.packs import PackError, header_lines, parse_toml, read_text_file, shipped_dir

FILE_NAME = "stance.toml"
KEYS = ("pull", "offer", "questions")
MAX_QUESTIONS = 8
MAX_LENGTH = 200  # characters per question or phrase: they are read at a glance in a terminal


@dataclass(frozen=True)
class StancePrompts:
    pattern: str
    questions: tuple[str, ...]
    pull: str | None = None
    offer: str | None = None
    source: str = "shipped"  # or "user"
    path: Path | None = None


def parse_stance(text: str, path: Path, *, source: str = "user") -> dict[str, StancePrompts]:
    """Validate a stance file; errors name the file, the table's line, the table and the key."""
    data = parse_toml(text, path)
    lines = header_lines(text, r"\[\s*\"?([^\]\"]+)\"?\s*\]")
    patterns = vocab.slugs("pattern")

    def fail(table: str | None, problem: str, key: str | None = None) -> PackError:
        where = str(path)
        if table is not None:
            if table in lines:
                where += f", line {lines[table]}"
            where += f", [{table}]"
            if key is not None:
                where += f" key {key!r}"
        return PackError(f"{where}: {problem}")

    result: dict[str, StancePrompts] = {}
    for table, body in data.items():
        if table not in patterns:
            raise fail(table, f"unknown presentation; tables are named after one of: {', '.join(patterns)}.")
        if not isinstance(body, dict):
            raise fail(table, "must be a table: [name] followed by pull, offer and questions.")
        for key in body:
            if key not in KEYS:
                raise fail(table, f"unknown key; a stance table has: {', '.join(KEYS)}.", key)
        phrases: dict[str, str | None] = {}
        for key in ("pull", "offer"):
            value = body.get(key)
            if value is not None and (not isinstance(value, str) or not value.strip() or len(value) > MAX_LENGTH):
                raise fail(table, f"must be a short text (1 to {MAX_LENGTH} characters).", key)
            phrases[key] = value.strip() if isinstance(value, str) else None
        questions = body.get("questions")
        if not isinstance(questions, list) or not 1 <= len(questions) <= MAX_QUESTIONS:
            raise fail(table, f"must be a list of 1 to {MAX_QUESTIONS} questions.", "questions")
        cleaned: list[str] = []
        for i, question in enumerate(questions, 1):
            if not isinstance(question, str) or not question.strip():
                raise fail(table, f"item {i} must be a non-empty text.", "questions")
            question = " ".join(question.split())
            if len(question) > MAX_LENGTH:
                raise fail(table, f"item {i} is longer than {MAX_LENGTH} characters.", "questions")
            if not question.endswith("?"):
                raise fail(table, f"item {i} must end with '?': word it as a question for reflection.", "questions")
            if question in cleaned:
                raise fail(table, f"item {i} repeats an earlier question.", "questions")
            cleaned.append(question)
        result[table] = StancePrompts(
            pattern=table, questions=tuple(cleaned), pull=phrases["pull"], offer=phrases["offer"], source=source,
            path=path,
        )  # fmt: skip
    return result


def load_stance_file(path: Path, *, source: str = "user") -> dict[str, StancePrompts]:
    return parse_stance(read_text_file(path), path, source=source)


def stance_prompts(user_dir: Path | None) -> dict[str, StancePrompts]:
    """All stance tables by presentation: shipped ones, replaced table by table by the user's own file."""
    tables = load_stance_file(shipped_dir() / FILE_NAME, source="shipped")
    if user_dir is not None and (user_dir / FILE_NAME).is_file():
        tables.update(load_stance_file(user_dir / FILE_NAME, source="user"))
    return tables
