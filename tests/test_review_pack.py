"""The clinic review pack (`flask selfcheck review-pack`): every step, question, choice, stop,
notice, clinician question and test note is in it — each clinician question with the words of
its rule — in the HTML and in the PDF's text, in English and Spanish; the file hashes are the
files'; the PDF is tagged; the command needs no secret key."""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from selfcheck import conditions, review_pack
from selfcheck.cli import selfcheck_cli
from selfcheck.conditions import comparisons
from selfcheck.pdf import PdfRenderer, RefusedURL
from selfcheck.plain_conditions import clauses
from selfcheck.rules import build_list, triggered_stop

from .conftest import FIXTURE, ROOT, bare_environment, make_app, some_of
from .personas import OLDER_INDOORS, QUIET, flat
from .reading import text_of, words

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def shipped():
    return make_app()


def pack_of(app, clinic_id=None, lang="en", kind="html"):
    with app.app_context():
        pack = review_pack.build(app, clinic_id, lang)
        if kind == "pdf":
            return pack, review_pack.render_pdf(app, pack)
        return pack, review_pack.render_html(app, pack, standalone=True)


def prompt_parts(prompt):
    """A prompt's own words around its quoted answers (the pack shows [answer to Q…] there)."""
    return [
        words(literal) for literal, _ in review_pack.Pack.text_parts(prompt.text) if literal.strip()
    ]


def everything(pack) -> list[str]:
    """Every text of the questionnaire a reviewer must see."""
    q = pack.questionnaire
    found = [q.meta.title, q.meta.version, q.closing.title, *q.closing.questions]
    for step in q.steps:
        found += [step.title, step.intro or ""]
        for question in step.questions:
            found += [question.label, question.hint or "", question.id]
            found += [c.label for c in getattr(question, "choices", None) or []]
    for stop in q.stops:
        found += [stop.title, *stop.body]
    for notice in q.notices:
        found += [notice.title, notice.text]
    for prompt in q.prompts:
        found += [*prompt_parts(prompt), prompt.detail, prompt.id]
        found += [source.title for source in prompt.sources]
    if q.common_tests:
        for item in q.common_tests.items:
            found += [item.title, item.text]
    if q.estimate:
        found += [food.name for food in q.estimate.foods]
    return [words(text) for text in found if text]


def links(pack) -> list[str]:
    return [s.url for p in pack.questionnaire.prompts for s in p.sources if s.url]


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_pack_of_the_demo_clinic_holds_every_item_and_each_rule_in_words(shipped, lang):
    pack, html = pack_of(shipped, "demo", lang)
    text = text_of(html)
    missing = [item for item in everything(pack) if item not in text]
    assert missing == []
    assert all(f'href="{url}"' in html for url in links(pack))
    q = pack.questionnaire
    assert len(q.prompts) == len(pack.main.prompts) + 1  # the clinic's own question is there too
    articles = dict(
        re.findall(r'<article class="item prompt" id="prompt-(\w+)">(.*?)</article>', html, re.S)
    )
    assert sorted(articles) == sorted(p.id for p in q.prompts)
    for prompt in q.prompts:
        article = text_of(articles[prompt.id])
        _, sentences = clauses(prompt.when, q, lang)
        assert all(words(sentence) in article for sentence in sentences), prompt.id
        assert pack.day(prompt.reviewed) in article
    for stop in q.stops:  # the safety pages with their rule, too
        _, sentences = clauses(stop.when, q, lang)
        assert all(words(sentence) in text for sentence in sentences)


def test_the_pack_names_the_files_by_their_hashes_and_marks_the_clinics_additions(shipped):
    pack, html = pack_of(shipped, "demo")
    text = text_of(html)
    questions_hash = hashlib.sha256((FIXTURE / "questions.yaml").read_bytes()).hexdigest()
    clinic_hash = hashlib.sha256((FIXTURE / "clinics" / "demo.yaml").read_bytes()).hexdigest()
    grouped = " ".join(questions_hash[i : i + 8] for i in range(0, 64, 8))
    assert f"questions.yaml SHA-256 {grouped}" in text
    assert pack.clinic_file.sha256 == clinic_hash
    assert pack.clinic_file.name == "tests/data/vitamin_d/clinics/demo.yaml"
    assert text.count(f"SHA-256 {grouped}") == 2  # on the cover and in the sign-off
    version = pack.questionnaire.meta.version
    assert f"Content version {version}" in text
    assert "Demo Family Clinic" in text and "555-0100" in text
    assert pack.clinic.urgent_help in text
    assert "Approved for use as it is." in text and "Signature" in text
    assert f"This approval is for content version {version} with the two file hashes above." in text
    # what the clinic added is marked wherever it appears; nothing of questions.yaml is
    assert pack.added == {"step:clinic_visit", "question:visit_reason", "topic:clinic_visit",
                          "prompt:clinic_tiredness"}  # fmt: skip
    assert html.count("Added by Demo Family Clinic</span>") == 4
    row = re.search(r'<tr id="question-visit_reason">.*?</tr>', html, re.S).group(0)
    assert "Added by Demo Family Clinic" in row


def test_the_pack_of_the_questionnaire_alone_has_no_clinic_section(shipped):
    pack, html = pack_of(shipped)
    text = text_of(html)
    assert pack.clinic is None and pack.added == frozenset()
    assert "Added by" not in text and "Clinic file" not in text
    assert "1. About this content 2. Safety: urgent help and notices" in text  # contents


def test_the_pack_of_another_questionnaire_shows_only_its_own_content(tmp_path):
    """Nothing in the pack assumes the shipped questionnaire."""
    app = make_app(QUESTIONNAIRE=str(DATA / "review" / "plain.yaml"), CLINICS=str(tmp_path))
    pack, html = pack_of(app, lang="es")
    text = text_of(html)
    assert "Palabras claras" in text and "Versión del contenido 1.2.3" in text
    assert "Español: traducción aún no revisada por un traductor médico calificado" in text
    assert "P1 Tengo [respuesta a Q1] y tomo [respuesta a Q6] . ¿Qué debo preguntar?" in text
    assert (
        "Se muestra cuando Todo esto: la respuesta a “¿Cuántos años tiene?” es 70 años o más "
        "la respuesta a “¿Toma vitamina D?” no es “Sí”, o la pregunta no se respondió "
        "all(age ≥ 70, not(takes_d = yes))"
    ) in text
    # a question no rule reads says why it is asked; a choice says how a prompt quotes it
    row = text_of(re.search(r'<tr id="question-sex">.*?</tr>', html, re.S).group(0))
    assert "Femenino female se cita en una pregunta para el profesional como “una mujer”" in row
    assert row.endswith("Por qué se pregunta: Some daily amounts differ for men and women.")
    row = text_of(re.search(r'<tr id="question-takes_d">.*?</tr>', html, re.S).group(0))
    assert row.endswith("Lo usa: P1 , P3")
    # the length limit and the pairs never on one list, beside each prompt (both sides)
    prompts = dict(
        re.findall(r'<article class="item prompt" id="prompt-(\w+)">(.*?)</article>', html, re.S)
    )
    older, own, young = (text_of(prompts[name]) for name in ("older", "own", "young_d"))
    assert "Prioridad 1 de 5 (1 es la más importante). Siempre en la lista" in older
    assert "Nunca en una lista con P3 young_d Si se aplican las dos" in older
    assert (
        "Prioridad 3 de 5 (1 es la más importante). Siempre en la lista: el límite de largo "
        "nunca la pasa abajo. (marcada keep)" in own
    )
    assert "Nunca en una lista con P1 older" in young
    assert (
        "Prioridad 2 de 5 (1 es la más importante). Pasa debajo de la lista, a “más preguntas”, "
        "cuando se aplican más de 10 preguntas." in young
    )
    assert "El cálculo de la comida" not in text and "Notas sobre pruebas" not in text  # none here


def test_the_list_rules_say_how_long_the_list_is(tmp_path):
    app = make_app(MAX_PROMPTS=7)
    _, html = pack_of(app)
    text = text_of(html)
    assert (
        "The list holds at most 7 clinician questions (the setting SELFCHECK_MAX_PROMPTS)." in text
    )
    assert "Notices are never left out" in text


@pytest.fixture(scope="module")
def hearing():
    """A small questionnaire with a clinic on letter paper: a PDF of it takes seconds, not the
    half minute of the vitamin D pack's 60 pages."""
    hearing = DATA / "hearing"
    return make_app(QUESTIONNAIRE=str(hearing / "questions.yaml"), CLINICS=str(hearing / "clinics"))


@pytest.mark.parametrize(
    ("clinic", "lang", "size"),
    some_of([("quiet", "en", (612, 792)), (None, "es", (595, 842))], every=2),
)
def test_the_pdf_holds_every_item_on_the_clinics_paper_and_is_tagged(hearing, clinic, lang, size):
    pack, pdf = pack_of(hearing, clinic, lang, kind="pdf")
    reader = PdfReader(io.BytesIO(pdf))
    pages = [words(page.extract_text()) for page in reader.pages]
    text = " ".join(pages)
    # a line may break after a slash ("ng/ mL"), where the extracted text has a space
    unbroken = "".join(text.split())
    missing = [
        item for item in [*everything(pack), *links(pack)] if "".join(item.split()) not in unbroken
    ]
    assert missing == []
    for prompt in pack.questionnaire.prompts:
        _, sentences = clauses(prompt.when, pack.questionnaire, lang)
        assert all("".join(s.split()) in unbroken for s in sentences), prompt.id
    box = reader.pages[0].mediabox
    assert (round(box.width), round(box.height)) == size
    last = len(reader.pages)
    page_word, of = ("Page", "of") if lang == "en" else ("Página", "de")
    assert f"{page_word} {last} {of} {last}" in pages[-1]
    assert pack.questionnaire_file.sha256[:12] in pages[-1]  # every page names the content
    assert reader.metadata.title.startswith("Content review pack" if lang == "en" else "Paquete")
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert structure_problems(reader) == []


def structure_problems(reader) -> list[str]:
    """What PDF/UA-1 says about lists and tables, from the structure tree: a list holds only
    list items (and a caption), an item only its label and body, a row only cells."""
    allowed = {"/L": {"/L", "/LI", "/Caption"}, "/LI": {"/Lbl", "/LBody"}, "/TR": {"/TH", "/TD"}}
    problems = []

    def walk(node, parent=None):
        kind = node.get("/S")
        if parent in allowed and kind not in allowed[parent]:
            problems.append(f"{kind} inside {parent}")
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict) and "/S" in kid:
                walk(kid, kind)

    walk(reader.trailer["/Root"]["/StructTreeRoot"].get_object())
    return problems


def test_the_html_file_stands_alone_and_fetches_nothing(shipped):
    _, html = pack_of(shipped, "demo")
    assert "<style>" in html and '"DejaVu Sans"' in html  # the stylesheet, not escaped
    assert not re.search(r"<(link|script|img|iframe)\b", html)
    assert not re.search(r"\bsrc=", html)
    assert 'href="https://ods.od.nih.gov/factsheets/VitaminD-HealthProfessional/"' in html


def run_command(args, **env):
    """The command as a clinic's IT person would run it, with no secret key set."""
    environment = bare_environment()
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "wsgi", "selfcheck", "review-pack", *args],
        capture_output=True, text=True, cwd=ROOT, env={**environment, **env}, timeout=120,
    )  # fmt: skip


def test_the_command_writes_the_pack_without_a_secret_key(tmp_path):
    target = tmp_path / "pack.html"
    result = run_command(["--clinic", "demo", "--lang", "es", "-o", str(target)])
    assert result.returncode == 0, result.stderr
    digest = hashlib.sha256((FIXTURE / "questions.yaml").read_bytes()).hexdigest()
    assert result.stdout.startswith(f"Wrote {target}: content version ")
    assert result.stdout.strip().endswith(f"questions.yaml SHA-256 {digest}.")
    html = target.read_text(encoding="utf-8")
    assert '<html lang="es">' in html and "Añadido por Demo Family Clinic" in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "pack.docx"], "-o pack.docx: the file name must end in .pdf or .html."),
        (["--clinic", "nope", "-o", "pack.pdf"], "--clinic nope: no such clinic (demo)."),
        (["--lang", "fr", "-o", "pack.pdf"], "--lang fr: use one of en, es."),
        (["-o", "no/such/folder/pack.html"], "-o no/such/folder/pack.html: cannot write it"),
    ],
)
def test_the_command_says_what_is_wrong(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(selfcheck_cli, ["review-pack", *args])
    assert result.exit_code == 1
    assert message in result.output
    assert not list(tmp_path.iterdir())


def test_a_clinic_that_adds_nothing_says_so_with_its_own_numbers(tmp_path):
    clinic = tmp_path / "north.yaml"
    clinic.write_text(
        "id: north\nname: North Clinic\nbrand_colour: '#1d5e8c'\nphone: '0100 200'\n"
        "urgent_help: {en: Call North Clinic on 0100 200., es: Llame a North Clinic al 0100 200.}\n"
        "emergency_number: '112'\nquestionnaire: plain-words\n",
        encoding="utf-8",
    )
    app = make_app(QUESTIONNAIRE=str(DATA / "review" / "plain.yaml"), CLINICS=str(tmp_path))
    pack, html = pack_of(app, "north")
    text = text_of(html)
    assert pack.clinic_file.sha256 == hashlib.sha256(clinic.read_bytes()).hexdigest()
    assert "What the clinic adds Nothing: its patients answer the questionnaire as it is." in text
    assert "Urgent-help words Call North Clinic on 0100 200." in text
    assert "Emergency number 112" in text
    assert "Added by" not in text


def test_the_renderer_takes_another_stylesheet_only_from_static(tmp_path):
    renderer = PdfRenderer(ROOT / "static")
    assert renderer.render("<p>x</p>", stylesheet="review.css").startswith(b"%PDF")
    outside = tmp_path / "evil.css"
    outside.write_text("p { color: red }")
    for name in (str(outside), "../pyproject.toml", "../static/../README.md"):
        with pytest.raises(RefusedURL):
            renderer.render("<p>x</p>", stylesheet=name)


# --- worked examples and the numbers table ---------------------------------------------


def example_files(tmp_path, **people):
    """Saved answers files (the `{"answers": …}` form the app reads), one per person."""
    paths = []
    for name, answers in people.items():
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps({"answers": answers}), encoding="utf-8")
        paths.append(path)
    return paths


def test_worked_examples_show_what_each_person_gets(shipped, tmp_path):
    older = flat(OLDER_INDOORS)
    chest_pain = {**flat(QUIET), "red_flags": ["chest_pain"]}
    files = example_files(tmp_path, older_indoors=older, chest_pain=chest_pain)
    with shipped.app_context():
        pack = review_pack.build(shipped, None, "en", files)
        text = text_of(review_pack.render_html(shipped, pack, standalone=True))
    q = pack.questionnaire
    expected = build_list(q, older, limit=shipped.config["MAX_PROMPTS"])
    assert expected.items  # the person has a list worth showing
    section = text[text.index("Worked examples") :]
    assert "Example 1: older indoors" in section
    assert "Example 2: chest pain" in section
    first = section[: section.index("Example 2")]
    assert "“How old are you?” 72 years" in first
    for item in expected.items:  # the list, in order, each with its P number
        assert f"{words(item.text)} {pack.prompt_number[item.id]}" in first
    assert "Because they said: How old are you? 72 years" in first
    second = section[section.index("Example 2") :]
    stop = triggered_stop(q, chest_pain)
    assert stop is not None and stop.kind == "urgent"
    assert f"They see this page instead of a list {words(stop.title)}" in second
    assert f"Emergency: call {q.meta.emergency_number} or your local emergency number." in second
    assert "Their list" not in second[: second.index("Sign-off")]


def test_a_bad_example_file_is_named_with_what_is_wrong(tmp_path):
    bad = tmp_path / "typo.json"
    bad.write_text('{"answers": {"age": "seventy"}}', encoding="utf-8")
    result = CliRunner(env=bare_environment()).invoke(
        selfcheck_cli, ["review-pack", "--example", str(bad), "-o", str(tmp_path / "p.html")]
    )
    assert result.exit_code == 1
    assert result.output.startswith(f"--example {bad}: age: ")
    assert not (tmp_path / "p.html").exists()


def test_the_numbers_table_holds_every_cut_off_a_rule_uses(shipped):
    pack, html = pack_of(shipped)
    found = {(t.question, t.value) for t in pack.thresholds}
    q = pack.questionnaire
    every = [q.stops, q.notices, q.prompts]
    used = {
        (compare.question, compare.value)
        for items in every
        for thing in items
        for compare, _ in comparisons(thing.when)
        if compare.operator in ("gt", "gte", "lt", "lte")
    }
    assert used and used <= found
    text = text_of(html)
    start = text.index("Cut-offs, by question")
    table = text[start : text.index("Notes on tests", start)]
    # the dose that sets off the "very high" notice, read with its unit and how often
    assert "≥ 10,000 the answer to “Is that amount in IU or mcg?” is “IU”" in table
    assert "notice vitd_intake_very_high" in table


def test_a_cut_off_under_not_reads_the_other_way_and_keeps_its_companions():
    dose = conditions.Compare("dose", "gt", 4000)
    unit = conditions.Compare("unit", "equals", "iu")
    found = list(review_pack._numeric(conditions.Not(conditions.All((unit, dose)))))
    assert [(c.operator, negated, beside) for c, negated, beside in found] == [("gt", True, [unit])]
    assert review_pack.plain_conditions.OPPOSITE["gt"] == "lte"
