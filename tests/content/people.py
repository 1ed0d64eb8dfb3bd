"""The people the content tests follow through the shipped questions.yaml: answers step by
step, as a form posts them.

Today they are the engine fixture's people (tests/data/vitamin_d/ is a frozen copy of the
shipped file, so the same answers fit both). When questions.yaml changes its steps or
questions, write the changed people here; for a questionnaire of your own, write your own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from selfcheck.questionnaire import load

from ..conftest import ROOT
from ..personas import LONGEST, OLDER_INDOORS, QUIET, complete, persona
from ..personas import flat as flat_in
from ..reading import prompt_ids, text_of

SHIPPED = load(ROOT / "questions.yaml").first

__all__ = [
    "LONGEST",
    "OLDER_INDOORS",
    "QUIET",
    "SHIPPED",
    "Reader",
    "complete",
    "flat",
    "persona",
    "reads_as_expected",
]


def flat(answers: dict, questionnaire=None) -> dict:
    """A person's form values as typed answers, read by the shipped questionnaire."""
    return flat_in(answers, questionnaire or SHIPPED)


@dataclass
class Reader:
    """Someone whose results page is checked: the prompts that must and must not be on it,
    and words it must and must not show, word for word."""

    name: str
    answers: dict
    must: set[str] = field(default_factory=set)
    must_not: set[str] = field(default_factory=set)
    says: tuple[str, ...] = ()
    never_says: tuple[str, ...] = ()
    lang: str = "en"
    start: str = "/step/start"


def reads_as_expected(html: str, reader: Reader) -> None:
    """Assert that a results page shows what `reader` must see and nothing they must not."""
    shown = prompt_ids(html)
    assert reader.must <= shown, f"missing {reader.must - shown}"
    assert not (reader.must_not & shown), f"should not show {reader.must_not & shown}"
    text = text_of(html)
    for words in reader.says:
        assert words in text
    for words in reader.never_says:
        assert words not in text
