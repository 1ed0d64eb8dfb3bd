"""Settings from SELFCHECK_* variables; a production app needs a real secret key."""

import logging
import secrets

import pytest

from selfcheck import create_app
from selfcheck.config import ConfigError


def test_production_without_a_secret_key_refuses_to_start(monkeypatch):
    monkeypatch.delenv("SELFCHECK_SECRET_KEY", raising=False)
    monkeypatch.delenv("SELFCHECK_ENV", raising=False)
    with pytest.raises(ConfigError) as caught:
        create_app({"PDF_WARM_UP": False})
    assert str(caught.value).startswith("SELFCHECK_SECRET_KEY is not set.")


def test_development_makes_a_key_and_warns(monkeypatch, caplog):
    monkeypatch.delenv("SELFCHECK_SECRET_KEY", raising=False)
    monkeypatch.setenv("SELFCHECK_ENV", "development")
    with caplog.at_level(logging.WARNING):
        app = create_app({"PDF_WARM_UP": False})
    assert len(app.config["SECRET_KEY"]) == 64
    assert "SELFCHECK_SECRET_KEY is not set: using a random key" in caplog.text


def test_settings_come_from_prefixed_environment_variables(monkeypatch):
    key = secrets.token_hex(32)
    monkeypatch.setenv("SELFCHECK_SECRET_KEY", key)
    monkeypatch.setenv("SELFCHECK_MAX_PROMPTS", "3")
    monkeypatch.setenv("SELFCHECK_TRUSTED_HOSTS", '["selfcheck.example.org"]')
    monkeypatch.setenv("SELFCHECK_PAPER_SIZE", "letter")
    app = create_app({"PDF_WARM_UP": False})
    assert app.config["SECRET_KEY"] == key
    assert app.config["MAX_PROMPTS"] == 3
    assert app.config["PAPER_SIZE"] == "letter"


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ({"PAPER_SIZE": "a3"}, "SELFCHECK_PAPER_SIZE is 'a3'; use a4 or letter."),
        ({"MAX_PROMPTS": 0}, "SELFCHECK_MAX_PROMPTS is 0; use a whole number, 1 or more."),
        ({"ENV": "prod"}, "SELFCHECK_ENV is 'prod'; use production, development or testing."),
        ({"PDF_QUEUE": -1}, "SELFCHECK_PDF_QUEUE is -1; use a whole number, 0 to 64."),
        ({"PDF_NICE": 20}, "SELFCHECK_PDF_NICE is 20; use a whole number, 0 to 19."),
        ({"PDF_PROCESSES": 17}, "SELFCHECK_PDF_PROCESSES is 17; use a whole number, 0 to 16."),
        ({"PDF_RETRY_AFTER": 0}, "SELFCHECK_PDF_RETRY_AFTER is 0; use a whole number, 1 to 600."),
    ],
)
def test_bad_settings_are_clear_start_up_errors(setting, message):
    with pytest.raises(ConfigError) as caught:
        create_app({"SECRET_KEY": secrets.token_hex(32), "PDF_WARM_UP": False, **setting})
    assert str(caught.value) == message
