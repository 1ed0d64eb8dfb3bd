"""selfcheck: a questionnaire that turns answers into questions to ask a clinician."""

from __future__ import annotations

from typing import Any

from flask import Flask

from . import (
    api,
    chunked,
    config,
    delivery,
    engine,
    errors,
    frame_posts,
    headers,
    keep,
    language,
    large_print,
    limits,
    pages,
    place,
    resume,
    session_json,
    steps,
)
from .config import ROOT
from .questionnaire import QuestionnaireError

__all__ = ["create_app", "QuestionnaireError", "ROOT"]


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app; a broken questionnaire stops start-up with every error listed."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    config.init_app(app, test_config)
    session_json.init_app(app)
    chunked.init_app(app)
    engine.init_app(app)
    language.init_app(app)
    headers.init_app(app)
    delivery.init_app(app)
    limits.init_app(app)
    errors.init_app(app)
    place.init_app(app, [pages.register, steps.register, resume.register, keep.register])
    large_print.init_app(app)
    api.init_app(app)
    frame_posts.init_app(app)
    if app.config["PDF_WARM_UP"]:
        engine.warm_templates(app)
    return app
