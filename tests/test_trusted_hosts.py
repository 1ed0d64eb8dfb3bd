"""Production needs SELFCHECK_TRUSTED_HOSTS, so no redirect, embed code or FHIR `url` is
built from a forged Host header; development and testing run without it (issue 15, point 8)."""

from __future__ import annotations

import http.client
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from bench.harness import Gunicorn
from selfcheck import create_app
from selfcheck.config import ConfigError

from .conftest import ENGINE_ENV, ROOT, bare_environment

NOT_SET = (
    "SELFCHECK_TRUSTED_HOSTS is not set. Set it to the host names people reach the app by, "
    """e.g. `export SELFCHECK_TRUSTED_HOSTS='["selfcheck.example.org"]'`: links in redirects, """
    "the embed code and FHIR resources are made from the Host header, which anyone can forge. "
    "(SELFCHECK_ENV=development runs without it.)"
)


@pytest.fixture
def environment(monkeypatch):
    for name in [n for n in os.environ if n.startswith("SELFCHECK_") and n not in ENGINE_ENV]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("SELFCHECK_SECRET_KEY", secrets.token_hex(32))
    return monkeypatch


def test_production_refuses_to_start_without_trusted_hosts(environment):
    with pytest.raises(ConfigError) as refused:
        create_app({"PDF_WARM_UP": False})
    assert str(refused.value) == NOT_SET
    for env in ("development", "testing"):  # these keep working without them
        environment.setenv("SELFCHECK_ENV", env)
        assert create_app({"PDF_WARM_UP": False}).config["TRUSTED_HOSTS"] is None


def test_trusted_hosts_are_a_list_of_names(environment):
    environment.setenv("SELFCHECK_TRUSTED_HOSTS", "selfcheck.example.org")  # not JSON: one name
    app = create_app({"PDF_WARM_UP": False})
    assert app.config["TRUSTED_HOSTS"] == ["selfcheck.example.org"]
    client = app.test_client()
    assert client.get("/", base_url="http://selfcheck.example.org").status_code == 200
    assert client.get("/", base_url="http://s").status_code == 400  # not one name per letter
    for wrong in ("[]", "5", '[""]'):
        environment.setenv("SELFCHECK_TRUSTED_HOSTS", wrong)
        with pytest.raises(ConfigError, match="use a JSON list of host names"):
            create_app({"PDF_WARM_UP": False})


@pytest.mark.load
def test_gunicorn_refuses_to_start_without_them_and_with_them_ignores_a_forged_host():
    environment = bare_environment()
    try:
        result = subprocess.run(
            [str(Path(sys.executable).parent / "gunicorn"), "--bind", "127.0.0.1:0", "wsgi:app"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            env={**environment, "SELFCHECK_SECRET_KEY": secrets.token_hex(32)},
        )
    except subprocess.TimeoutExpired:
        pytest.fail("gunicorn started in production without SELFCHECK_TRUSTED_HOSTS")
    assert result.returncode != 0
    assert f"selfcheck cannot start:\n{NOT_SET}" in result.stderr

    with Gunicorn(workers=1, pdf_warm_up="false", demo_clinic="true") as server:  # trusted hosts
        for method, path in [
            ("POST", "/clear"),
            ("GET", "/c/demo/embed"),
            ("GET", "/fhir/Questionnaire/vitamin-d-magnesium-immune"),
        ]:
            for host, status in [("evil.example", 400), (f"127.0.0.1:{server.port}", None)]:
                connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
                connection.request(method, path, body=b"" if method == "POST" else None,
                                   headers={"Host": host})  # fmt: skip
                response = connection.getresponse()
                body = response.read().decode()
                location = response.getheader("Location") or ""
                assert "evil.example" not in body + location
                if status:
                    assert response.status == status
                    assert body == "This address is not served here.\n"
                else:
                    assert response.status in (200, 302)
