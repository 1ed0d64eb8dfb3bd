"""The session cookie: written without Flask's tag walk when it holds plain JSON, read back
the same, and the answers' size bounded without signing it twice (issue 19: step pages)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from flask.json.tag import TaggedJSONSerializer
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from selfcheck.session_json import PlainFirstSerializer
from selfcheck.state import State
from selfcheck.storage import COOKIE_LIMIT, SessionStore, StateTooLarge, cookie_bound

from .conftest import examples
from .personas import QUIET

TEXT = st.text(max_size=40)  # any characters: accents, other scripts, quotes, braces
PLAIN = st.recursive(
    st.none() | st.booleans() | st.integers() | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=20,
)
# what Flask's tags are for, and dicts that look like a tag
TAGGED = [
    {"t": (1, 2)},
    {"b": b"\x00\xff"},
    {"m": Markup("<b>x</b>")},
    {"u": uuid.UUID(int=7)},
    {"d": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)},
    {" t": [1, 2]},
    {"x": {" di": {"a": 1}}},
    {"answers": {"s": {"step": {"q": ['{" t": [1]}']}}}},
]


@settings(max_examples=examples(300), deadline=None)
@given(PLAIN)
def test_plain_json_is_written_as_flask_writes_it_and_read_back(shared_app, value):
    with shared_app.app_context():
        ours, flasks = PlainFirstSerializer(), TaggedJSONSerializer()
        written = ours.dumps(value)
        assert written == flasks.dumps(value)
        assert ours.loads(written) == flasks.loads(written) == value


@pytest.mark.parametrize("value", TAGGED)
def test_what_needs_a_tag_still_gets_one(app, value):
    with app.app_context():
        ours, flasks = PlainFirstSerializer(), TaggedJSONSerializer()
        written = ours.dumps(value)
        assert written == flasks.dumps(value)
        assert ours.loads(written) == flasks.loads(written) == value


def test_the_app_signs_its_cookie_with_it(client):
    client.post("/step/start", data={**QUIET["start"], "action": "continue"})
    session = client.application.session_interface
    assert isinstance(session.serializer, PlainFirstSerializer)
    assert client.get_cookie("selfcheck") is not None


ANSWERS = st.dictionaries(
    st.from_regex(r"[a-z_]{1,12}", fullmatch=True),
    st.dictionaries(
        st.from_regex(r"[a-z_]{1,12}", fullmatch=True),
        st.lists(st.text(max_size=300), min_size=1, max_size=3),
        max_size=5,
    ),
    max_size=6,
)


@settings(max_examples=examples(200), deadline=None)
@given(ANSWERS, st.text(max_size=60))
def test_the_bound_is_never_below_the_signed_cookie(shared_app, steps, token):
    with shared_app.test_request_context():
        serializer = shared_app.session_interface.get_signing_serializer(shared_app)
        cookie = {"csrf_token": token, "answers": {"q": ["q", "1"], "s": steps, "d": [], "t": 1}}
        assert cookie_bound(cookie) >= len(serializer.dumps(cookie))


def test_answers_near_the_limit_are_measured_exactly(app):
    """Answers whose JSON is over the cookie's size but that compress well still fit."""
    store = SessionStore(app.extensions["selfcheck"].questionnaire)
    with app.test_request_context():
        repetitive = "I sleep badly. " * 400  # 6,000 characters, compressed to a few hundred
        state = State(steps={"own": {"own_question": [repetitive]}}, done=[])
        assert cookie_bound({"answers": {"s": state.steps}}) > COOKIE_LIMIT
        store.save(state)
        assert store.load().steps == state.steps
        noise = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(1500))
        with pytest.raises(StateTooLarge):
            store.save(State(steps={"own": {"own_question": [noise]}}, done=[]))
