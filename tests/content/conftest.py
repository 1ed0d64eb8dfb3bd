"""Content tests run on the shipped files: questions.yaml and clinics/ at the project root."""

from __future__ import annotations

import pytest

from ..conftest import ROOT, make_app
from .people import SHIPPED

SHIPPED_SETTINGS = {"QUESTIONNAIRE": str(ROOT / "questions.yaml"), "CLINICS": str(ROOT / "clinics")}


def make_shipped_app(**overrides):
    return make_app(**{**SHIPPED_SETTINGS, **overrides})


@pytest.fixture(scope="session")
def shared_app():
    return make_shipped_app()


@pytest.fixture(scope="session")
def questionnaire():
    return SHIPPED
