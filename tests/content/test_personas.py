"""People answer the shipped questionnaire in the web flow; their lists must make sense.

Each persona names prompts that must be on the list and some that must not, and sentences
the page must show, word for word. Between them they cover every point of issue 14: the
safety notices (very high doses after converting weekly and monthly doses, high results,
kidneys), the red flags, contradictions, first-person sentences true to the answers, doses
per day, week or month, "I don't know" answers, the widened medicines, the evidence fixes
(latitude, VITAL ages, vegans, stress), and the questions that were unused before. A second
set of tests finds, for every prompt, stop, notice and test note, answers that make it appear.
"""

from __future__ import annotations

import re
from html import unescape
from io import BytesIO

import pytest
from pypdf import PdfReader

from selfcheck import conditions

from ..reading import prompt_ids, text_of
from .conftest import make_shipped_app
from .people import OLDER_INDOORS, QUIET, Reader, complete, persona, reads_as_expected
from .solver import answers_for, as_posts


def vitamin_d(dose: str, unit: str = "iu", how_often: str = "day", **more) -> dict:
    return {"vitd_supplement": "yes", "vitd_dose": dose, "vitd_unit": unit,
            "vitd_how_often": how_often, **more}  # fmt: skip


def magnesium(dose: str, **more) -> dict:
    return {"mg_supplement": "yes", "mg_dose": dose, "mg_form": "glycinate", "mg_stomach": "no",
            **more}  # fmt: skip


def result(value: str, unit: str, abnormal: str = "no") -> dict:
    return {"vitd_tested": "yes", "vitd_result": value, "vitd_result_unit": unit,
            "vitd_test_when": "this_year", "abnormal": abnormal}  # fmt: skip


VITAMIN_D_NOTICE = "Talk to a clinician soon about your vitamin D"
RESULT_NOTICE = "Talk to a clinician soon about your vitamin D result"
RESULT_TODAY = "Contact a clinician today about your vitamin D result"
KIDNEY_NOTICE = "Talk to a clinician soon about your supplements and your kidneys"
ENOUGH_VITAMIN_D = {"older_little_sun", "older_adult", "little_sun", "lupus_sun", "skin_sun",
                    "high_latitude", "vegan_vitd", "restricted_diet", "vital_trial"}  # fmt: skip

PERSONAS = [
    Reader(
        "nothing to flag",
        QUIET,
        must_not={"little_sun", "older_adult", "ppi", "stress", "stress_high", "sleep"},
        says=("Your answers did not point to any particular questions", "What is my main problem?"),
        never_says=(VITAMIN_D_NOTICE, "Please see a clinician soon"),
    ),
    Reader(
        "72, rarely outside, a PPI for more than a year, mother with Hashimoto's",
        OLDER_INDOORS,
        must={"ppi", "older_little_sun", "family_thyroid", "vital_trial", "serum_magnesium"},
        must_not={"little_sun", "older_adult", "ppi_short", "several_conditions"},
        says=(
            "I've taken a stomach-acid medicine (PPI) for more than a year. Should my magnesium "
            "be checked?",
            "I'm over 70 and I get little sun. Is the vitamin D I get from food and any "
            "supplements enough for me?",
            "Because you said",
            "Less than 15 minutes",
        ),
    ),
    Reader(
        "80, a man in a nursing home",
        persona(QUIET, start={"age": "80", "sex": "male"}, sun={"indoors": "yes"}),
        must={"older_little_sun"},
        must_not={"older_adult", "little_sun", "pregnant"},
    ),
    Reader(
        "76 and outside every day",
        persona(QUIET, start={"age": "76"}),
        must={"older_adult"},
        must_not={"older_little_sun", "little_sun"},
        says=("I'm over 70. Is the vitamin D I get from food and any supplements enough for me?",),
        never_says=("aiming for", "Should I be aiming"),
    ),
    Reader(
        "45 and indoors most of the time",
        persona(QUIET, sun={"indoors": "yes"}),
        must={"little_sun"},
        says=(
            "I get little sun. Is the vitamin D I get from food and any supplements enough for "
            "me, and is there a reason to test my level?",
        ),
    ),
    Reader(
        "vitamin D 5,000 IU every day",
        persona(QUIET, medicines=vitamin_d("5000")),
        must={"vitd_dose_high"},
        says=(
            "I take 5,000 IU of vitamin D every day. The upper limit for adults is 4,000 IU "
            "(international units), or 100 mcg (micrograms), a day. Is this amount right for me, "
            "and for how long?",
        ),
        never_says=(VITAMIN_D_NOTICE,),
    ),
    Reader(
        "vitamin D 125 mcg every day",
        persona(QUIET, medicines=vitamin_d("125", "mcg")),
        must={"vitd_dose_high"},
        says=("I take 125 mcg of vitamin D every day.",),
    ),
    Reader(
        "vitamin D 100 mcg a day, at the limit",
        persona(QUIET, medicines=vitamin_d("100", "mcg")),
        must_not={"vitd_dose_high"},
    ),
    Reader(
        "a 50,000 IU weekly prescription",
        persona(QUIET, medicines=vitamin_d("50000", how_often="week")),
        must={"vitd_dose_high"},
        says=("I take 50,000 IU of vitamin D once a week.",),
        never_says=(VITAMIN_D_NOTICE, "50,000 IU of vitamin D every day"),
    ),
    Reader(
        "a 50,000 IU monthly prescription",
        persona(QUIET, medicines=vitamin_d("50000", how_often="month")),
        must_not={"vitd_dose_high"},
        never_says=(VITAMIN_D_NOTICE,),
    ),
    Reader(
        "10,000 IU a day at 72, rarely outside",
        persona(OLDER_INDOORS, medicines=vitamin_d("10000")),
        must={"vitd_dose_very_high"},
        must_not={"vitd_dose_high"} | ENOUGH_VITAMIN_D,
        says=(
            VITAMIN_D_NOTICE,
            "10,000 IU (international units), or 250 mcg (micrograms), a day or more",
            "You told us you take 10,000 IU of vitamin D every day.",
        ),
    ),
    Reader(
        "300,000 IU once a month",
        persona(QUIET, medicines=vitamin_d("300000", how_often="month")),
        must_not={"vitd_dose_high"},
        says=(VITAMIN_D_NOTICE,),
    ),
    Reader(
        "2,000 IU a week (1,750 mcg) written in mcg",
        persona(QUIET, medicines=vitamin_d("1750", "mcg", "week")),
        must_not={"vitd_dose_high"},
        says=(VITAMIN_D_NOTICE,),
    ),
    Reader(
        "the issue's person: 50,000 IU a day and a result of 180 ng/mL",
        persona(QUIET, medicines=vitamin_d("50000"), tests=result("180", "ng_ml")),
        must_not={"vitd_dose_high", "vitd_result", "vitd_result_unit_unknown"},
        says=(VITAMIN_D_NOTICE, RESULT_TODAY, "If you feel very unwell, get emergency help now."),
        never_says=(RESULT_NOTICE,),
    ),
    Reader(
        "a result of 60 ng/mL",
        persona(QUIET, tests=result("60", "ng_ml")),
        must_not={"vitd_result"} | ENOUGH_VITAMIN_D,
        says=(RESULT_NOTICE, "above 50 ng/mL (125 nmol/L)"),
        never_says=(RESULT_TODAY,),
    ),
    Reader(
        "a result of 400 nmol/L",
        persona(QUIET, tests=result("400", "nmol_l")),
        says=(RESULT_TODAY,),
        never_says=(RESULT_NOTICE,),
    ),
    Reader(
        "a past result of 42 nmol/L, told it was not normal",
        persona(QUIET, tests=result("42", "nmol_l", abnormal="yes")),
        must={"abnormal_vitd_result"},
        must_not={"vitd_result", "abnormal_result"},  # one item, not two (clinical review)
        says=(
            "I was told a past vitamin D or magnesium result was not normal. My vitamin D "
            "result was 42 nmol/L. What does it mean for me now?",
        ),
        never_says=(RESULT_NOTICE,),
    ),
    Reader(
        "a result of 80 in a unit they do not know",
        persona(QUIET, tests=result("80", "unknown")),
        must={"high_vitd_result"},  # above 50: it may be ng/mL (0.4.1)
        must_not={"vitd_result_unit_unknown"},
        says=(
            "My vitamin D result was 80 (unit not known). What does it mean for me, and should "
            "my calcium be checked?",
        ),  # fmt: skip
        never_says=(RESULT_NOTICE,),
    ),
    Reader(
        "kidney disease, 400 mg magnesium oxide that upsets the stomach, levothyroxine",
        persona(
            QUIET,
            start={"kidney": "yes"},
            medicines={
                **magnesium("400", mg_form="oxide", mg_stomach="yes"),
                "medicines": ["thyroid"],
            },  # fmt: skip
        ),
        must={"mg_stomach", "levothyroxine_spacing"},
        must_not={"mg_dose_high", "serum_magnesium", "restricted_diet"},
        says=(
            KIDNEY_NOTICE,
            "I take thyroid hormone, like levothyroxine. How far apart should I take it from "
            "calcium, iron, magnesium or antacids?",
            "The levothyroxine label says to take it at least 4 hours apart from them.",
            "A blood test can show if the level is too high.",
            "The kinds most often reported to do this are magnesium carbonate, chloride, "
            "gluconate and oxide.",
        ),
        never_says=("a normal result does not always mean your stores are fine",),
    ),
    Reader(
        "500 mg of magnesium and a PPI for more than a year",
        persona(
            QUIET, medicines={**magnesium("500"), "medicines": ["ppi"], "ppi_duration": "over_year"}
        ),  # fmt: skip
        must={"mg_dose_high", "ppi"},
        must_not={"serum_magnesium"},
        says=(
            "I take 500 mg of magnesium from supplements. The upper limit from supplements and "
            "medicines is 350 mg (milligrams) a day. Is that right for me?",
            "Get help right away for a seizure, a racing or irregular heartbeat, or muscle spasms "
            "that will not stop.",
        ),
        never_says=("could my body still be low on it?",),
    ),
    Reader(
        "a PPI for less than a year",
        persona(QUIET, medicines={"medicines": ["ppi"], "ppi_duration": "up_to_year"}),
        must={"ppi_short"},
        must_not={"ppi"},
        says=(
            "I take a stomach-acid medicine (PPI). How long should I take it, and could it affect "
            "my magnesium over time?",
        ),
        never_says=("for a long time. Should", "for more than a year"),
    ),
    Reader(
        "an antacid with magnesium",
        persona(QUIET, medicines={"medicines": ["mg_antacid"]}),
        must={"mg_medicines"},
        must_not={"serum_magnesium"},
        says=("I take an antacid or laxative with magnesium.",),
    ),
    Reader(
        "does not know how much vitamin D or magnesium they take",
        persona(
            QUIET,
            medicines={
                "vitd_supplement": "yes",
                "vitd_dose": "",
                "vitd_unit": "unknown",
                "vitd_how_often": "not_sure",
                "mg_supplement": "yes",
                "mg_dose": "",
                "mg_form": "unknown",
            },
        ),  # fmt: skip
        must={"bring_labels"},
        must_not={"vitd_dose_high", "mg_dose_high"},
        says=(
            "I'm not sure how much is in some of my supplements. Can we go over the bottles or "
            "labels together?",
            "Is that amount in IU or mcg? I don't know",
        ),
    ),
    Reader(
        "several medicines, vitamin D and magnesium",
        persona(
            QUIET,
            start={"age": "66"},
            medicines={
                **vitamin_d("1000"),
                **magnesium("200"),
                "minerals": ["calcium", "iron"],
                "medicines": [
                    "thiazide",
                    "steroid",
                    "seizure",
                    "bisphosphonate",
                    "antibiotic",
                    "thyroid",
                    "rifampin",
                    "cholestyramine",
                    "orlistat",
                ],
            },  # fmt: skip
        ),
        must={
            "thiazide_vitd",
            "steroid_bones",
            "vitd_medicines",
            "bisphosphonate",
            "antibiotic_spacing",
            "levothyroxine_spacing",
        },  # fmt: skip
        says=(
            "I take a water pill like hydrochlorothiazide, and vitamin D or calcium. Could they "
            "raise the calcium in my blood too much?",
            "I take steroid tablets like prednisone. How can I protect my bones, and should we "
            "talk about calcium and vitamin D?",
            "One of my medicines can lower vitamin D. Does that change what I need, or should my "
            "level be checked?",
            "I take a bone pill like alendronate. What should I know about calcium, vitamin D and "
            "the timing of my other pills?",
            "I take an antibiotic like doxycycline or ciprofloxacin, and calcium, iron or "
            "magnesium. How far apart should I take them?",
        ),
        never_says=("affect how my body absorbs vitamin D",),
    ),
    Reader(
        "celiac disease, blood in the stool, wants a test",
        persona(
            QUIET,
            gut={"gut_conditions": ["celiac"], "gut_alarm": ["blood_in_stool"]},
            tests={"wants_test": "yes"},
        ),
        must={"malabsorption"},
        must_not={"test_useful"},
        says=(
            "Please see a clinician soon",
            "I have a gut, liver or pancreas condition. Could it change how well my body takes in "
            "vitamin D and magnesium?",
        ),
    ),
    Reader(
        "weight-loss surgery",
        persona(QUIET, medicines={"weight_surgery": "yes"}),
        must={"weight_loss_surgery"},
        says=("I had weight-loss surgery. Could it change how well my body takes in vitamin D?",),
    ),
    Reader(
        "far north, covered, dark skin",
        persona(QUIET, sun={"region": "far", "covered": "yes", "skin_type": "never_burns"}),
        must={"high_latitude", "skin_sun"},
        must_not={"little_sun"},
        says=(
            "I live far from the equator, with long dark winters. Does winter change anything for "
            "me?",
            "which includes the northern US, the skin makes little or none from November to "
            "February. In the UK, this lasts from about October to March.",
        ),
        never_says=("I get little sun",),
    ),
    Reader(
        "a vegan who eats nuts and beans",
        persona(QUIET, food_mg={"eating_pattern": "vegan"}),
        must={"vegan_vitd"},
        must_not={"restricted_diet", "low_magnesium_foods", "mg_vitd_link"},
        says=("I eat a vegan diet. Do I get enough vitamin D?",),
        never_says=("Do I get enough vitamin D and magnesium?",),
    ),
    Reader(
        "a vegan who rarely eats nuts or beans",
        persona(
            QUIET,
            food_d={"fatty_fish": "rarely", "milk": "none", "eggs": "rarely"},
            food_mg={
                "eating_pattern": "vegan",
                "nuts_seeds": "rarely",
                "beans": "rarely",
                "greens": "rarely",
            },  # fmt: skip
        ),
        must={"vegan_vitd", "low_magnesium_foods"},
        says=(
            "I rarely eat nuts or beans. Which foods could give me more magnesium?",
            "You said you rarely eat this.",
        ),  # fmt: skip
    ),
    Reader(
        "takes vitamin D and rarely eats nuts or beans",
        persona(
            QUIET,
            food_mg={"nuts_seeds": "rarely", "beans": "rarely", "grains": "rarely"},
            medicines=vitamin_d("1000"),
        ),
        must={"mg_vitd_link"},
        must_not={"low_magnesium_foods"},
        says=(
            "I take vitamin D, and I rarely eat nuts or beans. Could more magnesium from food "
            "help my body use vitamin D?",
        ),
    ),
    Reader(
        "stressed and sleeping badly, no diagnosis",
        persona(QUIET, wellbeing={"stress": "8", "sleep_hours": "5.5", "refreshed": "rarely"}),
        must={"stress_high", "sleep"},
        must_not={"stress"},
        says=("8 out of 10", "My stress has been high this past month."),
        never_says=("Sweden",),
    ),
    Reader(
        "a diagnosed stress-related condition",
        persona(QUIET, wellbeing={"stress_condition": "yes", "stress": "8"}),
        must={"stress"},
        must_not={"stress_high"},
        says=(
            "A doctor told me I have a condition linked to stress.",
            "The study shows a link, not a cause.",
        ),  # fmt: skip
    ),
    Reader(
        "45, sister with celiac disease, father with type 1 diabetes",
        persona(
            QUIET,
            family={
                "family_autoimmune": "yes",
                "family_conditions": ["celiac", "type1_diabetes"],
                "relatives": ["sibling", "parent"],
                "celiac_relative": "close",
            },
        ),
        must={"family_celiac", "several_conditions"},
        must_not={"family_thyroid", "vital_trial", "own_and_family"},
        says=(
            "A parent, brother, sister or child of mine has celiac disease. Should I be tested "
            "for it?",
        ),
    ),
    Reader(
        "a man of 52 whose mother has lupus (the ages VITAL enrolled)",
        persona(
            QUIET,
            start={"age": "52", "sex": "male"},
            family={
                "family_autoimmune": "yes",
                "family_conditions": ["lupus"],
                "relatives": ["parent"],
            },
        ),  # fmt: skip
        must={"vital_trial"},
        says=(
            "123 people in the vitamin D group and 155 in the dummy pill group",
            "The result was borderline",
        ),  # fmt: skip
    ),
    Reader(
        "a woman of 52 whose mother has lupus (too young for VITAL)",
        persona(
            QUIET,
            start={"age": "52"},
            family={
                "family_autoimmune": "yes",
                "family_conditions": ["lupus"],
                "relatives": ["parent"],
            },
        ),  # fmt: skip
        must_not={"vital_trial"},
    ),
    Reader(
        "40 with lupus, an aunt with rheumatoid arthritis",
        persona(
            QUIET,
            start={"age": "40"},
            family={
                "family_autoimmune": "yes",
                "family_conditions": ["rheumatoid"],
                "relatives": ["aunt_uncle"],
                "own_conditions": ["lupus"],
            },
        ),  # fmt: skip
        must={"lupus_sun", "own_and_family"},
        must_not={"several_conditions", "little_sun"},
        says=(
            "I have lupus. If I stay out of the sun, is the vitamin D I get from food and any "
            "supplements enough for me?",
            "I have an autoimmune condition, and so does someone in my family.",
        ),
    ),
    Reader(
        "pale greasy stools and loose stools",
        persona(QUIET, gut={"gut_symptoms": ["pale_stools", "diarrhea"]}),
        must={"pale_stools", "loose_stools"},
        says=(
            "I often have pale, greasy stools that are hard to flush. Could my body be having "
            "trouble taking in fat, and vitamin D with it?",
            "I often have loose or watery stools. Could that lower my magnesium?",
        ),
    ),
    Reader(
        "two sinus infections this year",
        persona(QUIET, gut={"infections": ["sinus"]}),
        must={"frequent_infections"},
        says=(
            "I've had repeated infections. Is that more than expected for an adult, and should we "
            "look into why?",
            "2 or more new sinus infections in the past year",
        ),
    ),
    Reader(
        "breastfeeding at 31",
        persona(QUIET, start={"age": "31", "pregnant": "breastfeeding"}),
        must={"pregnant", "breastfed_baby"},
        says=(
            "I'm breastfeeding. What amounts of vitamin D and magnesium are right for me?",
            "I'm breastfeeding. Does my baby need vitamin D drops?",
        ),
        never_says=("I'm pregnant",),
    ),
    Reader(
        "pregnant at 29",
        persona(QUIET, start={"age": "29", "pregnant": "pregnant"}),
        must={"pregnant"},
        must_not={"older_adult", "breastfed_baby"},
        says=("I'm pregnant. What amounts of vitamin D and magnesium are right for me?",),
    ),
    Reader(
        "a busy list: everything at once, and their own question",
        persona(
            OLDER_INDOORS,
            food_mg={"eating_pattern": "restricted"},
            wellbeing={"stress": "9", "sleep_hours": "5", "refreshed": "rarely"},
            medicines={
                **magnesium("200", mg_stomach="yes"),
                "minerals": ["iron"],
                "medicines": ["ppi", "thyroid", "steroid", "loop_diuretic", "orlistat"],
                "ppi_duration": "over_year",
                "weight_surgery": "yes",
            },
            gut={"gut_symptoms": ["pale_stools"], "infections": ["pneumonia"]},
            tests={
                "vitd_tested": "yes",
                "vitd_result": "30",
                "vitd_result_unit": "nmol_l",
                "abnormal": "yes",
                "mg_tested": "yes",
                "wants_test": "yes",
            },
            own={"own_question": "Why am I so tired?"},
        ),  # fmt: skip
        must={"weight_loss_surgery", "abnormal_vitd_result", "own_question", "ppi"},
        says=("more questions", "I also want to ask: Why am I so tired?"),
    ),
    Reader(
        "their own question",
        persona(QUIET, own={"own_question": "Is my tiredness worth a check?"}),
        must={"own_question"},
        says=("I also want to ask: Is my tiredness worth a check?",),
    ),
]


def on_list(html: str) -> set[str]:
    """Prompts on the list itself (not the "N more questions" below it)."""
    return set(re.findall(r'id="prompt-([a-z0-9_]+)"', html.split('class="more-questions"')[0]))


@pytest.mark.parametrize("someone", PERSONAS, ids=[p.name for p in PERSONAS])
def test_persona_gets_a_sensible_list(client, someone):
    complete(client, someone.answers)
    page = client.get("/results")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    reads_as_expected(html, someone)
    assert "Three questions for every visit" in html
    assert len(on_list(html)) <= 10  # the brief: keep the personal list short


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


@pytest.mark.parametrize(
    "flag", ["breathing", "seizure", "heartbeat", "spasms", "self_harm"]
)  # the FDA's signs of very low magnesium are urgent too
def test_red_flag_persona_gets_the_urgent_page_and_no_list(client, flag):
    response = complete(client, persona(OLDER_INDOORS, start={"red_flags": [flag]}))
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


def test_the_new_red_flags_read_as_a_person_would_check_them(client):
    html = text_of(client.get("/step/start").get_data(as_text=True))
    for label in [
        "A seizure (fit)",
        "A racing or irregular heartbeat",
        "Muscle spasms or cramps that will not stop",
    ]:
        assert label in html


def test_sunscreen_is_no_longer_a_trigger(client, questionnaire):
    """Sunscreen makes little difference in real use: it is neither asked nor read by a rule."""
    assert not any("sunscreen" in q.id for q in questionnaire.questions.values())
    html = text_of(client.get("/step/sun").get_data(as_text=True))
    assert "how often do you wear sunscreen" not in html


def test_under_18_persona_gets_the_adults_only_page(client):
    response = complete(client, persona(QUIET, start={"age": "16"}))
    html = client.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "This tool is for adults" in html
    assert prompt_ids(html) == set()


def test_a_weekly_dose_reads_right_in_spanish(client):
    complete(client, persona(QUIET, medicines=vitamin_d("50000", how_often="week")))
    text = text_of(client.get("/results?lang=es").get_data(as_text=True))
    assert "Tomo 50 000 UI de vitamina D una vez por semana." in text


def pdf_text(data: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(BytesIO(data)).pages
    )


def test_results_and_pdf_show_when_the_content_was_reviewed(client, questionnaire):
    complete(client, OLDER_INDOORS)
    reviewed = f"Content reviewed on {questionnaire.meta.reviewed:%-d %B %Y}"
    assert reviewed == "Content reviewed on 28 November 2026"
    assert reviewed in client.get("/results").get_data(as_text=True)
    pdf = pdf_text(client.get("/results.pdf").data)
    assert reviewed in pdf  # in the note at the end
    assert pdf.count(reviewed.replace("Content", "content")) == len(
        PdfReader(BytesIO(client.get("/results.pdf").data)).pages
    )


def test_safety_notices_are_in_the_pdf(client):
    complete(client, persona(QUIET, start={"kidney": "yes"},
                             medicines=vitamin_d("70000", how_often="week"),
                             gut={"gut_alarm": ["night_diarrhea"]}))  # fmt: skip
    assert "Please see a clinician soon" in client.get("/results").get_data(as_text=True)
    pdf = pdf_text(client.get("/results.pdf").data)
    for title in ["Please see a clinician soon", KIDNEY_NOTICE, VITAMIN_D_NOTICE]:
        assert title in pdf


# --- Everything in questions.yaml can be reached -----------------------------------------


@pytest.fixture(scope="module")
def roomy_client():
    """A list long enough that no prompt is cut to keep it short."""
    return make_shipped_app(MAX_PROMPTS=100).test_client


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
        assert unescape(item.text) in text_of(_results_for(roomy_client, questionnaire, item.when))


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
    assert answers_for(questionnaire, conditions.parse({"question": "age", "gte": 75}))["age"] == 75
    between = conditions.parse(
        {"all": [{"question": "vitd_result", "gt": 50}, {"question": "vitd_result", "lte": 150}]}
    )
    assert 50 < answers_for(questionnaire, between)["vitd_result"] <= 150
