"""The demo clinic is for trying the app: production serves it only when
SELFCHECK_DEMO_CLINIC turns it on, while a clinic's own file (made as the README says) is
served as always (issue 15, point 11)."""

from __future__ import annotations

import logging
import os
import secrets
import shutil

import pytest

from selfcheck import create_app
from selfcheck.config import ConfigError

from .conftest import ENGINE_SETTINGS, FIXTURE


@pytest.fixture
def production(monkeypatch, tmp_path):
    """Production with the shipped demo clinic and a clinic's own copy of it, as the README
    tells a clinic to make: another id, and without `demo: true`."""
    for name in [n for n in os.environ if n.startswith("SELFCHECK_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("SELFCHECK_QUESTIONNAIRE", ENGINE_SETTINGS["QUESTIONNAIRE"])
    shutil.copy(FIXTURE / "clinics" / "demo.yaml", tmp_path / "demo.yaml")
    own = (FIXTURE / "clinics" / "demo.yaml").read_text()
    own = (
        own.replace("id: demo\n", "id: riverside\n")
        .replace("\ndemo: true ", "\n# ")
        .replace("name: Demo Family Clinic", "name: Riverside Clinic")
    )
    (tmp_path / "riverside.yaml").write_text(own)
    monkeypatch.setenv("SELFCHECK_CLINICS", str(tmp_path))
    monkeypatch.setenv("SELFCHECK_SECRET_KEY", secrets.token_hex(32))
    monkeypatch.setenv("SELFCHECK_TRUSTED_HOSTS", '["localhost"]')

    def start(**env):
        for name, value in env.items():
            monkeypatch.setenv(f"SELFCHECK_{name}", value)
        return create_app({"PDF_WARM_UP": False}).test_client()

    return start


def test_production_does_not_serve_the_demo_clinic(production, caplog):
    with caplog.at_level(logging.INFO):
        client = production()
    for path in ["/c/demo/", "/embed/demo/", "/c/demo/embed"]:
        assert client.get(path).status_code == 404, path
    assert "clinic 'demo' is a demo: not served (SELFCHECK_DEMO_CLINIC=true)" in caplog.text
    riverside = client.get("/c/riverside/")
    assert riverside.status_code == 200 and "Riverside Clinic" in riverside.get_data(as_text=True)


@pytest.mark.parametrize("env", [{"DEMO_CLINIC": "true"}, {"ENV": "development"}])
def test_a_setting_or_development_serves_it(production, env):
    client = production(**env)
    assert client.get("/c/demo/").status_code == 200
    assert client.get("/c/riverside/").status_code == 200
    with pytest.raises(ConfigError, match="SELFCHECK_DEMO_CLINIC is 'yes'; use true or false."):
        production(DEMO_CLINIC="yes")
