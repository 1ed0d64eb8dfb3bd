"""A FHIR QuestionnaireResponse from another client, through every door: the JSON API (as
application/fhir+json or application/json), the command line and "Continue from a saved
file" give what the same answers typed into the app give. A response that ticks "None of
these" beside a red flag (a client that ignores optionExclusive) leads to urgent help
everywhere: the red flag wins."""

import copy
import json

import pytest

from selfcheck.fhir import response_to_fhir

from .conftest import make_app
from .personas import OLDER_INDOORS, QUIET, complete, flat
from .reading import text_of
from .test_cli import report
from .test_resume import upload

CANONICAL = "http://localhost/fhir/Questionnaire/vitamin-d-magnesium-immune"


def fhir_response(questionnaire, answers: dict) -> dict:
    return response_to_fhir(questionnaire, answers, CANONICAL)


def tick(resource: dict, link: str, codes: list[str]) -> dict:
    """The response with the answers to a multi_choice question replaced."""
    changed = copy.deepcopy(resource)
    for group in changed["item"]:
        for item in group["item"]:
            if item["linkId"] == link:
                item["answer"] = [{"valueCoding": {"code": code}} for code in codes]
    return changed


@pytest.mark.parametrize("persona", [QUIET, OLDER_INDOORS], ids=["quiet", "older_indoors"])
@pytest.mark.parametrize("media_type", ["application/fhir+json", "application/json"])
def test_the_api_takes_a_questionnaire_response(client, questionnaire, persona, media_type):
    answers = flat(persona)
    by_answers = client.post("/api/v1/report", json={"answers": answers})
    resource = fhir_response(questionnaire, answers)
    by_fhir = client.post(
        "/api/v1/report", data=json.dumps(resource), headers={"Content-Type": media_type}
    )
    assert by_answers.status_code == by_fhir.status_code == 200
    assert by_fhir.get_json() == by_answers.get_json()
    body = by_fhir.get_json()
    assert body["stop"] is None and body["closing"]["questions"]
    assert bool(body["questions"]) is (persona is OLDER_INDOORS)


def test_the_api_takes_the_apps_own_download_in_spanish_too(client):
    complete(client, OLDER_INDOORS)
    resource = client.get("/answers.fhir.json").data
    typed = client.post("/api/v1/report?lang=es", json={"answers": flat(OLDER_INDOORS)})
    sent = client.post(
        "/api/v1/report?lang=es", data=resource, content_type="application/fhir+json"
    )
    assert sent.get_json() == typed.get_json()
    assert sent.get_json()["questions"][0]["text"].startswith("Tomo una medicina")


def test_a_response_for_another_questionnaire_is_a_field_error(client, questionnaire):
    resource = fhir_response(questionnaire, flat(QUIET))
    resource["questionnaire"] = "http://elsewhere/fhir/Questionnaire/another|1"
    response = client.post(
        "/api/v1/report", data=json.dumps(resource), content_type="application/fhir+json"
    )
    assert response.status_code == 422
    assert response.get_json() == {
        "errors": [
            {
                "field": "answers",
                "message": "This file holds answers to a different questionnaire, so it cannot "
                "be used here.",
            }
        ]
    }


@pytest.fixture
def contradictory(questionnaire):
    """QUIET's answers as a response that ticks the first red flag and "None of these"."""
    flag = questionnaire.questions["red_flags"].choices[0].id
    return tick(fhir_response(questionnaire, flat(QUIET)), "red_flags", [flag, "none"])


def test_none_of_these_beside_a_red_flag_gives_the_stop_through_the_api(client, contradictory):
    for media_type in ("application/fhir+json", "application/json"):
        response = client.post("/api/v1/report", data=json.dumps(contradictory),
                               content_type=media_type)  # fmt: skip
        assert response.status_code == 200
        body = response.get_json()
        assert body["stop"]["kind"] == "urgent" and body["questions"] == []
        assert body["stop"]["title"] == "Get medical help now"


def test_none_of_these_beside_a_red_flag_gives_the_stop_as_plain_answers_too(client, questionnaire):
    flag = questionnaire.questions["red_flags"].choices[0].id
    answers = {**flat(QUIET), "red_flags": ["none", flag]}
    body = client.post("/api/v1/report", json={"answers": answers}).get_json()
    assert body["stop"]["title"] == "Get medical help now"


def test_none_of_these_beside_a_red_flag_exits_3_on_the_command_line(tmp_path, contradictory):
    result = report(tmp_path, contradictory)
    assert result.returncode == 3, result.stderr
    assert result.stdout.startswith("Get medical help now")


def test_none_of_these_beside_a_red_flag_goes_to_urgent_help_on_upload(contradictory):
    client = make_app().test_client()
    response = upload(client, json.dumps(contradictory).encode(), name="answers.fhir.json")
    assert response.status_code == 302 and response.headers["Location"] == "/results"
    assert "Get medical help now" in text_of(client.get("/results"))


def test_none_of_these_beside_another_choice_keeps_the_other(client, questionnaire):
    """Not only red flags: what a person ticked outweighs "None of these"."""
    resource = tick(fhir_response(questionnaire, flat(QUIET)), "medicines", ["none", "ppi"])
    with_ppi = {**flat(QUIET), "medicines": ["ppi"]}
    by_fhir = client.post(
        "/api/v1/report", data=json.dumps(resource), content_type="application/fhir+json"
    )
    assert (
        by_fhir.get_json() == client.post("/api/v1/report", json={"answers": with_ppi}).get_json()
    )


def test_on_the_step_page_a_person_is_still_asked_to_choose(client, questionnaire):
    flag = questionnaire.questions["red_flags"].choices[0].id
    page = client.post("/step/start", data={**QUIET["start"], "red_flags": ["none", flag],
                                            "action": "continue"})  # fmt: skip
    assert page.status_code == 200
    assert "Select “None of these” on its own, or uncheck it" in text_of(page)
