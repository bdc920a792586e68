"""The identifier detector on the ways clinicians slip (lower-case names, institutions, ordinal days, ages in words,
numbers that fail their checks) and on what it must leave alone (brands, apps, authors, medicines, holidays, regions).
Each case pins the detector's whole answer for one sentence."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from reflect.privacy.identifiers import find, mask
from test_identifiers import kinds


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # US SSNs the SSA never issues still identify whoever wrote them down
        ("his card read 912-45-6789", [("SSN", "912-45-6789")]),
        ("SSN 666-12-3456 on the form", [("SSN", "666-12-3456")]),
        ("it said 000-44-1234", [("SSN", "000-44-1234")]),
        # an NHS number is labelled as one, even with a mistyped check digit when it is named as one
        ("her NHS number 485 777 3456 was on it", [("NHS", "485 777 3456")]),
        ("the letter quoted 943 476 5919", [("NHS", "943 476 5919")]),
        # a day of the month without the month
        ("She was assaulted on the 3rd and has not been out since.", [("DATE", "3rd")]),
        ("Court is on the 14th.", [("DATE", "14th")]),
        ("Her appointment on the 8th clashes with pick-up.", [("DATE", "8th")]),
        # ages over 89 in words
        ("His grandmother is ninety-three and lives alone.", [("AGE", "ninety-three")]),
        ("He turned a hundred and two last week.", [("AGE", "a hundred and two")]),
        ("a ninety-one-year-old neighbour", [("AGE", "ninety-one-year-old")]),
        ("who would have been 97 this year", [("AGE", "97")]),
        # institutions named without a person's name in them
        ("Her brother is in HMP Styal now.", [("PLACE", "HMP Styal")]),
        ("He spent two nights on ward 27.", [("PLACE", "ward 27")]),
        ("She teaches at Holy Trinity C of E Primary.", [("PLACE", "Holy Trinity C of E Primary")]),
        ("She volunteers at the Beacon Food Bank.", [("PLACE", "the Beacon Food Bank")]),
        ("He works nights at Tesco near the ring road.", [("PLACE", "Tesco")]),
        # towns and cities, including those that are ordinary words, only where they are used as places
        ("She moved to Reading last year.", [("PLACE", "Reading")]),
        ("He grew up in Bath.", [("PLACE", "Bath")]),
        ("They met in Sheffield.", [("PLACE", "Sheffield")]),
        ("Her mother lives in Florence, Alabama.", [("PLACE", "Florence")]),
        # names in lower case, in a slot where a person stands
        ("priya said she had not slept.", [("NAME", "priya")]),
        ("Her son jayden refuses to go.", [("NAME", "jayden")]),
        ("She said kieran and josh were there.", [("NAME", "kieran"), ("NAME", "josh")]),
        ("We talked about nana Pat.", [("NAME", "nana Pat")]),
    ],
)
def test_how_clinicians_slip(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Reading my notes back, I noticed how tired I was.",
        "She took a long bath and felt better.",
        "Hope is what keeps her going.",
        "He grew up in Texas and moved to Kentucky, then to New Hampshire.",
        "Her family are from Ghana and Portugal.",
        "Mondays are the worst; Fridays she finishes early.",
        "Yom Kippur and Rosh Hashanah fell this month; Boxing Day and Good Friday were hard too.",
        "Mother's Day was unbearable, and Valentine's Day not much better.",
        "He has started on Mirtazapine; Sertraline and Quetiapine did not suit him.",
        "She keeps Diazepam and Zopiclone in her bag.",
        "I kept thinking about Porges, and Ogden's work on the body.",
        "Thorne and Mearns write about relational depth.",
        "He read a Brené Brown book.",
        "She uses Strava and bought a Fitbit; her son plays on the PlayStation.",
        "She keeps the Samaritans number in her phone.",
        "Frustratingly, the session ended just as he began to cry.",
        "Her son wants a new bike, and her daughter wants a phone.",
        "He was seen on the 3rd floor by the 2nd session.",
        "The session lasted ninety minutes and she said it a hundred times.",
        "Minuchin's ideas about enmeshment helped.",
        # a kind of place, not one place
        "She hated Secondary School and he hated Sunday School.",
        "He was moved to the Intensive Care Unit; I took it to the Balint Group.",
        "She works for the NHS and he worked for Dad.",
    ],
)
def test_what_names_no_one(text):
    assert kinds(text) == []


def test_countries_and_states_stay_while_cities_go():
    text = "She moved from Georgia to Sheffield, then to Ohio."
    assert mask(text) == "She moved from Georgia to [PLACE], then to Ohio."


def test_long_fields_take_linear_time():
    sentence = "She said Priya went to HMP Styal on the 3rd with Tom, who is ninety-three. Reading is hard. "
    find(sentence)  # word lists loaded
    started = time.perf_counter()
    matches = find(sentence * 2500)  # 230 KB, about 12,500 sentence starts
    elapsed = time.perf_counter() - started
    assert len(matches) == 5 * 2500
    assert elapsed < 10  # about 2 s; a search over everything before each sentence start took minutes


def test_the_place_list_loads_only_when_text_is_scanned():
    code = (
        "from reflect.privacy import identifiers as i, place_gazetteer as g; "
        "assert g.places.cache_info().currsize == 0; i.find('moved to Leeds'); "
        "assert g.places.cache_info().currsize == 1"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0
