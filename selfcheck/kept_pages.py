"""Pages that hold nothing of a person's own, made once and kept (issue 19: step pages).

A step page nobody has answered yet (no value, no error) is the same for everyone who
opens it in the same place, language and position, but for a few values of this request
alone: the CSRF token, when the answers will be cleared, and (in a clinic's frame) the
signed answers. Such a page is rendered once with a mark where each of those goes, kept
with its flow, and for every later request the marks are filled with that request's own
values; rendering the page around the fields is most of a step page's cost.

What is kept holds no answer: only pages with no value and no error are kept, and the
holes are filled per request. The key names everything else the templates read from the
request (the place, its clinic, the `?lang=` and `?print=` choices, the change flag, the
application root), so two requests that share a key get the same page; tests compare a
kept page with the same page rendered afresh for a second person.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Hashable
from typing import Any

from flask import current_app, render_template, request
from markupsafe import Markup, escape

from .engine import Flow
from .keep import time_limit
from .language import available
from .large_print import large_print
from .place import csrf_token, current, state_token

KEPT_LIMIT = 512  # pages per flow: the keys are bounded, but never let memory grow unseen
_MARK = secrets.token_hex(8)  # unknown to any questionnaire written before start-up
_HOLE = re.compile(f"\x00{_MARK}:([a-z_]+)\x00")
Parts = tuple[str, ...]  # text, hole name, text, hole name, …, text


def _hole(name: str) -> str:
    return f"\x00{_MARK}:{name}\x00"


def render(flow: Flow, template: str, key: Hashable, **context: Any) -> str:
    """`template` with `context` for this request; `key` must name all of `context`."""
    values = _values()
    place = current()
    full_key = (
        template,
        key,
        place.kind,
        place.clinic_id,
        request.args.get("lang") if request.args.get("lang") in available() else None,
        large_print(),
        request.script_root,
        tuple(name for name, value in values.items() if value is not None),
    )
    parts = flow.kept_pages.get(full_key)
    if parts:
        return "".join(values[p] if i % 2 else p for i, p in enumerate(parts))  # type: ignore[misc]
    page = render_template(template, csrf=csrf_token(), **context)
    if parts is None and len(flow.kept_pages) < KEPT_LIMIT:
        parts = _skeleton(template, context, values)
        filled = "".join(values[p] if i % 2 else p for i, p in enumerate(parts))  # type: ignore[misc]
        if filled != page:  # the page holds something of this request the key does not name
            current_app.logger.warning("%s is not kept: it differs between requests", template)
            parts = ()  # rendered afresh every time
        flow.kept_pages[full_key] = parts
    return page


def _values() -> dict[str, str | None]:
    """This request's own values, escaped as the templates write them (None: none here)."""
    token = csrf_token()
    limit = time_limit()
    state = state_token()
    values: dict[str, str | None] = {
        "csrf": None if token is None else str(escape(token)),
        "state": str(escape(state)) if state else None,
    }
    for name in ("time", "duration", "deadline_ms", "warn_ms"):
        values[name] = None if limit is None else str(escape(limit[name]))
    return values


def _skeleton(template: str, context: dict[str, Any], values: dict[str, str | None]) -> Parts:
    """The page with a mark in each hole, split into text and hole names."""

    def hole(name: str) -> str | None:
        return None if values[name] is None else _hole(name)

    def constant(value: Any) -> Callable[[], Any]:
        return lambda: value

    limit = None
    if values["time"] is not None:
        limit = {
            "time": Markup(_hole("time")),
            "duration": _hole("duration"),
            "deadline_ms": _hole("deadline_ms"),
            "warn_ms": _hole("warn_ms"),
        }
    marked = render_template(
        template,
        **{
            **context,
            "csrf": hole("csrf"),
            "keep_token": constant(hole("csrf")),
            "state_token": constant(hole("state") or ""),
            "time_limit": constant(limit),
        },
    )
    return tuple(_HOLE.split(marked))
