"""What is wrong with an answer, in a form any language can read later.

The core (question types, the wizard, the answers file) runs without Flask, so it cannot
translate. It returns a `Problem`: an English message id with its values; whoever shows it
(a page, the API, the command line) reads it in its own language with `read(gettext)`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


def N_(message: str) -> str:
    """Mark a message for the translators' catalogue; it is translated when read."""
    return message


@dataclass(frozen=True)
class Problem:
    """A message id (or, with `literal`, words already in the reader's language) and its
    values, like `Problem("Enter a number from %(low)s to %(high)s", {"low": …})`."""

    message: str
    values: Mapping[str, Any] = field(default_factory=dict)
    literal: bool = False  # a questionnaire's own words (already translated)

    def read(self, gettext: Callable[[str], str] | None = None) -> str:
        words = self.message if self.literal or gettext is None else gettext(self.message)
        if not self.values:
            return words
        values = {
            key: value.read(gettext) if isinstance(value, Problem) else value
            for key, value in self.values.items()
        }
        return words % values

    def __str__(self) -> str:
        return self.read()
