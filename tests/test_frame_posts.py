"""The clinic frame takes posts from its own pages only: a state token posted from another
site (a top-level navigation the attacker starts) gets a friendly refusal, never the
attacker's answers under the clinic's name (issue 15, point 5)."""

from __future__ import annotations

import pytest

from .conftest import make_app
from .personas import QUIET
from .reading import text_of
from .test_embed import EMBED, FramedVisitor, demo_answers

ATTACKER_TEXT = "call 555-0199"
CROSS_SITE = {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}


@pytest.fixture(scope="module")
def attack():
    """An attacker's own finished visit, with their text in it, and its hidden fields."""
    app = make_app()
    visitor = FramedVisitor(app)
    visitor.get(EMBED + "/")
    visitor.post(visitor.form_action(), {"action": "open"})
    visitor.answer_all(demo_answers(own={"own_question": ATTACKER_TEXT}))
    visitor.post(EMBED + "/check", {"goto": "results"})
    assert ATTACKER_TEXT in text_of(visitor.html)
    return app, visitor.hidden()


@pytest.mark.parametrize("path", ["/results", "/results.pdf", "/check", "/step/own", "/"])
@pytest.mark.parametrize(
    "headers",
    [
        CROSS_SITE,
        {"Sec-Fetch-Site": "cross-site"},  # with a page sending Origin: null
        {"Origin": "https://evil.example"},  # a browser without Sec-Fetch-*
    ],
    ids=["both", "sec-fetch-site", "origin"],
)
def test_a_post_from_another_site_is_refused_kindly(attack, path, headers):
    app, state = attack
    client = app.test_client(use_cookies=False)
    response = client.post(EMBED + path, data=state, headers=headers)
    assert response.status_code == 403
    assert response.mimetype == "text/html"
    text = text_of(response.get_data(as_text=True))
    assert "That came from another website" in text
    assert "Please start again from your clinic's website." in text
    assert "Demo Family Clinic" in text  # the clinic's look
    assert ATTACKER_TEXT not in text


def test_only_what_the_browser_calls_cross_site_is_refused(attack):
    app, state = attack
    client = app.test_client(use_cookies=False)
    allowed = [
        {"Sec-Fetch-Site": "same-origin", "Origin": "http://localhost"},  # the frame itself
        {"Sec-Fetch-Site": "same-origin", "Origin": "null"},  # the same, with no-referrer
        {"Sec-Fetch-Site": "same-site"},
        {"Sec-Fetch-Site": "none"},  # typed or bookmarked
        {"Origin": "http://localhost"},  # a browser without Sec-Fetch-*
        {"Origin": "null"},
        {},  # a client that says nothing
    ]
    for headers in allowed:
        response = client.post(EMBED + "/results", data=state, headers=headers)
        assert response.status_code == 200, headers
        assert "Questions to ask your clinician" in text_of(response.get_data(as_text=True))
    refused = [CROSS_SITE, {"Sec-Fetch-Site": "Cross-Site"}, {"Origin": "http://localhost.evil"}]
    for headers in refused:
        assert client.post(EMBED + "/results", data=state, headers=headers).status_code == 403


def test_a_refused_post_does_not_use_up_the_pdf_limit():
    app = make_app(PDF_RATE_LIMIT="1 per minute")
    visitor = FramedVisitor(app)
    visitor.get(EMBED + "/")
    visitor.post(visitor.form_action(), {"action": "open"})
    visitor.answer_all(demo_answers(QUIET))
    visitor.post(EMBED + "/check", {"goto": "results"})
    client = app.test_client(use_cookies=False)
    state = visitor.hidden()
    for _ in range(3):
        assert (
            client.post(EMBED + "/results.pdf", data=state, headers=CROSS_SITE).status_code == 403
        )
    assert client.post(EMBED + "/results.pdf", data=state).mimetype == "application/pdf"
