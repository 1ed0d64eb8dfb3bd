"""Where a person's answers lead: urgent help (a stop), a step still to answer, or the list.

Written once, for the pages, the saved-file upload, the API and the command line alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import incoming, rules
from .problem import N_, Problem
from .question_types import CANONICAL, Reading
from .questionnaire import Questionnaire, Step, Stop
from .rules import QuestionList, triggered_stop
from .wizard import Progress, Wizard


@dataclass(frozen=True)
class Outcome:
    """Exactly one of: a stop, the next step to answer, or the person's list."""

    progress: Progress
    stop: Stop | None = None
    next_step: Step | None = None
    questions: QuestionList | None = None


def decide(
    questionnaire: Questionnaire, progress: Progress, limit: int, *, with_list: bool = True
) -> Outcome:
    """A stop first (a red flag wins over anything unfinished), then the first step still to
    answer, then the list (unless the caller only needs to know that it is finished)."""
    stop = triggered_stop(questionnaire, progress.answers)
    if stop is not None:
        return Outcome(progress, stop=stop)
    if progress.first_incomplete is not None:
        return Outcome(progress, next_step=progress.first_incomplete)
    if not with_list:
        return Outcome(progress)
    return Outcome(progress, questions=rules.build_list(questionnaire, progress.answers, limit))


@dataclass(frozen=True)
class FieldProblem:
    field: str  # a question id, or "answers" for the body as a whole
    problem: Problem
    sentence: bool = False  # a fragment ("the answer to … is not a number") to make a sentence

    def read(self, gettext: Any = None) -> str:
        text = self.problem.read(gettext)
        return f"{text[:1].upper()}{text[1:]}." if self.sentence else text


@dataclass(frozen=True)
class AtOnce:
    """Answers given all at once: where they lead, or every problem with them."""

    outcome: Outcome | None = None
    problems: list[FieldProblem] = field(default_factory=list)


def answers_at_once(
    wizard: Wizard,
    body: Any,
    limit: int,
    reading: Reading = CANONICAL,
    clinic_id: str | None = None,
) -> AtOnce:
    """A JSON body (an answers file, `{"answers": …}` or a FHIR QuestionnaireResponse) →
    the same outcome the web flow reaches step by step, checked by the same wizard: a script
    cannot get a list the questionnaire would not give a person."""
    questionnaire = wizard.questionnaire
    try:
        content = incoming.as_content(body, questionnaire, clinic_id, bare=True)
        arrived = incoming.check(content, questionnaire, clinic_id)
    except incoming.IncomingError as error:
        why = error.problem
        if not isinstance(body, dict):
            why = Problem(N_('Send a JSON object with "answers".'))
        return AtOnce(problems=[FieldProblem("answers", why)])
    misfits = [
        FieldProblem(key, Problem(N_("This questionnaire asks no question with this id.")))
        if problem is None
        else FieldProblem(key, problem, sentence=True)
        for key, problem in arrived.misfits
    ]
    if misfits:
        return AtOnce(problems=misfits)
    progress = wizard.progress_of_answers(arrived.answers, reading)
    outcome = decide(questionnaire, progress, limit)
    if outcome.stop is None and progress.problems:
        return AtOnce(problems=[FieldProblem(q, p) for q, p in progress.problems.items()])
    return AtOnce(outcome)
