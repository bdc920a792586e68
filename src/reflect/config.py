"""Where the journal lives, and the user's settings."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from reflect.errors import ReflectError

JOURNAL_FILE = "journal.db"


def home() -> Path:
    """The journal folder: $REFLECT_HOME when set (also set by `reflect --home`), else the platform's data folder."""
    if value := os.environ.get("REFLECT_HOME"):
        return Path(value).expanduser()
    from platformdirs import user_data_path

    return user_data_path("reflect", appauthor=False)


@dataclass(frozen=True)
class Paths:
    home: Path

    @property
    def journal(self) -> Path:
        return self.home / JOURNAL_FILE

    @property
    def user_prompts(self) -> Path:
        return self.home / "prompts"

    @property
    def settings(self) -> Path:
        return self.home / "config.toml"

    @property
    def backups(self) -> Path:
        return self.home / "backups"

    @property
    def private_tmp(self) -> Path:
        """Owner-only scratch folder (editor round trips); never a shared /tmp."""
        return self.home / "tmp"


def paths() -> Paths:
    return Paths(home())


def ensure_private_dir(path: Path) -> Path:
    """Create a folder only its owner can enter (0700), whatever the umask."""
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        if path.stat().st_mode & 0o077:
            path.chmod(0o700)
    except OSError as exc:
        raise ReflectError(
            f"cannot create the folder {path} ({exc.strerror or type(exc).__name__}).",
            "Set REFLECT_HOME to a folder you can write to.",
        ) from None
    return path


def load_settings(p: Paths | None = None) -> dict:
    p = p or paths()
    try:
        raw = p.settings.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ReflectError(f"cannot read the settings file {p.settings}: {exc.strerror or exc}") from None
    import tomllib  # only when there is a settings file to read

    try:
        return tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ReflectError(f"cannot read the settings file {p.settings}: {exc}") from None
