"""The towns, cities and regions the detector knows, loaded once from the shipped GeoNames-derived list."""

from __future__ import annotations

import gzip
from functools import cache
from importlib.resources import files


@cache
def places() -> tuple[frozenset[str], frozenset[str]]:
    """(towns and cities, regions): lower-cased names from GeoNames via tools/build_places.py. Towns and cities of
    15,000 people or more identify under HIPAA Safe Harbor; countries, US states and continents do not."""
    raw = files("reflect").joinpath("data/places.txt.gz").read_bytes()
    cities, regions = [], []
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        kind, _, name = line.partition("\t")
        (cities if kind == "city" else regions).append(name)
    return frozenset(cities), frozenset(regions)
