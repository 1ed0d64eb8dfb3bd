"""Which language a page is in, and the words, dates and numbers that follow from it.

Chosen by `?lang=`, then the clinic's default, then the browser's Accept-Language. Once
chosen with `?lang=`, every link and form of our pages carries it on, so the choice holds
through the whole flow — the cookie-less embedded flow included — without a cookie.
Interface words come from gettext catalogues (Flask-Babel, `translations/`); the
questionnaire's words from questions.yaml.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date
from babel.support import Translations
from flask import Flask, current_app, g, has_request_context, request, url_for
from flask_babel import Babel, get_locale, get_translations

from .config import ROOT
from .translations import DATE_FORMATS, SUPPORTED
from .translations import number as number_in

# a document being written in a language of its own (a PDF for the command line or the API):
# (language, catalogue), consulted before the request's
_writing: ContextVar[tuple[str, Translations] | None] = ContextVar("writing", default=None)


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(ROOT / "translations"))
    Babel(app, locale_selector=current_language)
    # A page asks for ~30 words; Flask-Babel finds the request's catalogue afresh for each
    # (a walk through context-locals). Look it up once per request instead.
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["day"] = long_date
    app.jinja_env.globals["language_links"] = language_links

    @app.url_defaults
    def keep_language(endpoint: str, values: dict) -> None:
        chosen = request.args.get("lang") if request else None
        if chosen in available() and endpoint != "static":
            values.setdefault("lang", chosen)


def available() -> list[str]:
    engine = current_app.extensions.get("selfcheck")
    return engine.languages if engine else ["en"]


def current_language() -> str:
    """?lang=, else the clinic's default, else the browser's preference, else the first."""
    languages = available()
    asked = request.args.get("lang")
    if asked in languages:
        return asked
    place = g.get("place")  # see place.py
    profile = place.clinic if place is not None else None
    if profile is not None and profile.clinic.language in languages:
        return profile.clinic.language
    return request.accept_languages.best_match(languages) or languages[0]


def language() -> str:
    """The page's language code, chosen once per request."""
    writing = _writing.get()
    if writing is not None:
        return writing[0]
    chosen = g.get("language")
    if chosen is None:
        # in a request, the selector Flask-Babel asks, without parsing a babel Locale that a
        # kept page (kept_pages.py) or a redirect never needs
        found = current_language() if has_request_context() else get_locale()
        chosen = g.language = str(found or "en")
    return chosen


def translations() -> Translations:
    """The request's catalogue of interface words."""
    writing = _writing.get()
    if writing is not None:
        return writing[1]
    found = g.get("translations")
    if found is None:
        found = g.translations = get_translations()
    return found


@contextmanager
def writing_in(lang: str) -> Iterator[None]:
    """Write a document in `lang`, whatever the request (if any) asked for."""
    token = _writing.set((lang, catalogue(lang)))
    try:
        yield
    finally:
        _writing.reset(token)


def catalogue(lang: str) -> Translations:
    """The interface words of one language, from the app's translations folder."""
    folder = current_app.config["BABEL_TRANSLATION_DIRECTORIES"]
    return _catalogue(str(Path(folder)), lang)


@lru_cache(maxsize=8)
def _catalogue(folder: str, lang: str) -> Translations:
    return Translations.load(folder, [lang])


def long_date(day: date, lang: str | None = None) -> str:
    return _long_date(day, lang or language())


@lru_cache(maxsize=64)
def _long_date(day: date, lang: str) -> str:
    return format_date(day, DATE_FORMATS.get(lang, "long"), locale=lang)


def number(value: float) -> str:
    return number_in(round(value), locale=language())


def language_links() -> list[dict]:
    """The switcher: this page in each other language (a link; no answers go with it)."""
    current = language()
    if request.endpoint is None or len(available()) < 2:
        return []
    args = {**(request.view_args or {}), "lang": None}
    links = []
    for code in available():
        if code == current:
            continue
        args["lang"] = code
        try:
            href = url_for(request.endpoint, **args)
        except Exception:  # noqa: BLE001 - an error page: offer the start page instead
            href = url_for("selfcheck.start", lang=code)
        links.append({"code": code, "name": SUPPORTED[code], "href": href})
    return links
