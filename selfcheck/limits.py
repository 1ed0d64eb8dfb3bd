"""Rate limits for what is expensive to make: the PDF.

Every route that renders a PDF — the site's, a clinic's pages', the clinic frame's and the
API's — draws on one shared limit per client address (the real one behind a configured
proxy). The counts are shared by every worker of an instance (`sqlite://`, the default:
see shared_counts.py), or by several instances through Redis
(`SELFCHECK_RATELIMIT_STORAGE_URI=redis://…`). Over the limit, a person gets the friendly
"Too many requests" page (JSON from the API).
"""

from __future__ import annotations

from flask import Flask, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from . import shared_counts  # noqa: F401 - registers the sqlite:// store with `limits`

# one per process, as Flask-Limiter expects (gunicorn runs one app in each worker)
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def init_app(app: Flask) -> None:
    app.config.setdefault("RATELIMIT_STORAGE_URI", "sqlite://")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    limiter.init_app(app)


def pdf_limit() -> str:
    return current_app.config["PDF_RATE_LIMIT"]


# the decorator for every route that makes a PDF: one count across all of them
pdf_limited = limiter.shared_limit(pdf_limit, scope="pdf")
