"""A clinic's web page on localhost shows the questionnaire served from 127.0.0.1 in a frame.

The two are different sites, so the browser sends the frame no cookies: the whole flow —
every step, Back, check your answers, results and the PDF — must work from the frame's
own forms. A site the clinic has not listed cannot show the frame at all.
"""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from ..personas import OLDER_INDOORS, persona
from .conftest import SCREENSHOTS, serve_html
from .test_flow import answer_by_id

pytestmark = pytest.mark.browser

ANSWERS = persona(OLDER_INDOORS, clinic_visit={"visit_reason": "tiredness"})


def host_page(app_url: str, plain: bool = False) -> bytes:
    """A clinic's own page, as the README tells clinics to write it (with the script, or the
    plain-frame alternative)."""
    snippet = (
        f'<iframe src="{app_url}/embed/demo/" title="Questions for your clinician" '
        'style="width:100%;height:1600px;border:0"></iframe>'
        if plain
        else f'<div data-selfcheck-clinic="demo"></div>\n'
        f'<script src="{app_url}/static/embed.js" async></script>'
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demo Family Clinic – before your visit</title></head>
<body style="margin:0;font-family:sans-serif">
<header style="background:#0b6e4f;color:#fff;padding:16px">
<strong>Demo Family Clinic</strong></header>
<main style="padding:8px">
<h1>Before your visit</h1>
<p>Please answer these questions. Your answers are not stored.</p>
{snippet}
</main>
<footer style="padding:16px">Demo Family Clinic · 555-0100</footer>
</body></html>""".encode()


@pytest.fixture(scope="module")
def clinic_site(live_server):
    """Serve the host page on a given loopback host; returns its URL."""
    servers = []

    def serve(host: str) -> str:
        server = serve_html(
            lambda path: host_page(live_server, plain=path.startswith("/plain")),
            "127.0.0.1" if host == "localhost" else host,
        )
        servers.append(server)
        return f"http://{host}:{server.server_port}/"

    yield serve
    for server in servers:
        server.shutdown()


def frame_fits(page) -> None:
    """The frame is as tall as its page (no crop, no second scroll bar), within a moment."""
    sizes = None
    for _ in range(40):
        content = (
            page.frame_locator("iframe")
            .locator("body")
            .evaluate("b => Math.ceil(b.getBoundingClientRect().height)")
        )
        outer = page.locator("iframe").evaluate("f => f.getBoundingClientRect().height")
        sizes = (outer, content)
        if abs(outer - content) <= 2:
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"the frame is {sizes[0]} px tall for {sizes[1]} px of page")


def snap(page, name: str, width: int) -> None:
    """A full-page picture; the viewport is made as tall as the page first, because
    Chromium paints only the visible part of a frame from another site."""
    page.set_viewport_size({"width": width, "height": 800})
    frame_fits(page)
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_timeout(100)
    page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png")
    page.set_viewport_size({"width": width, "height": 640})


def test_whole_flow_inside_a_cross_site_frame_without_cookies(
    browser, live_server, clinic_site, tmp_path
):
    context = browser.new_context(viewport={"width": 360, "height": 640}, accept_downloads=True)
    page = context.new_page()
    sent_cookies = []
    page.on(
        "request",
        lambda r: sent_cookies.append(r.url) if "cookie" in r.all_headers() else None,
    )
    host = clinic_site("localhost")
    page.goto(host)
    frame = page.frame_locator("iframe")
    expect(frame.locator("h1")).to_contain_text("Questions for your clinician")
    expect(frame.locator(".clinic-name")).to_have_text("Demo Family Clinic")
    frame_fits(page)
    snap(page, "20-embed-start", 360)

    frame.get_by_role("button", name="Start now").click()
    expect(frame.locator(".progress-text")).to_have_text("Step 1 of 11")
    answer_by_id(frame, ANSWERS["start"])
    frame.get_by_role("button", name="Continue").click()
    expect(frame.locator("h1")).to_have_text("Sun")
    answer_by_id(frame, ANSWERS["sun"])
    page.mouse.wheel(0, 5000)  # the person scrolled down to the button
    frame.get_by_role("button", name="Back").click()
    expect(frame.get_by_label("How old are you?")).to_have_value("72")  # Back keeps answers
    top = page.locator("iframe").evaluate("f => f.getBoundingClientRect().top")
    assert top >= -1  # the host page scrolled back to the top of the frame
    frame.get_by_role("button", name="Continue").click()
    expect(frame.get_by_label("Less than 15 minutes")).to_be_checked()
    frame.get_by_role("button", name="Continue").click()
    expect(frame.locator("h1")).not_to_have_text("Sun")
    while (title := frame.locator("h1").inner_text()) != "Check your answers":
        step_id = frame.locator("form[novalidate]").get_attribute("action").rsplit("/", 1)[-1]
        answer_by_id(frame, ANSWERS[step_id])
        frame.get_by_role("button", name="Continue").click()
        expect(frame.locator("h1")).not_to_have_text(title)  # the next page has arrived
    frame_fits(page)
    frame.get_by_role("button", name="Change your answer to: What is the main reason").click()
    expect(frame.locator("h1")).to_have_text("Your visit")
    frame.get_by_label("Feeling tired a lot").check()
    frame.get_by_role("button", name="Continue").click()
    expect(frame.locator("h1")).to_have_text("Check your answers")
    frame.get_by_role("button", name="Show my questions").click()
    expect(frame.locator("h1")).to_have_text("Questions to ask your clinician")
    expect(frame.locator("#prompt-clinic_tiredness")).to_be_visible()
    expect(frame.locator("#prompt-ppi")).to_be_visible()
    frame_fits(page)
    snap(page, "21-embed-results", 360)
    snap(page, "21-embed-results", 1280)

    with page.expect_download() as info:
        frame.get_by_role("button", name="Download PDF").click()
    path = tmp_path / "clinic.pdf"
    info.value.save_as(path)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)
    assert "Demo Family Clinic" in text and "I feel tired a lot." in " ".join(text.split())

    assert context.cookies() == []
    assert sent_cookies == []
    context.close()


def test_a_site_the_clinic_did_not_list_cannot_frame_it(browser, live_server, clinic_site):
    context = browser.new_context()
    page = context.new_page()
    refusals = []
    page.on("console", lambda m: refusals.append(m.text) if "frame-ancestors" in m.text else None)
    page.goto(clinic_site("127.0.0.2"))  # not in the demo clinic's embed_origins
    for _ in range(50):  # the refusal is reported once the frame's response has arrived
        if refusals:
            break
        page.wait_for_timeout(100)
    child = page.frames[1]
    assert "Questions for your clinician" not in child.content()
    assert any("frame-ancestors" in text for text in refusals), refusals
    context.close()


def test_frame_height_messages_come_only_from_the_frame(browser, live_server, clinic_site):
    context = browser.new_context()
    page = context.new_page()
    page.goto(clinic_site("localhost"))
    frame_fits(page)
    before = page.locator("iframe").evaluate("f => f.style.height")
    # a script on the host page (or another frame) pretends to be selfcheck
    page.evaluate("window.postMessage({type: 'selfcheck:height', height: 5}, '*')")
    page.evaluate("() => new Promise(done => setTimeout(done, 300))")  # let it be delivered
    assert page.locator("iframe").evaluate("f => f.style.height") == before
    context.close()


def test_embed_kit_page_shows_a_working_preview(page, live_server, shoot):
    page.goto(live_server + "/c/demo/embed")
    expect(page.locator("pre").first).to_contain_text('data-selfcheck-clinic="demo"')
    preview = page.frame_locator(".embed-preview iframe")
    expect(preview.locator(".clinic-name")).to_have_text("Demo Family Clinic")
    shoot(page, "22-embed-kit")


def test_a_plain_frame_without_the_script_still_works(browser, live_server, clinic_site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(clinic_site("localhost") + "plain")
    frame = page.frame_locator("iframe")
    frame.get_by_role("button", name="Start now").click()
    frame.locator("#age").fill("45")
    frame.get_by_role("button", name="Continue").click()  # errors, answers kept, no cookie
    expect(frame.locator(".error-summary")).to_be_visible()
    expect(frame.locator("#age")).to_have_value("45")
    answer_by_id(frame, {k: v for k, v in ANSWERS["start"].items() if k != "age"})
    frame.get_by_role("button", name="Continue").click()
    expect(frame.locator("h1")).to_have_text("Sun")
    assert context.cookies() == []
    context.close()
