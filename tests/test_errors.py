"""Error pages: every one in the app's layout (on the site, a clinic's pages and inside a
clinic's frame), none showing internals; refused saved answers logged as an event only;
bodies a browser would never send (invalid UTF-8, too many parts) handled kindly."""

from __future__ import annotations

import io
import logging

import pytest

from selfcheck import rules

from .conftest import make_app
from .personas import QUIET, complete, persona
from .reading import text_of
from .test_embed import EMBED, FramedVisitor

FORM = "application/x-www-form-urlencoded"
FRAME_ANCESTORS = "frame-ancestors 'self' http://localhost:* http://127.0.0.1:*"
TITLES = {
    400: "Something went wrong with that request",
    404: "Page not found",
    405: "That did not work",
    413: "That was too much to send",
    429: "Too many requests",
    500: "Sorry, something went wrong on our side",
}


def broken_app(monkeypatch):
    """An app whose results page fails as a bug would, served as in production."""

    def bug(*args, **kwargs):
        raise RuntimeError("secret internals: /srv/selfcheck/rules.py line 99")

    monkeypatch.setattr(rules, "build_list", bug)
    return make_app(TESTING=False, PROPAGATE_EXCEPTIONS=False)


def requests_for(prefix: str) -> list[tuple[int, str, str, dict]]:
    return [
        (400, "post", f"{prefix}/step/start", {"data": {"state": "forged"}}),
        (404, "get", f"{prefix}/step/nope", {}),
        (404, "get", f"{prefix}/no/such/page", {}),
        (405, "put", f"{prefix}/check", {}),
        (413, "post", f"{prefix}/step/own", {"data": {"own_question": "x" * 70_000}}),
    ]


@pytest.mark.parametrize("code,method,url,kwargs", requests_for("/c/demo"))
def test_clinic_error_pages_keep_the_clinic_look(code, method, url, kwargs):
    client = make_app().test_client()
    response = getattr(client, method)(url, **kwargs)
    if code == 400:  # on cookie pages a forged field is ignored: nothing to refuse
        assert response.status_code == 200
        return
    html = response.get_data(as_text=True)
    assert response.status_code == code
    assert TITLES[code] in text_of(response)
    assert "/c/demo/brand.css" in html and 'href="/c/demo/"' in html
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("code,method,url,kwargs", requests_for(EMBED))
def test_error_pages_show_inside_the_clinic_frame(code, method, url, kwargs):
    client = make_app().test_client(use_cookies=False)
    response = getattr(client, method)(url, **kwargs)
    html = response.get_data(as_text=True)
    assert response.status_code == code
    title = "Please start again" if code == 400 else TITLES[code]
    assert title in text_of(response)
    assert response.headers["Content-Security-Policy"].endswith(FRAME_ANCESTORS)
    assert "/embed/demo/brand.css" in html and "frame.js" in html  # branded, sizes its frame
    assert "Traceback" not in html and "werkzeug" not in html.lower()


def test_the_rate_limit_page_shows_inside_the_frame():
    visitor = FramedVisitor(make_app(PDF_RATE_LIMIT="1 per minute"))
    visitor.get(EMBED + "/")
    visitor.post(visitor.form_action(), {"action": "open"})
    visitor.answer_all(persona(QUIET, clinic_visit={"visit_reason": "tiredness"}))
    visitor.post(EMBED + "/check", {"goto": "results"})
    state = visitor.hidden()
    assert visitor.client.post(EMBED + "/results.pdf", data=state).status_code == 200
    refused = visitor.client.post(EMBED + "/results.pdf", data=state)
    assert refused.status_code == 429
    assert TITLES[429] in text_of(refused)
    assert refused.headers["Content-Security-Policy"].endswith(FRAME_ANCESTORS)


@pytest.mark.parametrize("prefix", ["", "/c/demo"])
def test_a_bug_shows_a_kind_page_without_internals(monkeypatch, caplog, prefix):
    client = broken_app(monkeypatch).test_client()
    complete(
        client, persona(QUIET, clinic_visit={"visit_reason": "tiredness"}), f"{prefix}/step/start"
    )
    with caplog.at_level(logging.ERROR):
        response = client.get(f"{prefix}/results")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert TITLES[500] in text_of(response)
    assert "secret internals" not in html and "Traceback" not in html
    assert "secret internals" in caplog.text  # the maintainers still learn what broke


def test_a_bug_inside_the_frame_shows_a_kind_page_in_the_frame(monkeypatch):
    visitor = FramedVisitor(broken_app(monkeypatch))
    visitor.get(EMBED + "/")
    visitor.post(visitor.form_action(), {"action": "open"})
    visitor.answer_all(persona(QUIET, clinic_visit={"visit_reason": "tiredness"}))
    response = visitor.post(EMBED + "/check", {"goto": "results"})
    assert response.status_code == 500
    assert TITLES[500] in text_of(response)
    assert "secret internals" not in visitor.html
    assert response.headers["Content-Security-Policy"].endswith(FRAME_ANCESTORS)


def test_an_unknown_clinic_gets_the_site_error_page_that_no_frame_may_show(client):
    response = client.get("/embed/nobody/step/start")
    assert response.status_code == 404
    assert 'href="/"' in response.get_data(as_text=True)
    assert response.headers["Content-Security-Policy"].endswith("frame-ancestors 'none'")


@pytest.mark.parametrize(
    "token,reason",
    [
        ("forged", "failed the signature check"),
        (None, "belong to another questionnaire version"),
    ],
)
def test_refused_saved_answers_are_logged_as_an_event_without_content(caplog, token, reason):
    from itsdangerous import URLSafeTimedSerializer

    from selfcheck.storage import FIELD, FormFieldStore

    app = make_app()
    marker = "okapi-marker-311"
    if token is None:  # well signed, but from another version, with an answer inside
        signer = URLSafeTimedSerializer(app.secret_key, salt=FormFieldStore.salt)
        token = signer.dumps({"q": ["old", "0.0.1"], "s": {"own": {"q": [marker]}}, "d": []})
    client = app.test_client(use_cookies=False)
    with caplog.at_level(logging.DEBUG):
        response = client.post(EMBED + "/step/sun", data={FIELD: token})
    assert response.status_code == 400
    events = [r.getMessage() for r in caplog.records if "saved state refused" in r.getMessage()]
    assert len(events) == 1 and reason in events[0]
    assert marker not in caplog.text


def test_invalid_utf8_in_a_post_is_a_page_not_a_crash(client):
    body = b"age=4\xff\xfe2&red_flags=none&action=continue&own_question=\xc3\x28"
    response = client.post("/step/start", data=body, content_type=FORM)
    assert response.status_code == 400
    assert TITLES[400] in text_of(response)
    multipart = client.post(
        "/step/start",
        data={"age": (io.BytesIO(b"4\xff2"), "x"), "action": "continue"},
        content_type="multipart/form-data",
    )
    assert multipart.status_code in (200, 400)


def test_raw_bytes_that_are_not_utf8_never_overwrite_kept_answers(client):
    """Browsers percent-encode; a raw body that is not UTF-8 is refused as a whole (the
    parser would otherwise read it as an empty form and blank the step's answers)."""
    complete(client, persona(QUIET, own={"own_question": "Is my level ok?"}))
    body = b"own_question=Is my \xff\xfe level ok?&action=continue"
    response = client.post("/step/own", data=body, content_type=FORM)
    assert response.status_code == 400
    assert TITLES[400] in text_of(response)
    assert "Is my level ok?" in text_of(client.get("/check"))


def test_percent_encoded_bytes_that_are_not_utf8_are_kept_as_typed(client):
    complete(client, QUIET)
    body = b"own_question=Is+my+%FF%FE+level+ok%3F&action=continue"
    response = client.post("/step/own", data=body, content_type=FORM)
    assert response.status_code == 302
    assert "Is my %FF%FE level ok?" in text_of(client.get("/check"))


def test_too_many_form_parts_is_a_friendly_413(client):
    """MAX_FORM_PARTS bounds multipart posts; a url-encoded post is bounded by its size."""
    multipart = {f"x{i}": "1" for i in range(400)}
    response = client.post("/step/start", data=multipart, content_type="multipart/form-data")
    assert response.status_code == 413
    assert TITLES[413] in text_of(response)
