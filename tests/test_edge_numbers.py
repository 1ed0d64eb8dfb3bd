"""JSON numbers at the edges — integers of hundreds or thousands of digits, 1e309, -0, NaN,
very long decimals — on every entry point that reads JSON: the API's report and report.pdf,
the answers-file upload on the site and in the frame, a FHIR QuestionnaireResponse upload and
`flask selfcheck report`. Each answers with the same field message and a 4xx (the command
line with `file: field: message` and exit 1); none with a 500 (issue 15, point 2)."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from selfcheck.cli import selfcheck_cli

from .conftest import ENGINE_ENV, make_app
from .personas import QUIET, complete, flat
from .reading import text_of
from .test_resume import upload

TOO_LARGE = "the answer to “How old are you?” is not a number"
PLACE = '"__number__"'
HUGE = ["1" + "0" * 309, "-" + "9" * 400, "9" * 5000, "1e309", "-1e309", "1" * 400 + ".5"]


@pytest.fixture(scope="module")
def app():
    return make_app(TESTING=False, PROPAGATE_EXCEPTIONS=False, PDF_RATE_LIMIT="100000/minute")


@pytest.fixture(scope="module")
def fhir_response(app) -> str:
    client = app.test_client()
    complete(client, QUIET)
    text = client.get("/answers.fhir.json").get_data(as_text=True)
    assert text.count('"valueInteger": 45') == 1  # the age
    return text.replace('"valueInteger": 45', f'"valueInteger": {PLACE}')


def api_body(question: str, number: str) -> str:
    return json.dumps({"answers": {**flat(QUIET), question: "__number__"}}).replace(PLACE, number)


def saved_file(app, question: str, number: str, clinic: str | None = None) -> bytes:
    meta = app.extensions["selfcheck"].questionnaire.meta
    content = {
        "format": "selfcheck-answers",
        "questionnaire": {"id": meta.id, "version": meta.version},
        "answers": {question: "__number__"},
        **({"clinic": clinic} if clinic else {}),
    }
    return json.dumps(content).replace(PLACE, number).encode()


def run_report(tmp_path, monkeypatch, text: str):
    for name in [n for n in os.environ if n.startswith("SELFCHECK_") and n not in ENGINE_ENV]:
        monkeypatch.delenv(name)
    path = tmp_path / "answers.json"
    path.write_text(text)
    return CliRunner().invoke(selfcheck_cli, ["report", str(path)]), path


# ---- the same message on every entry point ----------------------------------------------


@pytest.mark.parametrize("number", HUGE, ids=lambda n: n[:8] + f"…{len(n)}")
@pytest.mark.parametrize("url", ["/api/v1/report", "/api/v1/report.pdf"])
def test_the_api_names_the_field(app, url, number):
    response = app.test_client().post(
        url, data=api_body("age", number), content_type="application/json"
    )
    assert response.status_code == 422
    message = TOO_LARGE[:1].upper() + TOO_LARGE[1:] + "."
    assert response.get_json() == {"errors": [{"field": "age", "message": message}]}


@pytest.mark.parametrize("number", HUGE, ids=lambda n: n[:8] + f"…{len(n)}")
@pytest.mark.parametrize("prefix,clinic", [("", None), ("/embed/demo", "demo")])
def test_an_uploaded_file_is_refused_with_the_field(app, prefix, clinic, number):
    client = app.test_client(use_cookies=not prefix)
    response = upload(client, saved_file(app, "age", number, clinic), url=f"{prefix}/resume")
    assert response.status_code == 400
    assert f"This file cannot be used: {TOO_LARGE}." in text_of(response)


@pytest.mark.parametrize("number", HUGE, ids=lambda n: n[:8] + f"…{len(n)}")
def test_a_fhir_upload_is_refused_with_the_field(app, fhir_response, number):
    response = upload(app.test_client(), fhir_response.replace(PLACE, number).encode())
    assert response.status_code == 400
    assert f"This file cannot be used: {TOO_LARGE}." in text_of(response)


@pytest.mark.parametrize("number", HUGE, ids=lambda n: n[:8] + f"…{len(n)}")
def test_the_command_line_prints_file_field_message(tmp_path, monkeypatch, number):
    result, path = run_report(tmp_path, monkeypatch, api_body("age", number))
    assert result.exit_code == 1, result.output
    assert f"{path}: age: {TOO_LARGE[:1].upper()}{TOO_LARGE[1:]}." in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


# ---- hypothesis: any number at the edges, in any kind of question, on every entry point ----


def _digits(low: int, high: int) -> st.SearchStrategy[str]:
    return st.integers(low, high).map(str)


JSON_NUMBERS = st.one_of(
    st.builds(  # integers of hundreds or thousands of digits, either sign
        lambda sign, first, length: sign + first + "0" * length,
        st.sampled_from(["", "-"]),
        st.sampled_from("123456789"),
        st.integers(15, 6000),
    ),
    st.builds(  # exponents around the edges of a double
        lambda mantissa, exponent: f"{mantissa}e{exponent}",
        st.sampled_from(["1", "-1", "2.5", "9.99", "0"]),
        st.integers(-400, 400),
    ),
    st.sampled_from(["-0", "-0.0", "0e0", "NaN", "Infinity", "-Infinity", "1e309", "-1e309"]),
    st.builds(  # very long decimals
        lambda whole, fraction: f"{whole}.{fraction}",
        st.one_of(st.just("0"), st.just("-0"), _digits(1, 10**400)),
        st.text(alphabet="0123456789", min_size=1, max_size=3000),
    ),
    _digits(-(10**6), 10**6),  # ordinary ones, so some answers fit
)
QUESTIONS = st.sampled_from(["age", "sleep_hours", "stress", "own_question", "sex"])
FUZZ = settings(
    max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)


def with_the_known_edges(test):
    """Always try the numbers the security test found, whatever hypothesis draws besides."""
    for number in ["1" + "0" * 309, "9" * 5000, "1e309", "NaN", "-0"]:
        test = example(question="age", number=number)(test)
    return test


@pytest.mark.parametrize("url", ["/api/v1/report", "/api/v1/report.pdf"])
@FUZZ
@with_the_known_edges
@given(question=QUESTIONS, number=JSON_NUMBERS)
def test_any_number_in_an_api_body_is_answered_without_a_server_error(app, url, question, number):
    response = app.test_client().post(
        url, data=api_body(question, number), content_type="application/json"
    )
    assert response.status_code in (200, 422), response.get_data(as_text=True)[:300]
    if response.status_code == 422:
        assert {e["field"] for e in response.get_json()["errors"]} <= {question, "answers"}


@pytest.mark.parametrize("prefix,clinic", [("", None), ("/embed/demo", "demo")])
@FUZZ
@with_the_known_edges
@given(question=QUESTIONS, number=JSON_NUMBERS)
def test_any_number_in_an_uploaded_file_is_read_or_refused_kindly(
    app, prefix, clinic, question, number
):
    client = app.test_client(use_cookies=not prefix)
    response = upload(client, saved_file(app, question, number, clinic), url=f"{prefix}/resume")
    assert response.status_code in (200, 302, 400)
    if response.status_code == 400:
        assert "This file cannot be used: the answer" in text_of(response)


@FUZZ
@example(number="1" + "0" * 309)
@example(number="9" * 5000)
@given(number=JSON_NUMBERS)
def test_any_number_in_a_fhir_upload_is_read_or_refused_kindly(app, fhir_response, number):
    response = upload(app.test_client(), fhir_response.replace(PLACE, number).encode())
    assert response.status_code in (200, 302, 400)
    if response.status_code == 400:
        assert "This file cannot be used: the answer to “How old are you?”" in text_of(response)


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@with_the_known_edges
@given(question=QUESTIONS, number=JSON_NUMBERS)
def test_any_number_on_the_command_line_gives_the_list_or_file_field_message(
    tmp_path, monkeypatch, question, number
):
    result, path = run_report(tmp_path, monkeypatch, api_body(question, number))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1, 3), result.output
    if result.exit_code == 1:
        assert f"{path}: {question}: " in result.output
