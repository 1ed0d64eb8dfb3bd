"""Worked examples for the review pack: a saved answers file read exactly as the command
line's `report` reads it, and what that person gets (their answers, then the urgent-help page
or their notices and list). Rules alone do not show a signer a list a person receives.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from flask import Flask

from . import document, incoming
from .language import translations, writing_in
from .outcome import Outcome, answers_at_once
from .question_types import Reading


@dataclass(frozen=True)
class Example:
    """A worked example: a saved answers file, and what that person gets."""

    name: str
    outcome: Outcome
    groups: list[document.AnswerGroup]
    help_lines: list[str]


class ExampleError(ValueError):
    """A worked example's file cannot be read or does not fit the questionnaire."""


def examples_of(
    app: Flask, paths: Sequence[Path], clinic_id: str | None, lang: str
) -> list[Example]:
    """Each file's example, in the order given; a folder gives its .json files by name."""
    files: list[Path] = []
    for path in map(Path, paths):
        files += sorted(path.glob("*.json")) if path.is_dir() else [path]
    with writing_in(lang):  # the answers, problems and help lines in the pack's language
        return [read_example(app, path, clinic_id, lang) for path in files]


def read_example(app: Flask, path: Path, clinic_id: str | None, lang: str) -> Example:
    """A saved answers file (or FHIR QuestionnaireResponse) → what that person gets, read
    exactly as the command line's `report` reads it."""
    engine = app.extensions["selfcheck"]
    flow = engine.flow(clinic_id, lang)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ExampleError(f"--example {path}: cannot read it ({error.strerror}).") from None
    gettext = translations().ugettext
    try:
        body = incoming.parse(data)
    except incoming.IncomingError as error:
        raise ExampleError(f"--example {path}: {error.problem.read(gettext)}") from None
    found = answers_at_once(flow.wizard, body, app.config["MAX_PROMPTS"], Reading(lang), clinic_id)
    if found.problems:
        problems = "; ".join(f"{p.field}: {p.read(gettext)}" for p in found.problems)
        raise ExampleError(f"--example {path}: {problems}")
    outcome = found.outcome
    assert outcome is not None
    profile = engine.clinics[clinic_id] if clinic_id else None
    help_lines = []
    if outcome.stop is not None:
        help_lines = document.urgent_help(outcome.stop, flow.questionnaire, profile, lang)
    return Example(
        name=path.stem.replace("-", " ").replace("_", " "),
        outcome=outcome,
        groups=document.answer_rows(flow.questionnaire, outcome.progress),
        help_lines=help_lines,
    )
