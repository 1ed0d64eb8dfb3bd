"""Large print as a person uses it in Chromium: "Print in large print" on the results page
gives a print layout with every text at 16 pt or more (read from the PDF Chromium prints),
and "Download a large-print PDF" the same from the server, on a phone, in both languages."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ..pdf_structure import text_runs
from ..personas import OLDER_INDOORS
from .conftest import SCREENSHOTS
from .test_flow import answer_by_id

pytestmark = pytest.mark.browser

WORDS = {
    "en": {
        "start": "Start now",
        "continue": "Continue",
        "show": "Show my questions",
        "large": "Print in large print",
        "pdf": "Download a large-print PDF",
        "on": "Large print is on",
        "back": "Back to normal print",
    },
    "es": {
        "start": "Empezar ahora",
        "continue": "Continuar",
        "show": "Ver mis preguntas",
        "large": "Imprimir con letra grande",
        "pdf": "Descargar un PDF con letra grande",
        "on": "La letra grande está activada",
        "back": "Volver a la letra normal",
    },
}


def finish(page, base: str, lang: str) -> None:
    """Answer every step and open the results page."""
    words = WORDS[lang]
    page.goto(f"{base}/?lang={lang}")
    page.get_by_role("link", name=words["start"]).click()
    while "/step/" in page.url:
        step_id = page.url.rsplit("/", 1)[-1].split("?")[0]
        answer_by_id(page, OLDER_INDOORS[step_id])
        with page.expect_navigation():
            page.get_by_role("button", name=words["continue"]).click()
    page.get_by_role("link", name=words["show"]).click()


def printed_sizes(page, name: str) -> list[float]:
    """What Chromium prints (print media), as the size of every piece of text."""
    page.emulate_media(media="print")
    data = page.pdf(format="A4")
    page.emulate_media(media="screen")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / f"{name}.pdf").write_bytes(data)
    return [run.size for run in text_runs(data)]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_large_print_from_the_results_page(page, live_server, shoot, tmp_path, lang):
    words = WORDS[lang]
    finish(page, live_server, lang)
    assert min(printed_sizes(page, f"print-normal-{lang}")) < 16  # ordinary print is smaller
    link = page.get_by_role("link", name=words["large"])
    link.focus()  # the keyboard way: Tab reaches it, Enter follows it
    page.keyboard.press("Enter")
    expect(page.locator(".notice-box")).to_contain_text(words["on"])
    assert "print=large" in page.url
    shoot(page, f"large-print-results-{lang}")
    printed = printed_sizes(page, f"print-large-{lang}")
    assert printed and min(printed) >= 16
    assert max(printed) >= 28  # the title
    page.get_by_role("link", name=words["back"]).click()
    with page.expect_download() as info:
        page.get_by_role("link", name=words["pdf"]).click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert "large-print" in path.name
    assert min(run.size for run in text_runs(path.read_bytes())) >= 16
