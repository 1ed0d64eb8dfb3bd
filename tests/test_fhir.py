"""The questionnaire and answers as FHIR R4 resources, checked with the fhir.resources models
(its R4B package: the R4 shape of Questionnaire and QuestionnaireResponse)."""

from fhir.resources.R4B.questionnaire import Questionnaire as FhirQuestionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from selfcheck import conditions
from selfcheck.fhir import answers_from_response, enable_when

from .personas import OLDER_INDOORS, complete

URL = "/fhir/Questionnaire/vitamin-d-magnesium-immune"


def items(resource):
    for item in resource.get("item", []):
        yield item
        yield from items(item)


def test_the_questionnaire_is_a_valid_fhir_questionnaire(client, questionnaire):
    response = client.get(URL)
    assert response.status_code == 200 and response.mimetype == "application/fhir+json"
    resource = response.get_json()
    FhirQuestionnaire.model_validate(resource)
    assert resource["url"] == "http://localhost" + URL
    assert resource["version"] == questionnaire.meta.version
    by_id = {item["linkId"]: item for item in items(resource)}
    assert [i["linkId"] for i in resource["item"]] == [s.id for s in questionnaire.steps]
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
    yes_no = conditions.parse({"question": "kidney", "equals": "yes"})
    assert enable_when(questionnaire, yes_no)["enableWhen"] == [
        {"question": "kidney", "operator": "=", "answerBoolean": True}
    ]


def test_unknown_questionnaire_is_404(client):
    assert client.get("/fhir/Questionnaire/another").status_code == 404


def test_show_if_beyond_enable_when_uses_the_sdc_expression(questionnaire):
    mixed = conditions.parse(
        {"any": [{"question": "family_conditions", "count_gte": 2},
                 {"all": [{"question": "age", "gte": 70}, {"not": {"question": "kidney",
                                                                   "equals": "yes"}}]}]}
    )  # fmt: skip
    extension = enable_when(questionnaire, mixed)["extension"][0]
    assert extension["url"].endswith("sdc-questionnaire-enableWhenExpression")
    assert extension["valueExpression"] == {
        "language": "text/fhirpath",
        "expression": "((%resource.repeat(item).where(linkId='family_conditions').answer.value"
        ".count() >= 2) or ((%resource.repeat(item).where(linkId='age').answer.value >= 70) and "
        "iif((%resource.repeat(item).where(linkId='kidney').answer.value = true), false, true)))",
    }
    simple_any = conditions.parse({"question": "relatives", "any_of": ["parent", "sibling"]})
    assert enable_when(questionnaire, simple_any) == {
        "enableWhen": [
            {"question": "relatives", "operator": "=", "answerCoding": {"code": "parent"}},
            {"question": "relatives", "operator": "=", "answerCoding": {"code": "sibling"}},
        ],
        "enableBehavior": "any",
    }


def test_the_answers_are_a_valid_questionnaire_response(client, questionnaire):
    complete(client, OLDER_INDOORS)
    response = client.get("/answers.fhir.json")
    assert response.mimetype == "application/fhir+json"
    assert "attachment" in response.headers["Content-Disposition"]
    resource = response.get_json(force=True)
    QuestionnaireResponse.model_validate(resource)
    assert resource["questionnaire"] == f"http://localhost{URL}|{questionnaire.meta.version}"
    assert resource["status"] == "completed"
    by_id = {item["linkId"]: item for item in items(resource)}
    assert by_id["age"]["answer"] == [{"valueInteger": 72}]
    assert by_id["medicines"]["answer"][0]["valueCoding"]["code"] == "ppi"
    assert by_id["indoors"]["answer"] == [{"valueBoolean": True}]
    back = answers_from_response(resource, questionnaire)
    assert back["answers"]["age"] == 72 and back["answers"]["indoors"] == "yes"
    assert back["answers"]["medicines"] == ["ppi"]
    assert back["questionnaire"]["version"] == questionnaire.meta.version
