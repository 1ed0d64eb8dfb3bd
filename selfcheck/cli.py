"""`flask selfcheck ...` commands for the people who edit questions.yaml.

Registered as a Flask plugin command, so `check` runs even when the app itself would
refuse to start because of the very file being checked.
"""

from __future__ import annotations

import os
import sys

import click

from .questionnaire import QuestionnaireError, load_questionnaire


@click.group("selfcheck")
def selfcheck_cli() -> None:
    """Tools for the selfcheck questionnaire."""


@selfcheck_cli.command("check")
@click.argument("path", required=False)
def check(path: str | None) -> None:
    """Check a questionnaire file (default: SELFCHECK_QUESTIONNAIRE or questions.yaml)."""
    from . import ROOT

    path = path or os.environ.get("SELFCHECK_QUESTIONNAIRE") or str(ROOT / "questions.yaml")
    try:
        questionnaire = load_questionnaire(path)
    except QuestionnaireError as error:
        for problem in error.errors:
            click.echo(str(problem), err=True)
        count = len(error.errors)
        click.echo(f"{count} problem{'s' if count != 1 else ''} found in {path}.", err=True)
        sys.exit(1)
    click.echo(
        f"{path}: OK — {len(questionnaire.steps)} steps, {len(questionnaire.questions)} "
        f"questions, {len(questionnaire.prompts)} clinician questions, version "
        f"{questionnaire.meta.version}."
    )
