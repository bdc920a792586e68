"""Helpers shared by the privacy tests: write entries holding a known phrase, and look for it in raw bytes."""

from __future__ import annotations

import json
from pathlib import Path

PASS = "correct horse battery staple"


def write_entry(cli, tmp_path: Path, text: str, client: str = "C-7F3K", env: dict | None = None, **extra) -> str:
    answers = tmp_path / f"answers-{abs(hash((text, client)))}.json"
    answers.write_text(json.dumps({"client": client, "session_at": "2026-03-10T15:00:00+00:00", "observed": text,
                                   **extra}))  # fmt: skip
    result = cli("new", "--answers", str(answers), "--same-session", env=env)  # several per session: on purpose
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


def files_containing(folder: Path, phrase: str) -> list[str]:
    """Every file under `folder` whose raw bytes contain the phrase (UTF-8)."""
    needle = phrase.encode("utf-8")
    return sorted(str(f.relative_to(folder)) for f in folder.rglob("*") if f.is_file() and needle in f.read_bytes())
