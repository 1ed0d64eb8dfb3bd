"""PDFs made in rendering processes of their own: the same PDF, a lower priority, nothing
fetched, a bounded queue whose overflow gets a kind 503 with Retry-After (page, frame, API,
in English and Spanish), and a renderer that dies costs no PDF."""

from __future__ import annotations

import io
import multiprocessing
import os
import signal
import threading
import time

import psutil
import pytest
from pypdf import PdfReader

from selfcheck.pdf import PdfRenderer
from selfcheck.pdf_pool import PdfBusy, PdfPool

from .conftest import make_app
from .personas import OLDER_INDOORS, complete
from .test_api import flat
from .test_embed import EMBED, FramedVisitor, demo_answers, text_of
from .test_pdf import STATIC, Canary, canary  # noqa: F401 - the canary fixture

FORK = multiprocessing.get_context("fork")


class Gate:
    """A stand-in renderer (inherited by the fork) that holds each PDF until opened, and
    says which process made it."""

    def __init__(self) -> None:
        self.started, self.opened = FORK.Event(), FORK.Event()

    def warm_up(self) -> None:
        pass

    def render(self, html, paper_size=None, page_words=("Page", "of"), stylesheet=None, large=0):
        self.started.set()
        self.opened.wait(20)
        return f"%PDF {os.getpid()} {os.getpriority(os.PRIO_PROCESS, 0)}".encode()


@pytest.fixture
def gated():
    gate = Gate()
    pool = PdfPool(gate, processes=1, queue=0, niceness=5, retry_after=4)  # type: ignore[arg-type]
    pool.start()
    yield gate, pool
    gate.opened.set()
    pool.stop()


def test_a_pool_not_started_makes_the_pdf_in_this_process():
    pool = PdfPool(PdfRenderer(STATIC))
    assert not pool.started
    assert pool.render("<p>Hello</p>").startswith(b"%PDF")


def test_the_pdf_is_made_in_another_process_at_a_lower_priority(gated):
    gate, pool = gated
    gate.opened.set()
    _, pid, niceness = pool.render("<p>x</p>").decode().split()
    assert int(pid) != os.getpid()
    assert int(niceness) == os.getpriority(os.PRIO_PROCESS, 0) + 5


def test_one_pdf_more_than_the_pool_holds_is_refused_at_once(gated):
    gate, pool = gated
    first = threading.Thread(target=pool.render, args=("<p>1</p>",))
    first.start()
    assert gate.started.wait(20)  # the one renderer is busy, and the queue holds 0
    with pytest.raises(PdfBusy) as refused:
        pool.render("<p>2</p>")
    assert refused.value.retry_after == 4
    with pytest.raises(PdfBusy):
        pool.check_room()  # the views ask before they make the PDF's HTML
    gate.opened.set()
    first.join()
    pool.check_room()
    assert pool.render("<p>3</p>").startswith(b"%PDF")  # room again


def test_a_renderer_that_dies_costs_no_pdf_and_asks_for_a_new_worker():
    gate, replaced = Gate(), []
    pool = PdfPool(gate, processes=1, queue=1)  # type: ignore[arg-type]
    pool.start(on_broken=lambda: replaced.append(True))
    gate.opened.set()
    renderer = int(pool.render("<p>x</p>").split()[1])
    os.kill(renderer, signal.SIGKILL)
    assert pool.render("<p>again</p>").split()[1] == str(os.getpid()).encode()  # made here
    assert replaced == [True] and not pool.started


def test_the_real_renderer_in_its_process_makes_the_same_pdf_and_fetches_nothing(canary):  # noqa: F811
    pool = PdfPool(PdfRenderer(STATIC), processes=1, queue=0)
    pool.start()
    try:
        html = f"""<html><head><link rel="stylesheet" href="{canary}/sheet.css">
          <link rel="attachment" href="file:///etc/passwd"></head>
          <body><p>Hello from the pool</p><img src="{canary}/img.png"></body></html>"""
        reader = PdfReader(io.BytesIO(pool.render(html, "letter", ("Seite", "von"))))
        text = reader.pages[0].extract_text()
        assert "Hello from the pool" in text and "Seite 1 von 1" in text
        assert (round(reader.pages[0].mediabox.width), round(reader.pages[0].mediabox.height)) == (
            612,
            792,
        )
        assert Canary.hits == [] and not reader.attachments
    finally:
        pool.stop()


def busy_app():
    app = make_app()
    pool = app.extensions["selfcheck"].pdf

    def refuse(*args, **kwargs):
        raise PdfBusy(pool.retry_after)

    pool.render = refuse
    return app


@pytest.mark.parametrize(
    ("lang", "title", "printing"),
    [
        (
            "en",
            "Your PDF could not be made just now",
            "Printing this page from your browser always works: your list is below.",
        ),
        (
            "es",
            "Su PDF no se pudo hacer en este momento",
            "Imprimir esta página desde su navegador siempre funciona: su lista está abajo.",
        ),
    ],
)
def test_a_busy_pdf_is_a_503_that_keeps_the_list_on_screen(lang, title, printing):
    client = busy_app().test_client()
    complete(client, OLDER_INDOORS)
    refused = client.get(f"/results.pdf?lang={lang}")
    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "1"
    text = text_of(refused.get_data(as_text=True))
    assert title in text and printing in text
    assert 'id="prompt-ppi"' in refused.get_data(as_text=True)  # the list itself is there
    assert client.get("/results").status_code == 200  # nothing else degrades


def test_a_busy_pdf_in_the_clinic_frame_stays_in_the_frame():
    visitor = FramedVisitor(busy_app())
    visitor.get(EMBED + "/")
    visitor.post(visitor.form_action(), {"action": "open"})
    visitor.answer_all(demo_answers(OLDER_INDOORS))
    visitor.post(EMBED + "/check", {"goto": "results"})
    refused = visitor.post(EMBED + "/results.pdf")
    assert refused.status_code == 503 and refused.headers["Retry-After"] == "1"
    text = text_of(visitor.html)
    assert "Your PDF could not be made just now" in text
    assert "Demo Family Clinic" in text and 'class="site-header"' not in visitor.html
    assert visitor.state()  # the answers are still in the page, to try again from


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "Many PDFs are being made right now. Please try again in 1 second."),
        ("es", "Se están haciendo muchos PDF en este momento. Inténtelo de nuevo en 1 segundo."),
    ],
)
def test_a_busy_pdf_from_the_api_is_json_with_retry_after(lang, message):
    client = busy_app().test_client()
    refused = client.post(f"/api/v1/report.pdf?lang={lang}", json={"answers": flat(OLDER_INDOORS)})
    assert refused.status_code == 503 and refused.headers["Retry-After"] == "1"
    assert refused.get_json() == {"errors": [{"field": "request", "message": message}]}


def test_a_busy_pdf_is_not_counted_against_the_pdf_limit():
    app = make_app(PDF_RATE_LIMIT="2 per minute")
    pool = app.extensions["selfcheck"].pdf
    client = app.test_client()
    complete(client, OLDER_INDOORS)
    pool.has_room = lambda: False  # every renderer busy: refused before it is counted
    assert [client.get("/results.pdf").status_code for _ in range(3)] == [503, 503, 503]
    del pool.has_room
    assert [client.get("/results.pdf").status_code for _ in range(3)] == [200, 200, 429]


def own_pool(pids) -> None:
    """In a worker-like process: start a pool, say its renderer's pid, wait to be killed."""
    gate = Gate()
    gate.opened.set()
    pool = PdfPool(gate, processes=1, queue=0)  # type: ignore[arg-type]
    pool.start()
    pids.put(int(pool.render("<p>x</p>").split()[1]))
    time.sleep(60)


def test_a_renderer_leaves_when_its_worker_is_killed():
    pids = FORK.Queue()
    worker = FORK.Process(target=own_pool, args=(pids,))
    worker.start()
    renderer = psutil.Process(pids.get(timeout=30))
    os.kill(worker.pid, signal.SIGKILL)
    worker.join()
    try:
        renderer.wait(timeout=10)  # gone (it was reparented, so someone else reaps it)
    except psutil.TimeoutExpired:
        assert renderer.status() == psutil.STATUS_ZOMBIE
