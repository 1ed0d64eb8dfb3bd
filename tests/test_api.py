"""The JSON API: the same list as the pages for the same answers, JSON errors with the field,
and schemathesis finding no server error anywhere in the OpenAPI document."""

import io

import jsonschema_rs
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from pypdf import PdfReader
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .conftest import make_app
from .personas import OLDER_INDOORS, QUIET, complete, flat
from .reading import prompts_on


def test_the_api_gives_the_same_list_as_the_pages(client):
    complete(client, OLDER_INDOORS)
    on_page = prompts_on(client.get("/results"))
    response = client.post("/api/v1/report", json={"answers": flat(OLDER_INDOORS)})
    assert response.status_code == 200
    body = response.get_json()
    assert [q["text"] for q in body["questions"]] == on_page
    first = body["questions"][0]
    assert first["because"] == [
        {"question": "Do you take any of these medicines?",
         "answer": "A stomach-acid medicine (PPI), like omeprazole"}
    ]  # fmt: skip
    assert all(q["sources"] and q["sources"][0]["title"] for q in body["questions"])
    assert body["stop"] is None and body["closing"]["questions"]


def test_a_saved_answers_file_is_a_valid_body(client):
    complete(client, QUIET)
    saved = client.get("/answers.json").get_json(force=True)
    assert client.post("/api/v1/report", json=saved).status_code == 200


def test_lang_gives_spanish(client):
    body = client.post("/api/v1/report?lang=es", json={"answers": flat(OLDER_INDOORS)}).get_json()
    assert body["language"] == "es"
    assert body["questions"][0]["text"].startswith("Tomo una medicina para el ácido del estómago")
    wrong = client.post("/api/v1/report?lang=es", json={"answers": {"age": "x"}}).get_json()
    message = "La respuesta a “¿Cuántos años tiene?” no es un número."
    assert wrong == {"errors": [{"field": "age", "message": message}]}


def test_red_flags_give_the_stop_not_a_list(client, questionnaire):
    answers = {**flat(QUIET), "red_flags": [questionnaire.questions["red_flags"].choices[0].id]}
    body = client.post("/api/v1/report", json={"answers": answers}).get_json()
    assert body["questions"] == [] and body["stop"]["kind"] == "urgent"
    assert body["stop"]["title"] == "Get medical help now"
    pdf = client.post("/api/v1/report.pdf", json={"answers": answers})
    assert (
        pdf.status_code == 422 and "Get medical help now" in pdf.get_json()["errors"][0]["message"]
    )


@pytest.mark.parametrize(
    "kwargs, status, field, message",
    [
        ({"data": "age=45", "content_type": "application/x-www-form-urlencoded"}, 415, "request",
         "Send the answers as application/json."),
        ({"data": "{", "content_type": "application/json"}, 400, "request",
         "The body is not valid JSON."),
        ({"data": "[" * 40000, "content_type": "application/json"}, 400, "request",
         "The body is not valid JSON."),
        ({"data": " " * 70_000, "content_type": "application/json"}, 413, "request",
         "The body is larger than 64 KB."),
        ({"json": [1, 2]}, 422, "answers", "Send a JSON object with \"answers\"."),
        ({"json": {"answers": "all of them"}}, 422, "answers", "This file has no answers in it."),
        ({"json": {"answers": {"age": 45, "shoe_size": 9}}}, 422, "shoe_size",
         "This questionnaire asks no question with this id."),
        ({"json": {"answers": {**flat(QUIET), "age": 300}}}, 422, "age",
         "Enter a number from 0 to 120 years"),
        ({"json": {"answers": {**flat(QUIET), "sex": "x"}}}, 422, "sex",
         "The answer to “What sex were you given at birth?” is not one of its choices."),
        ({"json": {"answers": {k: v for k, v in flat(QUIET).items() if k != "sex"}}}, 422, "sex",
         "Select an answer to “What sex were you given at birth?”"),
    ],
)  # fmt: skip
def test_errors_are_json_with_the_field(client, kwargs, status, field, message):
    response = client.post("/api/v1/report", **kwargs)
    assert response.status_code == status
    assert response.mimetype == "application/json"
    errors = response.get_json()["errors"]
    assert {"field": field, "message": message} in errors or (
        errors[0]["field"] == field and message in errors[0]["message"]
    ), errors


def test_the_pdf_from_the_api(client):
    response = client.post("/api/v1/report.pdf", json={"answers": flat(OLDER_INDOORS)})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pages = PdfReader(io.BytesIO(response.data)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "Should my magnesium be checked?" in text
    # every step is read back, the optional one left empty too
    assert (
        "Your own question Is there anything else you want to ask your clinician? Not answered"
        in text
    )


def test_the_questionnaire_and_the_openapi_document(client):
    body = client.get("/api/v1/questionnaire?lang=es").get_json()
    assert body["language"] == "es" and body["languages"] == ["en", "es"]
    age = body["steps"][0]["questions"][0]
    assert age["id"] == "age" and age["type"] == "number" and age["label"] == "¿Cuántos años tiene?"
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {"/api/v1/questionnaire", "/api/v1/report",
                                      "/api/v1/report.pdf"}  # fmt: skip


def test_nothing_is_set_or_kept(client):
    response = client.post("/api/v1/report", json={"answers": flat(QUIET)})
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


api_app = make_app(PDF_RATE_LIMIT="100000 per minute")
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", api_app)


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_schemathesis_finds_no_server_error_and_every_answer_fits_the_document(case):
    response = case.call()
    assert response.status_code < 500, (case.path, case.body, response.text[:500])
    # the body, its status and its media type are as the generated OpenAPI document says
    case.validate_response(
        response,
        checks=[response_schema_conformance, status_code_conformance, content_type_conformance],
    )


def test_the_conformance_check_would_catch_a_body_the_document_does_not_describe():
    """The document is made from the response models; a field they do not have is refused."""
    document = api_app.test_client().get("/api/v1/openapi.json").get_json()
    report = document["components"]["schemas"]["Report"]
    assert report["additionalProperties"] is False
    assert set(report["required"]) == {"questionnaire", "language", "stop", "questions"}


@pytest.mark.parametrize("answers", [OLDER_INDOORS, QUIET])
def test_a_real_list_and_a_stop_fit_the_generated_document(client, answers, questionnaire):
    document = client.get("/api/v1/openapi.json").get_json()
    schema = {"$ref": "#/components/schemas/Report", "components": document["components"]}
    validator = jsonschema_rs.Draft202012Validator(schema)
    listed = client.post("/api/v1/report", json={"answers": flat(answers)}).get_json()
    flags = [questionnaire.questions["red_flags"].choices[0].id]
    stopped = client.post("/api/v1/report", json={"answers": {**flat(answers), "red_flags": flags}})
    for body in (listed, stopped.get_json()):
        validator.validate(body)
    with pytest.raises(jsonschema_rs.ValidationError):
        validator.validate({**listed, "risk_score": 3})


def test_the_estimate_travels_as_the_questionnaire_defines_it(client):
    body = client.post("/api/v1/report", json={"answers": flat(QUIET)}).get_json()
    intakes = body["estimate"]["intakes"]
    assert [(i["id"], i["name"], i["unit"]) for i in intakes] == [
        ("vitamin_d", "Vitamin D", "IU"),
        ("magnesium", "Magnesium", "mg"),
    ]
    assert intakes[0]["amount"] == 245 and (intakes[0]["low"], intakes[0]["high"]) == (600, 600)
