"""Stop and come back later without an account: "Save my answers" downloads the answers so
far as a small file, and "Continue from a saved file" on the start page reads it back.

The file goes from the person's browser to this request and back into their own browser
(the session cookie, or the frame's hidden field); nothing of it is kept on the server.
"""

from __future__ import annotations

import json
from datetime import date

from flask import Response, current_app, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError, validate_csrf
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms.validators import ValidationError

from . import answers_file, rules
from .forms import upload_token
from .storage import StateTooLarge
from .views import bp, clinic, embedded, flow, go, links_only_elsewhere, store
from .wizard import State

FILE_FIELD = "answers_file"
UPLOAD_LIMIT = 3 * answers_file.MAX_BYTES  # the file, the frame's state field and the form


def answers_download(state: State) -> Response:
    """The answers so far as a file to keep."""
    profile = clinic()
    content = answers_file.to_file(
        flow().questionnaire, state, profile.clinic.id if profile else None
    )
    return Response(
        json.dumps(content, ensure_ascii=False, indent=2) + "\n",
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="my-answers-{date.today()}.json"'},
    )


@bp.route("/answers.json", methods=["GET", "POST"])
def save_answers():
    links_only_elsewhere()
    return answers_download(store().load())


@bp.post("/resume")
def resume():
    """Read a saved file back and carry on at the first step still to answer."""
    request.max_content_length = UPLOAD_LIMIT
    current = flow()
    try:
        upload = request.files.get(FILE_FIELD)
        token = request.form.get("csrf_token")
    except RequestEntityTooLarge:
        return refused(_("This file is too large to be a saved answers file (over 64 KB)."))
    if not embedded() and current_app.config.get("WTF_CSRF_ENABLED", True):
        try:
            validate_csrf(token)
        except (ValidationError, CSRFError):
            return refused(
                _(
                    "This page was open for a long time or in another tab. "
                    "Please choose the file again."
                )
            )
    if upload is None or not upload.filename:
        return refused(_("Choose the file you saved with “Save my answers”."))
    try:
        profile = clinic()
        restored = answers_file.read(
            upload.stream.read(answers_file.MAX_BYTES + 1),
            current.questionnaire,
            profile.clinic.id if profile else None,
        )
        store().save(restored.state)
    except answers_file.AnswersFileError as error:
        return refused(str(error))
    except StateTooLarge:
        return refused(_("The answers in this file are too long to keep in your browser."))
    progress = current.wizard.progress(restored.state)
    if rules.triggered_stop(current.questionnaire, progress.answers):
        return go(".results")
    target = progress.first_incomplete
    if restored.dropped:
        return render_template("resumed.html", restored=restored, target=target)
    return go(".step", step_id=target.id) if target else go(".check")


def refused(message: str):
    """The start page again, with the reason next to the file field."""
    questionnaire = flow().questionnaire
    try:
        has_answers = bool(store().load().steps)
    except Exception:  # noqa: BLE001 - the page is only choosing "Start now" or "Continue"
        has_answers = False
    return (
        render_template(
            "start.html",
            first=questionnaire.steps[0],
            has_answers=has_answers,
            cleared=False,
            resume_error=message,
            csrf=None if embedded() else upload_token(),
        ),
        400,
    )


@bp.route("/answers.fhir.json", methods=["GET", "POST"])
def fhir_answers():
    """The finished answers as a FHIR QuestionnaireResponse, for a health record."""
    from .fhir import MEDIA_TYPE, canonical, response_to_fhir

    links_only_elsewhere()
    current = flow()
    progress = current.wizard.progress(store().load())
    resource = response_to_fhir(
        current.questionnaire,
        dict(progress.answers),
        canonical(current.questionnaire.meta.id),
        complete=progress.first_incomplete is None,
    )
    return Response(
        json.dumps(resource, ensure_ascii=False, indent=2) + "\n",
        mimetype=MEDIA_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="my-answers-fhir-{date.today()}.json"'
        },
    )
