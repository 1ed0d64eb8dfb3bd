"""One PDF limit per person: every route that renders a PDF draws on the same count, and
under gunicorn every worker of the instance shares it (issue 15, point 1)."""

from __future__ import annotations

import http.client
import json
import threading
import time

import pytest

from bench.harness import SECRET, Gunicorn
from selfcheck.limits import not_limited

from .conftest import make_app
from .personas import QUIET, complete, flat, persona
from .test_embed import EMBED, FramedVisitor

CLINIC_ANSWERS = persona(QUIET, clinic_visit={"visit_reason": "tiredness"})


def finished_browser(app):
    """A cookie with a finished flow on the site and on the clinic's pages, and a finished
    frame's hidden field: what each PDF route needs to make a PDF."""
    client = app.test_client()
    complete(client, QUIET)
    complete(client, CLINIC_ANSWERS, "/c/demo/step/start")
    cookie = client.get_cookie("selfcheck").value
    visitor = FramedVisitor(app)
    visitor.get(EMBED + "/")
    visitor.post(visitor.form_action(), {"action": "open"})
    visitor.answer_all(CLINIC_ANSWERS)
    visitor.post(EMBED + "/check", {"goto": "results"})
    return client, cookie, visitor.hidden()


def pdf_requests(cookie: str, frame_state: dict) -> list[tuple[str, str, dict, bytes | None]]:
    """One request for each route that renders a PDF: (method, path, headers, body)."""
    from urllib.parse import urlencode

    return [
        ("GET", "/results.pdf", {"Cookie": f"selfcheck={cookie}"}, None),
        ("GET", "/c/demo/results.pdf", {"Cookie": f"selfcheck={cookie}"}, None),
        (
            "POST",
            EMBED + "/results.pdf",
            {"Content-Type": "application/x-www-form-urlencoded"},
            urlencode(frame_state).encode(),
        ),
        (
            "POST",
            "/api/v1/report.pdf",
            {"Content-Type": "application/json"},
            json.dumps({"answers": flat(QUIET)}).encode(),
        ),
    ]


def test_every_pdf_route_draws_on_one_limit():
    app = make_app(PDF_RATE_LIMIT="3 per minute")
    client, _, frame_state = finished_browser(app)
    frame = app.test_client(use_cookies=False)
    statuses = [
        client.get("/results.pdf").status_code,
        client.get("/c/demo/results.pdf").status_code,
        frame.post(EMBED + "/results.pdf", data=frame_state).status_code,
        client.post("/api/v1/report.pdf", json={"answers": flat(QUIET)}).status_code,
        client.get("/results.pdf").status_code,
    ]
    assert statuses == [200, 200, 200, 429, 429]


def test_the_default_store_is_shared_by_every_worker():
    """The default `sqlite://` store: two apps built from one (as gunicorn's forked workers
    are) see one count."""
    from selfcheck.shared_counts import SQLiteStorage

    store = SQLiteStorage("sqlite://")
    other = SQLiteStorage(f"sqlite://{store.path}")
    assert [store.incr("pdf/1.2.3.4", 60), other.incr("pdf/1.2.3.4", 60)] == [1, 2]
    assert other.get("pdf/1.2.3.4") == 2 and store.get("pdf/5.6.7.8") == 0
    assert "1.2.3.4" not in open(store.path, "rb").read().decode("latin-1")  # keys are hashed


@pytest.mark.load
def test_the_documented_limit_holds_under_gunicorn_with_two_workers(tmp_path):
    """README: 20 PDFs a minute per address, across every PDF route and both workers."""
    app = make_app(SECRET_KEY=SECRET)
    _, cookie, frame_state = finished_browser(app)
    log = tmp_path / "access.log"
    args = ("--access-logfile", str(log), "--access-logformat", "%(p)s %(s)s %(U)s")
    with Gunicorn(workers=2, demo_clinic="true", args=args) as server:
        requests = pdf_requests(cookie, frame_state)
        statuses: list[int] = []

        def download(offset: int) -> None:
            for n in range(12):
                method, path, headers, body = requests[(n + offset) % len(requests)]
                connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                data = response.read()
                connection.close()
                if response.status == 200:
                    assert data.startswith(b"%PDF"), (path, data[:200])
                statuses.append(response.status)

        threads = [threading.Thread(target=download, args=(n,)) for n in (0, 2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        time.sleep(0.5)  # let gunicorn write its access log
        lines = [line.split() for line in log.read_text().splitlines()]
    assert len(statuses) == 24
    assert statuses.count(200) == 20 and statuses.count(429) == 4
    served = [pid for pid, status, _path in lines if status == "200"]
    assert len(set(served)) == 2  # both workers made PDFs, and counted them together
    assert {path for _pid, status, path in lines if status == "200"} == {
        "/results.pdf",
        "/c/demo/results.pdf",
        EMBED + "/results.pdf",
        "/api/v1/report.pdf",
    }


@pytest.mark.parametrize(
    ("path", "method", "settings", "skipped"),
    [
        ("/step/sun", "GET", {}, True),
        ("/c/demo/step/sun", "POST", {}, True),
        ("/results.pdf", "GET", {}, False),
        (EMBED + "/results.pdf", "POST", {}, False),
        ("/api/v1/report.pdf", "POST", {}, False),
        ("/step/sun", "GET", {"RATELIMIT_DEFAULT": "100 per minute"}, False),
        ("/step/sun", "GET", {"RATELIMIT_APPLICATION": "100 per minute"}, False),
    ],
)
def test_only_views_with_a_limit_look_for_one(app, path, method, settings, skipped):
    """A page without a limit skips the limiter's search for one (issue 19: step pages),
    unless the settings give every page a limit."""
    app.config.update(settings)
    try:
        with app.test_request_context(path, method=method):
            assert not_limited() is skipped
    finally:
        for key in settings:
            app.config.pop(key)
