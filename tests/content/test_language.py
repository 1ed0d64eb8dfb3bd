"""questions.yaml and the pages speak plainly and never say what the content brief forbids.

Plain language: every unit a person reads (a question with its choices, a prompt with its
detail, a stop page …) and every sentence the templates add score Flesch–Kincaid grade 8
or below. Names a person must be able to recognise — their own or a relative's diagnosis,
the medicine on their box — are stood in for by a short word before grading; the few
technical terms we cannot avoid are explained wherever they appear.
"""

from __future__ import annotations

import re

import cssselect2
import pytest
import textstat
import tinyhtml5

from selfcheck.content_guard import sentence, units

from .people import OLDER_INDOORS, QUIET, SHIPPED, complete, persona

MAX_GRADE = 8.0

# Names people look for on their own diagnosis, a relative's, or a medicine box (kept as
# written: a plainer word would be unrecognizable), and the technical terms we cannot avoid,
# each with the plain words that must stand beside it wherever it appears, are listed in
# questions.yaml's `plain_language:` block, which `selfcheck check` reads too. Both count as
# one short word when grading.
NAMES = list(SHIPPED.plain_language.names)
EXPLAINED = dict(SHIPPED.plain_language.terms)

PLAIN = "it"  # what a name or term is read as when grading


def readable(text: str) -> str:
    for pattern in sorted([*NAMES, *EXPLAINED], key=len, reverse=True):
        text = re.sub(pattern, PLAIN, text, flags=re.IGNORECASE)
    return text


def grade(text: str) -> float:
    return textstat.flesch_kincaid_grade(readable(text))


def test_every_unit_reads_at_grade_8_or_below(questionnaire):
    hard = {
        unit.label: round(grade(unit.text), 1)
        for unit in units(questionnaire)
        if grade(unit.text) > MAX_GRADE
    }
    assert hard == {}, "Rewrite these in shorter sentences and shorter words"


def test_the_grader_catches_hard_text():
    """The plain-language test can fail: a sentence in the style of a journal abstract does."""
    assert grade("Supplementation attenuated the incidence of autoimmune pathology.") > MAX_GRADE
    assert grade("Do you take vitamin D?") <= MAX_GRADE


def test_each_technical_term_is_explained_wherever_it_appears(questionnaire):
    by_scope: dict[str, str] = {}
    for unit in units(questionnaire):
        by_scope[unit.scope] = by_scope.get(unit.scope, "") + " " + unit.text
    unexplained = [
        (term, scope)
        for term, explanation in EXPLAINED.items()
        for scope, text in by_scope.items()
        if re.search(term, text, re.IGNORECASE) and not re.search(explanation, text)
    ]
    assert unexplained == []


def test_every_reviewed_term_is_still_used(questionnaire):
    """The list stays short: a name or term nobody uses any more is taken off it."""
    everything = " ".join(unit.text for unit in units(questionnaire))
    unused = [t for t in [*NAMES, *EXPLAINED] if not re.search(t, everything, re.IGNORECASE)]
    assert unused == []


# --- The wording guard ------------------------------------------------------------------

FORBIDDEN = {
    "a claim of prevention": r"\bprevent(s|ed|ing)?\b|\bprotects? (you )?(against|from)\b",
    "a diagnosis": r"\byou (are|may be|might be|could be) (deficient|low in)\b|\bdeficien",
    "a risk score": r"\brisk (score|level|rating)\b|\byour risk (is|of)\b|\bhigh risk\b",
    "a dose instruction": (
        r"\b(you should|you need to|we recommend|make sure you) (take|start|stop|increase)\b"
        r"|\btake \d[\d,.]* ?(IU|mcg|mg)\b|\bstart taking\b"
    ),
    "advice to get more sun": (
        r"\b(get|spend|need) (more|some) (sun|sunlight|time in the sun)\b"
        r"|\b(skip|avoid|stop|go without) (using |wearing )?sunscreen\b"
    ),
    "a cause where there is a link": r"\bcauses? (autoimmune|disease)\b|\bstress causes\b",
}


def forbidden(text: str) -> list[str]:
    return [name for name, rule in FORBIDDEN.items() if re.search(rule, text, re.IGNORECASE)]


@pytest.mark.parametrize(
    "bad",
    [
        "Vitamin D prevents autoimmune disease.",
        "You are deficient in magnesium.",
        "Your risk score is 7.",
        "You should take 2,000 IU a day.",
        "Take 400 mg of magnesium at night.",
        "Get more sun this summer.",
        "Skip sunscreen for 15 minutes.",
        "Stress causes autoimmune disease.",
    ],
)
def test_the_guard_catches_forbidden_phrasing(bad):
    assert forbidden(bad)


def test_nothing_a_person_reads_uses_forbidden_phrasing(questionnaire):
    found = {unit.label: forbidden(unit.text) for unit in units(questionnaire)}
    assert {where: names for where, names in found.items() if names} == {}


def test_stress_is_linked_never_a_cause(questionnaire):
    stress = next(p for p in questionnaire.prompts if p.id == "stress")
    assert "linked" in stress.detail and "not a cause" in stress.detail


def test_trial_results_give_absolute_and_relative_figures(questionnaire):
    vital = next(p for p in questionnaire.prompts if p.id == "vital_trial")
    assert "in every 1,000 people" in vital.detail and "22% fewer" in vital.detail
    assert "The result was borderline" in vital.detail and "faded" in vital.detail
    stress = next(p for p in questionnaire.prompts if p.id == "stress")
    assert "about 9 in 1,000" in stress.detail and "about 6 in 1,000" in stress.detail
    assert "about a third more" in stress.detail


# --- Sentences the templates add ---------------------------------------------------------

# Text that is not ours to simplify: source citations, the person's own answers, the chart
# (read out from its text twin).
NOT_OURS = ".sources, .sources-title, .because, .answer-list, svg"
BLOCKS = {"p", "li", "h1", "h2", "h3", "legend", "label", "summary", "button", "a", "dt", "dd"}


def page_text(html: str) -> str:
    """The words of a page's main part that are ours, each block read as a sentence."""
    root = cssselect2.ElementWrapper.from_html_root(tinyhtml5.parse(html))
    skip = {el.etree_element for sel in NOT_OURS.split(",") for el in root.query_all(sel)}

    def words(element) -> str:
        if element in skip:
            return ""
        parts = [element.text or ""]
        for child in element:
            parts += [words(child), child.tail or ""]
        text = " ".join("".join(parts).split())
        block = element.tag.rsplit("}", 1)[-1] in BLOCKS
        return f" {sentence(text)} " if block and text else text

    return " ".join(words(next(root.query_all("main")).etree_element).split())


def test_every_page_reads_at_grade_8_or_below(client):
    pages = {"start": client.get("/").get_data(as_text=True)}
    complete(client, persona(OLDER_INDOORS, gut={"gut_alarm": ["weight_loss"]}))
    for url in ["/step/start", "/step/medicines", "/check", "/results"]:
        pages[url] = client.get(url).get_data(as_text=True)
    client.post("/step/start", data={**QUIET["start"], "red_flags": "chest_pain"})
    pages["urgent"] = client.get("/results", follow_redirects=True).get_data(as_text=True)
    assert "Get medical help now" in pages["urgent"]
    grades = {name: round(grade(page_text(html)), 1) for name, html in pages.items()}
    assert all(len(page_text(html).split()) > 20 for html in pages.values())
    assert {name: g for name, g in grades.items() if g > MAX_GRADE} == {}
