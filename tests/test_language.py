"""Spanish, complete: every page, every message, the PDF; the language chosen by ?lang=,
then the clinic's default, then the browser; and a missing translation stops CI."""

from __future__ import annotations

import io
import re
import subprocess

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from selfcheck import translations
from selfcheck.question_types.written import parse_number
from selfcheck.questionnaire import QuestionnaireError, load

from .conftest import FIXTURE, ROOT, make_app
from .personas import OLDER_INDOORS, QUIET, complete, persona
from .reading import text_of

# interface words that must never be left in English on a Spanish page
ENGLISH = [
    "Continue",
    "Back",
    "Step 1",
    "Check your answers",
    "Show my questions",
    "Your questions",
    "Because you said",
    "Download PDF",
    "Clear my answers",
    "Please note",
    "There is a problem",
    "Not answered",
    "Content reviewed",
    "Questions for your clinician",
]


def spanish_pages(client) -> dict[str, str]:
    answers = persona(
        OLDER_INDOORS,
        medicines={
            "vitd_supplement": "yes",
            "vitd_dose": "5000",
            "vitd_unit": "iu",
            "vitd_how_often": "day",
        },
        gut={"gut_alarm": ["weight_loss"]},
    )
    pages = {"start": client.get("/?lang=es").get_data(as_text=True)}
    pages["errors"] = client.post("/step/start?lang=es", data={}).get_data(as_text=True)
    complete(client, answers, start="/step/start?lang=es")
    for url in ["/step/sun", "/step/wellbeing", "/check", "/results"]:
        pages[url] = client.get(url + "?lang=es").get_data(as_text=True)
    return pages


def test_every_spanish_page_is_in_spanish(client):
    for name, html in spanish_pages(client).items():
        text = text_of(html)
        assert '<html lang="es"' in html, name
        left = [words for words in ENGLISH if words in text]
        assert left == [], (name, left)
        assert "English" in text  # the switcher offers the other language
        assert "Un traductor médico calificado todavía no ha revisado esta traducción." in text


def test_spanish_words_dates_and_numbers(client):
    pages = spanish_pages(client)
    assert "Paso 1 de 10" in text_of(pages["errors"])
    assert "Escriba su edad en años, como 45" in text_of(pages["errors"])
    assert "Hay un problema" in text_of(pages["errors"])
    results = text_of(pages["/results"])
    assert "Hecha el " in results and re.search(r"\d{1,2} de [a-z]+ de 20\d\d", results)
    assert "Tomo 5000 UI de vitamina D todos los días." in results  # in Spanish format
    assert "Por favor, vea pronto a un profesional de salud" in results
    assert "Tres preguntas para cada consulta" in results
    assert "Vitamina D: aproximadamente 245 UI al día de los alimentos" in results
    check = text_of(pages["/check"])
    assert "Revise sus respuestas" in check and "72 años" in check


def test_a_wrong_number_gets_a_spanish_message(client):
    response = client.post("/step/start?lang=es", data={**QUIET["start"], "age": "abc"})
    assert "Escriba un número entero, como 40" in text_of(response.get_data(as_text=True))


def test_the_language_holds_through_the_flow(client):
    response = client.post("/step/start?lang=es", data=QUIET["start"])
    assert response.headers["Location"] == "/step/sun?lang=es"
    page = client.get("/step/sun?lang=es").get_data(as_text=True)
    assert 'action="/step/sun?lang=es"' in page
    assert 'href="/step/sun?lang=en"' in page  # the switcher keeps the page and the answers


def test_the_language_holds_in_the_cookie_less_frame():
    client = make_app().test_client(use_cookies=False)
    page = client.get("/embed/demo/?lang=es").get_data(as_text=True)
    assert "Empezar ahora" in page
    assert 'action="/embed/demo/step/start?lang=es"' in page
    token = re.search(r'name="state" value="([^"]*)"', page).group(1)
    step = client.post(
        "/embed/demo/step/start?lang=es", data={"state": token, "action": "open"}
    ).get_data(as_text=True)
    assert "Antes de empezar" in step and 'action="/embed/demo/step/start?lang=es"' in step
    # the switcher in a frame is a form that carries the answers
    assert re.search(r'<form method="post" action="/embed/demo/step/start\?lang=en"', step)


@pytest.mark.parametrize(
    ("url", "headers", "expected"),
    [
        ("/", {"Accept-Language": "es-MX,es;q=0.9"}, "es"),
        ("/", {"Accept-Language": "fr, en;q=0.5"}, "en"),
        ("/?lang=en", {"Accept-Language": "es"}, "en"),
        ("/?lang=xx", {"Accept-Language": "es"}, "es"),
        ("/c/spanish/", {"Accept-Language": "en"}, "es"),  # the clinic's default wins
        ("/c/spanish/?lang=en", {}, "en"),  # but ?lang= comes first
    ],
)
def test_how_the_language_is_chosen(tmp_path, url, headers, expected):
    demo = (FIXTURE / "clinics" / "demo.yaml").read_text()
    (tmp_path / "spanish.yaml").write_text(
        demo.replace("id: demo", "id: spanish").replace("language: en", "language: es")
    )
    client = make_app(CLINICS=str(tmp_path)).test_client()
    html = client.get(url, headers=headers).get_data(as_text=True)
    assert f'<html lang="{expected}"' in html


def test_the_pdf_in_spanish(client):
    complete(client, OLDER_INDOORS, start="/step/start?lang=es")
    response = client.get("/results.pdf?lang=es")
    reader = PdfReader(io.BytesIO(response.data))
    assert reader.trailer["/Root"]["/Lang"] == "es"
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Preguntas para su profesional de salud" in text
    assert "Tengo más de 70 años y tomo poco sol. ¿Es suficiente la vitamina D" in text
    assert "contenido revisado el" in text
    assert f"Página 1 de {len(reader.pages)}" in text
    assert "Because you said" not in text and "Your answers" not in text
    # the file lists Spanish as not yet reviewed: the paper a person brings says so too
    assert "Un traductor médico calificado todavía no ha revisado esta traducción." in text
    english = client.get("/results.pdf?lang=en")
    assert "translator" not in " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(english.data)).pages
    )


@pytest.mark.parametrize(
    ("value", "spanish", "english"),
    [
        (50000, "50\u00a0000", "50,000"),  # never 50.000, which reads as fifty in the US
        (4000, "4000", "4,000"),  # four digits stay whole
        (1250000, "1\u00a0250\u00a0000", "1,250,000"),
        (0.4, "0,4", "0.4"),
        (28000.5, "28\u00a0000,5", "28,000.5"),
    ],
)
def test_numbers_never_group_thousands_with_a_dot(value, spanish, english):
    assert translations.number(value, "es") == spanish
    assert translations.number(value, "en") == english


@given(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False))
def test_a_number_as_shown_reads_back_as_the_same_number(value):
    for locale, comma in (("es", True), ("en", False)):
        shown = translations.number(value, locale)
        assert parse_number(shown, integer=False, decimal_comma=comma) == float(value)


def test_a_missing_translation_names_file_line_and_language(tmp_path):
    source = (FIXTURE / "questions.yaml").read_text()
    broken = re.sub(r"\n +es: ¿Cuántos años tiene\?", "", source, count=1)
    path = tmp_path / "questions.yaml"
    path.write_text(broken)
    with pytest.raises(QuestionnaireError) as caught:
        load(path, "questions.yaml")
    line = next(i for i, text in enumerate(broken.splitlines(), 1) if "How old are you?" in text)
    assert [str(e) for e in caught.value.errors] == [
        f"questions.yaml:{line}: label: no Español (es) translation. Write it as {{en: …, es: …}}."
    ]


def _key(value):
    return tuple(value) if isinstance(value, list | tuple) else value


def test_every_interface_word_has_a_spanish_translation(tmp_path):
    """Extract the words from the code now and check the catalogue has every one, so a
    new English sentence without Spanish fails CI."""
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "pybabel")
            if (ROOT / ".venv" / "bin" / "pybabel").exists()
            else "pybabel",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "lazy_gettext",
            "-k",
            "_",
            "-o",
            str(pot),
            "--no-location",
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as f:
        wanted = {_key(m.id) for m in read_po(f) if m.id}
    po_path = ROOT / "translations" / "es" / "LC_MESSAGES" / "messages.po"
    with po_path.open("rb") as f:
        catalogue = read_po(f, locale="es")
    have = {_key(m.id): _key(m.string) for m in catalogue if m.id}
    assert sorted(str(w) for w in wanted - set(have)) == []
    untranslated = [m for m, s in have.items() if not (all(s) if isinstance(s, tuple) else s)]
    assert untranslated == []
    with (po_path.with_suffix(".mo")).open("rb") as f:
        compiled = {_key(m.id): _key(m.string) for m in read_mo(f) if m.id}
    assert compiled == have, "run `make translations` to compile the catalogue"


def test_spanish_numbers_are_read_the_spanish_way(client):
    answers = persona(
        QUIET,
        wellbeing={"sleep_hours": "7,5"},
        medicines={
            "vitd_supplement": "yes",
            "vitd_dose": "5.000",
            "vitd_unit": "iu",
            "vitd_how_often": "day",
        },
    )
    complete(client, answers, start="/step/start?lang=es")
    results = text_of(client.get("/results?lang=es").get_data(as_text=True))
    assert "Tomo 5000 UI de vitamina D todos los días." in results  # 5,000: over the limit
    assert "7,5 horas" in text_of(client.get("/check?lang=es").get_data(as_text=True))
    # the same answers read back unchanged in English
    english = text_of(client.get("/check?lang=en").get_data(as_text=True))
    assert "7.5 hours" in english and "5,000" in english
