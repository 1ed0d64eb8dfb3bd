"""Question types: strict number reading, plain-language errors, one check for every way an
answer arrives."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from selfcheck.question_types import REGISTRY, Reading, canonical_number, parse_number
from selfcheck.questionnaire import QUESTION_TYPES

from .conftest import ROOT, make_app
from .reading import text_of


@pytest.mark.parametrize(
    ("raw", "integer", "value"),
    [
        ("42", True, 42),
        (" 1,000 ", True, 1000),
        ("12.0", True, 12),
        ("7.5", False, 7.5),
        ("-0", True, 0),
        ("0.0", False, 0),
        ("2 000", True, 2000),
    ],
)
def test_parse_number_reads_what_people_type(raw, integer, value):
    assert parse_number(raw, integer) == value


@pytest.mark.parametrize(
    "raw", ["NaN", "1e309", "inf", "０９", "12.5", "1,00", "", "--1", "0x10", "٣", "1_000"]
)
def test_parse_number_refuses_everything_else(raw):
    with pytest.raises(ValueError):
        parse_number(raw, True)


@given(st.text(max_size=40))
def test_parse_number_gives_a_finite_number_or_value_error(raw):
    try:
        value = parse_number(raw, False)
    except ValueError:
        return
    assert value == value and abs(value) < float("inf")  # not NaN, not infinite


def test_every_question_type_has_its_macro():
    assert set(REGISTRY) == set(QUESTION_TYPES)
    fields = (ROOT / "templates" / "_fields.html").read_text()
    for kind in REGISTRY.values():
        assert f"{{% macro {kind.widget}(field, q) %}}" in fields, kind.widget


def test_one_wizard_per_flow_built_once(app, questionnaire):
    engine = app.extensions["selfcheck"]
    assert engine.flow(None, "en").wizard is engine.main.wizard
    assert engine.main.wizard.questionnaire.steps == questionnaire.steps


def check(app, step_id, data):
    wizard = app.extensions["selfcheck"].main.wizard
    step = wizard.questionnaire.step_by_id[step_id]
    posted = {key: value if isinstance(value, list) else [value] for key, value in data.items()}
    return wizard.check(step, wizard.keep(step, posted, Reading()), {})


def errors_of(result):
    return {key: [problem.read()] for key, problem in result.problems.items()}


def test_required_and_invalid_answers_get_plain_messages(app):
    result = check(
        app, "start", {"age": "seventy", "red_flags": ["none", "chest_pain"], "pregnant": "maybe"}
    )
    assert not result.valid
    assert errors_of(result) == {
        "age": ["Enter a whole number, like 40"],
        "red_flags": ["Select “None of these” on its own, or uncheck it"],
        "pregnant": ["Select one of the answers shown"],
        "sex": ["Select an answer to “What sex were you given at birth?”"],
        "kidney": ["Select an answer to “Do you have kidney disease, or do you have dialysis?”"],
    }


def test_number_out_of_range_names_the_range_and_unit(app):
    result = check(app, "start", {"age": "130"})
    assert errors_of(result)["age"] == ["Enter a number from 0 to 120 years"]


def test_valid_step_gives_typed_answers(app):
    data = {"stress": "8", "stress_condition": "no", "sleep_hours": "6.5", "refreshed": "rarely"}
    result = check(app, "wellbeing", data)
    assert result.valid
    assert result.answers == {
        "stress": 8,
        "stress_condition": "no",
        "sleep_hours": 6.5,
        "refreshed": "rarely",
    }


def test_text_is_bounded_and_cleaned(app):
    ok = check(app, "own", {"own_question": "  Is\x00 this ok?\x07 "})
    assert ok.answers == {"own_question": "Is this ok?"}
    long = check(app, "own", {"own_question": "x" * 301})
    assert errors_of(long) == {
        "own_question": ["Your answer must be 300 characters or fewer. Shorten it a little."]
    }


def test_unknown_checkbox_values_are_refused(app):
    data = {
        "gut_symptoms": ["none"],
        "gut_conditions": ["celiac", "evil"],
        "gut_alarm": ["none"],
        "infections": ["none"],
    }
    result = check(app, "gut", data)
    assert errors_of(result) == {"gut_conditions": ["Select only the answers shown"]}


@pytest.mark.parametrize(
    ("raw", "integer", "expected"),
    [
        ("7,5", False, 7.5),
        ("5.000", True, 5000),
        ("1.234,5", False, 1234.5),
        ("7.5", False, 7.5),
        ("40", True, 40),
    ],
)
def test_spanish_numbers_use_a_decimal_comma(raw, integer, expected):
    assert parse_number(raw, integer, decimal_comma=True) == expected


def test_english_reads_the_comma_as_thousands():
    assert parse_number("5,000", True) == 5000
    assert parse_number("5.000", False) == 5.0


@given(
    st.one_of(
        st.integers(0, 10**6), st.floats(0, 10**6, allow_nan=False).map(lambda f: round(f, 4))
    )
)
def test_a_stored_number_reads_back_the_same_in_every_language(number):
    text = canonical_number(number)
    for comma in (False, True):
        assert parse_number(text, isinstance(number, int), decimal_comma=comma) == number


# --- the date type: one class, one macro, these tests (tests/data/dated.yaml) -------------

DATED = {"QUESTIONNAIRE": str(ROOT / "tests" / "data" / "dated.yaml"),
         "CLINICS": str(ROOT / "tests" / "data" / "noclinics")}  # fmt: skip


def test_a_date_question_is_a_date_field_checked_and_read_back_in_the_readers_words():
    client = make_app(**DATED).test_client()
    page = client.get("/step/eyes").get_data(as_text=True)
    assert '<input class="input-date" type="date" id="last_test" name="last_test"' in page
    wrong = client.post("/step/eyes", data={"last_test": "15/03/2025", "action": "continue"})
    assert "Enter a date like 2026-03-15" in text_of(wrong)
    future = client.post("/step/eyes", data={"last_test": "2999-01-01", "action": "continue"})
    assert "Enter a date that is today or in the past" in text_of(future)
    done = client.post("/step/eyes", data={"last_test": "2025-03-15", "action": "continue"})
    assert done.headers["Location"] == "/check"
    assert "When was your last eye test? 15 March 2025" in text_of(client.get("/check"))
    results = text_of(client.get("/results"))
    assert "My last eye test was on 15 March 2025. Is it time for another?" in results
    spanish = text_of(client.get("/results?lang=es"))
    assert "Mi último examen de la vista fue el 15 de marzo de 2025." in spanish


def test_a_date_travels_through_the_api_and_fhir():
    client = make_app(**DATED).test_client()
    listed = client.post("/api/v1/report", json={"answers": {"last_test": "2025-03-15"}})
    assert listed.get_json()["questions"][0]["text"].startswith("My last eye test was on 15")
    wrong = client.post("/api/v1/report", json={"answers": {"last_test": "15/03/2025"}})
    assert wrong.status_code == 422
    assert wrong.get_json()["errors"] == [
        {
            "field": "last_test",
            "message": "The answer to “When was your last eye test?” is not a date like "
            "2026-03-15.",
        }
    ]
    item = client.get("/fhir/Questionnaire/dated").get_json()["item"][0]["item"][0]
    assert item["type"] == "date"
    response = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": "http://localhost/fhir/Questionnaire/dated|1",
        "status": "completed",
        "item": [{"linkId": "last_test", "answer": [{"valueDate": "2025-03-15"}]}],
    }
    from_fhir = client.post("/api/v1/report", json=response).get_json()
    assert from_fhir["questions"] == listed.get_json()["questions"]
