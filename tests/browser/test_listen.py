"""Listen: the page read aloud by the browser's own speech synthesis, observed in Chromium.

`speech_recorder.js` replaces `window.speechSynthesis` before the page loads with a recorder
of what it is asked to say (and in which language), so the tests assert the exact words,
in order; `window.__speech.finish()` plays the end of the queue.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from ..personas import OLDER_INDOORS
from .test_accessibility import audit, tab_until
from .test_flow import answer_by_id

pytestmark = pytest.mark.browser

RECORDER = (Path(__file__).parent / "speech_recorder.js").read_text(encoding="utf-8")

START_EN = [
    "Before we start",
    "These questions check that this tool is right for you today.",
    "How old are you?",
    "Do you have any of these right now?",
    "Tick all that apply.",
    "Chest pain",
    "Trouble breathing",
    "Fainting or passing out",
    "New confusion",
    "Throwing up blood, coughing up blood, or black or bloody poo",
    "Very bad belly pain",
    "Thoughts of hurting yourself",
    "or",
    "None of these",
    "What sex were you given at birth?",
    "Some daily amounts are different for men and women.",
    "Female",
    "Male",
    "I prefer not to say",
    "Are you pregnant or breastfeeding?",
    "Pregnant",
    "Breastfeeding",
    "Neither",
    "I prefer not to say",
    "Do you have kidney disease, or do you have dialysis?",
    "Yes",
    "No",
]
START_ES = [
    "Antes de empezar",
    "Estas preguntas revisan que esta herramienta sea adecuada para usted hoy.",
    "¿Cuántos años tiene?",
    "¿Tiene alguno de estos problemas ahora mismo?",
    "Marque todos los que correspondan.",
    "Dolor en el pecho",
    "Dificultad para respirar",
    "Desmayo o pérdida del conocimiento",
    "Confusión nueva",
    "Vomitar sangre, toser sangre, o heces negras o con sangre",
    "Dolor de barriga muy fuerte",
    "Pensamientos de hacerse daño",
    "o",
    "Ninguno de estos",
    "¿Qué sexo le asignaron al nacer?",
    "Algunas cantidades diarias son distintas para hombres y mujeres.",
    "Femenino",
    "Masculino",
    "Prefiero no decirlo",
    "¿Está embarazada o dando el pecho?",
    "Embarazada",
    "Dando el pecho",
    "Ninguna de las dos",
    "Prefiero no decirlo",
    "¿Tiene una enfermedad de los riñones o recibe diálisis?",
    "Sí",
    "No",
]


@pytest.fixture
def listener(page):
    page.add_init_script(RECORDER)
    return page


def spoken(page) -> list[tuple[str, str]]:
    return [(said["text"], said["lang"]) for said in page.evaluate("window.__speech.spoken")]


@pytest.mark.parametrize(
    ("lang", "words", "listen", "stop", "reading", "stopped", "done"),
    [
        (
            "en",
            START_EN,
            "Listen",
            "Stop",
            "Reading aloud.",
            "Stopped reading.",
            "Finished reading.",
        ),
        (
            "es",
            START_ES,
            "Escuchar",
            "Parar",
            "Leyendo en voz alta.",
            "Lectura detenida.",
            "Lectura terminada.",
        ),
    ],
)
def test_listen_reads_the_questions_and_choices_and_stops_with_the_keyboard(
    listener, live_server, lang, words, listen, stop, reading, stopped, done
):
    page = listener
    page.goto(f"{live_server}/step/start?lang={lang}")
    button = page.locator("[data-listen] button")
    status = page.locator("[data-listen-status]")
    expect(button).to_be_visible()
    expect(button).to_have_accessible_name(listen)
    tab_until(page, "[data-listen] button")  # the keyboard only: Tab to it, Enter
    page.keyboard.press("Enter")
    assert spoken(page) == [(text, lang) for text in words]
    expect(button).to_have_accessible_name(stop)
    expect(status).to_have_text(reading)  # a polite live region tells screen readers
    page.keyboard.press("Enter")  # Stop: focus stayed on the button
    assert page.evaluate("window.__speech.cancels()") == 2  # before speaking, and Stop
    expect(button).to_have_accessible_name(listen)
    expect(status).to_have_text(stopped)
    page.keyboard.press(" ")  # Space works too; then the reading runs to its end
    assert len(spoken(page)) == 2 * len(words)
    page.evaluate("window.__speech.finish()")
    expect(status).to_have_text(done)
    expect(button).to_have_accessible_name(listen)


def test_listen_skips_a_question_the_page_has_hidden(listener, live_server):
    page = listener
    page.goto(f"{live_server}/step/start")
    page.get_by_label("Male", exact=True).check()  # "Are you pregnant…?" goes away
    page.get_by_role("button", name="Listen").click()
    said = [text for text, _ in spoken(page)]
    assert "Are you pregnant or breastfeeding?" not in said
    assert said[said.index("I prefer not to say") + 1] == (
        "Do you have kidney disease, or do you have dialysis?"
    )


def finish(page, base: str) -> None:
    page.goto(f"{base}/step/start")
    while "/step/" in page.url:
        step_id = page.url.rsplit("/", 1)[-1].split("?")[0]
        answer_by_id(page, OLDER_INDOORS[step_id])
        with page.expect_navigation():
            page.get_by_role("button", name="Continue").click()


def test_listen_reads_the_answers_on_the_check_page_and_the_list_on_the_results(
    listener, live_server, shoot
):
    page = listener
    finish(page, live_server)
    expect(page.locator("h1")).to_have_text("Check your answers")
    page.get_by_role("button", name="Listen").click()
    said = [text for text, _ in spoken(page)]
    assert said[:4] == ["Check your answers", "Before we start", "How old are you?", "72 years"]
    assert "Change" not in " ".join(said)  # the links are not read
    assert said[-2:] == ["Is there anything else you want to ask your clinician?", "Not answered"]

    page.get_by_role("link", name="Show my questions").click()
    expect(page.locator("h1")).to_have_text("Questions to ask your clinician")
    shoot(page, "listen-results")
    page.get_by_role("button", name="Listen").click()
    assert [text for text, _ in spoken(page)] == [  # a new page: a new recorder
        "Questions to ask your clinician",
        "1. I've taken a stomach-acid medicine (PPI) for a long time. Should my magnesium be "
        "checked?",
        "2. I get little sun. Is the vitamin D I get from food and supplements enough for me, "
        "and is there a reason to test my level?",
        "3. I'm over 70. Should I be aiming for 800 IU of vitamin D a day?",
        "4. Thyroid disease runs in my family. What signs should I watch for?",
        "5. In the VITAL trial, vitamin D was linked with fewer autoimmune diagnoses in older "
        "adults. Does that apply to me?",
        "6. If my blood test for magnesium is normal, could my body still be low on it?",
        "Three questions for every visit",
        "1. What is my main problem?",
        "2. What do I need to do?",
        "3. Why is it important for me to do this?",
    ]
    assert audit(page, "listen-results-speaking") == []


def test_listen_is_not_offered_without_speech_synthesis_or_without_javascript(browser, live_server):
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(
        "Object.defineProperty(window, 'speechSynthesis', {configurable: true, value: undefined})"
    )
    page.goto(f"{live_server}/step/start")
    expect(page.locator("[data-listen]")).to_be_hidden()
    context.close()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/step/start")
    expect(page.locator("[data-listen]")).to_be_hidden()
    assert page.get_by_role("button", name="Listen").count() == 0
    context.close()


def test_listen_never_uses_an_online_voice(browser, live_server):
    """A browser that lists only online voices for the language (which would send the words,
    answers included, to another company) reads nothing and says why."""
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(
        "window.__voices = [{name: 'Online English', lang: 'en-US', localService: false},"
        " {name: 'Local Spanish', lang: 'es-ES', localService: true}];"
    )
    page.add_init_script(RECORDER)
    page.goto(f"{live_server}/step/start")
    page.get_by_role("button", name="Listen").click()
    assert spoken(page) == []
    expect(page.locator("[data-listen-status]")).to_have_text(
        "Your device has no voice of its own for this language, so the page is not read aloud."
    )
    expect(page.get_by_role("button", name="Listen")).to_be_visible()
    context.close()
