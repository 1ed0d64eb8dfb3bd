"""Clinic profiles: checked like questions.yaml, every problem at once with file and line,
and never able to weaken the safety step."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from selfcheck.cli import selfcheck_cli
from selfcheck.clinics import contrast_with_white, load_clinics, origin_allowed
from selfcheck.questionnaire import load as load_definition
from selfcheck.yamlfile import DefinitionFileError

from .conftest import DATA, FIXTURE, ROOT, make_app

BROKEN = DATA / "clinics" / "broken"


def line_of(text: str) -> int:
    """The line of questions.yaml that reads `text` (the first)."""
    lines = (FIXTURE / "questions.yaml").read_text().splitlines()
    return lines.index(text) + 1


@pytest.fixture(scope="module")
def main():
    return load_definition(FIXTURE / "questions.yaml", "questions.yaml")


def load(folder, main):
    return load_clinics(folder, ROOT / "static", main.raw, "questions.yaml", ROOT)


def test_the_demo_clinic_loads_with_its_additions(main):
    profiles = load(FIXTURE / "clinics", main)
    demo = profiles["demo"]
    steps = [step.id for step in demo.questionnaire.steps]
    assert steps[0] == "start" and steps[-2:] == ["clinic_visit", "own"]
    assert demo.questionnaire.stops == main.first.stops  # the safety gate is the same
    assert demo.clinic.embed_origins == ["http://localhost:*", "http://127.0.0.1:*"]
    assert demo.clinic.paper_size == "letter"


def test_every_problem_in_a_clinic_file_is_listed_with_its_line(main):
    with pytest.raises(DefinitionFileError) as caught:
        load(BROKEN, main)
    got = [(e.file, e.line, e.message) for e in caught.value.errors]
    file = "tests/data/clinics/broken/pale.yaml"
    assert got == [
        (
            file,
            3,
            "logo 'clinics/missing.png' was not found in static/. Add the file or correct "
            "the name.",
        ),
        (
            file,
            4,
            "brand_colour #77aaff has a contrast of 2.3:1 with white; WCAG AA needs at least "
            "4.5:1 for text. Choose a darker color (like #1d5e8c).",
        ),
        (
            file,
            9,
            "embed_origins: 'www.pale-clinic.org/embed' is not a web origin. Write the scheme, "
            "host and optional port only, like https://www.example-clinic.org or "
            "http://localhost:*.",
        ),
        (file, 10, "language: 'language' must be one of: 'en' or 'es'."),
        (
            file,
            11,
            "colour: unknown key 'colour'. Did you mean 'brand_colour'? Remove it or correct "
            "its spelling.",
        ),
        (
            file,
            12,
            "a clinic cannot set 'stops': the safety step, urgent-help page and the "
            "questionnaire's own content stay as questions.yaml defines them. Remove it.",
        ),
        (
            file,
            22,
            f"question 'age': duplicate question id 'age' (first at questions.yaml:"
            f"{line_of('      - id: age')}). Every "
            "question needs its own id.",
        ),
        (
            file,
            27,
            "prompt 'pale_prompt': unknown topic 'nowhere'. Topics are: diet, family, gut, "
            "safety, sun, supplements, tests, wellbeing, yours.",
        ),
        (
            file,
            30,
            "prompt 'pale_prompt': when names the question 'nothing', which does not exist.",
        ),
        (file, 32, "detail: no Español (es) translation. Write it as {en: …, es: …}."),
    ]


def test_two_clinics_cannot_share_an_id(main):
    with pytest.raises(DefinitionFileError) as caught:
        load(DATA / "clinics" / "duplicate", main)
    assert [str(e) for e in caught.value.errors] == [
        "tests/data/clinics/duplicate/b.yaml:1: duplicate clinic id 'twin' (first at "
        "tests/data/clinics/duplicate/a.yaml:1). Every clinic needs its own id."
    ]


@pytest.mark.parametrize("key", ["meta", "stops", "notices", "closing"])
def test_a_clinic_cannot_replace_the_safety_step_or_the_content(tmp_path, main, key):
    (tmp_path / "x.yaml").write_text(
        "id: x\nname: X\nbrand_colour: '#1d5e8c'\nphone: '555-0100'\n"
        "urgent_help: {en: Call us., es: Llámenos.}\n"
        f"{key}: []\n"
        "questionnaire: vitamin-d-magnesium-immune\n"
    )
    with pytest.raises(DefinitionFileError) as caught:
        load(tmp_path, main)
    assert f"a clinic cannot set '{key}'" in caught.value.errors[0].message
    assert caught.value.errors[0].line == 6


def test_a_clinic_step_cannot_take_the_safety_step_id(tmp_path, main):
    (tmp_path / "x.yaml").write_text(
        "id: x\nname: X\nbrand_colour: '#1d5e8c'\nphone: '555-0100'\n"
        "urgent_help: {en: Call us., es: Llámenos.}\n"
        "steps:\n  - id: start\n    title: {en: Mine, es: Mío}\n    questions:\n"
        "      - id: mine\n        type: yes_no\n        label: {en: Is this mine, es: Es mío}\n"
        "questionnaire: vitamin-d-magnesium-immune\nafter: start\n"
    )
    with pytest.raises(DefinitionFileError) as caught:
        load(tmp_path, main)
    assert caught.value.errors[0].message == (
        "step 'start': duplicate step id 'start' (first at questions.yaml:"
        f"{line_of('  - id: start')}). "
        "Every step needs its own id."
    )


@pytest.mark.parametrize(
    ("colour", "ratio"),
    [("#ffffff", 1.0), ("#000000", 21.0), ("#767676", 4.54), ("#777777", 4.48)],
)
def test_contrast_follows_wcag(colour, ratio):
    assert round(contrast_with_white(colour), 2) == ratio


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        ("http://localhost:8000", True),
        ("http://localhost", True),
        ("http://127.0.0.1:5000", True),
        ("https://localhost:8000", False),
        ("http://localhost.evil.example", False),
        ("http://localhost:8000.evil.example", False),
        ("https://www.clinic.example", True),
        ("https://www.clinic.example:443", False),
        ("null", False),
    ],
)
def test_embed_origins_match_exactly_or_any_port(origin, allowed):
    patterns = ["http://localhost:*", "http://127.0.0.1:*", "https://www.clinic.example"]
    assert origin_allowed(origin, patterns) is allowed


def test_check_command_covers_clinics():
    result = CliRunner().invoke(selfcheck_cli, ["check", str(FIXTURE / "questions.yaml")])
    assert result.exit_code == 0
    assert "clinic 'demo' (Demo Family Clinic), 1 added question, 1 added clinician question." in (
        result.output
    )
    result = CliRunner().invoke(
        selfcheck_cli, ["check", str(FIXTURE / "questions.yaml"), "--clinics", str(BROKEN)]
    )
    assert result.exit_code == 1
    assert "10 problems found in" in result.output


def test_app_refuses_to_start_with_a_broken_clinic():
    with pytest.raises(DefinitionFileError):
        make_app(CLINICS=str(BROKEN))


def test_a_clinic_gives_its_own_emergency_and_crisis_numbers(tmp_path):
    (tmp_path / "x.yaml").write_text(
        "id: x\nname: X\nbrand_colour: '#1d5e8c'\nphone: '555-0100'\n"
        "urgent_help: {en: Call us., es: Llámenos.}\n"
        "emergency_number: '112'\n"
        "crisis_line: {en: 'Samaritans: call 116 123', es: 'Samaritans: llame al 116 123'}\n"
        "questionnaire: vitamin-d-magnesium-immune\n"
    )
    client = make_app(CLINICS=str(tmp_path)).test_client()
    page = client.get("/c/x/").get_data(as_text=True)
    assert "In an emergency, call 112 or your local emergency number." in page
    assert "call 911" not in page
    site = client.get("/").get_data(as_text=True)
    assert "In an emergency, call 911 or your local emergency number." in site


CLINIC = (
    "id: {id}\nquestionnaire: {questionnaire}\nname: X\nbrand_colour: '#1d5e8c'\n"
    "phone: '555-0100'\nurgent_help: {{en: Call us., es: Llámenos.}}\n"
)
STEP = (
    "steps:\n  - id: extra\n    title: {en: Extra, es: Extra}\n    questions:\n"
    "      - id: extra_q\n        type: yes_no\n        context: Read by the clinic.\n"
    "        label: {en: Is it extra?, es: ¿Es extra?}\n"
)


def test_a_clinic_of_another_questionnaire_is_named_and_not_served(tmp_path, main, caplog):
    (tmp_path / "sleep.yaml").write_text(CLINIC.format(id="sleepy", questionnaire="sleep-check"))
    with pytest.raises(DefinitionFileError) as caught:
        load(tmp_path, main)
    assert [str(e) for e in caught.value.errors] == [
        f"{tmp_path}/sleep.yaml:2: this clinic adds to the questionnaire 'sleep-check', but "
        "questions.yaml is 'vitamin-d-magnesium-immune', so the clinic is not served. If it "
        "belongs to this questionnaire, write `questionnaire: vitamin-d-magnesium-immune` and "
        "check its steps; otherwise move the file out of the clinics folder."
    ]
    app = make_app(CLINICS=str(tmp_path))  # the app starts, without it
    assert app.test_client().get("/c/sleepy/").status_code == 404
    assert "the clinic is not served" in caplog.text


def test_a_clinic_says_after_which_step_its_steps_go(tmp_path, main):
    ident = {"id": "x", "questionnaire": "vitamin-d-magnesium-immune"}
    (tmp_path / "x.yaml").write_text(CLINIC.format(**ident) + STEP)
    with pytest.raises(DefinitionFileError) as caught:
        load(tmp_path, main)
    assert caught.value.errors[0].message.startswith(
        "say where the clinic's steps go with `after:` and the id of the step they follow "
        "(one of: start, sun,"
    )
    (tmp_path / "x.yaml").write_text(CLINIC.format(**ident) + "after: nowhere\n" + STEP)
    with pytest.raises(DefinitionFileError) as caught:
        load(tmp_path, main)
    assert caught.value.errors[0].message.startswith(
        "after: 'nowhere' is not a step of the questionnaire. Use one of: start, sun,"
    )
    (tmp_path / "x.yaml").write_text(CLINIC.format(**ident) + "after: start\n" + STEP)
    steps = [s.id for s in load(tmp_path, main)["x"].questionnaire.steps]
    assert steps[:3] == ["start", "extra", "sun"]
