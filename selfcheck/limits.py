"""Rate limits for what is expensive to make: the PDF.

Every route that renders a PDF — the site's, a clinic's pages', the clinic frame's and the
API's — draws on one shared limit per client address (the real one behind a configured
proxy). The counts are shared by every worker of an instance (`sqlite://`, the default:
see shared_counts.py), or by several instances through Redis
(`SELFCHECK_RATELIMIT_STORAGE_URI=redis://…`). Over the limit, a person gets the friendly
"Too many requests" page (JSON from the API).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, Response, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from . import (
    engine,
    shared_counts,  # noqa: F401 - registers the sqlite:// store with `limits`
)

# one per process, as Flask-Limiter expects (gunicorn runs one app in each worker)
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def init_app(app: Flask) -> None:
    app.config.setdefault("RATELIMIT_STORAGE_URI", "sqlite://")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    app.after_request(busy_waits_briefly)  # registered first, so it runs after the limiter's
    limiter.init_app(app)


def busy_waits_briefly(response: Response) -> Response:
    """The limiter puts the end of its window (up to a minute) in the Retry-After of every
    response of a limited view; a 503 (every PDF renderer busy) keeps the pool's few
    seconds that errors.py gave it."""
    if response.status_code == 503:
        response.headers["Retry-After"] = str(engine.get().pdf.retry_after)
    return response


def pdf_limit() -> str:
    return current_app.config["PDF_RATE_LIMIT"]


def renderers_busy() -> bool:
    """A PDF asked for while every renderer is busy is refused (503) and not counted. It is
    decided before the count, not after the response (`deduct_when`): a check now and a
    count later would let two requests at once both pass the last free place. (One function,
    not a new lambda per view: the limiter tells limits apart by it.)"""
    return not engine.get().pdf.has_room()


# every route that makes a PDF: one count across all of them, a busy refusal not counted
_pdf_limit = limiter.shared_limit(pdf_limit, scope="pdf", exempt_when=renderers_busy)


def pdf_limited(view: Callable[..., Any]) -> Callable[..., Any]:
    limited = _pdf_limit(view)
    limited.pdf_limited = True  # type: ignore[attr-defined]
    return limited


@limiter.request_filter
def not_limited() -> bool:
    """Only the PDF's views have a limit (unless the settings give every page one): the
    others skip the limiter's search for theirs, a tenth of a step page (issue 19)."""
    config = current_app.config
    if config.get("RATELIMIT_DEFAULT") or config.get("RATELIMIT_APPLICATION"):
        return False
    view = current_app.view_functions.get(request.endpoint or "")
    return not getattr(view, "pdf_limited", False)
