"""A body sent in chunks (no Content-Length, as gunicorn passes it on) gets the same limit as
any other: over it, a 413, instead of being cut silently to its first 64 KB.

Werkzeug reads such a stream only up to `MAX_CONTENT_LENGTH` and then stops as if the body
had ended. So before the app sees the request, the body is read here up to the largest that
any page takes (the answers-file upload's), one byte more, and given its Content-Length;
from then on Werkzeug compares it with the limit of the page it is for, as for every body.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask

from .resume import UPLOAD_LIMIT  # the largest body a page takes


class ChunkedBodies:
    """WSGI middleware: measure a chunked body before the app reads it."""

    def __init__(self, app: Callable, largest: Callable[[], int | None]) -> None:
        self.app, self.largest = app, largest

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        largest = self.largest()
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        if chunked and largest is not None:  # a Content-Length beside it means nothing
            body = environ["wsgi.input"].read(largest + 1)  # over every limit if it is all there
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
            del environ["HTTP_TRANSFER_ENCODING"]  # or Werkzeug ignores the length
        return self.app(environ, start_response)


def init_app(app: Flask) -> None:
    def largest() -> int | None:
        limit = app.config["MAX_CONTENT_LENGTH"]
        return None if limit is None else max(limit, UPLOAD_LIMIT)

    app.wsgi_app = ChunkedBodies(app.wsgi_app, largest)  # type: ignore[method-assign]
