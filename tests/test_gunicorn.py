"""The app as it runs in production — gunicorn, CSRF on, access log on — keeps no answer
in any log line, while a whole flow with distinctive answers and the PDF goes through it."""

from __future__ import annotations

import time

import pytest

from bench.harness import Gunicorn, Patient

from .personas import QUIET, persona

pytestmark = pytest.mark.load

DISTINCT = "Zebra-Quartz-7391"


@pytest.fixture
def gunicorn(tmp_path):
    logs = {"access": tmp_path / "access.log", "error": tmp_path / "error.log"}
    args = ("--access-logfile", str(logs["access"]), "--error-logfile", str(logs["error"]))
    with Gunicorn(workers=2, pdf_warm_up="false", args=(*args, "--log-level", "debug")) as server:
        yield server.url, logs


def test_a_whole_flow_under_gunicorn_logs_no_answer(gunicorn):
    base, logs = gunicorn
    answers = persona(
        QUIET,
        start={"age": "61"},
        wellbeing={"sleep_hours": "6.25"},
        own={"own_question": DISTINCT},
    )
    patient = Patient(base, answers, marker=f"I also want to ask: {DISTINCT}")
    assert patient.complete_session().startswith(b"%PDF")  # CSRF on, results, PDF
    time.sleep(0.5)  # let gunicorn flush its logs
    access = logs["access"].read_text()
    everything = access + logs["error"].read_text()
    assert "POST /step/own" in access and "GET /results.pdf" in access  # the log works
    for value in [DISTINCT, "6.25", "Zebra"]:
        assert value not in everything
