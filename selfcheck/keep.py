"""A time limit a person can see and extend (WCAG 2.2.1 Timing Adjustable).

Answers stop being usable `ANSWERS_MAX_AGE` seconds after the last page was sent, so that
the next person at a shared computer cannot read them. Pages that hold answers say when
that will be (in the configured `TIME_ZONE`; the script rewrites it in the device's own
time) and how to save the answers to a file. With JavaScript, a dialog asks a few minutes
before the end whether to keep them for longer; one click posts to `/keep`, which saves
the same answers again with a fresh time: the cookie on the site and a clinic's pages, a
new hidden field for a clinic's frame (the script puts it in every form of the page).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_time, format_timedelta
from flask import Blueprint, current_app, g, jsonify
from markupsafe import Markup, escape
from werkzeug.exceptions import HTTPException

from .language import language
from .place import csrf_ok, csrf_token, page_url, store
from .state import StateError
from .storage import FormFieldStore, StateTooLarge

WARN_BEFORE = 5 * 60  # seconds: the warning comes this long before the end, or sooner


def duration(seconds: int) -> str:
    """'2 hours', '90 minutes', '2 horas': how long answers are kept, in the reader's words."""
    return _duration(seconds, language())


@lru_cache(maxsize=64)
def _duration(seconds: int, lang: str) -> str:
    return format_timedelta(timedelta(seconds=seconds), threshold=2, locale=lang)


def clock(moment: float) -> str:
    """'3:45 PM', '15:45': a time of day in the reader's language and the configured zone."""
    # to the minute, as it is shown: one of a few recent minutes, worked out once each
    return _clock(int(moment // 60), str(current_app.config["TIME_ZONE"]), language())


@lru_cache(maxsize=256)
def _clock(minute: int, zone: str, lang: str) -> str:
    moment = datetime.fromtimestamp(minute * 60, UTC)
    return format_time(moment, "short", tzinfo=ZoneInfo(zone), locale=lang)


def time_markup(moment: float) -> Markup:
    """The time as a <time> element the script can rewrite in the device's own time."""
    iso = datetime.fromtimestamp(moment, UTC).isoformat(timespec="seconds")  # digits and -:+T
    return Markup(f'<time datetime="{iso}" data-answers-deadline>{escape(clock(moment))}</time>')


def time_limit() -> dict | None:
    """What a page that holds answers tells about their time limit; None when it holds none
    (or they cannot be read: that page says so itself)."""
    if "time_limit" in g:
        return g.time_limit
    found = None
    try:
        answers = store()
        if answers.load().steps:
            deadline = answers.expires_at()
            if deadline is not None:
                found = limit_of(deadline)
    except (StateError, HTTPException):  # a page saying so itself, or a post too large to read
        found = None
    g.time_limit = found
    return found


def limit_of(deadline: float) -> dict:
    """The deadline as words and as the script's numbers: when (milliseconds since the epoch,
    the same for the same answers, so a page can be kept) and how long before to warn."""
    max_age = int(current_app.config["ANSWERS_MAX_AGE"])
    return {
        "time": time_markup(deadline),
        "duration": duration(max_age),
        "deadline_ms": int(deadline * 1000),
        "warn_ms": int(min(WARN_BEFORE, max_age / 3) * 1000),
    }


def register(pages: Blueprint) -> None:
    pages.add_url_rule("/keep", view_func=keep_answers, methods=["POST"])
    pages.app_context_processor(time_limit_helpers)


def time_limit_helpers() -> dict:
    # the dialog posts the page's CSRF token on cookie pages (none in the frame, which has
    # no cookie to protect)
    return {"time_limit": time_limit, "keep_token": csrf_token, "keep_url": keep_url}


def keep_url() -> str:
    return page_url("keep_answers")


def keep_answers():
    """Save the same answers again with a fresh time: one click in the warning dialog."""
    if not csrf_ok():
        return jsonify(kept=False, reason="page"), 400
    answers = store()
    try:
        state = answers.load()
        if not state.steps:
            return jsonify(kept=False, reason="cleared"), 410
        answers.save(state)
    except StateError:
        return jsonify(kept=False, reason="cleared"), 410
    except StateTooLarge:  # cannot happen with the same answers, but never a 500
        return jsonify(kept=False, reason="page"), 400
    deadline = answers.expires_at()
    assert deadline is not None
    body = {"kept": True, **{k: v for k, v in limit_of(deadline).items() if k != "time"}}
    body["time"] = clock(deadline)
    if isinstance(answers, FormFieldStore):
        body["state"] = answers.token(state)
    return jsonify(body)
