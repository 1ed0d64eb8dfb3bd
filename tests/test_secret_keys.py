"""Production refuses a secret key that can be guessed, whatever JSON makes of it, and an old
key keeps reading what it signed while a new one signs (issue 15, point 3)."""

from __future__ import annotations

import re
import secrets
import uuid

import pytest
from itsdangerous import URLSafeTimedSerializer

from selfcheck import create_app, secret_keys
from selfcheck.config import ConfigError
from selfcheck.storage import FIELD, FormFieldStore

from .conftest import examples, make_app
from .personas import QUIET, complete
from .test_embed import EMBED, FramedVisitor

MAKE_ONE = "`python3 -c 'import secrets; print(secrets.token_hex(32))'`"
WHY = "It signs the answers people see, so anyone who guesses it can change them."


@pytest.fixture
def production(monkeypatch):
    """create_app as gunicorn runs it: settings only from SELFCHECK_* variables."""
    for name in ["SELFCHECK_ENV", "SELFCHECK_SECRET_KEY", "SELFCHECK_SECRET_KEY_FALLBACKS"]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SELFCHECK_TRUSTED_HOSTS", '["localhost"]')
    monkeypatch.setenv("SELFCHECK_DEMO_CLINIC", "true")

    def start(**env):
        for name, value in env.items():
            monkeypatch.setenv(f"SELFCHECK_{name}", value)
        return create_app({"PDF_WARM_UP": False, "WTF_CSRF_ENABLED": False})

    return start


@pytest.mark.parametrize(
    "key, why",
    [
        ("changeme", "it has 8 characters"),
        ("changeme" * 4, 'it has a pattern that is easy to guess (Repeats like "abcabcabc" '
                         'are only slightly harder to guess than "abc")'),
        ("s" * 64, 'it has a pattern that is easy to guess (Repeats like "aaa" are easy to guess)'),
        ("abcdefghijklmnopqrstuvwxyz0123456789", "it has a pattern that is easy to guess "
         '(Sequences like "abc" or "6543" are easy to guess)'),
        ("qwertyuiopasdfghjklzxcvbnm1234567890", "it has a pattern that is easy to guess"),
    ],
)  # fmt: skip
def test_production_refuses_a_key_that_can_be_guessed(production, key, why):
    with pytest.raises(ConfigError) as refused:
        production(SECRET_KEY=key)
    assert str(refused.value) == (
        f"SELFCHECK_SECRET_KEY is too easy to guess: {why}. {WHY} Use at least 32 random "
        f"characters: make a key with {MAKE_ONE}."
    )
    assert key not in str(refused.value)  # the key itself is never printed


@pytest.mark.parametrize(
    "value, kind", [("12345", "a number"), ("true", "true or false"), ('["a", "b"]', "a list")]
)
def test_a_key_that_json_reads_as_something_else_stops_every_mode(production, value, kind):
    message = (
        f"SELFCHECK_SECRET_KEY is read as {kind}, not as text (settings are read as JSON when "
        f"they parse). Use a random key of at least 32 characters: make one with {MAKE_ONE}."
    )
    for env in ("production", "development"):
        with pytest.raises(ConfigError) as refused:
            production(SECRET_KEY=value, ENV=env)
        assert str(refused.value) == message


@pytest.mark.parametrize(
    "make",
    [
        lambda: secrets.token_hex(16),  # 32 hex digits: the shortest that passes
        lambda: secrets.token_hex(32),  # what the README and the message suggest
        lambda: secrets.token_urlsafe(32),
        lambda: str(uuid.uuid4()),
    ],
)
def test_production_starts_with_a_generated_key(production, make):
    assert production(SECRET_KEY=make()).config["ENV"] == "production"
    draws = [make() for _ in range(examples(200))]  # never a false alarm
    assert [k for k in draws if secret_keys.problem("SELFCHECK_SECRET_KEY", k, True)] == []


def test_development_keeps_a_weak_key_of_its_own_choosing(production):
    assert production(SECRET_KEY="dev", ENV="development").secret_key == "dev"


def test_a_weak_old_key_is_refused_too(production):
    with pytest.raises(ConfigError, match=re.escape("SELFCHECK_SECRET_KEY_FALLBACKS[1] is too")):
        production(
            SECRET_KEY=secrets.token_hex(32),
            SECRET_KEY_FALLBACKS=f'["{secrets.token_hex(32)}", "changeme"]',
        )


# ---- rotation: an old key still reads, the new one signs --------------------------------


def frame_state(app) -> str:
    visitor = FramedVisitor(app)
    visitor.get(EMBED + "/")
    visitor.post(visitor.form_action(), {"action": "open"})
    visitor.post(visitor.form_action(), {**QUIET["start"], "action": "continue"})
    assert "<h1>Sun</h1>" in visitor.html
    return visitor.state()


def test_after_a_key_change_the_old_key_still_reads_the_frame_and_the_cookie(production):
    old, new = secrets.token_hex(32), secrets.token_hex(32)
    before = production(SECRET_KEY=old)
    browser = before.test_client()
    complete(browser, {"start": QUIET["start"]})
    cookie = browser.get_cookie("selfcheck").value
    token = frame_state(before)

    after = production(SECRET_KEY=new, SECRET_KEY_FALLBACKS=f'["{old}"]')
    assert after.config["SECRET_KEY_FALLBACKS"] == [old]
    frame = after.test_client(use_cookies=False)
    page = frame.post(EMBED + "/step/sun", data={FIELD: token, "action": "open"})
    assert page.status_code == 200 and "<h1>Sun</h1>" in page.get_data(as_text=True)
    site = after.test_client()
    site.set_cookie("selfcheck", cookie)
    assert "<h1>Sun</h1>" in site.get("/step/sun").get_data(as_text=True)

    # what the new app writes is signed with the new key only
    rewritten = re.search(r'name="state" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    URLSafeTimedSerializer(new, salt=FormFieldStore.salt).loads(rewritten)
    gone = production(SECRET_KEY=old)
    refused = gone.test_client(use_cookies=False).post(EMBED + "/step/sun", data={FIELD: rewritten})
    assert refused.status_code == 400 and "Please start again" in refused.get_data(as_text=True)


def test_a_single_old_key_may_be_given_as_text(production):
    old = secrets.token_hex(32)
    app = production(SECRET_KEY=secrets.token_hex(32), SECRET_KEY_FALLBACKS=old)
    assert app.config["SECRET_KEY_FALLBACKS"] == [old]  # not one key per character


def test_state_signed_with_a_key_no_longer_listed_asks_to_start_again():
    token = frame_state(make_app(SECRET_KEY=secrets.token_hex(32)))
    client = make_app(SECRET_KEY=secrets.token_hex(32)).test_client(use_cookies=False)
    response = client.post(EMBED + "/step/sun", data={FIELD: token})
    assert response.status_code == 400
