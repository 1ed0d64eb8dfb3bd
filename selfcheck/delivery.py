"""How bytes leave the server: compressed, and static files cached for a year.

Patients are mostly on phones, often on poor connections. Pages, CSS, JavaScript and
SVG are compressed (Flask-Compress: Brotli or gzip, whichever the browser asks for). Every
link to a static file carries a fingerprint of its content (`selfcheck.css?v=3f2a…`),
worked out once at start-up; a request with the right fingerprint may be cached for a
year, since a changed file gets a new address. The embed script that clinics copy onto
their sites has a fixed address and is revalidated instead.

Compressing pages that show a CSRF token next to text a visitor typed is the setting of
the BREACH attack; here the typed text comes only from the visitor's own signed state
(a forged post cannot put text into someone else's page), and the token carries a signed
timestamp, so its bytes change from one second to the next.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, Response, request, send_from_directory
from flask_compress import Compress

YEAR = 365 * 24 * 60 * 60
UNVERSIONED = {"embed.js"}  # clinics copy its address onto their own sites
COMPRESSED = ["text/html", "text/css", "text/javascript", "application/javascript", "image/svg+xml"]


def fingerprints(folder: Path) -> dict[str, str]:
    """Each static file's path (as url_for spells it) → the first 12 hex digits of its SHA-256."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def init_app(app: Flask) -> None:
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED)
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_MIN_SIZE", 512)
    app.config.setdefault("COMPRESS_BR_LEVEL", 4)
    # a page is about 10 KB: level 1 makes it 3.3 KB where 6 (the default) makes it 3.0 KB,
    # in half the time (issue 19: step pages)
    app.config.setdefault("COMPRESS_LEVEL", 1)
    Compress(app)
    assert app.static_folder is not None
    versions = fingerprints(Path(app.static_folder))
    for name in UNVERSIONED:
        versions.pop(name, None)

    @app.get("/favicon.ico")
    def favicon() -> Response:
        """Browsers ask for it on every site, whatever the page says."""
        response = send_from_directory(app.static_folder or "static", "favicon.ico")
        response.headers["Cache-Control"] = f"public, max-age={YEAR // 365 * 7}"
        return response

    @app.url_defaults
    def fingerprint(endpoint: str, values: dict) -> None:
        if endpoint == "static" and values.get("filename") in versions:
            values.setdefault("v", versions[values["filename"]])

    @app.after_request  # registered after Compress(app), so it runs before it
    def cache_fingerprinted(response: Response) -> Response:
        if request.endpoint != "static" or response.status_code not in (200, 304):
            return response
        # read the (small) file into the response: Flask-Compress gzips only whole bodies
        response.direct_passthrough = False
        response.make_sequence()
        filename = (request.view_args or {}).get("filename")
        if request.args.get("v") and request.args.get("v") == versions.get(filename):
            response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
        else:
            response.headers["Cache-Control"] = "no-cache"  # revalidate (ETag) every time
        return response
