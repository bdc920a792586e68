"""The English word lists shipped in data/: ordinary words, proper nouns and words that are also names. Client-code
checks (client_codes.py) and the identifier detector (privacy/identifiers.py) read them, as does the place gazetteer.

Saving one entry asks about a few dozen words, while loading a list into a set costs 5-12 ms (65,000 words, 31,000
towns): so a list is a sorted file looked up in place (`WordFile`), and is loaded whole only once a long run of
lookups (an import, a redacted export) makes that the cheaper way.
"""

from __future__ import annotations

import mmap
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"


class WordFile:
    """Membership in a word list: a UTF-8 file of one entry a line, sorted by code point (as Python sorts strings, and
    as their UTF-8 bytes sort). The first `LOAD_AFTER` lookups are binary searches over the file mapped into memory
    (microseconds each, nothing read up front); after them the whole list becomes a set."""

    LOAD_AFTER = 2_000  # ~10 us a search against ~10 ms to load: past this many lookups the set is cheaper

    def __init__(self, path: Path) -> None:
        self.path = path
        self._map: mmap.mmap | bytes | None = None
        self._set: frozenset[str] | None = None
        self._lookups = 0

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or not word or "\n" in word:
            return False
        if self._set is not None:
            return word in self._set
        self._lookups += 1
        if self._lookups > self.LOAD_AFTER:
            data = self._bytes()
            self._set = frozenset(data[:].decode("utf-8").split("\n")) - {""}
            if isinstance(data, mmap.mmap):
                data.close()
            self._map = None
            return word in self._set
        return _sorted_lines_hold(self._bytes(), word.encode("utf-8", "surrogatepass"))

    def _bytes(self) -> mmap.mmap | bytes:
        if self._map is None:
            with self.path.open("rb") as fh:
                try:
                    self._map = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
                except ValueError:  # an empty file cannot be mapped
                    self._map = b""
        return self._map


def _sorted_lines_hold(data: mmap.mmap | bytes, key: bytes) -> bool:
    """Whether `key` is one of the newline-separated, byte-sorted lines of `data` (binary search over byte offsets:
    each step reads the line around the middle)."""
    lo, hi = 0, len(data)
    while lo < hi:
        mid = (lo + hi) // 2
        start = data.rfind(b"\n", 0, mid) + 1
        end = data.find(b"\n", mid)
        if end < 0:
            end = len(data)
        line = data[start:end]
        if line == key:
            return True
        if line < key:
            lo = end + 1
        else:
            hi = start
    return False


@cache
def common_words() -> WordFile:
    return WordFile(DATA / "english-words.txt")


@cache
def proper_nouns() -> WordFile:
    """Capitalised SCOWL entries, lower-cased: first names, surnames, places (for checking client codes)."""
    return WordFile(DATA / "english-proper-nouns.txt")


@cache
def word_names() -> frozenset[str]:
    """Words that are also first names or surnames (grace, will, mark, brown): a short list, read whole."""
    return frozenset((DATA / "english-names-words.txt").read_text(encoding="utf-8").split())
