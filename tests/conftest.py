"""Fixtures in the flaskr style: the app, its client and CLI runner; shared page readers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from selfcheck import create_app
from selfcheck.questionnaire import load

from .personas import complete

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
# The engine's tests run on questionnaires in tests/data, never on the shipped file: this one
# is a frozen copy of questions.yaml and its demo clinic (0.3.0). Replacing questions.yaml
# fails only the content tests (tests/content/). Set for servers the tests start, too.
FIXTURE = DATA / "vitamin_d"
ENGINE_SETTINGS = {
    "QUESTIONNAIRE": str(FIXTURE / "questions.yaml"),
    "CLINICS": str(FIXTURE / "clinics"),
}
ENGINE_ENV = {f"SELFCHECK_{key}": value for key, value in ENGINE_SETTINGS.items()}
os.environ.update(ENGINE_ENV)


# Property tests try fewer examples in the fast loop on a laptop than in CI (where CI is set,
# as .ci/run and GitHub Actions set it): the same tests, a quarter of the cases.
EXAMPLE_SCALE = 1.0 if os.environ.get("CI") else 0.25


def examples(count: int) -> int:
    """How many examples a property test with `count` in CI tries here."""
    return max(10, int(count * EXAMPLE_SCALE))


def bare_environment() -> dict[str, str]:
    """This process's environment without SELFCHECK_* settings, but for the engine's fixture
    questionnaire: how a command runs with its defaults in these tests."""
    kept = {k: v for k, v in os.environ.items() if not k.startswith("SELFCHECK_")}
    return {**kept, **ENGINE_ENV}


def make_app(**overrides):
    config = {
        "ENV": "testing",
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
        "PDF_WARM_UP": False,
        "PDF_RATE_LIMIT": "1000 per minute",  # tests download many PDFs; one test checks the limit
        **ENGINE_SETTINGS,
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
    return load(FIXTURE / "questions.yaml").first


@pytest.fixture
def finish(client):
    """Answer every step with a persona's answers; returns the last response."""

    def run(answers):
        return complete(client, answers)

    return run
