"""Every Questionnaire and QuestionnaireResponse the app produces passes the invariants a
validating FHIR server checks (tests/fhir_invariants.py: que-0 … que-13, qrs-1, qrs-2 and the
enableWhen rules, by FHIRPath) and the fhir.resources models: the shipped questionnaire (as
served, in both languages), the demo clinic's, and the test questionnaires. Each check is
shown to fail on a resource that breaks it, so none passes by not being evaluated."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire as FhirQuestionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from selfcheck.fhir import questionnaire_to_fhir, response_to_fhir
from selfcheck.questionnaire import load

from . import fhir_invariants
from .fhir_invariants import INVARIANTS, R4, evaluate, holds, violations
from .personas import OLDER_INDOORS, QUIET, complete, persona

DATA = Path(__file__).parent / "data"
TEST_QUESTIONNAIRES = ["review/plain.yaml", "cap.yaml", "minimal.yaml", "skip_step.yaml",
                       "fhir/conditions.yaml"]  # fmt: skip
URL = "http://localhost/fhir/Questionnaire/"


def keys(resource) -> set[str]:
    return {violation.key for violation in violations(resource)}


def passes(resource) -> None:
    """No invariant broken, and the R4 shape as fhir.resources reads it."""
    assert [str(v) for v in violations(resource)] == []
    model = {"Questionnaire": FhirQuestionnaire, "QuestionnaireResponse": QuestionnaireResponse}
    model[resource["resourceType"]].model_validate(resource)


# ---- the checker can fail ------------------------------------------------------------------

VALID_QUESTIONNAIRE = {
    "resourceType": "Questionnaire",
    "name": "Valid",
    "status": "active",
    "item": [
        {
            "linkId": "g",
            "type": "group",
            "item": [
                {"linkId": "q", "type": "choice", "answerOption": [{"valueCoding": {"code": "a"}}]},
                {"linkId": "n", "type": "integer", "repeats": True},
                {
                    "linkId": "later",
                    "type": "string",
                    "maxLength": 10,
                    "enableWhen": [
                        {"question": "q", "operator": "exists", "answerBoolean": True},
                        {"question": "n", "operator": ">", "answerInteger": 2},
                    ],
                    "enableBehavior": "all",
                },
                {"linkId": "d", "type": "display", "text": "A note."},
            ],
        }
    ],
}
VALID_RESPONSE = {
    "resourceType": "QuestionnaireResponse",
    "status": "completed",
    "item": [
        {
            "linkId": "g",
            "item": [
                {"linkId": "q", "answer": [{"valueCoding": {"code": "a"}}]},
                {"linkId": "n", "answer": [{"valueInteger": 3}, {"valueInteger": 4}]},
            ],
        }
    ],
}


def broken(base: dict, change) -> dict:
    """A copy of `base` changed in place by `change(resource)`."""
    resource = copy.deepcopy(base)
    change(resource)
    return resource


def question(resource: dict, index: int) -> dict:
    return resource["item"][0]["item"][index]


def conditional(resource: dict) -> dict:
    return question(resource, 2)


def expression(text: str) -> list[dict]:
    return [
        {
            "url": fhir_invariants.ENABLE_WHEN_EXPRESSION,
            "valueExpression": {"language": "text/fhirpath", "expression": text},
        }
    ]


Q, R = VALID_QUESTIONNAIRE, VALID_RESPONSE
TWICE = [{"linkId": "n", "answer": [{"valueInteger": 3}]},
         {"linkId": "n", "answer": [{"valueInteger": 4}]}]  # fmt: skip
BREAKERS = {
    "que-0": broken(Q, lambda r: r.update(name="valid questionnaire")),
    "que-1": broken(Q, lambda r: r["item"][0].update(item=[])),
    "que-2": broken(Q, lambda r: question(r, 3).update(linkId="g")),
    "que-3": broken(Q, lambda r: question(r, 3).update(code=[{"code": "x"}])),
    "que-4": broken(Q, lambda r: question(r, 0).update(answerValueSet="http://example.org/vs")),
    "que-5": broken(Q, lambda r: question(r, 3).update(answerOption=[{"valueString": "a"}])),
    "que-6": broken(Q, lambda r: question(r, 3).update(required=True)),
    "que-7": broken(
        Q,
        lambda r: conditional(r).update(
            enableWhen=[
                {"question": "q", "operator": "exists", "answerCoding": {"code": "a"}},
                conditional(r)["enableWhen"][1],
            ]
        ),
    ),  # fmt: skip
    "que-8": broken(Q, lambda r: r["item"][0].update(initial=[{"valueString": "x"}])),
    "que-9": broken(Q, lambda r: question(r, 3).update(readOnly=True)),
    "que-10": broken(Q, lambda r: question(r, 0).update(maxLength=5)),
    "que-11": broken(Q, lambda r: question(r, 0).update(initial=[{"valueCoding": {"code": "a"}}])),
    "que-12": broken(Q, lambda r: conditional(r).pop("enableBehavior")),
    "que-13": broken(
        Q, lambda r: conditional(r).update(initial=[{"valueString": "a"}, {"valueString": "b"}])
    ),
    "qrs-1": broken(R, lambda r: r["item"][0].update(answer=[{"valueString": "x"}])),
    # qrs-2 sees two levels below the item it is evaluated on, sdcqr-2 every level
    "qrs-2": broken(R, lambda r: r["item"][0].update(item=[{"linkId": "h", "item": TWICE}])),
    "sdcqr-2": broken(R, lambda r: r["item"][0].update(item=TWICE)),
    "ew-question": broken(Q, lambda r: conditional(r)["enableWhen"][1].update(question="g")),
    "ew-type": broken(
        Q,
        lambda r: conditional(r).update(
            enableWhen=[
                conditional(r)["enableWhen"][0],
                {"question": "n", "operator": ">", "answerDecimal": 2.5},
            ]
        ),
    ),  # fmt: skip
    "ew-expression": broken(
        Q,
        lambda r: question(r, 1).update(
            extension=expression("%resource.repeat(item).where(linkId='q').answer.value.code = 'a'")
        ),
    ),
}


def test_the_valid_resources_pass():
    passes(VALID_QUESTIONNAIRE)
    passes(VALID_RESPONSE)


def test_every_invariant_and_rule_has_a_resource_that_breaks_it():
    checked = {invariant.key for invariant in INVARIANTS} | {"ew-question", "ew-type",
                                                            "ew-expression"}  # fmt: skip
    assert set(BREAKERS) == checked


@pytest.mark.parametrize("key", sorted(BREAKERS))
def test_each_check_fails_on_the_resource_that_breaks_it(key):
    also = {"qrs-2": {"sdcqr-2"}}.get(key, set())
    assert keys(BREAKERS[key]) == {key, *also}


def test_a_duplicate_link_id_is_refused():
    duplicate = copy.deepcopy(VALID_QUESTIONNAIRE)
    duplicate["item"][0]["item"][1]["linkId"] = "g"  # a question named like its group
    found = violations(duplicate)
    assert [str(v) for v in found] == [
        "que-2 at Questionnaire: The link ids for groups and questions must be unique within "
        "the questionnaire",
        "ew-question at later.enableWhen[1]: names no question item",
    ]


def test_the_expressions_are_copied_as_published():
    by_key = {invariant.key: invariant for invariant in INVARIANTS}
    assert list(by_key) == [f"que-{n}" for n in range(14)] + ["qrs-1", "qrs-2", "sdcqr-2"]
    assert by_key["que-2"].expression == "descendants().linkId.isDistinct()"
    assert by_key["que-7"].expression == "operator = 'exists' implies (answer is Boolean)"
    assert by_key["que-12"].expression == "enableWhen.count() > 2 implies enableBehavior.exists()"
    r4 = [i.key for i in INVARIANTS if i.source == "hl7.fhir.r4.core#4.0.1"]
    assert r4 == [f"que-{n}" for n in range(14)] + ["qrs-1"]


def test_why_que_7_and_que_12_are_evaluated_as_corrected():
    """R4's que-7 is false for every correct 'exists' (a FHIR boolean is not a System
    Boolean); R4's que-12 lets two enableWhen go without enableBehavior."""
    by_key = {invariant.key: invariant for invariant in INVARIANTS}
    exists = {"question": "q", "operator": "exists", "answerBoolean": True}
    context = "Questionnaire.item.enableWhen"
    assert not holds(by_key["que-7"].expression, exists, context, VALID_QUESTIONNAIRE)
    assert holds(by_key["que-7"].applied, exists, context, VALID_QUESTIONNAIRE)
    two = BREAKERS["que-12"]["item"][0]["item"][2]
    assert holds(by_key["que-12"].expression, two, "Questionnaire.item", VALID_QUESTIONNAIRE)
    assert not holds(by_key["que-12"].applied, two, "Questionnaire.item", VALID_QUESTIONNAIRE)


def test_a_union_keeps_the_fhir_types_of_what_it_joins():
    """fhirpathpy's union forgot them (see fhir_invariants._distinct_keeping_types)."""
    response = {"resourceType": "QuestionnaireResponse", "item": TWICE}
    assert evaluate(response, "(item|item).select(answer.value)", {}, R4) == [3, 4]
    assert evaluate(response, "item.answer.value.isDistinct()", {}, R4) == [True]
    assert evaluate(response, "item.linkId.isDistinct()", {}, R4) == [False]


# ---- every resource the app makes passes ---------------------------------------------------


def test_the_served_questionnaire_passes(client):
    resource = client.get("/fhir/Questionnaire/vitamin-d-magnesium-immune").get_json()
    passes(resource)


@pytest.mark.parametrize("clinic", [None, "demo"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_each_flow_in_each_language_passes(app, clinic, lang):
    engine = app.extensions["selfcheck"]
    questionnaire = engine.flow(clinic, lang).questionnaire
    others = {other: engine.flow(clinic, other).questionnaire for other in engine.languages}
    resource = questionnaire_to_fhir(questionnaire, others, URL + questionnaire.meta.id)
    assert resource["language"] == lang
    passes(resource)


@pytest.mark.parametrize("name", TEST_QUESTIONNAIRES)
def test_the_test_questionnaires_pass(name):
    definition = load(DATA / name)
    for questionnaire in definition.by_language.values():
        passes(questionnaire_to_fhir(questionnaire, definition.by_language, URL + "test"))


@pytest.mark.parametrize(
    "answers",
    [QUIET, OLDER_INDOORS, persona(QUIET, start={"sex": "male"}),
     {"start": QUIET["start"], "sun": QUIET["sun"]}],
    ids=["quiet", "older_indoors", "male", "half_way"],
)  # fmt: skip
def test_the_downloaded_responses_pass(client, answers):
    complete(client, answers)
    resource = client.get("/answers.fhir.json").get_json(force=True)
    passes(resource)


def test_a_response_to_a_test_questionnaire_passes():
    questionnaire = load(DATA / "review/plain.yaml").first
    answers = {"age": 40, "sex": "female", "takes_d": "yes", "meds": ["ppi", "steroid"],
               "stress": 4, "dose": 12.5, "note": "Is it 'fine'?"}  # fmt: skip
    passes(response_to_fhir(questionnaire, answers, URL + "plain-words"))
