"""axe-core finds no WCAG 2.0/2.1/2.2 A or AA violation on any kind of page, and a person
using only the keyboard can finish the whole flow.

Every page is also photographed at 360 and 1280 px wide into the screenshots folder
(`$SELFCHECK_SCREENSHOTS`, which CI keeps), for people to look at.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from ..personas import OLDER_INDOORS, QUIET, persona
from .conftest import DESKTOP, PHONE, SCREENSHOTS
from .test_flow import answer_by_id

pytestmark = pytest.mark.browser

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE = Axe()
PAGES = SCREENSHOTS / "pages"


def audit(page, name: str) -> list[str]:
    """axe's violations on the page as readable lines, and a picture at both widths."""
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
    problems = [
        f"{name}: {v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results.response["violations"]
    ]
    PAGES.mkdir(parents=True, exist_ok=True)
    for label, size in (("360", PHONE), ("1280", DESKTOP)):
        page.set_viewport_size(size)
        page.screenshot(path=PAGES / f"{name}-{label}.png", full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > size["width"]:
            problems.append(f"{name}: scrolls sideways at {label} px ({width} px wide)")
    page.set_viewport_size(PHONE)
    return problems


WORDS = {
    "en": {
        "start": "Start now",
        "continue": "Continue",
        "show": "Show my questions",
        "check": "Check your answers",
        "results": "Questions to ask your clinician",
    },
    "es": {
        "start": "Empezar ahora",
        "continue": "Continuar",
        "show": "Ver mis preguntas",
        "check": "Revise sus respuestas",
        "results": "Preguntas para su profesional de salud",
    },
}


def walk(page, base: str, answers: dict, prefix: str = "", lang: str = "en") -> list[str]:
    """Every step of a flow (first with its errors showing), check answers and results."""
    words = WORDS[lang]
    problems = []
    page.goto(base + f"/?lang={lang}")
    problems += audit(page, f"{prefix}start")
    page.get_by_role("button", name=words["start"]).or_(
        page.get_by_role("link", name=words["start"])
    ).click()
    page.get_by_role("button", name=words["continue"]).click()
    expect(page.locator(".error-summary")).to_be_visible()
    problems += audit(page, f"{prefix}step-errors")
    for _ in range(20):
        if page.locator("h1").inner_text() == words["check"]:
            break
        action = page.locator("form[novalidate]").get_attribute("action")
        step_id = action.split("?")[0].rsplit("/", 1)[-1]
        problems += audit(page, f"{prefix}step-{step_id}")
        answer_by_id(page, answers[step_id])
        page.get_by_role("button", name=words["continue"]).click()
    problems += audit(page, f"{prefix}check")
    page.get_by_role("button", name=words["show"]).or_(
        page.get_by_role("link", name=words["show"])
    ).click()
    expect(page.locator("h1")).to_have_text(words["results"])
    page.locator("details").evaluate_all("all => all.forEach(d => d.open = true)")
    problems += audit(page, f"{prefix}results")
    return problems


def test_no_accessibility_violations_on_any_page(page, live_server):
    answers = persona(OLDER_INDOORS, gut={"gut_alarm": ["weight_loss"]})
    problems = walk(page, live_server, answers)
    for name, start in [
        ("urgent", {"red_flags": ["breathing"]}),
        ("under-18", {"age": "16"}),
    ]:
        page.goto(live_server + "/step/start")
        answer_by_id(page, {**QUIET["start"], **start})
        page.get_by_role("button", name="Continue").click()
        problems += audit(page, name)
    page.goto(live_server + "/step/nope")
    problems += audit(page, "not-found")
    page.goto(live_server + "/c/demo/")
    problems += audit(page, "clinic-start")
    page.goto(live_server + "/c/demo/embed")
    problems += audit(page, "clinic-embed-kit")
    assert problems == []


def test_no_accessibility_violations_in_the_embedded_flow(page, live_server):
    answers = persona(QUIET, clinic_visit={"visit_reason": "check_up"})
    assert walk(page, live_server + "/embed/demo", answers, prefix="embed-") == []


def test_no_accessibility_violations_in_spanish(page, live_server):
    answers = persona(OLDER_INDOORS, gut={"gut_alarm": ["weight_loss"]})
    problems = walk(page, live_server, answers, prefix="es-", lang="es")
    page.goto(live_server + "/step/start?lang=es")
    answer_by_id(page, {**QUIET["start"], "red_flags": ["breathing"]})
    page.get_by_role("button", name="Continuar").click()
    expect(page.locator("h1")).to_have_text("Busque ayuda médica ahora")
    problems += audit(page, "es-urgent")
    page.goto(live_server + "/step/start?lang=es")
    answer_by_id(page, {**QUIET["start"], "age": "16"})
    page.get_by_role("button", name="Continuar").click()
    problems += audit(page, "es-under-18")
    framed = persona(QUIET, clinic_visit={"visit_reason": "check_up"})
    problems += walk(page, live_server + "/embed/demo", framed, prefix="es-embed-", lang="es")
    assert problems == []


def tab_until(page, selector: str, back: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches `selector`."""
    for _ in range(300):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"the keyboard never reached {selector}")


def answer_with_keys(page, answers: dict) -> None:
    """Tab to each answer in page order; arrows pick a radio, Space ticks a box, typing fills."""
    for question, value in answers.items():
        for one in value if isinstance(value, list) else [value]:
            target = page.locator(f"#{question}-{one}")
            if not target.count():
                if one:
                    tab_until(page, f"#{question}")
                    page.keyboard.type(one)
                continue
            if target.get_attribute("type") == "radio":
                tab_until(page, f"[name='{question}']")  # Tab enters the group once
                for _ in range(20):
                    if page.evaluate("() => document.activeElement.id") == f"{question}-{one}":
                        break
                    page.keyboard.press("ArrowDown")  # arrows move and select
                page.keyboard.press("Space")
            else:
                tab_until(page, f"#{question}-{one}")
                page.keyboard.press("Space")
            expect(target).to_be_checked()


def test_keyboard_only_person_finishes_the_flow(page, live_server):
    page.goto(live_server + "/")
    tab_until(page, "a.button-start")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    for _ in range(12):
        if page.locator("h1").inner_text() == "Check your answers":
            break
        step_id = page.locator("form[novalidate]").get_attribute("action").rsplit("/", 1)[-1]
        answer_with_keys(page, QUIET[step_id])
        tab_until(page, "button[value=continue]")
        outline = page.evaluate(
            "() => getComputedStyle(document.activeElement).outlineStyle + ' ' +"
            " getComputedStyle(document.activeElement).boxShadow"
        )
        assert outline != "none none", "focus must be visible"
        if step_id == "sun":  # Shift+Tab goes back, then forward again
            tab_until(page, "[name=skin_type]", back=True)
            tab_until(page, "button[value=continue]")
        with page.expect_navigation():
            page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Check your answers")
    tab_until(page, "a[href='/results']")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Questions to ask your clinician")
    expect(page.locator("main")).to_contain_text("What is my main problem?")


def test_the_audit_catches_real_problems(page):
    page.set_content(
        "<html><head><title>x</title></head><body><main><img src='data:,'>"
        "<input type='text'><a href='#'></a></main></body></html>"
    )
    found = " ".join(audit(page, "deliberately-broken"))
    for rule in ("html-has-lang", "image-alt", "label", "link-name"):
        assert rule in found


def test_no_accessibility_violations_on_listen_large_print_and_the_time_limit(page, live_server):
    """The controls of issue 20, shown as a person meets them: Listen on a step, the check
    page and the results; the time-limit warning open; the large-print results page; the
    start page of someone who has answers (when they will be cleared, and how to save)."""
    problems = []
    for lang in ("en", "es"):
        page.goto(f"{live_server}/step/start?lang={lang}")
        answers = persona(QUIET, sun={"outdoor_time": "under_15"})
        for _ in range(12):
            if "/step/" not in page.url:
                break
            step_id = page.url.rsplit("/", 1)[-1].split("?")[0]
            if step_id == "sun":
                expect(page.locator("[data-listen] button")).to_be_visible()
                page.locator("[data-keep-dialog]").evaluate("dialog => dialog.showModal()")
                expect(page.get_by_role("dialog")).to_be_visible()
                problems += audit(page, f"{lang}-keep-dialog")
                page.keyboard.press("Escape")
                expect(page.get_by_role("dialog")).to_be_hidden()
            answer_by_id(page, answers[step_id])
            with page.expect_navigation():
                page.get_by_role("button", name=WORDS[lang]["continue"]).click()
        expect(page.locator("[data-listen] button")).to_be_visible()  # the check page
        page.goto(f"{live_server}/results?lang={lang}&print=large")
        expect(page.locator("[data-listen] button")).to_be_visible()
        problems += audit(page, f"{lang}-results-large-print")
        page.goto(f"{live_server}/?lang={lang}")
        expect(page.locator("p.time-limit")).to_be_visible()
        problems += audit(page, f"{lang}-start-with-answers")
    assert problems == []
