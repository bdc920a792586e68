"""JSON read with bounds (io layer): no integer longer than any field could hold, so a number of thousands of digits
is refused at once with a message that does not repeat it, instead of reaching Python's int-string limit
(a ValueError from deep inside the decoder, reported as "an unexpected problem")."""

from __future__ import annotations

import json
from typing import Any

MAX_DIGITS = 18  # every number field (ratings, session numbers, years) is far shorter; 18 digits still fit SQLite


class NumberTooLong(ValueError):
    """An integer literal longer than MAX_DIGITS digits (the literal itself is never kept in the message)."""

    def __init__(self) -> None:
        super().__init__(f"a number longer than {MAX_DIGITS} digits, which no field takes")


def parse_int(literal: str) -> int:
    if len(literal) - literal.startswith("-") > MAX_DIGITS:
        raise NumberTooLong()
    return int(literal)


def decoder() -> json.JSONDecoder:
    return json.JSONDecoder(parse_int=parse_int)


def loads(text: str) -> Any:
    """json.loads with bounded integers; raises json.JSONDecodeError or NumberTooLong."""
    return json.loads(text, parse_int=parse_int)
