"""Friendly error pages in the app's own layout, with no internals shown."""

from __future__ import annotations

from flask import Flask, Response, abort, jsonify, make_response, render_template, request
from flask_babel import lazy_gettext as _
from flask_babel import ngettext
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError

from . import api_errors, pages
from .keep import duration
from .pdf_pool import PdfBusy
from .place import csrf_token, place_of_unknown_page
from .state import StateError
from .storage import AnswersExpired

FORM = "application/x-www-form-urlencoded"
MESSAGES = {
    400: (_("Something went wrong with that request"), _("Please go back and try again.")),
    403: (
        _("That came from another website"),
        _(
            "For your safety, these pages only take answers sent from their own pages. "
            "Please start again from your clinic's website."
        ),
    ),
    404: (_("Page not found"), _("Check the address, or start from the beginning.")),
    405: (_("That did not work"), _("Please go back and use the buttons on the page.")),
    413: (_("That was too much to send"), _("Please shorten your answers and try again.")),
    429: (_("Too many requests"), _("Please wait a minute and try again.")),
    500: (_("Sorry, something went wrong on our side"), _("Please try again in a few minutes.")),
}


def init_app(app: Flask) -> None:
    @app.before_request
    def refuse_undecodable_forms() -> None:
        """Browsers percent-encode what they send. Raw bytes that are not UTF-8 would make
        the form parser drop the whole form without a word, and the page's answers with it:
        refuse such a post instead, so nothing already kept is overwritten."""
        if request.method == "POST" and request.mimetype == FORM:
            try:
                request.get_data(cache=True).decode()
            except UnicodeDecodeError:
                abort(400)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if api_errors.wanted():
            return api_errors.response(error)
        code = error.code or 500
        place_of_unknown_page()
        title, text = MESSAGES.get(code, MESSAGES[400 if code < 500 else 500])
        return render_template("error.html", title=title, text=text), code

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):
        if api_errors.wanted():
            return api_errors.response(error)
        title, text = MESSAGES[500]
        return render_template("error.html", title=title, text=text), 500

    @app.errorhandler(SecurityError)
    def untrusted_host(error: SecurityError):
        # no page can be built for a host we do not serve (its links would point there)
        if api_errors.wanted():
            return api_errors.response(error, "This address is not served here.")
        return Response("This address is not served here.\n", 400, mimetype="text/plain")

    @app.errorhandler(PdfBusy)
    def pdf_busy(error: PdfBusy):
        """Every PDF renderer is busy: say when to try again (Retry-After), and on a page
        keep the list on screen, where printing from the browser always works."""
        if api_errors.wanted():
            message = ngettext(
                "Many PDFs are being made right now. Please try again in %(num)d second.",
                "Many PDFs are being made right now. Please try again in %(num)d seconds.",
                error.retry_after,
            )
            response = jsonify({"errors": [{"field": "request", "message": message}]})
            response.status_code = 503
        else:
            response = make_response(pages.results(pdf_busy=True), 503)
        response.headers["Retry-After"] = str(error.retry_after)
        return response

    @app.errorhandler(StateError)
    def state_error(error: StateError):
        # an event without content: the reason is one of our own fixed sentences
        app.logger.info("saved state refused: %s", error)
        return render_template(
            "start_again.html",
            expired=isinstance(error, AnswersExpired),
            idle=duration(int(app.config["ANSWERS_MAX_AGE"])),
            csrf=csrf_token(),  # for "Continue from a saved file"
        ), 400
