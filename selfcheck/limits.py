"""Rate limits for what is expensive to make: the PDF.

Flask-Limiter counts requests per client address (the real one behind a configured
proxy), in memory by default or in a shared store such as Redis when several instances
serve the app (`SELFCHECK_RATELIMIT_STORAGE_URI=redis://…`). Over the limit, a person
gets the friendly "Too many requests" page.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

# one per process, as Flask-Limiter expects (gunicorn runs one app in each worker)
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def init_app(app: Flask) -> None:
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", True)
    limiter.init_app(app)


def pdf_limit() -> str:
    return current_app.config["PDF_RATE_LIMIT"]


def pdf_limited(view: Callable) -> Callable:
    """A view that makes a PDF, counted against the PDF limit."""
    return limiter.limit(pdf_limit)(view)
