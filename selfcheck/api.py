"""The JSON API for scripts and clinic systems: the questionnaire, and answers in → the
ordered clinician questions (or the PDF) out, by the same rules as the pages.

Stateless: nothing is read from or written to a cookie, nothing is kept. Every error is
JSON naming the field, with the status that fits (400 unreadable, 413 too large,
415 not JSON, 422 answers that do not fit the questionnaire).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from . import engine, json_input, report
from .language import language
from .limits import pdf_limited
from .openapi import document
from .views import pdf_of as render_pdf
from .views import report_context

api = Blueprint("api", __name__, url_prefix="/api/v1")


def init_app(app: Flask) -> None:
    app.register_blueprint(api)


def problem(status: int, errors: list[dict[str, str]]) -> Response:
    response = jsonify({"errors": errors})
    response.status_code = status
    return response


MESSAGES = {413: "The body is larger than 64 KB."}


@api.errorhandler(HTTPException)
def http_error(error: HTTPException):
    code = error.code or 500
    return problem(code, [{"field": "request", "message": MESSAGES.get(code, error.description)}])


@api.get("/openapi.json")
def openapi():
    return jsonify(document(engine.get().languages))


@api.get("/questionnaire")
def questionnaire():
    return jsonify(report.questionnaire_json(flow().questionnaire))


def flow():
    return engine.get().flow(None, language())


def outcome_or_problem() -> tuple[report.Outcome | None, Response | None]:
    """Read the posted answers and work out the outcome, or the error response."""
    if not request.is_json:
        return None, problem(
            415, [{"field": "request", "message": "Send the answers as application/json."}]
        )
    try:
        body: Any = json_input.loads(request.get_data(cache=False) or b"null")
    except (ValueError, RecursionError):
        return None, problem(400, [{"field": "request", "message": "The body is not valid JSON."}])
    outcome = report.evaluate(flow(), body, current_app.config["MAX_PROMPTS"])
    if outcome.errors:
        return None, problem(
            422, [{"field": e.field, "message": e.message} for e in outcome.errors]
        )
    return outcome, None


@api.post("/report")
def report_json():
    outcome, error = outcome_or_problem()
    if error is not None:
        return error
    assert outcome is not None
    return jsonify(report.as_json(flow().questionnaire, outcome))


@api.post("/report.pdf")
@pdf_limited
def report_pdf():
    outcome, error = outcome_or_problem()
    if error is not None:
        return error
    assert outcome is not None
    if outcome.stop is not None:  # urgent help is a page to read now, not a list to print
        return problem(
            422,
            [
                {
                    "field": "answers",
                    "message": f"{outcome.stop.title} {' '.join(outcome.stop.body)}",
                }
            ],
        )
    return Response(pdf_of(outcome), mimetype="application/pdf")


def pdf_of(outcome: report.Outcome) -> bytes:
    """The same PDF the results page offers, for answers given all at once."""
    assert outcome.progress is not None and outcome.report is not None
    return render_pdf(report_context(outcome.progress, outcome.report))
