"""Settings: defaults, then SELFCHECK_* environment variables, then a test's overrides.

In production (the default) a missing secret key stops start-up with a clear message;
in development a random key is made and a warning says answers will not survive a restart.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from .pdf import PAPER_SIZES

ROOT = Path(__file__).resolve().parent.parent  # the project: questions.yaml, templates, static


class ConfigError(RuntimeError):
    """A setting is missing or wrong; the message says which and what to do."""


DEFAULTS: dict[str, Any] = {
    "ENV": "production",
    "QUESTIONNAIRE": None,  # filled in with questions.yaml beside the package
    "CLINICS": None,  # filled in with the clinics/ folder beside the package
    "ANSWERS_MAX_AGE": 2 * 60 * 60,  # seconds answers stay usable without a page being sent
    "TIME_ZONE": "UTC",  # the clock pages without JavaScript tell the time of (IANA name)
    "PAPER_SIZE": "a4",
    "MAX_PROMPTS": 10,
    "PDF_WARM_UP": True,
    # under gunicorn: rendering processes per worker, PDFs that may wait for one (per
    # worker), their CPU priority below the pages' (pdf_pool.py); 0 processes: in-worker
    "PDF_PROCESSES": 1,
    "PDF_QUEUE": 1,
    "PDF_NICE": 5,
    "PDF_RETRY_AFTER": 1,  # seconds a refused PDF request is told to wait (Retry-After)
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_NAME": "selfcheck",
    "WTF_CSRF_TIME_LIMIT": None,  # no time limit on filling in a page
    "MAX_CONTENT_LENGTH": 64 * 1024,
    "MAX_FORM_PARTS": 300,
    "TRUSTED_HOSTS": None,  # e.g. ["selfcheck.example.org"]: other Host headers get a 400
    "PROXIES": 0,  # how many proxies (like nginx) set X-Forwarded-*; 0 trusts none
    "PDF_RATE_LIMIT": "20 per minute;200 per hour",  # per client address
    "RATELIMIT_STORAGE_URI": "memory://",  # redis://host:6379 to share across instances
}


def init_app(app: Flask, test_config: dict[str, Any] | None = None) -> None:
    app.config.update(DEFAULTS)
    app.config["QUESTIONNAIRE"] = str(ROOT / "questions.yaml")
    app.config["CLINICS"] = str(ROOT / "clinics")
    app.config.from_prefixed_env("SELFCHECK")
    if test_config:
        app.config.update(test_config)
    if app.config["ENV"] not in ("production", "development", "testing"):
        raise ConfigError(
            f"SELFCHECK_ENV is {app.config['ENV']!r}; use production, development or testing."
        )
    if not app.config.get("SECRET_KEY"):
        if app.config["ENV"] == "production":
            raise ConfigError(
                "SELFCHECK_SECRET_KEY is not set. Set it to a long random value, e.g. "
                "`export SELFCHECK_SECRET_KEY=$(python3 -c 'import secrets; "
                "print(secrets.token_hex(32))')`, or set SELFCHECK_ENV=development to try "
                "the app locally."
            )
        app.config["SECRET_KEY"] = secrets.token_hex(32)
        app.logger.warning(
            "SELFCHECK_SECRET_KEY is not set: using a random key for this run "
            "(development only). Answers in progress are lost when the app restarts."
        )
    if str(app.config["PAPER_SIZE"]).lower() not in PAPER_SIZES:
        raise ConfigError(
            f"SELFCHECK_PAPER_SIZE is {app.config['PAPER_SIZE']!r}; use a4 or letter."
        )
    try:
        ZoneInfo(str(app.config["TIME_ZONE"]))
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"SELFCHECK_TIME_ZONE is {app.config['TIME_ZONE']!r}; use a time zone name like "
            "America/New_York or Europe/Madrid."
        ) from None
    proxies = app.config["PROXIES"]
    if not isinstance(proxies, int) or isinstance(proxies, bool) or not 0 <= proxies <= 5:
        raise ConfigError(f"SELFCHECK_PROXIES is {proxies!r}; use the number of proxies, 0 to 5.")
    if proxies:
        # only then are X-Forwarded-For/-Proto/-Host believed, and only that many hops
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )
    for name, low, high in [
        ("PDF_PROCESSES", 0, 16),
        ("PDF_QUEUE", 0, 64),
        ("PDF_NICE", 0, 19),
        ("PDF_RETRY_AFTER", 1, 600),
    ]:
        value = app.config[name]
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise ConfigError(
                f"SELFCHECK_{name} is {value!r}; use a whole number, {low} to {high}."
            )
    limit = app.config["MAX_PROMPTS"]
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise ConfigError(f"SELFCHECK_MAX_PROMPTS is {limit!r}; use a whole number, 1 or more.")
