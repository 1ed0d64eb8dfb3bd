"""The people the content tests follow through the shipped questions.yaml: answers step by
step, as a form posts them.

Today they are the engine fixture's people (tests/data/vitamin_d/ is a frozen copy of the
shipped file, so the same answers fit both). When questions.yaml changes its steps or
questions, write the changed people here; for a questionnaire of your own, write your own.
"""

from __future__ import annotations

from selfcheck.questionnaire import load

from ..conftest import ROOT
from ..personas import LONGEST, OLDER_INDOORS, QUIET, complete, persona
from ..personas import flat as flat_in

SHIPPED = load(ROOT / "questions.yaml").first

__all__ = ["LONGEST", "OLDER_INDOORS", "QUIET", "SHIPPED", "complete", "flat", "persona"]


def flat(answers: dict, questionnaire=None) -> dict:
    """A person's form values as typed answers, read by the shipped questionnaire."""
    return flat_in(answers, questionnaire or SHIPPED)
