"""`flask selfcheck ...` commands: `check` for the people who edit questions.yaml and clinic
files, `report` for batch and clinic use (a saved answers file → the list or its PDF).

Registered as a Flask plugin command, so `check` runs even when the app itself would
refuse to start because of the very files being checked.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NoReturn

import click

from . import document, incoming, yamlfile
from .api_models import Report
from .clinics import load_clinics, merge
from .config import ROOT
from .content_guard import Finding, Guard
from .language import translations, writing_in
from .offline_app import fail, offline_app
from .outcome import answers_at_once
from .question_types import Reading
from .questionnaire import QuestionnaireError, load
from .review_command import review_pack_command


@click.group("selfcheck")
def selfcheck_cli() -> None:
    """Tools for the selfcheck questionnaire."""


selfcheck_cli.add_command(review_pack_command)  # its body: selfcheck/review_command.py


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
    path = path or os.environ.get("SELFCHECK_QUESTIONNAIRE") or str(ROOT / "questions.yaml")
    clinics_path = clinics_path or os.environ.get("SELFCHECK_CLINICS") or str(ROOT / "clinics")
    elsewhere: list = []  # clinics of another questionnaire: not served with this one
    try:
        definition = load(path)
        questionnaire = definition.first
        clinics = load_clinics(
            clinics_path, ROOT / "static", definition.raw, path, Path.cwd(), elsewhere
        )
    except QuestionnaireError as error:
        fail_with([str(problem) for problem in error.errors], {p.file for p in error.errors})
    portable = [yamlfile.strict_reading_problem(path, path)] + [
        yamlfile.strict_reading_problem(profile.file, profile.file) for profile in clinics.values()
    ]
    notes = [*elsewhere, *(found for found in portable if found is not None)]
    for other in notes:
        click.echo(f"{other.file}:{other.line}: warning: {other.message}")
    findings = content_findings(definition, path, clinics)
    for finding in findings:
        click.echo(str(finding), err=not finding.warning)
    errors = [finding for finding in findings if not finding.warning]
    if errors:
        fail_with([], {finding.file for finding in errors}, len(errors))
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
    warnings = len(findings) - len(errors) + len(notes)
    if warnings:
        click.echo(f"{warnings} warning{'s' if warnings != 1 else ''} (see above).")


def content_findings(definition, path: str, clinics: dict) -> list[Finding]:
    """The content rules on the questionnaire and on what each clinic adds (its English copy,
    or its first language)."""
    guard = Guard()
    lang = "en" if "en" in definition.by_language else next(iter(definition.by_language))
    findings = guard.check(definition.by_language[lang], definition.raw, path)
    for profile in clinics.values():
        raw = merge(definition.raw, yamlfile.load(profile.file, profile.file))
        merged = profile.questionnaires.get(lang, profile.questionnaire)
        findings += [f for f in guard.check(merged, raw, path) if f.file == profile.file]
    return findings


def fail_with(lines: list[str], files: set[str], count: int | None = None) -> NoReturn:
    for line in lines:
        click.echo(line, err=True)
    count = len(lines) if count is None else count
    click.echo(
        f"{count} problem{'s' if count != 1 else ''} found in {', '.join(sorted(files))}.", err=True
    )
    sys.exit(1)


STOPPED = 3  # exit status when the answers call for a stop page (urgent help) instead of a list


@selfcheck_cli.command("report")
@click.argument("answers_path", metavar="ANSWERS.json", type=click.Path(dir_okay=False))
@click.option("--pdf", "pdf_path", type=click.Path(dir_okay=False), help="Write the PDF here.")
@click.option("--lang", help="Language of the list (default: the questionnaire's first).")
@click.option("--clinic", "clinic_id", help="A clinic's questionnaire, look and paper size.")
def report_command(
    answers_path: str, pdf_path: str | None, lang: str | None, clinic_id: str | None
) -> None:
    """Print the questions to ask a clinician for a saved answers file (from "Save my
    answers", a FHIR QuestionnaireResponse, or {"answers": {...}}), or write its PDF.

    Exit status: 0 the list, 1 bad input, 3 the answers call for urgent help (its words are
    printed instead of a list)."""
    app, lang = offline_app(lang, clinic_id)
    engine = app.extensions["selfcheck"]
    try:
        data = Path(answers_path).read_bytes()
    except OSError as error:
        fail(f"{answers_path}: cannot read it ({error.strerror}).")
    with app.app_context(), writing_in(lang):
        gettext = translations().ugettext
        try:
            body = incoming.parse(data)
        except incoming.IncomingError as error:
            fail(f"{answers_path}: {error.problem.read(gettext)}")
        if clinic_id is None:  # a file saved at a clinic's pages is read as that clinic's
            clinic_id = incoming.named_clinic(body, engine.questionnaire, engine.clinics)
        flow = engine.flow(clinic_id, lang)
        found = answers_at_once(
            flow.wizard, body, app.config["MAX_PROMPTS"], Reading(lang), clinic_id
        )
        if found.problems:
            for problem in found.problems:
                click.echo(f"{answers_path}: {problem.field}: {problem.read(gettext)}", err=True)
            count = len(found.problems)
            fail(f"{count} problem{'s' if count != 1 else ''}; nothing was made.")
        outcome = found.outcome
        assert outcome is not None
        profile = engine.clinics.get(clinic_id) if clinic_id else None
        if outcome.stop is not None:
            click.echo(outcome.stop.title)
            for paragraph in outcome.stop.body:
                click.echo(f"\n{paragraph}")
            help_lines = document.urgent_help(outcome.stop, flow.questionnaire, profile, lang)
            for line in help_lines:
                click.echo(f"\n{line}")
            sys.exit(STOPPED)
        assert outcome.questions is not None
        if pdf_path:
            pdf = document.pdf(
                engine.pdf,
                app.jinja_env,
                flow.questionnaire,
                profile,
                outcome.progress,
                outcome.questions,
            )
            Path(pdf_path).write_bytes(pdf)
            click.echo(f"Wrote {pdf_path}.")
            return
        click.echo(as_text(Report.of(flow.questionnaire, outcome).as_json()))


def as_text(body: dict) -> str:
    """The list for a terminal: numbered questions, each with why and where from."""
    lines = [
        f"{notice['title']}: {' '.join(filter(None, (notice.get('said'), notice['text'])))}\n"
        for notice in body["notices"]
    ]
    for number, item in enumerate(body["questions"] + body.get("more", []), 1):
        if number == len(body["questions"]) + 1:
            more = len(body["more"])
            lines.append(f"\n{more} more question{'s' if more != 1 else ''}, if there is time:")
        lines.append(f"{number}. {item['text']}")
        for reason in item["because"]:
            lines.append(f"   - {reason['question']} {reason['answer']}")
        sources = "; ".join(
            f"{s['publisher']}, {s['title']} ({s['year']})" for s in item["sources"]
        )
        lines.append(f"   Sources: {sources}")
    lines.append(f"\n{body['closing']['title']}:")
    lines += [f"- {question}" for question in body["closing"]["questions"]]
    return "\n".join(lines)
