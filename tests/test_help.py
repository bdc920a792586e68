"""Help that teaches: what reflect is for in two lines, every term defined in one plain line, and value types that
read as what the value is (TEXT, ID, CODE, DATE), never a Python type name."""

from __future__ import annotations

import json
import re

import pytest

from reflect.cli import PANELS
from reflect.domain import glossary, vocab

REQUIRED_TERMS = ("pull", "urge", "acted on", "complementary stance", "non-complementary stance", "withdrawal rupture",
                  "confrontation rupture", "repair", "seven eyes")  # fmt: skip


@pytest.fixture(autouse=True)
def fresh_console():
    """The output console reads COLUMNS once per process: these tests set their own width."""
    from reflect.render import console

    console.out.cache_clear()
    yield
    console.out.cache_clear()


def help_text(cli, *path: str) -> str:
    result = cli(*path, "--help", env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.stderr
    return result.stdout


def every_command(cli) -> list[tuple[str, ...]]:
    paths: list[tuple[str, ...]] = []
    for commands in PANELS.values():
        for name in commands:
            paths.append((name,))
            text = help_text(cli, name)
            if "Commands" in text:
                paths += [(name, m) for m in re.findall(r"^│ ([a-z][a-z-]*)\s{2,}", text, re.M)]
    return paths


def test_root_help_says_what_reflect_is_for_in_two_lines(cli):
    text = help_text(cli)
    description = text.split("Usage:")[1].split("╭")[0].splitlines()[1:]
    lines = [line.strip() for line in description if line.strip()]
    assert len(lines) == 2, lines
    assert "session" in lines[0] and "supervision" in lines[1] and "`reflect help terms`" in lines[1]


def test_help_terms_defines_every_term_in_one_line(cli):
    out = cli("help", "terms", env={"COLUMNS": "300"}).stdout
    defined = {line.split("  ")[0].strip(): line for line in out.splitlines() if line and not line.startswith(" ")}
    for term in ("pull", "urge", "felt / acted on", "complementary stance", "non-complementary stance",
                 "withdrawal rupture", "confrontation rupture", "repair", "seven eyes"):  # fmt: skip
        assert term in defined, term
    eyes = [line.strip() for line in out.splitlines() if re.match(r"^\s+[1-7]  ", line)]
    assert [e[0] for e in eyes] == list("1234567")
    data = json.loads(cli("help", "terms", "--json").stdout)
    assert set(data["terms"]) == {term for term, _ in glossary.TERMS} and len(data["eyes"]) == 7


def test_every_term_asked_for_is_in_the_glossary():
    terms = " ".join(term for term, _ in glossary.TERMS)
    assert all(word in terms for word in REQUIRED_TERMS)
    assert all(meaning.strip() and "\n" not in meaning for _, meaning in glossary.TERMS)


def test_prompts_vocabulary_says_what_every_vocabulary_means(cli):
    assert set(glossary.KINDS) == set(vocab.names())  # a new vocabulary needs its line
    out = cli("prompts", "vocabulary", env={"COLUMNS": "300"}).stdout
    for kind in vocab.names():
        assert f"{kind}  {glossary.KINDS[kind]}" in out, kind
    stance = cli("prompts", "vocabulary", "stance", env={"COLUMNS": "300"}).stdout.splitlines()
    assert stance[0] == f"stance  {glossary.KINDS['stance']}"
    assert stance[1].split() == ["complementary", "Complementary:", "I", "matched", "their", "usual", "way", "of",
                                 "relating"]  # fmt: skip


def test_no_help_shows_a_python_type_name(cli):
    for path in every_command(cli):
        text = help_text(cli, *path)
        assert not re.search(r"<[a-z]", text), (path, [line for line in text.splitlines() if "<" in line])


@pytest.mark.parametrize(("path", "option", "shown"), [
    (("show",), "ID", None), (("client", "show"), "CODE", None), (("list",), "--client", "CODE"),
    (("list",), "--since", "DATE"), (("list",), "--tag", "TAG"), (("new",), "--pack", "PACK"),
    (("new",), "--date", "DATE"), (("supervision", "log"), "--discussed", "ID"), (("purge",), "--before", "DATE"),
])  # fmt: skip
def test_values_read_as_what_they_are(cli, path, option, shown):
    rows = [line for line in help_text(cli, *path).splitlines() if line.startswith("│")]
    row = next(line for line in rows if f" {option} " in line)
    if shown is None:  # an argument: its name is the metavar, and no type follows it
        assert re.search(rf"│ \*\s+{option}\s{{2,}}The ", row), row
    else:
        assert re.search(rf"{option}\s+(-\w\s+)?{shown}\s", row), row
