"""The shipped deployment files (deploy/) are the ones the tests run: nginx's proxy settings
and Redis's settings in test_scale_out.py and the load harness; here, the whole nginx site
passes `nginx -t`, the systemd unit passes `systemd-analyze verify` and starts an instance as
systemd would (port from the instance name, settings from the environment file), and the
README points to each file."""

from __future__ import annotations

import http.client
import os
import secrets
import shlex
import shutil
import subprocess
import sys

import psutil
import pytest

from bench.harness import DEPLOY, ROOT, free_port, need, wait_until_listening

pytestmark = pytest.mark.load

GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
VENV_GUNICORN = os.path.join(os.path.dirname(sys.executable), "gunicorn")


def unit_for(port: int) -> dict[str, list[str]]:
    """The unit's settings for instance `port`, with the app where it is in this checkout."""
    text = (DEPLOY / "systemd" / "selfcheck@.service").read_text()
    text = text.replace("/srv/selfcheck/.venv/bin/gunicorn", VENV_GUNICORN)
    text = text.replace("/srv/selfcheck", str(ROOT)).replace("%i", str(port))
    settings: dict[str, list[str]] = {}
    for line in text.splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            settings.setdefault(key, []).append(value)
    return settings


def environment_file(secret: str) -> dict[str, str]:
    """deploy/systemd/selfcheck.env read as systemd reads it (shell-like quoting)."""
    values = {}
    for line in (DEPLOY / "systemd" / "selfcheck.env").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, value = shlex.split(line)[0].split("=", 1)
            values[key] = value
    return {**values, "SELFCHECK_SECRET_KEY": secret}


def test_the_nginx_site_passes_nginx_t(tmp_path):
    certificate, key = tmp_path / "fullchain.pem", tmp_path / "privkey.pem"
    subprocess.run(
        [need("openssl"), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=selfcheck.example.org", "-keyout", str(key), "-out", str(certificate)],
        check=True,
        capture_output=True,
    )
    site = (DEPLOY / "nginx" / "selfcheck.conf").read_text()
    site = site.replace("/etc/nginx/selfcheck/", f"{DEPLOY / 'nginx'}/")
    site = site.replace("/etc/ssl/selfcheck/", f"{tmp_path}/")
    site = site.replace("/var/log/nginx/", f"{tmp_path}/")
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;\n"
        f"events {{}}\nhttp {{ access_log off; include {tmp_path}/site.conf; }}\n"
    )
    checked = subprocess.run(
        [need("nginx"), "-t", "-c", str(tmp_path / "nginx.conf"), "-e", "stderr"],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
    assert "test is successful" in checked.stderr


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
def test_the_systemd_unit_passes_systemd_analyze_verify(tmp_path):
    text = (DEPLOY / "systemd" / "selfcheck@.service").read_text()
    text = text.replace("/srv/selfcheck/.venv/bin/gunicorn", VENV_GUNICORN)
    text = text.replace("User=selfcheck", "User=root").replace("Group=selfcheck", "Group=root")
    unit = tmp_path / "selfcheck@8001.service"
    unit.write_text(text)
    checked = subprocess.run(
        ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60
    )
    assert checked.returncode == 0 and checked.stderr == "", checked.stderr


def test_an_instance_starts_as_the_unit_says_with_its_pdf_renderers():
    port = free_port()
    unit = unit_for(port)
    env = {**os.environ, **environment_file(secrets.token_hex(32))}
    env.update(dict(value.split("=", 1) for value in unit["Environment"]))
    assert env["SELFCHECK_BIND"] == f"127.0.0.1:{port}"  # the port is the instance name
    args = shlex.split(unit["ExecStart"][0])
    process = subprocess.Popen(
        args, cwd=unit["WorkingDirectory"][0], env=env, stdout=subprocess.DEVNULL
    )
    try:
        wait_until_listening(port, process, "the unit's gunicorn")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/", headers={"Host": "selfcheck.example.org"})
        assert connection.getresponse().status == 200
        workers = psutil.Process(process.pid).children()
        renderers = [r for w in workers for r in w.children()]
        assert len(workers) == 2 and len(renderers) == 2  # one renderer per worker
        assert all(r.nice() == min(19, workers[0].nice() + 5) for r in renderers)
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_readme_points_to_every_deployment_file():
    readme = (ROOT / "README.md").read_text()
    for path in sorted(DEPLOY.rglob("*")):
        if path.is_file():
            assert str(path.relative_to(ROOT)) in readme, path
