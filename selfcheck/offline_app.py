"""The app as the commands that serve no one use it (`selfcheck report`, `review-pack`): the
operator's SELFCHECK_* settings, no key (nothing is signed), and the language and clinic a
command was asked for, checked once — or a one-line message and exit status 1."""

from __future__ import annotations

import sys
from typing import NoReturn

import click
from flask import Flask

from . import create_app
from .config import ConfigError, offline
from .questionnaire import QuestionnaireError


def offline_app(lang: str | None, clinic_id: str | None) -> tuple[Flask, str]:
    """The app and the language to write in (the questionnaire's first unless asked)."""
    try:
        app = create_app(offline())
    except (ConfigError, QuestionnaireError) as error:
        fail(f"selfcheck cannot start: {error}")
    engine = app.extensions["selfcheck"]
    lang = lang or engine.languages[0]
    if lang not in engine.languages:
        fail(f"--lang {lang}: use one of {', '.join(engine.languages)}.")
    if clinic_id is not None and clinic_id not in engine.clinics:
        known = ", ".join(engine.clinics) or "none are set up"
        fail(f"--clinic {clinic_id}: no such clinic ({known}).")
    return app, lang


def fail(message: str) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(1)
