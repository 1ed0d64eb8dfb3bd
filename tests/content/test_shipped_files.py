"""The shipped files themselves: questions.yaml and the demo clinic pass every check with no
warning, and the app serves them (the engine's own tests use a frozen copy in tests/data)."""

from __future__ import annotations

from click.testing import CliRunner

from selfcheck.cli import selfcheck_cli

from ..conftest import ROOT
from ..reading import text_of


def test_check_passes_on_the_shipped_files_with_no_warning():
    result = CliRunner().invoke(
        selfcheck_cli, ["check", str(ROOT / "questions.yaml"), "--clinics", str(ROOT / "clinics")]
    )
    assert result.exit_code == 0, result.output
    assert any(
        line.endswith("OK — 10 steps, 53 questions, 52 clinician questions, version 0.4.0.")
        for line in result.output.splitlines()
    )
    assert "clinic 'demo' (Demo Family Clinic)" in result.output
    assert "warning" not in result.output  # the shipped file keeps every content rule


def test_the_app_serves_the_shipped_questionnaire_and_its_demo_clinic(client):
    assert "Questions for your clinician" in text_of(client.get("/"))
    assert "Demo Family Clinic" in text_of(client.get("/c/demo/"))
