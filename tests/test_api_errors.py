"""Every error under /api/ is JSON in the API's shape, as the README says — 404, 405, 413 and
500 included — while the site's errors stay pages (issue 15, point 9)."""

from __future__ import annotations

import pytest

from selfcheck import api

from .conftest import make_app
from .personas import QUIET, flat


def errors_of(response) -> list[dict]:
    assert response.mimetype == "application/json", response.get_data(as_text=True)[:200]
    return response.get_json()["errors"]


@pytest.mark.parametrize(
    "method, path, status, message",
    [
        ("get", "/api", 404, "The API has no such address; see /api/v1/openapi.json."),
        ("get", "/api/v2/report", 404, "The API has no such address; see /api/v1/openapi.json."),
        ("get", "/api/v1/nope", 404, "The API has no such address; see /api/v1/openapi.json."),
        ("get", "/api/v1/report", 405,
         "This address does not take that method; see /api/v1/openapi.json."),
        ("put", "/api/v1/questionnaire", 405,
         "This address does not take that method; see /api/v1/openapi.json."),
    ],
)  # fmt: skip
def test_unknown_addresses_and_wrong_methods_are_json(client, method, path, status, message):
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert errors_of(response) == [{"field": "request", "message": message}]
    if status == 405:
        assert "POST" in response.headers["Allow"] or "GET" in response.headers["Allow"]
    assert client.get("/no/such/page").mimetype == "text/html"  # the site's stay pages


def test_a_bug_is_json_without_internals(monkeypatch, caplog):
    def bug(*args, **kwargs):
        raise RuntimeError("secret internals: /srv/selfcheck/outcome.py line 42")

    monkeypatch.setattr(api, "answers_at_once", bug)
    client = make_app(TESTING=False, PROPAGATE_EXCEPTIONS=False).test_client()
    response = client.post("/api/v1/report", json={"answers": flat(QUIET)})
    assert response.status_code == 500
    assert errors_of(response) == [
        {
            "field": "request",
            "message": "Something went wrong on our side. Please try again in a few minutes.",
        }
    ]
    assert "secret internals" not in response.get_data(as_text=True)
    assert "secret internals" in caplog.text  # the maintainers still learn what broke


def test_a_host_not_served_is_json():
    client = make_app(TRUSTED_HOSTS=["selfcheck.example.org"]).test_client()
    response = client.get("/api/v1/questionnaire", base_url="http://evil.example")
    assert response.status_code == 400
    assert errors_of(response) == [
        {"field": "request", "message": "This address is not served here."}
    ]
