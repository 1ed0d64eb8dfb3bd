"""Settings: defaults, then SELFCHECK_* environment variables, then a test's overrides.

In production (the default) a missing or guessable secret key stops start-up with a clear
message; in development a random key is made and a warning says answers will not survive a
restart.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from . import secret_keys
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
    "DEMO_CLINIC": False,  # serve clinics marked `demo: true` in production too
    "RATELIMIT_STORAGE_URI": "sqlite://",  # shared by the workers; redis://host:6379 for instances
}


def offline() -> dict[str, Any]:
    """Settings for the commands that serve no one (`selfcheck report`, `review-pack`): the
    operator's SELFCHECK_* settings apply, but no key is needed (nothing is signed), nor
    trusted hosts (nothing is served), and every clinic is there, the demo one included."""
    return {
        "SECRET_KEY": secrets.token_hex(32),
        "PDF_WARM_UP": False,
        "TRUSTED_HOSTS": ["localhost"],
        "DEMO_CLINIC": True,
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
    if app.config.get("SECRET_KEY") in (None, ""):
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
    problem = secret_keys.check(app)
    if problem:
        raise ConfigError(problem)
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
    if not isinstance(app.config["DEMO_CLINIC"], bool):
        raise ConfigError(
            f"SELFCHECK_DEMO_CLINIC is {app.config['DEMO_CLINIC']!r}; use true or false."
        )
    check_trusted_hosts(app)


def check_trusted_hosts(app: Flask) -> None:
    """Production serves only the host names it is told: links in redirects, the embed
    kit's code and the FHIR `url` are built from the Host header, which anyone can forge."""
    hosts = app.config["TRUSTED_HOSTS"]
    if isinstance(hosts, str) and hosts:
        hosts = app.config["TRUSTED_HOSTS"] = [hosts]  # one name, not one per character
    if hosts is not None and (
        not isinstance(hosts, list) or not hosts or not all(isinstance(h, str) and h for h in hosts)
    ):
        raise ConfigError(
            f"SELFCHECK_TRUSTED_HOSTS is {hosts!r}; use a JSON list of host names, like "
            """'["selfcheck.example.org"]'."""
        )
    if hosts is None and app.config["ENV"] == "production":
        raise ConfigError(
            "SELFCHECK_TRUSTED_HOSTS is not set. Set it to the host names people reach the app "
            """by, e.g. `export SELFCHECK_TRUSTED_HOSTS='["selfcheck.example.org"]'`: links in """
            "redirects, the embed code and FHIR resources are made from the Host header, which "
            "anyone can forge. (SELFCHECK_ENV=development runs without it.)"
        )
