"""The shipped files themselves: questions.yaml and the demo clinic pass every check with no
warning, and the app serves them (the engine's own tests use a frozen copy in tests/data)."""

from __future__ import annotations

from click.testing import CliRunner

from selfcheck import review_pack
from selfcheck.cli import selfcheck_cli

from ..conftest import ROOT
from ..reading import text_of


def test_check_passes_on_the_shipped_files_with_no_warning():
    result = CliRunner().invoke(
        selfcheck_cli, ["check", str(ROOT / "questions.yaml"), "--clinics", str(ROOT / "clinics")]
    )
    assert result.exit_code == 0, result.output
    assert any(
        line.endswith("OK — 10 steps, 53 questions, 58 clinician questions, version 0.4.1.")
        for line in result.output.splitlines()
    )
    assert "clinic 'demo' (Demo Family Clinic)" in result.output
    assert "warning" not in result.output  # the shipped file keeps every content rule


def test_the_app_serves_the_shipped_questionnaire_and_its_demo_clinic(client):
    assert "Questions for your clinician" in text_of(client.get("/"))
    assert "Demo Family Clinic" in text_of(client.get("/c/demo/"))


def test_every_shipped_example_is_read_and_shown_in_the_review_pack(shared_app):
    """examples/ (the review pack's worked examples) fits the shipped questionnaire: each
    person reaches a list or urgent help, and the pack shows each, with what they get."""
    examples = sorted((ROOT / "examples").glob("*.json"))
    assert len(examples) == 10
    with shared_app.app_context():
        pack = review_pack.build(shared_app, None, "en", [ROOT / "examples"])
        text = text_of(review_pack.render_html(shared_app, pack, standalone=True))
    assert [e.name for e in pack.examples] == [p.stem.replace("-", " ") for p in examples]
    stops = [e.name for e in pack.examples if e.outcome.stop is not None]
    assert stops == ["chest pain"]
    dialysis = next(e for e in pack.examples if e.name == "dialysis with supplements")
    assert [n.id for n in dialysis.outcome.questions.notices] == ["kidney_supplements"]
    for number, example in enumerate(pack.examples, 1):
        assert f"Example {number}: {example.name}" in text
