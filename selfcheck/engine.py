"""The pieces built once at start-up and shared, read-only, by every request."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app

from .forms import StepForm, build_forms
from .pdf import PdfRenderer
from .questionnaire import Questionnaire, load_questionnaire
from .wizard import Wizard


@dataclass(frozen=True)
class Engine:
    questionnaire: Questionnaire
    forms: dict[str, type[StepForm]]
    wizard: Wizard
    pdf: PdfRenderer


def init_app(app: Flask) -> None:
    """Load and check the questionnaire (refusing to start on errors), build forms and PDF."""
    questionnaire = load_questionnaire(app.config["QUESTIONNAIRE"])  # raises with every error
    forms = build_forms(questionnaire)
    pdf = PdfRenderer(Path(app.static_folder or "static"), app.config["PAPER_SIZE"])
    if app.config["PDF_WARM_UP"]:
        pdf.warm_up()
    app.extensions["selfcheck"] = Engine(questionnaire, forms, Wizard(questionnaire, forms), pdf)


def get() -> Engine:
    return current_app.extensions["selfcheck"]
