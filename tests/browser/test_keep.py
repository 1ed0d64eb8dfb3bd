"""The time limit in Chromium with a short limit (12 s instead of 2 hours): the warning dialog
opens before the end with the focus on "Keep my answers", Enter keeps them (the page goes on
past the old limit), and left alone they expire to a page that says why; on the site with
CSRF, in the frame's hidden field, in English and Spanish, on a phone; axe finds nothing."""

from __future__ import annotations

import threading

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from ..conftest import make_app
from ..personas import QUIET, persona
from .test_accessibility import audit
from .test_flow import answer_by_id

pytestmark = pytest.mark.browser

LIMIT = 12  # seconds; the warning comes a third of it before the end (4 s)
WORDS = {
    "en": {
        "start": "Start now",
        "continue": "Continue",
        "title": f"Keep my answers for another {LIMIT} seconds?",
        "keep": "Keep my answers",
        "close": "Close",
        "kept": "Your answers will now be kept until ",
        "failed": "Your answers could not be kept.",
        "expired": f"Your answers were cleared because no page was sent for {LIMIT} seconds.",
        "cleared": "Your answers will be cleared at ",
    },
    "es": {
        "start": "Empezar ahora",
        "continue": "Continuar",
        "title": f"¿Conservar mis respuestas {LIMIT} segundos más?",
        "keep": "Conservar mis respuestas",
        "close": "Cerrar",
        "kept": "Ahora sus respuestas se conservarán hasta las ",
        "failed": "No se pudieron conservar sus respuestas.",
        "expired": (
            f"Sus respuestas se borraron porque no se envió ninguna página durante {LIMIT} "
            "segundos."
        ),
        "cleared": "Sus respuestas se borrarán a las ",
    },
}


@pytest.fixture(scope="module")
def short_server():
    app = make_app(WTF_CSRF_ENABLED=True, ANSWERS_MAX_AGE=LIMIT)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def first_step(page, base: str, lang: str) -> None:
    words = WORDS[lang]
    page.goto(f"{base}/?lang={lang}")
    page.get_by_role("link", name=words["start"]).or_(
        page.get_by_role("button", name=words["start"])
    ).click()
    answer_by_id(page, QUIET["start"])
    with page.expect_navigation():
        page.get_by_role("button", name=words["continue"]).click()


def local_time(page, selector: str) -> str:
    """What the script wrote in a <time>: this device's clock, in the page's language."""
    return page.locator(selector).first.inner_text()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_warned_kept_with_the_keyboard_then_expired(page, short_server, shoot, lang):
    words = WORDS[lang]
    first_step(page, short_server, lang)
    notice = page.locator("p.time-limit")
    expect(notice).to_contain_text(words["cleared"])
    shown = local_time(page, "p.time-limit time")
    assert shown == page.evaluate(
        "([lang, iso]) => new Intl.DateTimeFormat(lang, {hour: 'numeric', minute: '2-digit'})"
        ".format(new Date(iso))",
        [lang, page.locator("p.time-limit time").get_attribute("datetime")],
    )
    dialog = page.get_by_role("dialog", name=words["title"])
    expect(dialog).to_be_visible(timeout=LIMIT * 1000)  # a few seconds before the end
    expect(dialog.get_by_role("button", name=words["keep"])).to_be_focused()
    with page.expect_response(lambda r: "/keep" in r.url and r.ok):
        page.keyboard.press("Enter")  # one key keeps them
    expect(dialog).to_be_hidden()
    expect(page.locator("[data-keep-status]")).to_contain_text(words["kept"])
    page.wait_for_timeout(6000)  # past the old limit (kept 4 s before it), inside the new one
    answer_by_id(page, QUIET["sun"])
    with page.expect_navigation():
        page.get_by_role("button", name=words["continue"]).click()
    expect(page.locator("h1")).not_to_have_text("Please start again")
    assert "/step/food_d" in page.url

    # left alone: the dialog says the answers could not be kept, and the next page why
    expect(dialog).to_be_visible(timeout=LIMIT * 1000)
    late = page.get_by_role("dialog", name=words["failed"])  # it now says so, and only that
    expect(late).to_be_visible(timeout=LIMIT * 1000)
    expect(late.get_by_role("alert")).to_contain_text(words["failed"])
    expect(late.get_by_role("button", name=words["close"])).to_be_focused()
    shoot(page, f"keep-dialog-too-late-{lang}")
    assert audit(page, f"keep-dialog-too-late-{lang}") == []
    page.keyboard.press("Enter")
    expect(late).to_be_hidden()
    with page.expect_navigation():
        page.get_by_role("button", name=words["continue"]).click()
    expect(page.locator("main")).to_contain_text(words["expired"])
    expect(page.locator("input[type=file]")).to_be_visible()  # "Continue from a saved file"
    shoot(page, f"expired-{lang}")
    assert audit(page, f"expired-{lang}") == []


def test_keep_in_the_frame_replaces_the_hidden_field(page, short_server):
    page.goto(f"{short_server}/embed/demo/")
    page.get_by_role("button", name="Start now").click()
    answer_by_id(page, persona(QUIET)["start"])
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Sun")
    before = page.locator("form[novalidate] input[name=state]").input_value()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible(timeout=LIMIT * 1000)
    with page.expect_response(lambda r: "/embed/demo/keep" in r.url and r.ok):
        dialog.get_by_role("button", name="Keep my answers").click()
    after = page.locator("form[novalidate] input[name=state]").input_value()
    assert after != before
    states = page.locator("input[name=state]").evaluate_all("all => all.map(i => i.value)")
    assert set(states) == {after}  # every form of the page carries the fresh field
    page.wait_for_timeout(6000)  # the old field has expired by now
    answer_by_id(page, QUIET["sun"])
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Food: fish, milk and eggs")
