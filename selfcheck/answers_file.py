"""A person's answers as a small JSON file they keep, so they can stop and come back later
(or hand the answers to a script) without us storing anything.

The file holds typed answers by question id — the same shape the JSON API and the command
line take — with the questionnaire's id and version, so a file can be checked against the
questionnaire it is brought back to (incoming.py):

    {"format": "selfcheck-answers", "questionnaire": {"id": …, "version": …},
     "saved": "2026-11-25", "answers": {"age": 45, "red_flags": ["none"], …},
     "done": ["start", "sun"]}
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .conditions import Answer
from .question_types import CANONICAL
from .questionnaire import Questionnaire
from .state import State

FORMAT = "selfcheck-answers"
MAX_BYTES = 64 * 1024


def to_file(questionnaire: Questionnaire, state: State, clinic_id: str | None = None) -> dict:
    """The file's content for the answers so far (every step's values as posted)."""
    answers: dict[str, Answer] = {}
    for step in questionnaire.steps:
        for question in step.questions:
            raw = state.steps.get(step.id, {}).get(question.id)
            value = question.read(raw, CANONICAL).value if raw else None
            if value not in (None, "", []):
                answers[question.id] = value
    content: dict[str, Any] = {
        "format": FORMAT,
        "questionnaire": {"id": questionnaire.meta.id, "version": questionnaire.meta.version},
        "saved": date.today().isoformat(),
        "answers": answers,
        "done": [s for s in state.done if s in questionnaire.step_by_id],
    }
    if clinic_id:
        content["clinic"] = clinic_id
    return content
