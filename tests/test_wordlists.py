"""The shipped word lists are looked up in place (a binary search over the sorted file) until a long run of lookups
makes loading them whole cheaper. Either way the answer must be exactly the set's."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reflect.domain.wordlists import DATA, WordFile

LISTS = ("english-words.txt", "english-proper-nouns.txt", "places-cities.txt", "places-regions.txt")


@pytest.mark.parametrize("name", LISTS)
def test_every_shipped_list_is_sorted_as_the_search_needs(name: str):
    lines = (DATA / name).read_bytes().split(b"\n")
    assert lines[-1] == b"" and all(lines[:-1])  # one entry a line, ending with a newline, no blank lines
    assert lines[:-1] == sorted(set(lines[:-1]))  # byte order, no repeats


@pytest.mark.parametrize("name", LISTS)
def test_in_place_lookups_answer_as_the_whole_list_does(name: str):
    entries = (DATA / name).read_text(encoding="utf-8").split("\n")[:-1]
    words = WordFile(DATA / name)
    sample = entries[:: max(1, len(entries) // 500)] + [entries[0], entries[-1]]
    assert all(entry in words for entry in sample)
    near_misses = [e + "x" for e in sample] + [e[:-1] for e in sample] + ["", " ", "\n", "zzzzzz", "Aaron"]
    assert [w in words for w in near_misses] == [w in set(entries) for w in near_misses]
    assert words._set is None  # still looking up in place


words_and_probes = st.lists(st.text(alphabet="abcéz- ", min_size=1, max_size=6), max_size=40)


@settings(max_examples=100)
@given(entries=words_and_probes, probes=words_and_probes)
def test_membership_is_the_sets_before_and_after_loading(tmp_path_factory, entries: list[str], probes: list[str]):
    path: Path = tmp_path_factory.mktemp("words") / "list.txt"
    unique = sorted({e for e in entries if e.strip() == e and e})
    path.write_text("".join(f"{e}\n" for e in unique), encoding="utf-8")
    words = WordFile(path)
    words.LOAD_AFTER = len(probes) // 2  # half the probes searched in place, the rest against the loaded set
    assert [p in words for p in probes + unique] == [p in set(unique) for p in probes + unique]
    assert (words._set is not None) == (len(probes) + len(unique) > words.LOAD_AFTER)


def test_an_empty_list_holds_nothing(tmp_path: Path):
    (tmp_path / "none.txt").write_bytes(b"")
    words = WordFile(tmp_path / "none.txt")
    assert "a" not in words and "" not in words


def test_a_long_run_of_lookups_loads_the_list_once(tmp_path: Path):
    (tmp_path / "w.txt").write_text("anger\ncalm\nshame\n", encoding="utf-8")
    words = WordFile(tmp_path / "w.txt")
    words.LOAD_AFTER = 3
    assert ["calm" in words for _ in range(3)] == [True] * 3 and words._set is None
    assert "shame" in words and words._set == {"anger", "calm", "shame"}
    assert words._map is None  # the mapping is closed once the set is there
