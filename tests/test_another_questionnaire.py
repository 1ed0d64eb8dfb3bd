"""The engine runs any questionnaire: a complete one on another subject (tests/data/hearing/,
every question type, condition operator, stop kind, a notice, test notes, an estimate and a
clinic) goes through every page, Back and Change, the results and the PDF, the API, FHIR, the
command line, a saved file and the clinic's frame — and not one word of the shipped
questionnaire's subject appears anywhere."""

from __future__ import annotations

import io
import json
import re

import pytest
from click.testing import CliRunner
from fhir.resources.R4B.questionnaire import Questionnaire as FhirQuestionnaire
from pypdf import PdfReader

from selfcheck import conditions
from selfcheck.cli import selfcheck_cli
from selfcheck.question_types import QUESTION_TYPES

from .conftest import DATA, make_app
from .personas import complete, flat
from .reading import prompts_on, text_of
from .test_embed import FramedVisitor

HEARING = DATA / "hearing"
SETTINGS = {"QUESTIONNAIRE": str(HEARING / "questions.yaml"), "CLINICS": str(HEARING / "clinics")}
PERSON = {
    "start": {"age": "70", "right_now": ["none"]},
    "hearing": {"trouble": "often", "worse_ear": "left", "hearing_aid": "yes",
                "aid_years": "2.5", "ringing": "8"},
    "noise": {"noise_hours": "9", "noise_places": ["work"], "protection": "no"},
    "drinks": {"coffee": "more"},
    "history": {"last_test": "2025-03-15", "infections": "3", "conditions": ["diabetes", "heart"]},
    "own": {"own_question": "Can I swim with my hearing aid?"},
}  # fmt: skip
LIST = [
    "My left ear is worse. Should that be checked?",
    "I find it hard to follow a talk often. Should my hearing be tested?",
    "The ringing in my ears is strong. What can help?",
    "I do not wear ear protection where it is loud. What should I use?",
    "I have worn a hearing aid for 2.5 years. Should it be checked?",
    "I had 3 ear infections this year. Is that more than expected?",
    "I have more than one long-term condition. Can they affect my hearing?",
    "I am over 65. How often should my hearing be tested?",
    "My last hearing test was on 15 March 2025. Is it time for another?",
    "Can I swim with my hearing aid?",
]
MORE = ["I drink three or more cups of coffee a day. Could that matter for the ringing?"]
ANOTHER_SUBJECT = re.compile(r"vitamin|magnesium|immune|sun\b|PPI", re.IGNORECASE)


@pytest.fixture(scope="module")
def app():
    return make_app(**SETTINGS)


@pytest.fixture
def client(app):
    return app.test_client()


def questionnaire_of(app):
    return app.extensions["selfcheck"].questionnaire


def of_this_subject(text: str) -> None:
    found = ANOTHER_SUBJECT.search(text)
    assert found is None, text[max(0, found.start() - 80) : found.end() + 80]


def test_every_page_back_change_results_and_pdf(client):
    start = client.get("/")
    assert "Questions for your clinician about your hearing" in text_of(start)
    assert "<title>Start – Hearing questions</title>" in start.get_data(as_text=True)
    complete(client, {"start": PERSON["start"]})
    back = client.post("/step/hearing", data={"trouble": "often", "action": "back"})
    assert back.headers["Location"] == "/step/start"
    assert 'value="often" checked' in client.get("/step/hearing").get_data(as_text=True)
    last = complete(client, PERSON, start="/step/hearing")
    assert last.headers["Location"] == "/check"
    check = text_of(client.get("/check"))
    assert "How many years have you worn it? 2.5 years" in check
    assert "When was your last hearing test? 15 March 2025" in check
    change = client.get("/step/noise?change=1")
    assert 'name="change" value="1"' in change.get_data(as_text=True)
    again = client.post(
        "/step/noise", data={**PERSON["noise"], "change": "1", "action": "continue"}
    )
    assert again.headers["Location"] == "/check"
    results = client.get("/results")
    assert prompts_on(results)[: len(LIST)] == LIST
    page = text_of(results)
    assert "Talk to someone soon about noise" in page  # the notice
    assert "You told us you are near loud noise 9 hours a day." in page  # quoting the answer
    assert "Hearing test (audiogram)" in page  # a test note
    assert "Caffeine: about 332 mg a day from food" in page  # the estimate: 3.5 × 95, rounded
    assert "Most adults can have up to: 400 mg (black line)" in page  # its reference_label
    assert "1 more question" in page and MORE[0] in prompts_on(results)
    assert "Questions to ask about your hearing" in page  # meta.list_title
    for response in (start, results, client.get("/step/hearing"), client.get("/check")):
        of_this_subject(text_of(response))
    pdf = client.get("/results.pdf")
    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.data)).pages
    )
    assert LIST[0] in text and MORE[0] in text
    of_this_subject(text)


def test_a_follow_up_that_mixes_an_earlier_step_and_its_page_shows_only_when_it_can_apply():
    client = make_app(**SETTINGS).test_client()
    complete(client, {"start": {"age": "40", "right_now": ["none"]}})
    young = client.get("/step/hearing").get_data(as_text=True)
    assert 'id="question-aid_years"' not in young  # 40: it cannot apply, whatever is chosen
    client.post("/step/start", data={"age": "70", "right_now": ["none"], "action": "continue"})
    older = client.get("/step/hearing").get_data(as_text=True)
    reveal = re.search(r'id="question-aid_years"\s+data-show-if="([^"]+)"', older).group(1)
    assert json.loads(reveal.replace("&#34;", '"')) == {"question": "hearing_aid", "equals": "yes"}


def test_both_kinds_of_stop_and_the_crisis_line(client):
    harm = complete(client, {"start": {"age": "40", "right_now": ["dark_thoughts"]}})
    page = text_of(client.get(harm.headers["Location"]))
    assert "Please talk to someone now" in page
    assert "If you are thinking of harming yourself, call or text 988." in page
    other = make_app(**SETTINGS).test_client()
    loss = complete(other, {"start": {"age": "40", "right_now": ["sudden_loss"]}})
    page = text_of(other.get(loss.headers["Location"]))
    assert "Get medical help today" in page and "harming yourself" not in page
    young = make_app(**SETTINGS).test_client()
    complete(young, {"start": {"age": "15", "right_now": ["none"]}})
    assert "This is for adults" in text_of(young.get("/results"))


def test_the_api_fhir_and_a_saved_file(app, client):
    body = client.post("/api/v1/report", json={"answers": flat(PERSON, questionnaire_of(app))})
    listed = body.get_json()
    assert [q["text"] for q in listed["questions"]] == LIST
    assert [q["text"] for q in listed["more"]] == MORE
    assert listed["estimate"]["intakes"][0]["name"] == "Caffeine"
    of_this_subject(json.dumps(listed))
    resource = client.get("/fhir/Questionnaire/hearing-check").get_json()
    FhirQuestionnaire.model_validate(resource)
    of_this_subject(json.dumps(resource))
    complete(client, PERSON)
    response = client.get("/answers.fhir.json").get_json()
    from_fhir = client.post("/api/v1/report", json=response).get_json()
    assert [q["text"] for q in from_fhir["questions"]] == LIST
    saved = client.get("/answers.json").data
    fresh = app.test_client()
    resumed = fresh.post(
        "/resume", data={"answers_file": (io.BytesIO(saved), "mine.json")},
        content_type="multipart/form-data",
    )  # fmt: skip
    assert resumed.headers["Location"] == "/check"
    assert prompts_on(fresh.get("/results"))[: len(LIST)] == LIST


def test_the_estimate_steps_aside_when_its_unless_holds(app, client):
    """`unless` leaves the estimate and its tips out, and `left_out` is read in their place:
    on the page, on paper and in the API."""
    louder = {**PERSON, "hearing": {**PERSON["hearing"], "ringing": "9"}}
    complete(client, louder)
    page = text_of(client.get("/results"))
    left_out = "Ask your clinician whether coffee could make the ringing worse."
    assert left_out in page
    assert "Caffeine: about" not in page and "Drinks with caffeine" not in page
    pdf = client.get("/results.pdf")
    text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.data)).pages
    )
    assert left_out in text and "Caffeine: about" not in text
    body = client.post("/api/v1/report", json={"answers": flat(louder, questionnaire_of(app))})
    estimate = body.get_json()["estimate"]
    assert estimate["intakes"] == [] and estimate["left_out"] == ["Caffeine"]
    assert estimate["left_out_note"] == left_out
    said = body.get_json()["notices"][0]["said"]
    assert said == "You told us you are near loud noise 9 hours a day."


def test_the_command_line(tmp_path, app):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"answers": flat(PERSON, questionnaire_of(app))}))
    env = {f"SELFCHECK_{key}": value for key, value in SETTINGS.items()}
    result = CliRunner().invoke(selfcheck_cli, ["report", str(path)], env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "Talk to someone soon about noise: You told us you are near loud noise 9 hours a day. "
        "Loud noise all day can harm your ears."
    )
    assert f"1. {LIST[0]}" in result.stdout
    checked = CliRunner().invoke(selfcheck_cli, ["check", SETTINGS["QUESTIONNAIRE"],
                                                 "--clinics", SETTINGS["CLINICS"]])  # fmt: skip
    assert checked.exit_code == 0, checked.output
    assert "clinic 'quiet' (Quiet Ear Clinic), 1 added question" in checked.output


def test_the_clinics_frame(app):
    visitor = FramedVisitor(app)
    visitor.get("/embed/quiet/")
    assert "Quiet Ear Clinic" in visitor.html
    visitor.post(visitor.form_action(), {"action": "open"})
    visitor.answer_all({**PERSON, "clinic_visit": {"visit_kind": "new_aid"}})
    assert "Check your answers" in visitor.html
    visitor.post("/embed/quiet/check", {"goto": "results"})
    assert "I am here for a new hearing aid. What kinds are there?" in text_of(visitor.html)
    of_this_subject(text_of(visitor.html))


def test_the_fixture_uses_every_part_of_the_engine(app):
    """So that the walk-through above covers the whole engine, this file must keep using
    every question type, condition operator and combiner, both stop kinds and the rest."""
    questionnaire = questionnaire_of(app)
    assert {q.type for q in questionnaire.questions.values()} == set(QUESTION_TYPES)
    found = [
        *(q.show_if for q in questionnaire.questions.values() if q.show_if),
        *(p.when for p in questionnaire.prompts),
        *(s.when for s in questionnaire.stops),
        *(n.when for n in questionnaire.notices),
    ]
    operators = {c.operator for condition in found for c, _ in conditions.comparisons(condition)}
    assert operators == set(conditions.COMPARISONS)
    kinds = {type(part).__name__ for condition in found for part in walk(condition)}
    assert {"All", "AnyOf", "Not"} <= kinds
    assert {s.kind for s in questionnaire.stops} == {"urgent", "not_for_you"}
    assert questionnaire.notices and questionnaire.common_tests and questionnaire.estimate
    assert any(p.keep for p in questionnaire.prompts) and any(
        p.not_with for p in questionnaire.prompts
    )
    assert any(
        c.quoted for q in questionnaire.questions.values() for c in getattr(q, "choices", [])
    )
    assert any(not q.integer for q in questionnaire.questions.values() if q.type == "number")
    assert app.extensions["selfcheck"].clinics["quiet"].clinic.after == "drinks"


def walk(condition):
    yield condition
    for inner in getattr(condition, "items", ()) or (
        (condition.item,) if hasattr(condition, "item") else ()
    ):
        yield from walk(inner)


def test_urgent_help_carries_its_numbers_in_the_api_and_on_the_command_line(app, client, tmp_path):
    answers = {"age": 40, "right_now": ["dark_thoughts"]}
    body = client.post("/api/v1/report?clinic=quiet", json={"answers": answers}).get_json()
    assert body["stop"]["help"] == [  # emergency first, the clinic's line last
        "Emergency: call 911 or your local emergency number.",
        "If you are thinking of harming yourself, call or text 988.",
        "If you need help today call Quiet Ear Clinic on 555-0123.",
    ]
    loss = client.post("/api/v1/report", json={"answers": {**answers, "right_now": ["dizzy"]}})
    assert loss.get_json()["stop"]["help"] == [
        "Emergency: call 911 or your local emergency number."
    ]
    described = client.get("/api/v1/questionnaire?clinic=quiet").get_json()
    assert described["emergency_number"] == "911"
    assert "clinic_visit" in [step["id"] for step in described["steps"]]
    nobody = client.post("/api/v1/report?clinic=nobody", json={"answers": answers})
    assert nobody.status_code == 404
    assert nobody.get_json()["errors"][0]["message"] == "There is no clinic with this id."
    path = tmp_path / "urgent.json"
    path.write_text(json.dumps({"answers": answers, "clinic": "quiet"}))
    env = {f"SELFCHECK_{key}": value for key, value in SETTINGS.items()}
    result = CliRunner().invoke(selfcheck_cli, ["report", str(path)], env=env)
    assert result.exit_code == 3
    assert [line for line in result.stdout.splitlines() if line][-3:] == body["stop"]["help"]
    assert "Quiet Ear Clinic on 555-0123" in result.stdout  # the file was saved at the clinic


def test_a_clinic_has_its_own_fhir_questionnaire_and_its_responses_point_to_it(app):
    client = app.test_client()
    resource = client.get("/fhir/Questionnaire/hearing-check-quiet").get_json()
    FhirQuestionnaire.model_validate(resource)
    assert resource["id"] == "hearing-check-quiet"
    links = json.dumps(resource)
    assert '"linkId": "visit_kind"' in links
    complete(
        client, {**PERSON, "clinic_visit": {"visit_kind": "checkup"}}, start="/c/quiet/step/start"
    )
    response = client.get("/c/quiet/answers.fhir.json").get_json()
    assert (
        response["questionnaire"] == "http://localhost/fhir/Questionnaire/hearing-check-quiet|1.0"
    )
    listed = client.post("/api/v1/report?clinic=quiet", json=response).get_json()
    assert [q["text"] for q in listed["questions"]][:1] == LIST[:1]


def test_a_change_that_opens_a_question_further_on_asks_it_and_goes_back_to_the_check():
    client = make_app(**SETTINGS).test_client()
    hearing = {k: v for k, v in PERSON["hearing"].items() if k != "aid_years"}
    younger = {**PERSON, "start": {"age": "40", "right_now": ["none"]}, "hearing": hearing}
    assert complete(client, younger).headers["Location"] == "/check"
    changed = client.post(
        "/step/start",
        data={"age": "70", "right_now": ["none"], "change": "1", "action": "continue"},
    )
    assert changed.headers["Location"] == "/step/hearing?change=1"  # aid_years now applies
    answered = client.post(
        "/step/hearing",
        data={**PERSON["hearing"], "change": "1", "action": "continue"},
    )
    assert answered.headers["Location"] == "/check"  # not through every later step
