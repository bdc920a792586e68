"""Shared fixtures. Every test gets its own journal home: no test can touch a real journal."""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from reflect.config import Paths
from reflect.store.journal import Journal

# Hypothesis: local runs keep exploring new examples (and replay failures from the local database); in CI (the `CI`
# environment variable set) every run draws the same examples and stores nothing, so a red build is never chance.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("dev")
settings.load_profile("ci" if os.environ.get("CI") else "dev")

DOWN, UP, ENTER, SPACE, CTRL_C, ESC = "\x1b[B", "\x1b[A", "\r", " ", "\x03", "\x1b"


@pytest.fixture(autouse=True)
def journal_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("REFLECT_HOME", str(home))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("REFLECT_PASSPHRASE", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    from reflect.render.console import err, out

    out.cache_clear()  # the consoles keep the width they were made with: every test starts at 100 columns
    err.cache_clear()
    return home


@pytest.fixture(autouse=True)
def fresh_privacy_state() -> Iterator[None]:
    """A journal's deny/allow lists and a remembered passphrase live for one process: never let them leak between
    tests."""
    yield
    from reflect.privacy import identifiers, keys

    identifiers.use_lists()
    keys.forget()


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """reflect never uses the network: any attempt to connect fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("reflect tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture
def journal(journal_home: Path) -> Iterator[Journal]:
    with Journal.open(Paths(journal_home)) as j:
        yield j


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cli(runner: CliRunner):
    """Invoke reflect in-process; the app's own error boundary applies, as for the console script."""
    from reflect.cli import app

    def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None):
        return runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)

    return invoke


@pytest.fixture
def pt_input():
    """Real questionary prompts fed through prompt_toolkit's pipe input (no terminal needed)."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        yield inp


@pytest.fixture
def demo_entries():
    """A small deterministic demo journal's entries (4 clients, 52 sessions)."""
    from datetime import datetime

    from reflect.flows.demo import generate

    end = datetime(2026, 3, 11, 17, 0, tzinfo=UTC)
    return list(generate(52, seed=7, end=end))


@pytest.fixture
def demo_journal(journal, demo_entries):
    """The journal holding the demo entries: the one demo journal the tests share (a module may add to it by
    overriding this fixture with one that takes `demo_journal`)."""
    journal.import_entries(demo_entries)
    return journal


@pytest.fixture
def local_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC for the test, so the days and times it shows are the same on every machine."""
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()  # the process's zone follows TZ only when told: leave the next test the zone it had
    time.tzset()


def write_json(path: Path, data) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def env_without(*names: str) -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in names}


# --- measurements printed at the end of a normal `pytest` run (e.g. the identifier detector's recall) ---------------
MEASUREMENTS = pytest.StashKey[list[str]]()


@pytest.fixture
def measurement(request: pytest.FixtureRequest):
    """Record a line for the 'measurements' section of the terminal summary (shown without -s)."""
    return request.config.stash.setdefault(MEASUREMENTS, []).append


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    lines = config.stash.get(MEASUREMENTS, [])
    if lines:
        terminalreporter.section("measurements")
        for line in lines:
            terminalreporter.write_line(line)
