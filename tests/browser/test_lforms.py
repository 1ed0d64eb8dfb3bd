"""A real FHIR client nobody here wrote — LHC-Forms, from npm — renders the app's
Questionnaire in Chromium: no console errors; it shows and hides exactly what the app shows
and hides; answers typed into it and exported as a QuestionnaireResponse give, through the
API, the command line and "Continue from a saved file", the same clinician questions as the
same answers typed into the app; and the app's own QuestionnaireResponse loads back into it
with every answer shown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from selfcheck.fhir import questionnaire_to_fhir, response_to_fhir
from selfcheck.question_types import MultiChoice, SingleChoice, YesNo
from selfcheck.questionnaire import load

from ..conftest import DATA, ROOT, make_app
from ..fhir_invariants import violations
from ..personas import OLDER_INDOORS, QUIET, complete, flat, persona
from ..reading import prompts_on, text_of
from ..test_cli import report
from ..test_fhir_visibility import app_shows
from ..test_resume import upload
from .lforms import LFORMS_VERSION, Form, install, serve

pytestmark = pytest.mark.browser

SHIPPED = "/fhir/Questionnaire/vitamin-d-magnesium-immune"
# every conditional question of the shipped questionnaire shown, and answers given to
# questions the app hides (pregnant, for a man): they must stay hidden
EVERYTHING = persona(
    QUIET,
    start={"sex": "male", "pregnant": "neither"},
    family={"family_autoimmune": "yes", "family_conditions": ["celiac", "hashimoto"],
            "relatives": ["parent", "sibling"], "celiac_relative": "close"},
    medicines={"vitd_supplement": "yes", "vitd_dose": "1000", "vitd_unit": "iu",
               "mg_supplement": "yes", "mg_dose": "250", "mg_form": "citrate",
               "mg_stomach": "no"},
    tests={"vitd_tested": "yes", "vitd_result": "42.5", "vitd_result_unit": "nmol_l",
           "vitd_test_when": "this_year", "mg_tested": "yes", "abnormal": "no"},
    own={"own_question": "Should I take it with food?"},
)  # fmt: skip
ONLY_MAGNESIUM_TESTED = persona(
    QUIET,
    tests={"vitd_tested": "not_sure", "mg_tested": "yes", "abnormal": "yes"},
    medicines={"mg_supplement": "yes"},
)
SHIPPED_SETS = {"quiet": QUIET, "older_indoors": OLDER_INDOORS, "everything": EVERYTHING,
                "magnesium_tested": ONLY_MAGNESIUM_TESTED}  # fmt: skip
CONDITIONS_SETS = {
    "young": {"age": 30, "smoker": "no", "sex": "female", "meds": ["none"], "mood": 5},
    "older": {"age": 61, "weight": 55.5, "smoker": "yes", "sex": "female",
              "meds": ["ppi", "steroid", "diuretic"], "mood": 8, "note": "it's \"fine\"",
              "not_in": "yes", "light": "no", "over_half": "yes", "several": "two",
              "quoted": "no", "mixed": 3, "not_low": "yes", "chained": "no"},
    "several": {"age": 40, "weight": 80.0, "smoker": "no", "sex": "other",
                "meds": ["ppi", "diuretic"], "mood": 2, "note": "yes", "last_test": "2025-03-01",
                "several": "one", "no_note": "yes", "mixed": 1, "tested": "no",
                "text_equals": "yes"},
}  # fmt: skip


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    yield from serve(tmp_path_factory.mktemp("lforms-site"), install())


@pytest.fixture
def form(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield Form(page, site)
    context.close()


@pytest.fixture(scope="module")
def shipped():
    return load(ROOT / "questions.yaml").first


@pytest.fixture(scope="module")
def served():
    return make_app().test_client().get(SHIPPED).get_json()


def typed(questionnaire, stepwise: dict) -> dict:
    """A persona's step-by-step form values (strings) as typed answers."""
    return flat(stepwise, questionnaire)


def test_the_installed_lforms_is_the_version_asked_for(form):
    assert form.page.evaluate("() => LForms.lformsVersion") == LFORMS_VERSION


def test_lforms_renders_every_questionnaire_without_a_console_error(form, served, shoot):
    engine = make_app().extensions["selfcheck"]
    clinic = engine.flow("demo", "en").questionnaire
    languages = {lang: engine.flow("demo", lang).questionnaire for lang in engine.languages}
    conditions = load(DATA / "fhir/conditions.yaml")
    resources = [
        served,
        questionnaire_to_fhir(clinic, languages, "http://localhost/fhir/Questionnaire/demo"),
        questionnaire_to_fhir(conditions.first, conditions.by_language, "http://localhost/x"),
    ]
    for resource, name in zip(resources, ["shipped", "clinic", "conditions"], strict=True):
        form.render(resource)
        shoot(form.page, f"lforms-{name}")
        always = {
            i["linkId"]
            for i in resource["item"]
            if not i.get("enableWhen")
            and not any("enableWhen" in e["url"] for e in i.get("extension", []))
        }
        assert always and always <= form.shown()
    assert form.errors == [] and form.warnings == []


def _questions_and_groups(resource: dict) -> set[str]:
    found = set()

    def walk(items):
        for item in items:
            if item["type"] != "display":
                found.add(item["linkId"])
            walk(item.get("item", []))

    walk(resource["item"])
    return found


@pytest.mark.parametrize("name", sorted(SHIPPED_SETS))
def test_lforms_shows_and_hides_what_the_app_does(form, served, shipped, name):
    answers = typed(shipped, SHIPPED_SETS[name])
    form.render(served, response_to_fhir(shipped, answers, "http://localhost" + SHIPPED))
    expected = app_shows(shipped, answers)
    assert form.shown() & _questions_and_groups(served) == expected
    assert form.errors == [] and form.warnings == []


@pytest.mark.parametrize("name", sorted(CONDITIONS_SETS))
def test_lforms_evaluates_every_kind_of_condition_as_the_app_does(form, name):
    """enableWhen of each type, negations, and the FHIRPath only enableWhenExpression says."""
    definition = load(DATA / "fhir/conditions.yaml")
    questionnaire = definition.first
    resource = questionnaire_to_fhir(questionnaire, definition.by_language, "http://localhost/x")
    answers = CONDITIONS_SETS[name]
    form.render(resource, response_to_fhir(questionnaire, answers, "http://localhost/x"))
    assert form.shown() & _questions_and_groups(resource) == app_shows(questionnaire, answers)
    assert form.errors == [] and form.warnings == []


def type_into_lforms(form: Form, questionnaire, answers: dict) -> None:
    """Click and type each answer as a person would, in the form's order, where shown."""
    for question in (q for step in questionnaire.steps for q in step.questions):
        if question.id not in answers or question.id not in form.shown():
            continue
        value = answers[question.id]
        if isinstance(question, MultiChoice):
            for code in value:
                form.tick(question.id, code)
        elif isinstance(question, SingleChoice):
            form.tick(question.id, value)
        elif isinstance(question, YesNo):
            form.choose_boolean(question.id, value == "yes")
        else:
            form.type(question.id, str(value))


def app_list(persona_answers: dict) -> list[str]:
    """The clinician questions the app's results page lists for answers typed into it."""
    client = make_app().test_client()
    complete(client, persona_answers)
    return prompts_on(client.get("/results"))


def through_every_door(resource: dict, tmp_path: Path):
    """A QuestionnaireResponse through the API, the command line and the upload."""
    client = make_app().test_client()
    api = client.post("/api/v1/report", data=json.dumps(resource),
                      content_type="application/fhir+json")  # fmt: skip
    cli = report(tmp_path, resource)
    visitor = make_app().test_client()
    uploaded = upload(visitor, json.dumps(resource).encode(), name="answers.fhir.json")
    return api, cli, uploaded, visitor


@pytest.mark.parametrize("name", ["older_indoors", "everything"])
def test_answers_typed_into_lforms_give_the_apps_list_everywhere(form, served, shipped, tmp_path,
                                                                 name):  # fmt: skip
    answers = typed(shipped, SHIPPED_SETS[name])
    form.render(served)
    type_into_lforms(form, shipped, answers)
    assert form.shown() & _questions_and_groups(served) == app_shows(shipped, answers)
    resource = form.export()
    assert [str(v) for v in violations(resource)] == []
    expected = app_list(SHIPPED_SETS[name])
    assert expected

    api, cli, uploaded, visitor = through_every_door(resource, tmp_path)
    body = api.get_json()
    assert api.status_code == 200 and [q["text"] for q in body["questions"]] == expected
    assert cli.returncode == 0, cli.stderr
    printed = [line.split(". ", 1)[1] for line in cli.stdout.splitlines() if line[:1].isdigit()]
    assert printed == [q["text"] for q in body["questions"] + body.get("more", [])]
    assert uploaded.headers["Location"] == "/check"
    assert prompts_on(visitor.get("/results")) == expected
    assert form.errors == []


def test_none_of_these_beside_a_red_flag_in_lforms_leads_to_urgent_help(form, served, shipped,
                                                                        tmp_path):  # fmt: skip
    """LHC-Forms does not enforce optionExclusive, so a person can tick both."""
    answers = typed(shipped, QUIET)
    form.render(served)
    type_into_lforms(form, shipped, answers)
    form.tick("red_flags", "chest_pain")
    assert form.checked("red_flags", "none") and form.checked("red_flags", "chest_pain")
    resource = form.export()
    flags = next(i for g in resource["item"] for i in g["item"] if i["linkId"] == "red_flags")
    assert {a["valueCoding"]["code"] for a in flags["answer"]} == {"none", "chest_pain"}

    api, cli, uploaded, visitor = through_every_door(resource, tmp_path)
    assert api.status_code == 200 and api.get_json()["stop"]["title"] == "Get medical help now"
    assert cli.returncode == 3 and cli.stdout.startswith("Get medical help now")
    assert uploaded.headers["Location"] == "/results"
    assert "Get medical help now" in text_of(visitor.get("/results"))


def test_the_apps_response_loads_back_into_lforms_with_every_answer_shown(form, served, shipped):
    client = make_app().test_client()
    complete(client, EVERYTHING)
    resource = client.get("/answers.fhir.json").get_json(force=True)
    form.render(served, resource)
    given = {item["linkId"]: item["answer"] for g in resource["item"] for item in g["item"]}
    shown = 0
    for link, answers in given.items():
        question = shipped.questions[link]
        for answer in answers:
            if "valueCoding" in answer:
                assert form.checked(link, answer["valueCoding"]["code"]), link
            elif "valueBoolean" in answer:
                assert form.boolean_checked(link, answer["valueBoolean"]), link
            else:
                key, value = next((k, v) for k, v in answer.items() if k.startswith("value"))
                text = form.typed(link)
                number = key in ("valueInteger", "valueDecimal")
                assert (float(text) if number else text) == value, (link, question.type, text)
            shown += 1
    assert shown == sum(len(answers) for answers in given.values()) > 50
    back = form.export()
    again = {item["linkId"]: item["answer"] for g in back["item"] for item in g["item"]}
    assert {k: [_value(a) for a in v] for k, v in again.items()} == {
        k: [_value(a) for a in v] for k, v in given.items()
    }
    assert form.errors == []


def _value(answer: dict):
    """An answer's value, a coding by its code (LHC-Forms adds no system; we add none)."""
    key, value = next((k, v) for k, v in answer.items() if k.startswith("value"))
    return (key, value["code"]) if key == "valueCoding" else (key, value)


def test_without_npm_the_test_fails_and_says_how_to_get_it(tmp_path, monkeypatch):
    from . import lforms

    monkeypatch.setattr(lforms, "CACHE", tmp_path / "cache")
    monkeypatch.setattr(lforms.shutil, "which", lambda name: None)
    with pytest.raises(pytest.fail.Exception, match=r"npm not found: run `make install-dev`"):
        lforms.install()


def test_a_failed_npm_install_fails_the_test_with_npms_words(tmp_path, monkeypatch):
    from . import lforms

    npm = tmp_path / "npm"
    npm.write_text("#!/bin/sh\necho 'npm error code E404' >&2\nexit 1\n")
    npm.chmod(0o755)
    monkeypatch.setattr(lforms, "CACHE", tmp_path / "cache")
    monkeypatch.setattr(lforms.shutil, "which", lambda name: str(npm))
    with pytest.raises(pytest.fail.Exception, match="could not install lforms@40.1.3:\nnpm error"):
        lforms.install()
