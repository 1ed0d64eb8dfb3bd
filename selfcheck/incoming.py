"""Answers that arrive from outside — a saved answers file, a FHIR QuestionnaireResponse, or
a JSON body `{"answers": {...}}` — read and checked against the questionnaire.

The bytes are read strictly (at most 64 KB; numbers too large to be anyone's answer become
infinite, so each type refuses them with its own field message instead of crashing), a
FHIR response is turned into an answers file's content, and every answer is checked by its
question's type. A file for this very questionnaire (same version and clinic) must fit
exactly; one from another version keeps what fits and lists the rest.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

from . import fhir
from .answers_file import FORMAT, MAX_BYTES
from .conditions import Answer
from .problem import N_, Problem
from .questionnaire import Questionnaire
from .state import State

LONGEST_INTEGER = 20  # digits; longer integers are read as infinite (never an answer)
NOT_A_FILE = N_("This file is not a saved answers file.")


class IncomingError(ValueError):
    """The answers cannot be used at all; `problem` says why in the reader's words."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


@dataclass
class Incoming:
    """Typed answers that fit the questionnaire, the steps the person had finished, and what
    did not fit: (the key as sent, or None for a question this questionnaire does not ask;
    the problem)."""

    answers: dict[str, Answer] = field(default_factory=dict)
    done: list[str] | None = None  # None: the file does not say
    misfits: list[tuple[str, Problem | None]] = field(default_factory=list)
    same_source: bool = True  # saved from this very questionnaire version and place


def parse(data: bytes) -> Any:
    """JSON from a person's file or a script's body, read strictly."""
    if len(data) > MAX_BYTES:
        raise IncomingError(
            Problem(N_("This file is too large to be a saved answers file (over 64 KB)."))
        )
    try:
        return json.loads(data.decode("utf-8"), parse_int=_integer)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise IncomingError(
            Problem(
                N_(
                    "This file is not a saved answers file. Choose the file you saved with "
                    "“Save my answers”."
                )
            )
        ) from None


def _integer(text: str) -> int | float:
    return int(text) if len(text.lstrip("-")) <= LONGEST_INTEGER else math.inf


def as_content(
    body: Any, questionnaire: Questionnaire, clinic_id: str | None, *, bare: bool = False
) -> dict:
    """Whatever was sent, as an answers file's content: a FHIR response converted, and with
    `bare` (a script's body), `{"answers": …}` taken as meant for this questionnaire."""
    if not isinstance(body, dict):
        raise IncomingError(Problem(NOT_A_FILE))
    if body.get("resourceType") == "QuestionnaireResponse":
        content = fhir.answers_from_response(body, questionnaire)
        if content is None:
            raise IncomingError(Problem(NOT_A_FILE))
        return {**content, **_source_of(content["questionnaire"], questionnaire, clinic_id)}
    if bare and "format" not in body:
        meta = questionnaire.meta
        return {
            "format": FORMAT,
            "questionnaire": {"id": meta.id, "version": meta.version},
            "clinic": clinic_id,
            **body,
        }
    return body


def _source_of(source: dict, questionnaire: Questionnaire, clinic_id: str | None) -> dict:
    """A FHIR response names its Questionnaire: the main one (`meta.id`) or a clinic's
    (`meta.id-clinic`). Which questionnaire and place it was answered in, as a file says it."""
    main, ident = questionnaire.meta.id, source.get("id")
    if ident == fhir.resource_id(main, clinic_id):
        clinic = clinic_id
    elif isinstance(ident, str) and ident.startswith(f"{fhir.resource_id(main)}-"):
        clinic = ident[len(main) + 1 :]  # another clinic's: keeps what fits here
    else:
        return {"clinic": None}
    return {"questionnaire": {**source, "id": main}, "clinic": clinic}


def named_clinic(body: Any, questionnaire: Questionnaire, clinics: Any) -> str | None:
    """The clinic a saved file or FHIR response was answered at, if it is one of `clinics`."""
    if not isinstance(body, dict):
        return None
    if body.get("resourceType") == "QuestionnaireResponse":
        content = fhir.answers_from_response(body, questionnaire)
        source = content["questionnaire"] if content else {}
        ids = {fhir.resource_id(questionnaire.meta.id, c): c for c in clinics}
        return ids.get(source.get("id"))
    named = body.get("clinic")
    return named if isinstance(named, str) and named in clinics else None


def check(content: dict, questionnaire: Questionnaire, clinic_id: str | None) -> Incoming:
    """An answers file's content → the answers that fit, each checked by its type."""
    meta = questionnaire.meta
    source = content.get("questionnaire")
    if content.get("format") != FORMAT or not isinstance(source, dict):
        raise IncomingError(Problem(NOT_A_FILE))
    if source.get("id") != meta.id:
        raise IncomingError(
            Problem(
                N_(
                    "This file holds answers to a different questionnaire, so it cannot be "
                    "used here."
                )
            )
        )
    answers = content.get("answers")
    if not isinstance(answers, dict):
        raise IncomingError(Problem(N_("This file has no answers in it.")))
    incoming = Incoming(
        same_source=source.get("version") == meta.version and content.get("clinic") == clinic_id
    )
    for key, value in answers.items():
        question = questionnaire.questions.get(key) if isinstance(key, str) else None
        if question is None:
            incoming.misfits.append((str(key)[:40], None))
            continue
        checked = question.coerce(value)
        if isinstance(checked, Problem):
            incoming.misfits.append((key, checked))
        elif checked not in ("", []):  # an empty answer is no answer
            incoming.answers[key] = checked
    done = content.get("done")
    if isinstance(done, list):
        incoming.done = [s for s in questionnaire.step_by_id if s in done]
    return incoming


def unknown_question(key: str) -> Problem:
    return Problem(N_("a question this questionnaire does not ask (“%(id)s”)"), {"id": key})


def state_of(questionnaire: Questionnaire, incoming: Incoming) -> State:
    """Checked answers as the web pages keep them (each in the spelling its page posts)."""
    state = State()
    for step in questionnaire.steps:
        for question in step.questions:
            if question.id in incoming.answers:
                raw = question.stored(incoming.answers[question.id])
                state.steps.setdefault(step.id, {})[question.id] = raw
    if incoming.done is None:  # steps with answers count as finished
        state.done = [s.id for s in questionnaire.steps if s.id in state.steps]
    else:
        state.done = list(incoming.done)
    for step_id in state.done:  # a finished step may have had nothing to answer
        state.steps.setdefault(step_id, {})
    return state


@dataclass
class Restored:
    """A saved file read back for the pages: the answers to continue with, and what had to be
    left out (a file from another version or place)."""

    state: State
    dropped: list[Problem]
    count: int


def read(data: bytes, questionnaire: Questionnaire, clinic_id: str | None = None) -> Restored:
    """An uploaded file (answers file or FHIR response) → answers for the pages."""
    return restore(as_content(parse(data), questionnaire, clinic_id), questionnaire, clinic_id)


def restore(content: Any, questionnaire: Questionnaire, clinic_id: str | None = None) -> Restored:
    """A file's content → answers for the pages. A file saved for this very questionnaire
    (same version, same place) must fit exactly; one from another version, or from a
    clinic's pages brought to the plain site (or the other way round), keeps what fits and
    lists the rest."""
    if not isinstance(content, dict):
        raise IncomingError(Problem(NOT_A_FILE))
    arrived = check(content, questionnaire, clinic_id)
    dropped = [
        unknown_question(key) if problem is None else problem for key, problem in arrived.misfits
    ]
    if dropped and arrived.same_source:
        raise IncomingError(
            Problem(N_("This file cannot be used: %(problem)s."), {"problem": dropped[0]})
        )
    return Restored(state_of(questionnaire, arrived), dropped, len(arrived.answers))
