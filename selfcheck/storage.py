"""Where a person's answers live between requests: only ever in their own browser.

`AnswerStore` is the one small interface the views use; `SessionStore` keeps the state
in Flask's signed session cookie for the standalone site. A cookie-less backend (a
signed hidden field, for embedded frames) can implement the same three methods.
"""

from __future__ import annotations

from typing import Any, Protocol

from flask import current_app, session

from .questionnaire import Questionnaire
from .wizard import State

COOKIE_LIMIT = 3800  # bytes; browsers drop cookies over about 4,096


class StateError(Exception):
    """The stored answers cannot be used (another questionnaire version, or malformed)."""


class StateTooLarge(Exception):
    """The answers would not fit where they are kept."""


class AnswerStore(Protocol):
    def load(self) -> State: ...

    def save(self, state: State) -> None: ...

    def clear(self) -> None: ...


class SessionStore:
    """Answers in the signed session cookie, tagged with the questionnaire's id and version."""

    key = "answers"

    def __init__(self, questionnaire: Questionnaire):
        self.stamp = [questionnaire.meta.id, questionnaire.meta.version]

    def load(self) -> State:
        data = session.get(self.key)
        if data is None:
            return State()
        return state_from(data, self.stamp)

    def save(self, state: State) -> None:
        data = {"q": self.stamp, "s": state.steps, "d": state.done}
        serializer = current_app.session_interface.get_signing_serializer(current_app)
        if serializer is not None:
            size = len(serializer.dumps({**dict(session), self.key: data}))
            if size > COOKIE_LIMIT:
                raise StateTooLarge(size)
        session[self.key] = data

    def clear(self) -> None:
        session.pop(self.key, None)


def state_from(data: Any, stamp: list[str]) -> State:
    """Check the shape of stored state strictly: it came back from a browser."""
    if not isinstance(data, dict) or data.get("q") != stamp:
        raise StateError("stored answers belong to another questionnaire version")
    steps, done = data.get("s"), data.get("d")
    if not isinstance(steps, dict) or not isinstance(done, list):
        raise StateError("stored answers are malformed")
    for raw in steps.values():
        if not isinstance(raw, dict) or not all(
            isinstance(v, list) and all(isinstance(x, str) for x in v) for v in raw.values()
        ):
            raise StateError("stored answers are malformed")
    if not all(isinstance(s, str) for s in done):
        raise StateError("stored answers are malformed")
    return State(steps={str(k): dict(v) for k, v in steps.items()}, done=list(done))
