"""Where a person's answers live between requests: only ever in their own browser.

`AnswerStore` is the one small interface the views use. `SessionStore` keeps the state
in Flask's signed session cookie, for the standalone site and a clinic's own pages.
`FormFieldStore` needs no cookie at all, for a clinic's site that shows us in a frame
(browsers send no cookies to a frame from another site): the state travels in a signed,
compressed, timestamped hidden field of every form, posted back with each page.
"""

from __future__ import annotations

import json
import math
import time
import zlib
from typing import Any, Protocol

from flask import current_app, g, request, session
from itsdangerous import BadPayload, BadSignature, SignatureExpired, URLSafeTimedSerializer
from itsdangerous.encoding import base64_decode
from itsdangerous.serializer import Serializer

from .questionnaire import Questionnaire
from .secret_keys import signing_keys
from .state import State, StateError, state_from

COOKIE_LIMIT = 3800  # bytes; browsers drop cookies over about 4,096
FIELD_LIMIT = 32 * 1024  # bytes; well inside the request size limit
STATE_LIMIT = 256 * 1024  # bytes the hidden field's state may expand to when decompressed
FIELD = "state"  # the hidden field's name (a reserved id: no question can use it)


class AnswersExpired(StateError):
    """No page was sent for `ANSWERS_MAX_AGE` seconds, so the answers are not used (privacy)."""


class StateTooLarge(Exception):
    """The answers would not fit where they are kept."""


class AnswerStore(Protocol):
    def load(self) -> State: ...

    def save(self, state: State) -> None: ...

    def clear(self) -> None: ...

    def expires_at(self) -> float | None: ...


def stamp_of(questionnaire: Questionnaire, clinic_id: str | None = None) -> list[str]:
    """What stored answers are tagged with: answers for another questionnaire version, or
    for another clinic's questions, are never read as this one's."""
    stamp = [questionnaire.meta.id, questionnaire.meta.version]
    return stamp + [clinic_id] if clinic_id else stamp


SIGNATURE_ROOM = 100  # bytes: the signed cookie's timestamp and signature (36), and room


def cookie_bound(cookie: dict[str, Any]) -> int:
    """At least as many bytes as the signed session cookie holding `cookie` takes, worked
    out without signing it: its JSON in base64 (itsdangerous compresses only when that is
    shorter) and the signature. Flask signs the cookie once more as the response leaves."""
    try:
        text = json.dumps(cookie, separators=(",", ":"))
    except (TypeError, ValueError):  # not plain JSON: Flask's tags make it longer
        return COOKIE_LIMIT + 1
    return 1 + math.ceil(len(text.encode()) / 3) * 4 + SIGNATURE_ROOM


class SessionStore:
    """Answers in the signed session cookie, tagged with the questionnaire's id and version."""

    def __init__(self, questionnaire: Questionnaire, clinic_id: str | None = None):
        self.stamp = stamp_of(questionnaire, clinic_id)
        self.key = f"answers:{clinic_id}" if clinic_id else "answers"

    def load(self) -> State:
        data = session.get(self.key)
        if data is None:
            return State()
        saved = data.get("t") if isinstance(data, dict) else None
        if (
            not isinstance(saved, int)
            or time.time() - saved > current_app.config["ANSWERS_MAX_AGE"]
        ):
            # idle too long (the cookie is signed, so the time cannot be moved on)
            session.pop(self.key, None)
            raise AnswersExpired("saved answers expired")
        return state_from(data, self.stamp)

    def expires_at(self) -> float | None:
        """When the answers kept now stop being usable (seconds since the epoch)."""
        data = session.get(self.key)
        saved = data.get("t") if isinstance(data, dict) else None
        return saved + current_app.config["ANSWERS_MAX_AGE"] if isinstance(saved, int) else None

    def save(self, state: State) -> None:
        data = {"q": self.stamp, "s": state.steps, "d": state.done, "t": int(time.time())}
        cookie = {**dict(session), self.key: data}
        if cookie_bound(cookie) > COOKIE_LIMIT:  # near the limit: measure it exactly
            serializer = current_app.session_interface.get_signing_serializer(current_app)
            if serializer is not None:
                size = len(serializer.dumps(cookie))
                if size > COOKIE_LIMIT:
                    raise StateTooLarge(size)
        session[self.key] = data

    def clear(self) -> None:
        session.pop(self.key, None)


class BoundedSerializer(URLSafeTimedSerializer):
    """itsdangerous's URL-safe serializer, but a compressed payload is inflated with a hard
    limit on its size: even a correctly signed token cannot make a worker expand megabytes."""

    def load_payload(self, payload: bytes, *args: Any, **kwargs: Any) -> Any:
        compressed = payload.startswith(b".")
        try:
            data = base64_decode(payload[1:] if compressed else payload)
            if compressed:
                inflater = zlib.decompressobj()
                data = inflater.decompress(data, STATE_LIMIT + 1)
                if len(data) > STATE_LIMIT or inflater.unconsumed_tail or not inflater.eof:
                    raise BadPayload("the state expands beyond its limit, or is cut short")
        except (ValueError, zlib.error) as error:
            raise BadPayload("the state cannot be decoded", original_error=error) from error
        return Serializer.load_payload(self, data, *args, **kwargs)

    def expanded_size(self, obj: Any) -> int:
        """How many bytes `obj` takes before compression (what load_payload may inflate)."""
        return len(Serializer.dump_payload(self, obj))


class FormFieldStore:
    """Answers in a hidden form field: signed (cannot be altered), compressed, and
    timestamped (refused after `ANSWERS_MAX_AGE` seconds without a page being sent)."""

    salt = "selfcheck-form-state"

    def __init__(self, questionnaire: Questionnaire, clinic_id: str | None = None):
        self.stamp = stamp_of(questionnaire, clinic_id)
        # signs with the key, and still reads what an old key (SECRET_KEY_FALLBACKS) signed
        self.serializer = BoundedSerializer(signing_keys(current_app), salt=self.salt)

    def load(self) -> State:
        if "form_state" in g:
            return g.form_state
        token = request.form.get(FIELD, "") if request.method == "POST" else ""
        if not token:
            state = State()
        else:
            try:
                data = self.serializer.loads(token, max_age=current_app.config["ANSWERS_MAX_AGE"])
            except SignatureExpired:
                raise AnswersExpired("saved answers expired") from None
            except BadSignature:
                raise StateError("saved answers failed the signature check") from None
            except BadPayload:
                raise StateError("saved answers expand beyond their limit") from None
            state = state_from(data, self.stamp)
        g.form_state = state
        return state

    def save(self, state: State) -> None:
        size = len(self.token(state))
        if size > FIELD_LIMIT or self.serializer.expanded_size(self.data(state)) > STATE_LIMIT:
            raise StateTooLarge(size)
        g.form_state = state

    def clear(self) -> None:
        g.form_state = State()

    def expires_at(self) -> float:
        """When the answers in a field written now stop being usable (each page's field is
        written, and timestamped, as the page is made)."""
        return int(time.time()) + current_app.config["ANSWERS_MAX_AGE"]

    def token(self, state: State | None = None) -> str:
        """The hidden field's value for the answers as they are now."""
        state = self.load() if state is None else state
        return self.serializer.dumps(self.data(state))

    def data(self, state: State) -> dict[str, Any]:
        return {"q": self.stamp, "s": state.steps, "d": state.done}


def clear_everywhere(store: AnswerStore) -> None:
    """“Clear my answers”: this place's answers, and every other place's kept in this
    browser's cookie (the site's and every clinic's), so none can be read back from it.
    A frame that was sent no cookie gets no cookie back."""
    store.clear()
    if session:
        session.clear()


__all__ = [
    "AnswerStore",
    "FormFieldStore",
    "SessionStore",
    "StateError",
    "StateTooLarge",
    "clear_everywhere",
    "state_from",
]
