"""The towns, cities and regions the detector knows, from the shipped GeoNames-derived lists (tools/build_places.py),
looked up in place like the word lists (domain/wordlists.py says why)."""

from __future__ import annotations

from functools import cache

from reflect.domain.wordlists import DATA, WordFile


@cache
def places() -> tuple[WordFile, WordFile]:
    """(towns and cities, regions): lower-cased names. Towns and cities of 15,000 people or more identify under HIPAA
    Safe Harbor; countries, US states and continents do not."""
    return WordFile(DATA / "places-cities.txt"), WordFile(DATA / "places-regions.txt")
