"""Answers given all at once (the JSON API, the command line) → the same outcome the web
flow reaches step by step: an urgent-help stop, the person's list, or the fields to fix.

Every step is checked by the same wizard and forms as the pages, so a script cannot get a
list the questionnaire would not give a person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import MultiDict

from . import answers_file, conditions, rules
from .engine import Flow
from .questionnaire import Questionnaire, Stop
from .wizard import Progress


@dataclass(frozen=True)
class FieldError:
    field: str  # a question id, or "answers" for the body as a whole
    message: str


@dataclass
class Outcome:
    progress: Progress | None = None
    stop: Stop | None = None
    report: rules.Report | None = None
    errors: list[FieldError] = field(default_factory=list)


def evaluate(flow: Flow, content: Any, limit: int) -> Outcome:
    """Check answers (an answers file's content, or `{"answers": {...}}`) and build the list."""
    questionnaire = flow.questionnaire
    if isinstance(content, dict) and "format" not in content:
        meta = questionnaire.meta
        content = {
            "format": answers_file.FORMAT,
            "questionnaire": {"id": meta.id, "version": meta.version},
            **content,
        }
    if not isinstance(content, dict):
        return Outcome(errors=[FieldError("answers", 'Send a JSON object with "answers".')])
    answers = content.get("answers")
    if isinstance(answers, dict):
        wrong = [
            FieldError(str(key), problem)
            for key, value in answers.items()
            if (problem := _problem(questionnaire, key, value))
        ]
        if wrong:
            return Outcome(errors=wrong)
    every_step = [step.id for step in questionnaire.steps]  # all given at once: all sent
    try:
        restored = answers_file.restore({**content, "done": every_step}, questionnaire)
    except answers_file.AnswersFileError as error:
        return Outcome(errors=[FieldError("answers", str(error))])
    state = restored.state
    progress = flow.wizard.progress(state)
    stop = rules.triggered_stop(questionnaire, progress.answers)
    if stop:
        return Outcome(progress, stop=stop)
    errors = [
        FieldError(question_id, messages[0])
        for step in progress.steps
        if step.id not in progress.complete
        for question_id, messages in _step_errors(flow, step, state, progress).items()
    ]
    if errors:
        return Outcome(progress, errors=errors)
    return Outcome(progress, report=rules.build_report(questionnaire, progress.answers, limit))


def _problem(questionnaire: Questionnaire, key: Any, value: Any) -> str | None:
    question = questionnaire.questions.get(key) if isinstance(key, str) else None
    if question is None:
        return "This questionnaire asks no question with this id."
    problem = answers_file.fits(question, value)
    return f"{problem[:1].upper()}{problem[1:]}." if problem else None


def _step_errors(flow: Flow, step, state, progress: Progress) -> dict[str, list[str]]:
    earlier = {
        key: value
        for key, value in progress.answers.items()
        if key not in {q.id for q in step.questions}
    }
    raw = state.steps.get(step.id, {})
    formdata = MultiDict([(key, value) for key, values in raw.items() for value in values])
    checked = flow.wizard.check(step, formdata, earlier)
    return {q.id: checked.form[q.id].errors for q in checked.shown if checked.form[q.id].errors}


def as_json(questionnaire: Questionnaire, outcome: Outcome) -> dict[str, Any]:
    """The outcome as the API returns it."""
    meta = questionnaire.meta
    body: dict[str, Any] = {
        "questionnaire": {"id": meta.id, "version": meta.version},
        "language": meta.language,
    }
    if outcome.stop is not None:
        stop = outcome.stop
        body["stop"] = {"id": stop.id, "kind": stop.kind, "title": stop.title, "text": stop.body}
        body["questions"] = []
        return body
    report = outcome.report
    assert report is not None
    body["stop"] = None
    body["questions"] = [item_json(item) for item in report.items]
    body["more"] = [item_json(item) for item in report.more]
    body["left_out"] = report.left_out
    body["notices"] = [{"id": n.id, "title": n.title, "text": n.text} for n in report.notices]
    body["closing"] = {"title": report.closing.title, "questions": list(report.closing.questions)}
    return body


def item_json(item: rules.Item) -> dict[str, Any]:
    return {
        "id": item.id,
        "text": item.text,
        "topic": item.topic,
        "because": [{"question": r.question, "answer": r.answer} for r in item.reasons],
        "detail": item.detail,
        "sources": [source.model_dump(exclude_none=True) for source in item.sources],
        "reviewed": item.reviewed.isoformat(),
    }


def questionnaire_json(questionnaire: Questionnaire) -> dict[str, Any]:
    """The questionnaire as the API describes it: what to send to /report."""
    meta = questionnaire.meta
    return {
        "id": meta.id,
        "version": meta.version,
        "title": meta.title,
        "language": meta.language,
        "languages": list(meta.languages),
        "steps": [
            {
                "id": step.id,
                "title": step.title,
                "show_if": conditions.as_dict(step.show_if) if step.show_if else None,
                "questions": [
                    {
                        **question.model_dump(exclude_none=True, exclude={"show_if"}),
                        "show_if": conditions.as_dict(question.show_if)
                        if question.show_if
                        else None,
                    }
                    for question in step.questions
                ],
            }
            for step in questionnaire.steps
        ],
    }
