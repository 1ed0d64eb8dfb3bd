"""Compressed pages and files, and static files cached for a year under a fingerprint."""

from __future__ import annotations

import gzip
import re

import brotli

from selfcheck.delivery import YEAR, fingerprints

from .personas import QUIET, complete


def static_links(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', html)


def test_pages_are_compressed_for_browsers_that_ask(client):
    plain = client.get("/step/start").get_data(as_text=True)
    zipped = client.get("/step/start", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    assert gzip.decompress(zipped.data).decode() == plain
    assert len(zipped.data) < len(plain) / 3
    squeezed = client.get("/step/start", headers={"Accept-Encoding": "br, gzip"})
    assert squeezed.headers["Content-Encoding"] == "br"
    assert brotli.decompress(squeezed.data).decode() == plain


def test_css_and_javascript_are_compressed_the_pdf_is_not(client):
    for url in static_links(client.get("/").get_data(as_text=True)):
        if url.split("?")[0].rsplit(".", 1)[-1] not in ("css", "js"):
            continue  # the favicon is smaller than is worth compressing
        response = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert response.headers.get("Content-Encoding") == "gzip", url
    complete(client, QUIET)
    pdf = client.get("/results.pdf", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in pdf.headers and pdf.data.startswith(b"%PDF")


def test_static_links_carry_a_fingerprint_and_are_cached_for_a_year(client):
    links = static_links(client.get("/c/demo/").get_data(as_text=True))
    assert {re.sub(r"\?.*", "", link) for link in links} >= {
        "/static/selfcheck.css",
        "/static/selfcheck.js",
        "/static/clinics/demo-logo.svg",
    }
    for link in links:
        assert re.search(r"\?v=[0-9a-f]{12}$", link), link
        response = client.get(link)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == f"public, max-age={YEAR}, immutable"


def test_an_old_or_missing_fingerprint_is_revalidated(client):
    for url in ["/static/selfcheck.css", "/static/selfcheck.css?v=000000000000"]:
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-cache"
        assert response.headers["ETag"]


def test_a_changed_file_gets_a_new_fingerprint(tmp_path):
    (tmp_path / "a.css").write_text("body { color: black }")
    before = fingerprints(tmp_path)
    (tmp_path / "a.css").write_text("body { color: navy }")
    assert fingerprints(tmp_path)["a.css"] != before["a.css"]


def test_the_embed_script_clinics_copy_has_a_fixed_address(client):
    kit = client.get("/c/demo/embed").get_data(as_text=True)
    assert "/static/embed.js&quot;" in kit or '/static/embed.js"' in kit
    assert "embed.js?v=" not in kit
    assert client.get("/static/embed.js").headers["Cache-Control"] == "no-cache"
