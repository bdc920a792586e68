"""Where the passphrase of an encrypted journal comes from. Never a command-line argument (shell history, `ps`).

Order: $REFLECT_PASSPHRASE (removed from the environment as soon as it is read, so editors and other child
processes never inherit it) -> $REFLECT_PASSPHRASE_FD (a file descriptor to read one line from, e.g. from a password
manager: `REFLECT_PASSPHRASE_FD=3 reflect list 3< <(pass show reflect)`) -> the OS keyring, only when the settings
file says `keyring = true` and the optional `keyring` package is installed -> a hidden prompt, only on a terminal.

A passphrase is kept in memory for the rest of the process (one command may open the journal more than once); the
CLI forgets it at the start of every command.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from reflect.errors import JournalError, UsageError

T = TypeVar("T")

ENV = "REFLECT_PASSPHRASE"
ENV_FD = "REFLECT_PASSPHRASE_FD"
KEYRING_SERVICE = "reflect"
MIN_LENGTH = 8

_cache: dict[str, str] = {}


def forget() -> None:
    _cache.clear()


def remember(path: Path, passphrase: str) -> None:
    _cache[_key(path)] = passphrase


def _key(path: Path) -> str:
    return str(Path(path).expanduser().resolve())


def check(passphrase: str) -> str:
    """A passphrase we can use as an SQL string literal and that is not trivially short."""
    if "\x00" in passphrase:
        raise UsageError("a passphrase cannot contain a NUL character.")
    if len(passphrase) < MIN_LENGTH:
        raise UsageError(f"the passphrase is too short: use at least {MIN_LENGTH} characters (a few words is best).")
    return passphrase


def from_environment() -> str | None:
    """$REFLECT_PASSPHRASE, then $REFLECT_PASSPHRASE_FD; each is consumed once read."""
    value = os.environ.pop(ENV, None)
    if value:
        return value
    fd_text = os.environ.pop(ENV_FD, None)
    if fd_text is None:
        return None
    try:
        fd = int(fd_text)
        with os.fdopen(fd, "rb", closefd=True) as fh:
            line = fh.readline(4096)
    except (ValueError, OSError):
        raise UsageError(f"{ENV_FD} must name an open file descriptor to read the passphrase from.") from None
    value = line.decode("utf-8", "replace").rstrip("\r\n")
    return value or None


def keyring_enabled() -> bool:
    from reflect.config import load_settings

    return bool(load_settings().get("keyring", False))


def from_keyring(path: Path) -> str | None:
    if not keyring_enabled():
        return None
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, _key(path))
    except KeyringError:  # NoKeyringError on a headless machine: fall through to the prompt
        return None


def keyring_usable() -> bool:
    """The optional `keyring` package is installed and has a real backend (a headless Linux has only the failing one,
    priority 0)."""
    try:
        import keyring

        return float(getattr(keyring.get_keyring(), "priority", 0)) > 0
    except Exception:  # not installed, or a backend that fails to load: no keyring to offer
        return False


def enable_keyring_setting(settings: Path) -> None:
    """Add `keyring = true` to config.toml (created owner-only if absent), leaving every other line as it is."""
    from reflect.config import load_settings

    if load_settings().get("keyring") is True:
        return
    text = settings.read_text(encoding="utf-8") if settings.exists() else ""
    lines = [line for line in text.splitlines() if not line.strip().startswith("keyring")]
    lines.append("keyring = true  # unlock the journal from the OS keyring (reflect encrypt set this)")
    tmp = settings.with_name(settings.name + ".part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    os.replace(tmp, settings)


def save_to_keyring(path: Path, passphrase: str) -> bool:
    if not keyring_enabled():
        return False
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        return False
    try:
        keyring.set_password(KEYRING_SERVICE, _key(path), passphrase)
    except KeyringError:
        return False
    return True


def can_prompt() -> bool:
    return sys.stdin.isatty()


# Said once per process, above the first passphrase prompt: the two ways never to be asked.
PROMPT_HINT = (
    "(Not to be asked each time: keep the passphrase in the OS keyring, `keyring = true` in config.toml, or give it "
    f"from a password manager with {ENV_FD}; `reflect encrypt --help` says how.)"
)
_hinted: list[bool] = []


def prompt(message: str = "Passphrase for the journal: ") -> str:
    if not can_prompt():
        raise UsageError(
            "the journal is encrypted and there is no terminal to ask for its passphrase.",
            f"Set {ENV} or {ENV_FD} for this command.",
        )
    import getpass

    if not _hinted and not keyring_enabled():
        _hinted.append(True)
        sys.stderr.write(PROMPT_HINT + "\n")
        sys.stderr.flush()

    try:
        return getpass.getpass(message)
    except EOFError:
        raise UsageError("no passphrase was given.") from None


def unlock_with(path: Path, try_open: Callable[[str], T | None], passphrase: str | None = None) -> T:
    """What `try_open` returns for the first passphrase that opens `path`: the one given, else the environment, file
    descriptor, memory or keyring, then up to 3 prompts (a stale keyring entry falls back to asking)."""
    attempts = 0
    stale_keyring = False
    while True:
        if passphrase is not None:
            value, source = passphrase, "given"
        elif stale_keyring:  # the keyring held an old passphrase: ask instead
            value, source = prompt(), "prompt"
        else:
            value, source = unlock(path)
        opened = try_open(value)
        if opened is not None:
            remember(path, value)
            if source == "prompt":
                save_to_keyring(path, value)
            return opened
        if source == "keyring" and can_prompt():
            stale_keyring = True
            continue
        attempts += 1
        if source == "prompt" and attempts < 3:
            sys.stderr.write("That passphrase does not open the journal; try again.\n")
            sys.stderr.flush()
            continue
        raise wrong_passphrase()


def unlock(path: Path) -> tuple[str, str]:
    """The passphrase for an encrypted file, and where it came from ('env', 'memory', 'keyring', 'prompt')."""
    value = from_environment()
    if value:
        return value, "env"
    if (cached := _cache.get(_key(path))) is not None:
        return cached, "memory"
    value = from_keyring(path)
    if value:
        return value, "keyring"
    return prompt(), "prompt"


def cached(path: Path) -> str | None:
    return _cache.get(_key(path))


def new_passphrase(*, purpose: str = "the journal", env: str = ENV) -> str:
    """A new passphrase: from the environment (scripts, tests) or asked twice on a terminal."""
    value = from_environment() if env == ENV else os.environ.pop(env, None)
    if value:
        return check(value)
    if not can_prompt():
        raise UsageError(
            f"choosing a passphrase for {purpose} needs a terminal.", f"Or set {ENV} (or {ENV_FD}) for this command."
        )
    import getpass

    _hinted.append(True)  # the choices were just explained by the command that asks

    first = check(getpass.getpass(f"New passphrase for {purpose} (at least {MIN_LENGTH} characters): "))
    if getpass.getpass("The same passphrase again: ") != first:
        raise UsageError("the two passphrases differ; nothing was changed.")
    return first


def wrong_passphrase() -> JournalError:
    return JournalError(
        "the passphrase is wrong (or the file is not a reflect journal).",
        "Nothing was changed; try again.",
    )
