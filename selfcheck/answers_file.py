"""A person's answers as a small JSON file they keep, so they can stop and come back later
(or hand the answers to a script) without us storing anything.

The file holds typed answers by question id — the same shape the JSON API and the command
line take — with the questionnaire's id and version, so a file can be checked against the
questionnaire it is brought back to:

    {"format": "selfcheck-answers", "questionnaire": {"id": …, "version": …},
     "saved": "2026-11-25", "answers": {"age": 45, "red_flags": ["none"], …},
     "done": ["start", "sun"]}

A file for the same version must fit exactly; anything wrong in it is an error naming the
question. A file from another version keeps what still fits and lists what it dropped.
Range checks (an age of 300) are left to the step pages, which show them next to the field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import gettext as _

from .forms import MAX_RAW, canonical_number, parse_number
from .json_input import loads, too_large
from .questionnaire import Question, Questionnaire
from .wizard import State

FORMAT = "selfcheck-answers"
MAX_BYTES = 64 * 1024
Typed = str | int | float | list[str]


class AnswersFileError(ValueError):
    """The file cannot be used; the message says why in the reader's words."""


@dataclass
class Restored:
    """Answers read from a file, ready to continue with, and what had to be left out."""

    state: State
    dropped: list[str] = field(default_factory=list)
    count: int = 0


def to_file(questionnaire: Questionnaire, state: State, clinic_id: str | None = None) -> dict:
    """The file's content for the answers so far (every step's values as posted)."""
    answers: dict[str, Typed] = {}
    for step in questionnaire.steps:
        for question in step.questions:
            raw = state.steps.get(step.id, {}).get(question.id)
            value = typed(question, raw) if raw else None
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


def typed(question: Question, raw: list[str]) -> Typed | None:
    """A posted value as the file keeps it: numbers as numbers, several choices as a list."""
    if question.type == "multi_choice":
        return list(raw)
    first = raw[0]
    if question.type == "number":
        try:
            return parse_number(first, question.integer)
        except ValueError:
            return None  # typed but not a number: nothing worth keeping
    if question.type == "scale":
        return int(first) if first.lstrip("-").isdigit() else None
    return first


def parse(data: bytes) -> dict:
    """The file's JSON object, or an error a person can act on."""
    if len(data) > MAX_BYTES:
        raise AnswersFileError(_("This file is too large to be a saved answers file (over 64 KB)."))
    try:
        content = loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise AnswersFileError(
            _(
                "This file is not a saved answers file. Choose the file you saved with "
                "“Save my answers”."
            )
        ) from None
    if not isinstance(content, dict):
        raise AnswersFileError(_("This file is not a saved answers file."))
    return content


def read(data: bytes, questionnaire: Questionnaire, clinic_id: str | None = None) -> Restored:
    """Check a saved file against the questionnaire and turn it back into answers."""
    content = parse(data)
    if content.get("resourceType") == "QuestionnaireResponse":
        from .fhir import answers_from_response

        content = answers_from_response(content, questionnaire)
        content["clinic"] = clinic_id  # a FHIR response names no clinic: read it as this one's
    return restore(content, questionnaire, clinic_id)


def restore(content: dict, questionnaire: Questionnaire, clinic_id: str | None = None) -> Restored:
    """File content (or an API body of the same shape) → answers to continue with.

    A file saved for this very questionnaire (same version, same clinic) must fit exactly;
    one from another version, or from a clinic's pages brought to the plain site (or the
    other way round), keeps what fits and lists the rest."""
    meta = questionnaire.meta
    if content.get("format") != FORMAT or not isinstance(content.get("questionnaire"), dict):
        raise AnswersFileError(_("This file is not a saved answers file."))
    if content["questionnaire"].get("id") != meta.id:
        raise AnswersFileError(
            _("This file holds answers to a different questionnaire, so it cannot be used here.")
        )
    same_version = (
        content["questionnaire"].get("version") == meta.version
        and content.get("clinic") == clinic_id
    )
    answers = content.get("answers")
    if not isinstance(answers, dict):
        raise AnswersFileError(_("This file has no answers in it."))
    restored = Restored(State())
    for key, value in answers.items():
        question = questionnaire.questions.get(key) if isinstance(key, str) else None
        problem = (
            _("a question this questionnaire does not ask (“%(id)s”)", id=str(key)[:40])
            if question is None
            else fits(question, value)
        )
        if problem is None and question is not None:
            step = next(s for s in questionnaire.steps if question in s.questions)
            restored.state.steps.setdefault(step.id, {})[question.id] = raw_of(question, value)
            restored.count += 1
        elif same_version:
            raise AnswersFileError(_("This file cannot be used: %(problem)s.", problem=problem))
        else:
            restored.dropped.append(problem)
    done = content.get("done")
    steps = done if isinstance(done, list) else list(restored.state.steps)
    restored.state.done = [s for s in questionnaire.step_by_id if s in steps]
    for step_id in restored.state.done:  # a finished step may have had nothing to answer
        restored.state.steps.setdefault(step_id, {})
    return restored


def fits(question: Question, value: Any) -> str | None:
    """Why a value cannot be an answer to this question, or None when it can."""
    label = question.label
    if question.type in ("single_choice", "yes_no"):
        known = (
            [c.id for c in question.choices]
            if question.type == "single_choice"
            else [
                "yes",
                "no",
            ]
        )
        if not isinstance(value, str) or value not in known:
            return _("the answer to “%(question)s” is not one of its choices", question=label)
    elif question.type == "multi_choice":
        known = [c.id for c in question.choices]
        if (
            not isinstance(value, list)
            or not value
            or any(not isinstance(v, str) or v not in known for v in value)
            or len(set(value)) != len(value)
        ):
            return _("the answers to “%(question)s” are not among its choices", question=label)
    elif question.type == "number":
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            return _("the answer to “%(question)s” is not a number", question=label)
        if too_large(value):
            return _("the answer to “%(question)s” is too large a number", question=label)
        if question.integer and not (isinstance(value, int) or value.is_integer()):
            return _("the answer to “%(question)s” is not a whole number", question=label)
    elif question.type == "scale":
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not (question.min <= value <= question.max)
        ):
            return _(
                "the answer to “%(question)s” is not a number from %(low)s to %(high)s",
                question=label,
                low=question.min,
                high=question.max,
            )
    elif not isinstance(value, str) or len(value) > question.max_length:
        return _(
            "the answer to “%(question)s” is not text of up to %(count)s characters",
            question=label,
            count=question.max_length,
        )
    return None


def raw_of(question: Question, value: Typed) -> list[str]:
    """A checked value back as the step page would have posted it."""
    if isinstance(value, list):
        return [str(v)[:MAX_RAW] for v in value]
    if question.type == "number" and isinstance(value, int | float):
        number = int(value) if question.integer else value
        return [canonical_number(number)]
    return [str(value)]
