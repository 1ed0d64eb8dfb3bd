"""The frame's hidden field is inflated with a hard limit: even a correctly signed token
cannot make a worker expand megabytes (issue 15, point 4)."""

from __future__ import annotations

import tracemalloc
import zlib

import pytest
from itsdangerous import URLSafeTimedSerializer
from itsdangerous.encoding import base64_encode

from selfcheck.state import State
from selfcheck.storage import FIELD, STATE_LIMIT, FormFieldStore, StateTooLarge

from .conftest import make_app
from .test_embed import EMBED


def signed(app, payload: bytes) -> str:
    """A hidden-field token holding `payload` as compressed JSON, signed with the app's key
    (as only the app itself, or someone who has its key, could make)."""
    serializer = URLSafeTimedSerializer(app.secret_key, salt=FormFieldStore.salt)
    body = b"." + base64_encode(payload)
    return serializer.make_signer(serializer.salt).sign(body).decode()


def stamp(app) -> str:
    meta = app.extensions["selfcheck"].questionnaire.meta
    return f'["{meta.id}","{meta.version}","demo"]'


def test_a_signed_state_that_expands_to_30_mb_asks_to_start_again_without_expanding():
    app = make_app()
    bomb = b'{"q":%s,"s":{"own":{"own_question":["%s"]}},"d":[]}' % (
        stamp(app).encode(),
        b"a" * 30_000_000,
    )
    token = signed(app, zlib.compress(bomb, 9))
    assert len(token) < 64 * 1024  # it fits in a post
    client = app.test_client(use_cookies=False)
    tracemalloc.start()
    try:
        response = client.post(EMBED + "/step/start", data={FIELD: token})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert response.status_code == 400
    assert "Please start again" in response.get_data(as_text=True)
    assert peak < 16 * 1024 * 1024  # inflating it would take 30 MB at least
    # a state just inside the limit is still read (the page then says the answer is too long)
    inside = bomb.replace(b"a" * 30_000_000, b"a" * (STATE_LIMIT - 200))
    token = signed(app, zlib.compress(inside))
    response = client.post(EMBED + "/step/own", data={FIELD: token, "action": "open"})
    assert response.status_code == 200


def test_a_signed_state_cut_short_asks_to_start_again():
    app = make_app()
    whole = zlib.compress(b'{"q":%s,"s":{},"d":[]}' % stamp(app).encode())
    response = app.test_client(use_cookies=False).post(
        EMBED + "/step/start", data={FIELD: signed(app, whole[:-6])}
    )
    assert response.status_code == 400
    assert "Please start again" in response.get_data(as_text=True)


def test_the_frame_never_writes_a_state_it_would_refuse_to_read():
    app = make_app()
    with app.test_request_context(EMBED + "/"):
        store = FormFieldStore(app.extensions["selfcheck"].questionnaire, "demo")
        big = State(steps={f"s{i}": {"q": ["a" * 2000]} for i in range(150)})  # 300 KB of a
        with pytest.raises(StateTooLarge):
            store.save(big)
