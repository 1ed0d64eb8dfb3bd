"""HTML → PDF with WeasyPrint, fetching nothing but the app's own static files.

WeasyPrint follows every URL it meets (images, CSS, @import, attachments). The
`StaticFilesOnly` fetcher refuses every scheme but `file:` and every path outside
`static/`; stylesheets are parsed once at start-up and passed as objects, never URLs.
"""

from __future__ import annotations

import functools
import json
import mimetypes
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint import CSS
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from . import html_parsing, pdf_tags
from .pdf_ua import TrimmedHTML, UserAgent, Vocabulary

PAPER_SIZES = {"a4": "A4", "letter": "letter"}


class RefusedURL(ValueError):
    """A URL the PDF renderer will not fetch."""


class StaticFilesOnly(URLFetcher):
    """Serve files under one folder; refuse the network, redirects and everything else."""

    def __init__(self, root: Path):
        super().__init__(allowed_protocols={"file"}, allow_redirects=False)
        self.root = root.resolve()

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise RefusedURL("only the app's own static files can be used in a PDF")
        path = Path(url2pathname(parts.path)).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            raise RefusedURL("only the app's own static files can be used in a PDF")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type}
        )


class Renderer(Protocol):
    """What makes a PDF: PdfRenderer itself, or the pool of processes that run one."""

    def render(
        self,
        html: str,
        paper_size: str | None = None,
        page_words: tuple[str, str] = ("Page", "of"),
        stylesheet: str | None = None,
        large_print: bool = False,
    ) -> bytes: ...


class PdfRenderer:
    """Render our own HTML to PDF bytes; one per app, reused for every request."""

    def __init__(self, static_dir: Path, paper_size: str = "a4"):
        if paper_size.lower() not in PAPER_SIZES:
            raise ValueError(
                f"paper size {paper_size!r} is not supported; use one of {', '.join(PAPER_SIZES)}"
            )
        pdf_tags.install()  # one structure element per list and section, whatever the pages
        html_parsing.install()  # the HTML parser's cache of expressions, fixed
        self.static_dir = static_dir.resolve()
        self.fetcher = StaticFilesOnly(self.static_dir)
        self.base_url = self.static_dir.as_uri() + "/"
        self.font_config = FontConfiguration()
        self.paper_size = paper_size.lower()
        self.user_agent = UserAgent()  # WeasyPrint's rules that can apply to our PDFs
        self.styles = self.other_styles("pdf.css")
        self.large_print = self.other_styles("pdf-large.css")  # laid over pdf.css
        self.pages = {
            size: CSS(string=f"@page {{ size: {name} }}") for size, name in PAPER_SIZES.items()
        }

    def render(
        self,
        html: str,
        paper_size: str | None = None,
        page_words: tuple[str, str] = ("Page", "of"),
        stylesheet: str | None = None,
        large_print: bool = False,
    ) -> bytes:
        """The PDF on the app's paper size, or on `paper_size` (a clinic's); `page_words`
        are the footer's "Page … of …" in the reader's language; `stylesheet`, another
        file in static/ instead of pdf.css (the clinic review pack's); `large_print` sets
        every text at 16 pt or more, in one column (static/pdf-large.css over pdf.css)."""
        page = self.pages[(paper_size or self.paper_size).lower()]
        styles = [self.other_styles(stylesheet) if stylesheet else self.styles]
        if large_print:
            styles.append(self.large_print)
        styles += [page, self.page_numbers(page_words)]
        for name in [stylesheet or "pdf.css", *(["pdf-large.css"] if large_print else [])]:
            self.user_agent.learn(self.asks(name))
        document = TrimmedHTML(
            string=html,
            base_url=self.base_url,
            url_fetcher=self.fetcher,
            user_agent=self.user_agent,
        )
        return document.write_pdf(
            stylesheets=styles,
            font_config=self.font_config,
            pdf_variant="pdf/ua-1",  # tagged: headings, lists and reading order for screen readers
        )

    @functools.lru_cache(maxsize=4)  # noqa: B019 - one renderer per app, a few stylesheets
    def other_styles(self, name: str) -> CSS:
        """One of our own stylesheets under static/, parsed once."""
        path = self.static_dir / name
        if path.suffix != ".css" or not path.resolve().is_relative_to(self.static_dir):
            raise RefusedURL("only the app's own stylesheets can be used in a PDF")
        return CSS(
            string=path.read_text(encoding="utf-8"),
            base_url=self.base_url,
            url_fetcher=self.fetcher,
            font_config=self.font_config,
        )

    @functools.lru_cache(maxsize=4)  # noqa: B019 - one renderer per app, a few stylesheets
    def asks(self, name: str) -> Vocabulary:
        """What one of our stylesheets (checked by `other_styles`) needs of WeasyPrint's
        user-agent rules: its margin boxes, its footnotes (pdf_ua.py)."""
        return Vocabulary.of_stylesheet((self.static_dir / name).read_text(encoding="utf-8"))

    @functools.lru_cache(maxsize=8)  # noqa: B019 - one renderer per app, a few languages
    def page_numbers(self, words: tuple[str, str]) -> CSS:
        page, of = (json.dumps(word, ensure_ascii=False) for word in words)
        content = f'{page} " " counter(page) " " {of} " " counter(pages)'
        text = f"@page {{ @bottom-right {{ content: {content} }} }}"
        self.user_agent.use_stylesheet(text)
        return CSS(string=text)

    def warm_up(self) -> None:
        """Load fonts and layout code once, so the first patient does not wait for it: a
        page with the stylesheet, each weight and size, lists and answer rows, a picture and
        a chart, and the elements of WeasyPrint's user-agent rules our PDFs use (pdf_ua.py:
        so the first PDF finds its user-agent stylesheet made)."""
        self.render(
            "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Warm-up</title>"
            "</head><body><p class='running-footer'>Made · version</p>"
            "<div class='clinic-header'><img class='clinic-logo' src='tick-box.svg' alt='Logo'>"
            "<div><p class='clinic-name'>Clinic</p></div></div>"
            "<h1>Warm-up</h1><p class='lead'>Made on <strong>1 2 3</strong>.</p><h2>Questions</h2>"
            "<ol class='prompt-list'><li class='prompt'><p class='prompt-text'>Question?</p>"
            "<div class='because'><p class='because-title'>Because you said:</p>"
            "<ul><li>Age: 45</li></ul></div><ol class='sources'><li><em>Source</em>, "
            "<a href='https://example.org/a/b'>https://example.org/a/b</a></li></ol>"
            "<p class='notes'>Notes:</p></li></ol>"
            "<section class='estimate' aria-labelledby='e'><h2 id='e'>Estimate</h2>"
            "<svg class='chart' viewBox='0 0 100 10' aria-hidden='true'>"
            "<rect x='0' y='0' width='40' height='10' fill='#1d70b8'/></svg></section>"
            "<section class='answers'><h3 class='summary-heading'>Answers</h3>"
            "<ul class='summary'><li class='summary-row'><span class='summary-question'>"
            "Question</span><span class='summary-answer'>Answer é ñ ¿</span></li></ul>"
            "</section></body></html>"
        )
