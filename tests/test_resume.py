"""Save my answers / Continue from a saved file, on the site, a clinic's pages and in the
frame: a person stops half-way, closes the browser, and comes back with the file."""

import io
import json
import re

import pytest

from .conftest import make_app
from .personas import OLDER_INDOORS, QUIET, complete, persona
from .reading import text_of
from .test_embed import FramedVisitor, demo_answers


def upload(client, data: bytes, url="/resume", name="my-answers.json", **fields):
    return client.post(
        url,
        data={**fields, "answers_file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def save_halfway(client) -> bytes:
    """Two steps done, the third half-filled, then "Save my answers" on that page."""
    complete(client, {"start": QUIET["start"], "sun": QUIET["sun"]})
    response = client.post("/step/food_d", data={"fatty_fish": "weekly", "action": "save"})
    assert response.status_code == 302 and response.headers["Location"] == "/answers.json"
    response = client.get("/answers.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert re.match(
        r'attachment; filename="my-answers-\d{4}-\d\d-\d\d\.json"',
        response.headers["Content-Disposition"],
    )
    return response.data


def test_save_halfway_close_the_browser_and_continue_from_the_file():
    app = make_app()
    first_visit = app.test_client()
    saved = save_halfway(first_visit)
    content = json.loads(saved)
    assert content["answers"]["age"] == 45 and content["answers"]["fatty_fish"] == "weekly"
    assert content["done"] == ["start", "sun"]

    later = app.test_client()  # a new browser: no cookie
    assert "Continue from a saved file" in text_of(later.get("/"))
    response = upload(later, saved)
    assert response.headers["Location"] == "/step/food_d"  # the first step still to do
    page = later.get("/step/food_d").get_data(as_text=True)
    assert 'value="weekly" checked' in page  # the half-filled page came back too
    assert "There is a problem" not in page  # not yet sent, so not yet wrong
    complete(later, persona(QUIET), start="/step/food_d")
    assert "Check your answers" in text_of(later.get("/check"))
    assert "How old are you? 45 years" in text_of(later.get("/check"))


def test_save_is_offered_on_every_step_the_check_page_and_the_results(client):
    assert "Save my answers" in text_of(client.get("/step/start"))
    complete(client, QUIET)
    for url in ["/check", "/results"]:
        page = client.get(url).get_data(as_text=True)
        assert 'href="/answers.json"' in page
    assert 'href="/answers.fhir.json"' in client.get("/results").get_data(as_text=True)
    content = client.get("/answers.json").get_json(force=True)
    assert content["answers"]["own_question"] if "own_question" in content["answers"] else True
    assert len(content["done"]) == 10


def test_a_file_from_an_older_version_says_plainly_what_was_dropped(client, questionnaire):
    content = {
        "format": "selfcheck-answers",
        "questionnaire": {"id": questionnaire.meta.id, "version": "0.0.1"},
        "answers": {"age": 45, "sex": "martian", "dog_name": "Rex", "kidney": "no"},
    }
    page = text_of(upload(client, json.dumps(content).encode()))
    assert "Your answers are back" in page
    assert "We read 2 answers from your file." in page
    assert "The questions have changed since you saved this file." in page
    assert "The answer to “What sex were you given at birth?” is not one of its choices" in page
    assert "A question this questionnaire does not ask (“dog_name”)" in page
    assert "Rex" not in page.replace("(“dog_name”)", "")
    html = client.get("/step/start").get_data(as_text=True)
    assert 'value="45"' in html and 'value="no" checked' in html


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "Choose the file you saved with “Save my answers”."),
        (b"%PDF-1.7 not json", "This file is not a saved answers file."),
        (b"{" + b" " * 70_000 + b"}", "too large to be a saved answers file (over 64 KB)"),
        (b"x" * 300_000, "too large to be a saved answers file (over 64 KB)"),
        (b'{"format": "selfcheck-answers", "questionnaire": {"id": "other"}, "answers": {}}',
         "answers to a different questionnaire"),
        (None, "a question this questionnaire does not ask (“shoe_size”)"),
        (None, "is not a number"),
    ],
)  # fmt: skip
def test_a_bad_file_gets_a_clear_message_on_the_start_page(client, questionnaire, data, message):
    if data is None:
        answers = {"shoe_size": 1} if "shoe_size" in message else {"age": "forty"}
        meta = questionnaire.meta
        ident = {"id": meta.id, "version": meta.version}
        data = json.dumps(
            {"format": "selfcheck-answers", "answers": answers, "questionnaire": ident}
        ).encode()
    complete(client, {"start": QUIET["start"]})  # answers already in progress are kept
    response = upload(client, data, name="" if data == b"" else "my-answers.json")
    assert response.status_code == 400
    page = text_of(response)
    assert page.startswith("Error: Start")
    assert "There is a problem" in page and message in page
    html = response.get_data(as_text=True)
    assert 'id="answers_file-error"' in html and 'aria-invalid="true"' in html
    assert "Continue" in page  # the answers given before are still there to continue
    assert 'value="45"' in client.get("/step/start").get_data(as_text=True)


def test_the_upload_is_protected_from_other_sites():
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    start = client.get("/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', start).group(1)
    file = json.dumps({"format": "selfcheck-answers", "answers": {"age": 45},
                       "questionnaire": {"id": "vitamin-d-magnesium-immune",
                                         "version": "0.2.0"}}).encode()  # fmt: skip
    refused = upload(client, file)
    assert refused.status_code == 400 and "choose the file again" in text_of(refused)
    assert upload(client, file, csrf_token=token).status_code == 302


def test_a_fhir_questionnaire_response_is_accepted_too(client):
    complete(client, OLDER_INDOORS)
    resource = client.get("/answers.fhir.json")
    assert resource.mimetype == "application/fhir+json"
    later = make_app().test_client()
    response = upload(later, resource.data, name="answers.fhir.json")
    assert response.headers["Location"] == "/check"
    assert "How old are you? 72 years" in text_of(later.get("/check"))


def test_red_flags_in_a_file_go_straight_to_urgent_help(client, questionnaire):
    meta = questionnaire.meta
    first_flag = questionnaire.questions["red_flags"].choices[0].id
    answers = {**QUIET["start"], "age": 45, "red_flags": [first_flag]}
    ident = {"id": meta.id, "version": meta.version}
    file = {"format": "selfcheck-answers", "questionnaire": ident, "answers": answers}
    response = upload(client, json.dumps(file).encode())
    assert response.headers["Location"] == "/results"
    assert "Get medical help now" in text_of(client.get("/results"))


def test_save_and_continue_inside_the_clinic_frame():
    app = make_app()
    visitor = FramedVisitor(app)
    visitor.get("/embed/demo/")
    visitor.post(visitor.form_action(), {"action": "open"})
    answers = demo_answers()
    visitor.post(visitor.form_action(), {**answers["start"], "action": "continue"})
    saved = visitor.post(visitor.form_action(), {"outdoor_time": "over_60", "action": "save"})
    assert saved.mimetype == "application/json" and "Set-Cookie" not in saved.headers
    content = json.loads(saved.data)
    assert content["clinic"] == "demo" and content["answers"]["outdoor_time"] == "over_60"

    later = FramedVisitor(app)
    later.get("/embed/demo/")
    resumed = later.client.post(
        "/embed/demo/resume",
        data={"answers_file": (io.BytesIO(saved.data), "a.json")},
        content_type="multipart/form-data",
    )
    later._keep(resumed)
    assert resumed.status_code == 200 and "Set-Cookie" not in resumed.headers
    assert 'value="over_60" checked' in later.html  # the second step, shown in the frame
    assert later.state()  # the answers travel on in the hidden field


def test_a_clinic_file_brought_to_the_plain_site_keeps_the_shared_answers(client):
    complete(client, demo_answers(), start="/c/demo/step/start")
    saved = client.get("/c/demo/answers.json")
    assert saved.get_json(force=True)["clinic"] == "demo"
    elsewhere = make_app().test_client()
    page = text_of(upload(elsewhere, saved.data))
    assert "Your answers are back" in page
    assert "A question this questionnaire does not ask (“visit_reason”)" in page
    assert "How old are you? 45 years" in text_of(elsewhere.get("/check"))
    back_at_the_clinic = make_app().test_client()
    assert (
        upload(back_at_the_clinic, saved.data, url="/c/demo/resume").headers["Location"]
        == "/c/demo/check"
    )
