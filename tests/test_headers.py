"""Headers that keep pages private: a strict CSP, no caching of answers, HTTPS pinned, and
only the hosts and proxies the operator names are believed."""

from __future__ import annotations

import pytest

from selfcheck.config import ConfigError

from .conftest import make_app
from .personas import OLDER_INDOORS, complete


def test_every_page_has_the_privacy_headers(client):
    headers = client.get("/").headers
    policy = headers["Content-Security-Policy"]
    for part in [
        "default-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ]:
        assert part in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "geolocation=()" in headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in headers  # plain http: never pin


def test_pages_and_files_with_answers_are_never_stored(client):
    complete(client, OLDER_INDOORS)
    for url in ["/step/start", "/check", "/results", "/results.pdf"]:
        assert client.get(url).headers["Cache-Control"] == "no-store", url


def test_https_is_pinned_when_served_over_https():
    client = make_app().test_client()
    headers = client.get("/", base_url="https://localhost").headers
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_forwarded_headers_are_believed_only_behind_a_configured_proxy():
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example"}
    direct = make_app().test_client().get("/", headers=forwarded)
    assert "Strict-Transport-Security" not in direct.headers
    proxied = make_app(PROXIES=1).test_client()
    assert "Strict-Transport-Security" in proxied.get("/", headers=forwarded).headers


def test_only_trusted_hosts_are_served():
    client = make_app(TRUSTED_HOSTS=["selfcheck.example.org"]).test_client()
    assert client.get("/", base_url="http://selfcheck.example.org").status_code == 200
    response = client.get("/", base_url="http://evil.example")
    assert response.status_code == 400
    assert response.get_data(as_text=True) == "This address is not served here.\n"


def test_a_wrong_proxy_count_stops_start_up():
    with pytest.raises(ConfigError):
        make_app(PROXIES="two")
