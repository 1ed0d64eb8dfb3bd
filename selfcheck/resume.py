"""Stop and come back later without an account: "Save my answers" downloads the answers so
far as a small file, and "Continue from a saved file" on the start page reads it back.

The file goes from the person's browser to this request and back into their own browser
(the session cookie, or the frame's hidden field); nothing of it is kept on the server.
"""

from __future__ import annotations

import json
from datetime import date

from flask import Blueprint, Response, current_app, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge

from . import answers_file, fhir, incoming
from .language import translations
from .outcome import decide
from .place import (
    csrf_ok,
    csrf_token,
    current,
    flow,
    go,
    reading,
    refuse_post_outside_frame,
    store,
)
from .state import State
from .storage import StateTooLarge

FILE_FIELD = "answers_file"
UPLOAD_LIMIT = 3 * answers_file.MAX_BYTES  # the file, the frame's state field and the form


def register(pages: Blueprint) -> None:
    pages.add_url_rule("/answers.json", view_func=save_answers, methods=["GET", "POST"])
    pages.add_url_rule("/resume", view_func=resume, methods=["POST"])
    pages.add_url_rule("/answers.fhir.json", view_func=fhir_answers, methods=["GET", "POST"])


def answers_download(state: State) -> Response:
    """The answers so far as a file to keep."""
    content = answers_file.to_file(flow().questionnaire, state, current().clinic_id)
    return Response(
        json.dumps(content, ensure_ascii=False, indent=2) + "\n",
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="my-answers-{date.today()}.json"'},
    )


def save_answers():
    refuse_post_outside_frame()
    return answers_download(store().load())


def resume():
    """Read a saved file back and carry on at the first step still to answer."""
    request.max_content_length = UPLOAD_LIMIT
    questionnaire = flow().questionnaire
    try:
        upload = request.files.get(FILE_FIELD)
    except RequestEntityTooLarge:
        return refused(_("This file is too large to be a saved answers file (over 64 KB)."))
    if not csrf_ok():
        return refused(
            _("This page was open for a long time or in another tab. Please choose the file again.")
        )
    if upload is None or not upload.filename:
        return refused(_("Choose the file you saved with “Save my answers”."))
    gettext = translations().ugettext
    try:
        restored = incoming.read(
            upload.stream.read(answers_file.MAX_BYTES + 1), questionnaire, current().clinic_id
        )
    except incoming.IncomingError as error:
        return refused(error.problem.read(gettext))
    state = restored.state
    try:
        store().save(state)
    except StateTooLarge:
        return refused(_("The answers in this file are too long to keep in your browser."))
    progress = flow().wizard.progress(state, reading())
    outcome = decide(questionnaire, progress, current_app.config["MAX_PROMPTS"], with_list=False)
    if outcome.stop:
        return go(".results")
    if restored.dropped:
        dropped = [problem.read(gettext) for problem in restored.dropped]
        return render_template(
            "resumed.html", count=restored.count, dropped=dropped, target=outcome.next_step
        )
    return go(".step", step_id=outcome.next_step.id) if outcome.next_step else go(".check")


def refused(message: str):
    """The start page again, with the reason next to the file field."""
    try:
        has_answers = bool(store().load().steps)
    except Exception:  # noqa: BLE001 - the page is only choosing "Start now" or "Continue"
        has_answers = False
    return (
        render_template(
            "start.html",
            first=flow().questionnaire.steps[0],
            has_answers=has_answers,
            cleared=False,
            resume_error=message,
            csrf=csrf_token(),
        ),
        400,
    )


def fhir_answers():
    """The finished answers as a FHIR QuestionnaireResponse, for a health record."""
    refuse_post_outside_frame()
    current_flow = flow()
    progress = current_flow.wizard.progress(store().load(), reading())
    resource = fhir.response_to_fhir(
        current_flow.questionnaire,
        dict(progress.answers),
        fhir.canonical(
            request.url_root,
            fhir.resource_id(current_flow.questionnaire.meta.id, current().clinic_id),
        ),
        complete=progress.first_incomplete is None,
    )
    return Response(
        json.dumps(resource, ensure_ascii=False, indent=2) + "\n",
        mimetype=fhir.MEDIA_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="my-answers-fhir-{date.today()}.json"'
        },
    )
