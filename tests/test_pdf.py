"""The PDF: the same questions as the page, laid out for paper, and nothing fetched."""

import io
import re
import subprocess
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pypdf import PdfReader

from selfcheck.pdf import PdfRenderer, RefusedURL

from .conftest import FIXTURE, make_app
from .personas import LONGEST, OLDER_INDOORS, complete, persona
from .reading import words

STATIC = Path(__file__).parent.parent / "static"


def download(client):
    response = client.get("/results.pdf")
    assert response.status_code == 200
    return response, PdfReader(io.BytesIO(response.data))


def test_pdf_has_the_questions_the_page_has(client):
    complete(client, OLDER_INDOORS)
    response, reader = download(client)
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="questions-for-my-clinician-{date.today().isoformat()}.pdf"'
    )
    assert response.headers["Cache-Control"] == "no-store"
    pages = [words(page.extract_text()) for page in reader.pages]
    text = " ".join(pages)
    for question in [
        "I'm over 70 and I get little sun. Is the vitamin D I get from food and any supplements "
        "enough for me?",
        "Thyroid disease runs in my family. What signs should I watch for?",
        "What is my main problem?",
    ]:
        assert question in text
        assert any(question in page for page in pages), "a question was split across pages"
    assert "Because you said: How old are you? 72 years" in text
    assert (
        "Vitamin D fact sheet for health professionals. NIH Office of Dietary Supplements" in text
    )
    assert f"Page 1 of {len(reader.pages)}" in pages[0]
    assert "questionnaire version 0.3.0" in pages[0]
    assert "This list is not medical advice and not a diagnosis." in text
    assert "Vitamin D: about 245 IU a day from food" in text  # the estimate, as words
    assert "Amount the NIH recommends for most healthy people your age: 800 IU (black line)" in text
    assert "Tests clinicians commonly use" in text
    assert "Your answers Before we start How old are you? 72 years" in text  # as on the page
    assert reader.metadata.title == "Questions to ask your clinician"


def test_paper_size_is_configurable():
    for size, (width, height) in {"a4": (595, 842), "letter": (612, 792)}.items():
        client = make_app(PAPER_SIZE=size).test_client()
        complete(client, OLDER_INDOORS)
        _, reader = download(client)
        box = reader.pages[0].mediabox
        assert (round(box.width), round(box.height)) == (width, height)


def test_answers_in_the_pdf_are_text_not_markup(client):
    hostile = '<img src="file:///etc/passwd"> {{7*7}} <link rel=attachment href="/etc/passwd">'
    complete(client, persona(OLDER_INDOORS, own={"own_question": hostile}))
    _, reader = download(client)
    text = words(" ".join(page.extract_text() for page in reader.pages))
    assert '{{7*7}} <link rel=attachment href="/etc/passwd">' in text
    assert "root:x:" not in text
    assert not reader.attachments


def test_script_and_template_syntax_in_an_answer_are_printed_as_typed(client):
    """The page test (test_views) shows these as text; on paper they must read the same."""
    hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)> {{7*7}} {0.__class__} %s'
    complete(client, persona(OLDER_INDOORS, own={"own_question": hostile}))
    _, reader = download(client)
    text = words(" ".join(page.extract_text() for page in reader.pages))
    assert hostile in text


class Canary(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - the http.server API
        Canary.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, *args):
        pass


@pytest.fixture
def canary():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Canary)
    Canary.hits = []
    # shutdown() waits for the loop to look up: every 0.05 s, not the default half second
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_renderer_fetches_nothing_from_the_network_or_the_disk(canary):
    renderer = PdfRenderer(STATIC)
    html = f"""<html><head>
      <link rel="stylesheet" href="{canary}/sheet.css">
      <link rel="attachment" href="file:///etc/passwd">
      <link rel="attachment" href="{canary}/attach">
      <style>@import url("{canary}/import.css"); body {{ background: url("{canary}/bg") }}</style>
      </head><body><p>Hello</p><img src="{canary}/img.png"><img src="file:///etc/passwd">
      <img src="data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'>
        <image href='{canary}/svg'/></svg>">
      </body></html>"""
    reader = PdfReader(io.BytesIO(renderer.render(html)))
    assert Canary.hits == []
    assert not reader.attachments
    assert "root:x:" not in reader.pages[0].extract_text()


def test_fetcher_serves_only_files_under_static():
    fetcher = PdfRenderer(STATIC).fetcher
    assert b"@page" in fetcher.fetch((STATIC / "pdf.css").as_uri()).read()
    for url in [
        (STATIC / ".." / "wsgi.py").as_uri(),
        "file:///etc/passwd",
        "http://127.0.0.1/",
        "https://example.org/x.css",
        "file://otherhost/etc/passwd",
        "data:text/plain,hello",
    ]:
        with pytest.raises(RefusedURL):
            fetcher.fetch(url)


def test_stopped_flow_gets_no_pdf(client):
    complete(client, persona(OLDER_INDOORS, start={"red_flags": ["breathing"]}))
    assert client.get("/results.pdf").headers["Location"] == "/results"


def structure(reader) -> list:
    """Every element of the PDF's structure tree, depth first."""
    found = []

    def walk(node):
        node = node.get_object()
        if not isinstance(node, dict):
            return
        if "/S" in node:
            found.append(node)
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            if hasattr(kid, "get_object"):
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def test_pdf_is_tagged_for_screen_readers(client):
    complete(client, OLDER_INDOORS)
    _, reader = download(client)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == "Questions to ask your clinician"
    elements = structure(reader)
    kinds = [str(e["/S"]) for e in elements]
    assert kinds.count("/H1") == 1
    assert kinds.count("/H2") >= 5  # questions, closing, note, tests, estimate, answers …
    assert {"/L", "/LI", "/LBody", "/P", "/Link"} <= set(kinds)
    figures = [e for e in elements if e["/S"] == "/Figure"]
    assert figures and all(str(f.get("/Alt", "")).strip() for f in figures)
    assert "Vitamin D: about 245 IU a day from food" in str(figures[0]["/Alt"])


def test_the_pdf_is_rate_limited_with_a_friendly_page():
    client = make_app(PDF_RATE_LIMIT="2 per minute").test_client()
    complete(client, OLDER_INDOORS)
    assert [client.get("/results.pdf").status_code for _ in range(2)] == [200, 200]
    refused = client.get("/results.pdf")
    assert refused.status_code == 429
    assert "Too many requests" in refused.get_data(as_text=True)
    assert "Retry-After" in refused.headers
    assert client.get("/results").status_code == 200  # only the PDF is limited


def payloads(canary: str) -> list[str]:
    return [
        f'<img src="{canary}/img">',
        '<link rel=attachment href="file:///etc/passwd">',
        "file:///etc/passwd",
        f'<style>@import url("{canary}/import.css");</style>',
        f"<p style=\"background:url('{canary}/bg')\">x</p>",
        f'"><img src=x onerror="fetch(\'{canary}/xss\')">',
    ]


@pytest.mark.parametrize("index", range(6))
def test_hostile_answers_fetch_nothing_into_the_pdf(canary, index):
    client = make_app().test_client()
    payload = payloads(canary)[index]
    complete(client, persona(OLDER_INDOORS, own={"own_question": payload}))
    response, reader = download(client)
    text = words(" ".join(page.extract_text() for page in reader.pages))
    assert words(payload)[:15] in text  # shown as the words typed
    assert Canary.hits == []
    assert not reader.attachments
    assert "root:x:" not in text


def test_hostile_clinic_text_fetches_nothing(canary, tmp_path):
    demo = (FIXTURE / "clinics" / "demo.yaml").read_text()
    hostile = f'<img src="{canary}/clinic"> <link rel=attachment href="file:///etc/passwd">'
    (tmp_path / "demo.yaml").write_text(
        demo.replace(
            "If you need help today, call Demo Family Clinic on 555-0100.",
            f"'{hostile}'",
        )
    )
    client = make_app(CLINICS=str(tmp_path)).test_client()
    complete(
        client,
        persona(OLDER_INDOORS, clinic_visit={"visit_reason": "tiredness"}),
        start="/c/demo/step/start",
    )
    response = client.get("/c/demo/results.pdf")
    reader = PdfReader(io.BytesIO(response.data))
    assert Canary.hits == [] and not reader.attachments


def test_the_longest_possible_answers_stay_within_a_page_budget(tmp_path):
    client = make_app(MAX_PROMPTS=100).test_client()
    complete(client, LONGEST)
    response, reader = download(client)
    assert len(reader.pages) <= 12
    assert len(response.data) < 1_000_000
    # nothing runs off the right edge of the paper (word boxes from poppler's pdftotext)
    path = tmp_path / "long.pdf"
    path.write_bytes(response.data)
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    width = float(reader.pages[0].mediabox.width)
    right_edges = [float(x) for x in re.findall(r'xMax="([0-9.]+)"', boxes)]
    assert right_edges and max(right_edges) <= width - 20


def test_pdf_prints_the_questions_beyond_the_cap_in_full():
    client = make_app(MAX_PROMPTS=2).test_client()
    complete(client, OLDER_INDOORS)
    page = client.get("/results").get_data(as_text=True)
    below = page.split('<details class="more-questions">', 1)[1]
    hidden = [
        re.sub(r"\s+", " ", t).replace("&#39;", "'")
        for t in re.findall(r'<p class="prompt-text">(.*?)</p>', below, re.S)
    ]
    assert hidden
    _, reader = download(client)
    text = words(" ".join(p.extract_text() for p in reader.pages))
    assert f"{len(hidden)} more questions Your list is kept short so there is time to ask." in text
    for question in hidden:
        assert question in text


def test_a_notice_with_no_question_under_it_is_not_played_down(client):
    """A person whose answers set off a notice and no clinician question is sent to the
    notice, on the page and on paper — never told their answers pointed to nothing."""
    kidney = persona(
        start={"kidney": "yes"},
        medicines={"vitd_supplement": "yes", "vitd_dose": "1000", "vitd_unit": "iu",
                   "vitd_how_often": "day"},
    )  # fmt: skip
    complete(client, kidney)
    page = words(client.get("/results").get_data(as_text=True))
    _, reader = download(client)
    paper = words(" ".join(p.extract_text() for p in reader.pages))
    for text in (page, paper):
        assert "Start with the notice above: take it to your clinician." in text
        assert "did not point to any particular questions" not in text
