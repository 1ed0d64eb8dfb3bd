"""The questionnaire and answers as FHIR R4 resources, checked with the fhir.resources models
(its R4B package: the R4 shape of Questionnaire and QuestionnaireResponse), and what each
question type becomes: linkIds, SDC rendering hints, enableWhen answer types, FHIRPath."""

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire as FhirQuestionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from selfcheck import conditions
from selfcheck.fhir import answers_from_response, enable_when, fhirpath, response_to_fhir
from selfcheck.fhir_terms import fhirpath_number, fhirpath_string

from .personas import OLDER_INDOORS, complete

URL = "/fhir/Questionnaire/vitamin-d-magnesium-immune"
ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
EXCLUSIVE = "http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive"


def items(resource):
    for item in resource.get("item", []):
        yield item
        yield from items(item)


def control(item):
    """The itemControl code of an item, or None."""
    for extension in item.get("extension", []):
        if extension["url"] == ITEM_CONTROL:
            return extension["valueCodeableConcept"]["coding"][0]["code"]
    return None


def test_the_questionnaire_is_a_valid_fhir_questionnaire(client, questionnaire):
    response = client.get(URL)
    assert response.status_code == 200 and response.mimetype == "application/fhir+json"
    resource = response.get_json()
    FhirQuestionnaire.model_validate(resource)
    assert resource["url"] == "http://localhost" + URL
    assert resource["version"] == questionnaire.meta.version
    by_id = {item["linkId"]: item for item in items(resource)}
    assert [i["linkId"] for i in resource["item"]] == [f"step.{s.id}" for s in questionnaire.steps]
    assert set(questionnaire.questions) <= set(by_id)

    age = by_id["age"]
    assert age["type"] == "integer" and age["required"] is True
    assert {"url": "http://hl7.org/fhir/StructureDefinition/maxValue", "valueInteger": 120} in age[
        "extension"
    ]
    assert age["_text"]["extension"][0]["extension"] == [
        {"url": "lang", "valueCode": "es"},
        {"url": "content", "valueString": "¿Cuántos años tiene?"},
    ]
    flags = by_id["red_flags"]
    assert flags["type"] == "choice" and flags["repeats"] is True
    assert flags["answerOption"][0]["valueCoding"]["code"] == (
        questionnaire.questions["red_flags"].choices[0].id
    )
    assert by_id["kidney"]["type"] == "boolean"
    assert by_id["own_question"]["type"] == "text" and by_id["own_question"]["maxLength"]
    assert by_id["pregnant"]["enableWhen"] == [
        {"question": "sex", "operator": "!=", "answerCoding": {"code": "male"}}
    ]
    assert by_id["family_conditions"]["enableWhen"] == [
        {"question": "family_autoimmune", "operator": "=", "answerCoding": {"code": "yes"}}
    ]


def test_link_ids_are_unique_even_where_a_step_and_a_question_share_an_id(client, questionnaire):
    resource = client.get(URL).get_json()
    links = [item["linkId"] for item in items(resource)]
    assert len(links) == len(set(links))
    assert "medicines" in questionnaire.step_by_id and "medicines" in questionnaire.questions
    by_id = {item["linkId"]: item for item in items(resource)}
    assert by_id["step.medicines"]["type"] == "group"
    assert by_id["medicines"]["type"] == "choice"
    assert by_id["medicines-hint"] == {
        "linkId": "medicines-hint",
        "type": "display",
        "text": "Tick all that apply.",
        "_text": by_id["medicines-hint"]["_text"],
    }


def test_a_scale_is_an_sdc_slider_with_its_end_labels(client):
    by_id = {item["linkId"]: item for item in items(client.get(URL).get_json())}
    stress = by_id["stress"]
    assert stress["type"] == "integer"
    assert stress["extension"] == [
        {"url": "http://hl7.org/fhir/StructureDefinition/minValue", "valueInteger": 0},
        {"url": "http://hl7.org/fhir/StructureDefinition/maxValue", "valueInteger": 10},
        {
            "url": ITEM_CONTROL,
            "valueCodeableConcept": {
                "coding": [{"system": "http://hl7.org/fhir/questionnaire-item-control",
                            "code": "slider"}]
            },
        },
        {"url": "http://hl7.org/fhir/StructureDefinition/questionnaire-sliderStepValue",
         "valueInteger": 1},
    ]  # fmt: skip
    ends = {child["linkId"]: child for child in stress["item"]}
    assert [(c["text"], control(c)) for c in stress["item"] if c["linkId"] in ends] == [
        ("Not at all", "lower"),
        ("Very stressed", "upper"),
    ]
    upper = ends["stress-upper"]
    assert upper["type"] == "display"
    assert upper["_text"]["extension"][0]["extension"][1] == {
        "url": "content",
        "valueString": "Muchísimo estrés",
    }


def test_choices_are_radio_buttons_or_check_boxes_and_none_is_exclusive(client, questionnaire):
    by_id = {item["linkId"]: item for item in items(client.get(URL).get_json())}
    assert control(by_id["sex"]) == "radio-button"
    assert control(by_id["red_flags"]) == "check-box"
    assert control(by_id["kidney"]) is None  # a boolean: the client's own yes/no
    for question in questionnaire.questions.values():
        for choice in getattr(question, "choices", []):
            option = next(
                o
                for o in by_id[question.id]["answerOption"]
                if o["valueCoding"]["code"] == choice.id
            )
            marked = {"url": EXCLUSIVE, "valueBoolean": True} in option.get("extension", [])
            assert marked is choice.exclusive, (question.id, choice.id)
    none = by_id["red_flags"]["answerOption"][-1]
    assert none["valueCoding"]["code"] == "none" and none["extension"] == [
        {"url": EXCLUSIVE, "valueBoolean": True}
    ]


def test_unknown_questionnaire_is_404(client):
    assert client.get("/fhir/Questionnaire/another").status_code == 404


def test_enable_when_answers_are_of_the_questions_own_type(questionnaire):
    def entries(raw):
        return enable_when(questionnaire, conditions.parse(raw))

    # a decimal question: answerDecimal even for a whole number in the file
    assert entries({"question": "sleep_hours", "lt": 6}) == {
        "enableWhen": [{"question": "sleep_hours", "operator": "<", "answerDecimal": 6.0}]
    }
    assert entries({"question": "age", "gte": 70}) == {
        "enableWhen": [{"question": "age", "operator": ">=", "answerInteger": 70}]
    }
    assert entries({"question": "kidney", "equals": "yes"}) == {
        "enableWhen": [{"question": "kidney", "operator": "=", "answerBoolean": True}]
    }
    assert entries({"question": "stress", "in": [9, 10]}) == {
        "enableWhen": [
            {"question": "stress", "operator": "=", "answerInteger": 9},
            {"question": "stress", "operator": "=", "answerInteger": 10},
        ],
        "enableBehavior": "any",
    }
    # an integer question compared with 6.5 has no answerInteger: FHIRPath says it
    half = entries({"question": "age", "gt": 6.5})
    assert "enableWhen" not in half
    assert half["extension"][0]["valueExpression"]["expression"] == (
        "%resource.repeat(item).where(linkId='age').answer.value.where($this > 6.5).exists()"
    )


def test_negations_that_enable_when_can_say(questionnaire):
    def entries(raw):
        return enable_when(questionnaire, conditions.parse(raw))

    assert entries({"not": {"question": "sex", "in": ["male", "prefer_not"]}}) == {
        "enableWhen": [
            {"question": "sex", "operator": "!=", "answerCoding": {"code": "male"}},
            {"question": "sex", "operator": "!=", "answerCoding": {"code": "prefer_not"}},
        ],
        "enableBehavior": "all",
    }
    assert entries({"not": {"question": "own_question", "answered": True}}) == {
        "enableWhen": [{"question": "own_question", "operator": "exists", "answerBoolean": False}]
    }
    assert "extension" in entries({"not": {"question": "age", "gte": 70}})


def test_show_if_beyond_enable_when_uses_the_sdc_expression(questionnaire):
    mixed = conditions.parse(
        {"any": [{"question": "family_conditions", "count_gte": 2},
                 {"all": [{"question": "age", "gte": 70}, {"not": {"question": "kidney",
                                                                   "equals": "yes"}}]}]}
    )  # fmt: skip
    extension = enable_when(questionnaire, mixed)["extension"][0]
    assert extension["url"].endswith("sdc-questionnaire-enableWhenExpression")
    answer = "%resource.repeat(item).where(linkId='{}').answer.value"
    assert extension["valueExpression"] == {
        "language": "text/fhirpath",
        "expression": f"(({answer.format('family_conditions')}.count() >= 2) or "
        f"({answer.format('age')}.where($this >= 70).exists() and "
        f"{answer.format('kidney')}.where($this = true).exists().not()))",
    }
    simple_any = conditions.parse({"question": "relatives", "any_of": ["parent", "sibling"]})
    assert enable_when(questionnaire, simple_any) == {
        "enableWhen": [
            {"question": "relatives", "operator": "=", "answerCoding": {"code": "parent"}},
            {"question": "relatives", "operator": "=", "answerCoding": {"code": "sibling"}},
        ],
        "enableBehavior": "any",
    }
    choices = conditions.parse({"question": "sex", "in": ["female", "prefer_not"]})
    assert fhirpath(questionnaire, choices) == (
        f"{answer.format('sex')}.where(code = 'female' or code = 'prefer_not').exists()"
    )


@pytest.mark.parametrize(
    "text, literal",
    [("plain", "'plain'"), ("it's", r"'it\'s'"), ("back\\slash", r"'back\\slash'"),
     ("two\nlines", r"'two\nlines'")],
)  # fmt: skip
def test_fhirpath_strings_keep_any_text_one_literal(text, literal):
    assert fhirpath_string(text) == literal


@pytest.mark.parametrize(
    "number, literal",
    [(6, "6"), (6.0, "6"), (7.5, "7.5"), (0.00001, "0.00001"), (-2, "(-2)"), (-0.5, "(-0.5)"),
     (1e20, "100000000000000000000")],
)  # fmt: skip
def test_fhirpath_numbers_are_plain_digits(number, literal):
    assert fhirpath_number(number) == literal


def test_the_answers_are_a_valid_questionnaire_response(client, questionnaire):
    complete(client, OLDER_INDOORS)
    response = client.get("/answers.fhir.json")
    assert response.mimetype == "application/fhir+json"
    assert "attachment" in response.headers["Content-Disposition"]
    resource = response.get_json(force=True)
    QuestionnaireResponse.model_validate(resource)
    assert resource["questionnaire"] == f"http://localhost{URL}|{questionnaire.meta.version}"
    assert resource["status"] == "completed"
    assert [group["linkId"] for group in resource["item"]][:2] == ["step.start", "step.sun"]
    by_id = {item["linkId"]: item for item in items(resource)}
    assert by_id["age"]["answer"] == [{"valueInteger": 72}]
    assert by_id["medicines"]["answer"][0]["valueCoding"]["code"] == "ppi"
    assert by_id["indoors"]["answer"] == [{"valueBoolean": True}]
    back = answers_from_response(resource, questionnaire)
    assert back["answers"]["age"] == 72 and back["answers"]["indoors"] == "yes"
    assert back["answers"]["medicines"] == ["ppi"]
    assert back["questionnaire"]["version"] == questionnaire.meta.version


def test_a_response_whose_groups_are_bare_step_ids_still_reads_back(questionnaire):
    """Before 0.3 a group's linkId was its step id, which can be a question's id too."""
    resource = response_to_fhir(
        questionnaire, {"age": 50, "medicines": ["ppi"], "weight_surgery": "no"}, "http://x"
    )
    for group in resource["item"]:
        group["linkId"] = group["linkId"].removeprefix("step.")
    assert [g["linkId"] for g in resource["item"]] == ["start", "medicines"]
    resource["questionnaire"] = "http://x/fhir/Questionnaire/vitamin-d-magnesium-immune|0.2.0"
    back = answers_from_response(resource, questionnaire)
    assert back["answers"] == {"age": 50, "medicines": ["ppi"], "weight_surgery": "no"}
