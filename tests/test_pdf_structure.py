"""The PDF's tags (PDF/UA-1): lists hold only items, items only a label and a body, nothing
tagged is empty, each answer is tagged with its question, and a page break splits nothing.

The checker is tests/pdf_structure.py. The first tests show it fails on the layout veraPDF
failed (ISO 14289-1 7.2 tests 19 and 20, issue 20); the others run it on every PDF the app
makes for very different people, in English and Spanish, on the site and a clinic's pages.
"""

from __future__ import annotations

import io
import re
from html import unescape
from pathlib import Path

import pytest
from pypdf import PdfReader
from weasyprint import CSS

from selfcheck.pdf import PdfRenderer
from selfcheck.pdf_tags import weasyprint_tags_only

from .conftest import across, make_app, some_of
from .pdf_structure import Element, apart, problems, read_tree, section
from .personas import LONGEST, OLDER_INDOORS, QUIET, complete, persona

STATIC = Path(__file__).parent.parent / "static"

# The rules of static/pdf.css that veraPDF failed, as they were: the number and the tick box
# drawn by pseudo-elements, and the answers' question and answer as inline blocks.
OLD_RULES = """
.prompt-list { list-style: none; padding: 0; margin: 0; counter-reset: prompt; }
.prompt {
  counter-increment: prompt; break-inside: avoid; position: relative;
  padding: 6pt 0 6pt 30pt; border-bottom: 0.5pt solid #b1b4b6; background: none;
}
.prompt::before {
  content: counter(prompt) "."; position: absolute; left: 0; top: 6pt; font-weight: bold;
}
.prompt::after {
  content: ""; position: absolute; left: 14pt; top: 7pt; width: 9pt; height: 9pt;
  border: 1pt solid #0b0c0c;
}
.summary dt, .summary dd { display: inline-block; vertical-align: top; width: 48%; margin: 0; }
.summary dt { font-weight: bold; margin-right: 3%; }
"""

# The markup the PDF template made then (one of each part veraPDF flagged).
OLD_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Questions to ask your clinician</title></head><body>
<h1>Questions to ask your clinician</h1>
<ol class="prompt-list">
  <li class="prompt"><p class="prompt-text">Should my magnesium be checked?</p>
    <div class="because"><p class="because-title">Because you said:</p>
      <ul><li>Do you take any of these medicines? <strong>A PPI</strong></li></ul></div>
    <p class="notes">Notes:</p></li>
</ol>
<section class="guide"><h2>Tests clinicians commonly use</h2>
  <ul class="guide-list"><li>
    <p class="guide-item-title">Blood magnesium test</p>
    <p>This test measures magnesium in the blood.</p>
    <p class="sources-title">Source: Institute of Medicine, 1997.</p>
  </li></ul>
</section>
<section class="answers"><h2>Your answers</h2>
  <h2 class="summary-heading">Before we start</h2>
  <dl class="summary">
    <div class="summary-row">
      <dt>How old are you?</dt>
      <dd>72 years</dd>
    </div>
    <div class="summary-row">
      <dt>Are you pregnant or breastfeeding?</dt>
      <dd>Neither</dd>
    </div>
  </dl>
</section>
</body></html>"""

OLD_PAIRS = [("How old are you?", "72 years"), ("Are you pregnant or breastfeeding?", "Neither")]


def old_renderer() -> PdfRenderer:
    renderer = PdfRenderer(STATIC)
    renderer.styles = CSS(
        string=(STATIC / "pdf.css").read_text(encoding="utf-8") + OLD_RULES,
        base_url=renderer.base_url,
        url_fetcher=renderer.fetcher,
    )
    return renderer


def test_the_checker_fails_on_the_layout_verapdf_failed():
    with weasyprint_tags_only():
        tree = read_tree(old_renderer().render(OLD_PAGE))
    found = problems(tree)
    assert "L holds Div: 'How old are you? 72 years Are you pregnant or breastfeeding?'" in found
    assert "LI holds P: '• Blood magnesium test This test measures magnesium in the b'" in found
    assert "empty NonStruct (in a LBody)" in found  # the tick box drawn by ::after
    assert "empty Span (in a Div)" in found  # the space between <dt> and <dd>
    assert apart(section(tree, "Your answers"), OLD_PAIRS) == [
        "'How old are you?' and its answer '72 years' are only together in a Div, not in one item",
        "'Are you pregnant or breastfeeding?' and its answer 'Neither' are only together in a "
        "Div, not in one item",
    ]


def test_the_checker_reads_a_question_and_answer_in_one_item_as_together():
    page = """<html lang="en"><head><title>t</title></head><body><h2>Your answers</h2><ul>
      <li><span>How old are you?</span><span>72 years</span></li></ul></body></html>"""
    tree = read_tree(PdfRenderer(STATIC).render(page))
    assert problems(tree) == []
    assert apart(tree, [("How old are you?", "72 years")]) == []
    assert apart(tree, [("How old are you?", "80 years")]) == [
        "no answer after 'How old are you?' (looked for '80 years')"
    ]


def long_list(items: int = 60) -> str:
    rows = "".join(f"<li><p>Item {i}</p><p>More about item {i}</p></li>" for i in range(items))
    return f"""<html lang="en"><head><title>t</title></head><body><section><h2>A section</h2>
      <ol>{rows}</ol><p>After the list</p></section><p>After the section</p></body></html>"""


def kinds(tree: Element, kind: str) -> list[Element]:
    return [e for e in tree.walk() if e.kind == kind]


def test_weasyprint_alone_splits_a_list_at_each_page_break_and_leaves_blocks_in_items():
    with weasyprint_tags_only():
        tree = read_tree(PdfRenderer(STATIC).render(long_list()))
    assert len(kinds(tree, "Sect")) == len(kinds(tree, "L")) > 1  # one of each per page
    assert any(p.startswith("LI holds P") for p in problems(tree))


def test_a_list_over_several_pages_is_one_list_with_every_item_labelled():
    data = PdfRenderer(STATIC).render(long_list())
    assert len(PdfReader(io.BytesIO(data)).pages) >= 3
    tree = read_tree(data)
    assert problems(tree) == []
    (sect,) = kinds(tree, "Sect")
    (the_list,) = kinds(tree, "L")
    assert [c.kind for c in sect.children] == ["H2", "L", "P"]
    assert [item.children[0].text for item in the_list.children] == [f"{n}." for n in range(1, 61)]
    assert all([c.kind for c in item.children] == ["Lbl", "LBody"] for item in the_list.children)
    assert the_list.children[59].children[1].text == "Item 59 More about item 59"
    assert len(set().union(*(e.pages for e in sect.walk()))) >= 3


# --- every PDF the app makes ----------------------------------------------------------


def cell_text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def answer_pairs(check_page: str) -> list[tuple[str, str]]:
    """Each question and its answer as the check page shows them."""
    rows = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", check_page, re.S)
    return [(cell_text(q), cell_text(a)) for q, a in rows]


PEOPLE = {
    "nothing to flag": (QUIET, {}),
    "72, indoors, PPI, family thyroid": (OLDER_INDOORS, {}),
    "kidney disease, magnesium oxide": (
        persona(
            QUIET,
            start={"kidney": "yes"},
            medicines={
                "mg_supplement": "yes",
                "mg_dose": "400",
                "mg_form": "oxide",
                "mg_stomach": "yes",
                "medicines": ["thyroid"],
            },
        ),
        {},
    ),
    "celiac, blood in stool (urgent notice)": (
        persona(QUIET, gut={"gut_conditions": ["celiac"], "gut_alarm": ["blood_in_stool"]}),
        {},
    ),
    "the longest answers": (LONGEST, {"MAX_PROMPTS": 100}),
    "a short list, then more questions": (OLDER_INDOORS, {"MAX_PROMPTS": 2}),
}
HEADINGS = {"en": "Your answers", "es": "Sus respuestas"}


@pytest.mark.parametrize(("who", "lang"), across(PEOPLE, ["en", "es"]))
def test_every_pdf_passes_the_structure_checks(who, lang):
    answers, config = PEOPLE[who]
    check_pdf_of(make_app(**config).test_client(), answers, "", lang)


@pytest.mark.parametrize("lang", some_of(["es", "en"], every=2))
def test_a_clinic_pdf_passes_the_structure_checks(lang):
    answers = persona(OLDER_INDOORS, clinic_visit={"visit_reason": "tiredness"})
    check_pdf_of(make_app().test_client(), answers, "/c/demo", lang)


@pytest.mark.parametrize(
    ("who", "lang"),
    across(["72, indoors, PPI, family thyroid", "the longest answers"], ["en", "es"]),
)
def test_a_large_print_pdf_has_the_same_tags(who, lang):
    answers, config = PEOPLE[who]
    check_pdf_of(make_app(**config).test_client(), answers, "", lang, "&print=large")


def check_pdf_of(client, answers: dict, base: str, lang: str, layout: str = "") -> None:
    complete(client, answers, start=f"{base}/step/start")
    pairs = answer_pairs(client.get(f"{base}/check?lang={lang}").get_data(as_text=True))
    results = client.get(f"{base}/results?lang={lang}").get_data(as_text=True)
    response = client.get(f"{base}/results.pdf?lang={lang}{layout}")
    assert response.status_code == 200
    tree = read_tree(response.data)
    assert problems(tree) == [], tree.outline()
    # "Your answers" is one section however many pages it runs over, with every answer
    # in the same item as its question
    heading = HEADINGS[lang]
    sections = [
        e
        for e in tree.walk()
        if e.children and e.children[0].kind == "H2" and e.children[0].text == heading
    ]
    assert len(sections) == 1
    answered = sections[0]
    assert pairs and apart(answered, pairs) == []
    assert len([e for e in answered.walk() if e.kind == "LI"]) == len(pairs)
    groups = [c.kind for c in answered.children]
    assert (
        groups.count("L")
        == groups.count("H3")
        == len(re.findall('<h2 class="summary-heading', results))
    )
    # the clinician questions (the list, and "more questions" after it): numbered 1 to n
    # by the lists' labels, each item a paragraph of question and what follows
    prompts = results.count('<li class="prompt"')
    numbers = [
        item.children[0].text
        for e in tree.walk()
        if e.kind == "L"
        for item in e.children
        if [c.kind for c in item.children] == ["Lbl", "LBody"]
        and re.fullmatch(r"\d+\.", item.children[0].text)
        and item.children[1].children[0].kind == "P"  # not "Three questions for every visit"
    ]
    assert numbers == [f"{n}." for n in range(1, prompts + 1)]


@pytest.mark.parametrize("lang", some_of(["en", "es"], every=2))
def test_the_api_pdf_passes_the_structure_checks(lang):
    from .test_api import flat

    response = (
        make_app()
        .test_client()
        .post(f"/api/v1/report.pdf?lang={lang}", json={"answers": flat(OLDER_INDOORS)})
    )
    assert response.status_code == 200
    assert problems(read_tree(response.data)) == []
