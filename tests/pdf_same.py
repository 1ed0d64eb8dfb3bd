"""Make a PDF twice, with WeasyPrint's whole user-agent stylesheet and with the one our renderer
uses (selfcheck/pdf_ua.py), to show that people get the very same PDF, byte for byte.

WeasyPrint writes the same bytes for the same input (no clock, no random identifier), so any
difference in the styles, the layout, the text or the tags (the structure tree) shows.

conftest.py keeps each PDF made from the same HTML and settings for the tests that follow;
the user-agent stylesheet is not among those settings, so PDFs compared here are made
afresh (`made_each_time`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from weasyprint import CSS, HTML

from selfcheck.pdf import PdfRenderer
from selfcheck.pdf_ua import UserAgent

from . import conftest


class WholeUserAgent(UserAgent):
    """Every rule of WeasyPrint's own user-agent stylesheet, as WeasyPrint itself uses."""

    def stylesheet(self, root) -> CSS:
        return HTML(string="<p>")._ua_stylesheets()[0]


@contextmanager
def made_each_time() -> Iterator[None]:
    """Every PDF made, none taken from conftest.py's store."""
    kept = PdfRenderer.render
    original = getattr(conftest, "_render", kept)
    assert original.__module__ == "selfcheck.pdf", "conftest.py keeps PDFs: make them afresh here"
    PdfRenderer.render = original  # type: ignore[method-assign]
    try:
        yield
    finally:
        PdfRenderer.render = kept  # type: ignore[method-assign]


@contextmanager
def whole_user_agent(renderer: PdfRenderer) -> Iterator[None]:
    """PDFs made afresh with WeasyPrint's whole user-agent stylesheet."""
    kept = renderer.user_agent
    renderer.user_agent = WholeUserAgent()
    try:
        with made_each_time():
            yield
    finally:
        renderer.user_agent = kept


def both_ways(renderer: PdfRenderer, *args, **kwargs) -> tuple[bytes, bytes]:
    """The PDF `renderer.render(*args, **kwargs)` makes, with WeasyPrint's whole user-agent
    stylesheet and with ours."""
    with made_each_time():
        ours = renderer.render(*args, **kwargs)
    with whole_user_agent(renderer):
        whole = renderer.render(*args, **kwargs)
    return whole, ours
