"""People answer the shipped questionnaire in the web flow; their lists must make sense.

Each persona names prompts that must be on the list and some that must not. They cover
every section, the safety gate, the under-18 stop, high doses in IU and in mcg, and a
person with nothing to flag. A second set of tests finds, for every prompt, stop, notice
and test note in questions.yaml, answers that make it appear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from io import BytesIO

import pytest
from pypdf import PdfReader

from selfcheck import conditions

from .conftest import make_app
from .content_solver import alternatives, answers_for, as_posts
from .personas import OLDER_INDOORS, QUIET, complete, persona


@dataclass
class Persona:
    name: str
    answers: dict
    must: set[str]
    must_not: set[str] = field(default_factory=set)
    says: tuple[str, ...] = ()  # text the results page must show


def yes_vitamin_d(dose: str, unit: str) -> dict:
    return {"vitd_supplement": "yes", "vitd_dose": dose, "vitd_unit": unit}


PERSONAS = [
    Persona(
        "nothing to flag",
        QUIET,
        must=set(),
        must_not={"little_sun", "over_70", "ppi", "stress", "sleep", "family_autoimmune"},
        says=("Your answers did not point to any particular questions", "What is my main problem?"),
    ),
    Persona(
        "72, rarely outside, takes a PPI, mother with Hashimoto's",
        OLDER_INDOORS,
        must={"ppi", "little_sun", "over_70", "family_thyroid", "family_autoimmune"},
        must_not={"over_75", "vitd_dose_high", "family_celiac", "several_conditions", "stress"},
        says=("Because you said", "Less than 15 minutes", "Hashimoto's thyroiditis"),
    ),
    Persona(
        "80 and living in a care home",
        persona(QUIET, start={"age": "80", "sex": "male"}, sun={"indoors": "yes"}),
        must={"over_75", "over_70", "little_sun"},
        must_not={"pregnant"},
    ),
    Persona(
        "vitamin D 5,000 IU a day",
        persona(QUIET, medicines=yes_vitamin_d("5000", "iu")),
        must={"vitd_dose_high"},
        says=("I take 5,000 IU of vitamin D a day.",),
    ),
    Persona(
        "vitamin D 125 mcg a day",
        persona(QUIET, medicines=yes_vitamin_d("125", "mcg")),
        must={"vitd_dose_high"},
        says=("I take 125 mcg of vitamin D a day.",),
    ),
    Persona(
        "vitamin D 100 mcg a day, at the limit",
        persona(QUIET, medicines=yes_vitamin_d("100", "mcg")),
        must=set(),
        must_not={"vitd_dose_high"},
    ),
    Persona(
        "pregnant at 29",
        persona(QUIET, start={"age": "29", "pregnant": "pregnant"}),
        must={"pregnant"},
        must_not={"over_70"},
    ),
    Persona(
        "kidney disease, 400 mg magnesium oxide that upsets the stomach, levothyroxine",
        persona(
            QUIET,
            start={"kidney": "yes"},
            medicines={
                "mg_supplement": "yes",
                "mg_dose": "400",
                "mg_form": "oxide",
                "mg_stomach": "yes",
                "medicines": ["thyroid"],
            },
        ),
        must={
            "kidney_supplements",
            "mg_dose_high",
            "mg_stomach",
            "magnesium_timing",
            "serum_magnesium",
        },
        says=("I take 400 mg of magnesium from supplements.",),
    ),
    Persona(
        "statin and a thiazide water pill",
        persona(QUIET, medicines={"medicines": ["statin", "thiazide"]}),
        must={"medicine_vitd", "diuretic", "serum_magnesium"},
        must_not={"magnesium_timing", "ppi"},
    ),
    Persona(
        "celiac disease, blood in stool, wants a test",
        persona(
            QUIET,
            gut={"gut_conditions": ["celiac"], "gut_alarm": ["blood_in_stool"]},
            tests={"wants_test": "yes"},
        ),
        must={"malabsorption"},
        must_not={"test_useful"},
        says=("Please see a clinician soon",),
    ),
    Persona(
        "weight-loss surgery",
        persona(QUIET, medicines={"weight_surgery": "yes"}),
        must={"malabsorption"},
    ),
    Persona(
        "far north, covered, dark skin",
        persona(QUIET, sun={"region": "far", "covered": "yes", "skin_type": "never_burns"}),
        must={"high_latitude", "little_sun"},
    ),
    Persona(
        "vegan who rarely eats nuts or beans",
        persona(
            QUIET,
            food_d={"fatty_fish": "rarely", "milk": "none", "eggs": "rarely"},
            food_mg={"eating_pattern": "vegan", "nuts_seeds": "rarely", "beans": "rarely"},
        ),
        must={"restricted_diet", "low_magnesium_foods"},
        says=("You said you rarely eat this.",),
    ),
    Persona(
        "stressed and sleeping badly",
        persona(QUIET, wellbeing={"stress": "8", "sleep_hours": "5.5", "refreshed": "rarely"}),
        must={"stress", "sleep"},
        says=("8 out of 10",),
    ),
    Persona(
        "sister with celiac disease, father with type 1 diabetes",
        persona(
            QUIET,
            family={
                "family_autoimmune": "yes",
                "family_conditions": ["celiac", "type1_diabetes"],
                "relatives": ["sibling", "parent"],
                "celiac_relative": "close",
            },
        ),
        must={"family_celiac", "several_conditions", "family_autoimmune"},
        must_not={"family_thyroid"},
    ),
    Persona(
        "past vitamin D test of 42 nmol/L, told it was not normal",
        persona(
            QUIET,
            tests={
                "vitd_tested": "yes",
                "vitd_result": "42",
                "vitd_result_unit": "nmol_l",
                "vitd_test_when": "this_year",
                "abnormal": "yes",
            },
        ),
        must={"vitd_result", "abnormal_result"},
        says=("My vitamin D result was 42 nmol/L.",),
    ),
    Persona(
        "healthy and curious about a test",
        persona(QUIET, tests={"wants_test": "yes"}),
        must={"test_useful"},
        must_not={"malabsorption"},
    ),
    Persona(
        "their own question",
        persona(QUIET, own={"own_question": "Is my tiredness worth a check?"}),
        must={"own_question"},
        says=("I also want to ask: Is my tiredness worth a check?",),
    ),
]


def prompt_ids(html: str) -> set[str]:
    return set(re.findall(r'id="prompt-([a-z0-9_]+)"', html))


@pytest.mark.parametrize("someone", PERSONAS, ids=[p.name for p in PERSONAS])
def test_persona_gets_a_sensible_list(client, someone):
    complete(client, someone.answers)
    page = client.get("/results")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    shown = prompt_ids(html)
    assert someone.must <= shown, f"missing {someone.must - shown}"
    assert not (someone.must_not & shown), f"should not show {someone.must_not & shown}"
    assert "Three questions for every visit" in html
    assert len(shown) <= 10  # the brief: keep the personal list short
    text = " ".join(re.sub(r"<[^>]+>", " ", html.replace("&#39;", "'")).split())
    for words in someone.says:
        assert words in text


def test_personas_cover_every_section(questionnaire):
    """Between them, the personas change an answer on every step of the questionnaire."""
    changed = {
        step
        for someone in PERSONAS
        for step, answers in someone.answers.items()
        if answers != QUIET.get(step)
    }
    assert changed | {"start"} == {step.id for step in questionnaire.steps} | {"start"}
    assert len(PERSONAS) >= 12


def test_red_flag_persona_gets_the_urgent_page_and_no_list(client):
    response = complete(client, persona(OLDER_INDOORS, start={"red_flags": ["breathing"]}))
    page = client.get(response.headers["Location"], follow_redirects=True)
    html = page.get_data(as_text=True)
    assert "Get medical help now" in html and "911" in html and "988" in html
    assert prompt_ids(html) == set()
    assert (
        client.get("/results", follow_redirects=True)
        .get_data(as_text=True)
        .count("Get medical help now")
    )
    assert client.get("/results.pdf").status_code != 200


def test_under_18_persona_gets_the_adults_only_page(client):
    response = complete(client, persona(QUIET, start={"age": "16"}))
    html = client.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "This tool is for adults" in html
    assert prompt_ids(html) == set()


def pdf_text(data: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(BytesIO(data)).pages
    )


def test_results_and_pdf_show_when_the_content_was_reviewed(client, questionnaire):
    complete(client, OLDER_INDOORS)
    reviewed = f"Content reviewed on {questionnaire.meta.reviewed:%-d %B %Y}"
    assert reviewed in client.get("/results").get_data(as_text=True)
    pdf = pdf_text(client.get("/results.pdf").data)
    assert reviewed in pdf  # in the note at the end
    assert pdf.count(reviewed.replace("Content", "content")) == len(
        PdfReader(BytesIO(client.get("/results.pdf").data)).pages
    )


def test_gut_alarm_notice_is_on_the_results_and_in_the_pdf(client):
    complete(client, persona(QUIET, gut={"gut_alarm": ["night_diarrhea"]}))
    assert "Please see a clinician soon" in client.get("/results").get_data(as_text=True)
    assert "Please see a clinician soon" in pdf_text(client.get("/results.pdf").data)


# --- Everything in questions.yaml can be reached -----------------------------------------


@pytest.fixture(scope="module")
def roomy_client():
    """A list long enough that no prompt is cut to keep it short."""
    return make_app(MAX_PROMPTS=100).test_client


def _results_for(client_factory, questionnaire, condition):
    answers = answers_for(questionnaire, condition)
    assert answers is not None, "no answers found that make this condition true"
    client = client_factory()
    complete(client, as_posts(questionnaire, answers))
    return client.get("/results", follow_redirects=True).get_data(as_text=True)


def test_every_prompt_can_fire(roomy_client, questionnaire):
    unreachable = []
    for prompt in questionnaire.prompts:
        html = _results_for(roomy_client, questionnaire, prompt.when)
        if prompt.id not in prompt_ids(html):
            unreachable.append(prompt.id)
    assert unreachable == []


def test_every_stop_notice_and_test_note_can_show(roomy_client, questionnaire):
    for stop in questionnaire.stops:
        assert stop.title in _results_for(roomy_client, questionnaire, stop.when)
    for notice in questionnaire.notices:
        assert notice.title in _results_for(roomy_client, questionnaire, notice.when)
    for item in questionnaire.common_tests.items:
        assert item.title in _results_for(roomy_client, questionnaire, item.when)


def test_the_finder_reports_a_condition_nobody_can_meet(questionnaire):
    impossible = conditions.parse(
        {"all": [{"question": "age", "lt": 18}, {"question": "age", "gt": 70}]}
    )
    assert answers_for(questionnaire, impossible) is None
    hidden = conditions.parse(  # the dose is only asked of people who take vitamin D
        {
            "all": [
                {"question": "vitd_supplement", "equals": "no"},
                {"question": "vitd_dose", "gt": 1},
            ]
        }
    )
    assert answers_for(questionnaire, hidden) is None
    assert alternatives(questionnaire, conditions.parse({"question": "age", "gte": 75})) == [
        {"age": 75}
    ]
