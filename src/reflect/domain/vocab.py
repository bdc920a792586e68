"""The controlled vocabularies, loaded once from data/vocabulary.json.

data/vocabulary.toml is the file to edit (it holds the comments and sources); tools/vocabulary_json.py writes the JSON
from it, and tests/test_docs.py fails while the two differ. Every command reads the vocabulary, and JSON costs it
well under a millisecond where the TOML parser's import and parse cost about 8 ms.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "data" / "vocabulary.toml"
DATA = SOURCE.with_suffix(".json")


@cache
def _data() -> dict[str, dict[str, str]]:
    return json.loads(DATA.read_text(encoding="utf-8"))


def names() -> list[str]:
    return list(_data())


def labels(kind: str) -> dict[str, str]:
    """slug -> label for one vocabulary, in the file's order."""
    return dict(_data()[kind])


def slugs(kind: str) -> list[str]:
    return list(_data()[kind])


@cache
def positions(kind: str) -> dict[str, int]:
    """slug -> its place in the file's order, shared and never copied: validation asks it for every list item of
    every entry (an import of 50,000 entries calls it about a million times). Callers must not change it."""
    return {slug: i for i, slug in enumerate(_data()[kind])}


def label(kind: str, slug: str | int) -> str:
    return _data()[kind].get(str(slug), str(slug))


def pull_name(slug: str) -> str:
    """A pull as findings and tables name it: the TRQ factor's name from its label, in lower case, without the
    spaces around the slash ("special/over-involved", "positive"), never its slug."""
    return label("pull", slug).split(":")[0].split(",")[0].lower().replace(" / ", "/")


def feeling_family(word: str) -> str:
    return _data()["feeling"][word]


def feelings_by_family() -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {family: [] for family in _data()["feeling_family"]}
    for word, family in _data()["feeling"].items():
        grouped[family].append(word)
    return grouped


# The three stance ratings, in the order reports list them (the `stance` vocabulary's slugs).
STANCES = ("complementary", "non-complementary", "unsure")
