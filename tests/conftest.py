"""Fixtures in the flaskr style: the app, its client and CLI runner; shared page readers."""

from __future__ import annotations

from pathlib import Path

import pytest

from selfcheck import create_app
from selfcheck.questionnaire import load

from .personas import complete

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent


def make_app(**overrides):
    config = {
        "ENV": "testing",
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
        "PDF_WARM_UP": False,
        "PDF_RATE_LIMIT": "1000 per minute",  # tests download many PDFs; one test checks the limit
    }
    config.update(overrides)
    return create_app(config)


@pytest.fixture(scope="session")
def shared_app():
    """One app for every test that does not change its configuration: read-only (each test
    gets its own client, so its own cookies)."""
    return make_app()


@pytest.fixture
def app(shared_app):
    return shared_app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def questionnaire():
    return load(ROOT / "questions.yaml").first


@pytest.fixture
def finish(client):
    """Answer every step with a persona's answers; returns the last response."""

    def run(answers):
        return complete(client, answers)

    return run
