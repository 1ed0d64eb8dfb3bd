"""A body sent in chunks (no Content-Length) over the limit gets 413 — the friendly page, or
JSON from the API — not a silent cut to its first 64 KB; chunked bodies within the limit
work as before (issue 15, point 10)."""

from __future__ import annotations

import http.client
import io
import json

import pytest

from bench.harness import Gunicorn

from .personas import QUIET, flat
from .reading import text_of

FORM = "application/x-www-form-urlencoded"
OVER = b"own_question=" + b"x" * 200_000  # three times the 64 KB limit


def chunked_post(client, path: str, body: bytes, content_type: str):
    """What gunicorn hands the app for `Transfer-Encoding: chunked`: no Content-Length, and
    a stream the server ends (`wsgi.input_terminated`)."""
    return client.post(
        path,
        input_stream=io.BytesIO(body),
        content_type=content_type,
        headers={"Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )


def test_a_chunked_body_over_the_limit_is_refused(client):
    page = chunked_post(client, "/step/own", OVER, FORM)
    assert page.status_code == 413
    assert "That was too much to send" in text_of(page)
    api = chunked_post(client, "/api/v1/report", b" " * 200_000, "application/json")
    assert api.status_code == 413
    assert api.get_json() == {
        "errors": [{"field": "request", "message": "The body is larger than 64 KB."}]
    }
    # within the limit, a chunked body is read whole, as before
    small = chunked_post(client, "/api/v1/report", json.dumps({"answers": flat(QUIET)}).encode(),
                         "application/json")  # fmt: skip
    assert small.status_code == 200 and small.get_json()["stop"] is None


def send_chunked(port: int, path: str, body: bytes, content_type: str):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    pieces = (body[i : i + 8192] for i in range(0, len(body), 8192))
    connection.request("POST", path, body=pieces, headers={"Content-Type": content_type},
                       encode_chunked=True)  # fmt: skip
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, data


@pytest.mark.load
def test_under_gunicorn_a_chunked_body_over_the_limit_gets_413():
    with Gunicorn(workers=1, pdf_warm_up="false") as server:
        status, page = send_chunked(server.port, "/step/own", OVER, FORM)
        assert status == 413 and b"That was too much to send" in page
        status, body = send_chunked(server.port, "/api/v1/report", b" " * 200_000,
                                    "application/json")  # fmt: skip
        assert status == 413
        assert json.loads(body)["errors"][0]["message"] == "The body is larger than 64 KB."
        answers = json.dumps({"answers": flat(QUIET)}).encode()
        status, body = send_chunked(server.port, "/api/v1/report", answers, "application/json")
        assert status == 200 and json.loads(body)["stop"] is None
