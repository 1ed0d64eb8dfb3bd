"""Our PDFs are made with WeasyPrint's user-agent rules that can apply to them only
(selfcheck/pdf_ua.py), and come out the same as with all of WeasyPrint's: byte for byte for
a list in large print and for a page of every element our templates do not use today, rule
for rule for the clinic review pack. (tests/content/test_pdf_examples.py: the shipped
examples in English, in Spanish and on a clinic's letter paper.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from weasyprint import HTML

from selfcheck import pdf_ua, review_pack
from selfcheck.pdf import PdfRenderer

from .conftest import make_app
from .pdf_same import WholeUserAgent, both_ways, made_each_time, whole_user_agent
from .personas import LONGEST, complete

STATIC = Path(__file__).parent.parent / "static"
HEARING = Path(__file__).parent / "data" / "hearing"

# every element and attribute WeasyPrint's user-agent stylesheet names that our templates do
# not use today: a template that starts using one gets its rules, and the same PDF
UNUSED_TODAY = """<!doctype html><html lang="en"><head><title>Unused today</title></head><body>
<p dir="rtl">مرحبا <q>quoted</q> <abbr title="abbreviation">abbr</abbr> <b>b</b> <i>i</i>
<cite>cite</cite> <code>code</code> <small>small</small> H<sub>2</sub>O x<sup>2</sup>
<mark>mark</mark> <del>del</del> <ins>ins</ins> <u>u</u> <s>s</s> line<br>break<wbr>here</p>
<p hidden>hidden</p><blockquote>blockquote</blockquote><pre>pre   formatted</pre><hr>
<dl><dt>term</dt><dd>definition</dd></dl><dl dir="ltr"><dd>ltr</dd></dl>
<ul><li>one<ul><li>two<ol><li>three<ul><li>four</li></ul></li></ol></li></ul></li></ul>
<figure><img src="tick-box.svg" alt="a box"><figcaption>figure</figcaption></figure>
<table rules="all" frame="box"><caption>caption</caption><colgroup><col></colgroup>
<thead><tr><th>head</th></tr></thead><tbody><tr><td>cell</td></tr></tbody>
<tfoot><tr><td>foot</td></tr></tfoot></table>
<details open><summary>summary</summary>details</details><address>address</address>
<h4>h4</h4><h5>h5</h5><h6>h6</h6><center>center</center><nav>nav</nav><main>main</main>
<article>article</article><aside>aside</aside><header>header</header><footer>footer</footer>
</body></html>"""


@pytest.fixture(scope="module")
def renderer():
    return PdfRenderer(STATIC)


def test_a_page_of_elements_our_templates_do_not_use_is_the_same(renderer):
    whole, ours = both_ways(renderer, UNUSED_TODAY)
    assert whole == ours


def test_footnotes_keep_weasyprint_rules_for_them(renderer):
    page = (
        "<html lang='en'><body><p>Text<span style='float: footnote'>A footnote</span>.</p>"
        "<ol><li>one</li></ol></body></html>"
    )
    whole, ours = both_ways(renderer, page)
    assert whole == ours
    assert "::footnote-call" in renderer.user_agent.text


def test_the_large_print_list_is_the_same():
    app = make_app()
    client = app.test_client()
    complete(client, LONGEST)
    renderer = app.extensions["selfcheck"].pdf.renderer
    with made_each_time():
        ours = client.get("/results.pdf?print=large&lang=es")
    with whole_user_agent(renderer):
        whole = client.get("/results.pdf?print=large&lang=es")
    assert ours.status_code == whole.status_code == 200
    assert whole.data == ours.data


def weasyprint_ua_matches(html: str, sheet) -> list:
    """For each element, the user-agent declarations WeasyPrint applies to it and to the
    pseudo-elements it makes for it, in the order of the cascade (as text: parsed values
    hold tokens, which compare by identity)."""
    found = []
    for element in HTML(string=html).wrapper_element.iter_subtree():
        found.append(
            [
                (specificity, pseudo, repr(declarations))
                for specificity, _, pseudo, (declarations, _) in sheet.matcher.match(element)
                if pseudo not in pdf_ua.NOTE_PSEUDO_ELEMENTS  # the pack has no footnote
            ]
        )
    return found


def page_rules(sheet, areas: set) -> list[str]:
    """The @page rules of a stylesheet for the page itself and for `areas` (`@bottom-left`)."""
    return [repr(rule[1:]) for rule in sheet.page_rules if all(s[1] in areas for s in rule[1])]


@pytest.mark.parametrize(("clinic", "lang"), [("quiet", "en"), (None, "es")])
def test_the_review_pack_gets_the_same_user_agent_rules(clinic, lang):
    """The pack takes seconds to make: here its every element gets the same rules of
    WeasyPrint's, and its pages the same rules for every margin box a stylesheet of ours
    gives content to (the others are not made), which is all the user-agent stylesheet
    gives a PDF."""
    app = make_app(QUESTIONNAIRE=str(HEARING / "questions.yaml"), CLINICS=str(HEARING / "clinics"))
    with app.app_context():
        html = review_pack.render_html(app, review_pack.build(app, clinic, lang), standalone=False)
    review_css = (STATIC / review_pack.STYLESHEET).read_text()
    used = pdf_ua.UserAgent()
    for css in (review_css, '@page { @bottom-right { content: "Page" } }'):  # + page number
        used.use_stylesheet(css)
    ours = used.stylesheet(HTML(string=html).etree_element)
    whole = WholeUserAgent().stylesheet(None)
    assert not used.seen.notes  # so no footnote or note, nor their pseudo-elements and areas
    assert weasyprint_ua_matches(html, ours) == weasyprint_ua_matches(html, whole)
    areas = {None, *(f"@{box}" for box in used.seen.margin_boxes)}
    assert page_rules(ours, areas) == page_rules(whole, areas)
    assert len(page_rules(ours, areas)) == len(ours.page_rules)


def test_what_our_documents_hold_decides_the_rules():
    document = HTML(string="<p class='x' dir='rtl'>a <a href='#'>b</a></p>").etree_element
    seen = pdf_ua.Vocabulary.of(document)
    assert {"p", "a", "html", "body"} <= seen.elements
    assert {"class", "dir", "href"} <= seen.attributes
    text = pdf_ua.trimmed(pdf_ua.weasyprint_ua(), seen)
    assert "[dir=rtl i] { direction: rtl }" in text
    assert ":link { color: blue }" in text
    assert "table" not in text and "::footnote" not in text and "@counter-style" not in text
    assert "@page { margin: 75px; }" in text  # no margin box nor footnote area of its own


def test_a_renderer_keeps_the_rules_of_the_margin_boxes_it_uses():
    renderer = PdfRenderer(STATIC)
    renderer.render("<p>One page</p>")  # pdf.css: the footer, bottom left; the page number
    text = renderer.user_agent.text
    assert "@bottom-left" in text and "@bottom-right" in text
    assert "@top-left" not in text and "@note-area" not in text and "@footnote" not in text


@pytest.mark.parametrize(
    ("css", "notes"),
    [
        (".a { float: footnote }", True),
        ("@media print { .a { float: footnote } }", True),
        (".a { position: note(side) }", True),
        (".note { color: red } .footnote { float: left }", False),
    ],
)
def test_a_stylesheet_that_makes_footnotes_is_seen(css, notes):
    assert pdf_ua.makes_notes(css) is notes
