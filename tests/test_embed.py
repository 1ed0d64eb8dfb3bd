"""A clinic's pages in a frame on its own site: the whole flow with no cookies at all."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
import rjsmin
from itsdangerous import URLSafeTimedSerializer
from pypdf import PdfReader

from selfcheck.storage import FIELD, FormFieldStore

from .conftest import ROOT, make_app
from .personas import OLDER_INDOORS, QUIET, persona
from .reading import text_of

EMBED = "/embed/demo"


class FramedVisitor:
    """A browser inside a cross-site frame: sends no cookies, only what each page's forms hold."""

    def __init__(self, app):
        self.client = app.test_client(use_cookies=False)
        self.html = ""
        self.responses = []

    def get(self, url: str):
        return self._keep(self.client.get(url))

    def state(self) -> str:
        return self.hidden().get(FIELD, "")

    def main_form(self) -> str:
        """The page's first form that is not the language switcher."""
        forms = re.findall(r"<form method=\"post\".*?</form>", self.html, re.S)
        return next(f for f in forms if "lang=" not in f.split(">", 1)[0])

    def hidden(self) -> dict:
        """The hidden fields of the page's main form, which a browser sends with it."""
        fields = re.findall(
            r'<input type="hidden" name="([^"]+)" value="([^"]*)"', self.main_form()
        )
        return {name: unescape(value) for name, value in fields}

    def post(self, url: str, data: dict | None = None):
        return self._keep(self.client.post(url, data={**self.hidden(), **(data or {})}))

    def form_action(self) -> str:
        return unescape(re.search(r'action="([^"]+)"', self.main_form()).group(1))

    def _keep(self, response):
        assert "Set-Cookie" not in response.headers, response.headers["Set-Cookie"]
        self.responses.append(response)
        if response.mimetype == "text/html":
            self.html = response.get_data(as_text=True)
        return response

    def answer_all(self, answers: dict) -> None:
        """Post every step the pages ask for, as the frame's forms would."""
        for _ in range(20):
            match = re.search(r"/step/([a-z0-9_]+)$", self.form_action())
            if not match or "Check your answers" in self.html:
                return
            step_id = match.group(1)
            response = self.post(self.form_action(), {**answers[step_id], "action": "continue"})
            assert response.status_code == 200, text_of(self.html)[:500]


@pytest.fixture
def visitor():
    return FramedVisitor(make_app())


def demo_answers(base=QUIET, **changes):
    return persona(base, clinic_visit={"visit_reason": "tiredness"}, **changes)


def test_whole_embedded_flow_needs_no_cookie(visitor):
    page = visitor.get(EMBED + "/")
    assert page.status_code == 200
    assert "Demo Family Clinic" in visitor.html
    assert 'class="site-header"' not in visitor.html  # the clinic's branding, not our site's
    visitor.post(visitor.form_action(), {"action": "open"})  # "Start now"
    assert "Step 1 of 11" in visitor.html
    visitor.answer_all(demo_answers(OLDER_INDOORS))
    assert "Check your answers" in visitor.html
    assert "Feeling tired a lot" in visitor.html  # the clinic's own question
    visitor.post(EMBED + "/check", {"goto": "results"})
    html = visitor.html
    assert "Questions to ask your clinician" in html
    assert 'id="prompt-clinic_tiredness"' in html and 'id="prompt-ppi"' in html
    assert 'target="_blank" rel="noopener noreferrer"' in html  # sources open outside the frame
    pdf = visitor.post(EMBED + "/results.pdf")
    assert pdf.mimetype == "application/pdf"
    assert pdf.headers["Content-Disposition"].startswith("attachment;")
    reader = PdfReader(io.BytesIO(pdf.data))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Demo Family Clinic" in text and "555-0100" in text
    assert "I feel tired a lot." in text
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(width), round(height)) == (612, 792)  # the clinic's letter paper


def test_back_and_change_keep_every_answer_without_cookies(visitor):
    visitor.get(EMBED + "/")
    visitor.post(visitor.form_action(), {"action": "open"})
    visitor.post(visitor.form_action(), {**QUIET["start"], "action": "continue"})
    assert "<h1>Sun</h1>" in visitor.html
    visitor.post(visitor.form_action(), {"outdoor_time": "under_15", "action": "back"})
    assert 'value="45"' in visitor.html  # the first page, as it was answered
    visitor.post(visitor.form_action(), {**QUIET["start"], "action": "continue"})
    assert re.search(r'value="under_15"[^>]*checked', visitor.html)  # kept on the way back
    visitor.answer_all(demo_answers())
    visitor.post(EMBED + "/check", {"goto": "sun"})  # a "Change" button
    assert "<h1>Sun</h1>" in visitor.html and 'name="change" value="1"' in visitor.html
    visitor.post(visitor.form_action(), {**QUIET["sun"], "covered": "yes", "action": "continue"})
    assert "Check your answers" in visitor.html  # straight back, as on the standalone site


def test_red_flag_in_the_frame_shows_the_clinic_urgent_help(visitor):
    visitor.get(EMBED + "/")
    visitor.post(visitor.form_action(), {"action": "open"})
    start = {**QUIET["start"], "red_flags": ["chest_pain"], "action": "continue"}
    visitor.post(visitor.form_action(), start)
    text = text_of(visitor.html)
    assert "Get medical help now" in text
    assert "call Demo Family Clinic on 555-0100" in text and "911" in text
    assert 'id="prompt-' not in visitor.html
    assert visitor.post(EMBED + "/results.pdf").mimetype == "text/html"  # no PDF, the same page


def test_answers_never_travel_in_a_url(visitor):
    visitor.get(EMBED + "/")
    visitor.post(visitor.form_action(), {"action": "open"})
    visitor.answer_all(demo_answers(own={"own_question": "Distinctive-Answer-42"}))
    visitor.post(EMBED + "/check", {"goto": "results"})
    for response in visitor.responses:
        assert "Location" not in response.headers  # no redirects carry anything
    assert not re.search(r'<a [^>]*href="[^"]*(state|Distinctive)', visitor.html)
    assert all(form == "post" for form in re.findall(r'<form method="(\w+)"', visitor.html))


def test_a_tampered_state_asks_to_start_again(visitor):
    visitor.get(EMBED + "/")
    visitor.post(visitor.form_action(), {"action": "open"})
    visitor.post(visitor.form_action(), {**QUIET["start"], "action": "continue"})
    token = visitor.state()
    response = visitor.client.post(EMBED + "/step/sun", data={FIELD: token[:-3] + "abc"})
    assert response.status_code == 400
    assert "Please start again" in response.get_data(as_text=True)
    response = visitor.client.post(EMBED + "/results", data={FIELD: "nonsense"})
    assert response.status_code == 400


def test_expired_state_asks_to_start_again():
    visitor = FramedVisitor(make_app(ANSWERS_MAX_AGE=-1))  # every saved state is too old
    visitor.get(EMBED + "/")
    response = visitor.post(visitor.form_action(), {"action": "open"})
    assert response.status_code == 400
    assert "Please start again" in response.get_data(as_text=True)
    again = visitor.post(visitor.form_action())  # the "Start again" button
    assert again.status_code == 302 and again.headers["Location"] == "/embed/demo/?cleared=1"


def test_state_signed_for_another_flow_is_not_read_in_this_one():
    """A state made for the plain questionnaire cannot be replayed in a clinic's flow."""
    app = make_app()
    visitor = FramedVisitor(app)
    signer = URLSafeTimedSerializer(app.secret_key, salt=FormFieldStore.salt)
    meta = app.extensions["selfcheck"].questionnaire.meta
    plain = signer.dumps({"q": [meta.id, meta.version], "s": {}, "d": []})
    response = visitor.client.post(EMBED + "/step/start", data={FIELD: plain})
    assert response.status_code == 400
    ours = signer.dumps({"q": [meta.id, meta.version, "demo"], "s": {}, "d": []})
    assert visitor.client.post(EMBED + "/step/start", data={FIELD: ours}).status_code == 200


def test_frame_headers_allow_only_the_clinic_sites(client):
    framed = client.get(EMBED + "/")
    policy = framed.headers["Content-Security-Policy"]
    assert "frame-ancestors 'self' http://localhost:* http://127.0.0.1:*" in policy
    assert "X-Frame-Options" not in framed.headers
    for url in ["/", "/c/demo/", "/step/start"]:
        assert "frame-ancestors 'none'" in client.get(url).headers["Content-Security-Policy"]
    assert "unsafe-inline" not in policy


@pytest.mark.parametrize("url", ["/c/nope/", "/embed/nope/", "/embed/nope/step/start"])
def test_unknown_clinic_is_a_friendly_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_clinic_pages_are_branded_and_keep_their_own_answers(client):
    page = client.get("/c/demo/").get_data(as_text=True)
    assert "Demo Family Clinic" in page and "Phone 555-0100" in page
    assert "/static/clinics/demo-logo.svg" in page and "/c/demo/brand.css" in page
    assert "Demo Family Clinic asks patients" in page  # the clinic's intro
    css = client.get("/c/demo/brand.css")
    assert css.mimetype == "text/css"
    assert "--brand: #0b6e4f" in css.get_data(as_text=True)
    client.post("/c/demo/step/start", data=QUIET["start"])
    assert "Step 2 of 11" in client.get("/c/demo/step/sun").get_data(as_text=True)
    standalone = client.get("/step/start").get_data(as_text=True)
    assert "Step 1 of 10" in standalone  # no clinic step here
    assert 'value="45"' not in standalone  # and the clinic's answers are its own


def test_embed_kit_page_for_clinic_staff(client):
    page = client.get("/c/demo/embed")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '&lt;div data-selfcheck-clinic="demo"&gt;&lt;/div&gt;' in html
    assert "http://localhost/static/embed.js" in html
    assert "http://localhost/embed/demo/" in html  # the plain iframe alternative
    assert 'data-selfcheck-clinic="demo"' in html  # the live preview
    assert client.get("/embed").status_code == 404
    assert client.get("/embed/demo/embed").status_code == 404


def test_embed_script_is_small_and_has_no_dependencies():
    source = (ROOT / "static" / "embed.js").read_text()
    assert len(rjsmin.jsmin(source).encode()) <= 2048
    assert "import " not in source and "require(" not in source
