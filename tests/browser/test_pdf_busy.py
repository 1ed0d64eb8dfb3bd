"""When every PDF renderer is busy, a person who clicks "Download PDF" sees their list again
with a notice that says to try again in a few seconds and that printing from the browser
always works — not a failed download — and the page passes axe, on a phone and a desktop."""

from __future__ import annotations

import threading

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from selfcheck.pdf_pool import PdfBusy

from ..conftest import make_app
from .test_accessibility import audit
from .test_large_print import finish

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def busy_server():
    app = make_app(WTF_CSRF_ENABLED=True)
    pool = app.extensions["selfcheck"].pdf

    def busy(*args, **kwargs):
        raise PdfBusy(pool.retry_after)

    pool.render = busy
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.mark.parametrize(
    ("lang", "pdf", "notice"),
    [
        ("en", "Download PDF", "Printing this page from your browser always works"),
        ("es", "Descargar PDF", "Imprimir esta página desde su navegador siempre funciona"),
    ],
)
def test_a_busy_pdf_shows_the_list_with_a_notice(page, busy_server, lang, pdf, notice):
    finish(page, busy_server, lang)
    with page.expect_navigation() as navigation:
        page.get_by_role("link", name=pdf, exact=True).click()
    assert navigation.value.status == 503
    assert navigation.value.headers["retry-after"] == "1"
    expect(page.get_by_role("alert")).to_contain_text(notice)
    expect(page.locator("#prompt-ppi")).to_be_visible()  # the list is still there
    assert audit(page, f"pdf-busy-{lang}") == []
