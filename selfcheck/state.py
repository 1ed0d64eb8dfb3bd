"""What a person has posted so far, as kept between requests (in their own browser).

Raw values per step, exactly as the step page posted and kept them (so Back and errors lose
nothing), and the steps they completed. The wizard reads them afresh on every request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

RawStep = dict[str, list[str]]


@dataclass
class State:
    """Raw values per step, and the steps the person completed, in order."""

    steps: dict[str, RawStep] = field(default_factory=dict)
    done: list[str] = field(default_factory=list)


class StateError(Exception):
    """The stored answers cannot be used (another questionnaire version, or malformed)."""


def state_from(data: Any, stamp: list[str]) -> State:
    """Check the shape of stored state strictly: it came back from a browser."""
    if not isinstance(data, dict) or data.get("q") != stamp:
        raise StateError("stored answers belong to another questionnaire version")
    steps, done = data.get("s"), data.get("d")
    if not isinstance(steps, dict) or not isinstance(done, list):
        raise StateError("stored answers are malformed")
    for raw in steps.values():
        if not isinstance(raw, dict) or not all(
            isinstance(v, list) and all(isinstance(x, str) for x in v) for v in raw.values()
        ):
            raise StateError("stored answers are malformed")
    if not all(isinstance(s, str) for s in done):
        raise StateError("stored answers are malformed")
    return State(steps={str(k): dict(v) for k, v in steps.items()}, done=list(done))
