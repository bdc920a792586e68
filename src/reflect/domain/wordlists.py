"""The English word lists shipped in data/: ordinary words, proper nouns and words that are also names. Client-code
checks (models.py) and the identifier detector (privacy/identifiers.py) read them; each loads once, when first asked."""

from __future__ import annotations

import gzip
from functools import cache
from importlib.resources import files


@cache
def common_words() -> frozenset[str]:
    raw = files("reflect").joinpath("data/english-words.txt.gz").read_bytes()
    return frozenset(gzip.decompress(raw).decode("utf-8").split())


@cache
def proper_nouns() -> frozenset[str]:
    """Capitalised SCOWL entries, lower-cased: first names, surnames, places (for checking client codes)."""
    raw = files("reflect").joinpath("data/english-proper-nouns.txt.gz").read_bytes()
    return frozenset(gzip.decompress(raw).decode("utf-8").split())


@cache
def word_names() -> frozenset[str]:
    """Words that are also first names or surnames (grace, will, mark, brown)."""
    return frozenset(files("reflect").joinpath("data/english-names-words.txt").read_text(encoding="utf-8").split())
