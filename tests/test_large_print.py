"""Large print: a PDF (and a print layout) with every text at 16 pt or more, headings larger,
the answers in one column, chosen on the results page; on the site, a clinic's pages and in
the frame. Sizes are read from the PDF's content (tests/pdf_structure.text_runs); the print
layout of the page is measured in Chromium (tests/browser/test_large_print.py). The same
tags are checked in tests/test_pdf_structure.py."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest

from .conftest import make_app, some_of
from .pdf_structure import text_runs
from .personas import LONGEST, OLDER_INDOORS, complete, persona
from .test_embed import EMBED, FramedVisitor, demo_answers

SMALLEST = 16.0


def sizes(pdf: bytes) -> list[float]:
    return [run.size for run in text_runs(pdf)]


def finished(answers=OLDER_INDOORS, base="", **config):
    client = make_app(**config).test_client()
    complete(client, answers, start=f"{base}/step/start")
    return client


LARGE_PRINT_CASES = [  # in the fast loop: the first and the third
    pytest.param(
        persona(OLDER_INDOORS, clinic_visit={"visit_reason": "tiredness"}),
        "/c/demo",
        "es",
        {},
        id="clinic-spanish",
    ),
    pytest.param(OLDER_INDOORS, "", "en", {}, id="english"),
    pytest.param(LONGEST, "", "en", {"MAX_PROMPTS": 100}, id="longest"),
    pytest.param(OLDER_INDOORS, "", "es", {}, id="spanish"),
]


@pytest.mark.parametrize(("answers", "base", "lang", "config"), some_of(LARGE_PRINT_CASES, 2))
def test_every_text_in_the_large_print_pdf_is_16_pt_or_more(answers, base, lang, config):
    client = finished(answers, base, **config)
    normal = client.get(f"{base}/results.pdf?lang={lang}")
    large = client.get(f"{base}/results.pdf?lang={lang}&print=large")
    assert min(sizes(normal.data)) < SMALLEST  # the ordinary PDF is not large print
    runs = text_runs(large.data)
    small = [(run.text, run.size) for run in runs if run.size < SMALLEST]
    assert small == []  # the page numbers in the footer included
    body = [run.size for run in runs]
    assert max(body) >= 28  # the title
    assert sorted(set(body)) == [16.0, 18.0, 22.0, 28.0]  # text, questions, headings, title


def test_the_large_print_pdf_puts_each_answer_under_its_question():
    client = finished()
    for layout, same_column in (("", False), ("?print=large", True)):
        runs = text_runs(client.get(f"/results.pdf{layout}").data)
        # the last time the question is printed is in "Your answers", at the end
        question = [r for r in runs if r.text == "How old are you?"][-1]
        answer = next(r for r in runs if r.text == "72 years" and r.page == question.page)
        assert (abs(answer.x - question.x) < 1) is same_column
        assert (answer.y < question.y - 10) is same_column  # on the next line down


def test_the_large_print_pdf_is_named_for_what_it_is():
    client = finished()
    response = client.get("/results.pdf?print=large")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="questions-for-my-clinician-large-print-{date.today()}.pdf"'
    )
    other = client.get("/results.pdf?print=huge")  # anything else is the ordinary PDF
    assert "large-print" not in other.headers["Content-Disposition"]
    assert min(sizes(other.data)) < SMALLEST


def links(html: str) -> dict[str, str]:
    """Each link's words → where it goes."""
    found = re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', html, re.S)
    return {
        " ".join(unescape(re.sub("<[^>]+>", "", text)).split()): unescape(href)
        for href, text in found
    }


def test_the_results_page_offers_large_print():
    client = finished()
    page = client.get("/results").get_data(as_text=True)
    assert "Large print, with all the text 16 points or larger:" in page
    assert links(page)["Print in large print"] == "/results?print=large"
    assert links(page)["Download a large-print PDF"] == "/results.pdf?print=large"
    assert '<html lang="en">' in page


def test_the_large_print_page_prints_large_and_says_so():
    client = finished()
    page = client.get("/results?print=large").get_data(as_text=True)
    assert '<html lang="en" class="print-large">' in page  # the print stylesheet honours it
    assert (
        "Large print is on: when you print this page or download the PDF, all the text is 16 "
        "points or larger, in one column." in page
    )
    assert links(page)["Download PDF"] == "/results.pdf?print=large"
    assert links(page)["Back to normal print"] == "/results"
    assert "Print in large print" not in page


def test_large_print_in_spanish():
    client = finished()
    page = client.get("/results?lang=es").get_data(as_text=True)
    assert links(page)["Imprimir con letra grande"] == "/results?print=large&lang=es"
    assert links(page)["Descargar un PDF con letra grande"] == "/results.pdf?print=large&lang=es"
    large = client.get("/results?lang=es&print=large").get_data(as_text=True)
    assert "La letra grande está activada" in large
    assert links(large)["Volver a la letra normal"] == "/results?lang=es"


def test_large_print_in_the_frame_is_posted_with_the_answers():
    visitor = FramedVisitor(make_app())
    visitor.get(EMBED + "/")
    visitor.post(visitor.form_action(), {"action": "open"})  # "Start now"
    visitor.answer_all(demo_answers())
    visitor.post(f"{EMBED}/check", {"goto": "results"})
    assert "Print in large print" in visitor.html
    actions = re.findall(r'<form method="post" action="([^"]+)"', visitor.html)
    assert f"{EMBED}/results?print=large" in actions
    assert f"{EMBED}/results.pdf?print=large" in actions
    page = visitor.post(f"{EMBED}/results?print=large", {"action": "open"})
    assert page.status_code == 200 and 'class="embedded print-large"' in visitor.html
    pdf = visitor.client.post(f"{EMBED}/results.pdf?print=large", data={"state": visitor.state()})
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert min(sizes(pdf.data)) >= SMALLEST
