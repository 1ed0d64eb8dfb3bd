"""`flask selfcheck ...` commands for the people who edit questions.yaml and clinic files.

Registered as a Flask plugin command, so `check` runs even when the app itself would
refuse to start because of the very files being checked.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .clinics import load_clinics
from .questionnaire import QuestionnaireError, read_questionnaire


@click.group("selfcheck")
def selfcheck_cli() -> None:
    """Tools for the selfcheck questionnaire."""


@selfcheck_cli.command("check")
@click.argument("path", required=False)
@click.option(
    "--clinics",
    "clinics_path",
    help="Clinic profiles: a file or folder (default: SELFCHECK_CLINICS or clinics/).",
)
def check(path: str | None, clinics_path: str | None) -> None:
    """Check a questionnaire file (default: SELFCHECK_QUESTIONNAIRE or questions.yaml) and
    the clinic profiles, listing every problem with its file and line."""
    from . import ROOT

    path = path or os.environ.get("SELFCHECK_QUESTIONNAIRE") or str(ROOT / "questions.yaml")
    clinics_path = clinics_path or os.environ.get("SELFCHECK_CLINICS") or str(ROOT / "clinics")
    try:
        root, questionnaire = read_questionnaire(path)
        clinics = load_clinics(clinics_path, ROOT / "static", root, path, Path.cwd())
    except QuestionnaireError as error:
        for problem in error.errors:
            click.echo(str(problem), err=True)
        count = len(error.errors)
        files = sorted({problem.file for problem in error.errors})
        click.echo(
            f"{count} problem{'s' if count != 1 else ''} found in {', '.join(files)}.", err=True
        )
        sys.exit(1)
    click.echo(
        f"{path}: OK — {len(questionnaire.steps)} steps, {len(questionnaire.questions)} "
        f"questions, {len(questionnaire.prompts)} clinician questions, version "
        f"{questionnaire.meta.version}."
    )
    for ident, profile in clinics.items():
        added = len(profile.questionnaire.questions) - len(questionnaire.questions)
        prompts = len(profile.questionnaire.prompts) - len(questionnaire.prompts)
        click.echo(
            f"{profile.file}: OK — clinic '{ident}' ({profile.clinic.name}), "
            f"{added} added question{'s' if added != 1 else ''}, "
            f"{prompts} added clinician question{'s' if prompts != 1 else ''}."
        )
