"""The session cookie's JSON without Flask's type tags when it holds only plain JSON.

Flask's session serializer walks every value, in Python, to tag types JSON lacks (tuples,
bytes, Markup, dates) when it writes the cookie, and walks it again to untag them when it
reads it: on a step page that was a tenth of the request (issue 19). The answers and the
CSRF token are plain JSON, so they are written as they are — the very bytes Flask writes —
and read without the walk when the text holds no tagged value. Anything else still goes
through Flask's tags, so nothing changes for it; the signature is checked before either.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, json
from flask.json.tag import TaggedJSONSerializer
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer

PLAIN = (str, int, float, bool, type(None))
TAGGED_DICT = '{" '  # how a tagged value starts: a one-key dict whose key starts with a space


class PlainFirstSerializer(TaggedJSONSerializer):
    """Flask's tagged JSON, skipping the tags' walk when there is nothing to tag."""

    def dumps(self, value: Any) -> str:
        if self.plain(value):
            return json.dumps(value, separators=(",", ":"))
        return super().dumps(value)

    def loads(self, value: str | bytes) -> Any:
        text = value.decode() if isinstance(value, bytes) else value
        if TAGGED_DICT not in text:  # compact JSON: a tag would start like this
            return json.loads(text)
        return super().loads(text)

    def plain(self, value: Any) -> bool:
        """Whether Flask would write `value` untagged: JSON's own types only, and no
        one-key dict whose key is one of the tags."""
        kind = type(value)
        if kind is dict:
            if len(value) == 1 and next(iter(value)) in self.tags:
                return False
            for key, item in value.items():
                if type(key) is not str or not (type(item) in PLAIN or self.plain(item)):
                    return False
            return True
        if kind is list:
            for item in value:
                if not (type(item) in PLAIN or self.plain(item)):
                    return False
            return True
        return kind in PLAIN


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie session, with the serializer above, and its signing serializer
    made once per set of keys (Flask makes one, and test-dumps `{}`, twice a request)."""

    serializer = PlainFirstSerializer()

    def __init__(self) -> None:
        self.signing: dict[tuple, URLSafeTimedSerializer | None] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if keys not in self.signing:
            self.signing[keys] = super().get_signing_serializer(app)
        return self.signing[keys]


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
