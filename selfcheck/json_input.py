"""One way to read JSON that comes from outside — the API's body, an uploaded answers file
(saved or FHIR), the command line's file — so every entry point treats numbers at the edges
alike, and one check says when a number is beyond any answer.

Python's reader turns `1e309` into infinity, but an integer of more than 4,300 digits into a
ValueError for the whole document. Here such an integer is read as infinity too (with its
sign), so it reaches the question it answers and gets the same message as `1e309`.
"""

from __future__ import annotations

import json
import math
from typing import Any

BIGGEST = 10**31  # 32 digits are the most a step page reads (forms.parse_number)


def _integer(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:  # over the interpreter's limit on digits
        return -math.inf if text.startswith("-") else math.inf


def loads(data: bytes | str) -> Any:
    """Parse JSON; ValueError (or RecursionError) when it is not JSON."""
    return json.loads(data, parse_int=_integer)


def too_large(value: int | float) -> bool:
    """A number no one could type as an answer: infinite, or longer than a step page reads.
    Compared exactly, never converted to a float (which fails from 309 digits on)."""
    return abs(value) >= BIGGEST
