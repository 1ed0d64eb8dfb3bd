"""In Chromium: another site posting a state token into the clinic's flow (a top-level
navigation it starts) is refused, while the frame's own posts go through, with and without
JavaScript (issue 15, point 5)."""

from __future__ import annotations

from html import escape
from http.server import ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from ..conftest import make_app
from ..test_embed import EMBED, FramedVisitor, demo_answers
from .conftest import serve_html
from .test_embed import clinic_site  # noqa: F401 - the clinic's page, a pytest fixture
from .test_flow import answer_by_id

pytestmark = pytest.mark.browser

ATTACKER_TEXT = "call 555-0199"


def attacker_state() -> dict:
    """The attacker's own finished visit: its hidden fields, signed with the app's key."""
    visitor = FramedVisitor(make_app())
    visitor.get(EMBED + "/")
    visitor.post(visitor.form_action(), {"action": "open"})
    visitor.answer_all(demo_answers(own={"own_question": ATTACKER_TEXT}))
    visitor.post(EMBED + "/check", {"goto": "results"})
    return visitor.hidden()


def serve_attacker_page(action: str, fields: dict) -> ThreadingHTTPServer:
    inputs = "".join(
        f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">' for k, v in fields.items()
    )
    body = (
        "<!doctype html><html lang=en><title>Win a prize</title>"
        f'<form method="post" action="{escape(action)}">{inputs}'
        "<button>See your prize</button></form>"
    ).encode()

    return serve_html(lambda path: body)


def test_another_site_cannot_post_into_the_flow_but_the_frame_can(
    browser,
    live_server,
    clinic_site,  # noqa: F811
    shoot,
):
    attacker = serve_attacker_page(live_server + EMBED + "/results", attacker_state())
    try:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"http://localhost:{attacker.server_port}/")  # another site than 127.0.0.1
        page.get_by_role("button", name="See your prize").click()
        expect(page.locator("h1")).to_have_text("That came from another website")
        assert page.url.startswith(live_server)
        assert ATTACKER_TEXT not in page.content()
        shoot(page, "23-frame-post-from-another-site")
        context.close()
    finally:
        attacker.shutdown()

    for javascript in (True, False):  # the clinic's own frame posts as before
        context = browser.new_context(java_script_enabled=javascript)
        page = context.new_page()
        page.goto(clinic_site("localhost") + "plain")
        frame = page.frame_locator("iframe")
        frame.get_by_role("button", name="Start now").click()
        answer_by_id(frame, demo_answers()["start"])
        frame.get_by_role("button", name="Continue").click()
        expect(frame.locator("h1")).to_have_text("Sun")
        assert context.cookies() == []
        context.close()
