"""The machine-readable side: the JSON API for scripts and clinic systems (the questionnaire,
and answers in → the ordered clinician questions or the PDF out, by the same rules as the
pages) and the FHIR Questionnaire resource.

Stateless: nothing is read from or written to a cookie, nothing is kept. Every API error is
JSON naming the field, with the status that fits (400 unreadable, 413 too large,
415 not JSON, 422 answers that do not fit the questionnaire).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, Response, abort, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from . import document, engine, fhir, incoming
from .api_models import QuestionnaireOut, Report
from .api_models import document as openapi_document
from .clinics import ClinicProfile
from .engine import Flow
from .language import language, translations
from .limits import pdf_limited
from .outcome import AtOnce, answers_at_once
from .question_types import Reading

MESSAGES = {413: "The body is larger than 64 KB."}


def init_app(app: Flask) -> None:
    api = Blueprint("api", __name__, url_prefix="/api/v1")
    api.add_url_rule("/openapi.json", view_func=openapi)
    api.add_url_rule("/questionnaire", view_func=questionnaire)
    api.add_url_rule("/report", view_func=report_json, methods=["POST"])
    api.add_url_rule("/report.pdf", view_func=pdf_limited(report_pdf), methods=["POST"])
    api.register_error_handler(HTTPException, http_error)
    fhir_pages = Blueprint("fhir", __name__, url_prefix="/fhir")
    fhir_pages.add_url_rule("/Questionnaire/<ident>", view_func=questionnaire_resource)
    app.register_blueprint(api)
    app.register_blueprint(fhir_pages)


def problem(status: int, errors: list[dict[str, str]]) -> Response:
    response = jsonify({"errors": errors})
    response.status_code = status
    return response


def http_error(error: HTTPException):
    code = error.code or 500
    return problem(code, [{"field": "request", "message": MESSAGES.get(code, error.description)}])


def clinic() -> ClinicProfile | None:
    """The clinic asked for with `?clinic=` (its questions and numbers); 404 if unknown."""
    ident = request.args.get("clinic")
    if ident is None:
        return None
    return engine.get().clinics.get(ident) or abort(404, "There is no clinic with this id.")


def flow() -> Flow:
    profile = clinic()
    return engine.get().flow(profile.clinic.id if profile else None, language())


def openapi():
    setup = engine.get()
    return jsonify(openapi_document(setup.languages, sorted(setup.clinics)))


def questionnaire():
    return jsonify(QuestionnaireOut.of(flow().questionnaire, clinic()).model_dump(mode="json"))


def answers_posted() -> tuple[AtOnce | None, Response | None]:
    """Read the posted answers and work out where they lead, or the error response."""
    if not request.is_json and request.mimetype != fhir.MEDIA_TYPE:
        return None, problem(
            415, [{"field": "request", "message": "Send the answers as application/json."}]
        )
    try:
        body: Any = incoming.parse(request.get_data(cache=False) or b"null")
    except incoming.IncomingError:
        return None, problem(400, [{"field": "request", "message": "The body is not valid JSON."}])
    profile = clinic()
    found = answers_at_once(
        flow().wizard,
        body,
        current_app.config["MAX_PROMPTS"],
        Reading(language()),
        profile.clinic.id if profile else None,
    )
    if found.problems:
        gettext = translations().ugettext
        errors = [{"field": p.field, "message": p.read(gettext)} for p in found.problems]
        return None, problem(422, errors)
    return found, None


def report_json():
    found, error = answers_posted()
    if error is not None:
        return error
    assert found is not None and found.outcome is not None
    questionnaire, outcome = flow().questionnaire, found.outcome
    lines = (
        document.urgent_help(outcome.stop, questionnaire, clinic(), language())
        if outcome.stop
        else []
    )
    return jsonify(Report.of(questionnaire, outcome, lines).as_json())


def report_pdf():
    found, error = answers_posted()
    if error is not None:
        return error
    assert found is not None and found.outcome is not None
    outcome = found.outcome
    if outcome.stop is not None:  # urgent help is a page to read now, not a list to print
        lines = document.urgent_help(outcome.stop, flow().questionnaire, clinic(), language())
        message = " ".join([outcome.stop.title, *outcome.stop.body, *lines])
        return problem(422, [{"field": "answers", "message": message}])
    assert outcome.questions is not None
    setup = engine.get()
    setup.pdf.check_room()  # busy: say so before making the PDF's HTML
    pdf = document.pdf(
        setup.pdf,
        current_app.jinja_env,
        flow().questionnaire,
        clinic(),
        outcome.progress,
        outcome.questions,
    )
    return Response(pdf, mimetype="application/pdf")


def questionnaire_resource(ident: str):
    """The questionnaire (or a clinic's, with its questions) as a FHIR R4 Questionnaire, every
    language in its translations."""
    setup = engine.get()
    main = setup.questionnaire.meta.id
    owners = {fhir.resource_id(main, c): c for c in setup.clinics} | {main: None}
    if ident not in owners:
        abort(404)
    clinic_id = owners[ident]
    others = {lang: setup.flow(clinic_id, lang).questionnaire for lang in setup.languages}
    url = fhir.canonical(request.url_root, ident)
    first = setup.flow(clinic_id, setup.languages[0]).questionnaire
    response = jsonify(fhir.questionnaire_to_fhir(first, others, url, clinic_id))
    response.mimetype = fhir.MEDIA_TYPE
    return response
