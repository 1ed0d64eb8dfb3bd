"""The pieces built once at start-up and shared, read-only, by every request."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app
from markupsafe import Markup

from .clinics import ClinicProfile, load_clinics, served
from .config import ROOT
from .pdf import PdfRenderer
from .pdf_pool import PdfPool
from .questionnaire import Questionnaire, load
from .wizard import Wizard
from .yamlfile import DefinitionError


@dataclass(frozen=True)
class Flow:
    """A questionnaire (the main one, or one with a clinic's additions) in one language,
    with its wizard."""

    questionnaire: Questionnaire
    wizard: Wizard
    # a step's fields before anyone answers them, rendered on first use:
    # (step, shown, what reveals them) -> HTML
    blank_fields: dict[tuple[str, tuple[str, ...], str], Markup] = field(
        default_factory=dict, compare=False, repr=False
    )
    # pages with nothing of anyone's own in them, with holes for each request's values
    # (kept_pages.py)
    kept_pages: dict[tuple, tuple[str, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def build(cls, questionnaire: Questionnaire) -> Flow:
        return cls(questionnaire, Wizard(questionnaire))


@dataclass(frozen=True)
class Engine:
    """Every flow (the questionnaire and each clinic's, in each language), the clinics, and
    the PDF renderer (in rendering processes of its own under gunicorn)."""

    main: Flow  # the questionnaire in its first language
    pdf: PdfPool
    clinics: dict[str, ClinicProfile] = field(default_factory=dict)
    # (clinic id or None, language) -> flow
    flows: dict[tuple[str | None, str], Flow] = field(default_factory=dict)

    @property
    def questionnaire(self) -> Questionnaire:
        return self.main.questionnaire

    @property
    def languages(self) -> list[str]:
        return list(self.main.questionnaire.meta.languages)

    def flow(self, clinic_id: str | None, lang: str | None = None) -> Flow:
        return self.flows.get((clinic_id, lang or self.languages[0]), self.main)


def init_app(app: Flask) -> None:
    """Load and check the questionnaire and the clinic profiles (refusing to start on any
    error), build every flow, and the PDF renderer."""
    definition = load(app.config["QUESTIONNAIRE"])
    static = Path(app.static_folder or "static")
    elsewhere: list[DefinitionError] = []
    clinics = load_clinics(
        app.config["CLINICS"],
        static,
        definition.raw,
        str(app.config["QUESTIONNAIRE"]),
        ROOT,
        elsewhere,
    )
    for other in elsewhere:  # a clinic of another questionnaire: not served
        app.logger.warning("%s", other)
    shown = served(clinics, app.config["DEMO_CLINIC"] or app.config["ENV"] != "production")
    for ident in clinics.keys() - shown.keys():
        app.logger.info("clinic %r is a demo: not served (SELFCHECK_DEMO_CLINIC=true)", ident)
    clinics = shown
    flows: dict[tuple[str | None, str], Flow] = {
        (None, lang): Flow.build(q) for lang, q in definition.by_language.items()
    }
    for ident, profile in clinics.items():
        for lang, questionnaire in profile.questionnaires.items():
            same = questionnaire == definition.by_language[lang]  # no additions: share the flow
            flows[(ident, lang)] = flows[(None, lang)] if same else Flow.build(questionnaire)
    main = flows[(None, next(iter(definition.by_language)))]
    renderer = PdfRenderer(static, app.config["PAPER_SIZE"])
    if app.config["PDF_WARM_UP"]:
        renderer.warm_up()
    config = app.config
    pdf = PdfPool(
        renderer,
        config["PDF_PROCESSES"],
        config["PDF_QUEUE"],
        config["PDF_NICE"],
        config["PDF_RETRY_AFTER"],
    )
    app.extensions["selfcheck"] = Engine(main, pdf, clinics, flows)


def get() -> Engine:
    return current_app.extensions["selfcheck"]


def warm_templates(app: Flask) -> None:
    """Compile every template once at start-up: under gunicorn's preload the workers (and
    their PDF renderers) inherit them compiled, so a new worker's first page and first PDF
    cost what the others do."""
    for name in app.jinja_env.list_templates(extensions=["html"]):
        app.jinja_env.get_template(name)
