"""Stored state comes back from a browser: only well-formed state of this version is used."""

import pytest

from selfcheck.state import State
from selfcheck.storage import SessionStore, StateError, StateTooLarge, state_from

STAMP = ["q", "1"]


def test_round_trip():
    state = state_from({"q": STAMP, "s": {"a": {"x": ["1"]}}, "d": ["a"]}, STAMP)
    assert state == State(steps={"a": {"x": ["1"]}}, done=["a"])


@pytest.mark.parametrize(
    "data",
    [
        {"q": ["q", "0"], "s": {}, "d": []},  # another questionnaire version
        {"q": STAMP, "s": [], "d": []},
        {"q": STAMP, "s": {"a": {"x": "1"}}, "d": []},
        {"q": STAMP, "s": {"a": {"x": [1]}}, "d": []},
        {"q": STAMP, "s": {}, "d": [1]},
        "junk",
    ],
)
def test_malformed_or_foreign_state_is_refused(data):
    with pytest.raises(StateError):
        state_from(data, STAMP)


def test_answers_too_large_for_a_cookie_are_refused(app):
    store = SessionStore(app.extensions["selfcheck"].questionnaire)
    with app.test_request_context():
        noise = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(1500))  # incompressible
        big = State(steps={"own": {"own_question": [noise]}}, done=[])
        with pytest.raises(StateTooLarge):
            store.save(big)
        store.save(State(steps={"own": {"own_question": ["short"]}}))
        assert store.load().steps == {"own": {"own_question": ["short"]}}


def test_answers_expire_after_the_idle_time(app, monkeypatch):
    import selfcheck.storage as storage

    store = SessionStore(app.extensions["selfcheck"].questionnaire)
    with app.test_request_context():
        store.save(State(steps={"own": {"own_question": ["kept"]}}))
        now = storage.time.time()
        monkeypatch.setattr(storage.time, "time", lambda: now + app.config["ANSWERS_MAX_AGE"] - 5)
        assert store.load().steps == {"own": {"own_question": ["kept"]}}
        monkeypatch.setattr(storage.time, "time", lambda: now + app.config["ANSWERS_MAX_AGE"] + 5)
        with pytest.raises(StateError):
            store.load()
        assert store.load() == State()  # the expired answers are gone from the cookie


def test_an_idle_page_asks_to_start_again(monkeypatch):
    import selfcheck.storage as storage

    from .conftest import make_app
    from .personas import QUIET

    client = make_app(ANSWERS_MAX_AGE=60).test_client()
    client.post("/step/start", data=QUIET["start"])
    later = storage.time.time() + 61
    monkeypatch.setattr(storage.time, "time", lambda: later)
    response = client.get("/step/sun")
    assert response.status_code == 400
    assert "Please start again" in response.get_data(as_text=True)
